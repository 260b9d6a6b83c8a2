import CryptoBackend
import JPKIASN1

/// Builds and signs X.509 v2 CRLs (RFC 5280 §5): test PKIs, the CRLs a J-LIS-shaped
/// hierarchy publishes per municipality, edge cases for tests.
///
/// The builder writes what it is given — including what a reader rejects (a v1 CRL with
/// extensions, an unknown critical extension), so tests can produce such CRLs. For CRLs of
/// millions of entries use JPKISimulator's `CRLGenerator`, which streams.
///
/// ```swift
/// var builder = CRLBuilder(issuer: ca.subject, thisUpdate: now, nextUpdate: tomorrow)
/// builder.crlNumber = ASN1Integer(42)
/// builder.authorityKeyIdentifier = caKeyIdentifier
/// builder.entries.append(.init(serialNumber: ASN1Integer(0x1234), revocationDate: yesterday, reason: .keyCompromise))
/// let crl = try builder.sign(with: caKey)
/// ```
public struct CRLBuilder: Sendable {
    /// One revoked certificate.
    public struct Entry: Hashable, Sendable {
        /// The serial number (any INTEGER; RFC 5280 asks for positive ones of at most 20 octets).
        public var serialNumber: ASN1Integer
        /// When the certificate was revoked.
        public var revocationDate: ASN1Time
        /// The reasonCode extension, when given.
        public var reason: RevocationReason?
        /// The invalidityDate extension (written as GeneralizedTime), when given.
        public var invalidityDate: ASN1Time?
        /// The certificateIssuer extension (critical, as RFC 5280 requires), when given.
        public var certificateIssuer: [GeneralName]?
        /// Further entry extensions, written after the ones above.
        public var extraExtensions: [Extension]

        /// An entry.
        public init(
            serialNumber: ASN1Integer, revocationDate: ASN1Time, reason: RevocationReason? = nil,
            invalidityDate: ASN1Time? = nil, certificateIssuer: [GeneralName]? = nil, extraExtensions: [Extension] = []
        ) {
            self.serialNumber = serialNumber
            self.revocationDate = revocationDate
            self.reason = reason
            self.invalidityDate = invalidityDate
            self.certificateIssuer = certificateIssuer
            self.extraExtensions = extraExtensions
        }

        /// The entry extensions, in the order written.
        public var extensions: [Extension] {
            var list: [Extension] = []
            if let reason {
                list.append(Extension(oid: CRLBuilder.IDs.reasonCode, value: CRLBuilder.reasonCodeValue(reason)[...]))
            }
            if let invalidityDate {
                var writer = DERWriter()
                let generalized =
                    (try? ASN1Time(
                        year: invalidityDate.year, month: invalidityDate.month, day: invalidityDate.day,
                        hour: invalidityDate.hour, minute: invalidityDate.minute, second: invalidityDate.second,
                        form: .generalizedTime)) ?? invalidityDate
                writer.serialize(generalized)
                list.append(Extension(oid: CRLBuilder.IDs.invalidityDate, value: writer.bytes[...]))
            }
            if let certificateIssuer {
                var writer = DERWriter()
                writer.writeSequence { names in
                    for name in certificateIssuer { names.serialize(name) }
                }
                list.append(Extension(oid: CRLBuilder.IDs.certificateIssuer, critical: true, value: writer.bytes[...]))
            }
            return list + extraExtensions
        }

        /// Writes the entry SEQUENCE.
        func serialize(into writer: inout DERWriter) {
            writer.writeSequence { entry in
                entry.serialize(serialNumber)
                entry.serialize(revocationDate)
                let extensions = self.extensions
                if !extensions.isEmpty {
                    entry.writeSequence { list in
                        for item in extensions { list.serialize(item) }
                    }
                }
            }
        }
    }

    /// The version written: v2 (the default) or v1 (no version field).
    public var version: CertificateRevocationList.Version
    /// The issuer's name.
    public var issuer: DistinguishedName
    /// When the CRL is issued.
    public var thisUpdate: ASN1Time
    /// When the next CRL will be issued at the latest.
    public var nextUpdate: ASN1Time?
    /// The revoked certificates, in order.
    public var entries: [Entry]
    /// The CRL number extension.
    public var crlNumber: ASN1Integer?
    /// The delta CRL indicator extension (critical): the base CRL's number.
    public var deltaCRLIndicator: ASN1Integer?
    /// The authority key identifier extension's keyIdentifier (see
    /// ``keyIdentifier(of:)``).
    public var authorityKeyIdentifier: [UInt8]?
    /// The issuing distribution point extension (critical).
    public var issuingDistributionPoint: IssuingDistributionPoint?
    /// Further CRL extensions, written after the ones above.
    public var extraExtensions: [Extension]
    /// The signature algorithm.
    public var signatureAlgorithm: AlgorithmIdentifier

