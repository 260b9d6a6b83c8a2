import JPKIASN1

/// The Japanese eras (元号) of the JPKI birth-date field's leading digit.
public enum JapaneseEra: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `0`: the era is not known.
    case unknown = 0
    /// `1`: 明治 Meiji (1868-01-25 – 1912-07-29).
    case meiji = 1
    /// `2`: 大正 Taishō (1912-07-30 – 1926-12-24).
    case taisho = 2
    /// `3`: 昭和 Shōwa (1926-12-25 – 1989-01-07).
    case showa = 3
    /// `4`: 平成 Heisei (1989-01-08 – 2019-04-30).
    case heisei = 4
    /// `5`: 令和 Reiwa (from 2019-05-01).
    case reiwa = 5

    /// The era's name in Japanese, e.g. `昭和`; empty for ``unknown``.
    public var japaneseName: String {
        switch self {
        case .unknown: return ""
        case .meiji: return "明治"
        case .taisho: return "大正"
        case .showa: return "昭和"
        case .heisei: return "平成"
        case .reiwa: return "令和"
        }
    }

    /// The era's romanized name, e.g. `Showa`; `unknown` for ``unknown``.
    public var description: String {
        switch self {
        case .unknown: return "unknown"
        case .meiji: return "Meiji"
        case .taisho: return "Taisho"
        case .showa: return "Showa"
        case .heisei: return "Heisei"
        case .reiwa: return "Reiwa"
        }
    }

    /// The first day of the era (Gregorian year, month, day); `nil` for ``unknown``.
    public var firstDay: (year: Int, month: Int, day: Int)? {
        switch self {
        case .unknown: return nil
        case .meiji: return (1868, 1, 25)
        case .taisho: return (1912, 7, 30)
        case .showa: return (1926, 12, 25)
        case .heisei: return (1989, 1, 8)
        case .reiwa: return (2019, 5, 1)
        }
    }

    /// The last day of the era; `nil` for ``unknown`` and for the current era.
    public var lastDay: (year: Int, month: Int, day: Int)? {
        guard self != .unknown, let next = JapaneseEra(rawValue: rawValue + 1), let first = next.firstDay else {
            return nil
        }
        if first.day > 1 { return (first.year, first.month, first.day - 1) }
        if first.month > 1 {
            return (first.year, first.month - 1, ASN1Time.daysIn(month: first.month - 1, year: first.year))
        }
        return (first.year - 1, 12, 31)
    }

    /// The era a Gregorian date falls in (``unknown`` before Meiji).
    public static func era(year: Int, month: Int, day: Int) -> JapaneseEra {
        let key = year * 10_000 + month * 100 + day
        for era in allCases.reversed() {
            if let first = era.firstDay, key >= first.year * 10_000 + first.month * 100 + first.day { return era }
        }
        return .unknown
    }
}
