import Foundation
import JPKIAPDU
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// The simulated card's PKI and credentials, made once (RSA key generation is slow).
private enum SimulatedCard {
    static let shared: Result<(TestPKI, CardCredentials), any Error> = Result {
        let pki = try TestPKI()
        return (pki, try CardCredentials(issuingFor: .sample, pki: pki))
    }

    static func make() throws -> VirtualMyNumberCard {
        let (pki, credentials) = try shared.get()
        return try VirtualMyNumberCard(persona: .sample, credentials: credentials, pki: pki)
    }
}

private let reader = CLIReader.name

/// `jpki card status|cert|info|surface|authenticate|sign|pin change` against the simulated card
/// behind vpcd, through pcscd, as a user runs them.
@Suite(
    "jpki card operations (PC/SC)", .serialized,
    .enabled(if: CLIReader.available, "pcscd with the vpcd reader \"Virtual PCD 00 01\" is not running"))
struct CardOperationCommandTests {
    /// Inserts a fresh sample card into reader 00 01 while `body` runs.
    private func withCard(_ body: @Sendable (VirtualMyNumberCard) async throws -> Void) async throws {
        try await CLIReader.withCard(try SimulatedCard.make(), body)
    }

    /// Runs `jpki card …` with `input` on standard input.
    private func jpki(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        let url = try #require(JPKIExecutable.url)
        return try ProcessRunner.run(url, ["card"] + arguments, input: input.map { Data($0.utf8) } ?? Data())
    }

    private func json(_ run: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("status shows the token and every PIN's tries, consuming none")
    func status() async throws {
        try await withCard { card in
            let run = try jpki(["status", "--reader", reader, "--json"])
            #expect(run.status == 0, "\(run.error)")
            let result = try json(run)
            #expect(result["token"] as? String == "my-number-card")
            let pins = try #require(result["pins"] as? [[String: Any]])
            #expect(pins.count == 8)
            #expect(pins.first { $0["pin"] as? String == "authentication" }?["triesLeft"] as? Int == 3)
            #expect(pins.first { $0["pin"] as? String == "signature" }?["triesLeft"] as? Int == 5)
            #expect(card.retriesLeft(.jpkiAuthentication) == 3)
            let text = try jpki(["status", "--reader", reader])
            #expect(text.output.contains("Token: my-number-card"))
        }
    }

    @Test("cert writes the certificates as PEM, DER, text or JSON; the signature certificate after its PIN")
    func cert() async throws {
        try await withCard { card in
            let pem = try jpki(["cert", "--kind", "auth", "--reader", reader])
            #expect(pem.status == 0, "\(pem.error)")
            #expect(try Certificate(pemEncoded: pem.output) == card.authenticationCertificate)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-card-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let derPath = directory.appendingPathComponent("sign-ca.der").path
            let der = try jpki(["cert", "--kind", "sign-ca", "--der", "--out", derPath, "--reader", reader])
            #expect(der.status == 0, "\(der.error)")
            #expect(
                FileManager.default.contents(atPath: derPath).map { [UInt8]($0) }
                    == card.credentials.signatureCACertificate.derEncoded)

            let text = try jpki(["cert", "--kind", "auth-ca", "--text", "--reader", reader])
            #expect(text.output.contains("Subject: "))

            let signature = try jpki(["cert", "--kind", "sign", "--json", "--reader", reader], input: "abc123\n")
            #expect(signature.status == 0, "\(signature.error)")
            let pemText = try #require(try json(signature)["pem"] as? String)
            #expect(try Certificate(pemEncoded: pemText) == card.signatureCertificate)
            #expect(!signature.output.contains("ABC123"))
        }
    }

