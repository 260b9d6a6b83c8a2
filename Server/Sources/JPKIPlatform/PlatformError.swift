import Foundation
import JPKIVerification

/// Why the platform refused a request: what was wrong, which field, and the class of the refusal
/// (the HTTP layer turns ``kind`` into a status code: 400, 401, 404, 409, 410, 413, 500, 503).
public struct PlatformError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of a refusal.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// The request is malformed: a field missing, not base64, not a certificate … (400).
        case badRequest = "bad-request"
        /// The signature, the certificate or the card did not verify (401).
        case notVerified = "not-verified"
        /// A credential of the platform's own (the admin token) is missing or wrong (401).
        case unauthorized
        /// The body is larger than the operation accepts (413).
        case tooLarge = "too-large"
        /// No such customer or record (404).
        case notFound = "not-found"
        /// The request conflicts with the state: a duplicate registration, a challenge already
        /// used (409).
        case conflict
        /// The challenge's time is over (409 as well, with its own code).
        case expired
        /// The customer's linked signature certificate is revoked (410, the PF API convention).
        case revoked
        /// The platform cannot answer now: storage unavailable, a request out of time (503).
        case unavailable
        /// A fault of the platform's own (500); its detail goes to the log.
        case internalError = "internal-error"
    }

    /// The class of the refusal.
    public var kind: Kind
    /// A stable machine-readable code (`challenge-used`, `duplicate-registration` …).
    public var code: String
    /// The request field at fault (`signature`, `challengeId` …), when one is.
    public var field: String?
    /// The reason, for a person.
    public var reason: String
    /// The verification report behind a ``Kind/notVerified`` refusal.
    public var report: VerificationReport?

    /// A refusal of class `kind`.
    public init(_ kind: Kind, code: String, field: String? = nil, reason: String, report: VerificationReport? = nil) {
        self.kind = kind
        self.code = code
        self.field = field
        self.reason = reason
        self.report = report
    }

    /// A malformed field.
    public static func badField(_ field: String, _ reason: String) -> PlatformError {
        PlatformError(.badRequest, code: "invalid-field", field: field, reason: reason)
    }

    public var description: String {
        (field.map { "\($0): " } ?? "") + reason + " (\(code))"
    }
}

/// A storage failure: which operation of which store, and the database's own message.
public struct PlatformStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The operation that failed (`consume challenge`, `append audit record` …).
    public var operation: String
    /// What the database said.
    public var detail: String

    /// A failure of `operation`.
    public init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    public var description: String { "storage: \(operation): \(detail)" }
}
