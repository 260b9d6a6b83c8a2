import JPKIASN1

/// A date without a time (a birth date, a card's expiry), written `YYYY-MM-DD` in JSON.
public struct CalendarDate: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The Gregorian year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// A date; ``isValid`` tells whether it exists.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, or `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// Whether the date exists in the Gregorian calendar.
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month)
            && (1...ASN1Time.daysIn(month: month, year: year)).contains(day)
    }

    /// `YYYYMMDD`, as the card's applications store dates.
    public var compactDigits: String { Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2) }

    /// `YYYY-MM-DD`.
    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// The instant at which this date begins in Japan (00:00 JST = 15:00 UTC the day before),
    /// in seconds since 1970.
    var startInJapan: Int64 { ASN1Time.daysSince1970(year: year, month: month, day: day) * 86_400 - 9 * 3600 }

    /// The instant at which this date ends in Japan (23:59:59 JST), in seconds since 1970.
    var endInJapan: Int64 { startInJapan + 86_399 }

    /// The same month and day `years` later (28 February for 29 February in a common year).
    func adding(years: Int) -> CalendarDate {
        let target = year + years
        return CalendarDate(year: target, month: month, day: min(day, ASN1Time.daysIn(month: month, year: target)))
    }

    /// Orders by year, month, day.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    /// Encodes `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// The first days of the eras 明治, 大正, 昭和, 平成 and 令和, latest first. The simulator keeps
    /// its own table (it is the client's oracle and shares no code with it).
    static let eraStarts = [(2019, 5, 1), (1989, 1, 8), (1926, 12, 25), (1912, 7, 30), (1868, 1, 25)]

    /// The year within its Japanese era (1 for the first year), or the Western year before Meiji.
    public var eraYear: Int {
        for (startYear, startMonth, startDay) in Self.eraStarts
        where (year, month, day) >= (startYear, startMonth, startDay) {
            return year - startYear + 1
        }
        return year
    }

    /// Era year, month and day, two digits each: `600401` for 1985-04-01 (昭和60年4月1日).
    public var eraYYMMDD: String { Self.pad(eraYear % 100, 2) + Self.pad(month, 2) + Self.pad(day, 2) }
}
