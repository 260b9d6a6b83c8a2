import JPKIASN1
import Foundation
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
    /// The start of validity, seconds since 1970.
    public var notBefore: Int64
    /// The end of validity (inclusive), seconds since 1970.
    public var notAfter: Int64
    /// The JPKI kind (`signature`, `authentication`, `signature-root-ca`, …, `other`).
    public var jpkiKind: String
    /// Whether it is the trust anchor that ends the chain.
    public var isTrustAnchor: Bool

    /// A summary of `certificate` at `position`.
    public init(_ certificate: Certificate, position: Int, isTrustAnchor: Bool) {
        reference = CertificateReference(certificate, position: position)
        notBefore = certificate.notBefore.secondsSince1970
        notAfter = certificate.notAfter.secondsSince1970
        jpkiKind = certificate.jpkiProfile.kind.identifier
        self.isTrustAnchor = isTrustAnchor
    }
}
