import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// `jpki verify cert | auth | signature | cms`, through the built executable, on a TestPKI.
@Suite("jpki verify", .serialized)
struct VerifyCommandTests {
    /// A TestPKI, a leaf key, the sample persona's two certificates (one signature certificate
    /// revoked), and their files.
    final class Setup: Sendable {
        let pki: TestPKI
        let key: SigningKey
        let folder: URL
        /// 2025-06-01T00:00:00Z.
        static let now: Int64 = 1_748_736_000
        static let nowText = "2025-06-01T00:00:00Z"

        init() throws {
            pki = try TestPKI()
            key = try SigningKey(generatingRSABits: 2048)
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-verify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let info = try key.subjectPublicKeyInfo
            let issued: Int64 = 1_735_689_600
            let signature = try pki.issueSignatureCertificate(for: .sample, publicKey: info, at: issued)
            let revoked = try pki.issueSignatureCertificate(for: .sample, publicKey: info, at: issued)
            let authentication = try pki.issueAuthenticationCertificate(for: .sample, publicKey: info, at: issued)
            try pki.revoke(revoked, reason: .keyCompromise, at: Self.now - 86_400)
            try write(pem(pki.signatureRoot), "sign-root.pem")
            try write(pem(pki.authenticationRoot), "auth-root.pem")
            try write(pem(signature), "sign.pem")
            try write(pem(revoked), "revoked.pem")
            try write(pem(authentication), "auth.pem")
            try write(Array(key.pkcs8PEM.utf8), "leaf.key")
            try write(
                try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Self.now - 60),
                "sign.crl")
            try write(
                try pki.crlDER(
                    purpose: .userAuthentication, prefecture: "東京都", city: "千代田区", thisUpdate: Self.now - 60),
                "auth.crl")
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        func write(_ bytes: [UInt8], _ name: String) throws {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }

        func pem(_ certificate: Certificate) -> [UInt8] {
            Array(PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString.utf8)
        }

        /// `--anchor <root> --allow-unpinned --crl <crl> --at <now>`.
        func trust(_ purpose: String) -> [String] {
            [
                "--anchor", path("\(purpose)-root.pem"), "--allow-unpinned", "--crl", path("\(purpose).crl"), "--at",
                Self.nowText,
            ]
        }
    }

    static func run(_ arguments: [String]) throws -> ProcessResult { try JPKIExecutable.run(arguments) }

