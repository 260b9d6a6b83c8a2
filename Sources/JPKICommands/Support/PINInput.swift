import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command reads PINs from: never a plain command-line argument (it would show in `ps`
/// and the shell history), but an environment variable named by `--pin-env`, a no-echo prompt
/// on a terminal, or the lines of standard input for scripts.
struct PINInput {
    /// The environment variable named by the option, if any.
    var environmentVariable: String?
    /// The option's name, for messages (`--pin-env`).
    var optionName: String

    /// Reads one secret: from the environment variable when one is named, else from a no-echo
    /// prompt when standard input is a terminal, else from the next line of standard input.
    ///
    /// - Throws: the one-line error and exit code 2 when there is nothing to read.
    func read(prompt: String) throws -> String {
        if let name = environmentVariable {
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw fail("\(optionName) \(name): no such environment variable")
            }
            return value
        }
        if isatty(STDIN_FILENO) == 1 { return try Self.promptWithoutEcho(prompt) }
        guard let line = readLine(strippingNewline: true) else {
            throw fail("no \(prompt.lowercased()) on standard input (or use \(optionName) NAME)")
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// Prints `prompt` on standard error and reads a line from the terminal with echo off.
    static func promptWithoutEcho(_ prompt: String) throws -> String {
        printErrorInline("\(prompt): ")
        var original = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &original) == 0
        if haveTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if haveTerminal { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
            printError("")
        }
        guard let line = readLine(strippingNewline: true) else { throw fail("no \(prompt.lowercased()) entered") }
        return line
    }

    private static func printErrorInline(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
