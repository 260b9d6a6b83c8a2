// libFuzzer target: CardChannel's response handling (61xx GET RESPONSE rounds, 6Cxx re-issues,
// extended and chunked READ BINARY with the fallback to 256-byte chunks, readWholeFile's header
// logic) against answers read from the input by CardFuzzKit's AnswerCoding, whatever the command.
//
// Input: [extended-length choice], then up to four calls, each [selector][parameters…][answers…]:
// readBinary(offset:length:), readWholeFile(maximumLength:), send(_:) of a fixed case-2 or case-4
// command, send(raw:) of bytes from the input, sendExpectingSuccess(_:), and a transaction with
// two reads. At most 1,024 commands per input.
//
// Oracles (trap with a message):
//  - no crash or hang; errors are APDUErrors other than invalid-argument ones for valid
//    arguments (dataTooLong, invalidExpectedLength, malformedCommand);
//  - every command sent is a well-formed APDU; a READ BINARY never asks for bytes outside the
//    requested range (offset … offset + length) nor at an offset lower than an earlier read of the
//    same call; once extended length is `.unsupported`, no extended READ BINARY is sent;
//  - readBinary returns at most `length` bytes;
//  - readWholeFile returns exactly the object its header announces (header read by this file's own
//    parser, independent of the SDK's), at most `maximumLength` bytes;
//  - send: a GET RESPONSE follows each `61 xx` with Le = xx; a `6C xx` is followed by the same
//    command with Le = xx, except a command carrying a secret (VERIFY, CHANGE REFERENCE DATA),
//    which is never sent twice; the response's data is the data of the exchange's answers joined,
//    its status word the last answer's; the result never ends in 61 xx;
//  - the channel's command count equals the transport's.

import CardFuzzKit
import FuzzSupport
import JPKIAPDU

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    runBlocking { await CardChannelFuzz.run(bytes) }
    return 0
}

enum CardChannelFuzz {
    static func run(_ input: [UInt8]) async {
        var reader = FuzzReader(input)
        let header = reader.byte()
        let transport = ScriptedTransport(reader: reader, limit: 1024)
        let channel = CardChannel(
            transport: transport, extendedLength: header & 1 == 0 ? .unknown : .unsupported,
            logger: CapturingLogHandler.logger("fuzz.channel", capture: LogCapture()))
        for _ in 0..<4 {
            guard let selector = transport.nextByte() else { break }
            let start = transport.count
            let unsupportedBefore = await channel.extendedLength == .unsupported
            switch selector % 6 {
            case 0:
                let offset = parameter(transport, 2) % 32_768
                // Up to 65,536: a longer read cannot be one READ BINARY, and is refused as an argument error.
                let length = parameter(transport, 3) % 65_537
                let result = await capture { () async throws(APDUError) in
                    try await channel.readBinary(offset: offset, length: length)
                }
                checkReads(transport, from: start, offset: offset, length: length, input)
                if case .success(let bytes) = result, bytes.count > length {
                    fail("readBinary(\(offset), \(length)) returned \(bytes.count) bytes", input)
                }
                checkError(result, input)
            case 1:
                let maximum = parameter(transport, 3) % 70_000
                let result = await capture { () async throws(APDUError) in
                    try await channel.readWholeFile(maximumLength: maximum)
                }
                checkReads(transport, from: start, offset: 0, length: Int.max, input)
                if case .success(let bytes) = result {
                    guard let total = objectLength(bytes) else {
                        fail("readWholeFile returned bytes whose header does not read", input)
                    }
                    if total != bytes.count {
                        fail("readWholeFile returned \(bytes.count) bytes for an object of \(total)", input)
                    }
                    if bytes.count > maximum { fail("readWholeFile returned more than \(maximum)", input) }
                }
                checkError(result, input)
            case 2, 3:
                let command: CommandAPDU
                let secret = selector % 6 == 3 && parameter(transport, 1) & 1 == 1
                do {
                    if secret {
                        command = try CommandAPDU.verify(pin: Array("4711".utf8))
                    } else {
                        command = try CommandAPDU(
                            cla: 0x00, ins: 0xCA, p1: 0x01, p2: 0x02,
                            data: selector % 6 == 3 ? [0x5C, 0x01, 0x7F] : [],
                            expectedLength: parameter(transport, 2) % 65_536 + 1)
                    }
                } catch {
                    fail("the harness's command does not build: \(error)", input)
                }
                let result = await capture { () async throws(APDUError) in try await channel.send(command) }
                checkSend(transport, from: start, command: command, result: result, input)
                checkError(result, input)
            case 4:
                let raw = transport.takeBytes(Int(transport.nextByte() ?? 0) % 24)
                let result = await capture { () async throws(APDUError) in try await channel.send(raw: raw) }
                if let command = try? CommandAPDU(encoded: raw), command.encoded() == raw {
                    checkSend(transport, from: start, command: command, result: result, input)
                }
                checkError(result, input)
            default:
                let offset = parameter(transport, 2) % 32_768
                let length = parameter(transport, 2)
                let result: Result<[UInt8], any Error>
                do {
                    result = .success(
                        try await channel.transaction { channel in
                            let first = try await channel.readBinary(offset: offset, length: length)
                            let second = try await channel.sendExpectingSuccess(.selectFile(0x000A))
                            return first + second
                        })
                } catch {
                    result = .failure(error)
                    if !(error is APDUError) { fail("a transaction threw \(type(of: error))", input) }
                }
                _ = result
            }
            // The channel's extended-length state governs READ BINARY only: a command whose Le
            // or data needs the extended form is sent in it whatever the state.
            if unsupportedBefore, [0, 1, 5].contains(selector % 6) {
                for entry in transport.transcript[start...] where isExtended(entry.command) {
                    fail("an extended APDU sent after extended length was found unsupported", input)
                }
            }
        }
        let sent = await channel.commandCount
        if sent != transport.count {
            fail("the channel counted \(sent) commands, the transport \(transport.count)", input)
        }
    }

