import ArgumentParser

/// `jpki asn1 …`: look inside DER.
struct ASN1Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asn1",
        abstract: "Inspect DER encodings.",
        subcommands: [Dump.self]
    )
}
