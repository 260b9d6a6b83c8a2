import Foundation
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// Personas: the sample, validation, and saving and loading a card.
@Suite("Personas")
struct PersonaTests {
    @Test("the sample persona is 番号 花子 with a valid My Number, and validates")
    func sample() throws {
        let persona = Persona.sample
        #expect(persona.name == "番号\u{3000}花子")
        #expect(MyNumber.isValid(persona.myNumber))
        try persona.validate()
        #expect(persona.verificationNumberA == "123456789018")
        // 1985-04-01 is 昭和60年4月1日: the era year, not the Western one.
        #expect(persona.verificationNumberB == "60040120335678")
        #expect(persona.birthDatePIN == "600401")
    }

    @Test(
        "My Number check digits (weights 6,5,4,3,2,7,6,5,4,3,2; 0 when r ≤ 1, else 11 − r)",
        arguments: [("12345678901", 8), ("00000000000", 0), ("99999999999", 6), ("01234567890", 3)])
    func checkDigits(digits: String, check: Int) {
        #expect(MyNumber.checkDigit(of: digits) == check)
        #expect(MyNumber.isValid(digits + String(check)))
        #expect(!MyNumber.isValid(digits + String((check + 1) % 10)))
    }

    @Test("My Number validation refuses wrong lengths and non-digits")
    func invalidNumbers() {
        #expect(!MyNumber.isValid("12345678901"))
        #expect(!MyNumber.isValid("1234567890180"))
        #expect(!MyNumber.isValid("12345678901A"))
        #expect(MyNumber.checkDigit(of: "1234567890") == nil)
        #expect(MyNumber.complete("12345678901") == "123456789018")
    }

    @Test("validation names the wrong field")
    func validation() {
        func changed(_ change: (inout Persona) -> Void) -> Persona {
            var persona = Persona.sample
            change(&persona)
            return persona
        }
        let cases: [(String, Persona)] = [
            ("myNumber", changed { $0.myNumber = "123456789012" }),
            ("authenticationPIN", changed { $0.authenticationPIN = "12345" }),
            ("signaturePIN", changed { $0.signaturePIN = "abc123" }),
            ("signaturePIN", changed { $0.signaturePIN = "AB12" }),
            ("name", changed { $0.name = "番号 花子" }), ("address", changed { $0.address = "大阪府大阪市北区" }),
            ("securityCode", changed { $0.securityCode = "12a4" }),
            ("cardExpiry", changed { $0.cardExpiry = CalendarDate(year: 1980, month: 1, day: 1) }),
        ]
        for (field, persona) in cases {
            do {
                try persona.validate()
                Issue.record("\(field): accepted")
            } catch {
                guard case .invalidField(let name, _) = error else {
                    Issue.record("\(field): \(error)")
                    continue
                }
                #expect(name == field)
            }
        }
    }

    @Test("a card cannot be made from an invalid persona")
    func invalidPersonaCard() throws {
        var persona = Persona.sample
        persona.myNumber = "123456789010"
        let pki = try SimulatorFixtures.pki()
        #expect(throws: SimulatorError.self) { try VirtualMyNumberCard(persona: persona, pki: pki) }
    }

