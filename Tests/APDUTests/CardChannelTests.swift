import Foundation
import JPKIAPDU
import JPKISimulator
import Testing

/// ``CardChannel`` on scripted transports: the ISO 7816-4 response handling (`61 xx`, `6C xx`),
/// extended-length reads and their fallback, whole-file reads, errors and serialisation.
@Suite("CardChannel")
struct CardChannelTests {
    /// An exchange of the mock's script, from hex.
    private func step(_ command: String, _ response: String) -> MockTransport.Exchange {
        MockTransport.Exchange(command: hexBytes(command), response: hexBytes(response))
    }

    /// An exchange answering `command` with `data` and `90 00`.
    private func step(_ command: String, data: some Collection<UInt8>, sw: String = "90 00") -> MockTransport.Exchange {
        MockTransport.Exchange(command: hexBytes(command), response: Array(data) + hexBytes(sw))
    }

    /// A 1,742-byte DER-shaped file: `30 82 06 CA` and 1,738 bytes.
    private static let file1742 = hexBytes("30 82 06 CA") + patternBytes(1738)

    // MARK: 61 xx and 6C xx

    @Test("61 xx: GET RESPONSE rounds with the announced Le, data joined")
    func getResponseChain() async throws {
        let first = patternBytes(2, start: 0x01)
        let second = patternBytes(16, start: 0x20)
        let third = patternBytes(256, start: 0x40)
        let fourth = patternBytes(5, start: 0xF0)
        let mock = MockTransport(script: [
            step("00 88 00 80 04 01 02 03 04 00", data: first, sw: "61 10"),
            step("00 C0 00 00 10", data: second, sw: "61 00"),
            step("00 C0 00 00 00", data: third, sw: "61 05"),
            step("00 C0 00 00 05", data: fourth),
        ])
        let channel = CardChannel(transport: mock)
        let command = try CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x80, data: [1, 2, 3, 4], expectedLength: 256)
        let response = try await channel.send(command)
        #expect(response.data == first + second + third + fourth)
        #expect(response.data.count == 279)  // 2 + 16 + 256 + 5
        #expect(response.statusWord == .success)
        #expect(await channel.commandCount == 4)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("61 xx: the last round's status word is the response's")
    func getResponseChainEndsWithWarning() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 00", "AA 61 02"),
            step("00 C0 00 00 02", "BB CC 62 82"),
        ])
        let channel = CardChannel(transport: mock)
        let response = try await channel.send(.readBinary(offset: 0, length: 256))
        #expect(response.data == [0xAA, 0xBB, 0xCC])
        #expect(response.statusWord == StatusWord(0x6282))
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("6C xx: the command is sent again with Le = xx")
    func wrongLengthReissued() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 10", "6C 08"),
            step("00 B0 00 00 08", data: patternBytes(8)),
            step("00 CA 01 01 01", "6C 00"),
            step("00 CA 01 01 00", data: patternBytes(256)),
        ])
        let channel = CardChannel(transport: mock)
        let response = try await channel.send(.readBinary(offset: 0, length: 16))
        #expect(response.data == patternBytes(8))
        #expect(response.statusWord == .success)
        let getData = try CommandAPDU(ins: 0xCA, p1: 0x01, p2: 0x01, expectedLength: 1)
        let full = try await channel.send(getData)
        #expect(full.data == patternBytes(256))
        #expect(await channel.commandCount == 4)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("6C xx then 61 xx: re-issue, then GET RESPONSE")
    func wrongLengthThenMoreData() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 20", "6C 04"),
            step("00 B0 00 00 04", "61 04"),
            step("00 C0 00 00 04", "01 02 03 04 90 00"),
        ])
        let channel = CardChannel(transport: mock)
        let data = try await channel.sendExpectingSuccess(.readBinary(offset: 0, length: 32))
        #expect(data == [1, 2, 3, 4])
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("sendExpectingSuccess throws the status word with the command")
    func sendExpectingSuccess() async throws {
        let mock = MockTransport(script: [step("00 A4 02 0C 02 00 01", "69 82")])
        let channel = CardChannel(transport: mock)
        await #expect(throws: APDUError.status(StatusWord(0x6982), command: "00A4020C020001")) {
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0001))
        }
    }

    @Test("send(raw:) transmits the bytes as given, the extended form included")
    func sendRawKeepsForm() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 00 00 10", data: patternBytes(16)),
            step("00 B0 00 00 10", "6C 08"),
            step("00 B0 00 00 08", data: patternBytes(8)),
            step("00 A4 04", "67 00"),
        ])
        let channel = CardChannel(transport: mock)
        let extended = try await channel.send(raw: hexBytes("00 B0 00 00 00 00 10"))
        #expect(extended.data == patternBytes(16))
        let short = try await channel.send(raw: hexBytes("00 B0 00 00 10"))
        #expect(short.data == patternBytes(8))
        let garbage = try await channel.send(raw: hexBytes("00 A4 04"))
        #expect(garbage.statusWord == StatusWord(0x6700))
        #expect(mock.unusedExchanges.isEmpty)
    }

    // MARK: Extended length and its fallback

    @Test("a long read is one extended READ BINARY when the card takes it")
    func extendedRead() async throws {
        let file = patternBytes(600)
        let mock = MockTransport(script: [step("00 B0 00 00 00 02 58", data: file)])
        let channel = CardChannel(transport: mock)
        #expect(await channel.extendedLength == .unknown)
        #expect(try await channel.readBinary(offset: 0, length: 600) == file)
        #expect(await channel.extendedLength == .supported)
        #expect(await channel.commandCount == 1)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("an extended read stops early at the end of the file (62 82)")
    func extendedReadEndOfFile() async throws {
        let file = patternBytes(700)
        let mock = MockTransport(script: [step("00 B0 00 00 00 03 E8", data: file, sw: "62 82")])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readBinary(offset: 0, length: 1000) == file)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("67 00 to an extended read: 256-byte chunks at the right offsets, remembered for the next read")
    func extendedRefusedByCard() async throws {
        let file = patternBytes(900)
        let mock = MockTransport(script: [
            step("00 B0 00 00 00 02 58", "67 00"),
            step("00 B0 00 00 00", data: file[0..<256]),
            step("00 B0 01 00 00", data: file[256..<512]),
            step("00 B0 02 00 58", data: file[512..<600]),
            // The next long read goes straight to chunks: offset 600 = 02 58.
            step("00 B0 02 58 00", data: file[600..<856]),
            step("00 B0 03 58 2C", data: file[856..<900]),
        ])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readBinary(offset: 0, length: 600) == Array(file[0..<600]))
        #expect(await channel.extendedLength == .unsupported)
        #expect(await channel.commandCount == 4)
        #expect(try await channel.readBinary(offset: 600, length: 300) == Array(file[600..<900]))
        #expect(await channel.extendedLength == .unsupported)
        #expect(await channel.commandCount == 6)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("the reader refusing an extended APDU also falls back to chunks, for good")
    func extendedRejectedByReader() async throws {
        let file = patternBytes(600)
        let mock = MockTransport(script: [
            step("00 B0 00 00 00", data: file[0..<256]),
            step("00 B0 01 00 00", data: file[256..<512]),
            step("00 B0 02 00 58", data: file[512..<600]),
            step("00 B0 00 00 00", data: file[0..<256]),
            step("00 B0 01 00 2C", data: file[256..<300]),
        ])
        let reader = ExtendedRejectingReader(wrapping: mock)
        let channel = CardChannel(transport: reader)
        #expect(try await channel.readBinary(offset: 0, length: 600) == file)
        #expect(reader.rejected == [hexBytes("00 B0 00 00 00 02 58")])
        #expect(await channel.extendedLength == .unsupported)
        #expect(try await channel.readBinary(offset: 0, length: 300) == Array(file[0..<300]))
        #expect(reader.rejected.count == 1)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("a channel told extended length is unsupported never tries it")
    func extendedDisabled() async throws {
        let file = patternBytes(300)
        let mock = MockTransport(script: [
            step("00 B0 00 10 00", data: file[0..<256]),
            step("00 B0 01 10 2C", data: file[256..<300]),
        ])
        let channel = CardChannel(transport: mock, extendedLength: .unsupported)
        #expect(try await channel.readBinary(offset: 0x10, length: 300) == file)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("an error status in a read is thrown with the command")
    func readError() async throws {
        let mock = MockTransport(script: [step("00 B0 00 00 04", "69 82")])
        let channel = CardChannel(transport: mock)
        await #expect(throws: APDUError.status(StatusWord(0x6982), command: "00B0000004")) {
            _ = try await channel.readBinary(offset: 0, length: 4)
        }
    }

    // MARK: Whole files

    @Test("whole EF of 1742 bytes with extended length: the 4-byte header, then one READ BINARY")
    func wholeFileExtended() async throws {
        let file = Self.file1742
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
            step("00 B0 00 04 00 06 CA", data: file[4...]),
        ])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readWholeFile() == file)
        #expect(await channel.commandCount == 2)
        #expect(await channel.extendedLength == .supported)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("whole EF of 1742 bytes in chunks: 1 + ceil(1738/256) = 8 READ BINARY")
    func wholeFileChunks() async throws {
        let file = Self.file1742
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
            step("00 B0 00 04 00", data: file[4..<260]),
            step("00 B0 01 04 00", data: file[260..<516]),
            step("00 B0 02 04 00", data: file[516..<772]),
            step("00 B0 03 04 00", data: file[772..<1028]),
            step("00 B0 04 04 00", data: file[1028..<1284]),
            step("00 B0 05 04 00", data: file[1284..<1540]),
            step("00 B0 06 04 CA", data: file[1540..<1742]),
        ])
        let channel = CardChannel(transport: mock, extendedLength: .unsupported)
        #expect(try await channel.readWholeFile() == file)
        #expect(await channel.commandCount == 8)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("whole EF when the card refuses extended length: one refused try, then the chunks")
    func wholeFileRefused() async throws {
        let file = Self.file1742
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
            step("00 B0 00 04 00 06 CA", "67 00"),
            step("00 B0 00 04 00", data: file[4..<260]),
            step("00 B0 01 04 00", data: file[260..<516]),
            step("00 B0 02 04 00", data: file[516..<772]),
            step("00 B0 03 04 00", data: file[772..<1028]),
            step("00 B0 04 04 00", data: file[1028..<1284]),
            step("00 B0 05 04 00", data: file[1284..<1540]),
            step("00 B0 06 04 CA", data: file[1540..<1742]),
        ])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readWholeFile() == file)
        #expect(await channel.commandCount == 9)
        #expect(await channel.extendedLength == .unsupported)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("a BER-TLV header longer than 4 bytes: the missing header bytes are read first")
    func wholeFileLongHeader() async throws {
        // FF 20 (2-byte tag), 82 01 00 (256): 5 header bytes, 261 in all.
        let file = hexBytes("FF 20 82 01 00") + patternBytes(256)
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "FF 20 82 01 90 00"),
            step("00 B0 00 04 04", data: file[4..<8]),
            step("00 B0 00 08 FD", data: file[8..<261]),
        ])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readWholeFile() == file)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("probeLength 8 covers a 5-byte header in the first READ BINARY: 2 commands instead of 3")
    func wholeFileProbe() async throws {
        let file = hexBytes("FF 20 82 01 00") + patternBytes(256)
        let mock = MockTransport(script: [
            step("00 B0 00 00 08", data: file[0..<8]),
            step("00 B0 00 08 FD", data: file[8..<261]),
        ])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readWholeFile(probeLength: 8) == file)
        #expect(await channel.commandCount == 2)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("a short file ends where its TLV ends")
    func wholeFileShort() async throws {
        let mock = MockTransport(script: [step("00 B0 00 00 04", "04 02 AA BB 90 00")])
        let channel = CardChannel(transport: mock)
        #expect(try await channel.readWholeFile() == hexBytes("04 02 AA BB"))
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("a header announcing more than maximumLength is refused before reading on")
    func wholeFileTooLong() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
            step("00 B0 00 00 04", "30 82 7F FC 90 00"),
        ])
        let channel = CardChannel(transport: mock)
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.readWholeFile(maximumLength: 1000)
        }
        guard case .unreadableFileHeader = error else {
            Issue.record("expected .unreadableFileHeader, got \(String(describing: error))")
            return
        }
        // 0x7FFC + 4 = 32768, one more than the default bound.
        let second = await #expect(throws: APDUError.self) {
            _ = try await channel.readWholeFile()
        }
        guard case .unreadableFileHeader = second else {
            Issue.record("expected .unreadableFileHeader, got \(String(describing: second))")
            return
        }
        #expect(await channel.commandCount == 2)
        #expect(mock.unusedExchanges.isEmpty)
    }

    @Test("a file that ends before its announced length is an unreadable file")
    func wholeFileTruncated() async throws {
        let mock = MockTransport(script: [
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
            step("00 B0 00 04 00 06 CA", data: patternBytes(1000), sw: "62 82"),
        ])
        let channel = CardChannel(transport: mock)
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.readWholeFile()
        }
        guard case .unreadableFileHeader = error else {
            Issue.record("expected .unreadableFileHeader, got \(String(describing: error))")
            return
        }
    }

    @Test("a header that is not TLV is an unreadable file")
    func wholeFileGarbage() async throws {
        let mock = MockTransport(script: [step("00 B0 00 00 04", "30 85 01 02 90 00")])
        let channel = CardChannel(transport: mock)
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.readWholeFile()
        }
        guard case .unreadableFileHeader = error else {
            Issue.record("expected .unreadableFileHeader, got \(String(describing: error))")
            return
        }
    }

    // MARK: Errors of the mock

    @Test("an unexpected command fails with both APDUs in hex")
    func unexpectedCommand() async throws {
        let mock = MockTransport(script: [step("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "90 00")])
        let channel = CardChannel(transport: mock)
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.send(.selectFile(0x0001))
        }
        #expect(
            error
                == .transport(
                    .unexpectedCommand(expected: "00A4040C0AD392F000260100000001", received: "00A4020C020001")))
        let text = error?.description ?? ""
        #expect(text.contains("00A4040C0AD392F000260100000001"))
        #expect(text.contains("00A4020C020001"))
    }

    @Test("a command beyond the script fails as exhausted")
    func scriptExhausted() async throws {
        let mock = MockTransport(script: [step("00 A4 02 0C 02 00 01", "90 00")])
        let channel = CardChannel(transport: mock)
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0001))
        await #expect(throws: APDUError.transport(.scriptExhausted(received: "00A4020C020002"))) {
            _ = try await channel.send(.selectFile(0x0002))
        }
        #expect(mock.receivedCommands == [hexBytes("00 A4 02 0C 02 00 01"), hexBytes("00 A4 02 0C 02 00 02")])
    }

    @Test("a transport failure is APDUError.transport")
    func transportFailure() async throws {
        let channel = CardChannel(transport: FailingTransport(error: .cardRemoved))
        await #expect(throws: APDUError.transport(.cardRemoved)) {
            _ = try await channel.send(.selectFile(0x0001))
        }
        await #expect(throws: APDUError.transport(.cardRemoved)) {
            _ = try await channel.reset()
        }
    }

    // MARK: Serialisation

    @Test("two concurrent transactions of 3 commands never interleave", .timeLimit(.minutes(10)))
    func transactionsSerialise() async throws {
        for _ in 0..<5 {
            let transport = OrderRecordingTransport()
            let channel = CardChannel(transport: transport)
            async let first: Void = channel.transaction { channel in
                for id: UInt16 in [0x0A01, 0x0A02, 0x0A03] { _ = try await channel.send(.selectFile(id)) }
            }
            async let second: Void = channel.transaction { channel in
                for id: UInt16 in [0x0B01, 0x0B02, 0x0B03] { _ = try await channel.send(.selectFile(id)) }
            }
            // A command outside any transaction, sent meanwhile, must wait for a whole one.
            async let third = channel.send(.selectFile(0x0C01))
            _ = try await (first, second, third)

            let blockA = ["begin", "00A4020C020A01", "00A4020C020A02", "00A4020C020A03", "end"]
            let blockB = ["begin", "00A4020C020B01", "00A4020C020B02", "00A4020C020B03", "end"]
            var events = transport.events
            let lone = "00A4020C020C01"
            #expect(events.filter { $0 == lone }.count == 1)
            // Outside a transaction, not inside one.
            var depth = 0
            for event in events {
                if event == "begin" { depth += 1 }
                if event == "end" { depth -= 1 }
                if event == lone { #expect(depth == 0, "\(events)") }
            }
            events.removeAll { $0 == lone }
            #expect(events == blockA + blockB || events == blockB + blockA, "\(events)")
        }
    }

    @Test("a transaction ends (and frees the channel) when its body throws; nesting works", .timeLimit(.minutes(10)))
    func transactionErrorsAndNesting() async throws {
        struct Stop: Error {}
        let transport = OrderRecordingTransport()
        let channel = CardChannel(transport: transport)
        await #expect(throws: Stop.self) {
            try await channel.transaction { channel in
                _ = try await channel.send(.selectFile(0x0001))
                throw Stop()
            }
        }
        let value = try await channel.transaction { channel in
            try await channel.transaction { inner in
                _ = try await inner.send(.selectFile(0x0002))
                return 42
            }
        }
        #expect(value == 42)
        #expect(transport.events == ["begin", "00A4020C020001", "end", "begin", "00A4020C020002", "end"])
    }

    // MARK: The simulated card

    @Test("readWholeFile of both EFs of the simulated card", arguments: [true, false])
    func simulatedCard(supportsExtendedLength: Bool) async throws {
        let card = TestCard(supportsExtendedLength: supportsExtendedLength)
        let transport = SimulatedCardTransport(card: card)
        #expect(try await transport.connect() == card.atr)
        let channel = CardChannel(transport: transport)
        _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0001))
        let first = try await channel.readWholeFile()
        #expect(first.count == 2048)
        #expect(first == TestCard.derObject(total: 2048))
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0002))
        let before = card.receivedCommands.count
        let second = try await channel.readWholeFile()
        #expect(second.count == 1742)
        #expect(second == TestCard.derObject(total: 1742))
        let reads = card.receivedCommands[before...].map { hexText($0) }
        if supportsExtendedLength {
            #expect(await channel.extendedLength == .supported)
            #expect(reads == ["00B0000004", "00B000040006CA"])
        } else {
            #expect(await channel.extendedLength == .unsupported)
            #expect(
                reads == [
                    "00B0000004", "00B0000400", "00B0010400", "00B0020400", "00B0030400", "00B0040400", "00B0050400",
                    "00B00604CA",
                ])
        }
    }

    @Test("the simulated card's errors come through: no such EF, the PIN")
    func simulatedCardErrors() async throws {
        let card = TestCard(pin: "1234")
        let channel = CardChannel(transport: SimulatedCardTransport(card: card))
        _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
        await #expect(throws: APDUError.status(StatusWord(0x6A82), command: "00A4020C020003")) {
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0003))
        }
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
        #expect(try await channel.send(.verify()).statusWord.triesLeft == 3)
        let wrong = try await channel.send(.verify(pin: Array("9999".utf8)))
        #expect(wrong.statusWord.meaning == .wrongPIN(triesLeft: 2))
        #expect(try await channel.send(.verify(pin: Array("1234".utf8))).statusWord == .success)
        #expect(card.isVerified)
    }
}

