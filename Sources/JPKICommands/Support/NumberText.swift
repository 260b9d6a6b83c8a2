import JPKIASN1

/// Numbers as the command line takes them: serial numbers in hexadecimal, as OpenSSL prints them
/// (`-` first when negative, an optional `0x`), and unsigned 64-bit values in decimal or `0x`
/// hexadecimal.
enum NumberText {
    /// A serial number read from text.
    enum Serial: Equatable {
        /// A non-negative serial below 2⁶⁴.
        case value(UInt64)
        /// A longer or negative serial, as INTEGER content octets (two's complement).
        case content([UInt8])
    }

    /// The serial number of `text`: hexadecimal digits of either case, after an optional `-` and
    /// then an optional `0x` or `0X`. `nil` when it is anything else (blanks included).
    static func serial(_ text: ArraySlice<UInt8>) -> Serial? {
        var digits = text
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        if digits.count >= 2, digits.first == UInt8(ascii: "0"),
            digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "x")
        {
            digits = digits.dropFirst(2)
        }
        // Hex.decode passes over blanks and colons between the digits: a serial has none.
        guard !digits.isEmpty, digits.allSatisfy(isHexDigit) else { return nil }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        if !negative && significant.count <= 16 {
            // The common case, without allocating: a digit's low nibble, plus 9 for a letter.
            return .value(significant.reduce(0) { $0 << 4 | UInt64($1 & 0x0F + ($1 > UInt8(ascii: "9") ? 9 : 0)) })
        }
        // Longer or negative: the magnitude's octets (an odd digit count gets a leading zero)
        // after a sign octet, then two's complement when negative.
        let evenDigits = (significant.count % 2 == 1 ? "0" : "") + String(decoding: significant, as: UTF8.self)
        guard let magnitude = Hex.decode(evenDigits) else { return nil }
        var content = [0] + magnitude
        if negative {
            content = content.map { ~$0 }
            var index = content.count - 1
            while index >= 0 {
                let (sum, overflow) = content[index].addingReportingOverflow(1)
                content[index] = sum
                if !overflow { break }
                index -= 1
            }
        }
        return .content(content)
    }

    /// A decimal or `0x` hexadecimal unsigned 64-bit number.
    static func unsigned64(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }

    private static func isHexDigit(_ character: UInt8) -> Bool {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "a")...UInt8(ascii: "f"):
            return true
        default:
            return false
        }
    }
}