    @Test("verify cert: valid (exit 0), revoked (exit 1 with the reason), expired (exit 1)")
    func certificate() throws {
        let s = try Setup()
        let valid = try Self.run(["verify", "cert", s.path("sign.pem")] + s.trust("sign"))
        #expect(valid.status == 0, "\(valid.output) \(valid.error)")
        #expect(valid.output.hasPrefix("valid"))
        #expect(valid.output.contains("CRL number"))
        let json = try Self.run(["verify", "cert", s.path("sign.pem"), "--json"] + s.trust("sign"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "valid")
        let revocation = try #require(object["revocation"] as? [[String: Any]])
        #expect(revocation.first?["status"] as? String == "good")
        let revoked = try Self.run(["verify", "cert", s.path("revoked.pem")] + s.trust("sign"))
        #expect(revoked.status == 1)
        #expect(revoked.error.contains("revoked (Key Compromise)"))
        let expired = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--at",
            "2034-01-01T00:00:00Z",
        ])
        #expect(expired.status == 1)
        #expect(expired.error.contains("expired"))
        // Without a CRL for the partition under hard-fail: invalid; soft-fail: valid.
        let noCRL = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--crl",
            s.path("auth.crl"), "--anchor", s.path("auth-root.pem"), "--at", Setup.nowText,
        ])
        #expect(noCRL.status == 1)
        let soft = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--crl",
            s.path("auth.crl"), "--anchor", s.path("auth-root.pem"), "--at", Setup.nowText, "--soft-fail",
        ])
        #expect(soft.status == 0, "\(soft.error)")
    }

    @Test("bad input exits 2: unpinned anchor, missing file, bad time, unreadable CRL file")
    func badInput() throws {
        let s = try Setup()
        let unpinned = try Self.run(["verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem")])
        #expect(unpinned.status == 2)
        #expect(unpinned.error.contains("not pinned"))
        #expect(try Self.run(["verify", "cert", s.path("missing.pem")] + s.trust("sign")).status == 2)
        let time = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--at",
            "yesterday",
        ])
        #expect(time.status == 2)
        let crl = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--crl",
            s.path("missing.crl"),
        ])
        #expect(crl.status == 2)
        #expect(crl.error.contains("missing.crl"))
    }

    @Test(
        "the real J-LIS root is accepted as a pinned anchor; a TestPKI leaf then fails its signature (exit 1)",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func pinnedRealRoot() throws {
        let s = try Setup()
        let result = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", SharedFixtures.url("jlis-ca/sign_ca_2023.pem").path,
            "--at", Setup.nowText,
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("signature does not verify"))
    }

    @Test("verify auth: the signature over the challenge (exit 0), another challenge (exit 1)")
    func authentication() throws {
        let s = try Setup()
        let challenge: [UInt8] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF]
        try s.write(try s.key.sign(challenge), "auth.sig")
        let valid = try Self.run(
            [
                "verify", "auth", "--challenge", "0123456789abcdef", "--signature", s.path("auth.sig"), "--cert",
                s.path("auth.pem"),
            ] + s.trust("auth"))
        #expect(valid.status == 0, "\(valid.output) \(valid.error)")
        let other = try Self.run(
            [
                "verify", "auth", "--challenge", "0123456789abcdee", "--signature", s.path("auth.sig"), "--cert",
                s.path("auth.pem"),
            ] + s.trust("auth"))
        #expect(other.status == 1)
        #expect(
            try Self.run(
                [
                    "verify", "auth", "--challenge", "xyz", "--signature", s.path("auth.sig"), "--cert",
                    s.path("auth.pem"),
                ]
                    + s.trust("auth")
            ).status == 2)
    }

    @Test("verify signature: prints the signer's 4 information")
    func signature() throws {
        let s = try Setup()
        let document = Array("契約書".utf8)
        try s.write(document, "doc.txt")
        try s.write(try s.key.sign(document), "doc.sig")
        let valid = try Self.run(
            [
                "verify", "signature", "--document", s.path("doc.txt"), "--signature", s.path("doc.sig"), "--cert",
                s.path("sign.pem"),
            ] + s.trust("sign"))
        #expect(valid.status == 0, "\(valid.output) \(valid.error)")
        #expect(valid.output.contains(Persona.sample.name))
    }

    @Test(
        "verify cms: openssl cms -sign output, attached and detached; modified content exits 1",
        .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
    func cms() throws {
        let s = try Setup()
        try s.write(Array("order 42\n".utf8), "order.txt")
        for detached in [true, false] {
            var arguments = [
                "cms", "-sign", "-binary", "-in", s.path("order.txt"), "-signer", s.path("sign.pem"), "-inkey",
                s.path("leaf.key"), "-outform", "DER", "-out", s.path("order-\(detached).p7s"),
            ]
            if !detached { arguments.append("-nodetach") }
            #expect(try OpenSSLCLI.run(arguments).status == 0)
            let content = detached ? ["--content", s.path("order.txt")] : []
            let result = try Self.run(["verify", "cms", s.path("order-\(detached).p7s")] + content + s.trust("sign"))
            #expect(result.status == 0, "\(result.output) \(result.error)")
            #expect(result.output.contains("signingTime"))
        }
        try s.write(Array("order 43\n".utf8), "other.txt")
        let modified = try Self.run(
            ["verify", "cms", s.path("order-true.p7s"), "--content", s.path("other.txt")] + s.trust("sign"))
        #expect(modified.status == 1)
    }
}
