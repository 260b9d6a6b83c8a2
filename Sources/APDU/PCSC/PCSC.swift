import CPCSC
import Foundation

/// The PC/SC service (pcscd through libpcsclite): readers, card presence, waiting for events.
///
/// Every call establishes its own PC/SC context and runs its blocking work on a dispatch
/// queue, never on the cooperative thread pool.
public enum PCSC {
    /// A reader and what is in it.
    public struct Reader: Sendable, Hashable {
        /// The reader's name, e.g. `Virtual PCD 00 00`.
        public var name: String
        /// Whether a card is present.
        public var cardPresent: Bool
        /// The card's ATR, when one is present.
        public var atr: [UInt8]
        /// Whether another application holds the card exclusively.
        public var exclusive: Bool
        /// Whether the card does not answer.
        public var mute: Bool

        /// A reader.
        public init(name: String, cardPresent: Bool, atr: [UInt8], exclusive: Bool = false, mute: Bool = false) {
            self.name = name
            self.cardPresent = cardPresent
            self.atr = atr
            self.exclusive = exclusive
            self.mute = mute
        }
    }

    /// The pseudo-reader whose state changes when a reader is added or removed.
    static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    static let queue = DispatchQueue(label: "jpki.pcsc", attributes: .concurrent)

    /// Runs `work` on the PC/SC queue and returns its result.
    static func blocking<Value: Sendable>(
        on queue: DispatchQueue = PCSC.queue, _ work: @Sendable @escaping () -> Result<Value, CardError>
    ) async throws(CardError) -> Value {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Value, CardError>, Never>) in
            queue.async { continuation.resume(returning: work()) }
        }
        return try result.get()
    }

    /// Establishes a context, runs `body` with it, releases it.
    static func withContext<Value>(_ body: (SCARDCONTEXT) -> Result<Value, CardError>) -> Result<Value, CardError> {
        var context: SCARDCONTEXT = 0
        if let error = PCSCReturnCode.error(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)) {
            return .failure(error)
        }
        defer { _ = SCardReleaseContext(context) }
        return body(context)
    }

    /// The names of the readers; empty when there is none.
    static func readerNames(_ context: SCARDCONTEXT) -> Result<[String], CardError> {
        var length: DWORD = 0
        var returnValue = SCardListReaders(context, nil, nil, &length)
        if UInt32(truncatingIfNeeded: returnValue) == 0x8010_002E { return .success([]) }  // no readers
        if let error = PCSCReturnCode.error(returnValue) { return .failure(error) }
        var buffer = [CChar](repeating: 0, count: Int(length))
        returnValue = SCardListReaders(context, nil, &buffer, &length)
        if UInt32(truncatingIfNeeded: returnValue) == 0x8010_002E { return .success([]) }
        if let error = PCSCReturnCode.error(returnValue) { return .failure(error) }
        // A multi-string: names separated by NUL, ended by two.
        var names: [String] = []
        var current: [UInt8] = []
        for character in buffer.prefix(Int(length)) {
            if character == 0 {
                if current.isEmpty { break }
                names.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            } else {
                current.append(UInt8(bitPattern: character))
            }
        }
        return .success(names)
    }

    /// The readers and their cards.
    ///
    /// - Throws: ``CardError/noService`` when pcscd is not running.
    public static func readers() async throws(CardError) -> [Reader] {
        try await blocking {
            withContext { context in
                readerNames(context).flatMap { names in
                    guard !names.isEmpty else { return .success([]) }
                    var states = ReaderStates(names)
                    defer { states.free() }
                    let returnValue = states.withStates { pointer, count in
                        SCardGetStatusChange(context, 0, pointer, count)
                    }
                    if let error = PCSCReturnCode.error(returnValue) { return .failure(error) }
                    return .success(states.readers)
                }
            }
        }
    }

    /// Waits until a card is present in `readerName` (or in any reader when `nil`), including
    /// readers plugged in while waiting, and returns that reader.
    ///
    /// - Throws: ``CardError/timeout`` after `timeout`, ``CardError/cancelled`` when the task is
    ///   cancelled, ``CardError/noService`` without pcscd.
    public static func waitForCard(in readerName: String? = nil, timeout: Duration) async throws(CardError) -> Reader {
        try await waitFor(readerName: readerName, timeout: timeout) { $0.cardPresent && !$0.mute }
    }

    /// Waits until no card is present in `readerName`.
    public static func waitForCardRemoval(in readerName: String, timeout: Duration) async throws(CardError) {
        _ = try await waitFor(readerName: readerName, timeout: timeout) { !$0.cardPresent }
    }

    /// Waits until a reader (`readerName`, or any) satisfies `condition`.
    static func waitFor(
        readerName: String?, timeout: Duration, condition: @Sendable @escaping (Reader) -> Bool
    ) async throws(CardError) -> Reader {
        let cancellation = ContextCancellation()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let result: Result<Reader, CardError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Reader, CardError>, Never>) in
                queue.async {
                    continuation.resume(
                        returning: withContext { context in
                            cancellation.set(context)
                            return waitLoop(context, readerName, deadline, cancellation, condition)
                        })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    private static func waitLoop(
        _ context: SCARDCONTEXT, _ readerName: String?, _ deadline: ContinuousClock.Instant,
        _ cancellation: ContextCancellation, _ condition: (Reader) -> Bool
    ) -> Result<Reader, CardError> {
        while true {
            if cancellation.isCancelled { return .failure(.cancelled) }
            let names: [String]
            switch readerNames(context) {
            case .success(let found): names = found.filter { readerName == nil || $0 == readerName }
            case .failure(let error): return .failure(error)
            }
            var states = ReaderStates(names + [plugAndPlayReader])
            defer { states.free() }
            // The current state of each reader, without waiting.
            var returnValue = states.withStates { SCardGetStatusChange(context, 0, $0, $1) }
            if let error = PCSCReturnCode.error(returnValue), error != .timeout { return .failure(error) }
            if let match = states.readers.first(where: { $0.name != plugAndPlayReader && condition($0) }) {
                return .success(match)
            }
            states.acknowledgeEvents()
            // Then wait for a change, at most until the deadline, in slices so that
            // cancellation is seen even if SCardCancel races with the call.
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return .failure(.timeout) }
            let slice = min(remaining, .milliseconds(500))
            let milliseconds = DWORD(
                max(1, slice.components.seconds * 1000 + slice.components.attoseconds / 1_000_000_000_000_000))
            returnValue = states.withStates { SCardGetStatusChange(context, milliseconds, $0, $1) }
            if let error = PCSCReturnCode.error(returnValue), error != .timeout { return .failure(error) }
            if let match = states.readers.first(where: { $0.name != plugAndPlayReader && condition($0) }) {
                return .success(match)
            }
        }
    }
}

