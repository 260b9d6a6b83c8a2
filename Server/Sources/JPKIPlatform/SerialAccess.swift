import Foundation

/// Runs async operations one at a time, in the order they asked (FIFO): a store whose
/// connection must not interleave the statements of two transactions takes it around each
/// operation. (An actor alone does not serialise: it is re-entered at every `await`.) Taking a
/// free lock does not suspend; a waiter is resumed by the operation before it.
public final class SerialAccess: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    /// A free lock.
    public init() {}

    /// Runs `body` when every operation that asked before has finished.
    public func run<T: Sendable, E: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws(E) -> T
    ) async throws(E) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let free = lock.withLock {
            if busy { return false }
            busy = true
            return true
        }
        if free { return }
        await withCheckedContinuation { continuation in
            let resumeNow = lock.withLock {
                if !busy {
                    busy = true
                    return true
                }
                waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            guard head < waiting.count else {
                waiting.removeAll(keepingCapacity: true)
                head = 0
                busy = false
                return nil
            }
            let continuation = waiting[head]
            head += 1
            if head > 1024, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return continuation  // the lock passes to it: busy stays true
        }
        next?.resume()
    }
}
