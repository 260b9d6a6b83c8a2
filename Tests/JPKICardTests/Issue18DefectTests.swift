import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKISimulator
import JPKIX509
import Testing

/// The four defects an independent card found (issue 18), each against the simulator made
/// faithful to the facts.
@Suite("Issue 18 defects")
struct Issue18DefectTests {
    // MARK: 1. EF 0003's coverage and DF 33

    @Test("EF 0003 covers EF 0001 with its filler and EF 0002 without its offset table; DF 33 verifies (SIM0033)")
    func integrityCoverage() async throws {
        let session = try await TestSession.trusting()
        let (info, used) = try await session.counting {
            try await session.myNumberCard.readCardInfo(access: .pin(try CardInfoPIN("1234")))
        }
        #expect(info.myNumber == "123456789018")
        let authenticity = try #require(info.authenticity)
        #expect(authenticity.isVerified)
        #expect(authenticity.caKey?.keyID.description == "SIM0033/001")
        #expect(authenticity.caKey?.hierarchy == TestPKI.cardVerifiableHierarchy)
        #expect(authenticity.verifiedRecords == [.cardInfoHashes])
        // SELECT AP; SELECT 0011, query, VERIFY; SELECT 0001 + 1 READ; SELECT 0002 + 2; SELECT
        // 0003 + 2; SELECT 0004 + 2.
        #expect(used.total == 15)
    }

