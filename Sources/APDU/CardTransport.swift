/// A way to exchange raw APDUs with one card: PC/SC, a simulator, a mock, a replay.
///
/// Implementations are `Sendable` and safe to call from any task; ``CardChannel`` serialises
/// the calls it makes.
public protocol CardTransport: Sendable {
    /// Connects to the card (powering it when needed) and returns its ATR.
    func connect() async throws(CardError) -> [UInt8]
    /// Disconnects, leaving the card as it is.
    func disconnect() async throws(CardError)
    /// Resets the card (warm reset), reconnects, and returns the ATR. The card forgets its
    /// security state: applications must be selected and PINs verified again.
    func reset() async throws(CardError) -> [UInt8]
    /// Sends one command APDU and returns the response APDU's bytes (data and SW1 SW2).
    func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8]
    /// Starts exclusive access for a sequence of commands (PC/SC `SCardBeginTransaction`).
    func beginTransaction() async throws(CardError)
    /// Ends exclusive access.
    func endTransaction() async throws(CardError)
}

extension CardTransport {
    /// Transports without a notion of exclusive access need do nothing.
    public func beginTransaction() async throws(CardError) {}
    /// Transports without a notion of exclusive access need do nothing.
    public func endTransaction() async throws(CardError) {}
}
