import JPKIASN1

/// Builds and signs X.509 v3 certificates: test PKIs shaped like J-LIS's, simulator cards.
///
/// ```swift
/// let rootKey = try SigningKey(generatingRSABits: 2048)
/// var builder = CertificateBuilder(
///     serialNumber: [0x01], issuer: rootName, subject: rootName,
///     notBefore: try ASN1Time(year: 2023, month: 7, day: 16, hour: 0, minute: 0, second: 0, form: .utcTime),
///     notAfter: try ASN1Time(year: 2033, month: 7, day: 15, hour: 14, minute: 59, second: 59, form: .utcTime),
///     subjectPublicKeyInfo: try rootKey.subjectPublicKeyInfo)
/// builder.extensions = [ ... ]
/// let root = try builder.sign(with: rootKey)
/// ```
public struct CertificateBuilder: Sendable {
    /// The serial number as an unsigned big-endian magnitude (a `00` is added when the top bit is
    /// set).
    public var serialNumber: [UInt8]
    /// The issuer's name.
    public var issuer: DistinguishedName
    /// The subject's name.
    public var subject: DistinguishedName
    /// The start of validity.
    public var notBefore: ASN1Time
    /// The end of validity.
    public var notAfter: ASN1Time
    /// The subject's public key.
    public var subjectPublicKeyInfo: SubjectPublicKeyInfo
    /// The extensions, in order.
    public var extensions: [Extension]
    /// The signature algorithm.
    public var signatureAlgorithm: AlgorithmIdentifier

    /// A builder with no extensions, signing with sha256WithRSAEncryption.
    public init(
        serialNumber: [UInt8], issuer: DistinguishedName, subject: DistinguishedName, notBefore: ASN1Time,
        notAfter: ASN1Time, subjectPublicKeyInfo: SubjectPublicKeyInfo, extensions: [Extension] = [],
        signatureAlgorithm: AlgorithmIdentifier = .sha256WithRSAEncryption
    ) {
        self.serialNumber = serialNumber
        self.issuer = issuer
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.subjectPublicKeyInfo = subjectPublicKeyInfo
        self.extensions = extensions
        self.signatureAlgorithm = signatureAlgorithm
    }

    /// The DER of the TBSCertificate.
    public var tbsCertificateDER: [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { tbs in
            if !extensions.isEmpty { tbs.serialize(2, explicitTag: .contextSpecific(0, constructed: true)) }
            tbs.serialize(ASN1Integer(unsignedMagnitude: serialNumber))
            signatureAlgorithm.serialize(into: &tbs)
            tbs.serialize(issuer)
            tbs.writeSequence { validity in
                validity.serialize(notBefore)
                validity.serialize(notAfter)
            }
            tbs.serialize(subject)
            tbs.appendEncoded(subjectPublicKeyInfo.derEncoded)
            if !extensions.isEmpty {
                tbs.writeConstructed(.contextSpecific(3, constructed: true)) { wrapper in
                    wrapper.writeSequence { list in
                        for item in extensions { list.serialize(item) }
                    }
                }
            }
        }
        return writer.bytes
    }

    /// Signs the certificate with `key` (the issuer's key) and reads it back.
    ///
    /// - Throws: ``X509Error`` when two extensions share an OID or the key cannot sign.
    public func sign(with key: SigningKey) throws(X509Error) -> Certificate {
        let tbs = tbsCertificateDER
        let signature = try key.sign(tbs, algorithm: signatureAlgorithm)
        var writer = DERWriter(reservingCapacity: tbs.count + signature.count + 32)
        writer.writeSequence { certificate in
            certificate.appendEncoded(tbs)
            signatureAlgorithm.serialize(into: &certificate)
            certificate.serialize(ASN1BitString(bytes: signature))
        }
        return try Certificate(derEncoded: writer.bytes)
    }
}
