import CPCSC
import Foundation

/// A ``CardTransport`` to a card in a PC/SC reader, through pcscd and libpcsclite.
///
/// Calls run on the transport's own serial dispatch queue (PC/SC handles are not meant for
/// concurrent use, and the calls block). The receive buffer holds a full extended response
/// (65,536 bytes and the status word), so extended APDUs are never cut short.
///
/// ```swift
/// let reader = try await PCSC.waitForCard(timeout: .seconds(30))
/// let transport = PCSCTransport(reader: reader.name)
/// let atr = try await transport.connect()
/// let channel = CardChannel(transport: transport)
/// ```
public final class PCSCTransport: CardTransport, @unchecked Sendable {
    /// The transmission protocols to accept.
    public struct Protocols: OptionSet, Sendable, Hashable {
        /// The raw value of `SCARD_PROTOCOL_*`.
        public let rawValue: UInt32
        /// Creates protocols from `SCARD_PROTOCOL_*` bits.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// T=0.
        public static let t0 = Protocols(rawValue: UInt32(SCARD_PROTOCOL_T0))
        /// T=1 (the My Number Card's contact protocol).
        public static let t1 = Protocols(rawValue: UInt32(SCARD_PROTOCOL_T1))
        /// T=0 or T=1, as the reader and card agree.
        public static let any: Protocols = [.t0, .t1]
    }

    /// The reader's name.
    public let readerName: String
    /// The protocols accepted at connection.
    public let protocols: Protocols
    /// Whether to take the card exclusively (`SCARD_SHARE_EXCLUSIVE`) rather than shared.
    public let exclusive: Bool

    private let queue: DispatchQueue
    // Touched only on `queue`.
    private var context: SCARDCONTEXT?
    private var handle: SCARDHANDLE?
    private var activeProtocol: DWORD = 0

    /// The size of the receive buffer: an extended response of 65,536 bytes and SW1 SW2, with
    /// room to spare (pcsclite's MAX_BUFFER_SIZE_EXTENDED).
    public static let receiveBufferSize = 4 + 3 + (1 << 16) + 3 + 2

    /// A transport to the card in `reader`; nothing happens until ``connect()``.
    public init(reader: String, protocols: Protocols = .any, exclusive: Bool = false) {
        self.readerName = reader
        self.protocols = protocols
        self.exclusive = exclusive
        self.queue = DispatchQueue(label: "jpki.pcsc.\(reader)")
    }

