import Foundation
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

/// Every row of JPKI-CARD.md's 券面事項確認AP file table.
@Suite("券面事項確認AP files")
struct CardSurfaceApplicationFileTests {
    static let verificationA = "123456789018"
    static let verificationB = "60040120335678"

    @Test("EF 0001: the birth date object opens with the birth-date PIN, 照合番号A or B")
    func birthDate() async throws {
        for (pin, value) in [
            (CardPIN.cardSurfaceBirthDate, "600401"), (.cardSurfaceVerificationA, Self.verificationA),
            (.cardSurfaceVerificationB, Self.verificationB),
        ] {
            let session = try await CardSession.sample()
            try await session.select(.cardSurface)
            try await session.selectFile(0x0001)
            #expect(try await session.readBinary(offset: 0, length: 1).statusWord == sw(0x6982))
            #expect(try await session.verify(pin, value) == .success)
            let bytes = try await session.readFile(0x0001)
            let root = try #require(try BERTLV.parse(bytes).first)
            #expect(root.rawTag == 0xFF10)
            let children = try root.children()
            #expect(children.map(\.rawTag) == [0xDF11, 0xDF12, 0xDF13])
            #expect(children[0].utf8String == "19850401")
            let signer = try CVCertificate(try await session.readFile(0x0004)).subjectPublicKeyInfo()
            let signed = Array(bytes[children[0].offset..<children[2].offset])
            #expect(signer.isValidSignature(children[2].value, for: signed, algorithm: .sha256WithRSAEncryption))
            // DF 12 is the AP's own key (EF 001A), not the signer's.
            let key = try CVCertificate.publicKey(Array(children[1].value))
            let applicationKey = try #require(
                try session.card.credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKey())
            #expect(key.modulus == applicationKey.modulus)
        }
    }

    @Test("EF 0002: the card-face entries need 照合番号A or B; the birth-date PIN is not enough")
    func entriesAccess() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardSurfaceBirthDate, "600401") == .success)
        try await session.selectFile(0x0002)
        #expect(try await session.readBinary(offset: 0, length: 1).statusWord == sw(0x6982))
        #expect(try await session.verify(.cardSurfaceVerificationB, Self.verificationB) == .success)
        try await session.selectFile(0x0002)
        #expect(try await session.readBinary(offset: 0, length: 1).statusWord == .success)
    }

    @Test("EF 0002: birth date, sex, key, name and address PNGs, face JPEG 2000, signature, expiry, security code PNG")
    func entries() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardSurfaceVerificationA, Self.verificationA) == .success)
        let bytes = try await session.readFile(0x0002)
        #expect(Array(bytes.prefix(3)) == [0xFF, 0x20, 0x82])
        let root = try #require(try BERTLV.parse(bytes).first)
        let children = try root.children()
        #expect(
            children.map(\.rawTag) == [0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A])
        #expect(children[1].utf8String == "19850401")
        #expect(children[2].utf8String == "2")
        for image in [children[4], children[5], children[9]] {
            try PNGCheck.validate(Array(image.value))
        }
        let photo = Array(children[6].value)
        #expect(Array(photo.prefix(12)) == [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A])
        #expect(children[8].utf8String == "20330401")
        // DF 24 is the AP's own key; the signature (by the key of EF 0004) is over one DigestInfo
        // of three SHA-256 digests: DF 22–DF 24, DF 25–DF 26, DF 27. DF 29 and DF 2A are not covered.
        let certificate = try CVCertificate(try await session.readFile(0x0004))
        let key = try CVCertificate.publicKey(Array(children[3].value))
        let applicationKey = try #require(
            try session.card.credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKey())
        #expect(key.modulus == applicationKey.modulus)
        func digest(_ from: Int, _ to: Int) -> [UInt8] {
            DigestAlgorithm.sha256.hash(bytes[children[from].offset..<children[to + 1].offset])
        }
        let digestInfo =
            [0x30, 0x71, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]
            + [0x04, 0x60] + digest(1, 3) + digest(4, 5) + digest(6, 6)
        let signerKey = try PublicKey(try certificate.subjectPublicKeyInfo())
        #expect(signerKey.isValidSignature(Array(children[7].value), pkcs1Payload: digestInfo))
        // The header lists the offsets, from the file's first byte, of DF 22 to DF 2A.
        let header = Array(children[0].value)
        #expect(header.count == 18)
        for (index, child) in children.dropFirst().enumerated() {
            let offset = Int(header[2 * index]) << 8 | Int(header[2 * index + 1])
            #expect(offset == child.offset)
        }
    }

    @Test(
        "EF 0002's images are PNGs and JPEG 2000 that real decoders read",
        .enabled(if: ToolPaths.python != nil || ToolPaths.openJPEGDecoder != nil, "needs python3 or opj_decompress"))
    func imagesDecode() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardSurfaceVerificationA, Self.verificationA) == .success)
        let bytes = try await session.readFile(0x0002)
        let children = try #require(try BERTLV.parse(bytes).first).children()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        if let python = ToolPaths.python {
            let png = directory.appendingPathComponent("name.png")
            try Data(children[4].value).write(to: png)
            let script = """
                import sys, zlib, struct
                d = open(sys.argv[1], 'rb').read()
                assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
                i, idat, size = 8, b'', None
                while i < len(d):
                    n = struct.unpack('>I', d[i:i+4])[0]; t = d[i+4:i+8]; body = d[i+8:i+8+n]
                    assert zlib.crc32(t + body) == struct.unpack('>I', d[i+8+n:i+12+n])[0]
                    if t == b'IHDR': size = struct.unpack('>II', body[:8])
                    if t == b'IDAT': idat += body
                    i += 12 + n
                raw = zlib.decompress(idat)
                assert len(raw) == size[1] * (size[0] + 1)
                print(size[0], size[1])
                """
            let result = try runTool(python, ["-c", script, png.path])
            #expect(result.status == 0, "\(result.error)")
        }
        if let decoder = ToolPaths.openJPEGDecoder {
            let jp2 = directory.appendingPathComponent("face.jp2")
            try Data(children[6].value).write(to: jp2)
            let result = try runTool(
                decoder, ["-i", jp2.path, "-o", directory.appendingPathComponent("face.ppm").path])
            #expect(result.status == 0, "\(result.output) \(result.error)")
            let decoded = try Data(contentsOf: directory.appendingPathComponent("face.ppm"))
            #expect(decoded.count > 90 * 120 * 3)
        }
    }

    @Test(
        "EF 0003 (AP info) and EF 0004 (the CV certificate by SIM0023, certifying the same key as the text AP's) are free"
    )
    func freeFiles() async throws {
        let session = try await CardSession.sample()
        try await session.select(.cardSurface)
        #expect(try BERTLV.parse(try await session.readFile(0x0003)).count == 1)
        let certificate = try CVCertificate(try await session.readFile(0x0004))
        #expect(Array(certificate.issuer.prefix(7)) == Array("SIM0023".utf8))
        let pki = try SimulatorFixtures.pki()
        #expect(
            try pki.cardSurfaceCAKey.subjectPublicKeyInfo.isValidSignature(
                certificate.signature, for: certificate.body, algorithm: .sha256WithRSAEncryption))
        try await session.select(.cardInfo)
        let other = try CVCertificate(try await session.readFile(0x0004))
        #expect(Array(other.issuer.prefix(7)) == Array("SIM0033".utf8))
        #expect(other.modulus == certificate.modulus)
    }

    @Test("EF 0005: the My Number image needs 照合番号A; 照合番号B is not enough")
    func myNumberImage() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.cardSurfaceVerificationB, Self.verificationB) == .success)
        try await session.selectFile(0x0005)
        #expect(try await session.readBinary(offset: 0, length: 1).statusWord == sw(0x6982))
        #expect(try await session.verify(.cardSurfaceVerificationA, Self.verificationA) == .success)
        let bytes = try await session.readFile(0x0005)
        let root = try #require(try BERTLV.parse(bytes).first)
        #expect(root.rawTag == 0xFF40)
        let children = try root.children()
        #expect(children.map(\.rawTag) == [0xDF41, 0xDF42, 0xDF43])
        try PNGCheck.validate(Array(children[0].value))
        let signer = try CVCertificate(try await session.readFile(0x0004)).subjectPublicKeyInfo()
        let signed = Array(bytes[children[0].offset..<children[2].offset])
        #expect(signer.isValidSignature(children[2].value, for: signed, algorithm: .sha256WithRSAEncryption))
    }

    @Test(
        "EF 0011 (birth date YYMMDD), 0012 (照合番号B), 0013 (照合番号A): queries, and each accepts its value",
        arguments: [
            (CardPIN.cardSurfaceBirthDate, "600401"), (.cardSurfaceVerificationB, "60040120335678"),
            (.cardSurfaceVerificationA, "123456789018"),
        ])
    func pins(pin: CardPIN, value: String) async throws {
        let session = try await CardSession.sample()
        #expect(try await session.query(pin) == sw(0x63CA))
        #expect(try await session.verify(pin, value) == .success)
        #expect(try await session.send("00 20 00 80").statusWord == .success)
    }
}

