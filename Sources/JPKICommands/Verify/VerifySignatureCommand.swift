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
            let certificate = try VerifyCommand.certificate(cert)
            let trust = try options.trust()
            let verifier = trust.verifier
            let result = await verifier.verifySignature(
                of: try InputFile.bytesOrExit(document), signature: try InputFile.bytesOrExit(signature),
                certificate: certificate, at: try options.time())
            try options.finish(result.report, trust: trust, extra: VerifyCommand.describe(result.signer))
        }
    }
}
