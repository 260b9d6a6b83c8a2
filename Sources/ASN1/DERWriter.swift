/// Writes canonical DER: minimal lengths and tag numbers, and SET OF in ascending order.
///
/// ```swift
/// var writer = DERWriter()
/// writer.writeSequence { sequence in
///     sequence.serialize(ASN1ObjectIdentifier.wellKnown(named: "sha256")!)
///     sequence.writeNull()
/// }
/// let der = writer.bytes
/// ```
public struct DERWriter: Sendable {
    /// The encoding written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer.
    public init() { bytes = [] }

    /// An empty writer with room for `capacity` bytes.
    public init(reservingCapacity capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends identifier octets.
    public mutating func appendTag(_ tag: ASN1Tag) {
        let first = tag.tagClass.rawValue << 6 | (tag.isConstructed ? 0x20 : 0)
        if tag.number < 0x1F {
            bytes.append(first | UInt8(tag.number))
            return
        }
        bytes.append(first | 0x1F)
        var shift = 28
        while shift > 0 && tag.number >> UInt32(shift) == 0 { shift -= 7 }
        while shift > 0 {
            bytes.append(UInt8((tag.number >> UInt32(shift)) & 0x7F) | 0x80)
            shift -= 7
        }
        bytes.append(UInt8(tag.number & 0x7F))
    }

    /// Appends length octets in the minimal form.
    public mutating func appendLength(_ length: Int) {
        precondition(length >= 0, "negative DER length")
        if length < 0x80 {
            bytes.append(UInt8(length))
            return
        }
        let count = Self.lengthOctetCount(length)
        bytes.append(0x80 | UInt8(count))
        for i in stride(from: count - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: length >> (8 * i)))
        }
    }

    /// Appends a primitive element with `tag` and `content`.
    public mutating func writePrimitive(_ tag: ASN1Tag, content: some Collection<UInt8>) {
        appendTag(tag)
        appendLength(content.count)
        bytes.append(contentsOf: content)
    }

    /// Appends a constructed element whose content `body` writes.
    public mutating func writeConstructed<Failure: Error>(
        _ tag: ASN1Tag, _ body: (inout DERWriter) throws(Failure) -> Void
    ) throws(Failure) {
        appendTag(tag.withConstructed(true))
        let lengthPosition = bytes.count
        bytes.append(0)
        try body(&self)
        let length = bytes.count - lengthPosition - 1
        if length < 0x80 {
            bytes[lengthPosition] = UInt8(length)
            return
        }
        let count = Self.lengthOctetCount(length)
        var header: [UInt8] = [0x80 | UInt8(count)]
        for i in stride(from: count - 1, through: 0, by: -1) {
            header.append(UInt8(truncatingIfNeeded: length >> (8 * i)))
        }
        bytes.replaceSubrange(lengthPosition..<(lengthPosition + 1), with: header)
    }

    /// Appends a SEQUENCE whose content `body` writes.
    public mutating func writeSequence<Failure: Error>(
        _ body: (inout DERWriter) throws(Failure) -> Void
    ) throws(Failure) {
        try writeConstructed(.sequence, body)
    }

    /// Appends a SET OF (or a `tag`ged one) of `elements`, sorted in DER's ascending order of
    /// their encodings.
    public mutating func writeSetOf<Element: DERSerializable>(
        _ elements: some Sequence<Element>, tag: ASN1Tag = .set
    ) {
        var encodings: [[UInt8]] = elements.map { element in
            var writer = DERWriter()
            element.serialize(into: &writer)
            return writer.bytes
        }
        encodings.sort(by: Self.derSetOrder)
        writeConstructed(tag) { set in
            for encoding in encodings { set.bytes.append(contentsOf: encoding) }
        }
    }

    /// Appends bytes that are already a DER encoding (one or more whole elements).
    public mutating func appendEncoded(_ encoded: some Collection<UInt8>) {
        bytes.append(contentsOf: encoded)
    }

    /// Appends `value`'s encoding.
    public mutating func serialize<Value: DERSerializable>(_ value: Value) {
        value.serialize(into: &self)
    }

    /// Appends `value`'s encoding under an implicit `tag`.
    public mutating func serialize<Value: DERImplicitlyTaggable>(_ value: Value, implicitTag tag: ASN1Tag) {
        value.serialize(into: &self, withTag: tag)
    }

    /// Appends `value` wrapped in an explicit `tag` (a constructed `[n]` around it).
    public mutating func serialize<Value: DERSerializable>(_ value: Value, explicitTag tag: ASN1Tag) {
        writeConstructed(tag) { inner in value.serialize(into: &inner) }
    }

    /// Appends NULL.
    public mutating func writeNull() {
        bytes.append(contentsOf: [0x05, 0x00])
    }

    /// DER's SET OF order: octet-wise, a shorter encoding padded with zero octets.
    static func derSetOrder(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        if a.count >= b.count { return false }
        return b[a.count...].contains { $0 != 0 }
    }

    static func lengthOctetCount(_ length: Int) -> Int {
        var count = 1
        while count < MemoryLayout<Int>.size && length >> (8 * count) != 0 { count += 1 }
        return count
    }
}
