import ASN1

/// The issuing distribution point extension of a CRL (RFC 5280 §5.2.5): which distribution
/// point the CRL is for, and which certificates and reasons it covers.
///
/// ```
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
public struct IssuingDistributionPoint: Hashable, Sendable {
    /// A DistributionPointName: a full name, or a name relative to the CRL issuer.
    public enum Name: Hashable, Sendable {
        /// `[0] fullName`: general names (usually one URI or directoryName).
        case fullName([GeneralName])
        /// `[1] nameRelativeToCRLIssuer`: an RDN appended to the CRL issuer's name.
        case nameRelativeToCRLIssuer(DistinguishedName.RelativeDistinguishedName)
    }

    /// The distribution point, when named.
    public var distributionPoint: Name?
    /// The CRL lists end-entity certificates only.
    public var onlyContainsUserCerts: Bool
    /// The CRL lists CA certificates only.
    public var onlyContainsCACerts: Bool
    /// The reasons the CRL covers, or `nil` for all of them. ReasonFlags bit 0 (`unused`) is
    /// reported as ``RevocationReason/unspecified``.
    public var onlySomeReasons: Set<RevocationReason>?
    /// The CRL may list certificates of other issuers (entries name them with certificateIssuer).
    public var indirectCRL: Bool
    /// The CRL lists attribute certificates only.
    public var onlyContainsAttributeCerts: Bool

    /// An issuing distribution point.
    public init(
        distributionPoint: Name? = nil, onlyContainsUserCerts: Bool = false, onlyContainsCACerts: Bool = false,
        onlySomeReasons: Set<RevocationReason>? = nil, indirectCRL: Bool = false,
        onlyContainsAttributeCerts: Bool = false
    ) {
        self.distributionPoint = distributionPoint
        self.onlyContainsUserCerts = onlyContainsUserCerts
        self.onlyContainsCACerts = onlyContainsCACerts
        self.onlySomeReasons = onlySomeReasons
        self.indirectCRL = indirectCRL
        self.onlyContainsAttributeCerts = onlyContainsAttributeCerts
    }

    /// The ReasonFlags bit of each reason (RFC 5280 §4.2.1.13; reason codes 9 and 10 are bits
    /// 7 and 8, and removeFromCRL has no bit).
    static func reasonFlagBit(_ reason: RevocationReason) -> Int? {
        switch reason {
        case .unspecified: return 0
        case .keyCompromise: return 1
        case .cACompromise: return 2
        case .affiliationChanged: return 3
        case .superseded: return 4
        case .cessationOfOperation: return 5
        case .certificateHold: return 6
        case .privilegeWithdrawn: return 7
        case .aACompromise: return 8
        case .removeFromCRL: return nil
        }
    }

