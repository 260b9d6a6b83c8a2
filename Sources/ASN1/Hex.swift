/// Hexadecimal text: the one formatter and the one parser of the SDK (serial numbers,
/// fingerprints, APDUs, key identifiers).
public enum Hex {
    @usableFromInline static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Upper-case hexadecimal, two digits an octet, `separator` between octets.
    ///
    /// ```swift
    /// Hex.encode([0x90, 0x00])                  // "9000"
    /// Hex.encode([0x90, 0x00], separator: " ")  // "90 00"
    /// ```
    public static func encode(_ bytes: some Sequence<UInt8>, separator: String = "") -> String {
        if separator.isEmpty {
            let octets = Array(bytes)
            return String(unsafeUninitializedCapacity: octets.count * 2) { buffer in
                for (index, octet) in octets.enumerated() {
                    buffer[2 * index] = digits[Int(octet >> 4)]
                    buffer[2 * index + 1] = digits[Int(octet & 0x0F)]
                }
                return octets.count * 2
            }
        }
        var text: [UInt8] = []
        let separatorBytes = Array(separator.utf8)
        for octet in bytes {
            if !text.isEmpty { text += separatorBytes }
            text.append(digits[Int(octet >> 4)])
            text.append(digits[Int(octet & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of `text`: pairs of hexadecimal digits (either case); white space and `:` between
    /// them are ignored. `nil` when a character is not a hex digit or the digit count is odd.
    ///
    /// ```swift
    /// Hex.decode("00 A4 04 0C")   // [0x00, 0xA4, 0x04, 0x0C]
    /// Hex.decode("0")             // nil
    /// ```
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in text.utf8 {
            let value: UInt8
            switch character {
            case 0x30...0x39: value = character - 0x30
            case 0x41...0x46: value = character - 0x41 + 10
            case 0x61...0x66: value = character - 0x61 + 10
            case 0x20, 0x09, 0x0A, 0x0D, 0x3A: continue
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? bytes : nil
    }

    /// Whether `text` is exactly ``encode(_:separator:)`` of `bytes` (upper case, no separator),
    /// compared without rendering it.
    public static func isEncoding(_ text: String, of bytes: some Collection<UInt8>) -> Bool {
        var utf8 = text.utf8.makeIterator()
        for octet in bytes {
            guard utf8.next() == digits[Int(octet >> 4)], utf8.next() == digits[Int(octet & 0x0F)] else {
                return false
            }
        }
        return utf8.next() == nil
    }
}
