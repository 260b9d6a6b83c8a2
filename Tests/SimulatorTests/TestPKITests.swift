import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// The J-LIS-shaped test PKI: roots, leaves in the JPKI profile, CRLs per municipality, and
/// revocation.
@Suite("Test PKI")
struct TestPKITests {
    /// PEM of a certificate.
    static func pem(_ certificate: Certificate) -> String {
        PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString
    }

    /// Writes files into a fresh directory and runs `body` with their URLs.
    static func withFiles<Result>(_ files: [String: [UInt8]], _ body: ([String: URL]) throws -> Result) throws
        -> Result
    {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var urls: [String: URL] = [:]
        for (name, bytes) in files {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            urls[name] = url
        }
        return try body(urls)
    }

    @Test("the roots have J-LIS's names, extensions and the 2023 generation's validity")
    func roots() throws {
        let pki = try SimulatorFixtures.pki()
        for (purpose, root) in [
            (JPKIPurpose.signature, pki.signatureRoot), (.userAuthentication, pki.authenticationRoot),
        ] {
            #expect(JPKIProfile(root).kind == .rootCA(purpose))
            #expect(root.subject == root.issuer)
            #expect(root.subject == (try JPKICertificateBuilder.rootName(purpose)))
            #expect(root.isSignature(validFor: root))
            #expect(root.notAfter.year == 2033 && root.notAfter.month == 7 && root.notAfter.day == 15)
        }
    }

    @Test(
        "the roots have the same subject and extension list as J-LIS's 2023 roots",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func rootsMatchJLIS() throws {
        let pki = try SimulatorFixtures.pki()
        for (root, fixture) in [
            (pki.signatureRoot, "jlis-ca/sign_ca_2023.pem"), (pki.authenticationRoot, "jlis-ca/auth_ca_2023.pem"),
        ] {
            let real = try Certificate(pemEncoded: String(decoding: try SharedFixtures.bytes(fixture), as: UTF8.self))
            #expect(root.subject == real.subject)
            #expect(root.extensions.map(\.oid) == real.extensions.map(\.oid))
            #expect(root.extensions.map(\.critical) == real.extensions.map(\.critical))
            #expect(root.notAfter == real.notAfter)
        }
    }

    @Test("the leaves are in the JPKI profile: subjects, key usage, policies, 4 information, CRL partition")
    func leaves() throws {
        let card = try SimulatorFixtures.sampleCard()
        let signature = card.signatureCertificate
        let authentication = card.authenticationCertificate
        #expect(JPKIProfile(signature).kind == .signatureCertificate)
        #expect(JPKIProfile(authentication).kind == .userAuthenticationCertificate)
        let information = try #require(try signature.basicFourInformation)
        #expect(information.name == "番号\u{3000}花子")
        #expect(information.address == "東京都千代田区架空町一丁目2番3号")
        #expect(information.sex == .female)
        #expect(information.birthDate.text == "319850401")
        #expect(try authentication.basicFourInformation == nil)
        #expect(try signature.jpkiMunicipality == JPKIMunicipality(prefecture: "東京都", city: "千代田区"))
        #expect(
            try authentication.jpkiMunicipality
                == JPKIMunicipality(prefecture: "東京都", city: "千代田区", purpose: .userAuthentication))
        #expect(signature.subjectPublicKeyInfo.derEncoded != authentication.subjectPublicKeyInfo.derEncoded)
        #expect(signature.notAfter.secondsSince1970 <= CalendarDateHelpers.endOfDayInJapan(2033, 4, 1))
    }

    @Test(
        "the leaves pass openssl verify -CAfile <root>, and fail against the other root",
        .enabled(if: OpenSSLCLI.available, "needs openssl"))
    func opensslVerify() throws {
        let card = try SimulatorFixtures.sampleCard()
        let pki = card.pki
        try Self.withFiles([
            "sign-root.pem": Array(Self.pem(pki.signatureRoot).utf8),
            "auth-root.pem": Array(Self.pem(pki.authenticationRoot).utf8),
            "sign.pem": Array(Self.pem(card.signatureCertificate).utf8),
            "auth.pem": Array(Self.pem(card.authenticationCertificate).utf8),
        ]) { urls in
            let signOK = try OpenSSLCLI.run(["verify", "-CAfile", urls["sign-root.pem"]!.path, urls["sign.pem"]!.path])
            #expect(signOK.status == 0, "\(signOK.output) \(signOK.error)")
            let authOK = try OpenSSLCLI.run(["verify", "-CAfile", urls["auth-root.pem"]!.path, urls["auth.pem"]!.path])
            #expect(authOK.status == 0, "\(authOK.output) \(authOK.error)")
            let crossed = try OpenSSLCLI.run([
                "verify", "-CAfile", urls["auth-root.pem"]!.path, urls["sign.pem"]!.path,
            ])
            #expect(crossed.status != 0)
        }
    }

