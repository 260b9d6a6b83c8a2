import Foundation
import JPKIASN1
import JPKITestSupport
import Testing

@Suite("jpki asn1 dump")
struct DumpCommandTests {
    static let signatureCA = SharedFixtures.url("jlis-ca/sign_ca_2023.pem")

    /// The DER of the J-LIS signature CA (2023), read from the fixture's PEM.
    static func signatureCADER() throws -> [UInt8] {
        let pem = try String(contentsOf: signatureCA, encoding: .utf8)
        return try PEMDocument(pemString: pem).der
    }

    @Test(
        "prints the tree of a certificate with offsets, lengths, tags and values",
        .enabled(if: SharedFixtures.available, "needs ../shared/fixtures/jlis-ca/sign_ca_2023.pem"))
    func dumpsCertificate() throws {
        let run = try JPKIExecutable.run(["asn1", "dump", Self.signatureCA.path])
        #expect(run.status == 0, "stderr: \(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "# document 1: CERTIFICATE, 1304 bytes")
        // The outer SEQUENCE and the TBSCertificate, as `openssl asn1parse -i` reports them.
        #expect(lines.contains("    0:d=0  hl=4 l=1300 cons: SEQUENCE"))
        #expect(lines.contains("    4:d=1  hl=4 l=1020 cons:  SEQUENCE"))
        #expect(
            lines.contains {
                $0.hasPrefix("   21:d=3  hl=2 l=   9 prim:    OBJECT") && $0.hasSuffix("sha256WithRSAEncryption)")
            })
        #expect(
            lines.contains {
                $0.contains("UTF8STRING") && $0.hasSuffix(":Japan Agency for Local Authority Information Systems")
            })
        #expect(lines.contains { $0.contains("UTCTIME") && $0.hasSuffix(":2033-07-15T14:59:59Z") })
        #expect(run.error.isEmpty)
    }

    @Test(
        "--json gives the same tree as nested objects",
        .enabled(if: SharedFixtures.available, "needs ../shared/fixtures/jlis-ca/sign_ca_2023.pem"))
    func dumpsJSON() throws {
        let run = try JPKIExecutable.run(["asn1", "dump", "--json", Self.signatureCA.path])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let documents = try #require(object?["documents"] as? [[String: Any]])
        #expect(documents.count == 1)
        #expect(documents[0]["label"] as? String == "CERTIFICATE")
        let tree = try #require(documents[0]["tree"] as? [String: Any])
        #expect(tree["error"] == nil)
        let root = try #require((tree["nodes"] as? [[String: Any]])?.first)
        #expect(root["offset"] as? Int == 0)
        #expect(root["headerLength"] as? Int == 4)
        #expect(root["length"] as? Int == 1300)
        #expect(root["tag"] as? String == "SEQUENCE")
        let children = try #require(root["children"] as? [[String: Any]])
        #expect(children.count == 3)  // tbsCertificate, signatureAlgorithm, signatureValue
        #expect(children[2]["tag"] as? String == "BIT STRING")
        // Count every node: the certificate has 73 elements.
        func count(_ node: [String: Any]) -> Int {
            1 + ((node["children"] as? [[String: Any]]) ?? []).reduce(0) { $0 + count($1) }
        }
        #expect(count(root) == 73)
    }

    @Test(
        "a truncated file exits 2 with the rule and the offset",
        .enabled(if: SharedFixtures.available, "needs ../shared/fixtures/jlis-ca/sign_ca_2023.pem"))
    func truncatedFile() throws {
        let der = try Self.signatureCADER()
        let file = try TemporaryFile.create(Array(der.prefix(700)))
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try JPKIExecutable.run(["asn1", "dump", file.path])
        #expect(run.status == 2)
        // The outer SEQUENCE announces 1300 content bytes; 696 follow its header.
        #expect(run.error == "error: truncated input at offset 0\n")
    }

    @Test("a truncated inner element is reported at its own offset, after the part that was read")
    func truncatedInner() throws {
        // SEQUENCE { INTEGER 5, OCTET STRING announcing 4 bytes of which 2 are there }: the
        // outer length is consistent with the bytes, the inner one is not.
        let file = try TemporaryFile.create([0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x04, 0xAA, 0xBB])
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try JPKIExecutable.run(["asn1", "dump", file.path])
        #expect(run.status == 2)
        #expect(run.error == "error: truncated input at offset 5\n")
        #expect(run.output.contains("    2:d=1  hl=2 l=   1 prim:  INTEGER           :5"))
    }

    @Test("a DER rule broken inside the tree exits 2 naming the rule")
    func nonMinimalLength() throws {
        // SEQUENCE { INTEGER with length 81 01 }: the long form where the short one fits.
        let file = try TemporaryFile.create([0x30, 0x04, 0x02, 0x81, 0x01, 0x05])
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try JPKIExecutable.run(["asn1", "dump", file.path])
        #expect(run.status == 2)
        #expect(run.error == "error: non-minimal length encoding at offset 2\n")
    }

    @Test("a missing file exits 2 with a one-line message")
    func missingFile() throws {
        let run = try JPKIExecutable.run(["asn1", "dump", "/nonexistent/file.der"])
        #expect(run.status == 2)
        #expect(run.error == "error: cannot read /nonexistent/file.der\n")
    }

    @Test("a PEM file with a bad base64 character exits 2")
    func badPEM() throws {
        let text = "-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n"
        let file = try TemporaryFile.create(Array(text.utf8), suffix: ".pem")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try JPKIExecutable.run(["asn1", "dump", file.path])
        #expect(run.status == 2)
        #expect(run.error == "error: invalid PEM (not base64) at offset 31\n")
    }
}
