/// One data object of card data in BER-TLV, as the My Number Card stores it: a view into the
/// caller's bytes.
///
/// The card's EFs use private-class tags (`FF nn` constructed, `DF nn` primitive), lengths in the
/// short form or the long forms `81 xx`, `82 xx xx` (up to `84`), and pad the file with `FF` (or
/// `00`) after the last object. ``BERTLV/parse(_:)`` reads that leniently: non-minimal lengths are
/// accepted and trailing padding is skipped, but an object that runs past the end of its
/// container is an error.
public struct BERTLV: Hashable, Sendable {
    /// The object's tag.
    public let tag: ASN1Tag
    /// The tag's identifier octets as a big-endian number, exactly as the card writes them:
    /// `0xFF10` (My Number), `0xDF22` (name), `0x7F21`, `0x5F4E`. Card data encodes some tags in
    /// the long form where X.690 would use the short one (`FF 10` is private constructed 16), so
    /// this, not ``tag``, is what to match and to write back.
    public let rawTag: UInt32
    /// The offset of the object's first tag octet in the parsed input.
    public let offset: Int
    /// The value octets: a slice of the caller's array (no copy), indexed as in the input.
    public let value: ArraySlice<UInt8>

    /// Creates an object whose tag is written in the minimal form.
    public init(tag: ASN1Tag, offset: Int, value: ArraySlice<UInt8>) {
        self.tag = tag
        self.rawTag = tag.encoded.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        self.offset = offset
        self.value = value
    }

    /// Creates an object from its identifier octets as read.
    public init(rawTag: UInt32, tag: ASN1Tag, offset: Int, value: ArraySlice<UInt8>) {
        self.tag = tag
        self.rawTag = rawTag
        self.offset = offset
        self.value = value
    }

    /// The objects inside a constructed object.
    public func children() throws(DERError) -> [BERTLV] {
        guard tag.isConstructed else { throw DERError(.invalidTLV("primitive object has no children"), at: offset) }
        return try BERTLV.parse(value)
    }

    /// The first child with `tag`, or `nil`.
    public func child(_ tag: ASN1Tag) throws(DERError) -> BERTLV? {
        try children().first { $0.tag == tag }
    }

    /// The first child whose identifier octets are `rawTag` (e.g. `0xDF22`), or `nil`.
    public func child(rawTag: UInt32) throws(DERError) -> BERTLV? {
        try children().first { $0.rawTag == rawTag }
    }

    /// The value as UTF-8 text (the card stores names and addresses so).
    public var utf8String: String? {
        String(validating: value, as: UTF8.self)
    }

    /// Reads all objects of `bytes`, stopping at trailing `FF`/`00` padding.
    ///
    /// - Throws: ``DERError/Rule/invalidTLV(_:)`` or ``DERError/Rule/truncated`` with the offset
    ///   of the object that cannot be read.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(DERError) -> [BERTLV] {
        var objects: [BERTLV] = []
        var i = bytes.startIndex
        let end = bytes.endIndex
        // The first octet at or after `i` that is neither FF nor 00, found once per run of such
        // octets (so long runs cost linear time).
        var nextData = bytes.startIndex
        while i < end {
            // Padding: the rest is all FF or 00.
            if bytes[i] == 0xFF || bytes[i] == 0x00 {
                if nextData <= i {
                    nextData = bytes[i..<end].firstIndex { $0 != 0xFF && $0 != 0x00 } ?? end
                }
                if nextData == end { break }
                if bytes[i] == 0x00 {  // 00 between objects is padding too (ISO 7816-4)
                    i += 1
                    continue
                }
            }
            let start = i
            let header = try readHeader(bytes[i..<end])
            i += header.headerLength
            let length = header.valueLength
            guard end - i >= length else { throw DERError(.truncated, at: start) }
            objects.append(
                BERTLV(rawTag: header.rawTag, tag: header.tag, offset: start, value: bytes[i..<(i + length)]))
            i += length
        }
        return objects
    }

    /// The tag and length of the object that starts `bytes`; the value need not be present.
    /// Card readers use it to learn an EF's length from its first bytes.
    ///
    /// - Throws: ``DERError/Rule/truncated`` (at the object's offset) when `bytes` ends inside
    ///   the tag or length octets, ``DERError/Rule/invalidTLV(_:)`` for a tag longer than five
    ///   octets or a length form other than short and `81`…`84`.
    public static func readHeader(
        _ bytes: ArraySlice<UInt8>
    ) throws(DERError) -> (tag: ASN1Tag, rawTag: UInt32, headerLength: Int, valueLength: Int) {
        let start = bytes.startIndex
        let end = bytes.endIndex
        var i = start
        guard i < end else { throw DERError(.truncated, at: start) }
        let first = bytes[i]
        i += 1
        let tagClass = ASN1Tag.TagClass(rawValue: first >> 6) ?? .universal
        var number = UInt32(first & 0x1F)
        if number == 0x1F {
            var value: UInt32 = 0
            var count = 0
            while true {
                guard i < end else { throw DERError(.truncated, at: start) }
                let octet = bytes[i]
                i += 1
                count += 1
                guard count <= 3 else { throw DERError(.invalidTLV("tag longer than 4 octets"), at: start) }
                value = value << 7 | UInt32(octet & 0x7F)
                if octet & 0x80 == 0 { break }
            }
            number = value
        }
        let tagEnd = i
        guard i < end else { throw DERError(.truncated, at: start) }
        let lengthOctet = bytes[i]
        i += 1
        var length = 0
        if lengthOctet < 0x80 {
            length = Int(lengthOctet)
        } else {
            let count = Int(lengthOctet & 0x7F)
            guard (1...4).contains(count) else {
                throw DERError(.invalidTLV("length form \(Hex.encode([lengthOctet]))"), at: start)
            }
            guard end - i >= count else { throw DERError(.truncated, at: start) }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[i])
                i += 1
            }
        }
        let tag = ASN1Tag(tagClass, number: number, constructed: first & 0x20 != 0)
        let rawTag = bytes[start..<tagEnd].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (tag, rawTag, i - start, length)
    }

    /// Reads all objects of `bytes` (see ``parse(_:)-(ArraySlice<UInt8>)``).
    public static func parse(_ bytes: [UInt8]) throws(DERError) -> [BERTLV] {
        try parse(bytes[...])
    }

    /// An object with the identifier octets `rawTag` (e.g. `0xFF10`, `0xDF22`) written as they
    /// are, and a minimal length (short form, or `81`…`84`).
    public static func encode(rawTag: UInt32, value: some Collection<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        var shift = 24
        while shift > 0 && rawTag >> UInt32(shift) == 0 { shift -= 8 }
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: rawTag >> UInt32(shift)))
            shift -= 8
        }
        var writer = DERWriter()
        writer.appendLength(value.count)
        return bytes + writer.bytes + value
    }

    /// The object's encoding with the minimal tag form and the short or `81`/`82`/`83`/`84`
    /// long length form.
    public static func encode(tag: ASN1Tag, value: some Collection<UInt8>) -> [UInt8] {
        var writer = DERWriter()
        writer.writePrimitive(tag, content: value)
        return writer.bytes
    }
}