    @Test(
        "a move revokes the signature certificate: listed in the old municipality's CRL, which passes openssl crl -CAfile",
        .enabled(if: OpenSSLCLI.available, "needs openssl"))
    func moveAndCRL() throws {
        let pki = try TestPKI()
        let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
        let old = card.signatureCertificate
        let authentication = card.authenticationCertificate
        let moveTime = TestPKI.now() - 3600
        let new = try card.move(
            to: "大阪府大阪市北区架空町三丁目4番5号", prefecture: "大阪府", city: "大阪市北区", at: moveTime)
        #expect(pki.isRevoked(old))
        #expect(!pki.isRevoked(new))
        #expect(!pki.isRevoked(authentication))
        #expect(card.authenticationCertificate == authentication)
        #expect(try new.basicFourInformation?.address == "大阪府大阪市北区架空町三丁目4番5号")
        #expect(try new.jpkiMunicipality?.city == "Osaka-shi-Kita-ku")
        #expect(card.fileContents(.jpki, 0x0001) == new.derEncoded)
        // The card's text AP shows the new address.
        let information = try #require(card.fileContents(.cardInfo, 0x0002))
        #expect(String(decoding: information, as: UTF8.self).contains("大阪府大阪市北区"))

        let tokyo = try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区")
        let osaka = try pki.crlDER(purpose: .signature, prefecture: "大阪府", city: "大阪市北区")
        let tokyoAuthentication = try pki.crlDER(purpose: .userAuthentication, prefecture: "東京都", city: "千代田区")
        let tokyoCRL = try CertificateRevocationList(derEncoded: tokyo)
        let entries = try tokyoCRL.entries()
        #expect(entries.count == 1)
        #expect(tokyoCRL.isSignature(validFor: pki.signatureRoot))
        #expect(try CertificateRevocationList(derEncoded: osaka).entries().isEmpty)
        #expect(try CertificateRevocationList(derEncoded: tokyoAuthentication).entries().isEmpty)
        #expect(Set(pki.municipalities.map(\.city)) == ["千代田区", "大阪市北区"])

        try Self.withFiles([
            "root.pem": Array(Self.pem(pki.signatureRoot).utf8), "tokyo.der": tokyo, "osaka.der": osaka,
            "old.pem": Array(Self.pem(old).utf8), "new.pem": Array(Self.pem(new).utf8),
            "auth-root.pem": Array(Self.pem(pki.authenticationRoot).utf8), "tokyo-auth.der": tokyoAuthentication,
        ]) { urls in
            for (crl, root) in [
                ("tokyo.der", "root.pem"), ("osaka.der", "root.pem"), ("tokyo-auth.der", "auth-root.pem"),
            ] {
                let check = try OpenSSLCLI.run([
                    "crl", "-inform", "DER", "-in", urls[crl]!.path, "-CAfile", urls[root]!.path, "-noout",
                ])
                #expect(check.status == 0, "\(crl): \(check.output) \(check.error)")
                #expect(check.error.contains("verify OK") || check.output.contains("verify OK"))
            }
            let text = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", urls["tokyo.der"]!.path, "-noout", "-text"])
            #expect(text.output.contains("Serial Number: \(old.serialNumberHex)"))
            #expect(text.output.contains("Affiliation Changed"))
            // A revocation-aware verification fails for the old certificate, passes for the new.
            let pemCRL = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", urls["tokyo.der"]!.path])
            let osakaPEM = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", urls["osaka.der"]!.path])
            let crlFile = urls["root.pem"]!.deletingLastPathComponent().appendingPathComponent("crls.pem")
            try Data((pemCRL.output + osakaPEM.output).utf8).write(to: crlFile)
            let revoked = try OpenSSLCLI.run([
                "verify", "-crl_check", "-CAfile", urls["root.pem"]!.path, "-CRLfile", crlFile.path,
                urls["old.pem"]!.path,
            ])
            #expect(revoked.status != 0)
            #expect((revoked.output + revoked.error).contains("revoked"))
            let valid = try OpenSSLCLI.run([
                "verify", "-crl_check", "-CAfile", urls["root.pem"]!.path, "-CRLfile", crlFile.path,
                urls["new.pem"]!.path,
            ])
            #expect(valid.status == 0, "\(valid.output) \(valid.error)")
        }
    }

    @Test("CRLs carry the partition's issuing distribution point, the root's AKI, a CRL number and next update")
    func crlContents() throws {
        let pki = try SimulatorFixtures.pki()
        let now = TestPKI.now()
        let crl = try CertificateRevocationList(
            derEncoded: try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: now))
        #expect(crl.issuer == pki.signatureRoot.subject)
        #expect(crl.thisUpdate.secondsSince1970 == now)
        #expect(crl.nextUpdate?.secondsSince1970 == now + 86_400)
        let point = try #require(crl.issuingDistributionPoint)
        #expect(point.onlyContainsUserCerts)
        if case .fullName(let names) = point.distributionPoint, case .directoryName(let name) = names.first {
            #expect(JPKIMunicipality(distributionPointName: name) == JPKIMunicipality(prefecture: "東京都", city: "千代田区"))
        } else {
            Issue.record("no directoryName distribution point")
        }
        #expect(crl.crlNumber == ASN1Integer(now))
        #expect(crl.authorityKeyIdentifier == (try pki.signatureRoot.extensions.subjectKeyIdentifier)?.keyIdentifier)
    }

    @Test("revoking a certificate of another PKI is refused; revoking twice lists it once")
    func revocationErrors() throws {
        let pki = try SimulatorFixtures.pki()
        let other = try TestPKI()
        let card = try VirtualMyNumberCard(persona: .sample, pki: other)
        #expect(throws: X509Error.self) { try pki.revoke(card.signatureCertificate) }
        try other.revoke(card.authenticationCertificate, reason: .keyCompromise)
        try other.revoke(card.authenticationCertificate, reason: .keyCompromise)
        #expect(other.revokedCertificates.count == 1)
        let crl = try CertificateRevocationList(
            derEncoded: try other.crlDER(purpose: .userAuthentication, prefecture: "東京都", city: "千代田区"))
        #expect(try crl.entries().first?.reason == .keyCompromise)
        #expect(other.snapshot.revocations.count == 1)
        let restored = try TestPKI(snapshot: other.snapshot)
        #expect(restored.isRevoked(card.authenticationCertificate))
    }
}

/// The end of a day in Japan, in seconds since 1970.
enum CalendarDateHelpers {
    static func endOfDayInJapan(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        ASN1Time.daysSince1970(year: year, month: month, day: day) * 86_400 - 9 * 3600 + 86_399
    }
}
