import Foundation
import JPKIAPDU
import JPKICard
import JPKISimulator
import JPKIX509
import Logging

/// The expensive parts, made once for the test run: a test PKI and one set of card credentials
/// for the sample persona (RSA key generation takes a while).
enum CardFixtures {
    private static let shared: Result<(TestPKI, CardCredentials), any Error> = Result {
        let pki = try TestPKI()
        return (pki, try CardCredentials(issuingFor: .sample, pki: pki))
    }

    /// A fresh simulated card of the sample persona 番号 花子 (PINs 1234 / ABC123), full counters.
    static func card(token: Persona.Token = .myNumberCard) throws -> VirtualMyNumberCard {
        let (pki, credentials) = try shared.get()
        var persona = Persona.sample
        persona.token = token
        return try VirtualMyNumberCard(persona: persona, credentials: credentials, pki: pki)
    }
}

/// A transport that records every command it passes to the simulated card.
final class RecordingTransport: CardTransport, @unchecked Sendable {
    let inner: SimulatedCardTransport
    private let lock = NSLock()
    private var recorded: [[UInt8]] = []

    init(_ inner: SimulatedCardTransport) { self.inner = inner }

    /// The commands sent so far, in hexadecimal without spaces.
    var commands: [String] { lock.withLock { recorded.map { hex($0) } } }

    /// Forgets the recorded commands.
    func clear() { lock.withLock { recorded = [] } }

    func connect() async throws(CardError) -> [UInt8] { try await inner.connect() }
    func disconnect() async throws(CardError) { try await inner.disconnect() }
    func reset() async throws(CardError) -> [UInt8] { try await inner.reset() }
    func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        lock.withLock { recorded.append(command) }
        return try await inner.transmit(command)
    }
}

/// One in-process session: the simulated card, its transports, and the facade over them.
struct TestSession {
    let card: VirtualMyNumberCard
    let simulated: SimulatedCardTransport
    let transport: RecordingTransport
    let myNumberCard: MyNumberCard

    /// A connected session with `card`; the client trusts `trust` (J-LIS's keys only by
    /// default; `card.pki.cardVerifiableTrust` adds the simulator's CV CA keys by name).
    init(
        _ card: VirtualMyNumberCard, extendedLength: CardChannel.ExtendedLengthSupport = .unknown,
        logger: Logger = Logger(label: "jpki.card.test"), trust: CardVerifiableTrust = .jlis,
        policy: CardAuthenticityPolicy = .reported
    ) async throws {
        self.card = card
        simulated = SimulatedCardTransport(card: card)
        transport = RecordingTransport(simulated)
        myNumberCard = MyNumberCard(
            transport: transport, extendedLength: extendedLength, logger: logger, cardVerifiableTrust: trust,
            authenticityPolicy: policy)
        try await myNumberCard.connect()
    }

    /// A session with a fresh sample card whose client trusts the simulator's CV CA keys.
    static func trusting(
        token: Persona.Token = .myNumberCard, policy: CardAuthenticityPolicy = .required
    ) async throws -> TestSession {
        let card = try CardFixtures.card(token: token)
        return try await TestSession(card, trust: card.pki.cardVerifiableTrust, policy: policy)
    }

    /// A session with a fresh sample card.
    static func sample(
        token: Persona.Token = .myNumberCard, extendedLength: CardChannel.ExtendedLengthSupport = .unknown
    ) async throws -> TestSession {
        try await TestSession(try CardFixtures.card(token: token), extendedLength: extendedLength)
    }

    /// Runs `body`, returning its result and the commands the card received meanwhile.
    func counting<Result>(_ body: () async throws -> Result) async throws -> (Result, APDUAccounting) {
        card.resetAccounting()
        transport.clear()
        let result = try await body()
        return (result, card.accounting)
    }
}

/// Hexadecimal, upper case, no spaces.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02X", $0) }.joined()
}

/// The bytes of a hexadecimal string (spaces allowed).
func bytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != 0x20 })
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
        UInt8(String(decoding: digits[$0...($0 + 1)], as: UTF8.self), radix: 16)
    }
}

/// Captures log lines, for checking that no PIN is ever logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ line: String) { lock.withLock { storage.append(line) } }

    /// A trace-level logger writing here.
    func logger() -> Logger {
        var logger = Logger(label: "jpki.card.capture") { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CaptureHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
    }
}
