import CryptoBackend
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

/// Every row of JPKI-CARD.md's 券面事項入力補助AP file table.
@Suite("券面事項入力補助AP files")
struct CardInfoApplicationFileTests {
    /// A session with the text AP selected and its PIN verified.
    func unlocked() async throws -> CardSession {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardInfo, "1234") == .success)
        return session
    }

    @Test(
        "EF 0001, 0002, 0003, 0007 are behind a PIN (69 82) and open with EF 0011, 0014 (照合番号A) or 0015 (照合番号B)",
        arguments: [
            (CardPIN.cardInfo, "1234"), (.cardInfoVerificationA, "123456789018"),
            (.cardInfoVerificationB, "60040120335678"),
        ])
    func accessConditions(pin: CardPIN, value: String) async throws {
        let session = try await CardSession.sample()
        try await session.select(.cardInfo)
        for fileID: UInt16 in [0x0001, 0x0002, 0x0003, 0x0007] {
            try await session.selectFile(fileID)
            #expect(try await session.readBinary(offset: 0, length: 1).statusWord == sw(0x6982))
        }
        #expect(try await session.verify(pin, value) == .success)
        for fileID: UInt16 in [0x0001, 0x0002, 0x0003, 0x0007] {
            try await session.selectFile(fileID)
            #expect(try await session.readBinary(offset: 0, length: 1).statusWord == .success)
        }
    }

    @Test("EF 0001: FF 10 0C, the 12 digits of the My Number with a valid check digit, FF FF (17 bytes)")
    func myNumber() async throws {
        let session = try await unlocked()
        try await session.selectFile(0x0001)
        let response = try await session.readBinary(offset: 0, length: 17)
        #expect(response.statusWord == .success)
        #expect(Array(response.data.prefix(3)) == [0xFF, 0x10, 0x0C])
        let digits = String(decoding: response.data[3..<15], as: UTF8.self)
        #expect(digits == "123456789018")
        #expect(MyNumber.isValid(digits))
        #expect(Array(response.data.suffix(2)) == [0xFF, 0xFF])
        let objects = try BERTLV.parse(response.data)
        #expect(objects.count == 1)
        #expect(objects.first?.rawTag == 0xFF10)
    }

    @Test("EF 0002: FF 20, DF 21 offsets from the file's start, DF 22 name, DF 23 address, DF 24 birth date, DF 25 sex")
    func basicFourInformation() async throws {
        let session = try await unlocked()
        let bytes = try await session.readFile(0x0002)
        #expect(Array(bytes.prefix(2)) == [0xFF, 0x20])
        let objects = try BERTLV.parse(bytes)
        let root = try #require(objects.first)
        #expect(root.rawTag == 0xFF20)
        let children = try root.children()
        #expect(children.map(\.rawTag) == [0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25])
        #expect(children[1].utf8String == "番号\u{3000}花子")
        #expect(children[2].utf8String == "東京都千代田区架空町一丁目2番3号")
        #expect(children[3].utf8String == "19850401")
        #expect(children[4].utf8String == "2")
        // The header: each field's offset from the first byte of the file (as soltia48/myna-card
        // reads a real card: FF 20 65 DF 21 08 00 0E …).
        let header = Array(children[0].value)
        #expect(header.count == 8)
        for (index, child) in children.dropFirst().enumerated() {
            let offset = Int(header[2 * index]) << 8 | Int(header[2 * index + 1])
            #expect(offset == child.offset)
        }
    }

    @Test(
        "EF 0003: SHA-256 of EF 0001 with its filler and of EF 0002 without its offset table, signed by the key of EF 0004"
    )
    func hashesAndSignature() async throws {
        let session = try await unlocked()
        try await session.selectFile(0x0001)
        let myNumberFile = try await session.readBinary(offset: 0, length: 256).data
        #expect(myNumberFile.count == 17)
        let informationFile = try await session.readFile(0x0002)
        try await session.selectFile(0x0003)
        let response = try await session.readBinary(offset: 0, length: 336)
        #expect(response.statusWord == .success)
        #expect(response.data.count == 336)
        let root = try #require(try BERTLV.parse(response.data).first)
        #expect(root.rawTag == 0xFF30)
        let children = try root.children()
        #expect(children.map(\.rawTag) == [0xDF31, 0xDF32, 0xDF33])
        // DF 31 covers the whole file, filler included; not the 15-byte object.
        #expect(Array(children[0].value) == DigestAlgorithm.sha256.hash(myNumberFile))
        #expect(Array(children[0].value) != DigestAlgorithm.sha256.hash(myNumberFile.prefix(15)))
        // DF 32 covers the FF 20 value after DF 21: DF 22 to DF 25.
        let information = try #require(try BERTLV.parse(informationFile).first)
        let table = try #require(try information.children().first)
        let covered = Array(information.value[table.value.endIndex...])
        #expect(Array(covered.prefix(2)) == [0xDF, 0x22])
        #expect(Array(children[1].value) == DigestAlgorithm.sha256.hash(covered))
        #expect(Array(children[1].value) != DigestAlgorithm.sha256.hash(informationFile))
        let signed = Array(response.data[children[0].offset..<children[2].offset])
        let signerKey = try CVCertificate(try await session.readFile(0x0004)).subjectPublicKeyInfo()
        #expect(signerKey.isValidSignature(children[2].value, for: signed, algorithm: .sha256WithRSAEncryption))
        // Tampering is detected.
        var tampered = signed
        tampered[5] ^= 0x01
        #expect(!signerKey.isValidSignature(children[2].value, for: tampered, algorithm: .sha256WithRSAEncryption))
    }

    @Test(
        "EF 0004: 7F 21 82 02 33 { 5F 4E (297 bytes: SIM0033, SIMSIGN, 90, 91); 5F 37 } by the simulator's 入力補助AP CA"
    )
    func cvCertificate() async throws {
        let session = try await CardSession.sample()
        try await session.select(.cardInfo)
        let bytes = try await session.readFile(0x0004)
        #expect(Array(bytes.prefix(5)) == [0x7F, 0x21, 0x82, 0x02, 0x33])
        let certificate = try CVCertificate(bytes)
        #expect(certificate.body.count == 297)
        #expect(certificate.issuer == Array("SIM0033".utf8) + [0x08, 0x05] + Array("001".utf8) + [0, 0, 0, 0])
        #expect(certificate.subject == Array("SIMSIGN".utf8) + [0x08, 0x05] + Array("001".utf8) + [0, 0, 0, 0])
        #expect(certificate.exponent == [0x01, 0x00, 0x01])
        #expect(certificate.modulus.count == 256)
        let pki = try SimulatorFixtures.pki()
        // The signature covers the 297 bytes of the 5F 4E value, its header excluded.
        #expect(
            try pki.cardInfoCAKey.subjectPublicKeyInfo.isValidSignature(
                certificate.signature, for: certificate.body, algorithm: .sha256WithRSAEncryption))
        let signer = try #require(try pki.cardApplicationSignerKey.subjectPublicKeyInfo.rsaPublicKey())
        #expect(signer.modulus == certificate.modulus)
    }

    @Test("EF 0005: AP info, free")
    func applicationInfo() async throws {
        let session = try await CardSession.sample()
        try await session.select(.cardInfo)
        let bytes = try await session.readFile(0x0005)
        #expect(try BERTLV.parse(bytes).count == 1)
    }

    @Test("EF 0007: FF 50 { DF 51 the AP's key, DF 52 its signature }, after the PIN or 照合番号A/B")
    func internalAuthenticationKey() async throws {
        let session = try await unlocked()
        let bytes = try await session.readFile(0x0007)
        let root = try #require(try BERTLV.parse(bytes).first)
        #expect(root.rawTag == 0xFF50)
        let children = try root.children()
        #expect(children.map(\.rawTag) == [0xDF51, 0xDF52])
        let key = try CVCertificate.publicKey(Array(children[0].value))
        let expected = try #require(
            try session.card.credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKey())
        #expect(key.modulus == expected.modulus)
        let signerKey = try CVCertificate(try await session.readFile(0x0004)).subjectPublicKeyInfo()
        let signed = Array(bytes[children[0].offset..<children[1].offset])
        #expect(signerKey.isValidSignature(children[1].value, for: signed, algorithm: .sha256WithRSAEncryption))
    }

    @Test(
        "EF 0011 (PIN, 3 tries), 0014 (照合番号A), 0015 (照合番号B): retry queries",
        arguments: [
            (CardPIN.cardInfo, UInt16(0x63C3)), (.cardInfoVerificationA, 0x63CA), (.cardInfoVerificationB, 0x63CA),
        ])
    func pins(pin: CardPIN, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        #expect(try await session.query(pin) == sw(expected))
    }
}

