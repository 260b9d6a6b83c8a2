// DER decoding and encoding of the primitive universal types.

extension Bool: DERImplicitlyTaggable {
    /// `BOOLEAN`.
    @inlinable public static var defaultTag: ASN1Tag { .boolean }

    /// Decodes a BOOLEAN: one octet, `00` or `FF`.
    @inlinable
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        let content = reader.content(of: node)
        try DERContentRules.checkBoolean(content, at: node.offset)
        self = content[0] == 0xFF
    }

    /// Writes `FF` for `true`, `00` for `false`.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: CollectionOfOne(self ? 0xFF : 0x00))
    }
}

/// INTEGER decoding into fixed-width integers, with range checks.
extension DERReader {
    /// Decodes the INTEGER (or `tag`) `node` as `type`.
    ///
    /// - Throws: ``DERError/Rule/emptyInteger``, ``DERError/Rule/nonMinimalInteger``, or
    ///   ``DERError/Rule/integerOverflow`` when the value does not fit `type` (a negative
    ///   value for an unsigned type included).
    @inlinable
    public func integer<Value: FixedWidthInteger>(
        _ node: DERNode, as type: Value.Type, tag: ASN1Tag = .integer
    ) throws(DERError) -> Value {
        guard node.tag == tag else {
            throw DERError(.unexpectedTag(expected: tag, found: node.tag), at: node.offset)
        }
        let content = self.content(of: node)
        try DERContentRules.checkInteger(content, at: node.offset)
        let negative = content[0] & 0x80 != 0
        if negative && !Value.isSigned { throw DERError(.integerOverflow, at: node.offset) }
        // A leading 00 only carries the sign; it never counts against the width.
        var start = 0
        if content.count > 1 && content[0] == 0 { start = 1 }
        guard content.count - start <= Value.bitWidth / 8 else { throw DERError(.integerOverflow, at: node.offset) }
        var value: Value = negative ? ~0 : 0
        for i in start..<content.count {
            value = (value << 8) | Value(truncatingIfNeeded: content[i])
        }
        if Value.isSigned && (value < 0) != negative { throw DERError(.integerOverflow, at: node.offset) }
        return value
    }

    /// Reads the next element, an INTEGER, as `type`.
    @inlinable
    public mutating func readInteger<Value: FixedWidthInteger>(as type: Value.Type) throws(DERError) -> Value {
        let node = try read(.integer)
        return try integer(node, as: type)
    }
}

/// Encodes `value` as minimal two's-complement big-endian content octets.
@usableFromInline
func integerContent<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
    var bytes: [UInt8] = []
    var remaining = value
    for _ in 0..<(Value.bitWidth / 8) {
        bytes.append(UInt8(truncatingIfNeeded: remaining))
        remaining >>= 8
    }
    bytes.reverse()
    if !Value.isSigned || value >= 0 {
        bytes.insert(0, at: 0)  // room for the sign bit of unsigned values
    }
    return ASN1Integer.minimized(bytes)
}

extension Int: DERImplicitlyTaggable {}
extension Int8: DERImplicitlyTaggable {}
extension Int16: DERImplicitlyTaggable {}
extension Int32: DERImplicitlyTaggable {}
extension Int64: DERImplicitlyTaggable {}
extension UInt: DERImplicitlyTaggable {}
extension UInt8: DERImplicitlyTaggable {}
extension UInt16: DERImplicitlyTaggable {}
extension UInt32: DERImplicitlyTaggable {}
extension UInt64: DERImplicitlyTaggable {}

extension FixedWidthInteger where Self: DERImplicitlyTaggable {
    /// `INTEGER`.
    @inlinable public static var defaultTag: ASN1Tag { .integer }

    /// Decodes an INTEGER that fits this type.
    @inlinable
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        self = try reader.integer(node, as: Self.self, tag: tag)
    }

    /// Writes the minimal two's-complement encoding.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: integerContent(self))
    }
}

/// An INTEGER of any size, as big-endian two's-complement content octets (serial numbers, RSA
/// moduli).
public struct ASN1Integer: DERImplicitlyTaggable, Hashable, Sendable, CustomStringConvertible {
    /// `INTEGER`.
    public static var defaultTag: ASN1Tag { .integer }

    /// The minimal two's-complement big-endian content octets.
    public let contentBytes: [UInt8]

