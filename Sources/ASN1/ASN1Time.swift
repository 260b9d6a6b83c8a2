/// A UTCTime or GeneralizedTime in the forms DER allows, as a calendar date and time in UTC.
///
/// UTCTime is `YYMMDDHHMMSSZ` (years 50–99 are 1950–1999, 00–49 are 2000–2049, as RFC 5280
/// says); GeneralizedTime is `YYYYMMDDHHMMSS[.f]Z` with no trailing zeros in the fraction. Dates
/// are checked against the Gregorian calendar (month lengths, leap years).
public struct ASN1Time: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The encoding a time is read from or written as.
    public enum Form: Hashable, Sendable {
        /// `UTCTime`, two-digit years 1950–2049.
        case utcTime
        /// `GeneralizedTime`, four-digit years and an optional fraction of a second.
        case generalizedTime
    }

    /// The Gregorian year.
    public let year: Int
    /// 1…12.
    public let month: Int
    /// 1…31, valid for the month.
    public let day: Int
    /// 0…23.
    public let hour: Int
    /// 0…59.
    public let minute: Int
    /// 0…59.
    public let second: Int
    /// The digits after the decimal point of a GeneralizedTime, without trailing zeros; empty
    /// when there is no fraction.
    public let fractionDigits: String
    /// The form the time was read from, and is written as.
    public let form: Form

    /// Creates a time, checking the calendar.
    ///
    /// - Throws: ``DERError/Rule/invalidTime`` (at offset 0) for an impossible date, a UTCTime
    ///   year outside 1950–2049, or a fraction that is not all digits or ends in zero.
    public init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        fractionDigits: String = "", form: Form = .generalizedTime
    ) throws(DERError) {
        guard Self.isValid(year: year, month: month, day: day, hour: hour, minute: minute, second: second),
            form == .generalizedTime ? (0...9999).contains(year) : (1950...2049).contains(year),
            fractionDigits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            fractionDigits.utf8.last != 0x30,
            form == .generalizedTime || fractionDigits.isEmpty
        else { throw DERError(.invalidTime, at: 0) }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fractionDigits = fractionDigits
        self.form = form
    }

    /// The time `secondsSince1970` seconds after 1970-01-01T00:00:00Z, in the form RFC 5280
    /// prescribes for certificates: UTCTime through 2049, GeneralizedTime from 2050.
    public init(secondsSince1970: Int64) {
        let days = Self.floorDivide(secondsSince1970, 86_400)
        let secondsOfDay = Int(secondsSince1970 - days * 86_400)
        let (y, m, d) = Self.civilDate(daysSince1970: days)
        self.year = y
        self.month = m
        self.day = d
        self.hour = secondsOfDay / 3600
        self.minute = secondsOfDay / 60 % 60
        self.second = secondsOfDay % 60
        self.fractionDigits = ""
        self.form = (1950...2049).contains(y) ? .utcTime : .generalizedTime
    }

    /// Parses DER content octets of a UTCTime or GeneralizedTime (`tag` says which), valid
    /// during the call.
    @inlinable
    package init(content: UnsafeRawBufferPointer, tag: ASN1Tag, at offset: Int) throws(DERError) {
        if tag.number == ASN1UniversalType.utcTime.rawValue {
            try self.init(utcTime: content, at: offset)
        } else {
            try self.init(generalizedTime: content, at: offset)
        }
    }

    /// Parses DER content octets of a UTCTime or GeneralizedTime (`tag` says which), e.g. the
    /// ASCII of `"250401000000Z"` with `.utcTime`.
    ///
    /// - Throws: ``DERError/Rule/invalidTime`` (at `offset`) when the octets are not the DER form
    ///   of that type or name an impossible date.
    public init(content: some Collection<UInt8>, tag: ASN1Tag, at offset: Int = 0) throws(DERError) {
        self = try withContiguousBytes(content) { raw throws(DERError) in
            try ASN1Time(content: raw, tag: tag, at: offset)
        }
    }

    /// Checks DER content octets of a UTCTime or GeneralizedTime (`tag` says which) as
    /// ``init(content:tag:at:)`` does, without building the value.
    ///
    /// - Throws: ``DERError/Rule/invalidTime`` (at `offset`) exactly when that initializer does.
    @usableFromInline
    static func check(_ c: UnsafeRawBufferPointer, tag: ASN1Tag, at offset: Int) throws(DERError) {
        let utc = tag.number == ASN1UniversalType.utcTime.rawValue
        // The date digits: YYMMDDHHMMSS, or YYYYMMDDHHMMSS.
        let digitCount = utc ? 12 : 14
        guard utc ? c.count == 13 : c.count >= 15, c[c.count - 1] == 0x5A else {
            throw DERError(.invalidTime, at: offset)
        }
        var largest: UInt8 = 0
        for i in 0..<digitCount { largest = Swift.max(largest, c[i] &- 0x30) }
        if largest > 9 { throw DERError(.invalidTime, at: offset) }
        func two(_ i: Int) -> Int { Int(c[i] &- 0x30) * 10 + Int(c[i + 1] &- 0x30) }
        let year: Int
        if utc {
            let yy = two(0)
            year = yy >= 50 ? 1900 + yy : 2000 + yy
        } else {
            year = two(0) * 100 + two(2)
        }
        let d = digitCount - 10
        guard
            Self.isValid(
                year: year, month: two(d), day: two(d + 2), hour: two(d + 4), minute: two(d + 6), second: two(d + 8))
        else { throw DERError(.invalidTime, at: offset) }
        if !utc && c.count > 15 {
            // ".f…f" then "Z": at least one digit, the last not zero.
            guard c[14] == 0x2E, c.count >= 17, c[c.count - 2] != 0x30 else { throw DERError(.invalidTime, at: offset) }
            for i in 15..<(c.count - 1) where !(0x30...0x39).contains(c[i]) {
                throw DERError(.invalidTime, at: offset)
            }
        }
    }

    @usableFromInline
    init(utcTime c: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard c.count == 13, c[12] == 0x5A,  // "Z"
            let yy = Self.digits(c, 0, 2), let mo = Self.digits(c, 2, 2), let d = Self.digits(c, 4, 2),
            let h = Self.digits(c, 6, 2), let mi = Self.digits(c, 8, 2), let s = Self.digits(c, 10, 2)
        else { throw DERError(.invalidTime, at: offset) }
        let year = yy >= 50 ? 1900 + yy : 2000 + yy
        guard Self.isValid(year: year, month: mo, day: d, hour: h, minute: mi, second: s) else {
            throw DERError(.invalidTime, at: offset)
        }
        self.year = year
        self.month = mo
        self.day = d
        self.hour = h
        self.minute = mi
        self.second = s
        self.fractionDigits = ""
        self.form = .utcTime
    }

    @usableFromInline
    init(generalizedTime c: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard c.count >= 15, c[c.count - 1] == 0x5A,
            let y = Self.digits(c, 0, 4), let mo = Self.digits(c, 4, 2), let d = Self.digits(c, 6, 2),
            let h = Self.digits(c, 8, 2), let mi = Self.digits(c, 10, 2), let s = Self.digits(c, 12, 2),
            Self.isValid(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        else { throw DERError(.invalidTime, at: offset) }
        var fraction = ""
        if c.count > 15 {
            // ".f…f" then "Z": at least one digit, the last not zero.
            guard c[14] == 0x2E, c.count >= 17, c[c.count - 2] != 0x30 else {
                throw DERError(.invalidTime, at: offset)
            }
            for i in 15..<(c.count - 1) where !(0x30...0x39).contains(c[i]) {
                throw DERError(.invalidTime, at: offset)
            }
            fraction = String(decoding: UnsafeRawBufferPointer(rebasing: c[15..<(c.count - 1)]), as: UTF8.self)
        }
        self.year = y
        self.month = mo
        self.day = d
        self.hour = h
        self.minute = mi
        self.second = s
        self.fractionDigits = fraction
        self.form = .generalizedTime
    }

    /// Seconds since 1970-01-01T00:00:00Z, the fraction dropped.
    public var secondsSince1970: Int64 {
        let days = Self.daysSince1970(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The content octets in this time's form.
    public var encodedContent: [UInt8] {
        var text: String
        switch form {
        case .utcTime: text = Self.pad(year % 100, 2)
        case .generalizedTime: text = Self.pad(year, 4)
        }
        text += Self.pad(month, 2) + Self.pad(day, 2) + Self.pad(hour, 2) + Self.pad(minute, 2)
        text += Self.pad(second, 2)
        if !fractionDigits.isEmpty { text += "." + fractionDigits }
        text += "Z"
        return Array(text.utf8)
    }

    /// The tag of this time's form.
    public var tag: ASN1Tag { form == .utcTime ? .utcTime : .generalizedTime }

    /// ISO 8601, e.g. `2025-10-19T14:59:59Z`.
    public var description: String {
        guard fractionDigits.isEmpty, (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day),
            (0...99).contains(hour), (0...99).contains(minute), (0...99).contains(second)
        else { return paddedDescription }
        // `YYYY-MM-DDTHH:MM:SSZ`, written in place: the same text as the general form.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var rest = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 0x2D
            put(month, 2, at: 5)
            buffer[7] = 0x2D
            put(day, 2, at: 8)
            buffer[10] = 0x54
            put(hour, 2, at: 11)
            buffer[13] = 0x3A
            put(minute, 2, at: 14)
            buffer[16] = 0x3A
            put(second, 2, at: 17)
            buffer[19] = 0x5A
            return 20
        }
    }

    /// The general form of ``description``: any year, fraction digits.
    private var paddedDescription: String {
        var text = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        text += "T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        if !fractionDigits.isEmpty { text += "." + fractionDigits }
        return text + "Z"
    }

    /// Equal when they denote the same instant (to the last fraction digit), whatever the form:
    /// UTCTime `491231235959Z` equals GeneralizedTime `20491231235959Z`. Compare ``form`` too
    /// when the encoding matters.
    public static func == (lhs: ASN1Time, rhs: ASN1Time) -> Bool {
        lhs.secondsSince1970 == rhs.secondsSince1970 && lhs.fractionDigits == rhs.fractionDigits
    }

    /// Hashes the instant, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSince1970)
        hasher.combine(fractionDigits)
    }

    /// Orders by instant (fractions compared digit by digit), regardless of form.
    public static func < (lhs: ASN1Time, rhs: ASN1Time) -> Bool {
        let l = lhs.secondsSince1970
        let r = rhs.secondsSince1970
        if l != r { return l < r }
        let width = max(lhs.fractionDigits.utf8.count, rhs.fractionDigits.utf8.count)
        func padded(_ s: String) -> [UInt8] { Array(s.utf8) + Array(repeating: 0x30, count: width - s.utf8.count) }
        return padded(lhs.fractionDigits).lexicographicallyPrecedes(padded(rhs.fractionDigits))
    }

    // MARK: Calendar

    @usableFromInline
    static func digits(_ c: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let octet = c[i]
            guard octet >= 0x30 && octet <= 0x39 else { return nil }
            value = value * 10 + Int(octet - 0x30)
        }
        return value
    }

    @usableFromInline
    static func isValid(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
            (0...59).contains(second), day >= 1
        else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// The number of days in `month` of `year` (Gregorian).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given Gregorian date (negative before).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        // Howard Hinnant's days_from_civil.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSince1970 days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
