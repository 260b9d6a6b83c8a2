import Foundation
import JPKITestSupport
import Testing

/// `jpki crl generate | info | lookup | diff`, through the built executable, on small generated
/// CRLs (the 1M-entry run is `scripts/crl-acceptance.sh`).
@Suite("jpki crl", .serialized)
struct CRLCommandTests {
    static func run(_ arguments: [String]) throws -> ProcessResult {
        try JPKIExecutable.run(arguments)
    }

    /// A folder for one test's files; the caller removes it.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-crl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("generate writes a CRL with its issuer and key; info reads it and checks the signature")
    func generateAndInfo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crl = folder.appendingPathComponent("a.crl").path
        let generate = try Self.run(["crl", "generate", "--entries", "2000", "--seed", "5", "--out", crl])
        #expect(generate.status == 0, "\(generate.error)")
        for suffix in ["", ".issuer.pem", ".key.pem"] {
            #expect(FileManager.default.fileExists(atPath: crl + suffix))
        }
        let info = try Self.run(["crl", "info", crl, "--issuer", crl + ".issuer.pem", "--json"])
        #expect(info.status == 0, "\(info.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(info.output.utf8)) as? [String: Any])
        #expect(object["entryCount"] as? Int == 2000)
        #expect(object["signatureValid"] as? Bool == true)
        #expect(object["crlNumber"] as? String == "1")
        #expect(object["version"] as? Int == 2)
        // Signed with another key: the signature does not verify, exit code 1.
        let other = folder.appendingPathComponent("b.crl").path
        #expect(try Self.run(["crl", "generate", "--entries", "10", "--seed", "5", "--out", other]).status == 0)
        let mismatch = try Self.run(["crl", "info", crl, "--issuer", other + ".issuer.pem"])
        #expect(mismatch.status == 1)
        #expect(mismatch.output.contains("signature: INVALID"))
        // With the same key, generation is byte for byte the same.
        let again = folder.appendingPathComponent("c.crl").path
        let same = try Self.run([
            "crl", "generate", "--entries", "2000", "--seed", "5", "--key", crl + ".key.pem", "--out", again,
        ])
        #expect(same.status == 0)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: crl))
    }

    @Test("generate with --first + --entries past Int.max: a usage error, no overflow")
    func generateRangeOverflow() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crl = folder.appendingPathComponent("a.crl").path
        let result = try Self.run([
            "crl", "generate", "--entries", "2", "--first", "\(Int.max)", "--seed", "5", "--out", crl,
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("--first + --entries"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: crl))
    }

    @Test("lookup prints the revoked serials with date and reason; exit 1 when one is revoked")
    func lookup() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crl = folder.appendingPathComponent("a.crl").path
        #expect(try Self.run(["crl", "generate", "--entries", "500", "--seed", "9", "--out", crl]).status == 0)
        let listing = try Self.run(["crl", "info", crl, "--entries", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listing.output.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let revoked = entries.prefix(3).compactMap { $0["serial"] as? String }
        #expect(revoked.count == 3)
        let serials = folder.appendingPathComponent("serials.txt")
        let lines = [
            revoked[0], "0x" + revoked[1].lowercased(), "1", "  \(revoked[2])  ", "", "-05", "00" + revoked[0],
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: serials)
        let text = try Self.run(["crl", "lookup", "--crl", crl, "--serials", serials.path])
        #expect(text.status == 1)
        let printed = text.output.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(printed == [revoked[0], revoked[1], revoked[2], revoked[0]])
        let count = try Self.run(["crl", "lookup", "--crl", crl, "--serials", serials.path, "--count-only"])
        #expect(count.output.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        let json = try Self.run(["crl", "lookup", "--crl", crl, "--serials", serials.path, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["entries"] as? Int == 500)
        #expect(report["probes"] as? Int == 6)
        #expect(report["revoked"] as? Int == 4)
        #expect(report["loadSeconds"] is Double)
        #expect(report["lookupSeconds"] is Double)
        #expect((report["results"] as? [[String: Any]])?.first?["reason"] is String)
        // Nothing revoked: exit 0.
        try Data("1\n2\n".utf8).write(to: serials)
        #expect(try Self.run(["crl", "lookup", "--crl", crl, "--serials", serials.path]).status == 0)
        // A line that is not hexadecimal: exit 2 naming the line.
        try Data("1\nxyz\n".utf8).write(to: serials)
        let bad = try Self.run(["crl", "lookup", "--crl", crl, "--serials", serials.path])
        #expect(bad.status == 2)
        #expect(bad.error.contains(":2:"))
    }

    @Test("diff prints newly revoked and no longer listed serials")
    func diff() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("old.crl").path
        let new = folder.appendingPathComponent("new.crl").path
        #expect(try Self.run(["crl", "generate", "--entries", "300", "--seed", "3", "--out", old]).status == 0)
        let generate = try Self.run([
            "crl", "generate", "--entries", "300", "--seed", "3", "--first", "100", "--key", old + ".key.pem", "--out",
            new,
        ])
        #expect(generate.status == 0)
        let text = try Self.run(["crl", "diff", old, new])
        #expect(text.status == 0)
        let lines = text.output.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("+ ") }.count == 100)
        #expect(lines.filter { $0.hasPrefix("- ") }.count == 100)
        let json = try Self.run(["crl", "diff", old, new, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((report["newlyRevoked"] as? [Any])?.count == 100)
        #expect((report["noLongerListed"] as? [Any])?.count == 100)
    }

    @Test("a malformed or missing CRL exits 2 with one line on standard error")
    func errors() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let junk = folder.appendingPathComponent("junk.crl")
        try Data([0x30, 0x03, 0x02, 0x01]).write(to: junk)
        let malformed = try Self.run(["crl", "info", junk.path])
        #expect(malformed.status == 2)
        #expect(malformed.error.hasPrefix("error: "))
        #expect(malformed.error.split(separator: "\n").count == 1)
        let missing = try Self.run(["crl", "info", folder.appendingPathComponent("none.crl").path])
        #expect(missing.status == 2)
    }
}
