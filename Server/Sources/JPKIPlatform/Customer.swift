import Foundation
import JPKIASN1
import JPKIX509

/// The basic 4 information (基本4情報) as the platform keeps it: what the signature certificate
/// carried at registration or renewal.
public struct BasicFourRecord: Codable, Hashable, Sendable {
    /// 氏名.
    public var name: String
    /// 性別: `male`, `female` or `unknown`.
    public var sex: String
    /// 生年月日, `YYYY-MM-DD` (Gregorian; the year as the certificate gives it).
    public var birthDate: String
    /// 住所.
    public var address: String

    /// The record of `information`.
    public init(_ information: BasicFourInformation) {
        name = information.name
        sex = information.sex.description
        birthDate = information.birthDate.isoDate
        address = information.address
    }

    /// A record with these values.
    public init(name: String, sex: String, birthDate: String, address: String) {
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.address = address
    }

    /// The key under which a renewal finds a customer by ``RenewalMatchPolicy``: the SHA-256
    /// (hexadecimal) of the fields the policy compares, each normalised (Unicode NFKC, spaces
    /// removed), so that the database holds no personal data in its index.
    public func matchKey(_ policy: RenewalMatchPolicy) -> String? {
        let fields: [String]
        switch policy {
        case .disabled: return nil
        case .nameSexBirthDate: fields = [name, sex, birthDate]
        case .allFour: fields = [name, sex, birthDate, address]
        }
        let normalised = fields.map { field in
            field.precomposedStringWithCompatibilityMapping.unicodeScalars
                .filter { !$0.properties.isWhitespace }.map(String.init).joined()
        }
        return policy.rawValue + ":"
            + Hex.encode(DigestAlgorithm.sha256.hash(Array(normalised.joined(separator: "\u{1F}").utf8)))
    }
}

/// How a renewal without a log-in finds the customer a new card belongs to.
public enum RenewalMatchPolicy: String, Codable, Hashable, Sendable, CaseIterable {
    /// Only a log-in with a still-valid linked certificate identifies the customer.
    case disabled
    /// Name, sex and birth date equal (the address may differ: a move). A changed name (a
    /// marriage) does not match: the customer then renews with a log-in.
    case nameSexBirthDate = "name-sex-birth-date"
    /// All four equal.
    case allFour = "all-four"
}

/// The state of a certificate linked to a customer.
public enum CertificateState: String, Codable, Hashable, Sendable {
    /// In use.
    case active
    /// A newer card's certificate replaced it (renewal).
    case replaced
    /// A CRL lists it.
    case revoked
}

/// A certificate linked to a customer, as stored.
public struct CustomerCertificate: Codable, Hashable, Sendable {
    /// `signature` or `authentication`.
    public var purpose: JPKIPurposeName
    /// SHA-256 of the issuer's name (DER), hexadecimal.
    public var issuerKey: String
    /// The serial number, hexadecimal.
    public var serialNumber: String
    /// SHA-256 of the certificate (DER), hexadecimal.
    public var sha256: String
    /// The end of its validity (seconds since 1970).
    public var notAfter: Int64
    /// Its state.
    public var state: CertificateState
    /// When it was linked (seconds since 1970).
    public var linkedAt: Int64
    /// The revocation reason, when revoked.
    public var revocationReason: String?
    /// The revocation time (seconds since 1970), when revoked.
    public var revokedAt: Int64?
    /// The certificate (DER).
    public var der: [UInt8]

    /// The record of `certificate` for `purpose`, active, linked at `now`.
    public init(_ certificate: Certificate, purpose: JPKIPurposeName, linkedAt now: Int64) {
        self.purpose = purpose
        issuerKey = Self.issuerKey(certificate.issuer)
        serialNumber = certificate.serialNumberHex.lowercased()
        sha256 = Hex.encode(DigestAlgorithm.sha256.hash(certificate.derEncoded)).lowercased()
        notAfter = certificate.notAfter.secondsSince1970
        state = .active
        linkedAt = now
        revocationReason = nil
        revokedAt = nil
        der = certificate.derEncoded
    }

