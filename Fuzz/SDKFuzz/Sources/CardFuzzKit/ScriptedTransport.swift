// A card transport whose answers come from bytes: the k-th command gets the k-th answer read
// from the fuzzer's input, whatever the command was. Shared by HostileCardFuzz (the answers) and
// FuzzSeeds (which writes simulator transcripts in the same encoding).

import Foundation
import FuzzSupport
import JPKIAPDU

/// One answer of the scripted card: response bytes, or a transport failure.
public enum ScriptedAnswer: Sendable, Hashable {
    case response([UInt8])
    case failure(CardError)
}

/// The encoding of answers in the fuzzer's input. Each answer starts with a kind byte (its low
/// four bits; the high bits are ignored so that mutations of them stay meaningful):
///
/// | kind | answer |
/// |---|---|
/// | 0 | SW1 SW2 (2 bytes) |
/// | 1 | L (1 byte), L bytes of data, `90 00` |
/// | 2 | L (2 bytes), L bytes of data, `90 00` |
/// | 3 | L (1 byte), L bytes, SW1 SW2 |
/// | 4 | L (2 bytes), L bytes, SW1 SW2 |
/// | 5 | `63 Cx`, x the low nibble of the next byte |
/// | 6 | L (1 byte), L bytes, `61 xx` with xx the next byte |
/// | 7 | `6C xx`, xx the next byte |
/// | 8 | L (1 byte), L raw bytes (fewer than 2: a malformed response) |
/// | 9 | a transport failure chosen by the next byte |
/// | 10 | L (1 byte), L bytes, `62 82` |
/// | 11 | `67 00` |
/// | 12 | `69 82`, `69 83` or `69 84` by the next byte |
/// | 13 | `90 00` |
/// | 14 | L (2 bytes), L bytes, `62 82` |
/// | 15 | `6A 82` |
public enum AnswerCoding {
    /// The transport failures kind 9 chooses from.
    public static let failures: [CardError] = [
        .cardRemoved, .cardReset, .communicationError, .unresponsiveCard, .timeout, .noCard, .notConnected,
        .rejectedByReader("scripted"), .cardUnpowered, .cancelled, .insufficientBuffer, .protocolMismatch,
    ]

    /// Reads one answer; `nil` at the end of the input.
    public static func read(_ reader: inout FuzzReader) -> ScriptedAnswer? {
        guard !reader.isAtEnd else { return nil }
        let kind = reader.byte() & 0x0F
        switch kind {
        case 0: return .response(reader.take(2))
        case 1: return .response(reader.take(Int(reader.byte())) + [0x90, 0x00])
        case 2: return .response(reader.take(reader.uint16()) + [0x90, 0x00])
        case 3:
            let data = reader.take(Int(reader.byte()))
            return .response(data + reader.take(2))
        case 4:
            let data = reader.take(reader.uint16())
            return .response(data + reader.take(2))
        case 5: return .response([0x63, 0xC0 | (reader.byte() & 0x0F)])
        case 6:
            let data = reader.take(Int(reader.byte()))
            return .response(data + [0x61, reader.byte()])
        case 7: return .response([0x6C, reader.byte()])
        case 8: return .response(reader.take(Int(reader.byte())))
        case 9: return .failure(failures[Int(reader.byte()) % failures.count])
        case 10: return .response(reader.take(Int(reader.byte())) + [0x62, 0x82])
        case 11: return .response([0x67, 0x00])
        case 12: return .response([0x69, [0x82, 0x83, 0x84][Int(reader.byte()) % 3]])
        case 13: return .response([0x90, 0x00])
        case 14: return .response(reader.take(reader.uint16()) + [0x62, 0x82])
        default: return .response([0x6A, 0x82])
        }
    }

