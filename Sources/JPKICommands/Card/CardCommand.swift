import ArgumentParser

/// `jpki card …`: talk to a card in a PC/SC reader.
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Talk to a card in a PC/SC reader (pcscd).",
        subcommands: [
            Readers.self, SendAPDU.self, Status.self, Cert.self, Info.self, Surface.self, Authenticate.self, Sign.self,
            PIN.self, Genuine.self, Age.self,
        ]
    )
}
