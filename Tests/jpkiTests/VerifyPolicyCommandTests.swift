import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

// Nested in the serialized "jpki verify" suite: its tests run one at a time with the other
// verify commands' (each blocks a thread of the 2-core pool while the process runs).
extension VerifyCommandTests {
    /// `jpki verify … --policy OID --require-explicit-policy --inhibit-policy-mapping
    /// --inhibit-any-policy`: RFC 5280's user-initial-policy-set and initial flags from the command
    /// line, on a TestPKI and on NIST PKITS tests whose verdict depends on them.
    @Suite("jpki verify: RFC 5280 policy options")
    struct VerifyPolicyCommandTests {
        typealias Setup = VerifyCommandTests.Setup

        static func run(_ arguments: [String]) throws -> ProcessResult { try JPKIExecutable.run(arguments) }

        /// The explicit-policy reason as the text report gives it.
        static let explicitPolicyReason = "an explicit certificate policy is required and no valid policy is left"

        @Test(
            "cert, auth, signature, cms: --policy with the leaf's JPKI policy accepts; another policy refuses once required"
        )
        func jpkiPolicy() throws {
            let s = try Setup()
            let challenge: [UInt8] = [0x01, 0x23, 0x45, 0x67]
            try s.write(try s.key.sign(challenge), "auth.sig")
            let document = Array("契約書".utf8)
            try s.write(document, "doc.txt")
            try s.write(try s.key.sign(document), "doc.sig")
            let signaturePolicy = JPKICertificateBuilder.signatureCertificatePolicy.description
            var commands: [(name: String, arguments: [String], policy: String)] = [
                ("cert", ["verify", "cert", s.path("sign.pem")] + s.trust("sign"), signaturePolicy),
                (
                    "auth",
                    [
                        "verify", "auth", "--challenge", "01234567", "--signature", s.path("auth.sig"), "--cert",
                        s.path("auth.pem"),
                    ] + s.trust("auth"), JPKICertificateBuilder.authenticationCertificatePolicy.description
                ),
                (
                    "signature",
                    [
                        "verify", "signature", "--document", s.path("doc.txt"), "--signature", s.path("doc.sig"),
                        "--cert", s.path("sign.pem"),
                    ] + s.trust("sign"), signaturePolicy
                ),
            ]
            if OpenSSLCLI.available {
                let signed = try OpenSSLCLI.run([
                    "cms", "-sign", "-binary", "-in", s.path("doc.txt"), "-signer", s.path("sign.pem"), "-inkey",
                    s.path("leaf.key"), "-outform", "DER", "-out", s.path("doc.p7s"), "-nodetach",
                ])
                #expect(signed.status == 0, "\(signed.error)")
                commands.append(("cms", ["verify", "cms", s.path("doc.p7s")] + s.trust("sign"), signaturePolicy))
            }
            for (name, base, policy) in commands {
                let plain = try Self.run(base)
                #expect(plain.status == 0, "\(name): \(plain.output) \(plain.error)")
                let required = try Self.run(base + ["--policy", policy, "--require-explicit-policy"])
                #expect(required.status == 0, "\(name): \(required.output) \(required.error)")
                // RFC 5280: the user-initial-policy-set decides only when a policy is required.
                let other = try Self.run(base + ["--policy", "1.2.3.4"])
                #expect(other.status == 0, "\(name): \(other.output) \(other.error)")
                let refused = try Self.run(base + ["--policy", "1.2.3.4", "--require-explicit-policy"])
                #expect(refused.status == 1, "\(name): \(refused.output) \(refused.error)")
                #expect(refused.output.contains(Self.explicitPolicyReason), "\(name): \(refused.output)")
                #expect(refused.error.contains(Self.explicitPolicyReason), "\(name): \(refused.error)")
                // Repeatable: the set holds both, and the leaf's policy is in it.
                let both = try Self.run(
                    base + ["--policy", "1.2.3.4", "--policy", policy, "--require-explicit-policy"])
                #expect(both.status == 0, "\(name): \(both.output) \(both.error)")
            }
            // The reason in the JSON report too.
            let json = try Self.run(
                commands[0].arguments + ["--policy", "1.2.3.4", "--require-explicit-policy", "--json"])
            #expect(json.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            let failures = try #require(object["failures"] as? [[String: Any]])
            #expect(failures.contains { $0["explicitPolicyRequired"] != nil }, "\(json.output)")
        }

