import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify cert LEAF`.
    struct Certificate_: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cert", abstract: "Validate a certificate's chain and revocation status.",
            discussion: """
                Examples:
                  jpki verify cert auth.pem --crl auth-13101.crl            # against the embedded J-LIS roots
                  jpki verify cert sign.pem --anchor test-root.pem --allow-unpinned --at 2026-01-01T00:00:00Z --json
                """)

        @Argument(help: "The certificate to verify, DER or PEM.")
        var leaf: String

        @OptionGroup var options: TrustOptions

        func run() async throws {
            let trust = try options.trust()
            let time = try options.time()
            let certificate = try options.leaf(leaf, operation: "certificate", trust: trust)
            let report = await trust.verifier.verifyCertificate(certificate, at: time)
            try options.finish(report, trust: trust)
        }
    }
}
