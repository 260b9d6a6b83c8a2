import Foundation
import JPKIASN1
import JPKICard
import JPKIPDF
import JPKIVerification
import JPKIX509

/// How the demo's PDF step signs and verifies: a TSA for PAdES B-T (B-B without one), the
/// anchors its timestamps are verified with, and where to save the signed file.
struct DemoPDFSettings: Sendable {
    /// The RFC 3161 TSA (`--tsa`); `nil` signs PAdES B-B.
    var timestampAuthority: TimestampClient?
    /// Verifies the TSA's chain (`--tsa-anchor`); `nil` uses the demo's verifier.
    var timestampVerifier: JPKIVerifier?
    /// Where to write the signed PDF (`--pdf-out`), if anywhere.
    var outputPath: String?
}

extension DemoStory {
    /// 6. A PDF signed on the card in the two phases of ``PDFSigning``: `prepare` appends the
    /// signature field and returns the DigestInfo of the CMS signed attributes; the card signs it
    /// with the signature key (the 6–16 character PIN); `finish` embeds the CMS (with a signature
    /// timestamp for B-T). Then every signature of the file is verified.
    func signPDF(now: Date) async throws {
        let level = pdf.timestampAuthority == nil ? "B-B" : "B-T"
        try await step("sign-pdf", "A PDF signed with the signature key (PAdES \(level)), verified") { step in
            let original = PDFTextDocument.onePage(lines: [
                "Application for a savings account", "Signed on a My Number Card (jpki demo)",
                "Date: \(ISO8601DateFormatter().string(from: now))",
            ])
            let certificate = try await card.readSignatureCertificate(pin: try pins.signature())
            // A visible signature under the text: who signed (the basic 4 name), when, why.
            let options = PDFSignatureOptions(
                signingTime: now, reason: "jpki demo", location: "Japan",
                appearance: PDFSignatureAppearance(page: 1, x: 72, y: 620, width: 260, height: 54))
            let prepared = try PDFSigning.prepare(
                try PDFDocument(bytes: original), certificate: certificate, options: options)
            step.lines.append(
                "prepare: a one-page PDF of \(original.count) bytes, a visible signature field (page 1) in an "
                    + "incremental update; the card signs the SHA-256 DigestInfo of the CMS signed attributes "
                    + "(\(Hex.encode(prepared.digest.prefix(8)))…)")
            let digestInfo = try DigestInfo(algorithm: .sha256, digest: prepared.digest)
            let signed = try await card.sign(digestInfo: digestInfo, pin: try pins.signature())
            let file = try await PDFSigning.finish(
                prepared, signature: signed.signature, timestampAuthority: pdf.timestampAuthority)
            let prefix = file.count > original.count && Array(file.prefix(original.count)) == original
            step.lines.append(
                "finish: \(file.count) bytes, /SubFilter /ETSI.CAdES.detached\(level == "B-T" ? " with a signature timestamp" : ""); "
                    + "the original bytes \(prefix ? "are" : "are NOT") a prefix of the signed file")
            if let path = pdf.outputPath {
                try Data(file).write(to: URL(fileURLWithPath: path))
                step.lines.append("written to \(path)")
            }
            let verifier = PDFSignatureVerifier(verifier: side.verifier, timestampVerifier: pdf.timestampVerifier)
            let report = try await verifier.verify(try PDFDocument(bytes: file))
            guard let signature = report.signatures.first, report.signatures.count == 1 else {
                throw DemoFailure(description: "the signed PDF has \(report.signatures.count) signatures, not one")
            }
            let passed = signature.checks.filter(\.passed).count
            step.lines.append(
                "PDF verifier: \(signature.verdict.rawValue) (level \(signature.level ?? "?"), \(passed) of "
                    + "\(signature.checks.count) checks passed, "
                    + (signature.coverage?.coversWholeFile == true ? "whole file signed" : "NOT the whole file")
                    + ", time \(signature.timeSource == .timestamp ? "proven by the timestamp" : "claimed by /M"))")
            for failure in signature.failures { step.lines.append("  reason: \(failure)") }
            if let timestamp = signature.timestamp {
                step.lines.append(
                    "timestamp: \(timestamp.time) by \(timestamp.authority ?? "?"), "
                        + (timestamp.isValid ? "valid" : "NOT valid"))
            }
            if let signer = signature.signer, let name = signer.name {
                step.lines.append("signer (from the certificate): \(name)")
            }
            if let record = signature.cms?.revocation.first(where: { $0.position == 0 }) {
                step.lines.append("revocation: \(record.status)")
                step.data["revocation"] = record.status
            }
            step.data["verdict"] = signature.verdict.rawValue
            step.data["level"] = signature.level ?? ""
            step.data["bytes"] = "\(file.count)"
            if signature.verdict != .valid || signature.level != level || !prefix { step.ok = false }
        }
    }
}
