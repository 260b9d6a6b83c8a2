import Foundation
import JPKIPDF
import JPKIPlatform
import JPKIVerification
import JPKIX509

// The request and response bodies of the HTTP API (Server/openapi.yaml). Binary values are
// base64 (RFC 4648, with padding) in JSON strings; times are seconds since 1970.

/// `POST /v1/challenges`.
struct ChallengeRequest: Decodable {
    var purpose: String
}

/// A challenge issued.
struct ChallengeResponse: Encodable {
    var challengeId: String
    var challenge: String
    var purpose: String
    var issuedAt: Int64
    var expiresAt: Int64

    init(_ challenge: Challenge) {
        challengeId = challenge.id
        self.challenge = Data(challenge.nonce).base64EncodedString()
        purpose = challenge.purpose.rawValue
        issuedAt = challenge.issuedAt
        expiresAt = challenge.expiresAt
    }
}

/// `POST /v1/login`.
struct LogInRequest: Decodable {
    var challengeId: String
    var certificate: String
    var signature: String
}

/// `POST /v1/customers`.
struct RegistrationRequest: Decodable {
    var challengeId: String
    var signatureCertificate: String
    var signature: String
    var authenticationCertificate: String?
    var authenticationSignature: String?
}

/// A log-in proof inside a renewal.
struct LogInProof: Decodable {
    var challengeId: String
    var certificate: String
    var signature: String
}

/// `POST /v1/renewals`.
struct RenewalRequest: Decodable {
    var challengeId: String
    var customerId: String?
    var signatureCertificate: String
    var signature: String
    var authenticationCertificate: String?
    var authenticationSignature: String?
    var identification: String
    var login: LogInProof?
}

/// A registration or a renewal done.
struct RegistrationResponse: Encodable {
    var customer: CustomerView
    var reports: [VerificationReport]
}

/// A customer as the API shows it (certificates without their bytes).
struct CustomerView: Encodable {
    struct CertificateView: Encodable {
        var purpose: String
        var sha256: String
        var serialNumber: String
        var issuerKey: String
        var notAfter: Int64
        var state: String
        var linkedAt: Int64
        var revocationReason: String?
        var revokedAt: Int64?
    }

    var id: String
    var registeredAt: Int64
    var basicFour: BasicFourRecord
    var certificates: [CertificateView]

    init(_ customer: Customer) {
        id = customer.id
        registeredAt = customer.registeredAt
        basicFour = customer.basicFour
        certificates = customer.certificates.map {
            CertificateView(
                purpose: $0.purpose.rawValue, sha256: $0.sha256, serialNumber: $0.serialNumber, issuerKey: $0.issuerKey,
                notAfter: $0.notAfter, state: $0.state.rawValue, linkedAt: $0.linkedAt,
                revocationReason: $0.revocationReason, revokedAt: $0.revokedAt)
        }
    }
}

/// `POST /v1/verify/signature`.
struct SignatureRequest: Decodable {
    var document: String
    var signature: String
    var certificate: String
}

/// `POST /v1/verify/cms`.
struct CMSRequest: Decodable {
    var cms: String
    var content: String?
}

/// A document or CMS verified.
struct SignatureResponse: Encodable {
    var valid: Bool
    var signer: BasicFourRecord?
    var report: VerificationReport
}

/// `POST /v1/verify/pdf`.
struct PDFRequest: Decodable {
    var pdf: String
}

/// A PDF verified.
struct PDFResponse: Encodable {
    var valid: Bool
    var report: PDFVerificationReport
}

/// Card evidence: what `MyNumberCard.checkGenuineness` (JPKICard) sends, binary values in base64.
struct EvidenceBody: Decodable {
    var application: String
    var certificate: String
    var keyRecord: String?
    var keyRecordKind: String?
    var challenge: String
    var challengeFromCard: Bool?
    var challengeSignature: String
}

/// `POST /v1/card/genuineness`.
struct GenuinenessRequest: Decodable {
    var challengeId: String
    var evidence: EvidenceBody
}

/// `POST /v1/card/age`.
struct AgeRequest: Decodable {
    var challengeId: String
    var evidence: EvidenceBody
    var minimumAge: Int
    var date: String?
}

/// A card check done.
struct CardResponse: Encodable {
    var accepted: Bool
    var report: CardGenuinenessReport
}

/// `GET /v1/revocation-changes`.
struct RevocationChangesResponse: Encodable {
    var changes: [RevocationChange]
    /// The cursor for the next page (`since=` this value).
    var next: Int64
}

/// The JSON body of every refusal.
struct ErrorResponse: Encodable {
    struct Body: Encodable {
        var code: String
        var kind: String
        var field: String?
        var reason: String
    }

    var error: Body
    var report: VerificationReport?
}
