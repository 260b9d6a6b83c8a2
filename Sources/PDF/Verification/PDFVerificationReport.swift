import Foundation
import JPKIASN1
import JPKIVerification

/// The report of one signature (or document timestamp) of a PDF: coverage, the CMS and chain,
/// the time, the timestamp, what later revisions changed, and the verdict. Codable.
public struct PDFSignatureReport: Codable, Hashable, Sendable {
    /// The outcome.
    public enum Verdict: String, Codable, Hashable, Sendable {
        /// The signature, its coverage and its chain hold, and nothing but signatures,
        /// timestamps, the DSS, form fields or metadata came after it.
        case valid
        /// The signature holds, but a later revision changed the document's content.
        case modified
        /// The signature, its coverage or its chain fails.
        case invalid
    }

    /// Where the validation time came from.
    public enum TimeSource: String, Codable, Hashable, Sendable {
        /// A signature timestamp (or the document timestamp itself) that verified.
        case timestamp
        /// The signer's claim in `/M`: not proven.
        case claimed = "claimed-unproven"
        /// The CMS signingTime attribute: not proven.
        case signingTimeAttribute = "signing-time-attribute-unproven"
        /// The time the caller asked for.
        case requested
        /// No time in the signature: the time of verification.
        case now
    }

    /// One check and its result.
    public struct Check: Codable, Hashable, Sendable {
        /// What was checked (``Name/byteRange``, ``Name/contents``, ``Name/cms``, …; encoded as
        /// `byte-range`, `contents`, `cms`, …).
        public var name: Name
        /// Whether it passed.
        public var passed: Bool
        /// Details.
        public var detail: String?
    }

    /// The signer, from its certificate.
    public struct Signer: Codable, Hashable, Sendable {
        /// The subject (RFC 4514).
        public var subject: String
        /// The issuer (RFC 4514).
        public var issuer: String
        /// The serial number, hexadecimal.
        public var serialNumber: String
        /// The basic 4 information's name, when the certificate carries it (a JPKI signature
        /// certificate) and everything verified.
        public var name: String?
        /// Its address.
        public var address: String?
        /// Its birth date.
        public var birthDate: String?
        /// Its sex.
        public var sex: String?
    }

    /// A timestamp's result.
    public struct Timestamp: Codable, Hashable, Sendable {
        /// The time it attests, ISO 8601.
        public var time: String
        /// The TSA's certificate subject.
        public var authority: String?
        /// Whether it verified (signature, chain, imprint).
        public var isValid: Bool
        /// The token's CMS report.
        public var report: VerificationReport?
    }

    /// The field's fully qualified name.
    public var fieldName: String
    /// Whether it is a document timestamp (`/ETSI.RFC3161`).
    public var isDocumentTimestamp: Bool
    /// `/SubFilter`.
    public var subFilter: String?
    /// The PAdES level the signature reaches in this file (`B-B`, `B-T`, `B-LT`, `B-LTA`), for
    /// `ETSI.CAdES.detached` signatures.
    public var level: String?
    /// `/M`, ISO 8601.
    public var claimedSigningTime: String?
    /// `/Name`.
    public var signerName: String?
    /// `/Reason`.
    public var reason: String?
    /// `/Location`.
    public var location: String?
    /// `/ContactInfo`.
    public var contactInfo: String?
    /// What `/ByteRange` covers.
    public var coverage: PDFSignatureCoverage?
    /// What each later revision changed.
    public var laterRevisions: [PDFRevisionChanges]
    /// The time the chain was validated at, ISO 8601.
    public var validationTime: String
    /// Where that time came from.
    public var timeSource: TimeSource
    /// The signature timestamp (or, for a document timestamp, the token itself).
    public var timestamp: Timestamp?
    /// The signer.
    public var signer: Signer?
    /// The PDF-level checks.
    public var checks: [Check]
    /// The CMS and chain report of `JPKIVerifier`.
    public var cms: VerificationReport?
    /// The failures, typed.
    public var failures: [PDFSignatureFailure]
    /// The verdict.
    public var verdict: Verdict

    /// Whether the verdict is ``Verdict/valid``.
    public var isValid: Bool { verdict == .valid }

    mutating func pass(_ name: Check.Name, _ detail: String? = nil) {
        checks.append(Check(name: name, passed: true, detail: detail))
    }

    mutating func fail(_ name: Check.Name, _ failure: PDFSignatureFailure) {
        checks.append(Check(name: name, passed: false, detail: failure.description))
        failures.append(failure)
    }

    /// Sets ``verdict`` from the failures.
    mutating func decide() {
        if failures.isEmpty {
            verdict = .valid
        } else if failures.allSatisfy({ if case .modifiedAfterSigning = $0 { true } else { false } }) {
            verdict = .modified
        } else {
            verdict = .invalid
        }
    }
}

/// The report of every signature of a PDF.
public struct PDFVerificationReport: Codable, Hashable, Sendable {
    /// What the DSS holds.
    public struct DSSSummary: Codable, Hashable, Sendable {
        /// Certificates.
        public var certificates: Int
        /// CRLs.
        public var crls: Int
        /// OCSP responses.
        public var ocspResponses: Int
        /// Validation-related information entries (`/VRI`).
        public var vri: Int
    }

    /// The file's size.
    public var fileSize: Int
    /// The file's SHA-256, upper-case hexadecimal.
    public var fileSHA256: String
    /// How many revisions it has.
    public var revisions: Int
    /// The report of each signed signature field, in the form's order.
    public var signatures: [PDFSignatureReport]
    /// Empty signature fields.
    public var unsignedFields: [String]
    /// The DSS, when the file has one.
    public var dss: DSSSummary?
    /// The worst verdict: invalid when any signature is (or when there is none), modified when
    /// any is, else valid.
    public var verdict: PDFSignatureReport.Verdict

    /// The report as JSON, keys sorted, pretty-printed.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension Date {
    /// ISO 8601 in UTC, to the second.
    var iso8601: String { ASN1Time(secondsSince1970: Int64(timeIntervalSince1970.rounded(.down))).description }
}
