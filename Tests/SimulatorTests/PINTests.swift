import JPKIAPDU
import JPKIASN1
import JPKISimulator
import Testing

/// VERIFY, the retry query, blocking, and CHANGE REFERENCE DATA.
@Suite("VERIFY and CHANGE REFERENCE DATA")
struct PINTests {
    @Test("the retry query consumes no try: 63 C3 again and again")
    func queryConsumesNothing() async throws {
        let session = try await CardSession.sample()
        for _ in 0..<5 { #expect(try await session.query(.jpkiAuthentication) == sw(0x63C3)) }
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 3)
    }

    @Test("the retry query is exactly 00 20 00 80: with an Le byte a real card (T=1) answers 67 00, no try consumed")
    func queryWithLe() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        try await session.selectFile(0x0018)
        #expect(try await session.raw("00 20 00 80 00").statusWord == sw(0x6700))
        #expect(try await session.raw("00 20 00 80").statusWord == sw(0x63C3))
    }

    @Test("a correct VERIFY answers 90 00; the query then answers 90 00 (already verified)")
    func verifiedQuery() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(try await session.send("00 20 00 80").statusWord == .success)
        #expect(session.card.isVerified(.jpkiAuthentication))
    }

    @Test("the 4-digit authentication PIN: 3 tries, wrong PINs 63 C2, 63 C1, 63 C0, then 69 84 to VERIFY and the query")
    func authenticationPINBlocks() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C2))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C2))
        #expect(try await session.verify(.jpkiAuthentication, "1111") == sw(0x63C1))
        #expect(try await session.verify(.jpkiAuthentication, "2222") == sw(0x63C0))
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 0)
        // Blocked: even the right PIN is refused, and the query answers 69 84 too (as real cards).
        #expect(try await session.verify(.jpkiAuthentication, "1234") == sw(0x6984))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x6984))
        #expect(sw(0x6984).meaning == .authenticationBlocked)
        // Signing with the blocked PIN's key is impossible.
        try await session.selectFile(0x0017)
        #expect(
            try await session.send(
                CommandAPDU(
                    cla: 0x80, ins: 0x2A, p1: 0, p2: 0x80, data: SignatureTests.digestInfo(.sha256, of: [1]),
                    expectedLength: 256)
            ).statusWord == sw(0x6982))
        // The municipal office unblocks it.
        session.card.setRetriesLeft(3, for: .jpkiAuthentication)
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
    }

    @Test("the blocking answers are configurable: here 69 84 for the blocking attempt too")
    func blockingBehavior() async throws {
        let session = try await CardSession.sample()
        session.card.behavior = CardBehavior(blockingAttemptStatus: sw(0x6984), blockedQueryStatus: sw(0x6984))
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C2))
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C1))
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x6984))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x6984))
        #expect(try await session.verify(.jpkiAuthentication, "1234") == sw(0x6984))
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 0)
    }

    @Test("the signature PIN: 5 tries; a correct PIN before blocking resets the counter")
    func signaturePINCounter() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiSignature, "WRONG1") == sw(0x63C4))
        #expect(try await session.verify(.jpkiSignature, "WRONG2") == sw(0x63C3))
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        #expect(session.card.retriesLeft(.jpkiSignature) == 5)
        for expected: UInt16 in [0x63C4, 0x63C3, 0x63C2, 0x63C1, 0x63C0] {
            #expect(try await session.verify(.jpkiSignature, "XYZ999") == sw(expected))
        }
        #expect(try await session.verify(.jpkiSignature, "ABC123") == sw(0x6984))
        #expect(try await session.query(.jpkiSignature) == sw(0x6984))
    }

    @Test("a wrong VERIFY clears an earlier verification of the same PIN")
    func wrongVerifyClears() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        #expect(try await session.verify(.jpkiSignature, "ABC124") == sw(0x63C4))
        try await session.selectFile(0x0001)
        #expect(try await session.raw("00 B0 00 00 04").statusWord == sw(0x6982))
    }

    @Test("a PIN of the wrong length counts as a wrong PIN")
    func wrongLengthPIN() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "12345") == sw(0x63C2))
    }

    @Test("the card-info PIN and verification numbers have counters of their own (3 and 10)")
    func textApplicationCounters() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardInfo, "9999") == sw(0x63C2))
        #expect(try await session.verify(.cardInfoVerificationA, "123456789017") == sw(0x63C9))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C3))
        #expect(try await session.query(.cardSurfaceVerificationA) == sw(0x63CA))
    }

    @Test(
        "VERIFY errors: P1/P2 6A 86, current EF not a PIN 69 86",
        arguments: [("00 20 00 81 04 31 32 33 34", true, UInt16(0x6A86)), ("00 20 01 80", true, 0x6A86)])
    func verifyParameters(command: String, selectPIN: Bool, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        if selectPIN { try await session.selectFile(0x0018) }
        #expect(try await session.send(command).statusWord == sw(expected))
    }

    @Test("VERIFY without a PIN EF selected is 69 86")
    func verifyWithoutPINFile() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.send("00 20 00 80 04 31 32 33 34").statusWord == sw(0x6986))
        try await session.selectFile(0x000A)
        #expect(try await session.send("00 20 00 80").statusWord == sw(0x6986))
    }

    @Test("CHANGE REFERENCE DATA 00 24 01 80 after VERIFY sets a new PIN; the old one then fails")
    func changeAuthenticationPIN() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        try await session.selectFile(0x0018)
        #expect(try await session.send("00 24 01 80 04 35 36 37 38").statusWord == sw(0x6982))
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(try await session.send("00 24 01 80 04 35 36 37 38").statusWord == .success)
        #expect(session.card.persona.authenticationPIN == "5678")
        _ = try await session.channel.reset()
        #expect(try await session.verify(.jpkiAuthentication, "1234") == sw(0x63C2))
        #expect(try await session.verify(.jpkiAuthentication, "5678") == .success)
    }

    @Test("CHANGE REFERENCE DATA of the signature PIN checks its form (6–16 of A–Z 0–9): 6A 80 otherwise")
    func changeSignaturePIN() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        for bad in ["abc123", "ABC12", "ABCDEFGHIJ1234567", "ABC-123"] {
            let data = Array(bad.utf8)
            let command = try CommandAPDU(ins: 0x24, p1: 0x01, p2: 0x80, data: data)
            #expect(try await session.send(command).statusWord == sw(0x6A80))
        }
        let good = try CommandAPDU(ins: 0x24, p1: 0x01, p2: 0x80, data: Array("NEWPIN2025".utf8))
        #expect(try await session.send(good).statusWord == .success)
        #expect(session.card.persona.signaturePIN == "NEWPIN2025")
    }

    @Test(
        "CHANGE REFERENCE DATA errors: P1 00 6A 86, no data 67 00, verification numbers 69 85, blocked 69 84",
        arguments: [
            ("00 24 00 80 08 31 32 33 34 35 36 37 38", CardPIN.jpkiAuthentication, "1234", UInt16(0x6A86)),
            ("00 24 01 80", .jpkiAuthentication, "1234", 0x6700),
            ("00 24 01 80 0C 31 32 33 34 35 36 37 38 39 30 31 32", .cardInfoVerificationA, "123456789018", 0x6985),
        ])
    func changeErrors(command: String, pin: CardPIN, value: String, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(pin, value) == .success)
        #expect(try await session.send(command).statusWord == sw(expected))
    }

    @Test("CHANGE REFERENCE DATA of a blocked PIN is 69 84")
    func changeBlocked() async throws {
        let session = try await CardSession.sample()
        session.card.setRetriesLeft(0, for: .jpkiAuthentication)
        try await session.select(.jpki)
        try await session.selectFile(0x0018)
        #expect(try await session.send("00 24 01 80 04 35 36 37 38").statusWord == sw(0x6984))
    }
}
