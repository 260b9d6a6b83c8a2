import JPKIAPDU
import Testing

/// Status words (ISO 7816-4 §5.1.3 and the JPKI conventions of JPKI-CARD.md) and response APDUs.
@Suite("StatusWord and ResponseAPDU")
struct StatusWordTests {
    /// Every meaning, with the status words that carry it.
    static let meanings: [(sw: UInt16, meaning: StatusWord.Meaning)] = [
        (0x9000, .success),
        (0x6101, .moreDataAvailable(1)),
        (0x6110, .moreDataAvailable(16)),
        (0x61FF, .moreDataAvailable(255)),
        (0x6100, .moreDataAvailable(256)),
        (0x6281, .dataMayBeCorrupted),
        (0x6282, .endOfFileReached),
        (0x63C1, .wrongPIN(triesLeft: 1)),
        (0x63C3, .wrongPIN(triesLeft: 3)),
        (0x63C5, .wrongPIN(triesLeft: 5)),
        (0x63CF, .wrongPIN(triesLeft: 15)),
        (0x63C0, .authenticationBlocked),
        (0x6983, .authenticationBlocked),
        (0x6984, .authenticationBlocked),
        (0x6300, .verificationFailed),
        (0x6381, .verificationFailed),
        (0x6400, .executionError),
        (0x6401, .executionError),
        (0x6581, .memoryFailure),
        (0x6700, .wrongLength),
        (0x6881, .functionInClassNotSupported),
        (0x6882, .functionInClassNotSupported),
        (0x6981, .incompatibleFileStructure),
        (0x6982, .securityStatusNotSatisfied),
        (0x6985, .conditionsNotSatisfied),
        (0x6986, .commandNotAllowed),
        (0x6A80, .incorrectData),
        (0x6A81, .functionNotSupported),
        (0x6A82, .fileNotFound),
        (0x6A86, .incorrectParameters),
        (0x6B00, .incorrectParameters),
        (0x6A88, .referencedDataNotFound),
        (0x6C01, .wrongExpectedLength(exact: 1)),
        (0x6C20, .wrongExpectedLength(exact: 32)),
        (0x6C00, .wrongExpectedLength(exact: 256)),
        (0x6D00, .instructionNotSupported),
        (0x6E00, .classNotSupported),
        (0x6F00, .noPreciseDiagnosis),
        (0x9001, .other),
        (0x6283, .other),
        (0x6A84, .other),
        (0x6B01, .other),
        (0x6700 + 1, .other),
        (0x0000, .other),
    ]

    @Test("every status word has its ISO 7816-4 / JPKI meaning")
    func meaning() {
        for (value, expected) in Self.meanings {
            let sw = StatusWord(value)
            #expect(sw.meaning == expected, "\(hexWord(value))")
            #expect(StatusWord(sw1: UInt8(value >> 8), sw2: UInt8(value & 0xFF)) == sw)
            #expect(sw.value == value)
            #expect(sw.sw1 == UInt8(value >> 8))
            #expect(sw.sw2 == UInt8(value & 0xFF))
        }
    }

    /// The name of a meaning's case, without its associated value.
    static func kind(_ meaning: StatusWord.Meaning) -> String {
        switch meaning {
        case .success: "success"
        case .moreDataAvailable: "moreDataAvailable"
        case .dataMayBeCorrupted: "dataMayBeCorrupted"
        case .endOfFileReached: "endOfFileReached"
        case .wrongPIN: "wrongPIN"
        case .authenticationBlocked: "authenticationBlocked"
        case .verificationFailed: "verificationFailed"
        case .executionError: "executionError"
        case .memoryFailure: "memoryFailure"
        case .wrongLength: "wrongLength"
        case .functionInClassNotSupported: "functionInClassNotSupported"
        case .incompatibleFileStructure: "incompatibleFileStructure"
        case .securityStatusNotSatisfied: "securityStatusNotSatisfied"
        case .conditionsNotSatisfied: "conditionsNotSatisfied"
        case .commandNotAllowed: "commandNotAllowed"
        case .incorrectData: "incorrectData"
        case .functionNotSupported: "functionNotSupported"
        case .fileNotFound: "fileNotFound"
        case .incorrectParameters: "incorrectParameters"
        case .referencedDataNotFound: "referencedDataNotFound"
        case .wrongExpectedLength: "wrongExpectedLength"
        case .instructionNotSupported: "instructionNotSupported"
        case .classNotSupported: "classNotSupported"
        case .noPreciseDiagnosis: "noPreciseDiagnosis"
        case .other: "other"
        }
    }

    @Test("every case of Meaning is covered by the table")
    func allMeaningsCovered() {
        // A case added to Meaning without a line in the table fails to compile in kind(_:);
        // one missing from the table fails here.
        #expect(Set(Self.meanings.map { Self.kind($0.meaning) }).count == 25)
    }

    @Test("tries left: 63 Cx gives x, a blocked PIN gives 0, anything else nil")
    func triesLeft() {
        #expect(StatusWord(0x63C3).triesLeft == 3)
        #expect(StatusWord(0x63C3).meaning == .wrongPIN(triesLeft: 3))
        #expect(StatusWord(0x63C1).triesLeft == 1)
        #expect(StatusWord(0x63C5).triesLeft == 5)
        #expect(StatusWord(0x63C0).triesLeft == 0)
        #expect(StatusWord(0x6983).triesLeft == 0)
        #expect(StatusWord(0x6984).triesLeft == 0)
        #expect(StatusWord(0x9000).triesLeft == nil)
        #expect(StatusWord(0x6300).triesLeft == nil)
        #expect(StatusWord(0x6982).triesLeft == nil)
        #expect(StatusWord(0x6A82).triesLeft == nil)
    }

