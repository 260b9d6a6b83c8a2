import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// `jpki verify` against the embedded J-LIS roots (no `--anchor` needed), `--anchor` adding
/// roots, the report naming the root generation, and malformed CRLs making the result invalid
/// (exit 1) rather than the command line wrong (exit 2).
@Suite("jpki verify: anchors and CRLs", .serialized)
struct VerifyAnchorCommandTests {
    typealias Setup = VerifyCommandTests.Setup

    static func run(_ arguments: [String]) throws -> ProcessResult { try JPKIExecutable.run(arguments) }

    @Test(
        "with no --anchor the embedded roots anchor: a J-LIS root verifies, named with its generation, text and JSON",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func embeddedRoots() throws {
        let root = SharedFixtures.url("jlis-ca/sign_ca_2019.pem").path
        let text = try Self.run(["verify", "cert", root, "--at", "2024-01-01T00:00:00Z"])
        #expect(text.status == 0, "\(text.output) \(text.error)")
        #expect(text.output.contains("anchored by: J-LIS signature root 2019"))
        let json = try Self.run(["verify", "cert", root, "--at", "2024-01-01T00:00:00Z", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["trustAnchor"] as? String == "J-LIS signature root 2019")
        // The same root given with --anchor changes nothing (it is pinned and already trusted).
        let again = try Self.run(["verify", "cert", root, "--anchor", root, "--at", "2024-01-01T00:00:00Z"])
        #expect(again.status == 0)
        #expect(again.output.contains("anchored by: J-LIS signature root 2019"))
    }

    @Test("with no --anchor a TestPKI leaf is not trusted (exit 1); --anchor --allow-unpinned adds its root")
    func testLeafNeedsAnchor() throws {
        let s = try Setup()
        let refused = try Self.run(["verify", "cert", s.path("sign.pem"), "--at", Setup.nowText])
        #expect(refused.status == 1, "\(refused.output) \(refused.error)")
        #expect(refused.output.contains("anchored by") == false)
        let added = try Self.run([
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--at",
            Setup.nowText,
        ])
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("anchored by: OU=Japan Agency for Local Authority Information Systems"))
        #expect(added.output.contains("sign-root.pem)"))
    }

    @Test("three roots of one name in one --anchor file: each leaf is anchored by its own, and the output says which")
    func generationsFromFile() throws {
        let s = try Setup()
        let pki = try TestPKI(generations: [2015, 2019, 2023])
        let info = try s.key.subjectPublicKeyInfo
        var roots: [UInt8] = []
        for generation in pki.generations { roots += s.pem(generation.authenticationRoot) }
        try s.write(roots, "roots.pem")
        let at = "2024-06-01T00:00:00Z"
        for (number, generation) in pki.generations.enumerated() {
            let leaf = try pki.issueAuthenticationCertificate(
                for: .sample, publicKey: info, at: 1_717_113_600, generation: generation.year)
            try s.write(s.pem(leaf), "leaf-\(generation.year).pem")
            let result = try Self.run([
                "verify", "cert", s.path("leaf-\(generation.year).pem"), "--anchor", s.path("roots.pem"),
                "--allow-unpinned", "--at", at, "--json",
            ])
            #expect(result.status == 0, "\(result.error)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect((object["trustAnchor"] as? String)?.hasSuffix("roots.pem #\(number + 1))") == true)
        }
    }

    @Test("a malformed or refused CRL makes the result invalid with the reason (exit 1), never exit 2")
    func refusedCRLs() throws {
        let s = try Setup()
        let base = [
            "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned", "--at",
            Setup.nowText,
        ]
        // Not a CRL at all (a certificate), garbage, a truncated CRL.
        try s.write(Array("not a CRL".utf8), "garbage.crl")
        let good = try Data(contentsOf: URL(fileURLWithPath: s.path("sign.crl")))
        try s.write(Array(good.prefix(good.count - 10)), "truncated.crl")
        for name in ["sign.pem", "garbage.crl", "truncated.crl"] {
            let result = try Self.run(base + ["--crl", s.path(name)])
            #expect(result.status == 1, "\(name): \(result.output) \(result.error)")
            #expect(result.error.contains("CRL \(s.path(name)): malformed CRL"), "\(name): \(result.error)")
            let json = try Self.run(base + ["--crl", s.path(name), "--json"])
            #expect(json.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(object["verdict"] as? String == "invalid")
        }
        // A CRL of an issuer the verifier does not know, next to a good one: still invalid, with the reason.
        let other = try TestPKI()
        try s.write(
            try other.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Setup.now - 60),
            "stranger.crl")
        let stranger = try Self.run(base + ["--crl", s.path("sign.crl"), "--crl", s.path("stranger.crl")])
        #expect(stranger.status == 1)
        #expect(stranger.error.contains("stranger.crl"))
        // The good CRL alone: valid, and the output names its scope.
        let valid = try Self.run(base + ["--crl", s.path("sign.crl")])
        #expect(valid.status == 0, "\(valid.error)")
        #expect(valid.output.contains("Chiyoda-ku CRLDP"))
    }
}
