import Foundation
import JPKIASN1

/// A transport that plays a script: each command must be the one expected next, and gets the
/// scripted response. Anything else fails loudly with both APDUs shown.
///
/// ```swift
/// let mock = MockTransport(script: [
///     .init(command: "00A4040C0AD392F000260100000001", response: "9000"),
///     .init(command: "00B0000004", response: "3082061A9000"),
/// ])
/// ```
public final class MockTransport: CardTransport, @unchecked Sendable {
    /// One expected command and its response, both as bytes.
    public struct Exchange: Sendable, Hashable {
        /// The exact command bytes expected.
        public var command: [UInt8]
        /// The response bytes (data, SW1, SW2).
        public var response: [UInt8]

        /// An exchange from bytes.
        public init(command: [UInt8], response: [UInt8]) {
            self.command = command
            self.response = response
        }

        /// An exchange from hexadecimal text (spaces allowed). Malformed hex is a programming
        /// error in a test script and stops the test.
        public init(command: String, response: String) {
            self.command = Self.bytes(command)
            self.response = Self.bytes(response)
        }

        static func bytes(_ hex: String) -> [UInt8] {
            guard let bytes = Hex.decode(hex) else { preconditionFailure("malformed hex in a mock script: \(hex)") }
            return bytes
        }
    }

    private let lock = NSLock()
    private var remaining: [Exchange]
    private var received: [[UInt8]] = []
    /// The ATR `connect()` and `reset()` return.
    public let atr: [UInt8]

    /// A transport that expects `script` in order.
    public init(script: [Exchange], atr: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]) {
        self.remaining = script
        self.atr = atr
    }

    /// Returns the ATR.
    public func connect() async throws(CardError) -> [UInt8] { atr }
    /// Does nothing.
    public func disconnect() async throws(CardError) {}
    /// Returns the ATR.
    public func reset() async throws(CardError) -> [UInt8] { atr }

    /// Returns the scripted response, or throws ``CardError/unexpectedCommand(expected:received:)``
    /// (both in hex, PIN data redacted as in ``CommandAPDU/redactedHex(_:)``) when `command` is
    /// not the next expected one.
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        let outcome: Result<[UInt8], CardError> = lock.withLock {
            received.append(command)
            // Redacted like the channel's log: the error is logged and printed, and must not show a PIN.
            let shown = CommandAPDU.redactedHex(command)
            guard let next = remaining.first else { return .failure(.scriptExhausted(received: shown)) }
            guard next.command == command else {
                return .failure(.unexpectedCommand(expected: CommandAPDU.redactedHex(next.command), received: shown))
            }
            remaining.removeFirst()
            return .success(next.response)
        }
        return try outcome.get()
    }

    /// The scripted exchanges not used yet: a test asserts it is empty at the end.
    public var unusedExchanges: [Exchange] {
        lock.withLock { remaining }
    }

    /// Every command received, in order.
    public var receivedCommands: [[UInt8]] {
        lock.withLock { received }
    }
}
