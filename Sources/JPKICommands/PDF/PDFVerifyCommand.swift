import ArgumentParser
import Foundation
import JPKIPDF
import JPKIVerification

/// `jpki pdf verify FILE`.
struct PDFVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify every signature and document timestamp of a PDF.",
        discussion: """
            For each signature: what /ByteRange covers, the CMS (digest, signature, ESS \
            signing certificate), the signer's chain and revocation at the time a timestamp \
            proves (else /M, marked unproven; --at overrides), the timestamp, the DSS, and what \
            each later revision changed (only signatures, timestamps, the DSS, form fields — or \
            content). The signer's basic 4 information when the certificate carries it.

            Examples:
              jpki pdf verify signed.pdf --anchor sign_ca_2023.pem --crl sign-13101.crl
              jpki pdf verify signed.pdf --anchor root.pem --allow-unpinned --tsa-anchor tsa-root.pem --json

            Exit codes: 0 every signature valid, 1 any invalid or modified after signing (or none), \
            2 the file cannot be read.
            """)

    @Argument(help: "The PDF.")
    var file: String

    @Option(name: .customLong("tsa-anchor"), help: "A trust anchor for timestamp authorities, DER or PEM; repeatable.")
    var timestampAnchors: [String] = []

    @OptionGroup var trust: VerifyCommand.TrustOptions

    func run() async throws {
        let trusted = try trust.trust()
        // A --crl the store refused leaves the signers' revocation unknowable, an --intermediate
        // that does not parse their paths: said, and exit 1.
        guard trusted.refusedCRLs.isEmpty, trusted.malformedIntermediates.isEmpty else {
            for malformed in trusted.malformedIntermediates {
                printError("invalid: malformed certificate \(malformed)")
            }
            for refused in trusted.refusedCRLs { printError("invalid: refused CRL \(refused)") }
            throw ExitStatus.negative
        }
        let verifier = trusted.verifier
        var timestampVerifier: JPKIVerifier?
        if !timestampAnchors.isEmpty {
            let roots = try timestampAnchors.flatMap { try VerifyCommand.certificates($0) }
            timestampVerifier = JPKIVerifier(anchors: TrustAnchors(custom: roots))
        }
        let time = trust.at == nil ? nil : try trust.time()
        let report: PDFVerificationReport
        do {
            report = try await PDFSignatureVerifier(verifier: verifier, timestampVerifier: timestampVerifier)
                .verify(contentsOfFile: file, at: time)
        } catch {
            throw fail("\(file): \(error)")
        }
        if trust.json {
            printJSON(report)
        } else {
            Self.print(report)
        }
        if report.verdict != .valid {
            printError("\(report.verdict.rawValue): " + (report.signatures.isEmpty ? "no signature" : "see the report"))
            throw ExitStatus.negative
        }
    }

    static func print(_ report: PDFVerificationReport) {
        Swift.print(
            "\(report.verdict.rawValue): \(report.signatures.count) signature(s), \(report.revisions) revision(s)")
        for signature in report.signatures {
            let kind = signature.isDocumentTimestamp ? "document timestamp" : signature.subFilter ?? "?"
            Swift.print(
                "\(signature.fieldName): \(signature.verdict.rawValue) (\(kind)\(signature.level.map { ", PAdES \($0)" } ?? ""))"
            )
            if let signer = signature.signer { Swift.print("  signer: \(signer.subject)") }
            if let name = signature.signer?.name {
                Swift.print(
                    "  basic 4 information: \(name), \(signature.signer?.address ?? ""), \(signature.signer?.birthDate ?? ""), \(signature.signer?.sex ?? "")"
                )
            }
            Swift.print("  time: \(signature.validationTime) (\(signature.timeSource.rawValue))")
            if let coverage = signature.coverage {
                Swift.print(
                    "  covers: \(coverage.byteRange)"
                        + (coverage.coversWholeFile ? ", the whole file" : ", \(coverage.bytesAfter) bytes after it"))
            }
            for change in signature.laterRevisions {
                Swift.print("  revision \(change.revision): " + change.kinds.map(\.rawValue).joined(separator: ", "))
            }
            for failure in signature.failures { Swift.print("  reason: \(failure)") }
        }
        for field in report.unsignedFields { Swift.print("\(field): empty signature field") }
    }
}
