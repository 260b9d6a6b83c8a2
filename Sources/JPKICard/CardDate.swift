import JPKIASN1
import JPKIX509

/// A date as the card's applications store it (`YYYYMMDD` in ASCII): a birth date, the card's
/// expiry. The Gregorian calendar; no era.
public struct CardDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The Gregorian year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// A date, or `nil` when it does not exist in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...ASN1Time.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYYMMDD` (the card's form) or `YYYY-MM-DD`, or returns `nil`.
    public init?(_ text: String) {
        let digits = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            text.utf8.count == 8
                || (text.utf8.count == 10 && Array(text.utf8)[4] == 0x2D && Array(text.utf8)[7] == 0x2D)
        else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    /// The same day as JPKIX509's `GregorianDate`.
    public var gregorianDate: GregorianDate? { GregorianDate(year: year, month: month, day: day) }

    /// The date as the card's birth-date keys take it: era year, month, day (`600401` for
    /// 昭和60年4月1日), or `nil` before Meiji.
    public var eraYYMMDD: String? { gregorianDate?.eraYYMMDD }

    /// The age on `date` of someone born on this date, by Japanese law (年齢計算ニ関スル法律: the
    /// age increases at the end of the day before the birthday; 29 February included); `nil`
    /// when `date` is before the birth.
    public func age(on date: CardDate) -> Int? {
        guard let birth = gregorianDate, let day = date.gregorianDate else { return nil }
        return birth.age(on: day)
    }

    /// `YYYYMMDD`.
    public var compactDigits: String { pad(year, 4) + pad(month, 2) + pad(day, 2) }

    /// `YYYY-MM-DD`.
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// Orders by year, month, day.
    public static func < (lhs: CardDate, rhs: CardDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CardDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date: \(text)")
        }
        self = date
    }

    /// Encodes `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// `value` in decimal, zero-padded to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
