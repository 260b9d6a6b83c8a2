import Dispatch
import Foundation
import JPKIAPDU
import JPKISimulator

/// One of vpcd's virtual readers, as the PC/SC tests of every target use it: whether pcscd
/// lists it, and a simulated card inserted for the length of a test.
public struct VirtualReader: Sendable {
    /// The reader's name in pcscd.
    public let name: String
    /// The vpcd port a card connects to to appear in it.
    public let port: UInt16

    /// "Virtual PCD 00 00" (port 35963): the APDU and card-client tests.
    public static let first = VirtualReader(name: "Virtual PCD 00 00", port: 35963)
    /// "Virtual PCD 00 01" (port 35964): the CLI and OpenSC tests.
    public static let second = VirtualReader(name: "Virtual PCD 00 01", port: 35964)

    /// The readers pcscd listed when first asked (none when pcscd cannot be reached).
    private static let listed: Set<String> = {
        let semaphore = DispatchSemaphore(value: 0)
        let names = ListedNames()
        Task {
            names.set(Set(((try? await PCSC.readers()) ?? []).map(\.name)))
            semaphore.signal()
        }
        semaphore.wait()
        return names.value
    }()

    /// Whether pcscd lists this reader (suites that need it are disabled otherwise).
    public var isAvailable: Bool { Self.listed.contains(name) }

    /// Inserts `card` while `body` runs, holding the reader's lock (shared by every test target
    /// and, through a file lock, by other checkouts): waits until the reader is empty, starts a
    /// ``VPCDBridge``, waits until pcscd sees the card, runs `body` with the bridge (to pull or
    /// re-insert the card), then removes the card and waits until the reader is empty again,
    /// also when `body` throws.
    @discardableResult
    public func withCard<Result: Sendable>(
        _ card: any VirtualCard, _ body: @Sendable (VPCDBridge) async throws -> Result
    ) async throws -> Result {
        try await VirtualReaderLock.shared.run(port: port) {
            try await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
            let bridge = VPCDBridge(card: card, port: port)
            try bridge.start()
            let result: Result
            do {
                _ = try await PCSC.waitForCard(in: name, timeout: .seconds(15))
                result = try await body(bridge)
            } catch {
                bridge.stop()
                try? await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
                throw error
            }
            bridge.stop()
            try await PCSC.waitForCardRemoval(in: name, timeout: .seconds(15))
            return result
        }
    }
}

/// The names found by the availability check's task.
private final class ListedNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String> = []
    var value: Set<String> { lock.withLock { names } }
    func set(_ value: Set<String>) { lock.withLock { names = value } }
}
