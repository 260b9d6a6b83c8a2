import Foundation
import JPKIASN1
import JPKIX509
import Testing

/// `Date` beside the ASN.1 times: `ASN1Time.date`, `ASN1Time(_:)` and `Certificate.isValid(at:)`.
@Suite("ASN1Time and Date")
struct ASN1TimeDateTests {
    @Test("date is the instant, a GeneralizedTime's fraction included")
    func date() throws {
        #expect(ASN1Time(secondsSince1970: 1_748_736_000).date == Date(timeIntervalSince1970: 1_748_736_000))
        #expect(ASN1Time(secondsSince1970: -1).date == Date(timeIntervalSince1970: -1))
        let fractional = try ASN1Time(
            year: 2025, month: 6, day: 1, hour: 0, minute: 0, second: 0, fractionDigits: "25")
        #expect(fractional.date == Date(timeIntervalSince1970: 1_748_736_000.25))
    }

    @Test("a Date converts to the second, in the form RFC 5280 prescribes, clamped to years 0000–9999")
    func fromDate() {
        let time = ASN1Time(Date(timeIntervalSince1970: 1_748_736_000.9))
        #expect(time == ASN1Time(secondsSince1970: 1_748_736_000))
        #expect(time.form == .utcTime)
        #expect(ASN1Time(Date(timeIntervalSince1970: -0.5)).secondsSince1970 == -1)
        #expect(ASN1Time(Date(timeIntervalSince1970: 2_556_144_000)).form == .generalizedTime)  // 2051
        #expect(ASN1Time(Date(timeIntervalSince1970: 1e300)).description == "9999-12-31T23:59:59Z")
        #expect(ASN1Time(Date(timeIntervalSince1970: -1e300)).description == "0000-01-01T00:00:00Z")
    }

    @Test("isValid(at:) has inclusive bounds, to the second")
    func certificateValidity() throws {
        let key = try SigningKey(generatingRSABits: 2048)
        let name = DistinguishedName([.init([try .init(type: .commonName, string: "Validity")])])
        let certificate = try CertificateBuilder(
            serialNumber: [1], issuer: name, subject: name, notBefore: ASN1Time(secondsSince1970: 1_000_000),
            notAfter: ASN1Time(secondsSince1970: 2_000_000), subjectPublicKeyInfo: try key.subjectPublicKeyInfo,
            extensions: []
        ).sign(with: key)
        #expect(!certificate.isValid(at: Date(timeIntervalSince1970: 999_999.9)))
        #expect(certificate.isValid(at: Date(timeIntervalSince1970: 1_000_000)))
        #expect(certificate.isValid(at: Date(timeIntervalSince1970: 2_000_000.5)))
        #expect(!certificate.isValid(at: Date(timeIntervalSince1970: 2_000_001)))
        #expect(certificate.notAfter.date == Date(timeIntervalSince1970: 2_000_000))
    }
}
