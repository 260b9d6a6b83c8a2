import CryptoBackend
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

/// COMPUTE DIGITAL SIGNATURE `80 2A 00 P2 Lc DigestInfo 00`, GET CHALLENGE, INTERNAL
/// AUTHENTICATE (refused), and the iPhone token's last command.
@Suite("COMPUTE DIGITAL SIGNATURE")
struct SignatureTests {
    /// The DigestInfo of `message` hashed with `digest`.
    static func digestInfo(_ digest: DigestAlgorithm, of message: [UInt8]) -> [UInt8] {
        digest.digestInfoPrefix + digest.hash(message)
    }

    static func signCommand(_ data: [UInt8], le: Int? = 256) throws -> CommandAPDU {
        try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: data, expectedLength: le)
    }

    @Test(
        "the authentication key signs SHA-1/256/384/512 DigestInfos with PKCS #1 v1.5 padding",
        arguments: [
            (DigestAlgorithm.sha1, AlgorithmIdentifier.sha1WithRSAEncryption),
            (.sha256, .sha256WithRSAEncryption), (.sha384, .sha384WithRSAEncryption),
            (.sha512, .sha512WithRSAEncryption),
        ])
    func authenticationSignature(digest: DigestAlgorithm, algorithm: AlgorithmIdentifier) async throws {
        let session = try await CardSession.sample()
        let challenge = Array("challenge from the relying party".utf8)
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(try await session.selectFile(0x0017) == .success)
        let response = try await session.send(try Self.signCommand(Self.digestInfo(digest, of: challenge)))
        #expect(response.statusWord == .success)
        #expect(response.data.count == 256)
        #expect(
            session.card.authenticationCertificate.subjectPublicKeyInfo.isValidSignature(
                response.data, for: challenge, algorithm: algorithm))
    }

    @Test("the signature key signs after the signature PIN; the authentication PIN does not unlock it")
    func signatureKey() async throws {
        let session = try await CardSession.sample()
        let document = Array("契約書".utf8)
        let command = try Self.signCommand(Self.digestInfo(.sha256, of: document))
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        try await session.selectFile(0x001A)
        #expect(try await session.send(command).statusWord == sw(0x6982))
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        try await session.selectFile(0x001A)
        let response = try await session.send(command)
        #expect(response.statusWord == .success)
        #expect(
            session.card.signatureCertificate.subjectPublicKeyInfo.isValidSignature(
                response.data, for: document, algorithm: .sha256WithRSAEncryption))
        #expect(
            !session.card.authenticationCertificate.subjectPublicKeyInfo.isValidSignature(
                response.data, for: document, algorithm: .sha256WithRSAEncryption))
    }

    @Test("the raw bytes 80 2A 00 80 Lc … 00 as OpenSC and myna send them")
    func rawCommand() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        try await session.selectFile(0x0017)
        let digestInfo = Self.digestInfo(.sha256, of: [0x01, 0x02])
        let hex = "80 2A 00 80 33 " + digestInfo.map { hex2($0) }.joined(separator: " ") + " 00"
        let response = try await session.raw(hex)
        #expect(response.statusWord == .success)
        #expect(response.data.count == 256)
    }

    @Test(
        "errors: no key selected 69 86, wrong P1/P2 6A 86, CLA 00 6E 00, too long or empty data 67 00, short Le 6C 00")
    func errors() async throws {
        let session = try await CardSession.sample()
        let digestInfo = Self.digestInfo(.sha256, of: [1])
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        // The PIN EF is current, not a key.
        #expect(try await session.send(try Self.signCommand(digestInfo)).statusWord == sw(0x6986))
        try await session.selectFile(0x0017)
        #expect(
            try await session.send(CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x9E, p2: 0x9A, data: digestInfo))
                .statusWord == sw(0x6A86))
        #expect(
            try await session.send(CommandAPDU(cla: 0x00, ins: 0x2A, p1: 0x00, p2: 0x80, data: digestInfo))
                .statusWord == sw(0x6E00))
        #expect(
            try await session.send(try Self.signCommand([UInt8](repeating: 0x41, count: 246))).statusWord
                == sw(0x6700))
        #expect(try await session.raw("80 2A 00 80 00").statusWord == sw(0x6700))
        // A short Le below 256: 6C 00 (the card wants 256); the channel re-issues.
        let exact = try await session.raw(
            "80 2A 00 80 33 " + digestInfo.map { hex2($0) }.joined(separator: " ") + " 80")
        #expect(exact.statusWord == sw(0x6C00))
        #expect(try await session.send(try Self.signCommand(digestInfo, le: 128)).data.count == 256)
        // Without Le the signature comes anyway (T=1).
        #expect(try await session.send(try Self.signCommand(digestInfo, le: nil)).data.count == 256)
    }

    @Test("signing stays possible after reading certificates in between (the key EF must be selected again)")
    func signAfterReading() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        _ = try await session.readFile(0x000A)
        let command = try Self.signCommand(Self.digestInfo(.sha256, of: [7]))
        #expect(try await session.send(command).statusWord == sw(0x6986))
        try await session.selectFile(0x0017)
        #expect(try await session.send(command).statusWord == .success)
    }

    @Test("INTERNAL AUTHENTICATE: the 券面 applications answer 69 85 (as real cards), the JPKI AP 6D 00")
    func internalAuthenticate() async throws {
        let session = try await CardSession.sample()
        let command = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: Array(0..<32), expectedLength: 256)
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6D00))
        for application in [CardApplicationKind.cardInfo, .cardSurface] {
            try await session.select(application)
            #expect(try await session.send(command).statusWord == sw(0x6985))
        }
        #expect(try await session.verify(.cardSurfaceBirthDate, "600401") == .success)
        #expect(try await session.send(command).statusWord == sw(0x6985))
    }

    @Test("80 2A 00 00 in a 券面 application: its own key, no PIN; the JPKI AP has no default key (6A 86)")
    func applicationKeyWithoutPIN() async throws {
        let session = try await CardSession.sample()
        let challenge = Array("a verifier's nonce".utf8)
        let command = try CommandAPDU(
            cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x00, data: Self.digestInfo(.sha256, of: challenge), expectedLength: 256
        )
        let key = try PublicKey(session.card.credentials.internalAuthenticationKey.subjectPublicKeyInfo)
        for application in [CardApplicationKind.cardSurface, .cardInfo] {
            try await session.select(application)
            let response = try await session.send(command)
            #expect(response.statusWord == .success)
            #expect(key.isValidSignature(response.data, for: challenge, digest: .sha256))
            #expect(!session.card.isVerified(.cardSurfaceBirthDate) && !session.card.isVerified(.cardInfo))
        }
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6A86))
        // P1 other than 00 is 6A 86.
        try await session.select(.cardSurface)
        let p1 = try CommandAPDU(
            cla: 0x80, ins: 0x2A, p1: 0x06, p2: 0x00, data: Self.digestInfo(.sha256, of: challenge), expectedLength: 256
        )
        #expect(try await session.send(p1).statusWord == sw(0x6A86))
    }

    @Test("80 2A 00 97 / 9A names the JPKI key EF by its SFI: no SELECT, the PIN still needed")
    func shortFileIdentifier() async throws {
        let session = try await CardSession.sample()
        let data = Self.digestInfo(.sha256, of: [1, 2, 3])
        let command = try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x97, data: data, expectedLength: 256)
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6982))
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        let response = try await session.send(command)
        #expect(response.statusWord == .success)
        #expect(
            session.card.authenticationCertificate.subjectPublicKeyInfo.isValidSignature(
                response.data, for: [1, 2, 3], algorithm: .sha256WithRSAEncryption))
        // An SFI that names no key EF.
        let none = try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x85, data: data, expectedLength: 256)
        #expect(try await session.send(none).statusWord == sw(0x6A82))
    }

    @Test("GET CHALLENGE 00 84 00 00 10: 16 random bytes; 08: 8; other lengths 67 00")
    func getChallenge() async throws {
        let session = try await CardSession.sample()
        try await session.select(.cardSurface)
        let first = try await session.raw("00 84 00 00 10")
        let second = try await session.raw("00 84 00 00 10")
        #expect(first.statusWord == .success && first.data.count == 16)
        #expect(first.data != second.data)
        #expect(try await session.raw("00 84 00 00 08").data.count == 8)
        #expect(try await session.raw("00 84 00 00 05").statusWord == sw(0x6700))
        #expect(try await session.raw("00 84 01 00 10").statusWord == sw(0x6A86))
    }

    @Test("80 FC 00 00 (the iPhone token's last command): 67 00 on a card, 90 00 on the iPhone token")
    func lastCommand() async throws {
        let card = try await CardSession.sample()
        try await card.select(.jpki)
        #expect(try await card.raw("80 FC 00 00").statusWord == sw(0x6700))
        let phone = try await CardSession.sample(token: .iPhone)
        try await phone.select(.jpki)
        #expect(try await phone.raw("80 FC 00 00").statusWord == .success)
    }

    @Test(
        "smartphone tokens have only the JPKI AP: SELECT of a 券面 application is 6A 82",
        arguments: [Persona.Token.smartphone, .iPhone])
    func smartphoneApplications(token: Persona.Token) async throws {
        let session = try await CardSession.sample(token: token)
        #expect(try await session.select(.jpki) == .success)
        #expect(try await session.select(.cardInfo) == sw(0x6A82))
        #expect(try await session.select(.cardSurface) == sw(0x6A82))
    }
}

func hex2(_ byte: UInt8) -> String {
    let text = String(byte, radix: 16, uppercase: true)
    return text.count == 1 ? "0" + text : text
}
