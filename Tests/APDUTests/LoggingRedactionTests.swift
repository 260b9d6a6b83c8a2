import Foundation
import JPKIAPDU
import Logging
import Testing

/// The channel's trace log never shows a PIN: VERIFY, CHANGE REFERENCE DATA and RESET RETRY
/// COUNTER print their header and a byte count, everything else prints in full.
///
/// Each test builds its own `Logger(label:factory:)`; `LoggingSystem.bootstrap` is never called.
@Suite("Logging with PINs redacted")
struct LoggingRedactionTests {
    private static let aidCommand = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"

    /// A channel over `script` whose trace log goes to the returned capture.
    private func channel(
        _ script: [MockTransport.Exchange], level: Logger.Level = .trace
    ) -> (CardChannel, MockTransport, LogCapture) {
        let capture = LogCapture()
        var logger = Logger(label: "jpki.apdu.test") { _ in CapturingLogHandler(capture: capture) }
        logger.logLevel = level
        let mock = MockTransport(script: script)
        return (CardChannel(transport: mock, logger: logger), mock, capture)
    }

    private func step(_ command: String, _ response: String) -> MockTransport.Exchange {
        MockTransport.Exchange(command: hexBytes(command), response: hexBytes(response))
    }

    /// Asserts that no form of `pin` appears in `text`: ASCII, hex upper or lower case, with
    /// or without spaces.
    private func expectAbsent(_ pin: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let hex = hexText(Array(pin.utf8))
        let spaced = Array(pin.utf8).map { hexText([$0]) }.joined(separator: " ")
        for form in [pin, hex, hex.lowercased(), spaced, spaced.lowercased()] {
            #expect(!text.contains(form), "\(form) found in:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("VERIFY and CHANGE REFERENCE DATA are logged redacted, other commands in full hex")
    func verifyAndChange() async throws {
        let (channel, mock, capture) = channel([
            step(Self.aidCommand, "90 00"),
            step("00 A4 02 0C 02 00 18", "90 00"),
            step("00 20 00 80", "63 C3"),
            step("00 20 00 80 04 31 32 33 34", "90 00"),
            step("00 24 01 80 04 35 36 37 38", "90 00"),
            step("00 B0 00 00 04", "30 82 06 CA 90 00"),
        ])
        _ = try await channel.sendExpectingSuccess(.selectApplication(hexBytes("D3 92 F0 00 26 01 00 00 00 01")))
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
        #expect(try await channel.send(.verify()).statusWord.triesLeft == 3)
        _ = try await channel.sendExpectingSuccess(.verify(pin: Array("1234".utf8)))
        let change = try CommandAPDU(ins: 0x24, p1: 0x01, p2: 0x80, data: Array("5678".utf8))
        _ = try await channel.sendExpectingSuccess(change)
        _ = try await channel.readBinary(offset: 0, length: 4)
        #expect(mock.unusedExchanges.isEmpty)

        let lines = capture.lines
        let text = lines.joined(separator: "\n")
        expectAbsent("1234", in: text)
        expectAbsent("5678", in: text)

        // The PIN commands: header present, the rest redacted.
        let verifyLines = lines.filter { $0.contains("00200080") }
        #expect(verifyLines.count == 2, "\(text)")
        #expect(verifyLines.contains { $0.contains("00200080 <5 bytes redacted>") }, "\(text)")
        let changeLines = lines.filter { $0.contains("00240180") }
        #expect(changeLines.count == 1, "\(text)")
        #expect(changeLines.allSatisfy { $0.contains("redacted") }, "\(text)")

        // Everything else in full.
        #expect(text.contains("00A4040C0AD392F000260100000001"))
        #expect(text.contains("00A4020C020018"))
        #expect(text.contains("00B0000004"))
        // The retry query carries no PIN and is not redacted; its answer is logged.
        #expect(lines.contains { $0.hasSuffix("00200080") }, "\(text)")
        #expect(text.contains("63C3"))
        #expect(text.contains("308206CA"))
        // Every exchange is at trace level.
        #expect(capture.levels.allSatisfy { $0 == .trace })
        #expect(lines.count == 12, "\(text)")
    }

    @Test("send(raw:) of a malformed VERIFY or CHANGE REFERENCE DATA is still redacted")
    func rawMalformedVerify() async throws {
        let (channel, mock, capture) = channel([
            step("00 20 00 80 08 31 32 33 34", "67 00"),
            step("00 24 01 80 FF 35 36 37 38", "67 00"),
        ])
        let response = try await channel.send(raw: hexBytes("00 20 00 80 08 31 32 33 34"))
        #expect(response.statusWord == StatusWord(0x6700))
        _ = try await channel.send(raw: hexBytes("00 24 01 80 FF 35 36 37 38"))
        #expect(mock.unusedExchanges.isEmpty)
        let text = capture.lines.joined(separator: "\n")
        expectAbsent("1234", in: text)
        expectAbsent("5678", in: text)
        #expect(text.contains("00200080 <5 bytes redacted>"), "\(text)")
        #expect(text.contains("00240180 <5 bytes redacted>"), "\(text)")
    }

    @Test("a well-formed VERIFY sent raw is redacted too")
    func rawVerify() async throws {
        let (channel, _, capture) = channel([step("00 20 00 80 04 31 32 33 34", "63 C2")])
        let response = try await channel.send(raw: hexBytes("00 20 00 80 04 31 32 33 34"))
        #expect(response.statusWord.triesLeft == 2)
        let text = capture.lines.joined(separator: "\n")
        expectAbsent("1234", in: text)
        #expect(text.contains("00200080 <5 bytes redacted>"), "\(text)")
    }

    @Test("a failing VERIFY: neither the log nor the error shows the PIN")
    func failingVerify() async throws {
        let (channel, _, capture) = channel([step("00 20 00 80 04 31 32 33 34", "63 C2")])
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.sendExpectingSuccess(.verify(pin: Array("1234".utf8)))
        }
        let text = capture.lines.joined(separator: "\n") + "\n" + (error?.description ?? "")
        expectAbsent("1234", in: text)
        #expect(error?.description.contains("00200080") == true)
    }

    @Test("a VERIFY the mock did not expect: neither the log nor the error shows the PIN")
    func unexpectedVerify() async throws {
        let (channel, _, capture) = channel([step("00 A4 02 0C 02 00 18", "90 00")])
        let error = await #expect(throws: APDUError.self) {
            _ = try await channel.send(.verify(pin: Array("1234".utf8)))
        }
        guard case .transport(.unexpectedCommand(let expected, let received)) = error else {
            Issue.record("expected an unexpected command, got \(String(describing: error))")
            return
        }
        #expect(expected == "00A4020C020018")
        #expect(received.hasPrefix("00200080"))
        let text = capture.lines.joined(separator: "\n") + "\n" + (error?.description ?? "")
        expectAbsent("1234", in: text)
    }

    @Test("above trace level the exchanges are not logged")
    func quietAtDebug() async throws {
        let (channel, _, capture) = channel([step("00 A4 02 0C 02 00 18", "90 00")], level: .debug)
        _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
        #expect(capture.lines.isEmpty)
    }
}

/// The log lines a test's logger received.
private final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(level: Logger.Level, text: String)] = []

    func append(_ level: Logger.Level, _ text: String) {
        lock.withLock { entries.append((level, text)) }
    }

    var lines: [String] { lock.withLock { entries.map(\.text) } }
    var levels: [Logger.Level] { lock.withLock { entries.map(\.level) } }
}

/// A swift-log handler that keeps every message (with its metadata) in a ``LogCapture``.
private struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let suffix = merged.isEmpty ? "" : " \(merged)"
        capture.append(event.level, "\(event.message)\(suffix)")
    }
}
