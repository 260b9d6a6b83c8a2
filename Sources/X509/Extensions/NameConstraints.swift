import JPKIASN1

/// The nameConstraints extension (RFC 5280 §4.2.1.10): the name spaces in which the names of
/// certificates below a CA must (permitted) or must not (excluded) lie.
///
/// ```
/// NameConstraints ::= SEQUENCE {
///      permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
///      excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
///
/// GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
///
/// GeneralSubtree ::= SEQUENCE {
///      base                    GeneralName,
///      minimum         [0]     BaseDistance DEFAULT 0,
///      maximum         [1]     BaseDistance OPTIONAL }
/// ```
///
/// An iPAddress base holds an address and a mask (8 or 32 octets); ``GeneralSubtree/ipRange``
/// splits them.
public struct NameConstraints: ExtensionValue, CustomStringConvertible {
    /// One subtree: a base name and the distances below it.
    public struct GeneralSubtree: Hashable, Sendable, CustomStringConvertible {
        /// The root of the subtree.
        public var base: GeneralName
        /// The minimum distance (`0`, the DEFAULT, is not encoded).
        public var minimum: Int
        /// The maximum distance, when limited.
        public var maximum: Int?

        /// A subtree.
        public init(base: GeneralName, minimum: Int = 0, maximum: Int? = nil) {
            self.base = base
            self.minimum = minimum
            self.maximum = maximum
        }

        /// For an iPAddress base of 8 or 16+16 octets: the address and the mask; `nil` for
        /// other names and other lengths.
        public var ipRange: (address: [UInt8], mask: [UInt8])? {
            guard case .ipAddress(let bytes) = base, bytes.count == 8 || bytes.count == 32 else { return nil }
            return (Array(bytes[..<(bytes.count / 2)]), Array(bytes[(bytes.count / 2)...]))
        }

        /// The base as OpenSSL prints it (`IP:address/mask` for address ranges).
        public var description: String {
            if case .ipAddress(let bytes) = base {
                guard let range = ipRange else { return "IP:<invalid length=\(bytes.count)>" }
                let address = GeneralName.ipAddress(range.address).description.dropFirst("IP Address:".count)
                let mask = GeneralName.ipAddress(range.mask).description.dropFirst("IP Address:".count)
                return "IP:\(address)/\(mask)"
            }
            return base.description
        }
    }

    /// The permitted subtrees, when present (never empty).
    public var permittedSubtrees: [GeneralSubtree]?
    /// The excluded subtrees, when present (never empty).
    public var excludedSubtrees: [GeneralSubtree]?

    /// Name constraints (at least one list, for a valid encoding).
    public init(permittedSubtrees: [GeneralSubtree]? = nil, excludedSubtrees: [GeneralSubtree]? = nil) {
        self.permittedSubtrees = permittedSubtrees
        self.excludedSubtrees = excludedSubtrees
    }

    /// nameConstraints, 2.5.29.30
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.nameConstraints

    /// Decodes the NameConstraints SEQUENCE.
    ///
    /// - Throws: `DERError` for malformed DER, an empty SEQUENCE (RFC 5280 forbids it),
    ///   an empty list of subtrees, a negative distance, or an encoded minimum of 0 (the
    ///   DEFAULT; reported as `DERError.Rule.nonMinimalInteger`).
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        self = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var fields = try reader.children(of: node)
            var result = NameConstraints()
            if let list = try fields.readIfPresent(.contextSpecific(0, constructed: true)) {
                result.permittedSubtrees = try Self.decodeSubtrees(list, in: fields, bytes: value)
            }
            if let list = try fields.readIfPresent(.contextSpecific(1, constructed: true)) {
                result.excludedSubtrees = try Self.decodeSubtrees(list, in: fields, bytes: value)
            }
            try fields.finish()
            guard result.permittedSubtrees != nil || result.excludedSubtrees != nil else {
                throw DERError(.missingElement(expected: .contextSpecific(0, constructed: true)), at: node.offset)
            }
            return result
        }
    }

    static func decodeSubtrees(_ node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError)
        -> [GeneralSubtree]
    {
        var elements = try reader.children(of: node)
        var subtrees: [GeneralSubtree] = []
        while !elements.isAtEnd {
            subtrees.append(
                try elements.readSequence { fields throws(DERError) in
                    let base = try GeneralName(node: try fields.readAny(), in: fields, bytes: bytes)
                    var subtree = GeneralSubtree(base: base)
                    if let minimum = try fields.readIfPresent(.contextSpecific(0, constructed: false)) {
                        let distance = try fields.integer(minimum, as: Int.self, tag: minimum.tag)
                        guard distance >= 0 else { throw DERError(.integerOverflow, at: minimum.offset) }
                        // DER: the DEFAULT 0 is never encoded.
                        guard distance != 0 else { throw DERError(.nonMinimalInteger, at: minimum.offset) }
                        subtree.minimum = distance
                    }
                    if let maximum = try fields.readIfPresent(.contextSpecific(1, constructed: false)) {
                        let distance = try fields.integer(maximum, as: Int.self, tag: maximum.tag)
                        guard distance >= 0 else { throw DERError(.integerOverflow, at: maximum.offset) }
                        subtree.maximum = distance
                    }
                    return subtree
                })
        }
        guard !subtrees.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
        return subtrees
    }

    /// Writes the SEQUENCE; a minimum of 0 is omitted.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if let permittedSubtrees {
                Self.serialize(permittedSubtrees, tag: .contextSpecific(0, constructed: true), into: &sequence)
            }
            if let excludedSubtrees {
                Self.serialize(excludedSubtrees, tag: .contextSpecific(1, constructed: true), into: &sequence)
            }
        }
    }

    static func serialize(_ subtrees: [GeneralSubtree], tag: ASN1Tag, into writer: inout DERWriter) {
        writer.writeConstructed(tag) { list in
            for subtree in subtrees {
                list.writeSequence { fields in
                    fields.serialize(subtree.base)
                    if subtree.minimum != 0 {
                        fields.serialize(subtree.minimum, implicitTag: .contextSpecific(0, constructed: false))
                    }
                    if let maximum = subtree.maximum {
                        fields.serialize(maximum, implicitTag: .contextSpecific(1, constructed: false))
                    }
                }
            }
        }
    }

    /// As OpenSSL prints it: `Permitted:` and `Excluded:` sections, one subtree a line.
    public var description: String {
        var lines: [String] = []
        if let permittedSubtrees {
            lines.append("Permitted:")
            lines += permittedSubtrees.map { "  \($0)" }
        }
        if let excludedSubtrees {
            lines.append("Excluded:")
            lines += excludedSubtrees.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension Extensions {
    /// The nameConstraints extension, decoded, or `nil` when absent.
    public var nameConstraints: NameConstraints? {
        get throws(X509Error) { try decode(NameConstraints.self) }
    }
}
