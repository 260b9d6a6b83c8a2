import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// Runs the built `jpki x509 show`, as a user or a script would.
@Suite("jpki x509 show", .enabled(if: JPKIExecutable.url != nil, "needs the built jpki executable beside the tests"))
struct X509ShowCommandTests {
    static func run(_ arguments: [String]) throws -> ProcessResult { try JPKIExecutable.run(arguments) }

    static func pemFile(_ certificates: [Certificate]) throws -> URL {
        let text = certificates.map { PEMDocument(label: "CERTIFICATE", der: $0.derEncoded).pemString }.joined()
        return try TemporaryFile.create(Array(text.utf8), suffix: ".pem")
    }

    @Test(
        "an openssl EC certificate: the curve and its size, in the text and the JSON",
        .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
    func ellipticCurveKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-ec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try await offPool {
            try OpenSSLECPKI(in: directory, rootCurve: "P-521", rootDigest: "sha512", leafCurve: "P-256")
        }
        let text = try await offPool { try Self.run(["x509", "show", pki.leafCertificate]) }
        #expect(text.status == 0, "\(text.error)")
        #expect(text.output.contains("Signature algorithm: ecdsa-with-SHA512\n"), "\(text.output)")
        #expect(text.output.contains("Public key: id-ecPublicKey P-256, 256 bit\n"), "\(text.output)")
        let json = try await offPool { try Self.run(["x509", "show", pki.rootCertificate, "--json"]) }
        #expect(json.status == 0, "\(json.error)")
        #expect(json.output.contains("\"curve\" : \"P-521\""), "\(json.output)")
        #expect(json.output.contains("\"bits\" : 521"), "\(json.output)")
    }

    @Test("a signature certificate: fields, extensions, kind and the basic 4 information")
    func signatureCertificateText() throws {
        let pki = try TestPKI.shared.get()
        let file = try Self.pemFile([pki.signatureCertificate])
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.run(["x509", "show", file.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.isEmpty)
        for line in [
            "Version: 3", "Serial number: 123456", "Signature algorithm: sha256WithRSAEncryption",
            "Subject: CN=SIGN0123456789ABCDEF,L=Chiyoda-ku,L=Tokyo-to,C=JP",
            "Issuer: OU=Japan Agency for Local Authority Information Systems,OU=JPKI for digital signature,O=JPKI,C=JP",
            "Not before: 2025-04-01T01:02:03Z", "Public key: rsaEncryption, 2048 bit, exponent 65537",
            "  X509v3 Key Usage (2.5.29.15): critical", "    Digital Signature, Non Repudiation",
            "    othername: 1.2.392.200149.8.5.5.1::番号　花子, othername: 1.2.392.200149.8.5.5.2::00100, othername: 1.2.392.200149.8.5.5.3::2, othername: 1.2.392.200149.8.5.5.4::319650415, othername: 1.2.392.200149.8.5.5.5::東京都千代田区永田町一丁目1番1号, othername: 1.2.392.200149.8.5.5.6::0",
            "JPKI: JPKI signature certificate (policy 1.2.392.200149.8.5.1.1.20)",
            "CRL partition: Tokyo-to Chiyoda-ku (signature)", "Basic 4 information:", "  Name: 番号　花子",
            "  Sex: female (2)", "  Birth date: 1965-04-15 (Showa 40, 昭和40年4月15日)",
            "  Address: 東京都千代田区永田町一丁目1番1号", "  Name substitute-character flags: 00100",
        ] {
            #expect(run.output.split(separator: "\n").contains(Substring(line)), "missing line: \(line)\n\(run.output)")
        }
    }

    @Test("--json for scripts")
    func json() throws {
        let pki = try TestPKI.shared.get()
        let file = try Self.pemFile([pki.signatureCertificate, pki.authenticationCertificate, pki.signatureRoot])
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.run(["x509", "show", file.path, "--json"])
        #expect(run.status == 0, "\(run.error)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        let certificates = try #require(document["certificates"] as? [[String: Any]])
        #expect(certificates.count == 3)
        let jpki = certificates.compactMap { $0["jpki"] as? [String: Any] }
        #expect(jpki.map { $0["kind"] as? String } == ["signature", "authentication", "signature-root-ca"])
        let information = try #require(jpki.first?["basicFourInformation"] as? [String: Any])
        #expect(information["name"] as? String == "番号　花子")
        #expect(information["familyName"] as? String == "番号")
        #expect(information["sexCode"] as? String == "2")
        #expect(information["birthDate"] as? String == "1965-04-15")
        #expect(information["era"] as? String == "Showa")
        #expect(information["eraCode"] as? Int == 3)
        #expect(information["eraYear"] as? Int == 40)
        #expect(information["address"] as? String == "東京都千代田区永田町一丁目1番1号")
        #expect(information["nameSubstituteCharacters"] as? String == "00100")
        let municipality = try #require(jpki.first?["municipality"] as? [String: Any])
        #expect(municipality["prefecture"] as? String == "Tokyo-to")
        #expect(municipality["city"] as? String == "Chiyoda-ku")
        #expect(jpki[1]["basicFourInformation"] == nil)
        let first = try #require(certificates.first)
        #expect(first["serialNumber"] as? String == "123456")
        #expect(first["notAfter"] as? String == "2030-04-15T14:59:59Z")
        let extensions = try #require(first["extensions"] as? [[String: Any]])
        #expect(extensions.first?["oid"] as? String == "2.5.29.15")
        #expect(extensions.first?["critical"] as? Bool == true)
        #expect(extensions.first?["value"] as? [String] == ["Digital Signature, Non Repudiation"])
    }

    @Test("the J-LIS roots", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func jlisRoot() throws {
        let run = try Self.run(["x509", "show", SharedFixtures.url("jlis-ca/auth_ca_2023.pem").path])
        #expect(run.status == 0)
        #expect(run.output.contains("JPKI: J-LIS root CA (user authentication)"))
        #expect(
            run.output.contains("SHA-256 fingerprint: 64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5")
        )
        #expect(run.output.contains("    CA:TRUE"))
    }

    @Test("malformed input exits 2 with one error line")
    func malformed() throws {
        let garbage = try TemporaryFile.create([0x30, 0x03, 0x02, 0x01])
        defer { try? FileManager.default.removeItem(at: garbage) }
        let run = try Self.run(["x509", "show", garbage.path])
        #expect(run.status == 2)
        #expect(run.error == "error: truncated input at offset 0\n")
        let missing = try Self.run(["x509", "show", "/nonexistent/certificate.pem"])
        #expect(missing.status == 2)
        #expect(missing.error.hasPrefix("error: "))
    }

    @Test(
        "an extension that does not decode is shown, then reported with exit code 2",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func undecodableExtension() throws {
        let run = try Self.run(["x509", "show", SharedFixtures.url("x509-vectors/custom/malformed-san.pem").path])
        #expect(run.status == 2)
        #expect(run.output.contains("Subject:"))
        #expect(run.error.hasPrefix("error: invalid extension 2.5.29.17"))
        #expect(run.error.split(separator: "\n").count == 1)
    }
}
