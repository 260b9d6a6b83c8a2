import JPKIASN1

/// A calendar day of the Gregorian calendar (no time, no zone): a birth date, the day an age is
/// asked for.
public struct GregorianDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// A date, or `nil` when it does not exist (e.g. 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...ASN1Time.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` or `YYYYMMDD`, or returns `nil`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let digits: [UInt8]
        if bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D {
            digits = Array(bytes[0..<4] + bytes[5..<7] + bytes[8..<10])
        } else {
            digits = bytes
        }
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    /// The day in Japan (UTC+9, no daylight saving) at the instant `secondsSince1970`.
    public init(japanStandardTimeAt secondsSince1970: Int64) {
        let days = Int((secondsSince1970 + 9 * 3600).quotientAndRemainderFloor(by: 86_400))
        // Days since 1970-01-01 to a civil date (proleptic Gregorian), March-based years.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// Orders by year, month, day.
    public static func < (lhs: GregorianDate, rhs: GregorianDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The era the date falls in (``JapaneseEra/unknown`` before Meiji).
    public var era: JapaneseEra { JapaneseEra.era(year: year, month: month, day: day) }

    /// The year within ``era`` (1 for 元年), or `nil` before Meiji: 1985-04-01 is 昭和60年.
    public var eraYear: Int? {
        guard let first = era.firstDay else { return nil }
        return year - first.year + 1
    }

    /// The date as the card's birth-date keys take it: the era year, month and day, two digits
    /// each (`600401` for 昭和60年4月1日), or `nil` before Meiji or after era year 99.
    public var eraYYMMDD: String? {
        guard let eraYear, eraYear <= 99 else { return nil }
        return Self.pad(eraYear, 2) + Self.pad(month, 2) + Self.pad(day, 2)
    }

    /// The age on `date` of someone born on this date, by 年齢計算ニ関スル法律 and 民法 143: the
    /// age is counted from the day of birth and increases at the end of the day before each
    /// birthday. On `date` (from its start) the age is therefore the number of birthdays whose
    /// preceding day has ended. Someone born on 29 February gets one year older at the end of
    /// 28 February in a common year (so from 1 March), and at the end of 28 February in a leap
    /// year (so from 29 February). `nil` when `date` is before the birth.
    public func age(on date: GregorianDate) -> Int? {
        guard date >= self else { return nil }
        var years = date.year - year
        // The day of the year at whose start the age increases: the day after the birthday's
        // preceding day.
        let threshold: (month: Int, day: Int)
        if month == 2 && day == 29 {
            threshold = ASN1Time.daysIn(month: 2, year: date.year) == 29 ? (2, 29) : (3, 1)
        } else {
            threshold = (month, day)
        }
        if (date.month, date.day) < threshold { years -= 1 }
        return years
    }

    /// The day at whose end someone born on this date reaches `age` (満 `age` 歳に達する日): the day
    /// before the birthday, 28 February for someone born on 29 February. `nil` for an age
    /// below 1 or beyond the calendar.
    public func dayReaching(age: Int) -> GregorianDate? {
        guard age >= 1 else { return nil }
        let targetYear = year + age
        if month == 2 && day == 29 { return GregorianDate(year: targetYear, month: 2, day: 28) }
        if day > 1 { return GregorianDate(year: targetYear, month: month, day: day - 1) }
        if month > 1 {
            return GregorianDate(
                year: targetYear, month: month - 1, day: ASN1Time.daysIn(month: month - 1, year: targetYear))
        }
        return GregorianDate(year: targetYear - 1, month: 12, day: 31)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Int64 {
    /// The quotient rounded towards minus infinity.
    fileprivate func quotientAndRemainderFloor(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

extension JPKIBirthDate {
    /// The Gregorian date, or `nil` when it does not exist.
    public var gregorianDate: GregorianDate? { GregorianDate(year: year, month: month, day: day) }

    /// The holder's age on `date` by Japanese law (see ``GregorianDate/age(on:)``), or `nil`
    /// when `date` is before the birth.
    public func age(on date: GregorianDate) -> Int? { gregorianDate?.age(on: date) }
}

extension BasicFourInformation {
    /// The holder's age on `date` by Japanese law (年齢計算ニ関スル法律: the age increases at the
    /// end of the day before the birthday; someone born on 29 February included), or `nil` when
    /// `date` is before the birth.
    public func age(on date: GregorianDate) -> Int? { birthDate.age(on: date) }
}
