import APDU
import JPKISimulator
import JPKITestSupport

/// The vpcd reader the CLI's PC/SC suites use ("Virtual PCD 00 01", port 35964; the APDU tests
/// use 00 00, so both can run at once).
enum CLIReader {
    static let name = "Virtual PCD 00 01"
    static let port: UInt16 = 35964

    /// Whether pcscd lists the reader (the suites are skipped otherwise).
    static let available: Bool = {
        let run = try? JPKIExecutable.run(["card", "readers", "--json"])
        return run?.status == 0 && run?.output.contains(name) == true
    }()

    /// Inserts `card` into the reader while `body` runs, holding the reader's lock (shared with
    /// the other test targets), and waits until the reader is empty again, also on failure.
    static func withCard(
        _ card: VirtualMyNumberCard, _ body: @Sendable (VirtualMyNumberCard) async throws -> Void
    ) async throws {
        try await VirtualReaderLock.shared.run(port: port) {
            try await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
            let bridge = VPCDBridge(card: card, port: port)
            try bridge.start()
            do {
                _ = try await PCSC.waitForCard(in: name, timeout: .seconds(15))
                try await body(card)
            } catch {
                bridge.stop()
                try? await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
                throw error
            }
            bridge.stop()
            try await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
        }
    }
}
