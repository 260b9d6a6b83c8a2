import Foundation
import JPKIVerification

/// The few lines of a ``VerificationReport`` a person reads first: the verdict, the chain, each
/// check and what answered the revocation question. The full report (``VerificationReport/jsonData()``)
/// is what a server should archive.
struct ReportSummary: Encodable {
    var operation: String
    var verdict: String
    var validationTime: String
    var revocationPolicy: String
    /// Subject and serial number of each certificate, leaf first.
    var chain: [String]
    /// `pass` or `FAIL`, the check's name and the certificate's place in the chain.
    var checks: [String]
    /// The status of each certificate checked and the CRL or OCSP response that said so.
    var revocation: [String]
    var failures: [String]

    init(_ report: VerificationReport) {
        operation = report.operation
        verdict = report.verdict.rawValue
        validationTime = report.validationTimeISO8601
        revocationPolicy = report.revocationPolicy
        chain = report.chain.map { summary in
            let role = summary.isTrustAnchor ? "trust anchor" : summary.jpkiKind
            return "\(summary.reference.subject) (serial \(summary.reference.serialNumber), \(role))"
        }
        checks = report.checks.map { check in
            let place = check.position.map { "[\($0)]" } ?? ""
            return "\(check.passed ? "pass" : "FAIL") \(check.name.rawValue)\(place)"
        }
        revocation = report.revocation.map { record in
            var line = "[\(record.position)] \(record.status)"
            if let evidence = record.evidence {
                line += " per \(evidence.kind)"
                if let number = evidence.crlNumber { line += " #\(number)" }
                if let point = evidence.distributionPoint { line += " for \(point)" }
            }
            return line
        }
        failures = report.reasons
    }

    /// Pretty-printed JSON, keys sorted.
    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
