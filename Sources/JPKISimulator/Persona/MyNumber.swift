/// The individual number (個人番号, "My Number"): 11 digits and a check digit.
///
/// The check digit: weights 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 on the first 11 digits from the
/// left; r = the weighted sum mod 11; the check digit is 0 when r ≤ 1, else 11 − r.
public enum MyNumber {
    /// The check digit of 11 digits, or `nil` when `digits` is not 11 ASCII digits.
    public static func checkDigit(of digits: String) -> Int? {
        let values = digits.utf8.map { Int($0) - 0x30 }
        guard values.count == 11, values.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        let remainder = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return remainder <= 1 ? 0 : 11 - remainder
    }

    /// Whether `number` is 12 ASCII digits whose last is the check digit of the others.
    public static func isValid(_ number: String) -> Bool {
        let digits = Array(number.utf8)
        guard digits.count == 12, let last = digits.last, (0x30...0x39).contains(last),
            let check = checkDigit(of: String(decoding: digits.prefix(11), as: UTF8.self))
        else { return false }
        return Int(last) - 0x30 == check
    }

    /// 11 digits completed with their check digit, or `nil` when `digits` is not 11 digits.
    public static func complete(_ digits: String) -> String? {
        guard let check = checkDigit(of: digits) else { return nil }
        return digits + String(check)
    }
}