    /// A record with every value given (what a store reads back).
    public init(
        purpose: JPKIPurposeName, issuerKey: String, serialNumber: String, sha256: String, notAfter: Int64,
        state: CertificateState, linkedAt: Int64, revocationReason: String?, revokedAt: Int64?, der: [UInt8]
    ) {
        self.purpose = purpose
        self.issuerKey = issuerKey
        self.serialNumber = serialNumber
        self.sha256 = sha256
        self.notAfter = notAfter
        self.state = state
        self.linkedAt = linkedAt
        self.revocationReason = revocationReason
        self.revokedAt = revokedAt
        self.der = der
    }

    /// The key by which certificates of one issuer are found: the SHA-256 of its name's DER.
    public static func issuerKey(_ issuer: DistinguishedName) -> String {
        Hex.encode(DigestAlgorithm.sha256.hash(issuer.derEncoded)).lowercased()
    }
}

/// The two kinds of JPKI certificate a customer links.
public enum JPKIPurposeName: String, Codable, Hashable, Sendable {
    /// 署名用電子証明書.
    case signature
    /// 利用者証明用電子証明書.
    case authentication
}

/// A registered customer of the platform.
public struct Customer: Codable, Hashable, Sendable {
    /// The customer's identifier (a UUID, lowercase).
    public var id: String
    /// When the customer registered (seconds since 1970).
    public var registeredAt: Int64
    /// The basic 4 information of the newest signature certificate.
    public var basicFour: BasicFourRecord
    /// The certificates linked, oldest first.
    public var certificates: [CustomerCertificate]

    /// A customer with these values.
    public init(id: String, registeredAt: Int64, basicFour: BasicFourRecord, certificates: [CustomerCertificate]) {
        self.id = id
        self.registeredAt = registeredAt
        self.basicFour = basicFour
        self.certificates = certificates
    }

    /// The active certificate of `purpose`, when one is.
    public func active(_ purpose: JPKIPurposeName) -> CustomerCertificate? {
        certificates.last { $0.purpose == purpose && $0.state == .active }
    }

    /// The newest signature certificate, whatever its state.
    public var latestSignatureCertificate: CustomerCertificate? {
        certificates.last { $0.purpose == .signature && $0.state != .replaced }
    }
}

/// A customer's signature certificate that a CRL newly lists: what a platform tells the service
/// providers after each day's CRL (the holder moved, married …: the basic 4 information changed).
public struct RevocationChange: Codable, Hashable, Sendable {
    /// Position in the feed (ascending; the `since` cursor).
    public var sequence: Int64
    /// When the platform saw it (seconds since 1970).
    public var detectedAt: Int64
    /// The customer.
    public var customerID: String
    /// `signature` or `authentication`.
    public var purpose: JPKIPurposeName
    /// SHA-256 of the certificate, hexadecimal.
    public var certificateSHA256: String
    /// The certificate's serial number, hexadecimal.
    public var serialNumber: String
    /// The CRL's reason (`affiliationChanged` …), or `unspecified`.
    public var reason: String
    /// The revocation time the CRL gives (seconds since 1970).
    public var revokedAt: Int64
    /// Which CRL listed it: its file name, or, for a change a registration or renewal found once
    /// it had stored the certificate, from a CRL the directory did not install, the CRL's kind,
    /// issuer, number and thisUpdate.
    public var crl: String

    /// A change with these values.
    public init(
        sequence: Int64, detectedAt: Int64, customerID: String, purpose: JPKIPurposeName, certificateSHA256: String,
        serialNumber: String, reason: String, revokedAt: Int64, crl: String
    ) {
        self.sequence = sequence
        self.detectedAt = detectedAt
        self.customerID = customerID
        self.purpose = purpose
        self.certificateSHA256 = certificateSHA256
        self.serialNumber = serialNumber
        self.reason = reason
        self.revokedAt = revokedAt
        self.crl = crl
    }
}

/// A serial number a CRL newly lists, for ``PlatformStore/recordRevocations(issuerKey:entries:crl:at:)``.
public struct RevokedSerial: Hashable, Sendable {
    /// The serial number, lowercase hexadecimal.
    public var serialNumber: String
    /// The reason's name.
    public var reason: String
    /// The revocation time (seconds since 1970).
    public var revokedAt: Int64

    /// An entry with these values.
    public init(serialNumber: String, reason: String, revokedAt: Int64) {
        self.serialNumber = serialNumber
        self.reason = reason
        self.revokedAt = revokedAt
    }
}
