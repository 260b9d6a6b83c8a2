import JPKIASN1
import JPKIX509

/// Why a CMS message could not be read or built.
public enum CMSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The DER is not a ContentInfo holding a SignedData of the form RFC 5652 defines.
    case malformed(String)
    /// A part this package does not handle (another content type, an unsupported algorithm).
    case unsupported(String)
    /// The signer produced no signature.
    case signingFailed(String)

    /// One line.
    public var description: String {
        switch self {
        case .malformed(let why): return "malformed CMS: \(why)"
        case .unsupported(let why): return "unsupported CMS: \(why)"
        case .signingFailed(let why): return "signing failed: \(why)"
        }
    }
}

/// A CMS SignedData message (RFC 5652), read: the content (when attached), the certificates,
/// and each signer's identifier, attributes and signature. DER input, as `openssl cms -sign
/// -outform DER` and ``CMSSignedDataBuilder`` write it.
///
/// Verify it with ``JPKIVerifier/verifyCMS(_:detachedContent:at:)``.
public struct CMSSignedData: Sendable {
    /// One SignerInfo.
    public struct SignerInfo: Sendable {
        /// The version: 1 (issuer and serial number) or 3 (subject key identifier).
        public var version: Int
        /// The signer certificate's issuer, when identified by issuer and serial number.
        public var issuer: DistinguishedName?
        /// The signer certificate's serial number content octets, likewise.
        public var serialNumber: [UInt8]?
        /// The signer certificate's subject key identifier, when identified so.
        public var subjectKeyIdentifier: [UInt8]?
        /// The digest algorithm.
        public var digestAlgorithm: AlgorithmIdentifier
        /// The signed attributes as signed: DER with the SET OF tag (`31`), or `nil` when the
        /// signature is over the content itself.
        public var signedAttributesDER: [UInt8]?
        /// The contentType attribute.
        public var contentTypeAttribute: ASN1ObjectIdentifier?
        /// The messageDigest attribute.
        public var messageDigest: [UInt8]?
        /// The signingTime attribute.
        public var signingTime: ASN1Time?
        /// The signature algorithm (rsaEncryption, sha256WithRSAEncryption, RSASSA-PSS, ecdsa-with-SHA256…).
        public var signatureAlgorithm: AlgorithmIdentifier
        /// The signature.
        public var signature: [UInt8]
        /// Every signed attribute, in order (those above included): signingCertificateV2 and
        /// the like are read from here.
        public var signedAttributes: [CMSAttribute] = []
        /// The unsigned attributes: a signature timestamp token (RFC 3161), countersignatures.
        public var unsignedAttributes: [CMSAttribute] = []

        /// The first signed attribute of `type`.
        public func signedAttribute(_ type: ASN1ObjectIdentifier) -> CMSAttribute? {
            signedAttributes.first { $0.type == type }
        }

        /// The first unsigned attribute of `type`.
        public func unsignedAttribute(_ type: ASN1ObjectIdentifier) -> CMSAttribute? {
            unsignedAttributes.first { $0.type == type }
        }

        /// Whether `certificate` is the one this signer names.
        public func identifies(_ certificate: Certificate) -> Bool {
            if let issuer, let serialNumber {
                return certificate.issuer == issuer && certificate.serialNumber.elementsEqual(serialNumber)
            }
            if let subjectKeyIdentifier,
                let identifier = (try? certificate.extensions.subjectKeyIdentifier)??.keyIdentifier
            {
                return identifier.elementsEqual(subjectKeyIdentifier)
            }
            return false
        }
    }

    /// id-signedData, 1.2.840.113549.1.7.2
    public static let signedDataOID: ASN1ObjectIdentifier = "1.2.840.113549.1.7.2"
    /// id-data, 1.2.840.113549.1.7.1
    public static let dataOID: ASN1ObjectIdentifier = "1.2.840.113549.1.7.1"
    /// id-contentType, 1.2.840.113549.1.9.3
    public static let contentTypeAttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.3"
    /// id-messageDigest, 1.2.840.113549.1.9.4
    public static let messageDigestAttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.4"
    /// id-signingTime, 1.2.840.113549.1.9.5
    public static let signingTimeAttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.5"
    /// id-aa-signingCertificate (ESS, RFC 2634), 1.2.840.113549.1.9.16.2.12
    public static let signingCertificateAttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.16.2.12"
    /// id-aa-signingCertificateV2 (ESS, RFC 5035), 1.2.840.113549.1.9.16.2.47
    public static let signingCertificateV2AttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.16.2.47"
    /// id-aa-signatureTimeStampToken (RFC 3161 appendix A), 1.2.840.113549.1.9.16.2.14
    public static let signatureTimeStampTokenAttributeOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.16.2.14"
    /// id-ct-TSTInfo, 1.2.840.113549.1.9.16.1.4
    public static let tstInfoOID: ASN1ObjectIdentifier = "1.2.840.113549.1.9.16.1.4"

