import JPKIASN1

/// The policyMappings extension (RFC 5280 §4.2.1.5): which policies of the issuer's domain a
/// CA considers equivalent to which policies of the subject's domain.
///
/// ```
/// PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
///      issuerDomainPolicy      CertPolicyId,
///      subjectDomainPolicy     CertPolicyId }
/// ```
///
/// Path validation (RFC 5280 §6.1.4 (a), (b)) refuses a mapping to or from anyPolicy.
public struct PolicyMappings: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// One mapping: the issuer's policy and the subject's equivalent.
    public struct Mapping: Hashable, Sendable, CustomStringConvertible {
        /// The policy in the issuing CA's domain.
        public var issuerDomainPolicy: ASN1ObjectIdentifier
        /// The equivalent policy in the subject's domain.
        public var subjectDomainPolicy: ASN1ObjectIdentifier

        /// A mapping of `issuerDomainPolicy` to `subjectDomainPolicy`.
        public init(issuerDomainPolicy: ASN1ObjectIdentifier, subjectDomainPolicy: ASN1ObjectIdentifier) {
            self.issuerDomainPolicy = issuerDomainPolicy
            self.subjectDomainPolicy = subjectDomainPolicy
        }

        /// `issuer:subject`, as OpenSSL prints a mapping.
        public var description: String { "\(issuerDomainPolicy):\(subjectDomainPolicy)" }
    }

    /// The mappings, in order.
    public var mappings: [Mapping]

    /// Mappings (at least one, for a valid encoding).
    public init(_ mappings: [Mapping]) { self.mappings = mappings }

    /// policyMappings, 2.5.29.33
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.policyMappings

    /// Decodes the SEQUENCE OF mappings.
    ///
    /// - Throws: `DERError` for malformed DER or an empty list.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        mappings = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var elements = try reader.children(of: node)
            var mappings: [Mapping] = []
            while !elements.isAtEnd {
                mappings.append(
                    try elements.readSequence { fields throws(DERError) in
                        let issuer = try fields.decode(ASN1ObjectIdentifier.self)
                        let subject = try fields.decode(ASN1ObjectIdentifier.self)
                        try fields.finish()
                        return Mapping(issuerDomainPolicy: issuer, subjectDomainPolicy: subject)
                    })
            }
            guard !mappings.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            return mappings
        }
    }

    /// Writes the SEQUENCE OF mappings.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for mapping in mappings {
                sequence.writeSequence { fields in
                    fields.serialize(mapping.issuerDomainPolicy)
                    fields.serialize(mapping.subjectDomainPolicy)
                }
            }
        }
    }

    /// The first index.
    public var startIndex: Int { mappings.startIndex }
    /// Past the last index.
    public var endIndex: Int { mappings.endIndex }
    /// The mapping at `position`.
    public subscript(position: Int) -> Mapping { mappings[position] }

    /// The mappings separated by `, `.
    public var description: String { mappings.map(\.description).joined(separator: ", ") }
}

/// The policyConstraints extension (RFC 5280 §4.2.1.11): after how many more certificates
/// the path must carry an explicit policy, and after how many policy mapping stops.
///
/// ```
/// PolicyConstraints ::= SEQUENCE {
///      requireExplicitPolicy           [0] SkipCerts OPTIONAL,
///      inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
///
/// SkipCerts ::= INTEGER (0..MAX)
/// ```
public struct PolicyConstraints: ExtensionValue, CustomStringConvertible {
    /// The number of further certificates after which an explicit policy is required.
    public var requireExplicitPolicy: Int?
    /// The number of further certificates after which policy mapping is no longer allowed.
    public var inhibitPolicyMapping: Int?

    /// Constraints (RFC 5280: at least one of them present).
    public init(requireExplicitPolicy: Int? = nil, inhibitPolicyMapping: Int? = nil) {
        self.requireExplicitPolicy = requireExplicitPolicy
        self.inhibitPolicyMapping = inhibitPolicyMapping
    }

