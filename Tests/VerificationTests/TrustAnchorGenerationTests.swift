import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// The embedded J-LIS roots as the default anchors, several roots of one name told apart by key,
/// the report naming the root, and leaves of the real profile validating.
@Suite("Trust anchors: defaults and generations")
struct TrustAnchorGenerationTests {
    /// A TestPKI with J-LIS's three generations, and a leaf of each kind from each generation.
    final class Generations: Sendable {
        let pki: TestPKI
        /// Per generation (2015, 2019, 2023): the authentication and the signature leaf.
        let leaves: [(year: Int, authentication: Certificate, signature: Certificate)]
        /// 2024-06-01: every generation valid.
        static let now: Int64 = 1_717_200_000

        init() throws {
            let h = try Hierarchy.shared()
            let pki = try TestPKI(generations: [2015, 2019, 2023])
            self.pki = pki
            let key = try h.leafKey.subjectPublicKeyInfo
            leaves = try pki.generations.map { generation in
                (
                    generation.year,
                    try pki.issueAuthenticationCertificate(
                        for: .sample, publicKey: key, at: Self.now - 86_400, generation: generation.year),
                    try pki.issueSignatureCertificate(
                        for: .sample, publicKey: key, at: Self.now - 86_400, generation: generation.year)
                )
            }
        }

        /// The six roots as custom anchors named like J-LIS's.
        var anchors: TrustAnchors {
            var anchors = TrustAnchors(custom: [])
            for generation in pki.generations {
                anchors = anchors.adding(
                    custom: generation.signatureRoot, name: "test signature root \(generation.year)")
                anchors = anchors.adding(
                    custom: generation.authenticationRoot, name: "test user-authentication root \(generation.year)")
            }
            return anchors
        }
    }

    static let generations: Result<Generations, any Error> = Result { try Generations() }

    @Test("JPKIVerifier() and CRLStore() trust the six embedded J-LIS roots, and nothing else")
    func defaults() async throws {
        let verifier = JPKIVerifier()
        #expect(verifier.anchors.certificates == JLISRoot.all.map(\.certificate))
        #expect(TrustAnchors.jlis.certificates.count == 6)
        for root in JLISRoot.all { #expect(TrustAnchors.jlis.name(of: root.certificate) == root.description) }
        // A leaf of the J-LIS-shaped test PKI (same root names, other keys) is refused.
        let h = try Hierarchy.shared()
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(!report.isValid)
        #expect(report.trustAnchor == nil)
        #expect(report.failures.map(\.code) == ["bad-signature"] || report.failures.map(\.code) == ["issuer-not-found"])
        // The store knows the J-LIS roots as CRL issuers: a CRL of the test root is refused.
        let store = CRLStore()
        #expect(throws: CRLStoreError.self) {
            try store.update(
                derEncoded: try h.pki.crlDER(
                    purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now))
        }
    }

