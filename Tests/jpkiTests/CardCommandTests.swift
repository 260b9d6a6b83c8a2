import APDU
import Foundation
import JPKISimulator
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

/// Whether pcscd lists the vpcd reader this suite uses ("Virtual PCD 00 01", port 35964; the
/// APDU tests use 00 00, so both suites can run at once).
private let readerName = "Virtual PCD 00 01"
private let vpcdAvailable: Bool = {
    let run = try? CLIRunner.run(["card", "readers", "--json"])
    return run?.status == 0 && run?.standardOutput.contains(readerName) == true
}()

@Suite(
    "jpki card (PC/SC)", .serialized,
    .enabled(if: vpcdAvailable, "pcscd with the vpcd reader is not running (see .ci/run)"))
struct CardCommandTests {
    @Test("readers lists the vpcd readers and the ATR of an inserted card")
    func readers() throws {
        let bridge = VPCDBridge(card: EchoCard(), port: 35964)
        try bridge.start()
        defer { stopAndWaitUntilEmpty(bridge) }
        try waitForCardPresent()
        let run = try CLIRunner.run(["card", "readers"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("\(readerName): card 3B E0 00 FF 81 31 FE 45 14"))
        #expect(run.standardOutput.contains("Virtual PCD 00 00"))
    }

    @Test("apdu sends the commands and prints the responses; a failing status word exits 1")
    func apdu() throws {
        let bridge = VPCDBridge(card: EchoCard(), port: 35964)
        try bridge.start()
        defer { stopAndWaitUntilEmpty(bridge) }
        try waitForCardPresent()
        let run = try CLIRunner.run([
            "card", "apdu", "--reader", readerName, "00A4040C0AD392F000260100000001", "00 B0 00 00 04",
        ])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardOutput.contains("← 9000 (success)"))
        #expect(run.standardOutput.contains("← 30 82 06 1A 9000 (success)"))
        let failing = try CLIRunner.run(["card", "apdu", "--reader", readerName, "00CA000000"])
        #expect(failing.status == 1)
        #expect(failing.standardOutput.contains("6D00 (instruction not supported)"))
    }

    @Test("apdu redacts the PIN of a VERIFY it prints")
    func apduRedactsPIN() throws {
        let bridge = VPCDBridge(card: EchoCard(), port: 35964)
        try bridge.start()
        defer { stopAndWaitUntilEmpty(bridge) }
        try waitForCardPresent()
        let run = try CLIRunner.run(["card", "apdu", "--reader", readerName, "--json", "002000800431323334"])
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("00200080 <5 bytes redacted>"))
        #expect(!run.standardOutput.contains("31323334"))
    }

    @Test("apdu with malformed hex or an unknown reader exits 2")
    func apduErrors() throws {
        let malformed = try CLIRunner.run(["card", "apdu", "00A4XY"])
        #expect(malformed.status == 2)
        #expect(malformed.standardError == "error: not a command APDU in hexadecimal: 00A4XY\n")
        let unknown = try CLIRunner.run(["card", "apdu", "--reader", "No Such Reader", "00A40000"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError == "error: no reader named 'No Such Reader'\n")
    }

    private func stopAndWaitUntilEmpty(_ bridge: VPCDBridge) {
        bridge.stop()
        for _ in 0..<50 {
            if let run = try? CLIRunner.run(["card", "readers"]), run.standardOutput.contains("\(readerName): empty") {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the card did not leave \(readerName)")
    }

    private func waitForCardPresent() throws {
        for _ in 0..<50 {
            let run = try CLIRunner.run(["card", "readers"])
            if run.standardOutput.contains("\(readerName): card") { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the card did not appear in \(readerName)")
    }
}