    @Test("info prints the basic 4 information and the My Number after the card-info PIN from stdin")
    func info() async throws {
        try await withCard { _ in
            let run = try jpki(["info", "--json", "--reader", reader], input: "1234\n")
            #expect(run.status == 0, "\(run.error)")
            let result = try json(run)
            #expect(result["name"] as? String == Persona.sample.name)
            #expect(result["address"] as? String == Persona.sample.address)
            #expect(result["birthDate"] as? String == "1985-04-01")
            #expect(result["sex"] as? String == "female")
            #expect(result["myNumber"] as? String == "123456789018")
        }
    }

    @Test("info exits 1 when the card's data do not match the hashes of EF 0003")
    func infoTampered() async throws {
        try await withCard { card in
            var file = try #require(card.fileContents(.cardInfo, 0x0003))
            file[12] ^= 0xFF
            #expect(card.replaceFileContents(.cardInfo, 0x0003, with: file))
            let run = try jpki(["info", "--reader", reader], input: "1234\n")
            #expect(run.status == 1)
            #expect(run.error.hasPrefix("error: integrity check failed"), "\(run.error)")
            #expect(!run.output.contains("123456789018"))
        }
    }

    @Test("surface writes the photo and images with 照合番号B, and the My Number image with 照合番号A")
    func surface() async throws {
        try await withCard { _ in
            let images = VirtualMyNumberCard.CardSurfaceApplication.Images(persona: .sample)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-surface-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let photo = directory.appendingPathComponent("photo.jp2").path
            let name = directory.appendingPathComponent("name.png").path
            let run = try jpki(
                [
                    "surface", "--birth-date", "1985-04-01", "--expiry-year", "2033", "--photo", photo,
                    "--name-image", name, "--json", "--reader", reader,
                ], input: "5678\n")
            #expect(run.status == 0, "\(run.error)")
            #expect(try json(run)["expiry"] as? String == "2033-04-01")
            #expect(FileManager.default.contents(atPath: photo).map { [UInt8]($0) } == images.facePhoto)
            #expect(FileManager.default.contents(atPath: name).map { [UInt8]($0) } == images.name)

            let numberImage = directory.appendingPathComponent("number.png").path
            let withA = try jpki(
                ["surface", "--with-my-number", "--my-number-image", numberImage, "--reader", reader],
                input: "123456789018\n")
            #expect(withA.status == 0, "\(withA.error)")
            #expect(FileManager.default.contents(atPath: numberImage).map { [UInt8]($0) } == images.myNumber)
            #expect(withA.output.contains("Sex: female"))
        }
    }

    @Test("authenticate and sign produce signatures that openssl verifies")
    func authenticateAndSign() async throws {
        try await withCard { _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-sig-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let challenge: [UInt8] = Array(0..<32)
            let challengeFile = directory.appendingPathComponent("challenge.bin")
            try Data(challenge).write(to: challengeFile)
            let signature = directory.appendingPathComponent("auth.sig").path
            let certificate = directory.appendingPathComponent("auth.pem").path
            let run = try jpki(
                [
                    "authenticate", "--challenge", challenge.map { String(format: "%02x", $0) }.joined(),
                    "--out", signature, "--certificate-out", certificate, "--reader", reader,
                ], input: "1234\n")
            #expect(run.status == 0, "\(run.error)")
            try expectVerified(signature: signature, certificate: certificate, file: challengeFile.path, in: directory)

            let document = directory.appendingPathComponent("document.txt")
            try Data("契約書".utf8).write(to: document)
            setenv("JPKI_CLI_TEST_SIGNATURE_PIN", "ABC123", 1)
            let documentSignature = directory.appendingPathComponent("document.sig").path
            let signatureCertificate = directory.appendingPathComponent("sign.pem").path
            let signed = try jpki([
                "sign", document.path, "--out", documentSignature, "--certificate-out", signatureCertificate,
                "--pin-env", "JPKI_CLI_TEST_SIGNATURE_PIN", "--reader", reader,
            ])
            #expect(signed.status == 0, "\(signed.error)")
            try expectVerified(
                signature: documentSignature, certificate: signatureCertificate, file: document.path, in: directory)
        }
    }

