import JPKIAPDU

/// The answers of the card that public sources leave open (JPKI-CARD.md marks them
/// unconfirmed): the simulator makes them configurable so that clients can be tested against
/// each, as they must accept both.
public struct CardBehavior: Sendable, Equatable {
    /// The answer to the wrong VERIFY that uses up the last try: `63 C0` (the default) or
    /// `69 84`.
    public var blockingAttemptStatus: StatusWord
    /// The answer to the retry query (VERIFY without data) of a blocked PIN: `63 C0` (the
    /// default: OpenSC's jpki driver fails to bind a card whose query answers anything but
    /// `63 xx`) or `69 84`.
    public var blockedQueryStatus: StatusWord

    /// The default answers: `63 C0` for both. A VERIFY with data of a blocked PIN is always
    /// `69 84`.
    public init(
        blockingAttemptStatus: StatusWord = StatusWord(0x63C0), blockedQueryStatus: StatusWord = StatusWord(0x63C0)
    ) {
        self.blockingAttemptStatus = blockingAttemptStatus
        self.blockedQueryStatus = blockedQueryStatus
    }
}
