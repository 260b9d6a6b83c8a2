import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// The CRL store and the revocation policy, on the TestPKI's municipality-partitioned CRLs.
@Suite("CRL store")
struct CRLStoreTests {
    /// A TestPKI of its own (revocations are per PKI) with `count` signature certificates of the
    /// sample persona.
    static func freshPKI(certificates count: Int) throws -> (TestPKI, [Certificate], SigningKey) {
        let h = try Hierarchy.shared()
        let pki = try TestPKI()
        let leaves = try (0..<count).map { _ in
            try pki.issueSignatureCertificate(
                for: .sample, publicKey: try h.leafKey.subjectPublicKeyInfo, at: Hierarchy.issued)
        }
        return (pki, leaves, h.leafKey)
    }

    @Test("a good certificate: the report names the CRL, its number and thisUpdate")
    func good() async throws {
        let h = try Hierarchy.shared()
        let store = try h.store()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(report.isValid, "\(report.reasons)")
        let record = try #require(report.revocation.first)
        #expect(record.status == "good")
        #expect(record.evidence?.kind == "crl")
        #expect(record.evidence?.thisUpdate == Hierarchy.date(Hierarchy.now - 3600))
        #expect(record.evidence?.crlNumber == Hex.encode(ASN1Integer(Hierarchy.now - 3600).contentBytes))
        #expect(record.evidence?.distributionPoint?.contains("CN=Chiyoda-ku CRLDP,OU=Tokyo-to") == true)
        #expect(store.installed.count == 1)
    }

