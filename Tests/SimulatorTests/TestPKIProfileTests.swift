import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// The TestPKI's certificates in the profile of the certificates read off real cards (see
/// JPKI-CARD.md, "The JPKI certificate profile"), and its generations of roots.
@Suite("Test PKI: the real profile and root generations")
struct TestPKIProfileTests {
    @Test("the user-authentication leaf: clientAuth, a critical policy with the CPS, OCSP in AIA, full AKI, CRLDP")
    func authenticationProfile() throws {
        let card = try SimulatorFixtures.sampleCard()
        let leaf = card.authenticationCertificate
        let root = card.pki.authenticationRoot
        #expect(try leaf.extensions.extendedKeyUsage?.usages == [ExtendedKeyUsage.clientAuth])
        let policy = try #require(leaf.extensions[oid: CertificatePolicies.oid])
        #expect(policy.critical)
        let policies = try #require(try leaf.extensions.certificatePolicies)
        #expect(policies.identifiers == ["1.2.392.200149.8.5.1.3.30"])
        #expect(policies.policies.first?.qualifiers == [.cps("http://www.jpki.go.jp/cps.html")])
        #expect(
            try leaf.extensions.authorityInformationAccess?.ocspLocations
                == [.uniformResourceIdentifier(TestPKI.authenticationOCSPResponder)])
        let authorityKey = try #require(try leaf.extensions.authorityKeyIdentifier)
        #expect(authorityKey.keyIdentifier == (try root.extensions.subjectKeyIdentifier)?.keyIdentifier)
        #expect(authorityKey.authorityCertIssuer == [.directoryName(root.issuer)])
        #expect(authorityKey.authorityCertSerialNumber == Array(root.serialNumber))
        #expect(try leaf.extensions.subjectKeyIdentifier != nil)
        let point = try #require(try leaf.extensions.crlDistributionPoints?.first?.directoryNames.first)
        #expect(
            point.description
                == "CN=Chiyoda-ku CRLDP,OU=Tokyo-to,OU=CRL Distribution Points,OU=JPKI for user authentication,O=JPKI,C=JP"
        )
        // C=JP, CN=<23-character opaque identifier>.
        let parts = leaf.subject.relativeDistinguishedNames.map { $0.attributes[0].stringValue ?? "" }
        #expect(parts.count == 2 && parts[0] == "JP" && parts[1].count == 23)
        #expect(JPKIProfile(leaf).kind == .userAuthenticationCertificate)
    }

    @Test("the signature leaf: romanized places in the subject, a 28-digit issuance number, a critical policy, no OCSP")
    func signatureProfile() throws {
        let card = try SimulatorFixtures.sampleCard()
        let leaf = card.signatureCertificate
        let parts = leaf.subject.relativeDistinguishedNames.map { $0.attributes[0].stringValue ?? "" }
        #expect(parts.count == 4)
        #expect(Array(parts.prefix(3)) == ["JP", "Tokyo-to", "Chiyoda-ku"])
        #expect(parts.last?.count == 28 && parts.last?.allSatisfy(\.isNumber) == true)
        #expect(leaf.extensions[oid: CertificatePolicies.oid]?.critical == true)
        #expect(try leaf.extensions.certificatePolicies?.identifiers == ["1.2.392.200149.8.5.1.1.20"])
        #expect(try leaf.extensions.authorityInformationAccess == nil)
        #expect(try leaf.extensions.extendedKeyUsage == nil)
        #expect(try leaf.extensions.authorityKeyIdentifier?.authorityCertSerialNumber != nil)
        #expect(JPKIProfile(leaf).kind == .signatureCertificate)
        #expect(try leaf.jpkiMunicipality == JPKIMunicipality(prefecture: "Tokyo-to", city: "Chiyoda-ku"))
    }

    @Test(
        "openssl reads the real-profile leaves: the critical policy and the full AKI as J-LIS's",
        .enabled(if: OpenSSLCLI.available, "needs openssl"))
    func openSSLText() throws {
        let card = try SimulatorFixtures.sampleCard()
        let url = try TemporaryFile.create(card.authenticationCertificate.derEncoded)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try OpenSSLCLI.run(["x509", "-inform", "DER", "-in", url.path, "-noout", "-text"])
        #expect(text.status == 0)
        #expect(text.output.contains("X509v3 Certificate Policies: critical"))
        #expect(text.output.contains("CPS: http://www.jpki.go.jp/cps.html"))
        #expect(text.output.contains("TLS Web Client Authentication"))
        #expect(text.output.contains("OCSP - URI:\(TestPKI.authenticationOCSPResponder)"))
        #expect(text.output.contains("DirName:/C=JP/O=JPKI/OU=JPKI for user authentication"))
    }

    @Test("three generations: one subject name per kind, other keys, J-LIS's validity; each issues its own leaves")
    func generations() throws {
        let pki = try TestPKI(generations: [2023, 2015, 2019])
        #expect(pki.generations.map(\.year) == [2015, 2019, 2023])
        #expect(pki.signatureRoot == pki.generations[2].signatureRoot)
        for purpose in JPKIPurpose.allCases {
            let roots = pki.generations.map { $0.root(purpose) }
            #expect(Set(roots.map(\.subject)).count == 1)
            #expect(Set(roots.map { Array($0.subjectPublicKeyInfo.derEncoded) }).count == 3)
            #expect(roots.map { JPKIProfile($0).kind } == Array(repeating: .rootCA(purpose), count: 3))
        }
        #expect(pki.generations.map { $0.signatureRoot.notAfter.year } == [2025, 2029, 2033])
        let key = try SigningKey(generatingRSABits: 2048).subjectPublicKeyInfo
        // 2021: the 2019 generation issues (2023's has not begun); asked for, another one does.
        let issued2021: Int64 = 1_609_459_200 + 180 * 86_400
        let byDefault = try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: issued2021)
        #expect(byDefault.isSignature(validFor: pki.generations[1].signatureRoot))
        #expect(byDefault.notAfter <= pki.generations[1].signatureRoot.notAfter)
        let old = try pki.issueAuthenticationCertificate(for: .sample, publicKey: key, at: issued2021, generation: 2015)
        #expect(old.isSignature(validFor: pki.generations[0].authenticationRoot))
        #expect(
            try old.extensions.authorityKeyIdentifier?.authorityCertSerialNumber
                == Array(pki.generations[0].authenticationRoot.serialNumber))
        #expect(throws: X509Error.self) {
            try pki.issueAuthenticationCertificate(for: .sample, publicKey: key, generation: 2001)
        }
        #expect(throws: X509Error.self) { try TestPKI(generations: []) }
        // Revocations are per generation: the CRL of the generation that issued the leaf lists it.
        try pki.revoke(old, reason: .keyCompromise, at: issued2021 + 60)
        let crl2015 = try CertificateRevocationList(
            derEncoded: try pki.crlDER(
                purpose: .userAuthentication, prefecture: "東京都", city: "千代田区", thisUpdate: issued2021 + 120,
                generation: 2015))
        #expect(crl2015.isSignature(validFor: pki.generations[0].authenticationRoot))
        #expect(try crl2015.entries().map(\.serialNumberHex) == [old.serialNumberHex])
        let crl2023 = try CertificateRevocationList(
            derEncoded: try pki.crlDER(
                purpose: .userAuthentication, prefecture: "東京都", city: "千代田区", thisUpdate: issued2021 + 120))
        #expect(try crl2023.entries().isEmpty)
        // The generations survive a snapshot.
        let restored = try TestPKI(snapshot: pki.snapshot)
        #expect(restored.generations.map(\.year) == [2015, 2019, 2023])
        #expect(restored.generations.map(\.authenticationRoot) == pki.generations.map(\.authenticationRoot))
        #expect(restored.isRevoked(old))
    }

    @Test("a complete CRL has no issuing distribution point and lists every partition's revocations")
    func completeCRL() throws {
        let pki = try TestPKI()
        let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
        let now = TestPKI.now()
        try pki.revoke(card.signatureCertificate, reason: .keyCompromise, at: now - 60)
        let crl = try CertificateRevocationList(
            derEncoded: try pki.completeCRLDER(purpose: .signature, thisUpdate: now))
        #expect(crl.issuingDistributionPoint == nil)
        #expect(crl.crlNumber == ASN1Integer(now))
        #expect(try crl.entries().map(\.serialNumberHex) == [card.signatureCertificate.serialNumberHex])
    }
}