        @Test(
            "a malformed --policy exits 2 with a message naming it",
            arguments: ["abc", "1.2.", "1..2", "01.2", "3.1", "1", ""])
        func malformedPolicy(_ text: String) throws {
            let s = try Setup()
            let result = try Self.run(["verify", "cert", s.path("sign.pem"), "--policy", text] + s.trust("sign"))
            #expect(result.status == 2, "\(result.output) \(result.error)")
            #expect(result.error.contains("--policy: not an OID in dotted form"), "\(result.error)")
            #expect(result.error.contains(": \(text)\n"), "\(result.error)")
        }

        /// A PKITS test's certificates (intermediates, then the end entity) and CRLs, run through
        /// `jpki verify cert` with `flags`.
        static func pkits(_ certificates: [String], crls: [String], _ flags: [String]) throws -> ProcessResult {
            var arguments = [
                "verify", "cert", try PKITSData.path("certs", (certificates.last ?? "") + ".crt"), "--anchor",
                try PKITSData.path("certs", "TrustAnchorRootCertificate.crt"), "--allow-unpinned", "--at",
                "2011-04-15T00:00:00Z",
            ]
            for name in certificates.dropLast() {
                arguments += ["--intermediate", try PKITSData.path("certs", name + ".crt")]
            }
            for name in crls { arguments += ["--crl", try PKITSData.path("crls", name + ".crl")] }
            return try run(arguments + flags)
        }

        @Test(
            "PKITS 4.8.1, 4.10.1, 4.12.3: the verdict follows --policy and the three flags, as the PKITS document says",
            .enabled(
                if: PKITSData.isAvailable,
                "cryptography-vectors is not installed (pip install cryptography-vectors==50.0.2): PKITS skipped"))
        func pkitsPolicies() throws {
            let p1 = "2.16.840.1.101.3.2.1.48.1"
            let p2 = "2.16.840.1.101.3.2.1.48.2"
            let explicit = "--require-explicit-policy"
            // 4.8.1 All Certificates Same Policy Test1: every certificate asserts NIST-test-policy-1.
            let same = (["GoodCACert", "ValidCertificatePathTest1EE"], ["TrustAnchorRootCRL", "GoodCACRL"])
            // 4.10.1 Valid Policy Mapping Test1: the CA maps NIST-test-policy-1 to -2.
            let mapping = (
                ["Mapping1to2CACert", "ValidPolicyMappingTest1EE"], ["TrustAnchorRootCRL", "Mapping1to2CACRL"]
            )
            // 4.12.3 inhibitAnyPolicy Test3: inhibitAnyPolicy 1 on the CA, anyPolicy on the sub-CA.
            let inhibit = (
                ["inhibitAnyPolicy1CACert", "inhibitAnyPolicy1subCA1Cert", "inhibitAnyPolicyTest3EE"],
                ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA1CRL"]
            )
            let cases: [(number: String, test: ([String], [String]), flags: [String], status: Int32)] = [
                ("4.8.1.1", same, [explicit], 0),
                ("4.8.1.2", same, [explicit, "--policy", p1], 0),
                ("4.8.1.3", same, [explicit, "--policy", p2], 1),
                ("4.8.1.4", same, [explicit, "--policy", p1, "--policy", p2], 0),
                ("4.10.1.1", mapping, ["--policy", p1], 0),
                ("4.10.1.2", mapping, ["--policy", p2], 1),
                ("4.10.1.3", mapping, ["--inhibit-policy-mapping"], 1),
                ("4.12.3.1", inhibit, [], 0),
                ("4.12.3.2", inhibit, ["--inhibit-any-policy"], 1),
            ]
            for item in cases {
                let result = try Self.pkits(item.test.0, crls: item.test.1, item.flags)
                #expect(result.status == item.status, "\(item.number) \(item.flags): \(result.output) \(result.error)")
                if item.status == 1 {
                    // Invalid for its policies, not for anything else.
                    #expect(result.output.contains(Self.explicitPolicyReason), "\(item.number): \(result.output)")
                }
            }
        }
    }
}