    /// An integer from big-endian two's-complement octets; redundant leading octets are
    /// removed.
    ///
    /// - Throws: ``DERError/Rule/emptyInteger`` for no octets.
    public init(twosComplement bytes: [UInt8]) throws(DERError) {
        guard !bytes.isEmpty else { throw DERError(.emptyInteger, at: 0) }
        contentBytes = Self.minimized(bytes)
    }

    /// A non-negative integer from its unsigned big-endian magnitude (a `00` is prefixed when
    /// the top bit is set).
    public init(unsignedMagnitude bytes: [UInt8]) {
        contentBytes = Self.minimized([0] + bytes)
    }

    /// An integer from a fixed-width value.
    public init<Value: FixedWidthInteger>(_ value: Value) {
        contentBytes = integerContent(value)
    }

    /// Decodes an INTEGER of any size.
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        let content = reader.content(of: node)
        try DERContentRules.checkInteger(content, at: node.offset)
        contentBytes = Array(content)
    }

    /// Writes the content octets.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: contentBytes)
    }

    /// `true` for a negative value.
    public var isNegative: Bool { contentBytes[0] & 0x80 != 0 }

    /// The unsigned magnitude octets of a non-negative value (the sign octet removed).
    public var magnitude: ArraySlice<UInt8> {
        contentBytes.count > 1 && contentBytes[0] == 0 ? contentBytes[1...] : contentBytes[...]
    }

    /// The value as `type`, or `nil` when it does not fit.
    public func value<Value: FixedWidthInteger>(as type: Value.Type) -> Value? {
        let negative = isNegative
        if negative && !Value.isSigned { return nil }
        let octets = Value.isSigned ? contentBytes[...] : magnitude
        guard octets.count <= Value.bitWidth / 8 else { return nil }
        var result: Value = negative ? ~0 : 0
        for octet in octets { result = (result << 8) | Value(truncatingIfNeeded: octet) }
        if Value.isSigned && (result < 0) != negative { return nil }
        return result
    }

    /// Upper-case hexadecimal of the content octets, e.g. `00C3F1…`.
    public var description: String { Hex.encode(contentBytes) }

    static func minimized(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        while start + 1 < bytes.count {
            let first = bytes[start]
            let nextHigh = bytes[start + 1] & 0x80
            if (first == 0 && nextHigh == 0) || (first == 0xFF && nextHigh != 0) {
                start += 1
            } else {
                break
            }
        }
        return Array(bytes[start...])
    }
}

/// A BIT STRING: its octets and the number of unused bits in the last one.
public struct ASN1BitString: DERImplicitlyTaggable, Hashable, Sendable {
    /// `BIT STRING`.
    public static var defaultTag: ASN1Tag { .bitString }

    /// The octets holding the bits (without the unused-bits octet).
    public let bytes: [UInt8]
    /// The unused bits at the end of the last octet, 0…7.
    public let unusedBits: Int

    /// A bit string of whole octets.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.unusedBits = 0
    }

    /// A bit string whose last octet has `unusedBits` unused (zero) bits.
    ///
    /// - Throws: ``DERError/Rule/invalidBitString`` (at offset 0) when the rules of DER are not
    ///   met.
    public init(bytes: [UInt8], unusedBits: Int) throws(DERError) {
        guard (0...7).contains(unusedBits) else { throw DERError(.invalidBitString, at: 0) }
        if unusedBits > 0 {
            guard let last = bytes.last, last & UInt8((1 << unusedBits) - 1) == 0 else {
                throw DERError(.invalidBitString, at: 0)
            }
        }
        self.bytes = bytes
        self.unusedBits = unusedBits
    }

    /// A named-bit list (KeyUsage style) with bit 0 first; trailing zero bits are dropped, as
    /// DER requires.
    public init(namedBits: [Bool]) {
        guard let last = namedBits.lastIndex(of: true) else {
            self.bytes = []
            self.unusedBits = 0
            return
        }
        var bytes = [UInt8](repeating: 0, count: last / 8 + 1)
        for (index, bit) in namedBits.enumerated() where bit {
            bytes[index / 8] |= 0x80 >> UInt8(index % 8)
        }
        self.bytes = bytes
        self.unusedBits = 7 - last % 8
    }

    /// Decodes a BIT STRING.
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        let content = reader.content(of: node)
        try DERContentRules.checkBitString(content, at: node.offset)
        unusedBits = Int(content[0])
        bytes = Array(content[1...])
    }

    /// Writes the unused-bits octet and the octets.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: [UInt8(unusedBits)] + bytes)
    }

    /// Whether bit `index` (0 = the most significant bit of the first octet) is set.
    public func bit(_ index: Int) -> Bool {
        guard index >= 0, index < bytes.count * 8 - unusedBits else { return false }
        return bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }
}