    /// Decodes the extension value (the DER inside the extnValue OCTET STRING).
    ///
    /// - Throws: `DERError` for malformed DER, a DEFAULT FALSE encoded, an empty
    ///   SEQUENCE (RFC 5280 forbids it), or more than one of the `onlyContains…` flags set.
    public init(derEncoded value: [UInt8]) throws(DERError) {
        self = try DER.withReader(value) { reader throws(DERError) in
            let node = try reader.read(.sequence)
            try reader.finish()
            guard node.contentLength > 0 else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            var fields = try reader.children(of: node)
            var point = IssuingDistributionPoint()
            if let wrapper = try fields.readIfPresent(.contextSpecific(0, constructed: true)) {
                var inner = try fields.children(of: wrapper)
                let choice = try inner.readAny()
                try inner.finish()
                switch choice.tag {
                case .contextSpecific(0, constructed: true):
                    var names: [GeneralName] = []
                    var elements = try inner.children(of: choice)
                    while let element = try elements.next() {
                        names.append(try GeneralName(node: element, in: elements, bytes: value[...]))
                    }
                    guard !names.isEmpty else {
                        throw DERError(
                            .missingElement(expected: .contextSpecific(0, constructed: true)), at: choice.offset)
                    }
                    point.distributionPoint = .fullName(names)
                case .contextSpecific(1, constructed: true):
                    var attributes: [DistinguishedName.Attribute] = []
                    var set = try inner.children(of: choice)
                    var previous: DERNode?
                    while let element = try set.next() {
                        if let previous, !Self.derOrdered(set.encoding(of: previous), set.encoding(of: element)) {
                            throw DERError(.setOfNotSorted, at: element.offset)
                        }
                        previous = element
                        var pair = try set.children(of: element)
                        guard element.tag == .sequence else {
                            throw DERError(.unexpectedTag(expected: .sequence, found: element.tag), at: element.offset)
                        }
                        let type = try pair.decode(ASN1ObjectIdentifier.self)
                        let valueNode = try pair.readAny()
                        try pair.finish()
                        if let kind = ASN1CharacterString.Kind(tag: valueNode.tag) {
                            try kind.validate(pair.content(of: valueNode), at: valueNode.offset)
                        }
                        attributes.append(.init(type: type, value: try ASN1Element(derNode: valueNode, in: pair)))
                    }
                    guard !attributes.isEmpty else {
                        throw DERError(.missingElement(expected: .sequence), at: choice.offset)
                    }
                    point.distributionPoint = .nameRelativeToCRLIssuer(.init(attributes))
                default:
                    throw DERError(
                        .unexpectedTag(expected: .contextSpecific(0, constructed: true), found: choice.tag),
                        at: choice.offset)
                }
            }
            point.onlyContainsUserCerts = try Self.readFlag(1, from: &fields)
            point.onlyContainsCACerts = try Self.readFlag(2, from: &fields)
            if let flags = try fields.readIfPresent(.contextSpecific(3, constructed: false)) {
                let bits = try ASN1BitString(derNode: flags, in: fields, withTag: flags.tag)
                var reasons = Set<RevocationReason>()
                for reason in RevocationReason.allCases {
                    if let bit = Self.reasonFlagBit(reason), bits.bit(bit) { reasons.insert(reason) }
                }
                point.onlySomeReasons = reasons
            }
            point.indirectCRL = try Self.readFlag(4, from: &fields)
            point.onlyContainsAttributeCerts = try Self.readFlag(5, from: &fields)
            try fields.finish()
            let exclusive = [point.onlyContainsUserCerts, point.onlyContainsCACerts, point.onlyContainsAttributeCerts]
            guard exclusive.filter({ $0 }).count <= 1 else { throw DERError(.invalidBoolean, at: node.offset) }
            return point
        }
    }

    /// Reads `[number] IMPLICIT BOOLEAN DEFAULT FALSE`: DER encodes only TRUE.
    private static func readFlag(_ number: UInt32, from fields: inout DERReader) throws(DERError) -> Bool {
        guard let node = try fields.readIfPresent(.contextSpecific(number, constructed: false)) else { return false }
        guard try Bool(derNode: node, in: fields, withTag: node.tag) else {
            throw DERError(.invalidBoolean, at: node.offset)
        }
        return true
    }

    /// DER's SET OF order: octet-wise, the shorter padded with zeros.
    private static func derOrdered(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count <= b.count || a[b.count...].allSatisfy { $0 == 0 }
    }
}

extension IssuingDistributionPoint: DERSerializable {
    /// Writes the IssuingDistributionPoint SEQUENCE (the extension value).
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if let distributionPoint {
                sequence.writeConstructed(.contextSpecific(0, constructed: true)) { wrapper in
                    switch distributionPoint {
                    case .fullName(let names):
                        wrapper.writeConstructed(.contextSpecific(0, constructed: true)) { inner in
                            for name in names { inner.serialize(name) }
                        }
                    case .nameRelativeToCRLIssuer(let rdn):
                        wrapper.writeSetOf(rdn.attributes, tag: .contextSpecific(1, constructed: true))
                    }
                }
            }
            if onlyContainsUserCerts { sequence.serialize(true, implicitTag: .contextSpecific(1, constructed: false)) }
            if onlyContainsCACerts { sequence.serialize(true, implicitTag: .contextSpecific(2, constructed: false)) }
            if let onlySomeReasons {
                var bits = [Bool](repeating: false, count: 9)
                for reason in onlySomeReasons {
                    if let bit = Self.reasonFlagBit(reason) { bits[bit] = true }
                }
                sequence.serialize(ASN1BitString(namedBits: bits), implicitTag: .contextSpecific(3, constructed: false))
            }
            if indirectCRL { sequence.serialize(true, implicitTag: .contextSpecific(4, constructed: false)) }
            if onlyContainsAttributeCerts {
                sequence.serialize(true, implicitTag: .contextSpecific(5, constructed: false))
            }
        }
    }
}
