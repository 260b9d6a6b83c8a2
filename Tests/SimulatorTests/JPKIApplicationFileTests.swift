import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

/// Every row of JPKI-CARD.md's JPKI AP file table, through SimulatedCardTransport and
/// CardChannel.
@Suite("JPKI AP files")
struct JPKIApplicationFileTests {
    @Test("EF 0001: the signature certificate is unreadable (69 82) before the signature PIN, then read whole")
    func signatureCertificate() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.select(.jpki) == .success)
        #expect(try await session.selectFile(0x0001) == .success)
        let before = try await session.readBinary(offset: 0, length: 4)
        #expect(before.statusWord == sw(0x6982))
        #expect(before.data.isEmpty)
        // The authentication PIN does not open it.
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        try await session.selectFile(0x0001)
        #expect(try await session.readBinary(offset: 0, length: 4).statusWord == sw(0x6982))
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        let certificate = try await session.readFile(0x0001)
        #expect(certificate == session.card.signatureCertificate.derEncoded)
        #expect(JPKIProfile(try Certificate(derEncoded: certificate)).kind == .signatureCertificate)
    }

    @Test("EF 0002: the signature CA certificate is free")
    func signatureCA() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        let bytes = try await session.readFile(0x0002)
        #expect(bytes == session.card.credentials.signatureCACertificate.derEncoded)
        #expect(JPKIProfile(try Certificate(derEncoded: bytes)).kind == .rootCA(.signature))
    }

    @Test(
        "EF 0006: a 160-byte CK_TOKEN_INFO whose 32-byte label is the token name, space padded",
        arguments: [
            (Persona.Token.myNumberCard, "JPKIAPICCTOKEN2"), (.jukiCard, "JPKIAPICCTOKEN"),
            (.smartphone, "JPKIAPGPSETOKEN"), (.iPhone, "JPKIAPIOSTOKEN"),
        ])
    func tokenInfo(token: Persona.Token, name: String) async throws {
        let session = try await CardSession.sample(token: token)
        try await session.select(.jpki)
        try await session.selectFile(0x0006)
        let response = try await session.readBinary(offset: 0, length: 256)
        #expect(response.statusWord == .success)
        #expect(response.data.count == 160)
        #expect(
            String(decoding: response.data.prefix(32), as: UTF8.self)
                == name.padding(toLength: 32, withPad: " ", startingAt: 0))
        // The manufacturer ID follows the label: not padding.
        #expect(response.data[32] != 0x20 && response.data[32] != 0x00)
    }

    @Test("EF 0008: 8F 8F 00, both certificates present")
    func certificatePresence() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        try await session.selectFile(0x0008)
        #expect(try await session.readBinary(offset: 0, length: 3).data == [0x8F, 0x8F, 0x00])
    }

    @Test("EF 000A: the authentication certificate is free on a card")
    func authenticationCertificate() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        let bytes = try await session.readFile(0x000A)
        #expect(bytes == session.card.authenticationCertificate.derEncoded)
        #expect(JPKIProfile(try Certificate(derEncoded: bytes)).kind == .userAuthenticationCertificate)
    }

    @Test("EF 000A on the smartphone token: readable only after the authentication PIN")
    func authenticationCertificateOnSmartphone() async throws {
        let session = try await CardSession.sample(token: .smartphone)
        try await session.select(.jpki)
        try await session.selectFile(0x000A)
        #expect(try await session.readBinary(offset: 0, length: 4).statusWord == sw(0x6982))
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        #expect(try await session.readFile(0x000A) == session.card.authenticationCertificate.derEncoded)
    }

    @Test("EF 000B: the authentication CA certificate is free")
    func authenticationCA() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        let bytes = try await session.readFile(0x000B)
        #expect(bytes == session.card.credentials.authenticationCACertificate.derEncoded)
        #expect(JPKIProfile(try Certificate(derEncoded: bytes)).kind == .rootCA(.userAuthentication))
    }

    @Test(
        "EF 0017 / 001A: key EFs are selectable, not readable (69 81), and sign after their own PIN",
        arguments: [(UInt16(0x0017), CardPIN.jpkiAuthentication, "1234"), (0x001A, .jpkiSignature, "ABC123")])
    func keyFiles(fileID: UInt16, pin: CardPIN, value: String) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.selectFile(fileID) == .success)
        #expect(try await session.readBinary(offset: 0, length: 4).statusWord == sw(0x6981))
        let digestInfo = SignatureTests.digestInfo(.sha256, of: [0x61, 0x62, 0x63])
        let sign = try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: digestInfo, expectedLength: 256)
        #expect(try await session.send(sign).statusWord == sw(0x6982))
        #expect(try await session.verify(pin, value) == .success)
        try await session.selectFile(fileID)
        let signed = try await session.send(sign)
        #expect(signed.statusWord == .success)
        #expect(signed.data.count == 256)
        let certificate =
            pin == .jpkiAuthentication ? session.card.authenticationCertificate : session.card.signatureCertificate
        #expect(
            certificate.subjectPublicKeyInfo.isValidSignature(
                signed.data, for: [0x61, 0x62, 0x63], algorithm: .sha256WithRSAEncryption))
    }

    @Test(
        "EF 0018 / 001B: PIN EFs answer the retry query with their maximum (3 and 5)",
        arguments: [(CardPIN.jpkiAuthentication, UInt16(0x63C3)), (.jpkiSignature, 0x63C5)])
    func pinFiles(pin: CardPIN, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        #expect(try await session.query(pin) == sw(expected))
        #expect(try await session.readBinary(offset: 0, length: 1).statusWord == sw(0x6981))
    }

    @Test("the JPKI AP has no other EFs (6A 82)", arguments: [UInt16(0x0003), 0x0005, 0x000C, 0x0011, 0x3F00])
    func otherFiles(fileID: UInt16) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.selectFile(fileID) == sw(0x6A82))
    }

    @Test("certificates are read as OpenSC does: 4 bytes for the size, then 256-byte chunks")
    func openSCReadPattern() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        try await session.selectFile(0x000A)
        let head = try await session.readBinary(offset: 0, length: 4)
        #expect(head.statusWord == .success)
        #expect(head.data[0] == 0x30 && head.data[1] == 0x82)
        let size = (Int(head.data[2]) << 8 | Int(head.data[3])) + 4
        var bytes: [UInt8] = []
        while bytes.count < size {
            let chunk = try await session.readBinary(offset: bytes.count, length: min(256, size - bytes.count))
            #expect(chunk.statusWord == .success)
            bytes += chunk.data
        }
        #expect(bytes == session.card.authenticationCertificate.derEncoded)
    }
}