    @Test("revoked, with each reason code")
    func revokedEachReason() async throws {
        let reasons = RevocationReason.allCases.filter { $0 != .removeFromCRL }
        let (pki, leaves, _) = try Self.freshPKI(certificates: reasons.count)
        for (leaf, reason) in zip(leaves, reasons) {
            try pki.revoke(leaf, reason: reason, at: Hierarchy.now - 86_400)
        }
        let store = CRLStore(issuers: [pki.signatureRoot])
        try store.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60))
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [pki.signatureRoot]), revocation: .hardFail(store))
        for (leaf, reason) in zip(leaves, reasons) {
            let report = await verifier.verifyCertificate(leaf, at: Hierarchy.nowDate)
            #expect(
                report.failures == [
                    .revoked(
                        CertificateReference(leaf, position: 0), reason: reason.description,
                        reasonCode: reason.rawValue, revocationTime: Hierarchy.date(Hierarchy.now - 86_400),
                        source: "crl")
                ])
            #expect(report.revocation.first?.reason == reason.description)
        }
    }

    @Test("a stale CRL: unavailable under hard-fail, recorded under soft-fail; grace widens it")
    func stale() async throws {
        let h = try Hierarchy.shared()
        let thisUpdate = Hierarchy.now - 3 * 86_400  // nextUpdate = thisUpdate + 1 day: two days ago
        let store = try h.store(thisUpdate: thisUpdate)
        let hard = await JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
            .verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(hard.failures.map(\.code) == ["revocation-unavailable"])
        #expect(hard.reasons.first?.contains("stale") == true)
        let soft = await JPKIVerifier(anchors: h.anchors, revocation: .softFail(store))
            .verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(soft.isValid)
        #expect(soft.revocation.first?.status == "unavailable")
        // At the very nextUpdate it is fresh; one second later, stale; grace covers it.
        let nextUpdate = thisUpdate + 86_400
        #expect(
            store.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.date(nextUpdate)).isGood)
        #expect(
            !store.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.date(nextUpdate + 1)).isGood
        )
        let lenient = try h.store(thisUpdate: thisUpdate, grace: .seconds(3 * 86_400))
        #expect(lenient.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.nowDate).isGood)
        // A CRL issued after the validation time does not speak for it.
        #expect(
            !store.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.date(thisUpdate - 1)).isGood
        )
    }

    @Test("a grace of Int64.max seconds is a year, a negative one is none: no time plus it overflows")
    func graceBounds() throws {
        let h = try Hierarchy.shared()
        let thisUpdate = Hierarchy.now - 3 * 86_400
        let nextUpdate = thisUpdate + 86_400
        let huge = try h.store(thisUpdate: thisUpdate, grace: .seconds(Int64.max))
        #expect(huge.grace == CRLStore.maximumGrace)
        #expect(huge.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.nowDate).isGood)
        let afterAYear = Hierarchy.date(nextUpdate + CRLStore.maximumGrace.components.seconds + 1)
        #expect(!huge.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: afterAYear).isGood)
        let negative = try h.store(thisUpdate: thisUpdate, grace: .seconds(Int64.min))
        #expect(negative.grace == .zero)
        #expect(
            negative.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.date(nextUpdate)).isGood)
    }

    @Test("a CRL with a bad signature is rejected and the previous one stays in service")
    func badSignatureKeepsPrevious() async throws {
        let (pki, leaves, _) = try Self.freshPKI(certificates: 1)
        try pki.revoke(leaves[0], reason: .keyCompromise, at: Hierarchy.now - 7200)
        let store = CRLStore(issuers: [pki.signatureRoot])
        let first = try store.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 3600))
        var tampered = try pki.crlDER(
            purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60)
        tampered[tampered.count - 5] ^= 0x01
        #expect(throws: CRLStoreError.badSignature(issuer: pki.signatureRoot.subject)) {
            try store.update(derEncoded: tampered)
        }
        // Signed by another key under the same name: rejected too.
        let h = try Hierarchy.shared()
        let impostor = try CRLBuilder(
            issuer: pki.signatureRoot.subject, thisUpdate: Hierarchy.time(Hierarchy.now),
            nextUpdate: Hierarchy.time(Hierarchy.now + 86_400)
        ).signedDER(with: h.otherKey)
        #expect(throws: CRLStoreError.self) { try store.update(derEncoded: impostor) }
        // Garbage.
        #expect(throws: CRLStoreError.self) { try store.update(derEncoded: [0x30, 0x03, 0x02, 0x01]) }
        #expect(store.installed == [first])
        let status = store.check(leaves[0], issuer: pki.signatureRoot, at: Hierarchy.nowDate)
        guard case .revoked(let reason, _, let evidence) = status else {
            Issue.record("expected revoked, got \(status)")
            return
        }
        #expect(reason == .keyCompromise)
        #expect(evidence.thisUpdate == Hierarchy.date(Hierarchy.now - 3600))
    }

    @Test("an older CRL does not replace a newer one")
    func rollbackRefused() throws {
        let h = try Hierarchy.shared()
        let store = try h.store(thisUpdate: Hierarchy.now - 60)
        #expect(throws: CRLStoreError.self) {
            try store.update(
                derEncoded: try h.pki.crlDER(
                    purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 3600))
        }
        #expect(store.installed.first?.thisUpdate == Hierarchy.date(Hierarchy.now - 60))
    }

    @Test("the CRL of another partition does not answer for a certificate")
    func otherPartition() async throws {
        let h = try Hierarchy.shared()
        let store = CRLStore(anchors: h.anchors)
        try store.update(
            derEncoded: try h.pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "港区", thisUpdate: Hierarchy.now - 60))
        try store.update(
            derEncoded: try h.pki.crlDER(
                purpose: .userAuthentication, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60))
        let report = await JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
            .verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(report.failures.map(\.code) == ["revocation-unavailable"])
        #expect(report.reasons.first?.contains("Chiyoda-ku CRLDP") == true)
        // The authentication certificate of 千代田区 is answered by its own partition's CRL.
        let auth = await JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
            .verifyCertificate(h.authenticationCertificate, at: Hierarchy.nowDate)
        #expect(auth.isValid, "\(auth.reasons)")
    }

    @Test("a CRL signed by an issuer without cRLSign is refused")
    func issuerWithoutCRLSign() throws {
        let h = try Hierarchy.shared()
        let name = try Hierarchy.name("No CRL CA")
        let ca = try Hierarchy.certificate(
            subject: name, issuer: name, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(usage: [.keyCertSign]))
        let crl = try CRLBuilder(
            issuer: name, thisUpdate: Hierarchy.time(Hierarchy.now), nextUpdate: Hierarchy.time(Hierarchy.now + 3600)
        ).signedDER(with: h.otherKey)
        let store = CRLStore(issuers: [ca])
        #expect(throws: CRLStoreError.issuerCannotSignCRLs(issuer: name)) { try store.update(derEncoded: crl) }
    }

    @Test("delta CRLs revoke over their base, and removeFromCRL lifts a base entry")
    func deltaCRLs() throws {
        let h = try Hierarchy.shared()
        let name = try Hierarchy.name("Delta CA")
        let ca = try Hierarchy.certificate(
            subject: name, issuer: name, key: h.otherKey, issuerKey: h.otherKey, extensions: Hierarchy.caExtensions())
        let leafA = try Hierarchy.certificate(
            subject: try Hierarchy.name("A"), issuer: name, key: h.leafKey, issuerKey: h.otherKey,
            extensions: Hierarchy.leafExtensions, serial: [0x10])
        let leafB = try Hierarchy.certificate(
            subject: try Hierarchy.name("B"), issuer: name, key: h.leafKey, issuerKey: h.otherKey,
            extensions: Hierarchy.leafExtensions, serial: [0x11])
        var base = CRLBuilder(
            issuer: name, thisUpdate: Hierarchy.time(Hierarchy.now - 600),
            nextUpdate: Hierarchy.time(Hierarchy.now + 86_400))
        base.crlNumber = ASN1Integer(10)
        base.entries = [
            .init(
                serialNumber: ASN1Integer(0x11), revocationDate: Hierarchy.time(Hierarchy.now - 700),
                reason: .certificateHold)
        ]
        var delta = CRLBuilder(
            issuer: name, thisUpdate: Hierarchy.time(Hierarchy.now - 60),
            nextUpdate: Hierarchy.time(Hierarchy.now + 3600))
        delta.crlNumber = ASN1Integer(11)
        delta.deltaCRLIndicator = ASN1Integer(10)
        delta.entries = [
            .init(
                serialNumber: ASN1Integer(0x10), revocationDate: Hierarchy.time(Hierarchy.now - 100),
                reason: .keyCompromise),
            .init(
                serialNumber: ASN1Integer(0x11), revocationDate: Hierarchy.time(Hierarchy.now - 100),
                reason: .removeFromCRL),
        ]
        let store = CRLStore(issuers: [ca])
        // A delta without its base is refused.
        #expect(throws: CRLStoreError.self) { try store.update(derEncoded: try delta.signedDER(with: h.otherKey)) }
        try store.update(derEncoded: try base.signedDER(with: h.otherKey))
        #expect(store.check(leafA, issuer: ca, at: Hierarchy.nowDate).isGood)
        #expect(!store.check(leafB, issuer: ca, at: Hierarchy.nowDate).isGood)
        let installed = try store.update(derEncoded: try delta.signedDER(with: h.otherKey))
        #expect(installed.isDelta)
        guard case .revoked(let reason, _, let evidence) = store.check(leafA, issuer: ca, at: Hierarchy.nowDate) else {
            Issue.record("leaf A should be revoked by the delta")
            return
        }
        #expect(reason == .keyCompromise)
        #expect(evidence.kind == "delta-crl")
        #expect(store.check(leafB, issuer: ca, at: Hierarchy.nowDate).isGood)
    }

    @Test("CRLs load from memory-mapped files")
    func mappedFile() throws {
        let h = try Hierarchy.shared()
        let der = try h.pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60)
        let url = try TemporaryFile.create(der, suffix: ".crl")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = CRLStore(anchors: h.anchors)
        let installed = try store.update(contentsOfFile: url.path)
        #expect(installed.thisUpdate == Hierarchy.date(Hierarchy.now - 60))
        #expect(store.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.nowDate).isGood)
    }

    @Test("lookups run concurrently with updates")
    func concurrent() async throws {
        let h = try Hierarchy.shared()
        let store = try h.store()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
        let leaf = h.signatureCertificate
        let valid = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    if index % 8 == 0 {
                        _ = try? store.update(
                            derEncoded: try h.pki.crlDER(
                                purpose: .signature, prefecture: "東京都", city: "千代田区",
                                thisUpdate: Hierarchy.now - 3000 + Int64(index)))
                    }
                    return await verifier.verifyCertificate(leaf, at: Hierarchy.nowDate).isValid
                }
            }
            var all = true
            for await result in group { all = all && result }
            return all
        }
        #expect(valid)
    }
}

extension RevocationStatus {
    var isGood: Bool {
        if case .good = self { return true }
        return false
    }
}
