import Foundation
import JPKIAPDU
import JPKICard
import JPKISimulator
import Testing

/// PINs are validated before any command, the last try is guarded, nothing is retried, a
/// blocked PIN is a typed error with guidance, and no PIN reaches a log.
@Suite("PIN safety")
struct PINSafetyTests {
    @Test("typed PINs accept only their form", arguments: ["123", "12345", "12a4", "１２３４", "", " 1234"])
    func malformedAuthenticationPIN(text: String) {
        #expect(throws: JPKICardError.self) { try UserAuthenticationPIN(text) }
        #expect(throws: JPKICardError.self) { try CardInfoPIN(text) }
    }

    @Test(
        "signature PINs: 6 to 16 of A-Z 0-9 with a letter and a digit",
        arguments: ["ABCDEF", "123456", "AB12", "ABCDEFGH123456789", "ABC-123", "ÄBC123", "ABC 123"])
    func malformedSignaturePIN(text: String) {
        #expect(throws: JPKICardError.self) { try SignaturePIN(text) }
    }

    @Test("valid PINs; the signature PIN is upper-cased (the card accepts abc123 for ABC123); no PIN prints")
    func validPINs() async throws {
        let signature = try SignaturePIN("abc123")
        let session = try await TestSession.sample()
        try await session.myNumberCard.jpki.select()
        try await session.myNumberCard.jpki.verify(signature)
        #expect(session.card.isVerified(.jpkiSignature))
        _ = try SignaturePIN("A1B2C3D4E5F6G7H8")
        let pin = try UserAuthenticationPIN("0000")
        #expect("\(pin)" == "UserAuthenticationPIN(<redacted>)")
        #expect(!String(reflecting: pin).contains("0000"))
        #expect(!"\(signature)".contains("ABC"))
    }

