import JPKIASN1
import JPKIAPDU
import CryptoBackend
import JPKISimulator
import Testing
import JPKIX509

/// COMPUTE DIGITAL SIGNATURE `80 2A 00 80 Lc DigestInfo 00` and the guessed INTERNAL
/// AUTHENTICATE.
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

    @Test("INTERNAL AUTHENTICATE (unconfirmed on real cards): text AP free, visual AP after its PIN, JPKI AP 6D 00")
    func internalAuthenticate() async throws {
        let session = try await CardSession.sample()
        let challenge: [UInt8] = Array(0..<32)
        let command = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: challenge, expectedLength: 256)
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6D00))
        try await session.select(.cardInfo)
        let text = try await session.send(command)
        #expect(text.statusWord == .success)
        #expect(text.data.count == 256)
        try await session.select(.cardSurface)
        #expect(try await session.send(command).statusWord == sw(0x6982))
        #expect(try await session.verify(.cardSurfaceBirthDate, "850401") == .success)
        let surface = try await session.send(command)
        #expect(surface.statusWord == .success)
        // The same padded block signed with the same key.
        #expect(surface.data == text.data)
    }
}

func hex2(_ byte: UInt8) -> String {
    let text = String(byte, radix: 16, uppercase: true)
    return text.count == 1 ? "0" + text : text
}