/// Where optional tools are.
enum ToolPaths {
    static func find(_ names: [String]) -> String? {
        names.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let python = find(["/usr/bin/python3", "/usr/local/bin/python3"])
    static let openJPEGDecoder = find(["/usr/bin/opj_decompress", "/usr/local/bin/opj_decompress"])
}

/// A PNG checker independent of the encoder: signature, chunk CRCs, IHDR, zlib stored blocks
/// and Adler-32.
enum PNGCheck {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func validate(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw Invalid(description: "no PNG signature")
        }
        var index = 8
        var width = 0
        var height = 0
        var idat: [UInt8] = []
        var types: [String] = []
        while index + 12 <= bytes.count {
            let length =
                Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8
                | Int(bytes[index + 3])
            let type = Array(bytes[(index + 4)..<(index + 8)])
            let body = Array(bytes[(index + 8)..<(index + 8 + length)])
            let stored = bytes[(index + 8 + length)..<(index + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard crc(type + body) == stored else { throw Invalid(description: "bad CRC") }
            let name = String(decoding: type, as: UTF8.self)
            types.append(name)
            if name == "IHDR" {
                width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
            }
            if name == "IDAT" { idat += body }
            index += 12 + length
        }
        guard types.first == "IHDR", types.last == "IEND", width > 0, height > 0 else {
            throw Invalid(description: "chunks \(types)")
        }
        // zlib: header, stored blocks, Adler-32.
        guard idat.count >= 6, (UInt16(idat[0]) << 8 | UInt16(idat[1])) % 31 == 0 else {
            throw Invalid(description: "bad zlib header")
        }
        var position = 2
        var raw: [UInt8] = []
        var final = false
        while !final {
            final = idat[position] & 1 == 1
            guard idat[position] & 0x06 == 0 else { throw Invalid(description: "not a stored block") }
            let length = Int(idat[position + 1]) | Int(idat[position + 2]) << 8
            let complement = Int(idat[position + 3]) | Int(idat[position + 4]) << 8
            guard length == ~complement & 0xFFFF else { throw Invalid(description: "LEN/NLEN mismatch") }
            raw += idat[(position + 5)..<(position + 5 + length)]
            position += 5 + length
        }
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let adler = idat[position..<(position + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard adler == b << 16 | a else { throw Invalid(description: "bad Adler-32") }
        guard raw.count == height * (width + 1) else { throw Invalid(description: "pixel data size") }
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