    @Test("success is 90 00 only")
    func success() {
        #expect(StatusWord.success == StatusWord(sw1: 0x90, sw2: 0x00))
        #expect(StatusWord.success.isSuccess)
        #expect(!StatusWord(0x9001).isSuccess)
        #expect(!StatusWord(0x6100).isSuccess)
        #expect(!StatusWord(0x6282).isSuccess)
    }

    @Test("descriptions show the hex and a readable explanation")
    func descriptions() {
        var texts: [String: String] = [:]
        for (value, meaning) in Self.meanings {
            let description = StatusWord(value).description
            #expect(description.hasPrefix(hexWord(value) + " ("), "\(description)")
            #expect(description.hasSuffix(")"), "\(description)")
            let text = description.dropFirst(6).dropLast()
            #expect(text.count >= 5, "\(description)")
            #expect(text.contains { $0.isLetter }, "\(description)")
            if texts[Self.kind(meaning)] == nil { texts[Self.kind(meaning)] = String(text) }
        }
        // Distinct meanings read differently.
        #expect(texts.count == 25)
        #expect(Set(texts.values).count == 25)

        #expect(StatusWord(0x9000).description.contains("success"))
        #expect(StatusWord(0x63C2).description.contains("PIN"))
        #expect(StatusWord(0x63C2).description.contains("2 tries left"))
        #expect(StatusWord(0x63C1).description.contains("1 try left"))
        #expect(StatusWord(0x63C0).description.lowercased().contains("blocked"))
        #expect(StatusWord(0x6984).description.lowercased().contains("blocked"))
        #expect(StatusWord(0x6982).description.lowercased().contains("security status"))
        #expect(StatusWord(0x6A82).description.lowercased().contains("not found"))
        #expect(StatusWord(0x6100).description.contains("256"))
        #expect(StatusWord(0x6C00).description.contains("256"))
        #expect(StatusWord(0x6C20).description.contains("32"))
        #expect(StatusWord(0x6700).description.lowercased().contains("length"))
        #expect(StatusWord(0x6A86).description.contains("P1"))
        #expect(StatusWord(0x6B00).description.contains("P1"))
        #expect(StatusWord(0x1234).description.lowercased().contains("unknown"))
    }

    // MARK: ResponseAPDU

    @Test("a response splits into data and the last two bytes")
    func responseSplit() throws {
        let response = try ResponseAPDU(encoded: hexBytes("30 82 06 CA 90 00"))
        #expect(response.data == hexBytes("30 82 06 CA"))
        #expect(response.statusWord == .success)
        #expect(response.encoded == hexBytes("30 82 06 CA 90 00"))

        let bare = try ResponseAPDU(encoded: hexBytes("63 C2"))
        #expect(bare.data.isEmpty)
        #expect(bare.statusWord.meaning == .wrongPIN(triesLeft: 2))
        #expect(ResponseAPDU(data: [0x01], statusWord: StatusWord(0x6282)).encoded == hexBytes("01 62 82"))
    }

    @Test("fewer than two bytes is not a response", arguments: [[], [0x90]] as [[UInt8]])
    func responseTooShort(bytes: [UInt8]) {
        #expect(throws: APDUError.malformedResponse(bytes)) {
            _ = try ResponseAPDU(encoded: bytes)
        }
    }

    @Test("requireSuccess returns the data on 90 00, otherwise throws with the redacted command")
    func requireSuccess() throws {
        let read = try CommandAPDU.readBinary(offset: 0, length: 2)
        #expect(try ResponseAPDU(encoded: hexBytes("AA BB 90 00")).requireSuccess(for: read) == [0xAA, 0xBB])
        #expect(throws: APDUError.status(StatusWord(0x6982), command: "00B0000002")) {
            _ = try ResponseAPDU(encoded: hexBytes("69 82")).requireSuccess(for: read)
        }
        let verify = try CommandAPDU.verify(pin: Array("1234".utf8))
        let error = #expect(throws: APDUError.self) {
            _ = try ResponseAPDU(encoded: hexBytes("63 C2")).requireSuccess(for: verify)
        }
        #expect(error == .status(StatusWord(0x63C2), command: "00200080 <5 bytes redacted>"))
        let text = error?.description ?? ""
        #expect(text.contains("63C2"))
        #expect(text.contains("2 tries left"))
        #expect(!text.contains("31323334"))
    }

    @Test("a response prints its data (shortened beyond 32 bytes) and its status word")
    func responseDescription() throws {
        let short = try ResponseAPDU(encoded: hexBytes("AA BB 90 00"))
        #expect(short.description.contains("AABB"))
        #expect(short.description.contains("9000"))
        let long = ResponseAPDU(data: patternBytes(300), statusWord: .success)
        #expect(long.description.contains("300 bytes"))
        #expect(long.description.count < 200)
        #expect(ResponseAPDU(statusWord: StatusWord(0x6A82)).description.hasPrefix("6A82"))
    }

    private func hexWord(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
