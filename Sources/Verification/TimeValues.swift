import Foundation
import JPKIASN1

// The public API speaks `Date` and `Duration`; the checks compare whole seconds since 1970 as
// `Int64` (what certificates, CRLs and OCSP responses carry, to the second), and reports encode
// instants the same way. These are the conversions, in one place.

extension Date {
    /// The earliest instant converted to seconds: 0000-01-01T00:00:00Z.
    static let earliestSecond: Int64 = -62_167_219_200
    /// The latest instant converted to seconds: 9999-12-31T23:59:59Z.
    static let latestSecond: Int64 = 253_402_300_799

    /// Whole seconds since 1970-01-01T00:00:00Z, the fraction dropped (rounded down), clamped to
    /// the years 0000–9999 that X.509 times can express (so that no `Date` traps the conversion).
    var secondsSince1970: Int64 {
        let seconds = timeIntervalSince1970.rounded(.down)
        guard seconds > Double(Self.earliestSecond) else { return Self.earliestSecond }
        guard seconds < Double(Self.latestSecond) else { return Self.latestSecond }
        return Int64(seconds)
    }

    /// The instant `seconds` whole seconds after 1970-01-01T00:00:00Z.
    init(secondsSince1970 seconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The instant of `time` to the second (a GeneralizedTime's fraction dropped), as reports
    /// record it.
    init(wholeSecondsOf time: ASN1Time) {
        self.init(secondsSince1970: time.secondsSince1970)
    }

    /// ISO 8601 in UTC to the second, e.g. `2025-06-01T00:00:00Z`: how reports and messages
    /// write an instant.
    var iso8601: String { ASN1Time(secondsSince1970: secondsSince1970).description }
}

extension Duration {
    /// Whole seconds, the fraction dropped (toward zero).
    var wholeSeconds: Int64 { components.seconds }

    /// Seconds as a `TimeInterval`, fraction included (for Foundation and Dispatch).
    var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}

extension KeyedEncodingContainer {
    /// Writes `date` as whole seconds since 1970 (an integer): the report format's instants.
    mutating func encodeSeconds(_ date: Date, forKey key: Key) throws {
        try encode(date.secondsSince1970, forKey: key)
    }

    /// Writes `date` as whole seconds since 1970, or nothing when it is `nil`.
    mutating func encodeSecondsIfPresent(_ date: Date?, forKey key: Key) throws {
        try encodeIfPresent(date?.secondsSince1970, forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Reads an instant written by ``KeyedEncodingContainer/encodeSeconds(_:forKey:)``.
    func decodeSeconds(forKey key: Key) throws -> Date {
        Date(secondsSince1970: try decode(Int64.self, forKey: key))
    }

    /// Reads an instant written by ``KeyedEncodingContainer/encodeSecondsIfPresent(_:forKey:)``.
    func decodeSecondsIfPresent(forKey key: Key) throws -> Date? {
        try decodeIfPresent(Int64.self, forKey: key).map { Date(secondsSince1970: $0) }
    }
}
