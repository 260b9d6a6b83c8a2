/// Serialises the tests that insert a card into one of vpcd's virtual readers.
///
/// All test targets run in one process, in parallel; a reader holds one card at a time, so
/// every test that drives "Virtual PCD 00 00" (port 35963) or "00 01" (35964) takes that
/// reader's lock first, whichever target it belongs to.
public actor VirtualReaderLock {
    /// The lock of each vpcd port.
    public static let shared = VirtualReaderLock()

    private var busy: Set<UInt16> = []
    private var waiters: [UInt16: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` while holding the reader on `port`.
    @discardableResult
    public func run<Result: Sendable>(
        port: UInt16, _ body: @Sendable () async throws -> Result
    ) async rethrows -> Result {
        if busy.contains(port) {
            await withCheckedContinuation { waiters[port, default: []].append($0) }
        }
        busy.insert(port)
        defer {
            if var queue = waiters[port], !queue.isEmpty {
                let next = queue.removeFirst()
                waiters[port] = queue
                next.resume()
            } else {
                busy.remove(port)
            }
        }
        return try await body()
    }
}
