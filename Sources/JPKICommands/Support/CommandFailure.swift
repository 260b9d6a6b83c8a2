import ArgumentParser
import Foundation

/// The exit codes of DESIGN.md: every subcommand ends with one of them.
enum ExitStatus {
    /// A negative result: invalid, revoked.
    static let negative = ExitCode(1)
    /// Bad input or an error.
    static let failure = ExitCode(2)
}

/// Prints `error: <message>` on standard error and returns the exit code for bad input.
func fail(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitStatus.failure
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
