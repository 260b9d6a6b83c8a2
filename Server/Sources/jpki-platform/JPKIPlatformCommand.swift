import ArgumentParser

/// `jpki-platform`: the platform operator's verification service on swift-jpki.
@main
struct JPKIPlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jpki-platform",
        abstract: "A platform operator's JPKI verification service: HTTP API, customers, daily CRLs, audit trail.",
        discussion: """
            Exit codes: 0 success, 1 negative result (a broken audit chain), 2 bad input or error.

            Quick start (the simulator's test PKI, SQLite):
              jpki-platform test-pki init demo
              jpki-platform serve --database sqlite:demo/platform.db --crl-dir demo/crl --test-pki demo --port 8080
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, VerifyAuditCommand.self, TestPKICommand.self,
        ]
    )
}
