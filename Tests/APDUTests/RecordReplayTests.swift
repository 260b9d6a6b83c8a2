import Foundation
import JPKIAPDU
import JPKISimulator
import Testing

/// Recording a session on the simulated card, saving it as JSON, and replaying it.
@Suite("Record and replay")
struct RecordReplayTests {
    /// A PIN whose bytes (`37 51 33 5A`) occur nowhere in the test card's files, and whose
    /// ASCII form has letters that hexadecimal text cannot contain.
    private static let pin = "7Q3Z"

    /// What a session's operations returned.
    private struct Outcome: Equatable {
        var atr: [UInt8]
        var responses: [ResponseAPDU] = []
        var files: [[UInt8]] = []
    }

    /// Select the application, query and verify the PIN, read both EFs whole and a short
    /// range: the operations recorded and then replayed.
    private static func operations(on transport: any CardTransport) async throws -> Outcome {
        var outcome = Outcome(atr: try await transport.connect())
        let channel = CardChannel(transport: transport)
        outcome.responses.append(try await channel.send(.selectApplication(TestCard.aid)))
        outcome.responses.append(try await channel.send(.selectFile(0x0018)))
        outcome.responses.append(try await channel.send(.verify()))
        outcome.responses.append(try await channel.send(.verify(pin: Array(pin.utf8))))
        outcome.responses.append(try await channel.send(.verify()))
        outcome.responses.append(try await channel.send(.selectFile(0x0001)))
        outcome.files.append(try await channel.readWholeFile())
        outcome.responses.append(try await channel.send(.selectFile(0x0002)))
        outcome.files.append(try await channel.readWholeFile())
        outcome.files.append(try await channel.readBinary(offset: 0x100, length: 16))
        outcome.responses.append(try await channel.send(.readBinary(offset: 1730, length: 256)))
        return outcome
    }

    /// Records ``operations(on:)`` on a fresh test card.
    private static func record(
        supportsExtendedLength: Bool = true
    ) async throws -> (Outcome, RecordedSession) {
        let card = TestCard(pin: pin, supportsExtendedLength: supportsExtendedLength)
        let recorder = RecordingTransport(wrapping: SimulatedCardTransport(card: card))
        let outcome = try await operations(on: recorder)
        #expect(card.isVerified)
        return (outcome, recorder.session)
    }

    @Test("a recorded session replays byte for byte from its JSON", arguments: [true, false])
    func roundTrip(supportsExtendedLength: Bool) async throws {
        let (recorded, session) = try await Self.record(supportsExtendedLength: supportsExtendedLength)
        // The card really answered: sanity of what was recorded.
        #expect(recorded.atr == hexBytes("3B E0 00 FF 81 31 FE 45 14"))
        #expect(
            recorded.responses.map(\.statusWord.value) == [
                0x9000, 0x9000, 0x63C3, 0x9000, 0x9000, 0x9000, 0x9000, 0x6282,
            ])
        #expect(recorded.files[0] == TestCard.derObject(total: 2048))
        #expect(recorded.files[1] == TestCard.derObject(total: 1742))
        #expect(recorded.files[2] == Array(TestCard.derObject(total: 1742)[0x100..<0x110]))
        #expect(recorded.responses.last?.data == Array(TestCard.derObject(total: 1742)[1730...]))

        let json = try session.jsonData()
        let decoded = try RecordedSession(jsonData: json)
        #expect(decoded == session)
        #expect(decoded.atr == "3BE000FF8131FE4514")

