import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify auth`.
    struct Authentication: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Verify a log-in: the card's signature over a challenge (SHA-256, PKCS #1 v1.5).",
            discussion: """
                Examples:
                  jpki verify auth --challenge 0011…EEFF --signature login.sig --cert auth.pem --crl auth-13101.crl
                """)

        @Option(help: "The challenge, hexadecimal.")
        var challenge: String

        @Option(help: "The signature file (raw bytes).")
        var signature: String

        @Option(help: "The user-authentication certificate, DER or PEM.")
        var cert: String

        @OptionGroup var options: TrustOptions

        func run() async throws {
            guard let challengeBytes = Hex.decode(challenge) else {
                throw fail("--challenge: not hexadecimal")
            }
            let signatureBytes = try InputFile.bytesOrExit(signature)
            let trust = try options.trust()
            let time = try options.time()
            let certificate = try options.leaf(cert, operation: "authentication", trust: trust)
            let report = await trust.verifier.verifyAuthentication(
                challenge: challengeBytes, signature: signatureBytes, certificate: certificate, at: time)
            try options.finish(report, trust: trust)
        }
    }
}