    /// A v2 CRL builder with no entries and no extensions, signing with
    /// sha256WithRSAEncryption.
    public init(
        issuer: DistinguishedName, thisUpdate: ASN1Time, nextUpdate: ASN1Time? = nil, entries: [Entry] = [],
        signatureAlgorithm: AlgorithmIdentifier = .sha256WithRSAEncryption
    ) {
        self.version = .v2
        self.issuer = issuer
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.entries = entries
        self.crlNumber = nil
        self.deltaCRLIndicator = nil
        self.authorityKeyIdentifier = nil
        self.issuingDistributionPoint = nil
        self.extraExtensions = []
        self.signatureAlgorithm = signatureAlgorithm
    }

    fileprivate typealias IDs = CertificateRevocationList.ExtensionID

    /// The keyIdentifier RFC 5280 §4.2.1.2 (method 1) derives from a public key: the SHA-1 of
    /// the subjectPublicKey BIT STRING's octets. It is the subject key identifier of the
    /// issuer's certificate when that certificate follows the method.
    public static func keyIdentifier(of key: SubjectPublicKeyInfo) -> [UInt8] {
        DigestAlgorithm.sha1.hash(Array(key.keyBytes))
    }

    /// The extnValue of a reasonCode extension: `ENUMERATED`.
    static func reasonCodeValue(_ reason: RevocationReason) -> [UInt8] {
        [0x0A, 0x01, UInt8(reason.rawValue)]
    }

    /// The CRL extensions, in the order written.
    public var extensions: [Extension] {
        var list: [Extension] = []
        if let authorityKeyIdentifier {
            var writer = DERWriter()
            writer.writeSequence { sequence in
                sequence.writePrimitive(.contextSpecific(0, constructed: false), content: authorityKeyIdentifier)
            }
            list.append(Extension(oid: Self.IDs.authorityKeyIdentifier, value: writer.bytes[...]))
        }
        if let crlNumber {
            var writer = DERWriter()
            writer.serialize(crlNumber)
            list.append(Extension(oid: Self.IDs.crlNumber, value: writer.bytes[...]))
        }
        if let deltaCRLIndicator {
            var writer = DERWriter()
            writer.serialize(deltaCRLIndicator)
            list.append(Extension(oid: Self.IDs.deltaCRLIndicator, critical: true, value: writer.bytes[...]))
        }
        if let issuingDistributionPoint {
            var writer = DERWriter()
            writer.serialize(issuingDistributionPoint)
            list.append(Extension(oid: Self.IDs.issuingDistributionPoint, critical: true, value: writer.bytes[...]))
        }
        return list + extraExtensions
    }

    /// The DER of the TBSCertList.
    public var tbsCertListDER: [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { tbs in
            if version == .v2 { tbs.serialize(1) }
            signatureAlgorithm.serialize(into: &tbs)
            tbs.serialize(issuer)
            tbs.serialize(thisUpdate)
            if let nextUpdate { tbs.serialize(nextUpdate) }
            if !entries.isEmpty {
                tbs.writeSequence { list in
                    for entry in entries { entry.serialize(into: &list) }
                }
            }
            let extensions = self.extensions
            if !extensions.isEmpty {
                tbs.writeConstructed(.contextSpecific(0, constructed: true)) { wrapper in
                    wrapper.writeSequence { list in
                        for item in extensions { list.serialize(item) }
                    }
                }
            }
        }
        return writer.bytes
    }

    /// Signs the CRL with `key` (the issuer's key) and returns its DER.
    ///
    /// - Throws: ``X509Error`` when the key cannot sign with ``signatureAlgorithm``.
    public func signedDER(with key: SigningKey) throws(X509Error) -> [UInt8] {
        let tbs = tbsCertListDER
        let signature = try key.sign(tbs, algorithm: signatureAlgorithm)
        var writer = DERWriter(reservingCapacity: tbs.count + signature.count + 32)
        writer.writeSequence { crl in
            crl.appendEncoded(tbs)
            signatureAlgorithm.serialize(into: &crl)
            crl.serialize(ASN1BitString(bytes: signature))
        }
        return writer.bytes
    }

    /// Signs the CRL with `key` and reads it back.
    ///
    /// - Throws: ``X509Error`` when the key cannot sign, or the CRL does not read back (a
    ///   duplicate or unknown critical CRL extension, a v1 CRL with extensions).
    public func sign(with key: SigningKey) throws(X509Error) -> CertificateRevocationList {
        try CertificateRevocationList(derEncoded: try signedDER(with: key))
    }
}