    /// The whole message's DER.
    public let derEncoded: [UInt8]
    /// The SignedData version.
    public let version: Int
    /// The encapsulated content's type (id-data for documents).
    public let contentType: ASN1ObjectIdentifier
    /// The encapsulated content, or `nil` for a detached signature.
    public let content: [UInt8]?
    /// The certificates included (the signer's, intermediates).
    public let certificates: [Certificate]
    /// The signers.
    public let signers: [SignerInfo]

    /// Reads a ContentInfo holding a SignedData.
    ///
    /// - Throws: ``CMSError``.
    public init(derEncoded bytes: [UInt8]) throws(CMSError) {
        typealias Parsed = (
            version: Int, type: ASN1ObjectIdentifier, content: [UInt8]?, certificates: [[UInt8]], signers: [SignerInfo]
        )
        let parsed: Parsed
        do {
            parsed = try DER.withReader(bytes) { reader throws(DERError) -> Parsed in
                let result = try reader.readSequence { info throws(DERError) -> Parsed in
                    let type = try info.decode(ASN1ObjectIdentifier.self)
                    guard type == Self.signedDataOID else {
                        throw DERError(.invalidTLV("content type \(type) is not signedData"), at: 0)
                    }
                    return try info.readConstructed(.contextSpecific(0, constructed: true)) {
                        wrapper throws(DERError) in
                        try wrapper.readSequence { signed throws(DERError) in try Self.signedData(&signed) }
                    }
                }
                try reader.finish()
                return result
            }
        } catch {
            throw .malformed(error.description)
        }
        var certificates: [Certificate] = []
        for der in parsed.certificates {
            do {
                certificates.append(try Certificate(derEncoded: der))
            } catch {
                throw .malformed("certificate: \(error)")
            }
        }
        guard !parsed.signers.isEmpty else { throw .malformed("no SignerInfo") }
        derEncoded = bytes
        version = parsed.version
        contentType = parsed.type
        content = parsed.content
        self.certificates = certificates
        signers = parsed.signers
    }

