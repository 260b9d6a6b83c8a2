import Dispatch
import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-part results of work split over threads (bulk lookups on several cores).
final class ParallelCounts: @unchecked Sendable {
    // @unchecked: each part writes only its own slot, and the slots are read after
    // `concurrentPerform` returns, which orders the writes before the reads.
    private let slots: UnsafeMutableBufferPointer<Int>

    init(_ parts: Int) {
        slots = .allocate(capacity: parts)
        slots.initialize(repeating: 0)
    }

    deinit { slots.deallocate() }

    /// Records the result of `part`.
    func set(_ part: Int, _ value: Int) { slots[part] = value }

    /// The sum of the parts.
    var total: Int { slots.reduce(0, +) }

    /// Runs `body` for each part in `0..<parts` on up to that many threads, and returns when
    /// all have finished.
    static func run(_ parts: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    }
}

/// A pointer handed to the threads of ``ParallelCounts/run(_:_:)``, which only read through it
/// while the caller keeps the memory alive.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafePointer<Pointee>
}

/// A pointer handed to the threads of ``ParallelCounts/run(_:_:)``, each of which writes only
/// its own part of the memory, which the caller keeps alive.
struct SharedMutablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
}

/// Work items `0..<count` run once each, by the calling thread and helper threads that claim
/// them in order: when a helper is late (the cores are busy), the calling thread does its share.
final class WorkQueue: @unchecked Sendable {
    // @unchecked: `next` is read and written only under `lock`.
    private let lock = DispatchSemaphore(value: 1)
    private var next = 0
    private let count: Int

    private init(count: Int) { self.count = count }

    private func claim() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    /// Runs `body(i)` for every `i` in `0..<count` on the calling thread and up to `helpers`
    /// other threads, and returns when all have run. `afterEach` runs on the calling thread
    /// after each item that thread ran.
    static func run(
        count: Int, helpers: Int, afterEach: (Int) -> Void = { _ in }, _ body: @escaping @Sendable (Int) -> Void
    ) {
        guard count > 0 else { return }
        let queue = WorkQueue(count: count)
        let group = DispatchGroup()
        for _ in 0..<Swift.max(0, Swift.min(helpers, count - 1)) {
            group.enter()
            DispatchQueue.global().async {
                while let item = queue.claim() { body(item) }
                group.leave()
            }
        }
        while let item = queue.claim() {
            body(item)
            afterEach(item)
        }
        group.wait()
    }

    /// The helper threads worth starting: one per other online processor, at most 3.
    static var helperThreads: Int {
        Swift.max(0, Swift.min(3, sysconf(Int32(_SC_NPROCESSORS_ONLN)) - 1))
    }
}