    @Test("the simulator refuses the old coverage: EF 0001 without its filler and EF 0002 with DF 21 do not match")
    func wrongCoverageFails() async throws {
        let card = try CardFixtures.card()
        let myNumberFile = try #require(card.fileContents(.cardInfo, 0x0001))
        let informationFile = try #require(card.fileContents(.cardInfo, 0x0002))
        let hashFile = try #require(card.fileContents(.cardInfo, 0x0003))
        let hashes = try #require(try BERTLV.parse(hashFile).first)
        let children = try hashes.children()
        #expect(myNumberFile.count == 17 && Array(myNumberFile.suffix(2)) == [0xFF, 0xFF])
        #expect(Array(children[0].value) == DigestAlgorithm.sha256.hash(myNumberFile))
        #expect(Array(children[0].value) != DigestAlgorithm.sha256.hash(myNumberFile.prefix(15)))
        #expect(Array(children[1].value) != DigestAlgorithm.sha256.hash(informationFile))
        // The filler is covered: changing it is detected although the My Number parses.
        var filler = myNumberFile
        filler[16] = 0x00
        card.replaceFileContents(.cardInfo, 0x0001, with: filler)
        let session = try await TestSession(card)
        await #expect(
            throws: JPKICardError.integrityCheckFailed(
                "its SHA-256 is not the hash recorded in EF 0003 (DF 31)", at: CardLocation(.cardInfo, fileID: 0x0001))
        ) {
            _ = try await session.myNumberCard.readMyNumber(pin: try CardInfoPIN("1234"))
        }
    }

    @Test("garbage in DF 33 is refused: the signature over the hashes is checked with EF 0004's key")
    func garbageSignature() async throws {
        let session = try await TestSession.sample()
        var file = try #require(session.card.fileContents(.cardInfo, 0x0003))
        // FF 30 82 01 4B, DF 31 20 <32>, DF 32 20 <32>, DF 33 82 01 00 <256>.
        #expect(Array(file[75...76]) == [0xDF, 0x33])
        for index in 80..<336 { file[index] = UInt8(truncatingIfNeeded: index * 31) }
        session.card.replaceFileContents(.cardInfo, 0x0003, with: file)
        // Even with the default trust (the simulator's CA unknown): the signature is checked
        // with the key EF 0004 certifies.
        await #expect(
            throws: JPKICardError.authenticityCheckFailed(
                .recordSignatureInvalid(.cardInfoHashes), at: CardLocation(.cardInfo, fileID: 0x0003))
        ) {
            _ = try await session.myNumberCard.readBasicInformation(pin: try CardInfoPIN("1234"))
        }
    }

    @Test("with J-LIS's keys only, the simulator's data are 'not verifiable': reported, or refused when required")
    func untrustedCAKey() async throws {
        let reported = try await TestSession.sample()
        let info = try await reported.myNumberCard.readCardInfo(access: .pin(try CardInfoPIN("1234")))
        let authenticity = try #require(info.authenticity)
        #expect(!authenticity.isVerified)
        let simulatorCA = try CardVerifiableKeyID(number: "SIM0033", group: "001")
        #expect(authenticity.notVerifiableReason == .unknownCAKey(simulatorCA))
        let card = try CardFixtures.card()
        let required = try await TestSession(card, policy: .required)
        await #expect(
            throws: JPKICardError.authenticityCheckFailed(
                .unknownCAKey(simulatorCA), at: CardLocation(.cardInfo, fileID: 0x0004))
        ) {
            _ = try await required.myNumberCard.readMyNumber(pin: try CardInfoPIN("1234"))
        }
    }

    // MARK: 2. The token kind from CK_TOKEN_INFO's label

    @Test("a 160-byte CK_TOKEN_INFO with JPKIAPICCTOKEN2 in its 32-byte label is a My Number Card")
    func tokenInfoLabel() {
        var info = Array("JPKIAPICCTOKEN2".utf8) + [UInt8](repeating: 0x20, count: 17)
        info += Array("J-LIS                           ".utf8) + Array("MODEL-1         ".utf8)
        info += [UInt8](repeating: 0x30, count: 16) + [UInt8](repeating: 0x01, count: 64)
        #expect(info.count == 160)
        #expect(JPKIApplication.TokenKind(tokenInfo: info) == .myNumberCard)
        var iPhone = Array("JPKIAPIOSTOKEN".utf8) + [UInt8](repeating: 0x20, count: 18)
        iPhone += [UInt8](repeating: 0x41, count: 128)
        #expect(JPKIApplication.TokenKind(tokenInfo: iPhone) == .iPhone)
        #expect(JPKIApplication.TokenKind(tokenInfo: iPhone).isSmartphone)
    }

    @Test(
        "the simulator's CK_TOKEN_INFO of every profile gives its kind (SELECT AP, SELECT EF, one READ BINARY)",
        arguments: [
            (Persona.Token.myNumberCard, JPKIApplication.TokenKind.myNumberCard), (.jukiCard, .jukiCard),
            (.smartphone, .smartphone), (.iPhone, .iPhone),
        ])
    func tokenKinds(token: Persona.Token, expected: JPKIApplication.TokenKind) async throws {
        let session = try await TestSession.sample(token: token)
        let (kind, used) = try await session.counting { try await session.myNumberCard.tokenKind() }
        #expect(kind == expected)
        #expect(used.total == 3)
        try await session.myNumberCard.jpki.select()
        let information = try await session.myNumberCard.jpki.tokenInformation()
        #expect(information.kind == expected && information.label == token.name)
        #expect(information.manufacturerID == "JPKISimulator" && information.numericFields.count == 48)
    }

    // MARK: 3. Absent 券面 APs

    @Test(
        "status on a smartphone token: the 券面 APs answer 6A 82 and are reported absent (9 APDUs)",
        arguments: [Persona.Token.smartphone, .iPhone])
    func statusOnSmartphone(token: Persona.Token) async throws {
        let session = try await TestSession.sample(token: token)
        let (status, used) = try await session.counting { try await session.myNumberCard.status() }
        #expect(status.absentApplications == [.cardInfo, .cardSurface])
        #expect(status.pins.map(\.kind) == [.authentication, .signature])
        #expect(used.total == 9)
        #expect(try await session.myNumberCard.pinStatus().count == 2)
        await #expect(throws: JPKICardError.applicationNotPresent(.cardInfo)) {
            _ = try await session.myNumberCard.readMyNumber(pin: try CardInfoPIN("1234"))
        }
    }

    @Test("status on a card: every application present (21 APDUs)")
    func statusOnCard() async throws {
        let session = try await TestSession.sample()
        let (status, used) = try await session.counting { try await session.myNumberCard.status() }
        #expect(status.absentApplications.isEmpty)
        #expect(status.pins.count == PINKind.allCases.count)
        #expect(used.total == 21)
    }

    // MARK: 4. 照合番号B and the birth-date key take the era year

    @Test("照合番号B from the card face uses the era year (昭和60年4月1日 → 600401…) and the card accepts it")
    func verificationNumberBEraYear() async throws {
        let session = try await TestSession.trusting()
        let birth = try #require(CardDate(year: 1985, month: 4, day: 1))
        let numberB = try VerificationNumberB(birthDate: birth, expiryYear: 2033, securityCode: "5678")
        let surface = try await session.myNumberCard.readCardSurface(access: .verificationNumberB(numberB))
        #expect(surface.birthDate == birth)
        #expect(session.transport.commands.contains("002000800E" + hex(Array("60040120335678".utf8))))
        #expect(session.card.retriesLeft(.cardSurfaceVerificationB) == 10)
        #expect(surface.authenticity?.isVerified == true)
        #expect(surface.authenticity?.caKey?.keyID.description == "SIM0023/001")
    }

    @Test("a Western-year 照合番号B is a wrong value on the card: it costs a try, as on a real card")
    func westernYearRefused() async throws {
        let session = try await TestSession.sample()
        await #expect(throws: JPKICardError.wrongPIN(.cardSurfaceVerificationB, triesLeft: 9)) {
            _ = try await session.myNumberCard.readCardSurface(
                access: .verificationNumberB(try VerificationNumberB("85040120335678")))
        }
        await #expect(throws: JPKICardError.wrongPIN(.cardInfoVerificationB, triesLeft: 9)) {
            _ = try await session.myNumberCard.readMyNumber(
                access: .verificationNumberB(try VerificationNumberB("85040120335678")))
        }
    }

    @Test(
        "the era year across era boundaries, for 照合番号B and the birth-date PIN",
        arguments: [
            ("1989-01-07", "640107"), ("1989-01-08", "010108"), ("2019-04-30", "310430"), ("2019-05-01", "010501"),
            ("2020-02-24", "020224"), ("1926-12-25", "011225"), ("1926-12-24", "151224"),
        ])
    func eraYears(date: String, expected: String) throws {
        let birth = try #require(CardDate(date))
        #expect(birth.eraYYMMDD == expected)
        _ = try BirthDatePIN(birthDate: birth)
        _ = try VerificationNumberB(birthDate: birth, expiryYear: 2035, securityCode: "1234")
        #expect(throws: JPKICardError.self) { try BirthDatePIN("601301") }
        #expect(throws: JPKICardError.self) { try BirthDatePIN("6004") }
    }

    // MARK: Real-card PIN behaviours

    @Test("blocking: the VERIFY that uses the last try answers 63 C0, the next 69 84; both are pinBlocked")
    func blockingSequence() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        session.card.setRetriesLeft(1, for: .jpkiAuthentication)
        await #expect(throws: JPKICardError.pinBlocked(.authentication)) {
            _ = try await card.authenticate(challenge: [1], pin: try UserAuthenticationPIN("0000"), lastTry: .allow)
        }
        #expect(session.transport.commands.contains { $0.hasPrefix("0020008004") })
        let status = try await card.pinStatus(.authentication)
        #expect(status.isBlocked)
        #expect(session.card.behavior.blockedQueryStatus == StatusWord(0x6984))
        session.transport.clear()
        await #expect(throws: JPKICardError.pinBlocked(.authentication)) {
            _ = try await card.authenticate(challenge: [1], pin: try UserAuthenticationPIN("1234"), lastTry: .allow)
        }
        #expect(!session.transport.commands.contains { $0.hasPrefix("0020008004") })
    }

    @Test("63 00 to the retry query: a reference without a try limit; the PIN is sent without the last-try guard")
    func noTryLimit() async throws {
        let session = try await TestSession.sample()
        session.card.faults.statusWordOverrides = [
            .init(instruction: 0x20, p2: 0x80, data: [], statusWord: StatusWord(0x6300))
        ]
        let status = try await session.myNumberCard.pinStatus(.cardInfo)
        #expect(!status.hasTryLimit)
        #expect(status.triesLeft == nil && !status.isBlocked)
        #expect(status.description.contains("no try limit"))
        #expect(try await session.myNumberCard.readMyNumber(pin: try CardInfoPIN("1234")) == "123456789018")
    }
}