    /// Reads the first `CMS` or `PKCS7` document of PEM text.
    public init(pemEncoded text: String) throws(CMSError) {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseAll(text)
        } catch {
            throw .malformed(error.description)
        }
        guard let document = documents.first(where: { ["CMS", "PKCS7", "PKCS #7 SIGNED DATA"].contains($0.label) })
        else { throw .malformed("no CMS or PKCS7 PEM document") }
        try self.init(derEncoded: document.der)
    }

    private static func signedData(_ signed: inout DERReader) throws(DERError) -> (
        version: Int, type: ASN1ObjectIdentifier, content: [UInt8]?, certificates: [[UInt8]], signers: [SignerInfo]
    ) {
        let version = try signed.readInteger(as: Int.self)
        _ = try signed.read(.set)  // digestAlgorithms: each signer names its own
        let (type, content) = try signed.readSequence {
            encapsulated throws(DERError) -> (ASN1ObjectIdentifier, [UInt8]?) in
            let type = try encapsulated.decode(ASN1ObjectIdentifier.self)
            let content = try encapsulated.readConstructedIfPresent(.contextSpecific(0, constructed: true)) {
                inner throws(DERError) in try inner.decode(ASN1OctetString.self).bytes
            }
            return (type, content)
        }
        var certificates: [[UInt8]] = []
        if let node = try signed.readIfPresent(.contextSpecific(0, constructed: true)) {
            var list = try signed.children(of: node)
            while let element = try list.next() {
                // CertificateChoices: only the plain Certificate (a SEQUENCE) is read.
                if element.tag == .sequence { certificates.append(Array(list.encoding(of: element))) }
            }
        }
        _ = try signed.readIfPresent(.contextSpecific(1, constructed: true))  // crls
        var signers: [SignerInfo] = []
        let set = try signed.read(.set)
        var list = try signed.children(of: set)
        while let element = try list.next() {
            guard element.tag == .sequence else {
                throw DERError(.unexpectedTag(expected: .sequence, found: element.tag), at: element.offset)
            }
            var fields = try list.children(of: element)
            signers.append(try signerInfo(&fields))
            try fields.finish()
        }
        return (version, type, content, certificates, signers)
    }

    private static func signerInfo(_ fields: inout DERReader) throws(DERError) -> SignerInfo {
        let version = try fields.readInteger(as: Int.self)
        var issuer: DistinguishedName?
        var serial: [UInt8]?
        var keyIdentifier: [UInt8]?
        let sid = try fields.readAny()
        if sid.tag == .sequence {
            var parts = try fields.children(of: sid)
            let name = try parts.readAny()
            issuer = try DistinguishedName(derEncoded: Array(parts.encoding(of: name)))
            serial = try parts.decode(ASN1Integer.self).contentBytes
            try parts.finish()
        } else if sid.tag == .contextSpecific(0, constructed: false) {
            keyIdentifier = Array(fields.content(of: sid))
        } else {
            throw DERError(.unexpectedTag(expected: .sequence, found: sid.tag), at: sid.offset)
        }
        let digest = try fields.decode(AlgorithmIdentifierBox.self).value
        var attributesDER: [UInt8]?
        var contentType: ASN1ObjectIdentifier?
        var messageDigest: [UInt8]?
        var signingTime: ASN1Time?
        var signedAttributes: [CMSAttribute] = []
        if let node = try fields.readIfPresent(.contextSpecific(0, constructed: true)) {
            var encoded = Array(fields.encoding(of: node))
            encoded[0] = 0x31
            attributesDER = encoded
            var attributes = try fields.children(of: node)
            while let attribute = try attributes.next() {
                var parts = try attributes.children(of: attribute)
                let type = try parts.decode(ASN1ObjectIdentifier.self)
                let values = try parts.read(.set)
                try parts.finish()
                var valueReader = try parts.children(of: values)
                signedAttributes.append(try CMSAttribute(type: type, values: valueReader))
                let first = try valueReader.readAny()
                switch type {
                case contentTypeAttributeOID:
                    contentType = try ASN1ObjectIdentifier(derNode: first, in: valueReader)
                case messageDigestAttributeOID:
                    messageDigest = try ASN1OctetString(derNode: first, in: valueReader).bytes
                case signingTimeAttributeOID:
                    signingTime = try ASN1Time(derNode: first, in: valueReader)
                default:
                    break
                }
            }
        }
        let algorithm = try fields.decode(AlgorithmIdentifierBox.self).value
        let signature = try fields.decode(ASN1OctetString.self).bytes
        var unsignedAttributes: [CMSAttribute] = []
        if let node = try fields.readIfPresent(.contextSpecific(1, constructed: true)) {
            var attributes = try fields.children(of: node)
            while let attribute = try attributes.next() {
                var parts = try attributes.children(of: attribute)
                let type = try parts.decode(ASN1ObjectIdentifier.self)
                let values = try parts.read(.set)
                try parts.finish()
                unsignedAttributes.append(try CMSAttribute(type: type, values: try parts.children(of: values)))
            }
        }
        return SignerInfo(
            version: version, issuer: issuer, serialNumber: serial, subjectKeyIdentifier: keyIdentifier,
            digestAlgorithm: digest, signedAttributesDER: attributesDER, contentTypeAttribute: contentType,
            messageDigest: messageDigest, signingTime: signingTime, signatureAlgorithm: algorithm, signature: signature,
            signedAttributes: signedAttributes, unsignedAttributes: unsignedAttributes)
    }
}

/// One attribute of a SignerInfo (RFC 5652 §5.3): its type and the DER of each of its values.
public struct CMSAttribute: Hashable, Sendable {
    /// The attribute type.
    public var type: ASN1ObjectIdentifier
    /// Each value's DER (tag included), in order.
    public var values: [[UInt8]]

    /// An attribute.
    public init(type: ASN1ObjectIdentifier, values: [[UInt8]]) {
        self.type = type
        self.values = values
    }

    /// The values a reader over the SET's content holds.
    init(type: ASN1ObjectIdentifier, values reader: DERReader) throws(DERError) {
        var reader = reader
        var values: [[UInt8]] = []
        while let value = try reader.next() { values.append(Array(reader.encoding(of: value))) }
        self.init(type: type, values: values)
    }

    /// `SEQUENCE { type, SET OF values }`.
    public var derEncoded: [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { attribute in
            attribute.serialize(type)
            attribute.writeSetOf(values.map(RawDER.init), tag: .set)
        }
        return writer.bytes
    }
}

/// Reads an AlgorithmIdentifier through its public initializer.
struct AlgorithmIdentifierBox: DERParseable {
    var value: AlgorithmIdentifier

    init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var fields = try reader.children(of: node)
        let algorithm = try fields.decode(ASN1ObjectIdentifier.self)
        let parameters = try fields.isAtEnd ? nil : fields.decode(ASN1Element.self)
        try fields.finish()
        value = AlgorithmIdentifier(algorithm: algorithm, parameters: parameters)
    }
}
