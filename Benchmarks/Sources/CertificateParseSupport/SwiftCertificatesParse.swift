import X509

// In a file of its own: swift-certificates' module, X509, declares names (Certificate,
// DistinguishedName, …) that JPKIX509 declares too.

extension CertificateParseOperations {
    /// swift-certificates: `Certificate(derEncoded:)`; returns something derived so the work is
    /// not optimised away, the extensions listed as ours are.
    @inline(never)
    public static func swiftCertificates(_ der: [UInt8]) -> Int {
        guard let certificate = try? X509.Certificate(derEncoded: der) else { return -1 }
        return Array(certificate.extensions).count &+ certificate.serialNumber.bytes.count
    }
}
