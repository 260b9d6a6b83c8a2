import Foundation
import JPKIASN1
import JPKIX509

/// The audit record of one verification: what was checked, against which CRL or OCSP answer,
/// at which time, with which result. Codable: ``jsonData()`` writes it with sorted keys.
///
/// ```swift
/// let report = await verifier.verifyCertificate(leaf, at: Date())
/// if report.isValid { … } else { print(report.reasons) }
/// try Data(report.jsonData()).write(to: auditLog)
/// ```
public struct VerificationReport: Codable, Hashable, Sendable {
    /// The outcome.
    public enum Verdict: String, Codable, Hashable, Sendable {
        /// Every check passed.
        case valid
        /// At least one check failed: see ``VerificationReport/failures``.
        case invalid
    }

    /// One check and its result.
    public struct Check: Codable, Hashable, Sendable {
        /// What was checked: ``Name/signature``, ``Name/validity``, ``Name/revocation``, …
        public var name: Name
        /// The certificate's place in the chain, when the check is about one.
        public var position: Int?
        /// Whether it passed.
        public var passed: Bool
        /// Details: the values compared, the reason it failed.
        public var detail: String?

        /// A check named `name`, about the certificate at `position` of the chain (or about the
        /// whole input when `nil`), that `passed` or not, with `detail`.
        public init(name: Name, position: Int?, passed: Bool, detail: String? = nil) {
            self.name = name
            self.position = position
            self.passed = passed
            self.detail = detail
        }
    }

    /// An input's SHA-256.
    public struct InputDigest: Codable, Hashable, Sendable {
        /// What the input is: `certificate`, `challenge`, `signature`, `document`, `cms`.
        public var name: String
        /// Its SHA-256, upper-case hexadecimal.
        public var sha256: String
        /// Its size in bytes.
        public var size: Int

        /// The digest of the certificate `leaf`, taken from the chain's first summary when it is
        /// the leaf's (its fingerprint is the same digest).
        static func certificate(_ leaf: Certificate, chain: [CertificateSummary]) -> InputDigest {
            if let first = chain.first, first.reference.position == 0,
                Hex.isEncoding(first.reference.serialNumber, of: leaf.serialNumber)
            {
                return InputDigest(name: "certificate", sha256: first.reference.sha256, size: leaf.derEncoded.count)
            }
            return InputDigest(name: "certificate", bytes: leaf.derEncoded)
        }

        /// A digest already computed.
        init(name: String, sha256: String, size: Int) {
            self.name = name
            self.sha256 = sha256
            self.size = size
        }

        /// The digest of `bytes`.
        public init(name: String, bytes: some Collection<UInt8>) {
            self.name = name
            let array = Array(bytes)
            sha256 = Hex.encode(DigestAlgorithm.sha256.hash(array))
            size = array.count
        }
    }

    /// The revocation answer for one certificate of the chain.
    public struct RevocationRecord: Codable, Hashable, Sendable {
        /// The certificate's place in the chain.
        public var position: Int
        /// `good`, `revoked`, `unavailable` or `not-checked`.
        public var status: String
        /// The reason code name, when revoked.
        public var reason: String?
        /// When the certificate was revoked (to the second), when revoked.
        public var revocationTime: Date?
        /// The CRL or OCSP response that answered.
        public var evidence: RevocationEvidence?
        /// Why no source could answer, when unavailable (each source's reason).
        public var detail: String?
    }

    /// The report format's version.
    public var formatVersion: Int = 1
    /// What was verified: `certificate`, `authentication`, `signature`, `cms`.
    public var operation: String
    /// The instant the certificates were validated at, to the second (the time asked for, its
    /// fraction dropped).
    public var validationTime: Date
    /// ``validationTime`` in ISO 8601, e.g. `2025-06-01T00:00:00Z`.
    public var validationTimeISO8601: String { validationTime.iso8601 }
    /// When the report was made (wall clock), to the second.
    public var createdAt: Date
    /// The inputs' digests.
    public var inputs: [InputDigest]
    /// The chain, leaf first, ending with the trust anchor when one was reached.
    public var chain: [CertificateSummary]
    /// Which trust anchor ended the chain, as the verifier's ``TrustAnchors`` name it: for the
    /// embedded J-LIS roots their ``JLISRoot/description`` with the generation, e.g. `J-LIS
    /// signature root 2019`; `nil` when no chain to an anchor was built.
    public var trustAnchor: String?
    /// Each check, in order.
    public var checks: [Check]
    /// The revocation answers.
    public var revocation: [RevocationRecord]
    /// The revocation policy's failure mode (`hard-fail`, `soft-fail`), or `none`.
    public var revocationPolicy: String
    /// The verdict.
    public var verdict: Verdict
    /// The failures, typed.
    public var failures: [VerificationFailure]

