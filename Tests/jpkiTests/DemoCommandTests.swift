import Foundation
import JPKIAPDU
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// `jpki demo`: the whole story on the simulated card in-process, and its card steps on a card
/// in a reader (the simulator behind vpcd, through pcscd).
@Suite("jpki demo")
struct DemoCommandTests {
    private func json(_ run: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        return try #require(object as? [String: Any])
    }

    private func steps(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["steps"] as? [[String: Any]])
    }

    private func verdict(_ step: [String: Any]) -> String? {
        (step["data"] as? [String: String])?["verdict"]
    }

    @Test("on the simulated card: ten steps, valid until the move, then revoked, the forgery caught, with APDU counts")
    func simulatedStory() throws {
        let run = try JPKIExecutable.run(["demo", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let report = try json(run)
        #expect(report["ok"] as? Bool == true)
        let steps = try steps(report)
        #expect(
            steps.map { $0["name"] as? String } == [
                "card-status", "tap-to-read", "log-in", "card-info", "sign-document", "sign-pdf", "age-check",
                "kazashi", "move", "forged-card",
            ])
        #expect(steps.map(verdict) == [nil, "valid", "valid", nil, "valid", "valid", nil, "valid", "invalid", nil])
        let genuineness = steps.map { ($0["data"] as? [String: String])?["genuineness"] }
        #expect(genuineness == [nil, nil, nil, nil, nil, nil, "genuine", "genuine", nil, "notGenuine"])
        #expect((steps[6]["data"] as? [String: String])?["atLeast20"] == "yes")
        // The age check: the documented 12 APDUs (GET CHALLENGE included).
        #expect(steps[6]["apdus"] as? Int == 12)
        // The PDF: PAdES B-B signed on the card, valid, the signature certificate not revoked yet.
        let pdf = try #require(steps[5]["data"] as? [String: String])
        #expect(pdf["level"] == "B-B")
        #expect(pdf["revocation"] == "good")
        // The card's status is 21 APDUs; a log-in is the documented 8 (80 2A 00 97 names the key
        // EF: no SELECT of EF 0017).
        #expect(steps[0]["apdus"] as? Int == 21)
        #expect(steps[2]["apdus"] as? Int == 8)
        let total = steps.compactMap { $0["apdus"] as? Int }.reduce(0, +)
        #expect(report["totalAPDUs"] as? Int == total)
        // The move: the CRL diff lists the signature certificate that the verifier then reports
        // revoked by the next day's CRL.
        let moveStep = try #require(steps.first { $0["name"] as? String == "move" })
        let move = try #require(moveStep["data"] as? [String: String])
        #expect(move["revocation"] == "revoked")
        let newlyRevoked = try #require(move["newlyRevoked"])
        #expect(!newlyRevoked.isEmpty && !newlyRevoked.contains(","))
        let lines = try #require(moveStep["lines"] as? [String])
        #expect(lines.contains { $0.contains("revoked (Affiliation Changed)") && $0.contains(newlyRevoked) })
        #expect(lines.contains("the user-authentication certificate stays valid (a move does not revoke it)"))
        let information = try #require(steps[3]["data"] as? [String: String])
        #expect(information["name"] == "番号\u{3000}花子")
    }

    @Test("the narrative names every step with its APDUs and time, and ends with the verdict")
    func narrative() throws {
        let run = try JPKIExecutable.run(["demo"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("1. The card: token kind and PIN tries (no PIN sent)  [21 APDUs, "))
        #expect(run.output.contains("かざし"))
        #expect(run.output.contains("the simulator's CV CA key is trusted because this is the simulated card"))
        #expect(run.output.contains("6. A PDF signed with the signature key (PAdES B-B), verified"))
        #expect(run.output.contains("a visible signature field (page 1) in an incremental update"))
        #expect(run.output.contains("PDF verifier: valid (level B-B, "))
        #expect(run.output.contains("whole file signed"))
        #expect(run.output.contains("the original bytes are a prefix of the signed file"))
        #expect(run.output.contains("10. A forged card"))
        #expect(run.output.contains("trust anchors: the simulator's test roots"))
        #expect(run.output.hasSuffix("every step as expected\n"))
        #expect(!run.output.contains("NOT AS EXPECTED"))
    }

    @Test(
        "with --tsa (openssl ts behind a local responder) and --tsa-anchor: the PDF step is PAdES B-T, valid, the time proven",
        .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
    func timestampedPDF() async throws {
        let authority = try OpenSSLTimestampAuthority()
        defer { authority.stop() }
        let out = authority.directory.appendingPathComponent("demo-signed.pdf")
        let arguments = [
            "demo", "--json", "--tsa", authority.url.absoluteString, "--tsa-anchor", authority.rootPath, "--pdf-out",
            out.path,
        ]
        let run = try await offPool { try JPKIExecutable.run(arguments) }
        #expect(run.status == 0, "\(run.error)")
        let steps = try steps(try json(run))
        let step = try #require(steps.first { $0["name"] as? String == "sign-pdf" })
        #expect(step["title"] as? String == "A PDF signed with the signature key (PAdES B-T), verified")
        let data = try #require(step["data"] as? [String: String])
        #expect(data["verdict"] == "valid")
        #expect(data["level"] == "B-T")
        let lines = try #require(step["lines"] as? [String])
        #expect(lines.contains { $0.contains("time proven by the timestamp") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("timestamp: ") && $0.contains("Test TSA") && $0.hasSuffix("valid") })
        let written = [UInt8](try Data(contentsOf: out))
        #expect(Array(written.prefix(5)) == Array("%PDF-".utf8))
        #expect(data["bytes"] == "\(written.count)")
    }

    @Test("--tsa that is not an http(s) URL: a usage error (exit 2) before the card is touched")
    func badTimestampURL() throws {
        let run = try JPKIExecutable.run(["demo", "--tsa", "ftp://example.invalid/"])
        #expect(run.status == 2)
        #expect(run.error.contains("--tsa: not an http(s) URL"), "\(run.error)")
    }
}

private let reader = CLIReader.name

/// `jpki demo --reader` on the simulated card behind vpcd: the card steps on a card in a reader,
/// verification anchored only where the user says.
@Suite(
    "jpki demo --reader (PC/SC)", .serialized,
    .enabled(if: CLIReader.available, "pcscd with the vpcd reader \"Virtual PCD 00 01\" is not running"))
struct DemoReaderTests {
    static let pki: Result<TestPKI, any Error> = Result { try TestPKI() }

    /// Inserts a fresh sample card into reader 00 01 while `body` runs.
    private func withCard(_ body: @Sendable (VirtualMyNumberCard) async throws -> Void) async throws {
        try await CLIReader.withCard(try VirtualMyNumberCard(persona: .sample, pki: try Self.pki.get()), body)
    }

    private func demo(_ arguments: [String], pins: String) throws -> ProcessResult {
        let url = try #require(JPKIExecutable.url)
        return try ProcessRunner.run(url, ["demo", "--reader", reader] + arguments, input: Data(pins.utf8))
    }

    @Test("with the test roots as anchors and the municipality's CRLs: five steps, all valid")
    func anchoredAndChecked() async throws {
        let pki = try Self.pki.get()
        let persona = Persona.sample
        var files: [URL] = []
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        for root in [pki.signatureRoot, pki.authenticationRoot] {
            files.append(try TemporaryFile.create(root.derEncoded, suffix: ".der"))
        }
        for purpose in [JPKIPurpose.signature, .userAuthentication] {
            let crl = try pki.crlDER(purpose: purpose, prefecture: persona.prefecture, city: persona.city)
            files.append(try TemporaryFile.create(crl, suffix: ".crl"))
        }
        let arguments = [
            "--json", "--anchor", files[0].path, "--anchor", files[1].path, "--crl", files[2].path,
            "--crl", files[3].path,
        ]
        try await withCard { card in
            // PINs on standard input in the order the story asks: log-in, card info, signature.
            let run = try demo(arguments, pins: "1234\n1234\nABC123\n")
            #expect(run.status == 0, "\(run.error)")
            let report = try json(run)
            let steps = try #require(report["steps"] as? [[String: Any]])
            #expect(steps.count == 5)
            #expect(steps.compactMap { ($0["data"] as? [String: String])?["verdict"] } == ["valid", "valid", "valid"])
            #expect(steps.compactMap { ($0["data"] as? [String: String])?["revocation"] } == ["good", "good", "good"])
            #expect(card.retriesLeft(.jpkiSignature) == 5)
        }
    }

    @Test(
        "without --anchor the embedded J-LIS roots anchor; the card's own CA, not one of them, is not trusted: exit 1")
    func unpinnedCardCA() async throws {
        try await withCard { _ in
            let run = try demo([], pins: "1234\n1234\nABC123\n")
            #expect(run.status == 1, "\(run.error)")
            #expect(run.output.contains("the six J-LIS roots embedded in jpki"))
            #expect(run.output.contains("certificate is not a J-LIS root, not trusted"))
            #expect(run.output.contains("revocation is NOT checked"))
            #expect(run.output.contains("NOT AS EXPECTED"))
        }
    }

    @Test("a --crl that is not a usable CRL ends the run as invalid (exit 1) with the reason; a missing one exits 2")
    func refusedCRL() async throws {
        let garbage = try TemporaryFile.create(Array("not a CRL".utf8), suffix: ".crl")
        defer { try? FileManager.default.removeItem(at: garbage) }
        try await withCard { _ in
            let run = try demo(["--crl", garbage.path], pins: "")
            #expect(run.status == 1, "\(run.error)")
            #expect(run.error.contains("invalid: CRL \(garbage.path): malformed CRL"))
            let missing = try demo(["--crl", garbage.path + ".missing"], pins: "")
            #expect(missing.status == 2)
        }
    }

    private func json(_ run: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        return try #require(object as? [String: Any])
    }
}
