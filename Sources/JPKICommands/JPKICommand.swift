import ArgumentParser

/// The `jpki` command line tool: a stable interface that scripts rely on.
///
/// Every subcommand takes `--json` for machine-readable output and exits 0 on success, 1 on a
/// negative result (invalid, revoked), 2 on bad input or errors, with a one-line message on
/// standard error.
public struct JPKICommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jpki",
        abstract: "Japan's Public Key Infrastructure (JPKI) on the My Number Card, from Swift.",
        discussion: """
            Exit codes: 0 success, 1 negative result (invalid, revoked), 2 bad input or error.
            """,
        subcommands: [
            ASN1Command.self, X509Command.self, CRLCommand.self, CardCommand.self, SimCommand.self, VerifyCommand.self,
            DemoCommand.self, PDFCommand.self,
        ]
    )

    public init() {}
}
