// Helpers shared by the fuzz targets of this package: reading the fuzzer's bytes, running async
// SDK calls to completion from libFuzzer's synchronous entry point, capturing swift-log output,
// and failing an oracle with the input shown.

import Dispatch
import Foundation
import Logging

/// The fuzzer's bytes, read front to back; reads past the end give zeros and set ``exhausted``.
public struct FuzzReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position = 0
    /// Whether a read asked for more than was left.
    public private(set) var exhausted = false

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes left.
    public var remaining: Int { bytes.count - position }
    public var isAtEnd: Bool { position >= bytes.count }

    public mutating func byte() -> UInt8 {
        guard position < bytes.count else {
            exhausted = true
            return 0
        }
        defer { position += 1 }
        return bytes[position]
    }

    /// A big-endian 16-bit value.
    public mutating func uint16() -> Int { Int(byte()) << 8 | Int(byte()) }

    /// Up to `count` bytes (fewer at the end of the input).
    public mutating func take(_ count: Int) -> [UInt8] {
        let available = min(max(count, 0), remaining)
        if available < count { exhausted = true }
        defer { position += available }
        return Array(bytes[position..<(position + available)])
    }

    /// The rest of the input.
    public mutating func rest() -> [UInt8] { take(remaining) }
}

/// A value set once by a task and read by the thread that waited for it.
private final class Box<Value>: @unchecked Sendable {
    var value: Value?
}

/// Runs `body` to completion on the concurrency pool and returns its result; the calling thread
/// (libFuzzer's) blocks meanwhile. A call that never completes is a hang libFuzzer reports
/// (`-timeout`).
public func runBlocking<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
    let box = Box<Value>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    guard let value = box.value else { fuzzFailure("runBlocking: no value") }
    return value
}

/// Traps with `message` and the start of the input in hex: the oracle broke.
public func fuzzFailure(_ message: String, input: [UInt8] = [], target: String = "fuzz") -> Never {
    let hex = input.prefix(160).map { byte in
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }.joined(separator: " ")
    fatalError("\(target) oracle broken: \(message)\(input.isEmpty ? "" : " [\(hex)]")")
}

/// Upper-case hexadecimal without separators.
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { byte in
        let text = String(byte, radix: 16, uppercase: true)
        return text.count == 1 ? "0" + text : text
    }.joined()
}

/// Whether `needle` occurs in `haystack` as a contiguous run.
public func containsRun(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard needle.count <= haystack.count else { return false }
    // libc's memmem, one call a search: a byte loop of our own would be compiled with the
    // fuzzer's comparison tracing, and memchr plus a memcmp per candidate (libFuzzer hooks
    // every memcmp) cost most of a run over logs full of hex digits.
    return haystack.withUnsafeBytes { hay in
        needle.withUnsafeBytes { pattern in
            guard let hayStart = hay.baseAddress, let patternStart = pattern.baseAddress else { return false }
            return libcMemmem(hayStart, hay.count, patternStart, pattern.count) != nil
        }
    }
}

/// The C signature of `memmem(haystack, haystackLength, needle, needleLength)`.
private typealias MemmemFunction =
    @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) ->
    UnsafeMutableRawPointer?

/// glibc's `memmem`, looked up once: the Glibc module does not declare it (a GNU extension).
/// The symbol found is the sanitizers' interceptor, which checks both ranges.
private let libcMemmem: MemmemFunction = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "memmem") else { fuzzFailure("memmem not found") }
    return unsafeBitCast(symbol, to: MemmemFunction.self)
}()

/// Upper-case hexadecimal of `bytes` as ASCII bytes (for byte searches).
public func hexBytes(_ bytes: [UInt8]) -> [UInt8] {
    let digits = Array("0123456789ABCDEF".utf8)
    var result = [UInt8](repeating: 0, count: bytes.count * 2)
    for (index, byte) in bytes.enumerated() {
        result[2 * index] = digits[Int(byte >> 4)]
        result[2 * index + 1] = digits[Int(byte & 0x0F)]
    }
    return result
}

/// Log lines captured by ``CapturingLogHandler``.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    public init() {}

    public func append(_ line: String) { lock.withLock { storage.append(line) } }

    /// Every line so far, and forget them.
    public func drain() -> [String] {
        lock.withLock {
            defer { storage.removeAll(keepingCapacity: true) }
            return storage
        }
    }

    public var lines: [String] { lock.withLock { storage } }
}

/// A swift-log handler keeping every message (with its metadata and level) in a ``LogCapture``:
/// the oracles read what the SDK logged. Used with `Logger(label:factory:)`, never bootstrapped.
public struct CapturingLogHandler: LogHandler {
    public let capture: LogCapture
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(capture: LogCapture) { self.capture = capture }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(event.message)\(merged.isEmpty ? "" : " \(merged)")")
    }

    /// A trace-level logger writing into `capture`.
    public static func logger(_ label: String, capture: LogCapture) -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(capture: capture) }
        logger.logLevel = .trace
        return logger
    }
}

/// The total length of the BER-TLV object `bytes` starts with (tag up to 4 octets, length short or
/// 81–84), read without the SDK
/// (the oracles' own parser, independent of the code under test).
public func objectLength(_ bytes: [UInt8]) -> Int? {
    var index = 0
    guard index < bytes.count else { return nil }
    let first = bytes[index]
    index += 1
    if first & 0x1F == 0x1F {
        var count = 0
        while true {
            guard index < bytes.count else { return nil }
            let octet = bytes[index]
            index += 1
            count += 1
            if count > 3 { return nil }
            if octet & 0x80 == 0 { break }
        }
    }
    guard index < bytes.count else { return nil }
    let lengthOctet = bytes[index]
    index += 1
    var length = Int(lengthOctet)
    if lengthOctet >= 0x80 {
        let count = Int(lengthOctet & 0x7F)
        guard (1...4).contains(count), bytes.count - index >= count else { return nil }
        length = 0
        for _ in 0..<count {
            length = length << 8 | Int(bytes[index])
            index += 1
        }
    }
    return index + length
}
