/// Rewrites a BER encoding as DER where BER and DER differ in form only: indefinite lengths
/// become definite, long lengths minimal, and constructed OCTET STRINGs primitive. Signers of
/// real PDFs (the ETSI plugtests' among them) write the outer CMS with indefinite lengths; the
/// signed attributes inside are DER already and keep their bytes.
enum BERNormalizer {
    /// Why BER could not be read.
    struct Failure: Error, Hashable, Sendable {
        var offset: Int
        var reason: String
    }

    /// The DER of the BER element at the start of `bytes`, and how many bytes it took.
    static func normalize(_ bytes: [UInt8], maximumDepth: Int = 64) throws(Failure) -> (der: [UInt8], consumed: Int) {
        var position = 0
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        try element(bytes, &position, depth: 0, maximumDepth: maximumDepth, into: &output)
        return (output, position)
    }

    private static func element(
        _ bytes: [UInt8], _ position: inout Int, depth: Int, maximumDepth: Int, into output: inout [UInt8]
    ) throws(Failure) {
        guard depth <= maximumDepth else {
            throw Failure(offset: position, reason: "nested deeper than \(maximumDepth)")
        }
        let start = position
        guard position < bytes.count else { throw Failure(offset: position, reason: "truncated tag") }
        var tag = [bytes[position]]
        position += 1
        if tag[0] & 0x1F == 0x1F {
            repeat {
                guard position < bytes.count, tag.count < 6 else { throw Failure(offset: start, reason: "bad tag") }
                tag.append(bytes[position])
                position += 1
            } while tag[tag.count - 1] & 0x80 != 0
        }
        let constructed = tag[0] & 0x20 != 0
        guard position < bytes.count else { throw Failure(offset: position, reason: "truncated length") }
        let first = bytes[position]
        position += 1
        var length: Int?
        if first < 0x80 {
            length = Int(first)
        } else if first > 0x80 {
            let octets = Int(first & 0x7F)
            guard octets <= 4, position + octets <= bytes.count else {
                throw Failure(offset: position - 1, reason: "length of \(octets) octets")
            }
            var value = 0
            for _ in 0..<octets {
                value = value << 8 | Int(bytes[position])
                position += 1
            }
            length = value
        } else {
            guard constructed else { throw Failure(offset: start, reason: "indefinite length on a primitive") }
        }
        var content: [UInt8] = []
        if let length {
            guard length <= bytes.count - position else { throw Failure(offset: start, reason: "content past the end") }
            let end = position + length
            if constructed {
                while position < end {
                    try element(bytes, &position, depth: depth + 1, maximumDepth: maximumDepth, into: &content)
                }
                guard position == end else { throw Failure(offset: start, reason: "children overrun the length") }
            } else {
                content = Array(bytes[position..<end])
                position = end
            }
        } else {
            while true {
                guard position + 1 < bytes.count else { throw Failure(offset: start, reason: "no end-of-contents") }
                if bytes[position] == 0, bytes[position + 1] == 0 {
                    position += 2
                    break
                }
                try element(bytes, &position, depth: depth + 1, maximumDepth: maximumDepth, into: &content)
            }
        }
        if tag == [0x24] {
            // A constructed OCTET STRING: the concatenation of its (now DER) segments.
            var joined: [UInt8] = []
            var cursor = 0
            while cursor < content.count {
                let (header, count) = derHeader(content, at: cursor)
                joined += content[(cursor + header)..<(cursor + header + count)]
                cursor += header + count
            }
            tag = [0x04]
            content = joined
        }
        output += tag
        appendLength(content.count, to: &output)
        output += content
    }

    /// The header size and content length of the DER element at `offset` (written by this type).
    private static func derHeader(_ bytes: [UInt8], at offset: Int) -> (Int, Int) {
        var position = offset + 1
        if bytes[offset] & 0x1F == 0x1F {
            while bytes[position] & 0x80 != 0 { position += 1 }
            position += 1
        }
        let first = bytes[position]
        if first < 0x80 { return (position + 1 - offset, Int(first)) }
        let octets = Int(first & 0x7F)
        var value = 0
        for index in 0..<octets { value = value << 8 | Int(bytes[position + 1 + index]) }
        return (position + 1 + octets - offset, value)
    }

    private static func appendLength(_ length: Int, to output: inout [UInt8]) {
        if length < 0x80 {
            output.append(UInt8(length))
            return
        }
        var octets: [UInt8] = []
        var value = length
        while value > 0 {
            octets.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        output.append(0x80 | UInt8(octets.count))
        output += octets
    }
}
