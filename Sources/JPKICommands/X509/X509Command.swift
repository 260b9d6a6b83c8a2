import ArgumentParser

/// `jpki x509 …`: look inside certificates.
struct X509Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x509",
        abstract: "Inspect X.509 certificates.",
        subcommands: [Show.self]
    )
}
