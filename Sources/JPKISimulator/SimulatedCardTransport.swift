import Foundation
import JPKIAPDU

/// A ``CardTransport`` straight to a ``VirtualCard`` in the same process: no pcscd, no
/// sockets. For tests and for apps without a reader.
public final class SimulatedCardTransport: CardTransport, @unchecked Sendable {
    /// The card.
    public let card: any VirtualCard

    private let lock = NSLock()
    private var commandsUntilRemoval: Int?
    private var removed = false

    /// A transport to `card`.
    public init(card: any VirtualCard) {
        self.card = card
    }

    /// Powers the card on and returns its ATR.
    ///
    /// - Throws: ``JPKIAPDU/CardError/noCard`` after the card was removed.
    public func connect() async throws(CardError) -> [UInt8] {
        guard !isRemoved else { throw .noCard }
        card.powerOn()
        return card.atr
    }

    /// Does nothing: the card stays powered.
    public func disconnect() async throws(CardError) {}

    /// Resets the card and returns its ATR.
    ///
    /// - Throws: ``JPKIAPDU/CardError/cardRemoved`` after the card was removed.
    public func reset() async throws(CardError) -> [UInt8] {
        guard !isRemoved else { throw .cardRemoved }
        card.reset()
        return card.atr
    }

    /// The card's answer to `command`.
    ///
    /// - Throws: ``JPKIAPDU/CardError/cardRemoved`` once the card was removed (see
    ///   ``removeCard(afterCommands:)``).
    public func transmit(_ command: [UInt8]) async throws(CardError) -> [UInt8] {
        let removeNow = lock.withLock { () -> Bool in
            if removed { return true }
            guard let remaining = commandsUntilRemoval else { return false }
            if remaining == 0 {
                commandsUntilRemoval = nil
                removed = true
                return true
            }
            commandsUntilRemoval = remaining - 1
            return false
        }
        if removeNow {
            card.powerOff()
            throw .cardRemoved
        }
        return card.process(command)
    }

    /// Fault injection: after `count` more command APDUs, the next one is not answered and the
    /// card is gone (``JPKIAPDU/CardError/cardRemoved``), as when a card is pulled out in the
    /// middle of an operation.
    public func removeCard(afterCommands count: Int) {
        lock.withLock { commandsUntilRemoval = count }
    }

    /// Puts a removed card back (powered off: it must be connected or reset again).
    public func reinsertCard() {
        lock.withLock {
            removed = false
            commandsUntilRemoval = nil
        }
    }

    /// Whether the card was removed.
    public var isRemoved: Bool { lock.withLock { removed } }
}
