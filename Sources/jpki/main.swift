import ArgumentParser
import Foundation
import JPKICommands

/// Runs an asynchronous root command through the asynchronous entry point. From top-level code
/// on Linux, `JPKICommand.main()` resolves to the synchronous one, which refuses asynchronous
/// subcommands.
///
/// A command line that does not parse (an unknown option, a missing argument, a failed
/// validation) is bad input: one line on standard error and exit code 2, as for every other bad
/// input, where ArgumentParser would use 64. Help and version requests keep ArgumentParser's
/// output and exit 0.
func runAsynchronously<Command: AsyncParsableCommand>(_: Command.Type) async {
    do {
        var command = try Command.parseAsRoot()
        if var asynchronous = command as? any AsyncParsableCommand {
            try await asynchronous.run()
        } else {
            try command.run()
        }
    } catch {
        if Command.exitCode(for: error) == .validationFailure {
            let message = Command.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
            FileHandle.standardError.write(Data("error: \(message) (see jpki --help)\n".utf8))
            Command.exit(withError: ExitCode(2))
        }
        Command.exit(withError: error)
    }
}

await runAsynchronously(JPKICommand.self)
