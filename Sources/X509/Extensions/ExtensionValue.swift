import JPKIASN1

/// A typed certificate extension: a value that knows its extension's OID, decodes itself from
/// the DER inside the extnValue OCTET STRING and writes that DER back, in the spirit of
/// swift-certificates' typed extensions.
///
/// Every conforming type offers ``init(_:)`` to decode an ``Extension`` and
/// ``makeExtension(critical:)`` to build one:
///
/// ```swift
/// let constraints = BasicConstraints.isCertificateAuthority(maxPathLength: nil)
/// let ext = constraints.makeExtension(critical: true)
/// let decoded = try BasicConstraints(ext)
/// ```
///
/// Decoding is strict DER: values equal to a DEFAULT are rejected when encoded, named bit lists
/// must not end in zero bits, `SIZE (1..MAX)` sequences must not be empty.
public protocol ExtensionValue: DERSerializable, Hashable, Sendable {
    /// The extension's identifier.
    static var oid: ASN1ObjectIdentifier { get }

    /// Decodes the extension value: the DER inside the extnValue OCTET STRING (exactly one
    /// element). Offsets in the error count from the first byte of `value`.
    init(derEncoded value: ArraySlice<UInt8>) throws(DERError)
}

extension ExtensionValue {
    /// Decodes `extension`, which must carry ``oid``.
    ///
    /// - Throws: ``X509Error/invalidExtension(_:_:)`` with the DER rule broken (offsets count
    ///   from the start of the extension value), or ``X509Error/invalidValue(_:offset:)`` when
    ///   the extension has another OID.
    public init(_ extension: Extension) throws(X509Error) {
        guard `extension`.oid == Self.oid else {
            throw .invalidValue("extension \(`extension`.oid) is not \(Self.oid)", offset: 0)
        }
        do {
            try self.init(derEncoded: `extension`.value)
        } catch {
            throw .invalidExtension(`extension`.oid, error)
        }
    }

    /// Decodes a whole extension value held in an array.
    public init(derEncoded value: [UInt8]) throws(DERError) {
        try self.init(derEncoded: value[...])
    }

    /// The extension value's DER (what goes inside the extnValue OCTET STRING).
    public var derEncoded: [UInt8] {
        var writer = DERWriter()
        serialize(into: &writer)
        return writer.bytes
    }

    /// The ``Extension`` carrying this value, with the given criticality.
    public func makeExtension(critical: Bool = false) -> Extension {
        Extension(oid: Self.oid, critical: critical, value: derEncoded[...])
    }
}

extension Extensions {
    /// The extension of type `type`, decoded, or `nil` when the certificate does not carry it.
    ///
    /// - Throws: ``X509Error/invalidExtension(_:_:)`` when the extension is present but its
    ///   value does not decode.
    public func decode<Value: ExtensionValue>(_ type: Value.Type) throws(X509Error) -> Value? {
        guard let found = self[oid: Value.oid] else { return nil }
        return try Value(found)
    }
}

extension ASN1ObjectIdentifier {
    /// The identifiers of the certificate extensions this package decodes (RFC 5280 §4.2).
    public enum X509ExtensionID {
        /// subjectKeyIdentifier, 2.5.29.14
        public static let subjectKeyIdentifier: ASN1ObjectIdentifier = "2.5.29.14"
        /// keyUsage, 2.5.29.15
        public static let keyUsage: ASN1ObjectIdentifier = "2.5.29.15"
        /// subjectAltName, 2.5.29.17
        public static let subjectAlternativeName: ASN1ObjectIdentifier = "2.5.29.17"
        /// issuerAltName, 2.5.29.18
        public static let issuerAlternativeName: ASN1ObjectIdentifier = "2.5.29.18"
        /// basicConstraints, 2.5.29.19
        public static let basicConstraints: ASN1ObjectIdentifier = "2.5.29.19"
        /// nameConstraints, 2.5.29.30
        public static let nameConstraints: ASN1ObjectIdentifier = "2.5.29.30"
        /// cRLDistributionPoints, 2.5.29.31
        public static let crlDistributionPoints: ASN1ObjectIdentifier = "2.5.29.31"
        /// certificatePolicies, 2.5.29.32
        public static let certificatePolicies: ASN1ObjectIdentifier = "2.5.29.32"
        /// policyMappings, 2.5.29.33
        public static let policyMappings: ASN1ObjectIdentifier = "2.5.29.33"
        /// authorityKeyIdentifier, 2.5.29.35
        public static let authorityKeyIdentifier: ASN1ObjectIdentifier = "2.5.29.35"
        /// policyConstraints, 2.5.29.36
        public static let policyConstraints: ASN1ObjectIdentifier = "2.5.29.36"
        /// extKeyUsage, 2.5.29.37
        public static let extendedKeyUsage: ASN1ObjectIdentifier = "2.5.29.37"
        /// inhibitAnyPolicy, 2.5.29.54
        public static let inhibitAnyPolicy: ASN1ObjectIdentifier = "2.5.29.54"
        /// authorityInfoAccess, 1.3.6.1.5.5.7.1.1
        public static let authorityInformationAccess: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.1.1"
    }
}

