import Foundation
import JPKIASN1
import JPKIX509

/// Which certificate of a chain a check or a failure is about: its place in the chain (0 is
/// the leaf), subject, issuer, serial number and SHA-256 fingerprint.
public struct CertificateReference: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The certificate's place in the chain: 0 for the leaf, then its issuer, up to the anchor;
    /// `nil` for a certificate outside the chain (a CRL signer, an OCSP responder).
    public var position: Int?
    /// The subject, RFC 4514.
    public var subject: String
    /// The issuer, RFC 4514.
    public var issuer: String
    /// The serial number in upper-case hexadecimal.
    public var serialNumber: String
    /// The SHA-256 fingerprint of the DER, upper-case hexadecimal.
    public var sha256: String

    /// A reference to `certificate` at `position`.
    public init(_ certificate: Certificate, position: Int?) {
        self.position = position
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serialNumber = certificate.serialNumberHex
        sha256 = Hex.encode(certificate.sha256Fingerprint)
    }

    /// E.g. `certificate 0 (CN=ABC…, serial 0123)`.
    public var description: String {
        let place = position.map { "certificate \($0)" } ?? "certificate"
        return "\(place) (\(subject), serial \(serialNumber))"
    }
}

/// A summary of one certificate of a validated chain, for ``VerificationReport``.
public struct CertificateSummary: Codable, Hashable, Sendable {
    /// Which certificate.
    public var reference: CertificateReference
    /// The start of validity (notBefore), to the second.
    public var notBefore: Date
    /// The end of validity (notAfter, inclusive), to the second.
    public var notAfter: Date
    /// The JPKI kind (`signature`, `authentication`, `signature-root-ca`, …, `other`).
    public var jpkiKind: String
    /// Whether it is the trust anchor that ends the chain.
    public var isTrustAnchor: Bool

    /// A summary of `certificate` at `position`.
    public init(_ certificate: Certificate, position: Int, isTrustAnchor: Bool) {
        reference = CertificateReference(certificate, position: position)
        notBefore = Date(wholeSecondsOf: certificate.notBefore)
        notAfter = Date(wholeSecondsOf: certificate.notAfter)
        jpkiKind = certificate.jpkiProfile.kind.identifier
        self.isTrustAnchor = isTrustAnchor
    }
}

extension CertificateSummary {
    private enum CodingKeys: String, CodingKey {
        case reference, notBefore, notAfter, jpkiKind, isTrustAnchor
    }

    /// Reads a summary written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reference = try container.decode(CertificateReference.self, forKey: .reference)
        notBefore = try container.decodeSeconds(forKey: .notBefore)
        notAfter = try container.decodeSeconds(forKey: .notAfter)
        jpkiKind = try container.decode(String.self, forKey: .jpkiKind)
        isTrustAnchor = try container.decode(Bool.self, forKey: .isTrustAnchor)
    }

    /// Writes the summary, the validity bounds in whole seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reference, forKey: .reference)
        try container.encodeSeconds(notBefore, forKey: .notBefore)
        try container.encodeSeconds(notAfter, forKey: .notAfter)
        try container.encode(jpkiKind, forKey: .jpkiKind)
        try container.encode(isTrustAnchor, forKey: .isTrustAnchor)
    }
}