    /// A parameter of `count` bytes (big-endian) from the input.
    static func parameter(_ transport: ScriptedTransport, _ count: Int) -> Int {
        var value = 0
        for _ in 0..<count { value = value << 8 | Int(transport.nextByte() ?? 0) }
        return value
    }

    static func capture<Value>(_ body: () async throws(APDUError) -> Value) async -> Result<Value, APDUError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    static func checkError<Value>(_ result: Result<Value, APDUError>, _ input: [UInt8]) {
        guard case .failure(let error) = result else { return }
        switch error {
        case .dataTooLong, .invalidExpectedLength, .malformedCommand:
            fail("an argument error for valid arguments: \(error)", input)
        default: _ = error.description
        }
    }

    static func isExtended(_ bytes: [UInt8]) -> Bool { bytes.count >= 7 && bytes[4] == 0x00 }

    /// READ BINARY commands of the call: well-formed, inside the range, offsets not going back.
    static func checkReads(_ transport: ScriptedTransport, from start: Int, offset: Int, length: Int, _ input: [UInt8])
    {
        var lowest = offset
        let end = length == Int.max ? Int.max : offset + length
        let entries = Array(transport.transcript[start...])
        for (index, entry) in entries.enumerated() {
            guard let command = try? CommandAPDU(encoded: entry.command) else {
                fail("a malformed command was sent: \(hexString(entry.command))", input)
            }
            guard command.ins == 0xB0 else {
                if command.ins != 0xC0 { fail("a read sent INS \(hexString([command.ins]))", input) }
                continue
            }
            let position = Int(command.p1) << 8 | Int(command.p2)
            // A 6Cxx re-issue repeats the previous read with the card's Le: its length is the card's.
            let reissue = index > 0 && entries[index - 1].statusWord.map { $0 >> 8 == 0x6C } == true
            if position < lowest { fail("a read at \(position) after one at \(lowest)", input) }
            lowest = position
            if !reissue, let le = command.expectedLength, end != Int.max, position + le > end {
                fail("a read of \(le) at \(position) beyond the requested end \(end)", input)
            }
        }
    }

    /// The exchange of one `send`: GET RESPONSE Le, 6C re-issue, data joined.
    static func checkSend(
        _ transport: ScriptedTransport, from start: Int, command: CommandAPDU, result: Result<ResponseAPDU, APDUError>,
        _ input: [UInt8]
    ) {
        let entries = Array(transport.transcript[start...])
        guard let first = entries.first else { return }
        var data: [UInt8] = []
        var last: [UInt8]? = nil
        for (index, entry) in entries.enumerated() {
            guard let sent = try? CommandAPDU(encoded: entry.command) else {
                fail("a malformed command was sent: \(hexString(entry.command))", input)
            }
            if index > 0 {
                let previous = entries[index - 1].statusWord ?? 0
                if previous >> 8 == 0x61 {
                    let expected = previous & 0xFF == 0 ? 256 : Int(previous & 0xFF)
                    if sent.ins != 0xC0 || sent.expectedLength != expected {
                        fail(
                            "61\(hexString([UInt8(previous & 0xFF)])) not followed by GET RESPONSE of \(expected)",
                            input)
                    }
                } else if previous >> 8 == 0x6C, index == 1 {
                    if command.carriesSecret { fail("a command carrying a secret was sent twice (6C re-issue)", input) }
                    let expected = previous & 0xFF == 0 ? 256 : Int(previous & 0xFF)
                    if sent.ins != command.ins || sent.data != command.data || sent.expectedLength != expected {
                        fail(
                            "6C\(hexString([UInt8(previous & 0xFF)])) not followed by the command with Le \(expected)",
                            input)
                    }
                    data = []
                } else {
                    fail("a command after an answer that asks for none", input)
                }
            } else if entry.command != command.encoded() {
                fail("the command sent is not the one asked for", input)
            }
            if let response = entry.response, response.count >= 2 {
                data += response.dropLast(2)
                last = Array(response.suffix(2))
            }
        }
        _ = first
        guard case .success(let response) = result else { return }
        guard let last else { fail("a response without any answer", input) }
        if response.data != data || [response.statusWord.sw1, response.statusWord.sw2] != last {
            fail("the response is not the exchange's answers joined", input)
        }
        if response.statusWord.sw1 == 0x61 { fail("a response ending in 61xx returned", input) }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        fuzzFailure(message, input: input, target: "CardChannelFuzz")
    }
}
