import JPKIASN1

/// Serial numbers as content octets of a DER INTEGER: two's complement, minimal. A non-negative
/// serial below 2⁶⁴ (at most 8 octets of magnitude: the JPKI's, and the benchmarks' random
/// 8-byte ones) is *short* and has a 64-bit value; every other serial (longer, or negative) is
/// *long*. JPKIRevocationIndex adds the keys its tables use.
package enum SerialNumbers {
    /// The value of a short serial, or `nil` for a long one.
    @inline(__always)
    package static func shortValue(_ content: UnsafeRawBufferPointer) -> UInt64? {
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
    package static func shortValue(_ raw: UnsafeRawBufferPointer, contentStart start: Int, end: Int) -> UInt64? {
        let count = end - start
        guard count > 0, end >= 8 else { return shortValue(UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
        let first = raw[start]
        if first & 0x80 != 0 || count > 9 || (count == 9 && first != 0) { return nil }
        let word = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))
        return count >= 8 ? word : word & ((1 << UInt64(count * 8)) - 1)
    }

    /// The minimal two's-complement form of `bytes` (redundant leading `00`/`FF` octets
    /// removed), or `nil` for no octets.
    package static func canonical(_ bytes: some Collection<UInt8>) -> [UInt8]? {
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
    package static func content(of value: UInt64) -> [UInt8] {
        var octets: [UInt8] = [0]
        for shift in stride(from: 56, through: 0, by: -8) {
            octets.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
        return canonical(octets) ?? [0]
    }

    /// OpenSSL's rendering: upper-case hexadecimal of the magnitude, `-` first when negative.
    package static func hex(_ content: [UInt8]) -> String {
        guard let first = content.first else { return "" }
        if first & 0x80 == 0 {
            return Hex.encode(content.count > 1 && first == 0 ? content.dropFirst() : content[...])
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
        return "-" + Hex.encode(trimmed.isEmpty ? [0][...] : trimmed)
    }
}
