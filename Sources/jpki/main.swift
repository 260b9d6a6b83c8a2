import ArgumentParser
import JPKICommands

/// Runs an asynchronous root command through the asynchronous entry point. From top-level code
/// on Linux, `JPKICommand.main()` resolves to the synchronous one, which refuses asynchronous
/// subcommands.
func runAsynchronously<Command: AsyncParsableCommand>(_: Command.Type) async {
    await Command.main()
}

await runAsynchronously(JPKICommand.self)
