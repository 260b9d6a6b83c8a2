import Dispatch

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
