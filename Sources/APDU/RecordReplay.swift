import Foundation
import JPKIASN1

/// A recorded card session: the ATR and every exchange, as hex, with timings. PIN data of
/// VERIFY / CHANGE REFERENCE DATA is redacted before it is stored.
public struct RecordedSession: Codable, Sendable, Hashable {
    /// One exchange.
    public struct Exchange: Codable, Sendable, Hashable {
        /// The command in hex, with PIN data replaced by `<N bytes redacted>`.
        public var command: String
        /// The response in hex (data and status word).
        public var response: String
        /// How long the card took, in microseconds.
        public var microseconds: Int

        /// An exchange.
        public init(command: String, response: String, microseconds: Int) {
            self.command = command
            self.response = response
            self.microseconds = microseconds
        }
    }

    /// The card's ATR in hex.
    public var atr: String
    /// The exchanges in order.
    public var exchanges: [Exchange]

    /// A session.
    public init(atr: String = "", exchanges: [Exchange] = []) {
        self.atr = atr
        self.exchanges = exchanges
    }

    /// Pretty-printed JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// A session from its JSON.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(RecordedSession.self, from: jsonData)
    }

}

/// A transport that passes everything to another one and records the session.
public final class RecordingTransport: CardTransport, @unchecked Sendable {
    private let underlying: any CardTransport
    private let lock = NSLock()
    private var recorded = RecordedSession()

    /// Records what goes through `underlying`.
    public init(wrapping underlying: any CardTransport) {
        self.underlying = underlying
    }

    /// The session so far.
    public var session: RecordedSession {
        lock.withLock { recorded }
    }

    /// Connects and records the ATR.
    public func connect() async throws(CardError) -> [UInt8] {
        let atr = try await underlying.connect()
        lock.withLock { recorded.atr = Hex.encode(atr) }
        return atr
    }

    /// Disconnects.
    public func disconnect() async throws(CardError) { try await underlying.disconnect() }

    /// Resets and records the ATR.
    public func reset() async throws(CardError) -> [UInt8] {
        let atr = try await underlying.reset()
        lock.withLock { recorded.atr = Hex.encode(atr) }
        return atr
    }

    /// Transmits and records the exchange, the command redacted when it carries a PIN.
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        let start = ContinuousClock.now
        let response = try await underlying.transmit(command)
        let elapsed = ContinuousClock.now - start
        let microseconds = Int(
            elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
        let exchange = RecordedSession.Exchange(
            command: CommandAPDU.redactedHex(command), response: Hex.encode(response), microseconds: microseconds)
        lock.withLock { recorded.exchanges.append(exchange) }
        return response
    }

    /// Begins a transaction on the underlying transport.
    public func beginTransaction() async throws(CardError) { try await underlying.beginTransaction() }
    /// Ends it.
    public func endTransaction() async throws(CardError) { try await underlying.endTransaction() }
}

/// A transport that replays a recorded session: each command must match the recorded one
/// (PIN commands by their redacted form) and gets the recorded response byte for byte.
public final class ReplayTransport: CardTransport, @unchecked Sendable {
    private let recorded: RecordedSession
    private let lock = NSLock()
    private var next = 0

    /// Replays `session`.
    public init(session: RecordedSession) {
        self.recorded = session
    }

    /// The exchanges not replayed yet.
    public var remainingExchanges: Int {
        lock.withLock { recorded.exchanges.count - next }
    }

    /// The recorded ATR.
    public func connect() async throws(CardError) -> [UInt8] { Hex.decode(recorded.atr) ?? [] }
    /// Does nothing.
    public func disconnect() async throws(CardError) {}
    /// The recorded ATR.
    public func reset() async throws(CardError) -> [UInt8] { Hex.decode(recorded.atr) ?? [] }

    /// The recorded response to the next command, which must match the recorded one.
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        let stored = CommandAPDU.redactedHex(command)
        let outcome: Result<RecordedSession.Exchange, CardError> = lock.withLock {
            guard next < recorded.exchanges.count else { return .failure(.scriptExhausted(received: stored)) }
            let exchange = recorded.exchanges[next]
            guard exchange.command == stored else {
                return .failure(.unexpectedCommand(expected: exchange.command, received: stored))
            }
            next += 1
            return .success(exchange)
        }
        let exchange = try outcome.get()
        guard let response = Hex.decode(exchange.response) else {
            throw .pcsc(name: "malformed recorded response", code: 0)
        }
        return response
    }
}
