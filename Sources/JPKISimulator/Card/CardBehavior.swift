import JPKIAPDU

/// How the card answers around blocking. The defaults are what real cards were observed to do
/// (soltia48/myna-card and other public traces): the VERIFY that uses up the counter answers
/// `63 C0`; every later VERIFY and every retry query answers `69 84`. Each answer can be changed
/// to test that a client copes with another card.
public struct CardBehavior: Sendable, Equatable {
    /// The answer to the wrong VERIFY that uses up the last try: `63 C0` by default.
    public var blockingAttemptStatus: StatusWord
    /// The answer to the retry query (VERIFY without data) of a blocked PIN: `69 84` by default.
    public var blockedQueryStatus: StatusWord
    /// The answer to a VERIFY with data of a blocked PIN: `69 84` by default.
    public var blockedVerifyStatus: StatusWord
    /// Whether the 券面事項確認AP's EF 0001 opens with the birth-date PIN only (as one public survey
    /// of a card found), not also with 照合番号A or B (as the project's card notes say, the
    /// default).
    public var birthDateRecordNeedsBirthDatePIN: Bool

    /// The answers; the defaults are the observed ones.
    public init(
        blockingAttemptStatus: StatusWord = StatusWord(0x63C0), blockedQueryStatus: StatusWord = StatusWord(0x6984),
        blockedVerifyStatus: StatusWord = StatusWord(0x6984), birthDateRecordNeedsBirthDatePIN: Bool = false
    ) {
        self.blockingAttemptStatus = blockingAttemptStatus
        self.blockedQueryStatus = blockedQueryStatus
        self.blockedVerifyStatus = blockedVerifyStatus
        self.birthDateRecordNeedsBirthDatePIN = birthDateRecordNeedsBirthDatePIN
    }
}