    @Test("the JPKI test-card hierarchy (O=JPKI-TEST) is never accepted by default")
    func testCardHierarchyRefused() async throws {
        let h = try Hierarchy.shared()
        let rootName = try JPKINamesForTests.testCardRoot()
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(), serial: [0x01], notBefore: Hierarchy.issued - 86_400)
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("TESTCARD0123456789ABCDEFG"), issuer: rootName, key: h.leafKey,
            issuerKey: h.otherKey,
            extensions: [
                KeyUsage([.digitalSignature]).makeExtension(critical: true),
                CertificatePolicies([.init(identifier: "1.2.392.200149.8.5.1.0.20")]).makeExtension(critical: true),
            ])
        let report = await JPKIVerifier().verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(report.failures.map(\.code) == ["issuer-not-found"])
        // Given as a chain, its self-signed root is not trusted either.
        let chained = await JPKIVerifier().verifyCertificate(leaf, intermediates: [root], at: Hierarchy.nowDate)
        #expect(chained.failures.map(\.code) == ["untrusted-root"])
        // Trusted only when asked for by name.
        let asked = await JPKIVerifier(anchors: TrustAnchors.jlis.adding(custom: root, name: "JPKI test cards"))
            .verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(asked.isValid, "\(asked.reasons)")
        #expect(asked.trustAnchor == "JPKI test cards")
    }

    @Test("the report names the embedded root that anchored the chain, with its generation")
    func jlisRootNamed() async throws {
        let verifier = JPKIVerifier()
        for root in JLISRoot.all {
            let at = Date(wholeSecondsOf: root.certificate.notBefore).addingTimeInterval(86_400)
            let report = await verifier.verifyCertificate(root.certificate, at: at)
            #expect(report.isValid, "\(root): \(report.reasons)")
            #expect(report.trustAnchor == root.description)
            #expect(report.checks.first { $0.name == .trustAnchor }?.detail?.hasPrefix(root.description) == true)
        }
        #expect(JLISRoot.all.map(\.description).contains("J-LIS signature root 2019"))
        #expect(JLISRoot.all.map(\.description).contains("J-LIS user-authentication root 2023"))
    }

    @Test("three roots of one name: each leaf is anchored by the root whose key signed it, and the report says which")
    func anchoredByKey() async throws {
        let g = try Self.generations.get()
        let verifier = JPKIVerifier(anchors: g.anchors)
        let at = Date(timeIntervalSince1970: TimeInterval(Generations.now))
        for (year, authentication, signature) in g.leaves {
            let generation = try g.pki.generation(year)
            let login = await verifier.verifyCertificate(authentication, at: at)
            #expect(login.isValid, "\(year): \(login.reasons)")
            #expect(login.trustAnchor == "test user-authentication root \(year)")
            #expect(login.chain.last?.reference.sha256 == Hex.encode(generation.authenticationRoot.sha256Fingerprint))
            let document = await verifier.verifyCertificate(signature, at: at)
            #expect(document.trustAnchor == "test signature root \(year)")
            #expect(document.chain.last?.reference.sha256 == Hex.encode(generation.signatureRoot.sha256Fingerprint))
        }
        // JSON carries it.
        let report = await verifier.verifyCertificate(g.leaves[1].signature, at: at)
        let decoded = try JSONDecoder().decode(VerificationReport.self, from: try report.jsonData())
        #expect(decoded.trustAnchor == "test signature root 2019")
    }

    @Test("the signature decides, not the name or the authority key identifier alone")
    func signatureDecides() async throws {
        let g = try Self.generations.get()
        let h = try Hierarchy.shared()
        let roots = g.pki.generations
        let at = Date(timeIntervalSince1970: TimeInterval(Generations.now))
        // Signed by the 2019 key, naming the 2023 key in its AKI: anchored by 2019 all the same.
        let wrongHint = try Hierarchy.certificate(
            subject: try Hierarchy.name("Hinted"), issuer: roots[1].signatureRoot.subject, key: h.leafKey,
            issuerKey: roots[1].signatureRootKey,
            extensions: Hierarchy.leafExtensions + [
                AuthorityKeyIdentifier(
                    keyIdentifier: try roots[2].signatureRoot.extensions.subjectKeyIdentifier?.keyIdentifier
                ).makeExtension()
            ], notBefore: Generations.now - 86_400)
        let hinted = await JPKIVerifier(anchors: g.anchors).verifyCertificate(wrongHint, at: at)
        #expect(hinted.trustAnchor == "test signature root 2019")
        // No AKI at all: each candidate of the name is tried by signature.
        let plain = try Hierarchy.certificate(
            subject: try Hierarchy.name("Plain"), issuer: roots[0].signatureRoot.subject, key: h.leafKey,
            issuerKey: roots[0].signatureRootKey, extensions: Hierarchy.leafExtensions,
            notBefore: Generations.now - 86_400)
        let anchored = await JPKIVerifier(anchors: g.anchors).verifyCertificate(plain, at: at)
        #expect(anchored.trustAnchor == "test signature root 2015")
        // Only the two other generations trusted: the name matches, no key verifies.
        let others = TrustAnchors(custom: [roots[1].signatureRoot, roots[2].signatureRoot])
        let refused = await JPKIVerifier(anchors: others).verifyCertificate(plain, at: at)
        #expect(refused.failures.map(\.code) == ["bad-signature"])
        #expect(refused.trustAnchor == nil)
    }

    @Test("leaves of the real profile validate: EKU, critical certificatePolicies, full AKI, AIA OCSP, CRLDP")
    func realProfileValidates() async throws {
        let h = try Hierarchy.shared()
        let store = try h.store(purpose: .userAuthentication)
        try store.update(
            derEncoded: try h.pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 3600))
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
        let leaf = h.authenticationCertificate
        #expect(leaf.extensions[oid: CertificatePolicies.oid]?.critical == true)
        #expect(try leaf.extensions.extendedKeyUsage != nil)
        #expect(try leaf.extensions.authorityInformationAccess != nil)
        let challenge = Array("login".utf8)
        let signature = try h.leafKey.sign(challenge, algorithm: .sha256WithRSAEncryption)
        let login = await verifier.verifyAuthentication(
            challenge: challenge, signature: signature, certificate: leaf, at: Hierarchy.nowDate)
        #expect(login.isValid, "\(login.reasons)")
        #expect(login.checks.contains { $0.name == .criticalExtensions && $0.position == 0 && $0.passed })
        #expect(login.checks.contains { $0.name == .jpkiPolicy && $0.passed })
        #expect(login.trustAnchor?.contains("JPKI for user authentication") == true)
        let document = Array("contract".utf8)
        let signed = await verifier.verifySignature(
            of: document, signature: try h.leafKey.sign(document, algorithm: .sha256WithRSAEncryption),
            certificate: h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(signed.isValid, "\(signed.report.reasons)")
        #expect(signed.signer != nil)
    }
}

/// Names for the test-card hierarchy.
enum JPKINamesForTests {
    /// `C=JP, O=JPKI-TEST, OU=JPKI for user authentication`.
    static func testCardRoot() throws -> DistinguishedName {
        DistinguishedName([
            .init([try .init(type: .countryName, string: "JP", kind: .printable)]),
            .init([try .init(type: .organizationName, string: "JPKI-TEST")]),
            .init([try .init(type: .organizationalUnitName, string: "JPKI for user authentication")]),
        ])
    }
}
