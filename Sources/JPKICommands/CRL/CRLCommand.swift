import ArgumentParser

/// `jpki crl …`: read CRLs, look serial numbers up, compare two CRLs, generate large ones.
struct CRLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl",
        abstract: "Certificate revocation lists: info, bulk lookups, differences, generation.",
        discussion: """
            CRL files may be DER (memory-mapped) or PEM. Serial numbers are written as OpenSSL \
            prints them: upper-case hexadecimal of the magnitude, `-` first when negative.
            """,
        subcommands: [Info.self, Lookup.self, Diff.self, Generate.self]
    )
}
