/// Serial numbers as the revocation index sees them.
///
/// A serial is the content octets of a DER INTEGER: two's complement, minimal. A non-negative
/// serial below 2⁶⁴ (at most 8 octets of magnitude: the JPKI's, and the benchmarks' random
/// 8-byte ones) is *short*: its value is its key. Every other serial (longer, or negative) is
/// *long*: its key is a hash of its octets, and a match is confirmed against the CRL's bytes.
enum SerialNumbers {
    /// The value of a short serial, or `nil` for a long one.
    @inline(__always)
    static func shortValue(_ content: UnsafeRawBufferPointer) -> UInt64? {
        let count = content.count
        guard count > 0 else { return nil }
        let first = content[0]
        if first & 0x80 != 0 { return nil }  // negative
        if count > 9 || (count == 9 && first != 0) { return nil }
        var value: UInt64 = 0
        for index in 0..<count { value = value << 8 | UInt64(content[index]) }
        return value
    }

    /// The value of a short serial whose content ends at `end` in `raw` (at least 8 bytes
    /// into it), with one unaligned load.
    @inline(__always)
    static func shortValue(_ raw: UnsafeRawBufferPointer, contentStart start: Int, end: Int) -> UInt64? {
        let count = end - start
        guard count > 0, end >= 8 else { return shortValue(UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
        let first = raw[start]
        if first & 0x80 != 0 || count > 9 || (count == 9 && first != 0) { return nil }
        let word = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
        return count >= 8 ? word : word & ((1 << UInt64(count * 8)) - 1)
    }

    /// A bijective mix of 64 bits (the SplitMix64 finalizer): sequential serials spread evenly
    /// over the buckets, and distinct serials keep distinct keys.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The inverse of ``mix(_:)``.
    static func unmix(_ value: UInt64) -> UInt64 {
        var z = value
        z = z ^ (z >> 31) ^ (z >> 62)
        z = z &* 0x3196_42B2_D24D_8EC3  // inverse of 0x94D049BB133111EB
        z = z ^ (z >> 27) ^ (z >> 54)
        z = z &* 0x96DE_1B17_3F11_9089  // inverse of 0xBF58476D1CE4E5B9
        return z ^ (z >> 30) ^ (z >> 60)
    }

    /// The key of a long serial: a hash of its content octets.
    @inline(__always)
    static func longHash(_ content: UnsafeRawBufferPointer) -> UInt64 {
        var hash = mix(UInt64(content.count) &* 0x9E37_79B9_7F4A_7C15)
        var index = 0
        while index + 8 <= content.count {
            hash = mix(hash ^ content.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < content.count {
            tail |= UInt64(content[index]) << shift
            shift += 8
            index += 1
        }
        return mix(hash ^ tail ^ 0x5555_5555_5555_5555)
    }

    /// The minimal two's-complement form of `bytes` (redundant leading `00`/`FF` octets
    /// removed), or `nil` for no octets.
    static func canonical(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var octets = Array(bytes)
        guard !octets.isEmpty else { return nil }
        var start = 0
        while start + 1 < octets.count {
            let next = octets[start + 1] & 0x80
            if (octets[start] == 0 && next == 0) || (octets[start] == 0xFF && next != 0) {
                start += 1
            } else {
                break
            }
        }
        if start > 0 { octets.removeFirst(start) }
        return octets
    }

    /// The content octets of the non-negative INTEGER `value`.
    static func content(of value: UInt64) -> [UInt8] {
        var octets: [UInt8] = [0]
        for shift in stride(from: 56, through: 0, by: -8) {
            octets.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
        return canonical(octets) ?? [0]
    }

    /// OpenSSL's rendering: upper-case hexadecimal of the magnitude, `-` first when negative.
    static func hex(_ content: [UInt8]) -> String {
        guard let first = content.first else { return "" }
        if first & 0x80 == 0 {
            return hexDigits(content.count > 1 && first == 0 ? content.dropFirst() : content[...])
        }
        // Negative: the magnitude is the two's complement.
        var magnitude = content.map { ~$0 }
        var index = magnitude.count - 1
        while true {
            let (sum, overflow) = magnitude[index].addingReportingOverflow(1)
            magnitude[index] = sum
            if !overflow || index == 0 { break }
            index -= 1
        }
        let trimmed = magnitude.drop { $0 == 0 }
        return "-" + hexDigits(trimmed.isEmpty ? [0][...] : trimmed)
    }

    private static func hexDigits(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