// MARK: Transports for these tests

/// A reader that refuses extended-length APDUs, as some PC/SC readers do, and passes the rest
/// to a mock.
private final class ExtendedRejectingReader: CardTransport, @unchecked Sendable {
    private let underlying: MockTransport
    private let lock = NSLock()
    private var refused: [[UInt8]] = []

    init(wrapping underlying: MockTransport) {
        self.underlying = underlying
    }

    var rejected: [[UInt8]] { lock.withLock { refused } }

    func connect() async throws(CardError) -> [UInt8] { try await underlying.connect() }
    func disconnect() async throws(CardError) {}
    func reset() async throws(CardError) -> [UInt8] { try await underlying.reset() }

    func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        // An extended length field starts with 00 right after the header.
        if command.count > 5 && command[4] == 0x00 {
            lock.withLock { refused.append(command) }
            throw .rejectedByReader("extended APDU not supported by this reader")
        }
        return try await underlying.transmit(command)
    }
}

/// Records the order of transactions and commands; each command takes a few milliseconds, so
/// that commands of concurrent tasks would interleave if nothing serialised them.
private final class OrderRecordingTransport: CardTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []

    var events: [String] { lock.withLock { log } }

    func connect() async throws(CardError) -> [UInt8] { [] }
    func disconnect() async throws(CardError) {}
    func reset() async throws(CardError) -> [UInt8] { [] }

    func beginTransaction() async throws(CardError) {
        lock.withLock { log.append("begin") }
        try? await Task.sleep(for: .milliseconds(2))
    }

    func endTransaction() async throws(CardError) {
        try? await Task.sleep(for: .milliseconds(2))
        lock.withLock { log.append("end") }
    }

    func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        lock.withLock { log.append(hexText(command)) }
        try? await Task.sleep(for: .milliseconds(3))
        return [0x90, 0x00]
    }
}

/// A transport whose card is gone.
private struct FailingTransport: CardTransport {
    let error: CardError

    func connect() async throws(CardError) -> [UInt8] { throw error }
    func disconnect() async throws(CardError) {}
    func reset() async throws(CardError) -> [UInt8] { throw error }
    func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] { throw error }
}
