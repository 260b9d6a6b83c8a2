import Foundation
import JPKIASN1
import Testing

@testable import JPKIVerification

/// Times in the public API are `Date` and `Duration`; reports still encode instants as they
/// always have (whole seconds since 1970, and ISO 8601 text where they did).
@Suite("Dates and durations")
struct TimeVocabularyTests {
    @Test("the report's times are Dates to the second; its JSON keeps integer seconds")
    func reportTimes() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(try h.store()))
        let asked = Hierarchy.nowDate.addingTimeInterval(0.75)
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: asked)
        #expect(report.validationTime == Hierarchy.nowDate)
        #expect(report.validationTimeISO8601 == "2025-06-01T00:00:00Z")
        #expect(report.createdAt.timeIntervalSince1970.rounded(.down) == report.createdAt.timeIntervalSince1970)
        #expect(report.chain[0].notBefore == h.signatureCertificate.notBefore.date)
        #expect(report.revocation.first?.evidence?.thisUpdate == Hierarchy.date(Hierarchy.now - 3600))

        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(object["validationTime"] as? Int == Int(Hierarchy.now))
        #expect(object["validationTimeISO8601"] as? String == "2025-06-01T00:00:00Z")
        let createdAt = try #require(object["createdAt"] as? String)
        #expect(createdAt == report.createdAt.iso8601)
        let chain = try #require(object["chain"] as? [[String: Any]])
        #expect(chain[0]["notBefore"] as? Int == Int(h.signatureCertificate.notBefore.secondsSince1970))
        let revocation = try #require(object["revocation"] as? [[String: Any]])
        let evidence = try #require(revocation.first?["evidence"] as? [String: Any])
        #expect(evidence["thisUpdate"] as? Int == Int(Hierarchy.now - 3600))
        #expect(evidence["nextUpdate"] as? Int == Int(Hierarchy.now - 3600 + 86_400))
    }

    @Test("failures carry Dates and encode them as seconds, whatever the encoder's date strategy")
    func failureTimes() async throws {
        let h = try Hierarchy.shared()
        let leaf = h.signatureCertificate
        let late = Hierarchy.date(leaf.notAfter.secondsSince1970 + 10)
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(leaf, at: late)
        let reference = CertificateReference(leaf, position: 0)
        #expect(report.failures == [.expired(reference, notAfter: leaf.notAfter.date, at: late)])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(report.failures), as: UTF8.self)
        #expect(text.contains("\"at\":\(leaf.notAfter.secondsSince1970 + 10)"))
        #expect(text.contains("\"notAfter\":\(leaf.notAfter.secondsSince1970)"))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode([VerificationFailure].self, from: Data(text.utf8)) == report.failures)
        let revoked = VerificationFailure.revoked(
            reference, reason: "Key Compromise", reasonCode: 1, revocationTime: Hierarchy.nowDate, source: "crl")
        let revokedText = String(decoding: try JSONEncoder().encode(revoked), as: UTF8.self)
        #expect(revokedText.contains("\"revocationTime\":\(Hierarchy.now)"))
        #expect(revoked.description.contains("at 2025-06-01T00:00:00Z"))
        #expect(try JSONDecoder().decode(VerificationFailure.self, from: Data(revokedText.utf8)) == revoked)
    }

    @Test("a revocation answer's time is a Date; the store's grace is a Duration")
    func revocationTimes() async throws {
        let (pki, leaves, _) = try CRLStoreTests.freshPKI(certificates: 1)
        try pki.revoke(leaves[0], reason: .keyCompromise, at: Hierarchy.now - 86_400)
        let store = CRLStore(issuers: [pki.signatureRoot], grace: .seconds(90))
        #expect(store.grace == .seconds(90))
        let installed = try store.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60))
        #expect(installed.thisUpdate == Hierarchy.date(Hierarchy.now - 60))
        let status = await store.status(of: leaves[0], issuer: pki.signatureRoot, at: Hierarchy.nowDate)
        guard case .revoked(_, let revocationTime, _) = status else {
            Issue.record("expected revoked, got \(status)")
            return
        }
        #expect(revocationTime == Hierarchy.date(Hierarchy.now - 86_400))
        // thisUpdate is 60 s after the validation time asked: inside a 90 s grace, not a 30 s one.
        let early = Hierarchy.date(Hierarchy.now - 120)
        #expect(!store.check(leaves[0], issuer: pki.signatureRoot, at: early).isUnavailable)
        let strict = CRLStore(issuers: [pki.signatureRoot], grace: .seconds(30))
        try strict.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60))
        #expect(strict.check(leaves[0], issuer: pki.signatureRoot, at: early).isUnavailable)
        // A Date no certificate can express does not trap.
        #expect(strict.check(leaves[0], issuer: pki.signatureRoot, at: .distantFuture).isUnavailable)
        #expect(
            strict.check(leaves[0], issuer: pki.signatureRoot, at: Date(timeIntervalSince1970: 1e300)).isUnavailable)
    }

    @Test("the OCSP client's settings are Durations; a transport timeout says how long it waited")
    func ocspDurations() {
        let defaults = OCSPClient.Configuration()
        #expect(defaults.timeout == .seconds(10))
        #expect(defaults.clockSkew == .seconds(300))
        #expect(defaults.maximumAge == .seconds(3600))
        #expect(Duration.milliseconds(500).timeInterval == 0.5)
        #expect(HTTPTransportError.timedOut(after: .milliseconds(500)).description == "no answer within 0.5 seconds")
    }
}

extension RevocationStatus {
    var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }
}
