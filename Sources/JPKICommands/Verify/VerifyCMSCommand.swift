import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify cms FILE`.
    struct CMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cms", abstract: "Verify a CMS SignedData (DER or PEM), attached or detached.",
            discussion: """
                Examples:
                  jpki verify cms contract.p7s --content contract.pdf --crl sign-13101.crl --json
                """)

        @Argument(help: "The CMS file.")
        var file: String

        @Option(help: "The content of a detached signature.")
        var content: String?

        @OptionGroup var options: TrustOptions

        func run() async throws {
            let documents = try InputFile.documentsOrExit(file, labels: ["CMS", "PKCS7"], kind: "CMS")
            let detached = try content.map { try InputFile.bytesOrExit($0) }
            let trust = try options.trust()
            let verifier = trust.verifier
            let result = await verifier.verifyCMS(documents[0].der, detachedContent: detached, at: try options.time())
            var extra = VerifyCommand.describe(result.signer)
            if let time = result.signingTime { extra.append("  signingTime: \(ASN1Time(time))") }
            try options.finish(result.report, trust: trust, extra: extra)
        }
    }
}
