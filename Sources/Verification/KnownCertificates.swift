import JPKIX509

/// What a verifier works out once about the certificates it is configured with (anchors and
/// intermediates): their public keys parsed by OpenSSL, and their report summaries; and the
/// summaries of the other certificates it saw recently (bounded, see ``SummaryCache``).
final class KnownCertificates: Sendable {
    struct Entry: Sendable {
        let certificate: Certificate
        /// The key parsed once; `nil` when it is not an RSA key that parses.
        let key: PublicKey?
        let summary: CertificateSummary
        let kind: JPKIProfile.Kind
    }

    /// Keyed by the DER of the subject public key info.
    private let entries: [BytesKey: [Entry]]
    /// Summaries of certificates outside `entries` (leaves), made once each.
    let recent: SummaryCache

    /// The most leaf summaries kept by ``recent``.
    static let recentCapacity = 1024

    init(_ certificates: [Certificate], recentCapacity: Int = KnownCertificates.recentCapacity) {
        recent = SummaryCache(capacity: recentCapacity)
        var entries: [BytesKey: [Entry]] = [:]
        for certificate in certificates {
            entries[BytesKey(certificate.subjectPublicKeyInfo.derEncoded), default: []].append(
                Entry(
                    // The JPKI's signatures (sha256WithRSAEncryption) verify with a context set
                    // up once.
                    certificate: certificate,
                    key: try? PublicKey(certificate.subjectPublicKeyInfo, preparingFor: .sha256),
                    summary: CertificateSummary(certificate, position: 0, isTrustAnchor: false),
                    kind: JPKIProfile(certificate).kind))
        }
        self.entries = entries
    }

    /// The parsed key of `certificate`'s SPKI, when the certificate is known.
    func key(of certificate: Certificate) -> PublicKey? {
        entries[BytesKey(certificate.subjectPublicKeyInfo.derEncoded)]?.first?.key ?? nil
    }

    /// The JPKI kind of `certificate`, from the cache when known.
    func kind(of certificate: Certificate) -> JPKIProfile.Kind {
        entries[BytesKey(certificate.subjectPublicKeyInfo.derEncoded)]?.first(where: { $0.certificate == certificate })?
            .kind ?? JPKIProfile(certificate).kind
    }

    /// The summary of `certificate` at `position`, from the cache when known.
    func summary(of certificate: Certificate, position: Int, isTrustAnchor: Bool) -> CertificateSummary {
        guard
            var summary = entries[BytesKey(certificate.subjectPublicKeyInfo.derEncoded)]?
                .first(where: { $0.certificate == certificate })?.summary
        else { return recent.summary(of: certificate, position: position, isTrustAnchor: isTrustAnchor) }
        summary.reference.position = position
        summary.isTrustAnchor = isTrustAnchor
        return summary
    }
}

/// A subject public key info's DER as a dictionary key: hashed over its length and its last
/// 32 bytes (the end of the modulus and the exponent, which differ between keys), compared
/// whole with memcmp. The table holds only the verifier's own certificates, so a lookup key
/// made to collide costs a memcmp, nothing more.
struct BytesKey: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    static func == (lhs: BytesKey, rhs: BytesKey) -> Bool { sameBytes(lhs.bytes, rhs.bytes) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.suffix(32).withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