/// Lets a task cancellation call `SCardCancel` on the context a wait blocks in.
private final class ContextCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var context: SCARDCONTEXT?
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    func set(_ context: SCARDCONTEXT) {
        lock.withLock { self.context = context }
    }

    func cancel() {
        lock.withLock {
            cancelled = true
            if let context { _ = SCardCancel(context) }
        }
    }
}

/// `SCARD_READERSTATE` records for a list of reader names, with C strings kept alive.
struct ReaderStates {
    private var names: [String]
    private var cNames: [UnsafeMutablePointer<CChar>?]
    private var states: [SCARD_READERSTATE]

    init(_ names: [String]) {
        self.names = names
        self.cNames = names.map { strdup($0) }
        self.states = cNames.map { name in
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(name)
            state.dwCurrentState = DWORD(SCARD_STATE_UNAWARE)
            return state
        }
    }

    mutating func free() {
        for name in cNames { Foundation.free(name) }
        cNames = []
    }

    mutating func withStates(_ body: (UnsafeMutablePointer<SCARD_READERSTATE>, DWORD) -> LONG) -> LONG {
        let count = DWORD(states.count)
        return states.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return LONG(0) }
            return body(base, count)
        }
    }

    /// Makes the event states the current ones, so the next call waits for a new change.
    mutating func acknowledgeEvents() {
        for index in states.indices {
            states[index].dwCurrentState = states[index].dwEventState & ~DWORD(SCARD_STATE_CHANGED)
        }
    }

    var readers: [PCSC.Reader] {
        zip(names, states).map { name, state in
            let event = state.dwEventState
            let atrLength = min(Int(state.cbAtr), 33)
            let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(atrLength)) }
            let present = event & DWORD(SCARD_STATE_PRESENT) != 0
            return PCSC.Reader(
                name: name, cardPresent: present, atr: present ? atr : [],
                exclusive: event & DWORD(SCARD_STATE_EXCLUSIVE) != 0, mute: event & DWORD(SCARD_STATE_MUTE) != 0)
        }
    }
}
