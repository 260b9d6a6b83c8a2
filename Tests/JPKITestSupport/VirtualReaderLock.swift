#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serialises the tests that insert a card into one of vpcd's virtual readers.
///
/// All test targets run in one process, in parallel; a reader holds one card at a time, so
/// every test that drives "Virtual PCD 00 00" (port 35963) or "00 01" (35964) takes that
/// reader's lock first, whichever target it belongs to. Test runs of other checkouts on the
/// same machine are kept out too: the holder also takes an exclusive `flock` on
/// `/tmp/swift-jpki-vpcd-<port>.lock`.
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
        let fileLock = await Self.lockAcrossProcesses(port: port)
        defer {
            if fileLock >= 0 {
                flock(fileLock, LOCK_UN)
                close(fileLock)
            }
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

    /// Waits for the machine-wide lock file of `port`; returns its descriptor, or -1 when the
    /// file cannot be opened (the in-process lock still holds then).
    private static func lockAcrossProcesses(port: UInt16) async -> Int32 {
        let descriptor = open("/tmp/swift-jpki-vpcd-\(port).lock", O_CREAT | O_RDWR, 0o666)
        guard descriptor >= 0 else { return -1 }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return descriptor
    }
}
