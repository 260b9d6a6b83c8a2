import JPKIAPDU
import JPKICard
import JPKISimulator
import Testing

/// The 券面事項入力補助AP and the 券面事項確認AP against the simulator in-process.
@Suite("券面 applications")
struct CardDataApplicationTests {
    static let persona = Persona.sample
    static let numberA = "123456789018"
    static let numberB = "60040120335678"

    var expectedInformation: CardBasicInformation? {
        guard let birth = CardDate(year: 1985, month: 4, day: 1) else { return nil }
        return CardBasicInformation(
            name: Self.persona.name, address: Self.persona.address, birthDate: birth, sex: .female)
    }

    @Test("the basic 4 information after the card-info PIN, checked against EF 0003")
    func basicInformation() async throws {
        let session = try await TestSession.sample()
        let (information, used) = try await session.counting {
            try await session.myNumberCard.readBasicInformation(pin: try CardInfoPIN("1234"))
        }
        #expect(information == expectedInformation)
        // SELECT AP; SELECT 0011, query, VERIFY; SELECT 0002 + 2 READ; SELECT 0003 + 2 READ; SELECT
        // 0004 + 2 READ (the 券面 objects' headers are up to 5 bytes: the first READ BINARY asks
        // for 8, the second for the rest, extended).
        #expect(used.total == 13)
        #expect(used.count(.select) == 5)
    }

    @Test("the My Number after the PIN, 照合番号A or 照合番号B")
    func myNumber() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        #expect(try await card.readMyNumber(pin: try CardInfoPIN("1234")) == Self.numberA)
        #expect(
            try await card.readMyNumber(access: .verificationNumberA(try VerificationNumberA(myNumber: Self.numberA)))
                == Self.numberA)
        let info = try await card.readCardInfo(access: .verificationNumberB(try VerificationNumberB(Self.numberB)))
        #expect(info.myNumber == Self.numberA)
        #expect(info.basicInformation == expectedInformation)
    }

    @Test("without VERIFY the data are refused with a typed error")
    func accessDenied() async throws {
        let session = try await TestSession.sample()
        let client = session.myNumberCard.cardInfo
        try await client.select()
        await #expect(throws: JPKICardError.accessDenied(CardLocation(.cardInfo, fileID: 0x0001), needs: nil)) {
            _ = try await client.readMyNumber()
        }
    }

    @Test("a wrong card-info PIN reports the tries left")
    func wrongCardInfoPIN() async throws {
        let session = try await TestSession.sample()
        await #expect(throws: JPKICardError.wrongPIN(.cardInfo, triesLeft: 2)) {
            _ = try await session.myNumberCard.readMyNumber(pin: try CardInfoPIN("0000"))
        }
    }

    @Test("a tampered hash in EF 0003 is detected, never accepted")
    func tamperedHash() async throws {
        let session = try await TestSession.sample()
        var file = try #require(session.card.fileContents(.cardInfo, 0x0003))
        // FF 30 82 HH LL DF 31 20 <hash>: flip a byte of the My Number hash.
        #expect(Array(file[5...6]) == [0xDF, 0x31])
        file[10] ^= 0x01
        #expect(session.card.replaceFileContents(.cardInfo, 0x0003, with: file))
        let card = session.myNumberCard
        await #expect(throws: JPKICardError.self) {
            _ = try await card.readMyNumber(pin: try CardInfoPIN("1234"))
        }
        do {
            _ = try await card.readMyNumber(pin: try CardInfoPIN("1234"))
        } catch {
            guard case .integrityCheckFailed(_, let location) = error else {
                Issue.record("expected an integrity failure, got \(error)")
                return
            }
            #expect(location == CardLocation(.cardInfo, fileID: 0x0001))
        }
        // The basic 4 information's hash is intact, but EF 0003 no longer matches its signature
        // DF 33: the data are refused too.
        await #expect(
            throws: JPKICardError.authenticityCheckFailed(
                .recordSignatureInvalid(.cardInfoHashes), at: CardLocation(.cardInfo, fileID: 0x0003))
        ) {
            _ = try await card.readBasicInformation(pin: try CardInfoPIN("1234"))
        }
    }

    @Test("tampered data (the name changed) no longer match their hash")
    func tamperedData() async throws {
        let session = try await TestSession.sample()
        let original = try #require(session.card.fileContents(.cardInfo, 0x0002))
        let name = Array(Self.persona.name.utf8)
        let forged = Array("偽造\u{3000}花子".utf8)
        #expect(name.count == forged.count)
        let start = try #require(
            (0...(original.count - name.count)).first { Array(original[$0..<($0 + name.count)]) == name })
        var file = original
        file.replaceSubrange(start..<(start + name.count), with: forged)
        session.card.replaceFileContents(.cardInfo, 0x0002, with: file)
        await #expect(
            throws: JPKICardError.integrityCheckFailed(
                "its SHA-256 is not the hash recorded in EF 0003 (DF 32)", at: CardLocation(.cardInfo, fileID: 0x0002))
        ) {
            _ = try await session.myNumberCard.readBasicInformation(pin: try CardInfoPIN("1234"))
        }
    }

    @Test("the card face with 照合番号B: data and images, no My Number image")
    func surfaceWithB() async throws {
        let session = try await TestSession.sample()
        let images = VirtualMyNumberCard.CardSurfaceApplication.Images(persona: Self.persona)
        let birth = try #require(CardDate(year: 1985, month: 4, day: 1))
        let numberB = try VerificationNumberB(birthDate: birth, expiryYear: 2033, securityCode: "5678")
        let (surface, used) = try await session.counting {
            try await session.myNumberCard.readCardSurface(access: .verificationNumberB(numberB))
        }
        #expect(surface.birthDate == birth)
        #expect(surface.sex == .female)
        #expect(surface.expiry == CardDate(year: 2033, month: 4, day: 1))
        #expect(surface.nameImage == images.name)
        #expect(surface.addressImage == images.address)
        #expect(surface.facePhoto == images.facePhoto)
        #expect(surface.securityCodeImage == images.securityCode)
        #expect(surface.myNumberImage == nil)
        #expect(Array(surface.nameImage.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(used.count(.readBinary) == 6)  // EF 0002, 0001, 0004: 8 bytes, then the rest
    }

    @Test("the card face with 照合番号A includes the My Number image")
    func surfaceWithA() async throws {
        let session = try await TestSession.sample()
        let images = VirtualMyNumberCard.CardSurfaceApplication.Images(persona: Self.persona)
        let surface = try await session.myNumberCard.readCardSurface(
            access: .verificationNumberA(try VerificationNumberA(myNumber: Self.numberA)))
        #expect(surface.myNumberImage == images.myNumber)
        #expect(surface.facePhoto == images.facePhoto)
    }

    @Test("a wrong 照合番号B reports the tries left")
    func wrongNumberB() async throws {
        let session = try await TestSession.sample()
        await #expect(throws: JPKICardError.wrongPIN(.cardSurfaceVerificationB, triesLeft: 9)) {
            _ = try await session.myNumberCard.readCardSurface(
                access: .verificationNumberB(try VerificationNumberB("85040120331111")))
        }
    }

    @Test("the card-info PIN can be changed")
    func changeCardInfoPIN() async throws {
        let session = try await TestSession.sample()
        try await session.myNumberCard.changeCardInfoPIN(from: try CardInfoPIN("1234"), to: try CardInfoPIN("2468"))
        #expect(session.card.persona.cardInfoPIN == "2468")
        #expect(try await session.myNumberCard.readMyNumber(pin: try CardInfoPIN("2468")) == Self.numberA)
    }
}

