import JPKIASN1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// `Date` beside the ASN.1 times: what a relying party compares certificate validity, CRL and
// OCSP times and signing times with. The ASN1Time values stay the exact encoded form.

extension ASN1Time {
    /// The instant this time denotes, fraction of a second included (a GeneralizedTime may
    /// carry one), e.g. `certificate.notAfter.date`, `crl.thisUpdate.date`.
    public var date: Date {
        var interval = TimeInterval(secondsSince1970)
        if !fractionDigits.isEmpty, let fraction = TimeInterval("0." + fractionDigits) {
            interval += fraction
        }
        return Date(timeIntervalSince1970: interval)
    }

    /// The time of `date` to the second (the fraction dropped), in the form RFC 5280 prescribes
    /// for certificates: UTCTime through 2049, GeneralizedTime from 2050. Dates outside the
    /// years 0000–9999 are clamped to them.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        let earliest: Int64 = -62_167_219_200
        let latest: Int64 = 253_402_300_799
        let clamped: Int64
        if seconds > Double(earliest) {
            clamped = seconds < Double(latest) ? Int64(seconds) : latest
        } else {
            clamped = earliest
        }
        self.init(secondsSince1970: clamped)
    }
}

extension Certificate {
    /// Whether the certificate is valid at `date` (inclusive bounds, RFC 5280; compared to the
    /// second, as certificates state their validity).
    public func isValid(at date: Date) -> Bool {
        isValid(atSecondsSince1970: ASN1Time(date).secondsSince1970)
    }
}
