import JPKIASN1

/// An X.509 certificate (v1, v2 or v3), read strictly and without copying: every field is a
/// view into ``derEncoded``.
///
/// Reading checks the whole structure: DER, versions, the two signature algorithms agree,
/// names well formed, each extension well formed and none twice. Extension values are decoded
/// when asked through ``extensions`` (see ``Extensions``).
///
/// ```swift
/// let certificate = try Certificate(pemEncoded: pemText)
/// print(certificate.subject, certificate.notAfter)
/// if let usage = try certificate.extensions.keyUsage { print(usage) }
/// ```
public struct Certificate: Hashable, Sendable, CustomStringConvertible {
    /// The certificate versions.
    public enum Version: Int, Hashable, Sendable, Comparable {
        case v1 = 0
        case v2 = 1
        case v3 = 2

        /// Orders by version number.
        public static func < (lhs: Version, rhs: Version) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The parsed fields, shared by copies: copying a certificate is one reference count.
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let derEncoded: [UInt8]
        @usableFromInline let version: Version
        @usableFromInline let serialNumber: ArraySlice<UInt8>
        @usableFromInline let signatureAlgorithm: AlgorithmIdentifier
        @usableFromInline let issuer: DistinguishedName
        @usableFromInline let notBefore: ASN1Time
        @usableFromInline let notAfter: ASN1Time
        @usableFromInline let subject: DistinguishedName
        @usableFromInline let subjectPublicKeyInfo: SubjectPublicKeyInfo
        @usableFromInline let issuerUniqueID: ASN1BitString?
        @usableFromInline let subjectUniqueID: ASN1BitString?
        @usableFromInline let extensions: Extensions
        @usableFromInline let tbsCertificateBytes: ArraySlice<UInt8>
        @usableFromInline let signature: ArraySlice<UInt8>

        init(
            derEncoded: [UInt8], version: Version, serialNumber: ArraySlice<UInt8>,
            signatureAlgorithm: AlgorithmIdentifier, issuer: DistinguishedName, notBefore: ASN1Time, notAfter: ASN1Time,
            subject: DistinguishedName, subjectPublicKeyInfo: SubjectPublicKeyInfo, issuerUniqueID: ASN1BitString?,
            subjectUniqueID: ASN1BitString?, extensions: Extensions, tbsCertificateBytes: ArraySlice<UInt8>,
            signature: ArraySlice<UInt8>
        ) {
            self.derEncoded = derEncoded
            self.version = version
            self.serialNumber = serialNumber
            self.signatureAlgorithm = signatureAlgorithm
            self.issuer = issuer
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.subject = subject
            self.subjectPublicKeyInfo = subjectPublicKeyInfo
            self.issuerUniqueID = issuerUniqueID
            self.subjectUniqueID = subjectUniqueID
            self.extensions = extensions
            self.tbsCertificateBytes = tbsCertificateBytes
            self.signature = signature
        }
    }

    @usableFromInline let storage: Storage

    /// The whole certificate's DER.
    @inlinable public var derEncoded: [UInt8] { storage.derEncoded }
    /// The version.
    @inlinable public var version: Version { storage.version }
    /// The serial number's content octets (two's complement, minimal): J-LIS calls it 発行番号.
    @inlinable public var serialNumber: ArraySlice<UInt8> { storage.serialNumber }
    /// The signature algorithm (the outer one, equal to the one inside the signed part).
    @inlinable public var signatureAlgorithm: AlgorithmIdentifier { storage.signatureAlgorithm }
    /// The issuer's name.
    @inlinable public var issuer: DistinguishedName { storage.issuer }
    /// The start of the validity period.
    @inlinable public var notBefore: ASN1Time { storage.notBefore }
    /// The end of the validity period (inclusive).
    @inlinable public var notAfter: ASN1Time { storage.notAfter }
    /// The subject's name.
    @inlinable public var subject: DistinguishedName { storage.subject }
    /// The subject's public key.
    @inlinable public var subjectPublicKeyInfo: SubjectPublicKeyInfo { storage.subjectPublicKeyInfo }
    /// The issuerUniqueID bits (v2/v3 only; rare).
    @inlinable public var issuerUniqueID: ASN1BitString? { storage.issuerUniqueID }
    /// The subjectUniqueID bits (v2/v3 only; rare).
    @inlinable public var subjectUniqueID: ASN1BitString? { storage.subjectUniqueID }
    /// The extensions (v3); empty for v1/v2.
    @inlinable public var extensions: Extensions { storage.extensions }
    /// The signed part (TBSCertificate), whose signature ``signature`` is.
    @inlinable public var tbsCertificateBytes: ArraySlice<UInt8> { storage.tbsCertificateBytes }
    /// The signature value's octets.
    @inlinable public var signature: ArraySlice<UInt8> { storage.signature }