/// Reliability: a card pulled out mid-read, a card reset between operations.
@Suite("Card removal and reset")
struct ReliabilityTests {
    @Test("a card removed in the middle of a certificate read is a typed error; after re-insertion the next call works")
    func removedMidRead() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        // SELECT AP, SELECT EF, READ BINARY header: the card goes before the second READ BINARY.
        session.simulated.removeCard(afterCommands: 3)
        await #expect(throws: JPKICardError.transport(.cardRemoved, at: CardLocation(.jpki, fileID: 0x000A))) {
            _ = try await card.readAuthenticationCertificate()
        }
        await #expect(throws: JPKICardError.transport(.noCard, at: CardLocation(.jpki))) {
            _ = try await card.readAuthenticationCertificate()
        }
        session.simulated.reinsertCard()
        #expect(try await card.readAuthenticationCertificate() == session.card.authenticationCertificate)
    }

    @Test("a card removed during authenticate: typed error, no retry, and the next authenticate works")
    func removedDuringAuthenticate() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let pin = try UserAuthenticationPIN("1234")
        session.simulated.removeCard(afterCommands: 4)  // before COMPUTE DIGITAL SIGNATURE
        await #expect(throws: JPKICardError.transport(.cardRemoved, at: CardLocation(.jpki, fileID: 0x0017))) {
            _ = try await card.authenticate(challenge: [7], pin: pin)
        }
        #expect(session.transport.commands.filter { $0.hasPrefix("0020008004") }.count == 1)
        session.simulated.reinsertCard()
        let result = try await card.authenticate(challenge: [7], pin: pin)
        #expect(result.signature.count == 256)
    }

    @Test("after a card reset between operations, the next operation selects its application again")
    func resetBetweenOperations() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        _ = try await card.tokenKind()
        _ = try await session.transport.reset()
        #expect(try await card.tokenKind() == .myNumberCard)
        _ = try await card.readSignatureCertificate(pin: try SignaturePIN("ABC123"))
        _ = try await session.transport.reset()
        // The reset forgot the signature PIN: the certificate needs it again.
        await #expect(throws: JPKICardError.accessDenied(CardLocation(.jpki, fileID: 0x0001), needs: .signature)) {
            _ = try await card.readCertificate(.signature)
        }
    }
}