    /// Whether the verdict is ``Verdict/valid``.
    public var isValid: Bool { verdict == .valid }

    /// The failures, one line each.
    public var reasons: [String] { failures.map(\.description) }

    /// An empty report for `operation` at `time` (to the second).
    init(operation: String, at time: Date, revocationPolicy: String) {
        self.operation = operation
        validationTime = Date(secondsSince1970: time.secondsSince1970)
        createdAt = Date(secondsSince1970: Date().secondsSince1970)
        inputs = []
        chain = []
        trustAnchor = nil
        checks = []
        revocation = []
        self.revocationPolicy = revocationPolicy
        verdict = .valid
        failures = []
    }

    /// Records a passed check.
    mutating func pass(_ name: Check.Name, _ position: Int?, _ detail: String? = nil) {
        checks.append(Check(name: name, position: position, passed: true, detail: detail))
    }

    /// Records a failed check and its failure.
    mutating func fail(_ name: Check.Name, _ position: Int?, _ failure: VerificationFailure) {
        checks.append(Check(name: name, position: position, passed: false, detail: failure.description))
        failures.append(failure)
        verdict = .invalid
    }

    /// The report as JSON, keys sorted, pretty-printed.
    ///
    /// Instants are written as the report format has always written them, whatever the
    /// encoder's date strategy: `validationTime`, validity bounds, revocation times and CRL and
    /// OCSP times as whole seconds since 1970 (integers), `validationTimeISO8601` and
    /// `createdAt` as ISO 8601 text.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

// MARK: Coding: the report format of version 1

extension VerificationReport {
    private enum CodingKeys: String, CodingKey {
        case formatVersion, operation, validationTime, validationTimeISO8601, createdAt, inputs, chain, trustAnchor
        case checks, revocation, revocationPolicy, verdict, failures
    }

    /// Reads a report written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        operation = try container.decode(String.self, forKey: .operation)
        validationTime = try container.decodeSeconds(forKey: .validationTime)
        let created = try container.decode(String.self, forKey: .createdAt)
        guard let createdAt = ISO8601DateFormatter().date(from: created) else {
            throw DecodingError.dataCorruptedError(
                forKey: .createdAt, in: container, debugDescription: "not an ISO 8601 time: \(created)")
        }
        self.createdAt = createdAt
        inputs = try container.decode([InputDigest].self, forKey: .inputs)
        chain = try container.decode([CertificateSummary].self, forKey: .chain)
        trustAnchor = try container.decodeIfPresent(String.self, forKey: .trustAnchor)
        checks = try container.decode([Check].self, forKey: .checks)
        revocation = try container.decode([RevocationRecord].self, forKey: .revocation)
        revocationPolicy = try container.decode(String.self, forKey: .revocationPolicy)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        failures = try container.decode([VerificationFailure].self, forKey: .failures)
    }

    /// Writes the report: `validationTime` in whole seconds since 1970 beside
    /// `validationTimeISO8601`, `createdAt` in ISO 8601, `trustAnchor` when a chain was built.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(operation, forKey: .operation)
        try container.encodeSeconds(validationTime, forKey: .validationTime)
        try container.encode(validationTimeISO8601, forKey: .validationTimeISO8601)
        try container.encode(createdAt.iso8601, forKey: .createdAt)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(chain, forKey: .chain)
        try container.encodeIfPresent(trustAnchor, forKey: .trustAnchor)
        try container.encode(checks, forKey: .checks)
        try container.encode(revocation, forKey: .revocation)
        try container.encode(revocationPolicy, forKey: .revocationPolicy)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(failures, forKey: .failures)
    }
}

extension VerificationReport.RevocationRecord {
    private enum CodingKeys: String, CodingKey {
        case position, status, reason, revocationTime, evidence, detail
    }

    /// Reads a record written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        position = try container.decode(Int.self, forKey: .position)
        status = try container.decode(String.self, forKey: .status)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        revocationTime = try container.decodeSecondsIfPresent(forKey: .revocationTime)
        evidence = try container.decodeIfPresent(RevocationEvidence.self, forKey: .evidence)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
    }

    /// Writes the record, `revocationTime` in whole seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position, forKey: .position)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeSecondsIfPresent(revocationTime, forKey: .revocationTime)
        try container.encodeIfPresent(evidence, forKey: .evidence)
        try container.encodeIfPresent(detail, forKey: .detail)
    }
}
