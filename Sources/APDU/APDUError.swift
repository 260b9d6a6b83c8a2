/// Why a command could not be built, sent or completed.
public enum APDUError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Command data longer than 65,535 bytes.
    case dataTooLong(Int)
    /// An expected length outside 1…65,536.
    case invalidExpectedLength(Int)
    /// A READ BINARY offset outside 0…32,767.
    case invalidOffset(Int)
    /// Command bytes whose lengths do not add up.
    case malformedCommand(String)
    /// Response bytes without a status word.
    case malformedResponse([UInt8])
    /// The card answered `command` (redacted) with a status word other than success.
    case status(StatusWord, command: String)
    /// The data read from an EF does not start with a readable TLV header.
    case unreadableFileHeader(String)
    /// The transport failed: no card, card removed, reader gone, …
    case transport(CardError)

    /// One line saying what went wrong.
    public var description: String {
        switch self {
        case .dataTooLong(let count): return "command data of \(count) bytes exceeds 65535"
        case .invalidExpectedLength(let le): return "expected length \(le) outside 1...65536"
        case .invalidOffset(let offset): return "READ BINARY offset \(offset) outside 0...32767"
        case .malformedCommand(let why): return "malformed command APDU: \(why)"
        case .malformedResponse(let bytes): return "malformed response APDU of \(bytes.count) bytes"
        case .status(let statusWord, let command): return "card answered \(statusWord) to \(command)"
        case .unreadableFileHeader(let why): return "cannot read the file's header: \(why)"
        case .transport(let error): return error.description
        }
    }
}

/// Why a transport could not exchange APDUs with the card. The PC/SC backend maps every
/// `SCARD_E_*` / `SCARD_W_*` / `SCARD_F_*` code to one of these.
public enum CardError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No PC/SC service (pcscd is not running): `SCARD_E_NO_SERVICE`, `SCARD_E_SERVICE_STOPPED`.
    case noService
    /// No reader is connected: `SCARD_E_NO_READERS_AVAILABLE`.
    case noReaders
    /// The named reader does not exist: `SCARD_E_UNKNOWN_READER`.
    case unknownReader(String)
    /// The reader is there but not usable: `SCARD_E_READER_UNAVAILABLE`, `SCARD_E_NOT_READY`.
    case readerUnavailable
    /// No card in the reader: `SCARD_E_NO_SMARTCARD`.
    case noCard
    /// The card was removed: `SCARD_W_REMOVED_CARD`.
    case cardRemoved
    /// The card was reset by someone else; reconnect and select again: `SCARD_W_RESET_CARD`.
    case cardReset
    /// The card has no power: `SCARD_W_UNPOWERED_CARD`.
    case cardUnpowered
    /// The card does not answer: `SCARD_W_UNRESPONSIVE_CARD`, `SCARD_W_UNSUPPORTED_CARD`,
    /// `SCARD_E_CARD_UNSUPPORTED`, `SCARD_E_INVALID_ATR`.
    case unresponsiveCard
    /// Another application holds the card exclusively: `SCARD_E_SHARING_VIOLATION`.
    case sharingViolation
    /// A wait ran out of time: `SCARD_E_TIMEOUT`.
    case timeout
    /// The wait or call was cancelled: `SCARD_E_CANCELLED`, `SCARD_E_SYSTEM_CANCELLED`,
    /// `SCARD_W_CANCELLED_BY_USER`, `SCARD_P_SHUTDOWN`.
    case cancelled
    /// The card does not speak the requested protocol: `SCARD_E_PROTO_MISMATCH`.
    case protocolMismatch
    /// A buffer was too small for the response: `SCARD_E_INSUFFICIENT_BUFFER`,
    /// `SCARD_E_PCI_TOO_SMALL`.
    case insufficientBuffer
    /// Communication with the reader or card failed: `SCARD_F_COMM_ERROR`,
    /// `SCARD_E_COMM_DATA_LOST`, `SCARD_F_WAITED_TOO_LONG`.
    case communicationError
    /// The transport is not connected to a card (no call to `connect`, or after `disconnect`),
    /// or a handle became invalid: `SCARD_E_INVALID_HANDLE`.
    case notConnected
    /// The reader or the PC/SC layer refused the command as sent, e.g. an extended APDU the
    /// reader cannot carry: `SCARD_E_INVALID_PARAMETER`, `SCARD_E_INVALID_VALUE`,
    /// `SCARD_E_UNSUPPORTED_FEATURE`, `SCARD_E_READER_UNSUPPORTED`.
    case rejectedByReader(String)
    /// Any other PC/SC failure, with its name and code.
    case pcsc(name: String, code: UInt32)
    /// A scripted or replayed transport received a command other than the one expected.
    case unexpectedCommand(expected: String, received: String)
    /// A scripted or replayed transport has no more exchanges.
    case scriptExhausted(received: String)

    /// One line saying what went wrong and, where it helps, what to do.
    public var description: String {
        switch self {
        case .noService: return "no PC/SC service (is pcscd running?)"
        case .noReaders: return "no smart card reader connected"
        case .unknownReader(let name): return "no reader named '\(name)'"
        case .readerUnavailable: return "the reader is not available"
        case .noCard: return "no card in the reader"
        case .cardRemoved: return "the card was removed"
        case .cardReset: return "the card was reset; reconnect and select the application again"
        case .cardUnpowered: return "the card is not powered"
        case .unresponsiveCard: return "the card does not respond"
        case .sharingViolation: return "another application is using the card exclusively"
        case .timeout: return "timed out"
        case .cancelled: return "cancelled"
        case .protocolMismatch: return "the card does not support the requested protocol"
        case .insufficientBuffer: return "response buffer too small"
        case .communicationError: return "communication error with the reader or card"
        case .notConnected: return "not connected to a card"
        case .rejectedByReader(let why): return "the reader refused the command (\(why))"
        case .pcsc(let name, let code):
            return "PC/SC error \(name) (0x\(String(code, radix: 16, uppercase: true)))"
        case .unexpectedCommand(let expected, let received):
            return "unexpected command APDU: expected \(expected), received \(received)"
        case .scriptExhausted(let received): return "no scripted exchange left for \(received)"
        }
    }
}