/// Shared decoding steps of the typed extensions.
enum ExtensionDecoding {
    /// Runs `body` on the single element of `value`; bytes after it are rejected.
    static func single<Result>(
        _ value: ArraySlice<UInt8>, _ body: (DERNode, DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        try DER.withReader(value) { reader throws(DERError) in
            guard let node = try reader.next() else { throw DERError(.truncated, at: 0) }
            try reader.finish()
            return try body(node, reader)
        }
    }

    /// Throws ``DERError/Rule/unexpectedTag(expected:found:)`` unless `node` carries `tag`.
    static func expect(_ tag: ASN1Tag, _ node: DERNode) throws(DERError) {
        guard node.tag == tag else { throw DERError(.unexpectedTag(expected: tag, found: node.tag), at: node.offset) }
    }

    /// The GeneralName elements inside the constructed `node` (a `GeneralNames` SEQUENCE or an
    /// implicitly tagged one), at least one.
    static func generalNames(
        _ node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>
    ) throws(DERError) -> [GeneralName] {
        var names: [GeneralName] = []
        var elements = try reader.children(of: node)
        while let element = try elements.next() {
            names.append(try GeneralName(node: element, in: elements, bytes: bytes))
        }
        guard !names.isEmpty else {
            throw DERError(.missingElement(expected: .contextSpecific(0, constructed: true)), at: node.offset)
        }
        return names
    }

    /// The bits of a DER named bit list (KeyUsage, ReasonFlags): trailing zero bits are not
    /// allowed, and no bit at or beyond `limit` may be set.
    static func namedBits(_ node: DERNode, in reader: DERReader, tag: ASN1Tag, limit: Int) throws(DERError) -> [Bool] {
        let bits = try ASN1BitString(derNode: node, in: reader, withTag: tag)
        if let last = bits.bytes.last, last & (1 << UInt8(bits.unusedBits)) == 0 {
            // X.690 11.2.2: a named bit list is encoded without trailing zero bits.
            throw DERError(.invalidBitString, at: node.offset)
        }
        let count = bits.bytes.count * 8 - bits.unusedBits
        guard count <= limit else { throw DERError(.invalidBitString, at: node.offset) }
        return (0..<count).map { bits.bit($0) }
    }
}

extension Extension {
    /// The typed extensions this package decodes.
    public static let knownValueTypes: [any ExtensionValue.Type] = [
        SubjectKeyIdentifier.self, KeyUsage.self, SubjectAlternativeNames.self, IssuerAlternativeNames.self,
        BasicConstraints.self, NameConstraints.self, CRLDistributionPoints.self, CertificatePolicies.self,
        AuthorityKeyIdentifier.self, ExtendedKeyUsage.self, AuthorityInformationAccess.self, PolicyMappings.self,
        PolicyConstraints.self, InhibitAnyPolicy.self,
    ]

    /// The extension's value decoded as its type, or `nil` when this package has no type for
    /// the OID (the extension is then kept raw).
    ///
    /// - Throws: ``X509Error/invalidExtension(_:_:)`` when the value does not decode.
    public func decodedValue() throws(X509Error) -> (any ExtensionValue)? {
        guard let type = Self.knownValueTypes.first(where: { $0.oid == oid }) else { return nil }
        return try type.init(self)
    }
}
