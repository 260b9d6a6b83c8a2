import APDU

/// A ``CardTransport`` straight to a ``VirtualCard`` in the same process: no pcscd, no
/// sockets. For tests and for apps without a reader.
public final class SimulatedCardTransport: CardTransport, @unchecked Sendable {
    /// The card.
    public let card: any VirtualCard

    /// A transport to `card`.
    public init(card: any VirtualCard) {
        self.card = card
    }

    /// Powers the card on and returns its ATR.
    public func connect() async throws(CardError) -> [UInt8] {
        card.powerOn()
        return card.atr
    }

    /// Does nothing: the card stays powered.
    public func disconnect() async throws(CardError) {}

    /// Resets the card and returns its ATR.
    public func reset() async throws(CardError) -> [UInt8] {
        card.reset()
        return card.atr
    }

    /// The card's answer to `command`.
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        card.process(command)
    }
}
