import Foundation
import JPKIAPDU
import JPKICard
import JPKISimulator
import JPKIX509
import Testing

/// Is the card genuine (かざし利用), in-process against the simulator: the chain CV CA key → CV
/// certificate → signed record → challenge signature, every forgery, and age verification.
@Suite("Genuineness and age")
struct GenuinenessTests {
    static func pin() throws -> BirthDatePIN { try BirthDatePIN("600401") }

    /// The VERIFY commands sent with data (PINs), as hex.
    static func pinsSent(_ session: TestSession) -> [String] {
        session.transport.commands.filter { $0.hasPrefix("00200080") && $0.count > 8 }
    }

    /// Enrolment: the key record read after the birth-date PIN.
    static func enrol(_ session: TestSession) async throws -> CardSignedRecord {
        try await session.myNumberCard.readKeyRecord(.birthDate(try pin()))
    }

    @Test(
        "a genuine card: enrolment reads the key record after the birth-date PIN (7 APDUs); the check sends no PIN (6 APDUs)"
    )
    func genuine() async throws {
        let session = try await TestSession.trusting()
        let (record, enrolment) = try await session.counting { try await Self.enrol(session) }
        #expect(record.kind == .cardSurfaceBirthDate)
        #expect(enrolment.total == 7)
        // The only secret enrolment sends: the birth-date PIN, to EF 0011.
        #expect(Self.pinsSent(session) == ["0020008006" + hex(Array("600401".utf8))])
        session.transport.clear()
        let (check, used) = try await session.counting {
            try await session.myNumberCard.checkGenuineness(keyRecord: record)
        }
        #expect(check.verdict.status == .genuine)
        #expect(check.verdict.caKey?.keyID.description == "SIM0023/001")
        #expect(check.verdict.caKey?.hierarchy == TestPKI.cardVerifiableHierarchy)
        #expect(check.verdict.authenticity?.verifiedRecords == [.cardSurfaceBirthDate])
        #expect(check.evidence.challenge.count == 16 && check.evidence.challengeFromCard)
        #expect(used.total == 6 && check.commandCount == 6)
        #expect(used.count(.getChallenge) == 1)
        // No VERIFY of any kind, not even a retry query: the check sends no PIN.
        #expect(used.count(.verify) == 0)
        #expect(!session.transport.commands.contains { $0.hasPrefix("0020") })
        #expect(session.transport.commands.contains { $0.hasPrefix("802A0000") })
        // The evidence travels as JSON and verifies the same on the other side.
        let decoded = try JSONDecoder().decode(
            CardGenuinenessEvidence.self, from: try JSONEncoder().encode(check.evidence))
        #expect(
            decoded.verify(expectedChallenge: check.evidence.challenge, trust: session.card.pki.cardVerifiableTrust)
                .isGenuine)
    }

    @Test("no record read: no PIN or verification number sent at all (6 APDUs), and the verdict is not verifiable")
    func withoutRecord() async throws {
        let session = try await TestSession.trusting()
        let nonce = Array("server nonce 0001".utf8)
        let (check, used) = try await session.counting {
            try await session.myNumberCard.checkGenuineness(challenge: nonce)
        }
        #expect(check.verdict.status == .notVerifiable)
        guard case .recordUnavailable = check.verdict.failure else {
            Issue.record("expected recordUnavailable, got \(String(describing: check.verdict.failure))")
            return
        }
        #expect(used.count(.verify) == 0)
        #expect(used.count(.getChallenge) == 0)
        #expect(used.total == 5)
        #expect(check.evidence.challenge == nonce && !check.evidence.challengeFromCard)
    }

    @Test("the record kept at enrolment, stored as bytes by a server and parsed back, serves later checks")
    func storedRecord() async throws {
        let session = try await TestSession.trusting()
        let stored = try await Self.enrol(session).encoded
        let record = try CardSignedRecord(.cardSurfaceBirthDate, encoded: stored)
        for _ in 0..<2 {
            session.transport.clear()
            let (later, used) = try await session.counting {
                try await session.myNumberCard.checkGenuineness(keyRecord: record)
            }
            #expect(later.verdict.isGenuine)
            #expect(used.count(.verify) == 0)
            #expect(used.total == 6)
        }
        // A record of the 確認AP is refused for the 入力補助AP.
        await #expect(throws: JPKICardError.self) {
            _ = try await session.myNumberCard.checkGenuineness(keyRecord: record, application: .cardInfo)
        }
    }

    @Test("in the 券面事項入力補助AP: EF 0007 (the key only, no personal data) after the PIN; CA key SIM0033")
    func cardInfoApplication() async throws {
        let session = try await TestSession.trusting()
        let record = try await session.myNumberCard.readKeyRecord(.cardInfo(.pin(try CardInfoPIN("1234"))))
        let check = try await session.myNumberCard.checkGenuineness(keyRecord: record)
        #expect(check.verdict.isGenuine)
        #expect(check.evidence.application == .cardInfo && check.evidence.keyRecordKind == .cardInfoKey)
        #expect(check.verdict.caKey?.keyID.description == "SIM0033/001")
    }

    @Test(
        "each forgery is the right typed failure",
        arguments: [
            (CardForgery.certificateSignedByAnotherKey(.cardSurface), "certificate"),
            (.recordsResigned(.cardSurface), "record"), (.challengeSignedByAnotherKey, "challenge"),
        ])
    func forgeries(forgery: CardForgery, link: String) async throws {
        let session = try await TestSession.trusting()
        try session.card.forge(forgery)
        let check = try await session.myNumberCard.checkGenuineness(keyRecord: try await Self.enrol(session))
        #expect(check.verdict.status == .notGenuine)
        let expected: CardVerificationFailure
        switch link {
        case "certificate":
            expected = .certificateSignatureInvalid(issuer: try CardVerifiableKeyID(number: "SIM0023", group: "001"))
        case "record": expected = .recordSignatureInvalid(.cardSurfaceBirthDate)
        default: expected = .challengeSignatureInvalid
        }
        #expect(check.verdict.failure == expected)
    }

    @Test("a data byte changed in the record (the birth date) is a record signature failure")
    func dataByteChanged() async throws {
        let session = try await TestSession.trusting()
        var file = try #require(session.card.fileContents(.cardSurface, 0x0001))
        // FF 10 82 HH LL DF 11 08 "19850401": make it 1975.
        #expect(Array(file[5...6]) == [0xDF, 0x11])
        file[9] = 0x37
        session.card.replaceFileContents(.cardSurface, 0x0001, with: file)
        let check = try await session.myNumberCard.checkGenuineness(keyRecord: try await Self.enrol(session))
        #expect(check.verdict.failure == .recordSignatureInvalid(.cardSurfaceBirthDate))
        // The forged birth date would make the holder 51: the age check says no.
        let age = try await session.myNumberCard.verifyAge(
            atLeast: 50, on: try #require(CardDate(year: 2026, month: 12, day: 3)), pin: try Self.pin())
        #expect(!age.verdict.isAtLeastMinimumAge)
        #expect(age.verdict.genuineness.status == .notGenuine)
    }

    @Test("an unknown CA key is not verifiable, never genuine: J-LIS's keys only, or a CA no one trusts")
    func unknownCAKey() async throws {
        let untrusting = try await TestSession(try CardFixtures.card())
        let check = try await untrusting.myNumberCard.checkGenuineness(keyRecord: try await Self.enrol(untrusting))
        #expect(check.verdict.status == .notVerifiable)
        #expect(check.verdict.failure == .unknownCAKey(try CardVerifiableKeyID(number: "SIM0023", group: "001")))
        let session = try await TestSession.trusting()
        try session.card.forge(.certificateNamingUnknownCA(.cardSurface))
        let forged = try await session.myNumberCard.checkGenuineness(keyRecord: try await Self.enrol(session))
        #expect(forged.verdict.status == .notVerifiable)
        #expect(forged.verdict.failure == .unknownCAKey(try CardVerifiableKeyID(number: "FORGERY", group: "001")))
    }

    @Test("the simulator's 証明者鍵ID cannot be mistaken for J-LIS's: letters for digits, trusted by name only")
    func simulatorKeyIDs() throws {
        let card = try CardFixtures.card()
        let embedded = CardVerifiableTrust.jlis.including(.jpkiTestCards)
        for key in card.pki.cardVerifiableCAKeys {
            #expect(embedded.key(for: key.keyID) == nil)
            #expect(key.keyID.number?.allSatisfy(\.isNumber) == false)
            #expect(key.hierarchy == .named("JPKISimulator"))
        }
        #expect(card.pki.cardVerifiableCAKeys.map(\.keyID.description) == ["SIM0023/001", "SIM0033/001"])
    }

    @Test("a smartphone token has no 券面 applications: a typed error, nothing sent but the SELECT")
    func smartphone() async throws {
        let session = try await TestSession.trusting(token: .smartphone)
        await #expect(throws: JPKICardError.applicationNotPresent(.cardSurface)) {
            _ = try await session.myNumberCard.checkGenuineness()
        }
    }

    @Test("かざし in one call: the authentication certificate without a PIN and the genuineness evidence")
    func kazashi() async throws {
        let session = try await TestSession.trusting()
        let record = try await Self.enrol(session)
        session.transport.clear()
        let evidence = try await session.myNumberCard.kazashi(keyRecord: record)
        #expect(evidence.authenticationCertificate == session.card.authenticationCertificate)
        #expect(evidence.genuineness?.verdict.isGenuine == true)
        #expect(!session.transport.commands.contains { $0.hasPrefix("0020") })
        // SELECT JPKI AP, SELECT 000A, 2 READ BINARY; then the 6 of the genuineness check.
        #expect(evidence.commandCount == 10)
    }

    @Test("かざし on an Android token: the certificate needs the PIN, which the client asks for instead of failing")
    func kazashiAndroid() async throws {
        let session = try await TestSession.trusting(token: .smartphone)
        let asked = Counter()
        let evidence = try await session.myNumberCard.kazashi(authenticationPIN: {
            asked.increment()
            return try? UserAuthenticationPIN("1234")
        })
        #expect(asked.value == 1)
        #expect(evidence.authenticationCertificate == session.card.authenticationCertificate)
        #expect(evidence.genuineness == nil)
        let fresh = try await TestSession.trusting(token: .smartphone)
        await #expect(
            throws: JPKICardError.accessDenied(CardLocation(.jpki, fileID: 0x000A), needs: .authentication)
        ) {
            _ = try await fresh.myNumberCard.kazashi()
        }
    }

    @Test(
        "age verification: only the birth-date PIN is sent; the verdict follows the law around the birthday",
        arguments: [
            (20, "2005-03-31", false), (20, "2005-04-01", true), (18, "2026-12-03", true), (42, "2026-12-03", false),
            (41, "2026-12-03", true),
        ])
    func age(minimum: Int, on day: String, expected: Bool) async throws {
        let session = try await TestSession.trusting()
        let date = try #require(CardDate(day))
        let (result, used) = try await session.counting {
            try await session.myNumberCard.verifyAge(atLeast: minimum, on: date, pin: try Self.pin())
        }
        #expect(result.verdict.genuineness.isGenuine)
        #expect(result.verdict.isAtLeastMinimumAge == expected)
        #expect(result.verdict.birthDate == GregorianDate(year: 1985, month: 4, day: 1))
        #expect(Self.pinsSent(session) == ["0020008006" + hex(Array("600401".utf8))])
        #expect(used.count(.verify) == 2)  // the retry query and the birth-date PIN
        #expect(result.commandCount == 12)
        // The evidence has no name, address or photo: the 確認AP's EF 0004 and EF 0001 only.
        #expect(result.evidence.keyRecordKind == .cardSurfaceBirthDate)
        #expect((result.evidence.keyRecord?.count ?? 0) < 600)
    }

    @Test(
        "a card that keeps EF 0001 behind the birth-date PIN only: the face reads without it, genuineness uses EF 0002")
    func birthDateRecordBehindItsPIN() async throws {
        let session = try await TestSession.trusting()
        session.card.behavior.birthDateRecordNeedsBirthDatePIN = true
        let numberB = try VerificationNumberB("60040120335678")
        let surface = try await session.myNumberCard.readCardSurface(access: .verificationNumberB(numberB))
        #expect(surface.authenticity?.verifiedRecords == [.cardSurfaceEntries])
        let check = try await session.myNumberCard.checkGenuineness(
            keyRecord: try await session.myNumberCard.readKeyRecord(.cardSurface(.verificationNumberB(numberB))))
        #expect(check.verdict.isGenuine)
        #expect(check.evidence.keyRecordKind == .cardSurfaceEntries)
        // The birth-date PIN still opens EF 0001.
        let age = try await session.myNumberCard.verifyAge(
            atLeast: 18, on: try #require(CardDate("2026-12-03")), pin: try Self.pin())
        #expect(age.verdict.isAtLeastMinimumAge)
    }

    @Test("the card face's records verify (EF 0002's three digests; EF 0005 with 照合番号A)")
    func surfaceAuthenticity() async throws {
        let session = try await TestSession.trusting()
        let surface = try await session.myNumberCard.readCardSurface(
            access: .verificationNumberA(try VerificationNumberA(myNumber: "123456789018")))
        #expect(surface.authenticity?.isVerified == true)
        #expect(
            surface.authenticity?.verifiedRecords == [
                .cardSurfaceEntries, .cardSurfaceBirthDate, .cardSurfaceMyNumberImage,
            ])
        try session.card.forge(.recordsResigned(.cardSurface))
        await #expect(
            throws: JPKICardError.authenticityCheckFailed(
                .recordSignatureInvalid(.cardSurfaceEntries), at: CardLocation(.cardSurface, fileID: 0x0002))
        ) {
            _ = try await session.myNumberCard.readCardSurface(
                access: .verificationNumberA(try VerificationNumberA(myNumber: "123456789018")))
        }
    }
}

/// A count shared with a `@Sendable` closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
