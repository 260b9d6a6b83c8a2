import ArgumentParser
import Foundation
import JPKIAPDU
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

/// `jpki verify …`: what a relying party runs on what came from a card.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify certificates, log-in signatures, signed documents and CMS against trust anchors.",
        discussion: """
            Exit codes: 0 valid, 1 invalid (the reason is printed), 2 bad input. With --json the \
            audit report (VerificationReport) is printed.
            """,
        subcommands: [Certificate_.self, Authentication.self, Signature.self, CMS.self]
    )

    /// The options every `verify` subcommand takes.
    struct TrustOptions: ParsableArguments {
        @Option(name: .customLong("anchor"), help: "A trust anchor (root) certificate, DER or PEM; repeatable.")
        var anchors: [String] = []

        @Flag(help: "Trust --anchor certificates that are not pinned J-LIS roots (test and other PKIs).")
        var allowUnpinned = false

        @Option(name: .customLong("intermediate"), help: "An intermediate CA certificate; repeatable.")
        var intermediates: [String] = []

        @Option(name: .customLong("crl"), help: "A CRL file (DER is memory-mapped, or PEM); repeatable.")
        var crls: [String] = []

        @Option(help: "An OCSP responder URL, asked when no CRL answers.")
        var ocsp: String?

        @Flag(help: "Soft-fail: an unknown revocation status does not make the result invalid.")
        var softFail = false

        @Option(help: "The validation time, ISO 8601 (e.g. 2025-06-01T00:00:00Z); default now.")
        var at: String?

        @Flag(help: "Print the audit report as JSON.")
        var json = false

        /// The time to validate at, or exit 2.
        func time() throws -> Date {
            guard let at else { return Date() }
            guard let date = ISO8601DateFormatter().date(from: at) else {
                throw fail("--at: not an ISO 8601 time: \(at)")
            }
            return date
        }

        /// The verifier the options describe, or exit 2.
        func verifier() throws -> JPKIVerifier {
            var anchors = TrustAnchors(custom: [])
            for path in self.anchors {
                for certificate in try certificates(path) {
                    if allowUnpinned {
                        anchors = anchors.adding(custom: certificate)
                    } else {
                        do {
                            anchors = try anchors.adding(pinned: certificate)
                        } catch {
                            throw fail("\(path): \(error) (use --allow-unpinned to trust it anyway)")
                        }
                    }
                }
            }
            guard !anchors.certificates.isEmpty else { throw fail("no trust anchor: give --anchor") }
            let intermediates = try self.intermediates.flatMap { try certificates($0) }
            var sources: [any RevocationSource] = []
            if !crls.isEmpty {
                let store = CRLStore(anchors: anchors, intermediates: intermediates)
                for path in crls {
                    do {
                        try store.update(contentsOfFile: path)
                    } catch {
                        throw fail("\(path): \(error)")
                    }
                }
                sources.append(store)
            }
            if let ocsp {
                guard let url = URL(string: ocsp), url.scheme == "http" || url.scheme == "https" else {
                    throw fail("--ocsp: not an http(s) URL: \(ocsp)")
                }
                sources.append(OCSPClient(configuration: .init(responderURL: url)))
            }
            let policy =
                sources.isEmpty
                ? RevocationPolicy.none
                : RevocationPolicy(sources: sources, failureMode: softFail ? .softFail : .hardFail)
            return JPKIVerifier(anchors: anchors, intermediates: intermediates, revocation: policy)
        }

        /// Prints the report and ends with the exit code of its verdict.
        func finish(_ report: VerificationReport, extra: [String] = []) throws {
            if json {
                printJSON(report)
            } else {
                print(report.isValid ? "valid" : "invalid")
                for line in extra { print(line) }
                for (index, certificate) in report.chain.enumerated() {
                    print("  chain[\(index)]: \(certificate.reference.subject)")
                }
                for record in report.revocation {
                    var line = "  revocation[\(record.position)]: \(record.status)"
                    if let evidence = record.evidence {
                        line += " per \(evidence.kind) of \(evidence.issuer)"
                        if let number = evidence.crlNumber { line += ", CRL number \(number)" }
                        if let produced = evidence.producedAt { line += ", producedAt \(ASN1Time(produced))" }
                    }
                    print(line)
                }
                for reason in report.reasons { print("  reason: \(reason)") }
            }
            if !report.isValid {
                printError("invalid: \(report.reasons.first ?? "unknown reason")")
                throw ExitStatus.negative
            }
        }
    }

    /// The certificates of a file, or exit 2.
    static func certificates(_ path: String) throws -> [JPKIX509.Certificate] {
        try InputFile.documentsOrExit(path, labels: ["CERTIFICATE", "X509 CERTIFICATE"], kind: "CERTIFICATE").map {
            do {
                return try JPKIX509.Certificate(derEncoded: $0.der)
            } catch {
                throw fail("\(path): \(error)")
            }
        }
    }

    /// The first certificate of a file, or exit 2.
    static func certificate(_ path: String) throws -> JPKIX509.Certificate {
        guard let first = try certificates(path).first else { throw fail("no CERTIFICATE in \(path)") }
        return first
    }

    /// A file's bytes, or exit 2.
    static func bytes(_ path: String) throws -> [UInt8] {
        do {
            return try InputFile(path: path).readBytes()
        } catch {
            throw fail(error.description)
        }
    }

    /// `jpki verify cert LEAF`.
    struct Certificate_: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cert", abstract: "Validate a certificate's chain and revocation status.",
            discussion: """
                Examples:
                  jpki verify cert auth.pem --anchor auth_ca_2023.pem --crl auth-13101.crl
                  jpki verify cert sign.pem --anchor test-root.pem --allow-unpinned --at 2026-01-01T00:00:00Z --json
                """)

        @Argument(help: "The certificate to verify, DER or PEM.")
        var leaf: String

        @OptionGroup var options: TrustOptions

        func run() async throws {
            let certificate = try VerifyCommand.certificate(leaf)
            let verifier = try options.verifier()
            let report = await verifier.verifyCertificate(certificate, at: try options.time())
            try options.finish(report)
        }
    }

    /// `jpki verify auth`.
    struct Authentication: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Verify a log-in: the card's signature over a challenge (SHA-256, PKCS #1 v1.5).",
            discussion: """
                Examples:
                  jpki verify auth --challenge 0011…EEFF --signature login.sig --cert auth.pem --anchor auth_ca_2023.pem --crl auth-13101.crl
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
            let certificate = try VerifyCommand.certificate(cert)
            let signatureBytes = try VerifyCommand.bytes(signature)
            let verifier = try options.verifier()
            let report = await verifier.verifyAuthentication(
                challenge: challengeBytes, signature: signatureBytes, certificate: certificate,
                at: try options.time())
            try options.finish(report)
        }
    }

    /// `jpki verify signature`.
    struct Signature: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signature",
            abstract: "Verify a signed document (SHA-256, PKCS #1 v1.5) and print the signer's basic 4 information.",
            discussion: """
                Examples:
                  jpki verify signature --document contract.pdf --signature contract.sig --cert sign.pem --anchor sign_ca_2023.pem --ocsp http://ocsp.example/
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
            let verifier = try options.verifier()
            let result = await verifier.verifySignature(
                of: try VerifyCommand.bytes(document), signature: try VerifyCommand.bytes(signature),
                certificate: certificate, at: try options.time())
            try options.finish(result.report, extra: VerifyCommand.describe(result.signer))
        }
    }

    /// `jpki verify cms FILE`.
    struct CMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cms", abstract: "Verify a CMS SignedData (DER or PEM), attached or detached.",
            discussion: """
                Examples:
                  jpki verify cms contract.p7s --content contract.pdf --anchor sign_ca_2023.pem --crl sign-13101.crl --json
                """)

        @Argument(help: "The CMS file.")
        var file: String

        @Option(help: "The content of a detached signature.")
        var content: String?

        @OptionGroup var options: TrustOptions

        func run() async throws {
            let documents = try InputFile.documentsOrExit(file, labels: ["CMS", "PKCS7"], kind: "CMS")
            let detached = try content.map { try VerifyCommand.bytes($0) }
            let verifier = try options.verifier()
            let result = await verifier.verifyCMS(documents[0].der, detachedContent: detached, at: try options.time())
            var extra = VerifyCommand.describe(result.signer)
            if let time = result.signingTime { extra.append("  signingTime: \(ASN1Time(time))") }
            try options.finish(result.report, extra: extra)
        }
    }

    static func describe(_ signer: BasicFourInformation?) -> [String] {
        guard let signer else { return [] }
        return [
            "  name: \(signer.name)", "  sex: \(signer.sex)", "  birthDate: \(signer.birthDate)",
            "  address: \(signer.address)",
        ]
    }
}