    @Test("pin change sets the new PIN; malformed and wrong PINs exit 2 with one line, a malformed one sending nothing")
    func pinChangeAndErrors() async throws {
        try await withCard { card in
            let changed = try jpki(["pin", "change", "--kind", "auth", "--reader", reader], input: "1234\n5678\n")
            #expect(changed.status == 0, "\(changed.error)")
            #expect(card.persona.authenticationPIN == "5678")

            card.resetAccounting()
            let malformed = try jpki(["authenticate", "--challenge", "0102", "--reader", reader], input: "12a4\n")
            #expect(malformed.status == 2)
            #expect(malformed.error.hasPrefix("error: invalid authentication PIN"))
            #expect(card.accounting.total == 0)

            let wrong = try jpki(["authenticate", "--challenge", "0102", "--reader", reader], input: "1234\n")
            #expect(wrong.status == 2)
            #expect(wrong.error.contains("2 tries left"), "\(wrong.error)")
            #expect(wrong.error.split(separator: "\n").count == 1)

            card.setRetriesLeft(1, for: .jpkiAuthentication)
            let guarded = try jpki(["authenticate", "--challenge", "0102", "--reader", reader], input: "5678\n")
            #expect(guarded.status == 2)
            #expect(guarded.error.contains("only one try"))
            let allowed = try jpki(
                ["authenticate", "--challenge", "0102", "--allow-last-try", "--reader", reader], input: "5678\n")
            #expect(allowed.status == 0, "\(allowed.error)")

            let missing = try jpki(["info", "--pin-env", "JPKI_CLI_TEST_NO_SUCH_VARIABLE", "--reader", reader])
            #expect(missing.status == 2)
        }
    }