        let replay = ReplayTransport(session: decoded)
        let replayed = try await Self.operations(on: replay)
        #expect(replayed == recorded)
        #expect(replay.remainingExchanges == 0)
    }

    @Test("the session and its JSON hold no PIN byte")
    func noPINInJSON() async throws {
        let (_, session) = try await Self.record()
        let json = try session.jsonData()
        let text = String(decoding: json, as: UTF8.self)
        let pinHex = hexText(Array(Self.pin.utf8))
        #expect(pinHex == "3751335A")
        for form in [Self.pin, pinHex, pinHex.lowercased(), "37 51 33 5A"] {
            #expect(!text.contains(form), "\(form) in the JSON")
        }
        #expect(Array(json).firstRange(of: Array(Self.pin.utf8)) == nil)
        // The VERIFY is there, redacted; the query without data in full.
        let verifies = session.exchanges.map(\.command).filter { $0.hasPrefix("00200080") }
        #expect(verifies == ["00200080", "00200080 <5 bytes redacted>", "00200080"])
        #expect(text.contains("00200080 <5 bytes redacted>"))
        // Other commands are kept in full.
        #expect(session.exchanges.first?.command == "00A4040C0AD392F000260100000001")
        #expect(session.exchanges.allSatisfy { $0.microseconds >= 0 })
    }

    @Test("a different command during replay fails as unexpected, with both commands")
    func replayUnexpected() async throws {
        let (_, session) = try await Self.record()
        let replay = ReplayTransport(session: try RecordedSession(jsonData: try session.jsonData()))
        let channel = CardChannel(transport: replay)
        _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.send(.selectFile(0x0002))
        }
        #expect(error == .transport(.unexpectedCommand(expected: "00A4020C020018", received: "00A4020C020002")))
        #expect(replay.remainingExchanges == session.exchanges.count - 1)
    }

    @Test("a VERIFY of another length during replay is unexpected, and the error shows no PIN")
    func replayUnexpectedVerify() async throws {
        let (_, session) = try await Self.record()
        let replay = ReplayTransport(session: session)
        let channel = CardChannel(transport: replay)
        _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
        _ = try await channel.send(.verify())
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.send(.verify(pin: Array("123456".utf8)))
        }
        #expect(
            error
                == .transport(
                    .unexpectedCommand(expected: "00200080 <5 bytes redacted>", received: "00200080 <7 bytes redacted>")
                ))
    }

    @Test("more commands than recorded: the script is exhausted")
    func replayExhausted() async throws {
        let (_, session) = try await Self.record()
        let replay = ReplayTransport(session: session)
        _ = try await Self.operations(on: replay)
        #expect(replay.remainingExchanges == 0)
        let channel = CardChannel(transport: replay)
        await #expect(throws: APDUError.transport(.scriptExhausted(received: "00A4020C020001"))) {
            _ = try await channel.send(.selectFile(0x0001))
        }
        // Straight on the transport too.
        await #expect(throws: CardError.scriptExhausted(received: "00B0000004")) {
            _ = try await replay.transmit(hexBytes("00 B0 00 00 04"))
        }
    }

    @Test("a hand-written session replays, and decodes from JSON text")
    func handWrittenSession() async throws {
        let json = """
            {
              "atr" : "3BE000FF8131FE4514",
              "exchanges" : [
                { "command" : "00A4020C020018", "response" : "9000", "microseconds" : 120 },
                { "command" : "00200080 <5 bytes redacted>", "response" : "63C2", "microseconds" : 900 },
                { "command" : "00B0000004", "response" : "308206CA9000", "microseconds" : 300 }
              ]
            }
            """
        let session = try RecordedSession(jsonData: Data(json.utf8))
        #expect(session.exchanges.count == 3)
        #expect(session.exchanges[1].microseconds == 900)
        let replay = ReplayTransport(session: session)
        #expect(try await replay.connect() == hexBytes("3B E0 00 FF 81 31 FE 45 14"))
        let channel = CardChannel(transport: replay)
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
        // Any PIN of the recorded length matches the redacted recording.
        #expect(try await channel.send(.verify(pin: Array("0000".utf8))).statusWord.triesLeft == 2)
        #expect(try await channel.readBinary(offset: 0, length: 4) == hexBytes("30 82 06 CA"))
        #expect(replay.remainingExchanges == 0)
    }

    @Test("a recorded response that is not hex fails the replay")
    func malformedRecordedResponse() async throws {
        let session = RecordedSession(
            atr: "3B", exchanges: [.init(command: "00A4020C020018", response: "90 0X", microseconds: 1)])
        let replay = ReplayTransport(session: session)
        let error = await #expect(throws: CardError.self) {
            _ = try await replay.transmit(hexBytes("00 A4 02 0C 02 00 18"))
        }
        #expect(error != nil)
    }
}