    @Test("verification numbers: A is a My Number with its check digit, B is built from the card face")
    func verificationNumbers() async throws {
        _ = try VerificationNumberA(myNumber: "123456789018")
        #expect(throws: JPKICardError.self) { try VerificationNumberA(myNumber: "123456789012") }
        #expect(throws: JPKICardError.self) { try VerificationNumberA(myNumber: "12345678901") }
        let birth = try #require(CardDate(year: 1985, month: 4, day: 1))
        let numberB = try VerificationNumberB(birthDate: birth, expiryYear: 2033, securityCode: "5678")
        let session = try await TestSession.sample()
        let surface = session.myNumberCard.cardSurface
        try await surface.select()
        try await surface.verify(.verificationNumberB(numberB))
        #expect(session.card.isVerified(.cardSurfaceVerificationB))
        #expect(throws: JPKICardError.self) {
            try VerificationNumberB(birthDate: birth, expiryYear: 33, securityCode: "5678")
        }
        #expect(throws: JPKICardError.self) {
            try VerificationNumberB(birthDate: birth, expiryYear: 1980, securityCode: "5678")
        }
        #expect(throws: JPKICardError.self) {
            try VerificationNumberB(birthDate: birth, expiryYear: 2033, securityCode: "56a8")
        }
        #expect(throws: JPKICardError.self) { try VerificationNumberB("85130120335678") }
        _ = try VerificationNumberB("85040120335678")
        #expect(CardDate(year: 2023, month: 2, day: 29) == nil)
    }

    @Test("a malformed PIN never reaches the card: 0 APDUs")
    func malformedSendsNothing() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let (_, used) = try await session.counting {
            await #expect(throws: JPKICardError.malformedPIN(.authentication, reason: "must be 4 digits")) {
                _ = try await card.authenticate(challenge: [1, 2, 3], pin: try UserAuthenticationPIN("12345"))
            }
            await #expect(throws: JPKICardError.self) {
                _ = try await card.sign(message: [1], pin: try SignaturePIN("abcdef"))
            }
            await #expect(throws: JPKICardError.self) {
                _ = try await card.readMyNumber(pin: try CardInfoPIN("12"))
            }
        }
        #expect(used.total == 0)
        #expect(session.transport.commands.isEmpty)
    }

    @Test("the last-try guard refuses to send the PIN; an explicit override sends it")
    func lastTryGuard() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        session.card.setRetriesLeft(1, for: .jpkiAuthentication)
        let pin = try UserAuthenticationPIN("1234")
        let (_, used) = try await session.counting {
            await #expect(throws: JPKICardError.lastTryRefused(.authentication)) {
                _ = try await card.authenticate(challenge: [1], pin: pin)
            }
        }
        #expect(used.count(.verify) == 1)  // the retry query only
        #expect(!session.transport.commands.contains { $0.hasPrefix("0020008004") })
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 1)
        _ = try await card.authenticate(challenge: [1], pin: pin, lastTry: .allow)
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 3)

        session.card.setRetriesLeft(1, for: .cardInfo)
        await #expect(throws: JPKICardError.lastTryRefused(.cardInfo)) {
            _ = try await card.readMyNumber(pin: try CardInfoPIN("1234"))
        }
        session.card.setRetriesLeft(1, for: .cardSurfaceVerificationB)
        await #expect(throws: JPKICardError.lastTryRefused(.cardSurfaceVerificationB)) {
            _ = try await card.readCardSurface(access: .verificationNumberB(try VerificationNumberB("85040120335678")))
        }
    }

    @Test("a wrong PIN reports the tries left and is never retried")
    func wrongPIN() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let (_, used) = try await session.counting {
            await #expect(throws: JPKICardError.wrongPIN(.authentication, triesLeft: 2)) {
                _ = try await card.authenticate(challenge: [1], pin: try UserAuthenticationPIN("9999"))
            }
        }
        #expect(session.transport.commands.filter { $0.hasPrefix("0020008004") }.count == 1)
        #expect(used.count(.computeDigitalSignature) == 0)
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 2)
        await #expect(throws: JPKICardError.wrongPIN(.signature, triesLeft: 4)) {
            _ = try await card.sign(message: [1], pin: try SignaturePIN("WRONG1"))
        }
        let error = JPKICardError.wrongPIN(.authentication, triesLeft: 2)
        #expect(error.triesLeft == 2)
        #expect(error.description.contains("2 tries left"))
    }

    @Test(
        "a blocked PIN is a typed error with guidance, whichever status word the card uses",
        arguments: [StatusWord(0x63C0), StatusWord(0x6984)])
    func blocked(statusWord: StatusWord) async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        session.card.behavior = CardBehavior(blockingAttemptStatus: statusWord, blockedQueryStatus: statusWord)
        session.card.setRetriesLeft(1, for: .jpkiSignature)
        // The blocking attempt, explicitly allowed.
        await #expect(throws: JPKICardError.pinBlocked(.signature)) {
            _ = try await card.sign(message: [1], pin: try SignaturePIN("WRONG1"), lastTry: .allow)
        }
        #expect(session.card.retriesLeft(.jpkiSignature) == 0)
        // Afterwards: the query says blocked, so the PIN is not even sent.
        let (_, used) = try await session.counting {
            await #expect(throws: JPKICardError.pinBlocked(.signature)) {
                _ = try await card.sign(message: [1], pin: try SignaturePIN("ABC123"), lastTry: .allow)
            }
        }
        #expect(!session.transport.commands.contains { $0.hasPrefix("002000800") && $0.count > 8 })
        #expect(used.count(.verify) == 1)
        #expect(try await card.pinStatus(.signature).isBlocked)
        #expect(JPKICardError.pinBlocked(.signature).description.contains("municipal office"))
        #expect(JPKICardError.pinBlocked(.authentication).description.contains("municipal office"))
    }

    @Test("a trace-level log of PIN operations contains no PIN in any form")
    func logHasNoPIN() async throws {
        let capture = LogCapture()
        let session = try await TestSession(try CardFixtures.card(), logger: capture.logger())
        let card = session.myNumberCard
        _ = try await card.authenticate(challenge: [1, 2], pin: try UserAuthenticationPIN("1234"))
        _ = try? await card.authenticate(challenge: [1, 2], pin: try UserAuthenticationPIN("4321"))
        _ = try await card.sign(message: [3], pin: try SignaturePIN("ABC123"))
        try await card.changeAuthenticationPIN(
            from: try UserAuthenticationPIN("1234"), to: try UserAuthenticationPIN("8642"))
        // (The basic 4 information, not the My Number: the sample My Number 123456789018 begins
        // with the sample PIN, and a trace log shows the data the card returns.)
        _ = try await card.readBasicInformation(pin: try CardInfoPIN("1234"))
        let text = capture.lines.joined(separator: "\n")
        #expect(text.contains("00200080"))  // the log does show the commands
        for pin in ["1234", "4321", "ABC123", "8642"] {
            let hexForm = hex(Array(pin.utf8))
            let spaced = Array(pin.utf8).map { hex([$0]) }.joined(separator: " ")
            for form in [hexForm, hexForm.lowercased(), spaced, spaced.lowercased()] {
                #expect(!text.contains(form), "\(pin) as \(form) in the log")
            }
        }
        #expect(!text.contains("ABC123"))
    }
}
