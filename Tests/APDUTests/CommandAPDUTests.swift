import JPKIAPDU
import Testing

/// Command APDU encoding by the rules of ISO 7816-4 §5.1: the expected bytes are written out
/// from the standard, never taken from the encoder.
///
/// Short form: `Lc` one byte 1…255, `Le` one byte with `00` meaning 256.
/// Extended form: `Lc` is `00 Lc1 Lc2` (1…65,535); `Le` is `00 Le1 Le2` when there is no data
/// (case 2E) and `Le1 Le2` after the data (case 4E), `00 00` meaning 65,536.
@Suite("CommandAPDU")
struct CommandAPDUTests {
    // MARK: Case 1

    @Test("case 1 is the header alone, in both forms")
    func case1() throws {
        let command = try CommandAPDU(cla: 0x80, ins: 0x12, p1: 0x34, p2: 0x56)
        #expect(command.isoCase == 1)
        #expect(command.fitsShortForm)
        #expect(command.encoded() == [0x80, 0x12, 0x34, 0x56])
        #expect(command.encoded(extended: false) == [0x80, 0x12, 0x34, 0x56])
        #expect(command.encoded(extended: true) == [0x80, 0x12, 0x34, 0x56])
    }

    // MARK: Case 2

    @Test(
        "case 2 short: Le 1…256 in one byte, 256 as 00",
        arguments: [
            (1, "00 B0 00 00 01"),
            (0x7F, "00 B0 00 00 7F"),
            (255, "00 B0 00 00 FF"),
            (256, "00 B0 00 00 00"),
        ])
    func case2Short(le: Int, expected: String) throws {
        let command = try CommandAPDU(ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: le)
        #expect(command.isoCase == 2)
        #expect(command.fitsShortForm)
        #expect(command.encoded() == hexBytes(expected))
        #expect(command.encoded(extended: false) == hexBytes(expected))
    }

    @Test(
        "case 2 extended: 00 Le1 Le2, 65536 as 00 00",
        arguments: [
            (257, "00 B0 00 00 00 01 01"),
            (0x06CA, "00 B0 00 00 00 06 CA"),
            (65_535, "00 B0 00 00 00 FF FF"),
            (65_536, "00 B0 00 00 00 00 00"),
        ])
    func case2Extended(le: Int, expected: String) throws {
        let command = try CommandAPDU(ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: le)
        #expect(command.isoCase == 2)
        #expect(!command.fitsShortForm)
        #expect(command.encoded() == hexBytes(expected))
        // Asking for the short form cannot shrink what does not fit.
        #expect(command.encoded(extended: false) == hexBytes(expected))
        #expect(command.encoded(extended: true) == hexBytes(expected))
    }

    @Test(
        "case 2 forced extended: a short-fitting Le as 00 Le1 Le2",
        arguments: [
            (1, "00 B0 00 00 00 00 01"),
            (255, "00 B0 00 00 00 00 FF"),
            (256, "00 B0 00 00 00 01 00"),
        ])
    func case2ForcedExtended(le: Int, expected: String) throws {
        let command = try CommandAPDU(ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: le)
        #expect(command.encoded(extended: true) == hexBytes(expected))
    }

    // MARK: Case 3

    @Test("case 3 short: Lc 1 and Lc 255 in one byte")
    func case3Short() throws {
        let one = try CommandAPDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [0xAB])
        #expect(one.isoCase == 3)
        #expect(one.encoded() == hexBytes("00 A4 02 0C 01 AB"))

