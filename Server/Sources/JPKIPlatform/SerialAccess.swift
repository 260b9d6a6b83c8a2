/// Runs async operations one at a time, in the order they asked (FIFO): a store whose
/// connection must not interleave the statements of two transactions takes it around each
/// operation. (An actor alone does not serialise: it is re-entered at every `await`.)
public actor SerialAccess {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A free lock.
    public init() {}

    /// Runs `body` when every operation that asked before has finished.
    public nonisolated func run<T: Sendable, E: Error>(_ body: @Sendable () async throws(E) -> T) async throws(E) -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
