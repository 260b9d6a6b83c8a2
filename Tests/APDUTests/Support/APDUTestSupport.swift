/// Bytes from hexadecimal text written in a test (spaces allowed), parsed here rather than with
/// the module's own parser so that the expected bytes do not depend on the code under test.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits in \(text)")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
            preconditionFailure("not hex: \(text)")
        }
        return byte
    }
}

/// `count` bytes of a recognisable pattern (not the PIN-like `31 32 33 34` run of ASCII digits
/// unless `start` makes it so).
func patternBytes(_ count: Int, start: UInt8 = 0x80) -> [UInt8] {
    (0..<count).map { start &+ UInt8(truncatingIfNeeded: $0 % 97) }
}

/// Upper-case hexadecimal without separators, as the module prints command APDUs.
func hexText(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}