    /// The bytes that ``read(_:)`` turns into `answer` (the shortest kind that fits).
    public static func encode(_ answer: ScriptedAnswer) -> [UInt8] {
        switch answer {
        case .failure(let error):
            let index = failures.firstIndex(of: error) ?? 0
            return [9, UInt8(index)]
        case .response(let bytes):
            guard bytes.count >= 2 else { return [8, UInt8(bytes.count)] + bytes }
            let data = Array(bytes.dropLast(2))
            let sw1 = bytes[bytes.count - 2]
            let sw2 = bytes[bytes.count - 1]
            if data.isEmpty {
                if sw1 == 0x90 && sw2 == 0x00 { return [13] }
                if sw1 == 0x63 && sw2 & 0xF0 == 0xC0 { return [5, sw2 & 0x0F] }
                if sw1 == 0x6C { return [7, sw2] }
                return [0, sw1, sw2]
            }
            let success = sw1 == 0x90 && sw2 == 0x00
            if data.count <= 255 {
                if success { return [1, UInt8(data.count)] + data }
                if sw1 == 0x61 { return [6, UInt8(data.count)] + data + [sw2] }
                return [3, UInt8(data.count)] + data + [sw1, sw2]
            }
            let length = [UInt8(data.count >> 8 & 0xFF), UInt8(data.count & 0xFF)]
            if success { return [2] + length + data }
            return [4] + length + data + [sw1, sw2]
        }
    }
}

/// One command the transport received and what it answered.
public struct TranscriptEntry: Sendable {
    public var command: [UInt8]
    public var answer: ScriptedAnswer

    /// The response bytes, or `nil` for a transport failure.
    public var response: [UInt8]? {
        if case .response(let bytes) = answer { return bytes }
        return nil
    }

    /// The status word of a response of at least 2 bytes.
    public var statusWord: UInt16? {
        guard let bytes = response, bytes.count >= 2 else { return nil }
        return UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
    }
}

/// The transport of HostileCardFuzz: answers from the input, in order; at most `limit` commands
/// per input (then, and at the end of the input, the card is gone: `cardRemoved`).
public final class ScriptedTransport: CardTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var reader: FuzzReader
    private var entries: [TranscriptEntry] = []
    private let limit: Int
    public static let atr: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]

    public init(reader: FuzzReader, limit: Int) {
        self.reader = reader
        self.limit = limit
    }

    public func connect() async throws(CardError) -> [UInt8] { Self.atr }
    public func disconnect() async throws(CardError) {}
    public func reset() async throws(CardError) -> [UInt8] { Self.atr }

    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        let answer: ScriptedAnswer = lock.withLock {
            let answer: ScriptedAnswer
            if entries.count >= limit {
                answer = .failure(.cardRemoved)
            } else {
                answer = AnswerCoding.read(&reader) ?? .failure(.cardRemoved)
            }
            entries.append(TranscriptEntry(command: command, answer: answer))
            return answer
        }
        switch answer {
        case .response(let bytes): return bytes
        case .failure(let error): throw error
        }
    }

    /// The next byte of the input (an operation selector between operations).
    public func nextByte() -> UInt8? {
        lock.withLock { reader.isAtEnd ? nil : reader.byte() }
    }

    /// Up to `count` bytes of the input (parameters between calls).
    public func takeBytes(_ count: Int) -> [UInt8] {
        lock.withLock { reader.take(count) }
    }

    /// Every exchange so far.
    public var transcript: [TranscriptEntry] { lock.withLock { entries } }
    public var count: Int { lock.withLock { entries.count } }
}

/// A transport that passes commands to another and records the answers, for seed transcripts.
public final class RecordingTransport: CardTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let inner: any CardTransport
    private var answers: [ScriptedAnswer] = []
    private var sent: [[UInt8]] = []

    public init(_ inner: any CardTransport) { self.inner = inner }

    /// The commands received since the last ``drainEncoded()``.
    public var commands: [[UInt8]] { lock.withLock { sent } }

    public func connect() async throws(CardError) -> [UInt8] { try await inner.connect() }
    public func disconnect() async throws(CardError) { try await inner.disconnect() }
    public func reset() async throws(CardError) -> [UInt8] { try await inner.reset() }

    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        lock.withLock { sent.append(command) }
        do {
            let response = try await inner.transmit(command)
            lock.withLock { answers.append(.response(response)) }
            return response
        } catch {
            lock.withLock { answers.append(.failure(error)) }
            throw error
        }
    }

    /// The answers recorded since the last call, encoded for ``AnswerCoding/read(_:)``.
    public func drainEncoded() -> [UInt8] {
        lock.withLock {
            defer {
                answers.removeAll()
                sent.removeAll()
            }
            return answers.flatMap(AnswerCoding.encode)
        }
    }
}
