import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify signature`.
    struct Signature: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signature",
            abstract: "Verify a signed document (SHA-256, PKCS #1 v1.5) and print the signer's basic 4 information.",
            discussion: """
                Examples:
                  jpki verify signature --document contract.pdf --signature contract.sig --cert sign.pem --ocsp http://ocsp.example/
                """)

        @Option(help: "The signed document.")
        var document: String

        @Option(help: "The signature file (raw bytes).")
        var signature: String

        @Option(help: "The signature certificate, DER or PEM.")
        var cert: String

        @OptionGroup var options: TrustOptions

        func run() async throws {
            let documentBytes = try InputFile.bytesOrExit(document)
            let signatureBytes = try InputFile.bytesOrExit(signature)
            let trust = try options.trust()
            let time = try options.time()
            let certificate = try options.leaf(cert, operation: "signature", trust: trust)
            let result = await trust.verifier.verifySignature(
                of: documentBytes, signature: signatureBytes, certificate: certificate, at: time)
            try options.finish(result.report, trust: trust, extra: VerifyCommand.describe(result.signer))
        }
    }
}
