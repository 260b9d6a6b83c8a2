import Foundation
import JPKIAPDU
import JPKISimulator
import JPKITestSupport
import Testing

/// A card that knows one application and one 4-byte file, for the CLI's PC/SC commands.
private final class EchoCard: VirtualCard, @unchecked Sendable {
    let atr: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]
    func powerOn() {}
    func powerOff() {}
    func reset() {}
    func process(_ command: [UInt8]) -> [UInt8] {
        switch command {
        case [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]:
            return [0x90, 0x00]
        case [0x00, 0xB0, 0x00, 0x00, 0x04]: return [0x30, 0x82, 0x06, 0x1A, 0x90, 0x00]
        default: return [0x6D, 0x00]
        }
    }
}

private let readerName = CLIReader.name

@Suite(
    "jpki card (PC/SC)", .serialized,
    .enabled(if: CLIReader.available, "pcscd with the vpcd reader is not running (see .ci/run)"))
struct CardCommandTests {
    /// Inserts an ``EchoCard`` into the reader (holding the reader's lock, which other test
    /// targets share), runs `body`, removes the card and waits until the reader is empty.
    private func withInsertedCard(_ body: @Sendable () throws -> Void) async throws {
        try await VirtualReaderLock.shared.run(port: CLIReader.port) {
            let bridge = VPCDBridge(card: EchoCard(), port: CLIReader.port)
            try bridge.start()
            defer { Self.stopAndWaitUntilEmpty(bridge) }
            try Self.waitForCardPresent()
            try body()
        }
    }

    @Test("readers lists the vpcd readers and the ATR of an inserted card")
    func readers() async throws {
        try await withInsertedCard {
            let run = try JPKIExecutable.run(["card", "readers"])
            #expect(run.status == 0)
            #expect(run.output.contains("\(readerName): card 3B E0 00 FF 81 31 FE 45 14"))
            #expect(run.output.contains("Virtual PCD 00 00"))
        }
    }

    @Test("apdu sends the commands and prints the responses; a failing status word exits 1")
    func apdu() async throws {
        try await withInsertedCard {
            let run = try JPKIExecutable.run([
                "card", "apdu", "--reader", readerName, "00A4040C0AD392F000260100000001", "00 B0 00 00 04",
            ])
            #expect(run.status == 0, "stderr: \(run.error)")
            #expect(run.output.contains("← 9000 (success)"))
            #expect(run.output.contains("← 30 82 06 1A 9000 (success)"))
            let failing = try JPKIExecutable.run(["card", "apdu", "--reader", readerName, "00CA000000"])
            #expect(failing.status == 1)
            #expect(failing.output.contains("6D00 (instruction not supported)"))
        }
    }

    @Test("apdu redacts the PIN of a VERIFY it prints")
    func apduRedactsPIN() async throws {
        try await withInsertedCard {
            let run = try JPKIExecutable.run(["card", "apdu", "--reader", readerName, "--json", "002000800431323334"])
            #expect(run.status == 1)
            #expect(run.output.contains("00200080 <5 bytes redacted>"))
            #expect(!run.output.contains("31323334"))
        }
    }

    @Test("apdu with malformed hex or an unknown reader exits 2")
    func apduErrors() throws {
        let malformed = try JPKIExecutable.run(["card", "apdu", "00A4XY"])
        #expect(malformed.status == 2)
        #expect(malformed.error == "error: not a command APDU in hexadecimal: 00A4XY\n")
        let unknown = try JPKIExecutable.run(["card", "apdu", "--reader", "No Such Reader", "00A40000"])
        #expect(unknown.status == 2)
        #expect(unknown.error == "error: no reader named 'No Such Reader'\n")
    }

    private static func stopAndWaitUntilEmpty(_ bridge: VPCDBridge) {
        bridge.stop()
        for _ in 0..<50 {
            if let run = try? JPKIExecutable.run(["card", "readers"]), run.output.contains("\(readerName): empty") {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the card did not leave \(readerName)")
    }

    private static func waitForCardPresent() throws {
        for _ in 0..<50 {
            let run = try JPKIExecutable.run(["card", "readers"])
            if run.output.contains("\(readerName): card") { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the card did not appear in \(readerName)")
    }
}