    @Test("persona JSON: dates as YYYY-MM-DD, round trip")
    func personaJSON() throws {
        let data = try JSONEncoder().encode(Persona.sample)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"1985-04-01\""))
        #expect(try JSONDecoder().decode(Persona.self, from: data) == Persona.sample)
        let bad = Data(text.replacingOccurrences(of: "1985-04-01", with: "1985-02-30").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Persona.self, from: bad) }
    }

    @Test("a saved and loaded card has the same certificates, keys, PINs and counters, and still works")
    func saveAndLoad() async throws {
        let pki = try TestPKI()
        var persona = Persona.sample
        persona.name = "試験\u{3000}太郎"
        persona.sex = .male
        let card = try VirtualMyNumberCard(persona: persona, pki: pki)
        let session = try await CardSession(card)
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C2))
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        #expect(try await session.send("00 24 01 80 08 53 49 47 4E 32 30 32 35").statusWord == .success)
        #expect(try await session.verify(.cardSurfaceVerificationB, "00000000000000") == sw(0x63C9))

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("taro.json")
        try card.save(to: url)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let loaded = try VirtualMyNumberCard.load(from: url)

        #expect(loaded.persona == card.persona)
        #expect(loaded.persona.signaturePIN == "SIGN2025")
        #expect(loaded.retryCounters == card.retryCounters)
        #expect(loaded.retriesLeft(.jpkiAuthentication) == 2)
        #expect(loaded.retriesLeft(.cardSurfaceVerificationB) == 9)
        #expect(loaded.authenticationCertificate == card.authenticationCertificate)
        #expect(loaded.signatureCertificate == card.signatureCertificate)
        #expect(loaded.credentials.authenticationKey.pkcs8DER == card.credentials.authenticationKey.pkcs8DER)
        #expect(loaded.credentials.signatureKey.pkcs8DER == card.credentials.signatureKey.pkcs8DER)
        #expect(loaded.pki.signatureRoot == pki.signatureRoot)
        #expect(loaded.pki.authenticationRoot == pki.authenticationRoot)
        #expect(loaded.atr == card.atr)
        for application in CardApplicationKind.allCases {
            for fileID: UInt16 in [0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x000A, 0x000B] {
                #expect(loaded.fileContents(application, fileID) == card.fileContents(application, fileID))
            }
        }
        // Nothing verified after loading; the loaded card signs with the same key.
        #expect(!loaded.isVerified(.jpkiSignature))
        let again = try await CardSession(loaded)
        #expect(try await again.query(.jpkiAuthentication) == sw(0x63C2))
        #expect(try await again.verify(.jpkiAuthentication, "1234") == .success)
        try await again.selectFile(0x0017)
        let signature = try await again.send(
            SignatureTests.signCommand(SignatureTests.digestInfo(.sha256, of: [1, 2, 3])))
        #expect(
            card.authenticationCertificate.subjectPublicKeyInfo.isValidSignature(
                signature.data, for: [1, 2, 3], algorithm: .sha256WithRSAEncryption))
    }

    @Test(
        "the persona file holds the keys as PKCS #8 PrivateKeyInfo that openssl reads",
        .enabled(if: OpenSSLCLI.available, "needs openssl"))
    func keysArePKCS8() throws {
        let card = try SimulatorFixtures.sampleCard()
        let file = card.personaFile
        #expect(file.format == PersonaFile.currentFormat)
        for key in [
            file.keys.authentication, file.keys.signature, file.keys.internalAuthentication, file.pki.signatureRootKey,
        ] {
            let bytes = [UInt8](key)
            // SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING }
            #expect(bytes[0] == 0x30)
            #expect(bytes.count > 26)
            #expect(Array(bytes[4...6]) == [0x02, 0x01, 0x00])
            #expect(Array(bytes[7...8]) == [0x30, 0x0D])
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = directory.appendingPathComponent("key.der")
            try key.write(to: url)
            let result = try OpenSSLCLI.run([
                "pkcs8", "-nocrypt", "-inform", "DER", "-in", url.path, "-out", "/dev/null",
            ])
            #expect(result.status == 0, "\(result.error)")
        }
    }

    @Test("loading refuses unknown formats and unreadable files")
    func loadErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: SimulatorError.self) {
            try VirtualMyNumberCard.load(from: directory.appendingPathComponent("missing.json"))
        }
        let url = directory.appendingPathComponent("bad.json")
        try Data("{\"format\": \"other\"}".utf8).write(to: url)
        #expect(throws: SimulatorError.self) { try VirtualMyNumberCard.load(from: url) }
        var file = try SimulatorFixtures.sampleCard().personaFile
        file.format = "something-else"
        #expect(throws: SimulatorError.self) { try VirtualMyNumberCard(personaFile: file) }
    }

    @Test("state changes are reported (to save the persona file as the card is used)")
    func stateChangeHandler() async throws {
        let card = try SimulatorFixtures.sampleCard()
        let counter = Counter()
        card.onStateChange { _ in counter.increment() }
        let session = try await CardSession(card)
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C3))
        #expect(counter.value == 0)
        #expect(try await session.verify(.jpkiAuthentication, "9999") == sw(0x63C2))
        #expect(counter.value == 1)
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(counter.value == 2)
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(counter.value == 2)
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