    /// policyConstraints, 2.5.29.36
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.policyConstraints

    /// Decodes the SEQUENCE.
    ///
    /// - Throws: `DERError` for malformed DER, a negative count, or an empty SEQUENCE (RFC
    ///   5280: conforming CAs MUST NOT issue one).
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        self = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var fields = try reader.children(of: node)
            var result = PolicyConstraints()
            if let field = try fields.readIfPresent(.contextSpecific(0, constructed: false)) {
                result.requireExplicitPolicy = try Self.skipCerts(field, in: fields)
            }
            if let field = try fields.readIfPresent(.contextSpecific(1, constructed: false)) {
                result.inhibitPolicyMapping = try Self.skipCerts(field, in: fields)
            }
            try fields.finish()
            guard result.requireExplicitPolicy != nil || result.inhibitPolicyMapping != nil else {
                throw DERError(.missingElement(expected: .contextSpecific(0, constructed: false)), at: node.offset)
            }
            return result
        }
    }

    /// A SkipCerts INTEGER (0..MAX) carrying `node`'s tag.
    static func skipCerts(_ node: DERNode, in reader: DERReader) throws(DERError) -> Int {
        let number = try reader.integer(node, as: Int.self, tag: node.tag)
        guard number >= 0 else { throw DERError(.integerOverflow, at: node.offset) }
        return number
    }

    /// Writes the SEQUENCE.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if let requireExplicitPolicy {
                sequence.serialize(requireExplicitPolicy, implicitTag: .contextSpecific(0, constructed: false))
            }
            if let inhibitPolicyMapping {
                sequence.serialize(inhibitPolicyMapping, implicitTag: .contextSpecific(1, constructed: false))
            }
        }
    }

    /// E.g. `Require Explicit Policy:0, Inhibit Policy Mapping:1`, as OpenSSL prints it.
    public var description: String {
        var parts: [String] = []
        if let requireExplicitPolicy { parts.append("Require Explicit Policy:\(requireExplicitPolicy)") }
        if let inhibitPolicyMapping { parts.append("Inhibit Policy Mapping:\(inhibitPolicyMapping)") }
        return parts.joined(separator: ", ")
    }
}

/// The inhibitAnyPolicy extension (RFC 5280 §4.2.1.14): the number of further certificates
/// after which anyPolicy no longer matches other policies.
///
/// ```
/// InhibitAnyPolicy ::= SkipCerts
/// SkipCerts ::= INTEGER (0..MAX)
/// ```
public struct InhibitAnyPolicy: ExtensionValue, CustomStringConvertible {
    /// The number of further non-self-issued certificates in which anyPolicy is still honoured.
    public var skipCerts: Int

    /// The extension with `skipCerts`.
    public init(skipCerts: Int) { self.skipCerts = skipCerts }

    /// inhibitAnyPolicy, 2.5.29.54
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.inhibitAnyPolicy

    /// Decodes the INTEGER.
    ///
    /// - Throws: `DERError` for malformed DER or a negative value.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        skipCerts = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.integer, node)
            return try PolicyConstraints.skipCerts(node, in: reader)
        }
    }

    /// Writes the INTEGER.
    public func serialize(into writer: inout DERWriter) {
        writer.serialize(skipCerts)
    }

    /// The count.
    public var description: String { "\(skipCerts)" }
}

extension Extensions {
    /// The policyMappings extension, decoded, or `nil` when absent.
    public var policyMappings: PolicyMappings? {
        get throws(X509Error) { try decode(PolicyMappings.self) }
    }

    /// The policyConstraints extension, decoded, or `nil` when absent.
    public var policyConstraints: PolicyConstraints? {
        get throws(X509Error) { try decode(PolicyConstraints.self) }
    }

    /// The inhibitAnyPolicy extension, decoded, or `nil` when absent.
    public var inhibitAnyPolicy: InhibitAnyPolicy? {
        get throws(X509Error) { try decode(InhibitAnyPolicy.self) }
    }
}
