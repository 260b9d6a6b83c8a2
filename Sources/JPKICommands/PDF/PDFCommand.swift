import ArgumentParser

/// `jpki pdf …`: PDF signatures (PAdES) with the My Number Card.
struct PDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Sign PDFs (PAdES B-B to B-LTA) with the card, verify every signature of a PDF, show its structure.",
        subcommands: [PDFSignCommand.self, PDFVerifyCommand.self, PDFInfoCommand.self]
    )
}