    deinit {
        if let handle { _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) }
        if let context { _ = SCardReleaseContext(context) }
    }

    /// The protocol in use: `.t0` or `.t1`, or empty when not connected.
    public var activeProtocols: Protocols {
        get async { (try? await perform { .success(Protocols(rawValue: UInt32(self.activeProtocol))) }) ?? [] }
    }

    /// Connects to the card in the reader and returns its ATR.
    ///
    /// - Throws: ``CardError/noCard`` when the reader is empty, ``CardError/unknownReader(_:)``,
    ///   ``CardError/sharingViolation``, ``CardError/noService``, …
    public func connect() async throws(CardError) -> [UInt8] {
        try await perform {
            self.connectLocked().flatMap { self.statusLocked() }
        }
    }

    /// Disconnects, leaving the card powered, and releases the context.
    public func disconnect() async throws(CardError) {
        try await perform { () -> Result<Void, CardError> in
            defer { self.releaseLocked() }
            guard let handle = self.handle else { return .success(()) }
            self.handle = nil
            if let error = PCSCReturnCode.error(SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))) {
                return .failure(error)
            }
            return .success(())
        }
    }

    /// Resets the card (`SCardReconnect` with `SCARD_RESET_CARD`) and returns its ATR.
    public func reset() async throws(CardError) -> [UInt8] {
        try await perform { self.reconnectLocked(initialization: DWORD(SCARD_RESET_CARD)) }
    }

    /// Reconnects after someone else reset the card (``CardError/cardReset``), without
    /// resetting it again, and returns its ATR.
    public func reconnect() async throws(CardError) -> [UInt8] {
        try await perform { self.reconnectLocked(initialization: DWORD(SCARD_LEAVE_CARD)) }
    }

    /// Sends a command APDU with `SCardTransmit` and returns the response.
    ///
    /// - Throws: ``CardError/cardRemoved`` when the card left the reader,
    ///   ``CardError/cardReset`` when it was reset (call ``reconnect()``),
    ///   ``CardError/notConnected`` before ``connect()``.
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        try await perform {
            guard let handle = self.handle else { return .failure(.notConnected) }
            var sendPCI = SCARD_IO_REQUEST(
                dwProtocol: numericCast(self.activeProtocol),
                cbPciLength: numericCast(MemoryLayout<SCARD_IO_REQUEST>.size))
            var response = [UInt8](repeating: 0, count: Self.receiveBufferSize)
            var responseLength = DWORD(response.count)
            let returnValue = command.withUnsafeBufferPointer { commandBuffer in
                response.withUnsafeMutableBufferPointer { responseBuffer in
                    SCardTransmit(
                        handle, &sendPCI, commandBuffer.baseAddress, DWORD(commandBuffer.count), nil,
                        responseBuffer.baseAddress, &responseLength)
                }
            }
            if let error = PCSCReturnCode.error(returnValue, reader: self.readerName) {
                return .failure(self.diagnoseLocked(error))
            }
            guard responseLength >= 2 else {
                // No status word: the card went away during the exchange (vpcd and some readers
                // report success with an empty response).
                return .failure(self.diagnoseLocked(.communicationError))
            }
            return .success(Array(response.prefix(Int(responseLength))))
        }
    }

    /// `SCardBeginTransaction`.
    public func beginTransaction() async throws(CardError) {
        try await perform { () -> Result<Void, CardError> in
            guard let handle = self.handle else { return .failure(.notConnected) }
            if let error = PCSCReturnCode.error(SCardBeginTransaction(handle)) { return .failure(error) }
            return .success(())
        }
    }

    /// `SCardEndTransaction`, leaving the card as it is.
    public func endTransaction() async throws(CardError) {
        try await perform { () -> Result<Void, CardError> in
            guard let handle = self.handle else { return .failure(.notConnected) }
            if let error = PCSCReturnCode.error(SCardEndTransaction(handle, DWORD(SCARD_LEAVE_CARD))) {
                return .failure(error)
            }
            return .success(())
        }
    }

    // MARK: On the queue

    private func perform<Value: Sendable>(
        _ work: @Sendable @escaping () -> Result<Value, CardError>
    ) async throws(CardError) -> Value {
        try await PCSC.blocking(on: queue, work)
    }

    private func connectLocked() -> Result<Void, CardError> {
        if handle != nil { return .success(()) }
        if context == nil {
            var newContext: SCARDCONTEXT = 0
            if let error = PCSCReturnCode.error(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &newContext))
            {
                return .failure(error)
            }
            context = newContext
        }
        guard let context else { return .failure(.notConnected) }
        var newHandle: SCARDHANDLE = 0
        var active: DWORD = 0
        let share = DWORD(exclusive ? SCARD_SHARE_EXCLUSIVE : SCARD_SHARE_SHARED)
        let returnValue = SCardConnect(context, readerName, share, DWORD(protocols.rawValue), &newHandle, &active)
        if let error = PCSCReturnCode.error(returnValue, reader: readerName) { return .failure(error) }
        handle = newHandle
        activeProtocol = active
        return .success(())
    }

    private func reconnectLocked(initialization: DWORD) -> Result<[UInt8], CardError> {
        guard let handle else { return .failure(.notConnected) }
        var active: DWORD = 0
        let share = DWORD(exclusive ? SCARD_SHARE_EXCLUSIVE : SCARD_SHARE_SHARED)
        let returnValue = SCardReconnect(handle, share, DWORD(protocols.rawValue), initialization, &active)
        if let error = PCSCReturnCode.error(returnValue, reader: readerName) { return .failure(error) }
        activeProtocol = active
        return statusLocked()
    }

    private func statusLocked() -> Result<[UInt8], CardError> {
        guard let handle else { return .failure(.notConnected) }
        var state: DWORD = 0
        var protocolInUse: DWORD = 0
        var atr = [UInt8](repeating: 0, count: 33)
        var atrLength = DWORD(atr.count)
        var nameLength: DWORD = 0
        let returnValue = SCardStatus(handle, nil, &nameLength, &state, &protocolInUse, &atr, &atrLength)
        if let error = PCSCReturnCode.error(returnValue, reader: readerName) { return .failure(error) }
        return .success(Array(atr.prefix(Int(atrLength))))
    }

    /// Tells a card removed during an exchange from other communication failures: the reader
    /// may take a moment to notice, so the card's state is asked a few times.
    private func diagnoseLocked(_ error: CardError) -> CardError {
        switch error {
        case .communicationError, .pcsc(name: "SCARD_E_NOT_TRANSACTED", code: _), .unresponsiveCard: break
        default: return error
        }
        guard let handle else { return error }
        for attempt in 0..<10 {
            var state: DWORD = 0
            var protocolInUse: DWORD = 0
            var atr = [UInt8](repeating: 0, count: 33)
            var atrLength = DWORD(atr.count)
            var nameLength: DWORD = 0
            let returnValue = SCardStatus(handle, nil, &nameLength, &state, &protocolInUse, &atr, &atrLength)
            switch PCSCReturnCode.error(returnValue) {
            case .cardRemoved?, .noCard?: return .cardRemoved
            case nil where state & DWORD(SCARD_ABSENT) != 0: return .cardRemoved
            case .cardReset?: return .cardReset
            default: break
            }
            if attempt < 9 { usleep(100_000) }
        }
        return error
    }

    private func releaseLocked() {
        if let context { _ = SCardReleaseContext(context) }
        context = nil
    }
}
