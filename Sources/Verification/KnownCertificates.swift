import X509

/// What a verifier works out once about the certificates it is configured with (anchors and
/// intermediates): their public keys parsed by OpenSSL, and their report summaries.
final class KnownCertificates: Sendable {
    struct Entry: Sendable {
        let certificate: Certificate
        let key: CachedKey
        let summary: CertificateSummary
    }

    /// Keyed by the DER of the subject public key info.
    private let entries: [[UInt8]: [Entry]]

    init(_ certificates: [Certificate]) {
        var entries: [[UInt8]: [Entry]] = [:]
        for certificate in certificates {
            entries[Array(certificate.subjectPublicKeyInfo.derEncoded), default: []].append(
                Entry(
                    certificate: certificate, key: CachedKey(certificate.subjectPublicKeyInfo),
                    summary: CertificateSummary(certificate, position: 0, isTrustAnchor: false)))
        }
        self.entries = entries
    }

    /// The parsed key of `certificate`'s SPKI, when the certificate is known.
    func key(of certificate: Certificate) -> CachedKey? {
        entries[Array(certificate.subjectPublicKeyInfo.derEncoded)]?.first?.key
    }

    /// The summary of `certificate` at `position`, from the cache when known.
    func summary(of certificate: Certificate, position: Int, isTrustAnchor: Bool) -> CertificateSummary {
        guard
            var summary = entries[Array(certificate.subjectPublicKeyInfo.derEncoded)]?
                .first(where: { $0.certificate == certificate })?.summary
        else { return CertificateSummary(certificate, position: position, isTrustAnchor: isTrustAnchor) }
        summary.reference.position = position
        summary.isTrustAnchor = isTrustAnchor
        return summary
    }
}