/// An OCTET STRING.
public struct ASN1OctetString: DERImplicitlyTaggable, Hashable, Sendable {
    /// `OCTET STRING`.
    public static var defaultTag: ASN1Tag { .octetString }

    /// The octets.
    public let bytes: [UInt8]

    /// An octet string of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes an OCTET STRING.
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        bytes = Array(reader.content(of: node))
    }

    /// Writes the octets.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: bytes)
    }
}

/// NULL.
public struct ASN1Null: DERImplicitlyTaggable, Hashable, Sendable {
    /// `NULL`.
    public static var defaultTag: ASN1Tag { .null }

    /// NULL.
    public init() {}

    /// Decodes a NULL: no content octets.
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        try DERContentRules.checkNull(reader.content(of: node), at: node.offset)
    }

    /// Writes `05 00` (or the implicit tag and `00`).
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: EmptyCollection())
    }
}

extension ASN1ObjectIdentifier: DERImplicitlyTaggable {
    /// `OBJECT IDENTIFIER`.
    @inlinable public static var defaultTag: ASN1Tag { .objectIdentifier }

    /// Decodes an OBJECT IDENTIFIER without allocating (for identifiers up to 32 octets).
    @inlinable
    public init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError) {
        try Self.expect(tag, on: node)
        try self.init(content: reader.content(of: node), at: node.offset)
    }

    /// Writes the content octets.
    public func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag) {
        writer.writePrimitive(tag, content: contentBytes)
    }
}

extension ASN1Time: DERParseable, DERSerializable {
    /// Decodes a UTCTime or GeneralizedTime.
    public init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
        guard node.tag == .utcTime || node.tag == .generalizedTime else {
            throw DERError(.unexpectedTag(expected: .utcTime, found: node.tag), at: node.offset)
        }
        try self.init(content: reader.content(of: node), tag: node.tag, at: node.offset)
    }

    /// Writes the time in its ``form``.
    public func serialize(into writer: inout DERWriter) {
        writer.writePrimitive(tag, content: encodedContent)
    }
}

extension ASN1CharacterString: DERParseable, DERSerializable {
    /// Decodes any of the character string types, checking its character set.
    public init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
        guard let kind = Kind(tag: node.tag) else {
            throw DERError(.unexpectedTag(expected: .utf8String, found: node.tag), at: node.offset)
        }
        let content = reader.content(of: node)
        try kind.validate(content, at: node.offset)
        self.kind = kind
        self.value = kind.decode(content)
    }

    /// Writes the string in its ``kind``.
    public func serialize(into writer: inout DERWriter) {
        writer.writePrimitive(kind.tag, content: kind.encode(value) ?? [])
    }
}

/// One whole element copied out of its input: for fields kept raw (unknown extensions,
/// algorithm parameters) and for round trips.
public struct ASN1Element: DERParseable, DERSerializable, Hashable, Sendable {
    /// The element's tag.
    public let tag: ASN1Tag
    /// The identifier, length and content octets.
    public let encoded: [UInt8]
    /// Where the content starts in ``encoded``.
    public let headerLength: Int

    /// Copies `node`'s encoding, after checking that the whole element is DER (an ANY field is
    /// still DER: every nested element and every primitive universal value follows the rules).
    ///
    /// - Throws: the first rule broken inside the element, at its offset in the reader's input.
    public init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
        let encoding = reader.encoding(of: node)
        do {
            try DER.walk(encoding, limits: reader.limits) { _, _ in }
        } catch {
            throw DERError(error.rule, at: node.offset + error.offset)
        }
        tag = node.tag
        encoded = Array(encoding)
        headerLength = node.headerLength
    }

    /// An element from a complete DER encoding.
    ///
    /// - Throws: when `encoded` is not exactly one DER element.
    public init(encoded: [UInt8]) throws(DERError) {
        self = try DER.parse(ASN1Element.self, from: encoded)
    }

    /// The content octets.
    public var content: ArraySlice<UInt8> { encoded[headerLength...] }

    /// Writes the element as it is.
    public func serialize(into writer: inout DERWriter) {
        writer.appendEncoded(encoded)
    }
}
