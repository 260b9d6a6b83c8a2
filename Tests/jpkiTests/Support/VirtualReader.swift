import JPKIAPDU
import JPKISimulator
import JPKITestSupport

/// The vpcd reader the CLI's PC/SC suites use ("Virtual PCD 00 01", port 35964; the APDU and
/// card-client tests use 00 00, so they can run at once).
enum CLIReader {
    static let reader = VirtualReader.second
    static var name: String { reader.name }
    static var port: UInt16 { reader.port }

    /// Whether the CLI itself lists the reader (the suites are skipped otherwise).
    static let available: Bool = {
        let run = try? JPKIExecutable.run(["card", "readers", "--json"])
        return run?.status == 0 && run?.output.contains(name) == true
    }()

    /// Inserts `card` into the reader while `body` runs (see ``VirtualReader/withCard(_:_:)``).
    static func withCard(
        _ card: VirtualMyNumberCard, _ body: @Sendable (VirtualMyNumberCard) async throws -> Void
    ) async throws {
        try await reader.withCard(card) { _ in try await body(card) }
    }
}