    /// The simulator's CV CA keys in a file, as `jpki sim --export` writes them.
    private func simulatorKeysFile(_ card: VirtualMyNumberCard, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("cv-ca-keys.json").path
        try JSONEncoder().encode(card.pki.cardVerifiableCAKeys).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "genuine: no record is not verifiable (exit 1); enrolment (birth-date PIN, 照合番号B, card-info PIN) keeps the record, and a later check sends no PIN"
    )
    func genuine() async throws {
        try await withCard { card in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-genuine-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let keys = try simulatorKeysFile(card, in: directory)

            let noPIN = try jpki(["genuine", "--trust-simulator-ca", keys, "--reader", reader])
            #expect(noPIN.status == 1, "\(noPIN.error)")
            #expect(noPIN.output.contains("not verifiable"), "\(noPIN.output)")
            #expect(noPIN.output.contains("No PIN was sent"))

            // The simulator's CA is not trusted by default: not verifiable even with the record.
            let untrusted = try jpki(["genuine", "--birth-date-pin", "--json", "--reader", reader], input: "600401\n")
            #expect(untrusted.status == 1, "\(untrusted.error)")
            #expect(try json(untrusted)["status"] as? String == "notVerifiable")

            let evidencePath = directory.appendingPathComponent("evidence.json").path
            let genuine = try jpki(
                [
                    "genuine", "--birth-date-pin", "--trust-simulator-ca", keys, "--evidence-out", evidencePath,
                    "--challenge", "00112233445566778899AABBCCDDEEFF", "--json", "--reader", reader,
                ], input: "600401\n")
            #expect(genuine.status == 0, "\(genuine.error)")
            let result = try json(genuine)
            #expect(result["status"] as? String == "genuine")
            #expect(result["genuine"] as? Bool == true)
            let evidence = try JSONDecoder().decode(
                CardGenuinenessEvidence.self, from: try #require(FileManager.default.contents(atPath: evidencePath)))
            #expect(evidence.keyRecord != nil)
            #expect(!evidence.challengeFromCard)

            // The server side: the issued challenge, the simulator's CA named.
            let verified = try JPKIExecutable.run(
                [
                    "verify", "genuineness", evidencePath, "--challenge", "00112233445566778899AABBCCDDEEFF",
                    "--trust-simulator-ca", keys, "--json",
                ])
            #expect(verified.status == 0, "\(verified.error)")
            #expect(try json(verified)["operation"] as? String == "card-genuineness")
            let replayed = try JPKIExecutable.run(
                ["verify", "genuineness", evidencePath, "--challenge", "FFEE", "--trust-simulator-ca", keys])
            #expect(replayed.status == 1, "\(replayed.error)")
            #expect(replayed.output.contains("not genuine"), "\(replayed.output)")
            let untrustedServer = try JPKIExecutable.run(
                ["verify", "genuineness", evidencePath, "--challenge", "00112233445566778899AABBCCDDEEFF"])
            #expect(untrustedServer.status == 1)
            #expect(untrustedServer.output.contains("not verifiable"), "\(untrustedServer.output)")
            let notEvidence = try JPKIExecutable.run(["verify", "genuineness", keys])
            #expect(notEvidence.status == 2)

            let badPIN = try jpki(["genuine", "--birth-date-pin", "--reader", reader], input: "6004\n")
            #expect(badPIN.status == 2)

            // Enrolment keeps the key record; a later check with it sends no secret at all.
            let recordPath = directory.appendingPathComponent("record.json").path
            card.resetAccounting()
            let enrolled = try jpki(
                [
                    "genuine", "--enrol", "birth-date", "--save-key-record", recordPath, "--trust-simulator-ca", keys,
                    "--json", "--reader", reader,
                ], input: "600401\n")
            #expect(enrolled.status == 0, "\(enrolled.error)")
            let enrolment = try #require(try json(enrolled)["enrolment"] as? [String: Any])
            #expect(enrolment["method"] as? String == "birth-date")
            #expect(enrolment["commands"] as? Int == 7)
            #expect(card.accounting.count(.verify) == 2)  // the retry query and the birth-date PIN
            card.resetAccounting()
            let later = try jpki([
                "genuine", "--key-record", recordPath, "--trust-simulator-ca", keys, "--reader", reader,
            ])
            #expect(later.status == 0, "\(later.error)")
            #expect(later.output.contains("No PIN was sent by the check (6 APDUs)"), "\(later.output)")
            #expect(card.accounting.count(.verify) == 0)
            let notRecord = try jpki(["genuine", "--key-record", keys, "--reader", reader])
            #expect(notRecord.status == 2)
            let both = try jpki(["genuine", "--key-record", recordPath, "--birth-date-pin", "--reader", reader])
            #expect(both.status == 2)

            // Enrolment with 照合番号B (birth date, expiry year, security code) and with the
            // 券面事項入力補助用 PIN (EF 0007 of the 入力補助AP).
            let numberB = try jpki(
                [
                    "genuine", "--enrol", "number-b", "--birth-date", "1985-04-01", "--expiry-year", "2033",
                    "--trust-simulator-ca", keys, "--json", "--reader", reader,
                ], input: "5678\n")
            #expect(numberB.status == 0, "\(numberB.error)")
            #expect(try json(numberB)["keyRecord"] as? String == "\(CardSignedRecord.Kind.cardSurfaceBirthDate)")
            let cardInfo = try jpki(
                ["genuine", "--enrol", "card-info-pin", "--trust-simulator-ca", keys, "--json", "--reader", reader],
                input: "1234\n")
            #expect(cardInfo.status == 0, "\(cardInfo.error)")
            #expect(try json(cardInfo)["keyRecord"] as? String == "\(CardSignedRecord.Kind.cardInfoKey)")

            try card.forge(.challengeSignedByAnotherKey)
            let forged = try jpki(
                ["genuine", "--birth-date-pin", "--trust-simulator-ca", keys, "--json", "--reader", reader],
                input: "600401\n")
            #expect(forged.status == 1, "\(forged.error)")
            #expect(try json(forged)["status"] as? String == "notGenuine")
        }
    }

    @Test("age: the birth-date PIN gives the verdict and the birth date; exit 0 old enough, 1 not")
    func age() async throws {
        try await withCard { card in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-age-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let keys = try simulatorKeysFile(card, in: directory)

            let adult = try jpki(
                ["age", "--at-least", "20", "--on", "2005-04-02", "--trust-simulator-ca", keys, "--reader", reader],
                input: "600401\n")
            #expect(adult.status == 0, "\(adult.error)")
            #expect(adult.output.contains("At least 20 on 2005-04-02: yes"), "\(adult.output)")
            #expect(adult.output.contains("Birth date: 1985-04-01"))

            let minor = try jpki(
                [
                    "age", "--at-least", "20", "--on", "2005-03-30", "--trust-simulator-ca", keys, "--json",
                    "--reader", reader,
                ], input: "600401\n")
            #expect(minor.status == 1, "\(minor.error)")
            let result = try json(minor)
            #expect(result["isAtLeastMinimumAge"] as? Bool == false)
            #expect(result["birthDate"] as? String == "1985-04-01")

            // The simulator's CA untrusted: never "yes".
            let untrusted = try jpki(["age", "--at-least", "20", "--reader", reader], input: "600401\n")
            #expect(untrusted.status == 1, "\(untrusted.error)")

            let badDate = try jpki(["age", "--at-least", "20", "--on", "2005-13-01", "--reader", reader])
            #expect(badDate.status == 2)

            // The server side: the evidence of the card's check, decided again by `jpki verify age`.
            let evidencePath = directory.appendingPathComponent("age.json").path
            let nonce = "00112233445566778899AABBCCDDEEFF"
            let collected = try jpki(
                [
                    "age", "--at-least", "20", "--on", "2005-04-02", "--challenge", nonce, "--evidence-out",
                    evidencePath, "--trust-simulator-ca", keys, "--reader", reader,
                ], input: "600401\n")
            #expect(collected.status == 0, "\(collected.error)")
            let server = try JPKIExecutable.run(
                [
                    "verify", "age", evidencePath, "--at-least", "20", "--on", "2005-04-02", "--challenge", nonce,
                    "--trust-simulator-ca", keys, "--json",
                ])
            #expect(server.status == 0, "\(server.error)")
            let report = try json(server)
            #expect(report["operation"] as? String == "card-age")
            let ageReport = try #require(report["age"] as? [String: Any])
            #expect(ageReport["isAtLeastMinimumAge"] as? Bool == true)
            let tooYoung = try JPKIExecutable.run(
                [
                    "verify", "age", evidencePath, "--at-least", "20", "--on", "2005-03-31", "--challenge", nonce,
                    "--trust-simulator-ca", keys,
                ])
            #expect(tooYoung.status == 1, "\(tooYoung.error)")
            #expect(tooYoung.output.contains("At least 20 on 2005-03-31: no"), "\(tooYoung.output)")
            let replayed = try JPKIExecutable.run(
                [
                    "verify", "age", evidencePath, "--at-least", "20", "--on", "2005-04-02", "--challenge", "FFEE",
                    "--trust-simulator-ca", keys,
                ])
            #expect(replayed.status == 1)
            let untrustedServer = try JPKIExecutable.run(
                ["verify", "age", evidencePath, "--at-least", "20", "--on", "2005-04-02", "--challenge", nonce])
            #expect(untrustedServer.status == 1)
            let badInput = try JPKIExecutable.run(["verify", "age", keys, "--at-least", "20"])
            #expect(badInput.status == 2)
        }
    }

    private func expectVerified(signature: String, certificate: String, file: String, in directory: URL) throws {
        guard OpenSSLCLI.available else { return }
        let key = directory.appendingPathComponent("key-\(UUID()).pem").path
        let extracted = try OpenSSLCLI.run(["x509", "-in", certificate, "-pubkey", "-noout", "-out", key])
        #expect(extracted.status == 0, "\(extracted.error)")
        let verified = try OpenSSLCLI.run(["dgst", "-sha256", "-verify", key, "-signature", signature, file])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "\(verified.output)\(verified.error)")
    }
}