        let data = patternBytes(255)
        let full = try CommandAPDU(ins: 0xD6, p1: 0x00, p2: 0x00, data: data)
        #expect(full.isoCase == 3)
        #expect(full.fitsShortForm)
        #expect(full.encoded() == hexBytes("00 D6 00 00 FF") + data)
        #expect(full.encoded().count == 260)  // header, Lc, 255 bytes
    }

    @Test(
        "case 3 extended: 00 Lc1 Lc2 from 256 bytes up to 65535",
        arguments: [
            (256, "00 D6 00 00 00 01 00"),
            (257, "00 D6 00 00 00 01 01"),
            (65_535, "00 D6 00 00 00 FF FF"),
        ])
    func case3Extended(count: Int, header: String) throws {
        let data = patternBytes(count)
        let command = try CommandAPDU(ins: 0xD6, p1: 0x00, p2: 0x00, data: data)
        #expect(command.isoCase == 3)
        #expect(!command.fitsShortForm)
        #expect(command.encoded() == hexBytes(header) + data)
        let expectedCount = count + 7  // header, 00 Lc1 Lc2, data
        #expect(command.encoded().count == expectedCount)
    }

    @Test("case 3 forced extended: 00 00 Lc data")
    func case3ForcedExtended() throws {
        let command = try CommandAPDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [0x00, 0x01])
        #expect(command.encoded(extended: true) == hexBytes("00 A4 02 0C 00 00 02 00 01"))
        #expect(command.encoded(extended: false) == hexBytes("00 A4 02 0C 02 00 01"))
        let full = try CommandAPDU(ins: 0xD6, p1: 0x00, p2: 0x00, data: patternBytes(255))
        #expect(full.encoded(extended: true) == hexBytes("00 D6 00 00 00 00 FF") + patternBytes(255))
    }

    // MARK: Case 4

    @Test("case 4 short: Lc data Le, Le 256 as 00")
    func case4Short() throws {
        let small = try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: [0x01, 0x02], expectedLength: 1)
        #expect(small.isoCase == 4)
        #expect(small.encoded() == hexBytes("80 2A 00 80 02 01 02 01"))

        let data = patternBytes(255)
        let largest = try CommandAPDU(cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: data, expectedLength: 256)
        #expect(largest.fitsShortForm)
        #expect(largest.encoded() == hexBytes("80 2A 00 80 FF") + data + [0x00])

        let le255 = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [0xAA], expectedLength: 255)
        #expect(le255.encoded() == hexBytes("00 88 00 80 01 AA FF"))
    }

    @Test("case 4 extended: 00 Lc1 Lc2 data Le1 Le2 (no second 00 before Le)")
    func case4Extended() throws {
        // Data too long for the short form: the whole command goes extended, Le included.
        let data256 = patternBytes(256)
        let longData = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: data256, expectedLength: 1)
        #expect(longData.isoCase == 4)
        #expect(longData.encoded() == hexBytes("00 88 00 80 00 01 00") + data256 + hexBytes("00 01"))

        // Le too large for the short form: the data length goes extended as well.
        let longLe = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [0xAA], expectedLength: 257)
        #expect(longLe.encoded() == hexBytes("00 88 00 80 00 00 01 AA 01 01"))

        let data255 = patternBytes(255)
        let mixed = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: data255, expectedLength: 257)
        #expect(mixed.encoded() == hexBytes("00 88 00 80 00 00 FF") + data255 + hexBytes("01 01"))

        let data65535 = patternBytes(65_535)
        let largest = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: data65535, expectedLength: 65_536)
        let encoded = largest.encoded()
        #expect(encoded.count == 65_544)  // header 4, Lc 3, data 65535, Le 2
        #expect(Array(encoded.prefix(7)) == hexBytes("00 88 00 80 00 FF FF"))
        #expect(Array(encoded.suffix(2)) == [0x00, 0x00])
        #expect(Array(encoded[7..<(7 + 65_535)]) == data65535)

        let le65535 = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [0xAA], expectedLength: 65_535)
        #expect(le65535.encoded() == hexBytes("00 88 00 80 00 00 01 AA FF FF"))
    }

    @Test("case 4 forced extended: a short-fitting command as 00 Lc1 Lc2 data Le1 Le2")
    func case4ForcedExtended() throws {
        let command = try CommandAPDU(
            cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x80, data: [0x01, 0x02], expectedLength: 256)
        #expect(command.encoded() == hexBytes("80 2A 00 80 02 01 02 00"))
        #expect(command.encoded(extended: true) == hexBytes("80 2A 00 80 00 00 02 01 02 01 00"))
        let one = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [0xAA], expectedLength: 1)
        #expect(one.encoded(extended: true) == hexBytes("00 88 00 80 00 00 01 AA 00 01"))
    }

    // MARK: Limits

    @Test("data of 65536 bytes is refused with its length")
    func dataTooLong() {
        #expect(throws: APDUError.dataTooLong(65_536)) {
            _ = try CommandAPDU(ins: 0xD6, p1: 0x00, p2: 0x00, data: [UInt8](repeating: 0, count: 65_536))
        }
        #expect(throws: APDUError.dataTooLong(65_536)) {
            _ = try CommandAPDU.selectApplication([UInt8](repeating: 0, count: 65_536))
        }
    }

    @Test("Le outside 1…65536 is refused", arguments: [0, -1, 65_537])
    func invalidExpectedLength(le: Int) throws {
        #expect(throws: APDUError.invalidExpectedLength(le)) {
            _ = try CommandAPDU(ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: le)
        }
        #expect(throws: APDUError.invalidExpectedLength(le)) {
            _ = try CommandAPDU.readBinary(offset: 0, length: le)
        }
        let command = try CommandAPDU(ins: 0xB0, p1: 0x00, p2: 0x00, expectedLength: 1)
        #expect(throws: APDUError.invalidExpectedLength(le)) {
            _ = try command.withExpectedLength(le)
        }
    }

    @Test("the limits themselves are accepted")
    func limitsAccepted() throws {
        #expect(CommandAPDU.maximumDataLength == 65_535)
        #expect(CommandAPDU.maximumExpectedLength == 65_536)
        _ = try CommandAPDU(ins: 0xD6, p1: 0, p2: 0, data: patternBytes(65_535), expectedLength: 65_536)
        _ = try CommandAPDU(ins: 0xB0, p1: 0, p2: 0, expectedLength: 1)
    }

    // MARK: The card's commands

    @Test("READ BINARY: offset in P1 P2 (15 bits), Le short or extended")
    func readBinary() throws {
        #expect(try CommandAPDU.readBinary(offset: 0, length: 4).encoded() == hexBytes("00 B0 00 00 04"))
        #expect(try CommandAPDU.readBinary(offset: 4, length: 256).encoded() == hexBytes("00 B0 00 04 00"))
        #expect(try CommandAPDU.readBinary(offset: 0x0104, length: 0xCA).encoded() == hexBytes("00 B0 01 04 CA"))
        #expect(try CommandAPDU.readBinary(offset: 4, length: 1738).encoded() == hexBytes("00 B0 00 04 00 06 CA"))
        #expect(try CommandAPDU.readBinary(offset: 0x7FFF, length: 1).encoded() == hexBytes("00 B0 7F FF 01"))
    }

    @Test("READ BINARY offsets outside 0…32767 are refused", arguments: [0x8000, 0xFFFF, -1])
    func readBinaryInvalidOffset(offset: Int) {
        #expect(throws: APDUError.invalidOffset(offset)) {
            _ = try CommandAPDU.readBinary(offset: offset, length: 1)
        }
    }

    @Test("SELECT by AID, SELECT EF, VERIFY, GET RESPONSE")
    func cardCommands() throws {
        let aid = hexBytes("D3 92 F0 00 26 01 00 00 00 01")
        let select = try CommandAPDU.selectApplication(aid)
        #expect(select.encoded() == hexBytes("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"))
        #expect(select.isoCase == 3)
        #expect(CommandAPDU.selectFile(0x001B).encoded() == hexBytes("00 A4 02 0C 02 00 1B"))
        #expect(CommandAPDU.selectFile(0xABCD).encoded() == hexBytes("00 A4 02 0C 02 AB CD"))
        let verify = try CommandAPDU.verify(pin: Array("1234".utf8))
        #expect(verify.encoded() == hexBytes("00 20 00 80 04 31 32 33 34"))
        #expect(verify.carriesSecret)
        let query = try CommandAPDU.verify()
        #expect(query.encoded() == hexBytes("00 20 00 80"))
        #expect(query.isoCase == 1)
        #expect(!query.carriesSecret)
        #expect(try CommandAPDU.verify(reference: 0x81, pin: [0x30]).encoded() == hexBytes("00 20 00 81 01 30"))
        #expect(try CommandAPDU.getResponse(length: 0x10).encoded() == hexBytes("00 C0 00 00 10"))
        #expect(try CommandAPDU.getResponse(length: 256).encoded() == hexBytes("00 C0 00 00 00"))
    }

    @Test("withExpectedLength keeps header and data, changes Le")
    func withExpectedLength() throws {
        let command = try CommandAPDU.readBinary(offset: 0x10, length: 0x20)
        #expect(try command.withExpectedLength(8).encoded() == hexBytes("00 B0 00 10 08"))
        let case4 = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [0x01], expectedLength: 0x10)
        #expect(try case4.withExpectedLength(nil).encoded() == hexBytes("00 88 00 80 01 01"))
    }

    // MARK: Decoding

    /// Commands of every case, each paired with its short form (when it has one) and its
    /// extended form, written out by hand.
    static let forms: [(label: String, command: CommandAPDU, short: String?, extended: String)] = {
        func make(_ data: [UInt8], _ le: Int?) -> CommandAPDU {
            try! CommandAPDU(cla: 0x00, ins: 0x88, p1: 0x01, p2: 0x02, data: data, expectedLength: le)
        }
        return [
            ("case 1", make([], nil), "00 88 01 02", "00 88 01 02"),
            ("case 2 Le 1", make([], 1), "00 88 01 02 01", "00 88 01 02 00 00 01"),
            ("case 2 Le 255", make([], 255), "00 88 01 02 FF", "00 88 01 02 00 00 FF"),
            ("case 2 Le 256", make([], 256), "00 88 01 02 00", "00 88 01 02 00 01 00"),
            ("case 2 Le 257", make([], 257), nil, "00 88 01 02 00 01 01"),
            ("case 2 Le 65535", make([], 65_535), nil, "00 88 01 02 00 FF FF"),
            ("case 2 Le 65536", make([], 65_536), nil, "00 88 01 02 00 00 00"),
            ("case 3 Lc 1", make([0x00], nil), "00 88 01 02 01 00", "00 88 01 02 00 00 01 00"),
            ("case 3 Lc 3", make([0xA1, 0xA2, 0xA3], nil), "00 88 01 02 03 A1 A2 A3", "00 88 01 02 00 00 03 A1 A2 A3"),
            ("case 4 Lc 1 Le 1", make([0x00], 1), "00 88 01 02 01 00 01", "00 88 01 02 00 00 01 00 00 01"),
            (
                "case 4 Lc 2 Le 256", make([0xB1, 0xB2], 256), "00 88 01 02 02 B1 B2 00",
                "00 88 01 02 00 00 02 B1 B2 01 00"
            ),
            ("case 4 Lc 1 Le 65536", make([0xC1], 65_536), nil, "00 88 01 02 00 00 01 C1 00 00"),
            ("case 4 Lc 1 Le 257", make([0xC1], 257), nil, "00 88 01 02 00 00 01 C1 01 01"),
        ]
    }()

    @Test("init(encoded:) reads every case in every form back to the same command")
    func decodeForms() throws {
        for form in Self.forms {
            if let short = form.short {
                let bytes = hexBytes(short)
                #expect(form.command.encoded(extended: false) == bytes, "\(form.label)")
                #expect(try CommandAPDU(encoded: bytes) == form.command, "\(form.label) short")
            }
            let bytes = hexBytes(form.extended)
            #expect(form.command.encoded(extended: true) == bytes, "\(form.label)")
            #expect(try CommandAPDU(encoded: bytes) == form.command, "\(form.label) extended")
        }
    }

    @Test("init(encoded:) round trip with long data, both forms", arguments: [1, 255, 256, 257, 65_535])
    func decodeLongData(count: Int) throws {
        let data = patternBytes(count)
        for le in [nil, 1, 256, 257, 65_536] as [Int?] {
            let command = try CommandAPDU(cla: 0x80, ins: 0xD6, p1: 0x7F, p2: 0xFF, data: data, expectedLength: le)
            for extended in [false, true] {
                let decoded = try CommandAPDU(encoded: command.encoded(extended: extended))
                #expect(decoded == command, "Lc \(count), Le \(String(describing: le)), extended \(extended)")
                #expect(decoded.data == data)
                #expect(decoded.expectedLength == le)
                #expect(decoded.isoCase == command.isoCase)
            }
        }
    }

    @Test("init(encoded:) reads the fields, Le 00 as 256 and 00 00 as 65536")
    func decodeFields() throws {
        let short = try CommandAPDU(encoded: hexBytes("00 B0 01 04 00"))
        #expect(short.cla == 0x00)
        #expect(short.ins == 0xB0)
        #expect(short.p1 == 0x01)
        #expect(short.p2 == 0x04)
        #expect(short.data.isEmpty)
        #expect(short.expectedLength == 256)
        #expect(try CommandAPDU(encoded: hexBytes("00 B0 00 00 00 00 00")).expectedLength == 65_536)
        #expect(try CommandAPDU(encoded: hexBytes("00 B0 00 04 00 06 CA")).expectedLength == 1738)
        let verify = try CommandAPDU(encoded: hexBytes("00 20 00 80 04 31 32 33 34"))
        #expect(verify.data == Array("1234".utf8))
        #expect(verify.expectedLength == nil)
    }

    @Test(
        "malformed command bytes are refused",
        arguments: [
            "",  // nothing
            "00 A4 04",  // 3 bytes, no complete header
            "00 A4 04 0C 05 01 02",  // short Lc 5, 2 data bytes
            "00 A4 04 0C 01 AA BB CC",  // short Lc 1, 3 bytes after it
            "00 A4 04 0C 02 AA",  // short Lc 2, 1 data byte
            "00 B0 00 00 00 00",  // extended marker with one length byte
            "00 D6 00 00 00 00 00 AA",  // extended Lc 0
            "00 D6 00 00 00 00 00 01 00",  // extended Lc 0 followed by a Le
            "00 D6 00 00 00 00 03 AA BB",  // extended Lc 3, 2 data bytes
            "00 D6 00 00 00 00 01 AA 00",  // extended Lc 1, data and a 1-byte Le
            "00 D6 00 00 00 00 01 AA 00 00 00",  // extended Lc 1, 3 trailing bytes
        ])
    func malformed(hex: String) {
        let error = #expect(throws: APDUError.self) {
            _ = try CommandAPDU(encoded: hexBytes(hex))
        }
        guard case .malformedCommand(let why) = error else {
            Issue.record("expected .malformedCommand for \(hex), got \(String(describing: error))")
            return
        }
        #expect(!why.isEmpty)
        #expect(error?.description.contains("malformed command") == true)
    }

    // MARK: Printing

    @Test("description is full hex for ordinary commands")
    func descriptionOrdinary() throws {
        let select = try CommandAPDU.selectApplication(hexBytes("D3 92 F0 00 26 01 00 00 00 01"))
        #expect(select.description == "00A4040C0AD392F000260100000001")
        #expect(select.redactedDescription == "00A4040C0AD392F000260100000001")
        #expect(CommandAPDU.redactedHex(hexBytes("00 B0 00 04 00 06 CA")) == "00B000040006CA")
    }

    @Test(
        "PIN-carrying commands print the header and a count only",
        arguments: [
            ("00 20 00 80 04 31 32 33 34", "00200080", 5),  // VERIFY
            ("00 24 01 80 04 35 36 37 38", "00240180", 5),  // CHANGE REFERENCE DATA
            ("00 2C 00 80 08 31 32 33 34 35 36 37 38", "002C0080", 9),  // RESET RETRY COUNTER
            ("80 20 00 81 06 41 42 43 44 45 46", "80200081", 7),  // another class and reference
            ("00 20 00 80 08 31 32 33 34", "00200080", 5),  // malformed, still redacted
        ])
    func redaction(hex: String, header: String, hidden: Int) {
        let text = CommandAPDU.redactedHex(hexBytes(hex))
        #expect(text == "\(header) <\(hidden) bytes redacted>")
        #expect(!text.contains("3132"))
        #expect(!text.contains("4142"))
        if let command = try? CommandAPDU(encoded: hexBytes(hex)) {
            #expect(command.description == text)
            #expect("\(command)" == text)
            #expect(command.carriesSecret)
        }
    }

    @Test("the retry-counter query (VERIFY without data) has nothing to hide")
    func redactionQuery() throws {
        #expect(try CommandAPDU.verify().description == "00200080")
        #expect(CommandAPDU.redactedHex(hexBytes("00 20 00 80")) == "00200080")
    }
}
