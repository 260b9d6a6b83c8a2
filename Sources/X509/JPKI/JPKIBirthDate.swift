import JPKIASN1

/// A birth date as the JPKI signature certificate carries it: an era digit followed by the
/// Gregorian date, `EYYYYMMDD` (e.g. `319650415`: Shōwa, 1965-04-15).
public struct JPKIBirthDate: Hashable, Sendable, CustomStringConvertible {
    /// The era the date is given in.
    public var era: JapaneseEra
    /// The Gregorian year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// A birth date; the date must exist in the Gregorian calendar.
    ///
    /// - Throws: ``BasicFourInformationError/invalidBirthDate(_:)`` for an impossible date.
    public init(era: JapaneseEra, year: Int, month: Int, day: Int) throws(BasicFourInformationError) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...ASN1Time.daysIn(month: month, year: year)).contains(day)
        else { throw .invalidBirthDate("\(era.rawValue)\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))") }
        self.era = era
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `EYYYYMMDD`: an era digit 0–5 and a Gregorian date.
    ///
    /// - Throws: ``BasicFourInformationError/invalidBirthDate(_:)`` when the text is not nine
    ///   ASCII digits, the era digit is above 5, or the date does not exist.
    public init(_ text: String) throws(BasicFourInformationError) {
        let digits = Array(text.utf8)
        guard digits.count == 9, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            let era = JapaneseEra(rawValue: Int(digits[0] - 0x30))
        else { throw .invalidBirthDate(text) }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        do {
            try self.init(era: era, year: number(1..<5), month: number(5..<7), day: number(7..<9))
        } catch {
            throw .invalidBirthDate(text)
        }
    }

    /// The certificate's form, `EYYYYMMDD`.
    public var text: String { "\(era.rawValue)\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))" }

    /// The year within the era (1 for the first year, 元年), or `nil` when the era is unknown
    /// or the date lies before it.
    public var eraYear: Int? {
        guard let first = era.firstDay, year >= first.year else { return nil }
        return year - first.year + 1
    }

    /// Whether the date lies within its era (always `true` for ``JapaneseEra/unknown``).
    public var isConsistentWithEra: Bool {
        era == .unknown || JapaneseEra.era(year: year, month: month, day: day) == era
    }

    /// The date in Japanese with its era, e.g. `昭和40年4月15日`; the Gregorian year when the
    /// era is unknown (`1965年4月15日`).
    public var japaneseDescription: String {
        guard let eraYear else { return "\(year)年\(month)月\(day)日" }
        return "\(era.japaneseName)\(eraYear == 1 ? "元" : String(eraYear))年\(month)月\(day)日"
    }

    /// The Gregorian date in ISO 8601, e.g. `1965-04-15`.
    public var isoDate: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// ISO 8601 with the era, e.g. `1965-04-15 (Showa 40)`.
    public var description: String {
        guard let eraYear else { return isoDate }
        return "\(isoDate) (\(era) \(eraYear))"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
