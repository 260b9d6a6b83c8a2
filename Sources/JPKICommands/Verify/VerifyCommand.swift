import ArgumentParser

/// `jpki verify …`: what a relying party runs on what came from a card.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify certificates, log-in signatures, signed documents and CMS against trust anchors.",
        discussion: """
            Exit codes: 0 valid, 1 invalid (the reason is printed), 2 bad input. With --json the \
            audit report (VerificationReport) is printed.
            """,
        subcommands: [Certificate_.self, Authentication.self, Signature.self, CMS.self, Genuineness.self, Age.self]
    )
}