/// The CV certificate `7F 21 { 5F 4E body, 5F 37 signature }` of EF 0004, read the way a
/// client would.
struct CVCertificate {
    var body: [UInt8]
    var issuer: [UInt8]
    var subject: [UInt8]
    var exponent: [UInt8]
    var modulus: [UInt8]
    var signature: [UInt8]

    init(_ bytes: [UInt8]) throws {
        let root = try #require(try BERTLV.parse(bytes).first)
        #expect(root.rawTag == 0x7F21)
        let children = try root.children()
        #expect(children.map(\.rawTag) == [0x5F4E, 0x5F37])
        let bodyObject = children[0]
        body = Array(bodyObject.value)
        let value = Array(bodyObject.value)
        issuer = Array(value[0..<16])
        subject = Array(value[16..<32])
        let key = try Self.publicKey(Array(value[32...]))
        exponent = key.exponent
        modulus = key.modulus
        signature = Array(children[1].value)
    }

    /// `90` exponent, `91` modulus.
    static func publicKey(_ bytes: [UInt8]) throws -> (exponent: [UInt8], modulus: [UInt8]) {
        let objects = try BERTLV.parse(bytes)
        #expect(objects.map(\.rawTag) == [0x90, 0x91])
        return (Array(objects[0].value), Array(objects[1].value))
    }

    /// The subject's key as a SubjectPublicKeyInfo.
    func subjectPublicKeyInfo() throws -> SubjectPublicKeyInfo {
        try SubjectPublicKeyInfo.rsa(modulus: modulus, exponent: exponent)
    }
}

extension SubjectPublicKeyInfo {
    /// An RSA SubjectPublicKeyInfo from its modulus and exponent.
    static func rsa(modulus: [UInt8], exponent: [UInt8]) throws -> SubjectPublicKeyInfo {
        var key = DERWriter()
        key.writeSequence { sequence in
            sequence.serialize(ASN1Integer(unsignedMagnitude: modulus))
            sequence.serialize(ASN1Integer(unsignedMagnitude: exponent))
        }
        var writer = DERWriter()
        writer.writeSequence { info in
            info.appendEncoded([
                0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
            ])
            info.serialize(ASN1BitString(bytes: key.bytes))
        }
        return try SubjectPublicKeyInfo(derEncoded: writer.bytes)
    }
}
