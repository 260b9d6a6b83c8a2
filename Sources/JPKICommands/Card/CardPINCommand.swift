import ArgumentParser

extension CardCommand {
    /// `jpki card pin …`.
    struct PIN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin", abstract: "Manage the card's PINs.", subcommands: [Change.self])
    }
}