    /// Reads a certificate from DER.
    ///
    /// - Throws: ``X509Error`` naming the rule broken and the byte offset.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        let outcome: Result<Certificate, X509Error> = bytes.withUnsafeBytes { raw in
            do throws(X509Error) {
                return .success(try Certificate(bytes: bytes, raw: raw))
            } catch {
                return .failure(error)
            }
        }
        self = try outcome.get()
    }

    /// Reads the first `CERTIFICATE` document of PEM text.
    public init(pemEncoded text: String) throws(X509Error) {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseAll(text)
        } catch {
            throw .malformed(error)
        }
        guard let document = documents.first(where: { $0.label == "CERTIFICATE" || $0.label == "X509 CERTIFICATE" })
        else {
            throw .malformed(DERError(.invalidPEM("no CERTIFICATE document"), at: 0))
        }
        try self.init(derEncoded: document.der)
    }

    private init(bytes: [UInt8], raw: UnsafeRawBufferPointer) throws(X509Error) {
        let whole = bytes[...]
        do {
            var reader = try DERReader(unsafeBytes: raw)
            let certificateNode = try reader.read(.sequence)
            try reader.finish()
            var certificate = try reader.children(of: certificateNode)
            let tbsNode = try certificate.read(.sequence)
            var tbs = try certificate.children(of: tbsNode)

            // version [0] EXPLICIT INTEGER DEFAULT v1
            var version = Version.v1
            if let versionNode = try tbs.readIfPresent(.contextSpecific(0, constructed: true)) {
                var inner = try tbs.children(of: versionNode)
                let number = try inner.readInteger(as: Int.self)
                try inner.finish()
                guard let parsed = Version(rawValue: number), parsed != .v1 else {
                    // v1 is the DEFAULT and DER never encodes a DEFAULT value.
                    throw X509Error.unsupportedVersion(number, offset: versionNode.offset)
                }
                version = parsed
            }
            let serialNode = try tbs.read(.integer)
            try DERContentRules.checkInteger(tbs.content(of: serialNode), at: serialNode.offset)
            let innerAlgorithmNode = try tbs.peek()
            _ = try AlgorithmIdentifier(from: &tbs)
            let issuerNode = try tbs.readAny()
            let issuer = try DistinguishedName(node: issuerNode, in: tbs, bytes: whole)
            let (notBefore, notAfter) = try tbs.readSequence { validity throws(DERError) in
                (try validity.decode(ASN1Time.self), try validity.decode(ASN1Time.self))
            }
            let subjectNode = try tbs.readAny()
            let subject = try DistinguishedName(node: subjectNode, in: tbs, bytes: whole)
            let spki = try SubjectPublicKeyInfo(node: try tbs.readAny(), in: tbs, bytes: whole)
            var issuerUniqueID: ASN1BitString?
            var subjectUniqueID: ASN1BitString?
            var extensions = Extensions([])
            if let node = try tbs.readIfPresent(.contextSpecific(1, constructed: false)) {
                guard version >= .v2 else {
                    throw X509Error.invalidValue("issuerUniqueID in a v1 certificate", offset: node.offset)
                }
                issuerUniqueID = try ASN1BitString(derNode: node, in: tbs, withTag: node.tag)
            }
            if let node = try tbs.readIfPresent(.contextSpecific(2, constructed: false)) {
                guard version >= .v2 else {
                    throw X509Error.invalidValue("subjectUniqueID in a v1 certificate", offset: node.offset)
                }
                subjectUniqueID = try ASN1BitString(derNode: node, in: tbs, withTag: node.tag)
            }
            if let node = try tbs.readIfPresent(.contextSpecific(3, constructed: true)) {
                guard version == .v3 else {
                    throw X509Error.invalidValue(
                        "extensions in a v\(version.rawValue + 1) certificate", offset: node.offset)
                }
                var inner = try tbs.children(of: node)
                let list = try inner.readAny()
                try inner.finish()
                extensions = try Extensions.read(node: list, in: inner, bytes: whole)
            }
            try tbs.finish()

            let (outerAlgorithm, signatureNode) = try SignatureTrailer.read(
                &certificate, innerAlgorithm: innerAlgorithmNode, in: reader)

            storage = Storage(
                derEncoded: bytes,
                version: version,
                serialNumber: bytes[serialNode.contentRange],
                signatureAlgorithm: outerAlgorithm,
                issuer: issuer,
                notBefore: notBefore,
                notAfter: notAfter,
                subject: subject,
                subjectPublicKeyInfo: spki,
                issuerUniqueID: issuerUniqueID,
                subjectUniqueID: subjectUniqueID,
                extensions: extensions,
                tbsCertificateBytes: bytes[tbsNode.encodedRange],
                signature: bytes[(signatureNode.contentOffset + 1)..<signatureNode.endOffset])
        } catch let error as X509Error {
            throw error
        } catch let error as DERError {
            throw .malformed(error)
        } catch {
            // Every call above throws DERError or X509Error.
            throw .invalidValue("\(error)", offset: 0)
        }
    }

    /// Equal when the DER encodings are (every field is read from them).
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.derEncoded == rhs.storage.derEncoded
    }

    /// Hashes the DER encoding, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.derEncoded)
    }

    /// The serial number in upper-case hexadecimal, as OpenSSL prints it.
    public var serialNumberHex: String { Hex.encode(serialNumber) }

    /// Whether the certificate is valid at `secondsSince1970` (inclusive bounds, RFC 5280).
    public func isValid(atSecondsSince1970 instant: Int64) -> Bool {
        notBefore.secondsSince1970 <= instant && instant <= notAfter.secondsSince1970
    }

    /// Whether subject and issuer are the same name (a self-issued certificate: roots, and the
    /// certificates of a CA's key rollover), compared as RFC 5280 §7.1 says
    /// (``DistinguishedName/matches(_:)``).
    public var isSelfIssued: Bool { subject.matches(issuer) }

    /// Subject, issuer, serial and validity on one line.
    public var description: String {
        "Certificate(subject: \(subject), issuer: \(issuer), serial: \(serialNumberHex), "
            + "valid: \(notBefore) – \(notAfter))"
    }
}
