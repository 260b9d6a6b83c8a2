import JPKIAPDU
import JPKIX509

/// What went wrong talking to the card, and where.
public enum JPKICardError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A PIN or verification number of the wrong form: nothing was sent to the card.
    case malformedPIN(PINKind, reason: String)
    /// The card refused the PIN; `triesLeft` tries remain. Never retried automatically.
    case wrongPIN(PINKind, triesLeft: Int)
    /// The PIN is blocked: only the municipal office (for the signature PIN, also a
    /// convenience-store kiosk) can reset it.
    case pinBlocked(PINKind)
    /// One try is left and the caller did not pass ``LastTryPolicy/allow``: the PIN was not
    /// sent.
    case lastTryRefused(PINKind)
    /// The card refused access to a file or key before a PIN (`69 82`); `needs` names the PIN
    /// when it is known.
    case accessDenied(CardLocation, needs: PINKind?)
    /// The card answered `statusWord` to `operation` at `location`.
    case status(StatusWord, operation: String, at: CardLocation)
    /// The transport failed (card removed, reset, reader gone) during an operation at
    /// `location`.
    case transport(CardError, at: CardLocation)
    /// Data read from the card is not what the application stores there.
    case malformedData(String, at: CardLocation)
    /// Data read from the card does not match its hash in the card's own signature file:
    /// corrupted or tampered data, never accepted.
    case integrityCheckFailed(String, at: CardLocation)
    /// The card's own signatures over its 券面 data do not hold: a CV certificate or a signed
    /// record that does not verify (or is malformed), a record signed by another key, or (with
    /// ``CardAuthenticityPolicy/required``) a CV certificate whose CA key is not trusted. Never
    /// accepted.
    case authenticityCheckFailed(CardVerificationFailure, at: CardLocation)
    /// The card has no such application: SELECT answered `6A 82` (a smartphone token has only
    /// the JPKI AP).
    case applicationNotPresent(CardApplication)
    /// A caller's argument is not acceptable (e.g. an empty challenge).
    case invalidArgument(String)

    /// One line saying what went wrong, where, and what to do about it.
    public var description: String {
        switch self {
        case .malformedPIN(let kind, let reason):
            return "invalid \(kind): \(reason) (nothing was sent to the card)"
        case .wrongPIN(let kind, let tries):
            return "wrong \(kind): \(tries) \(tries == 1 ? "try" : "tries") left"
        case .pinBlocked(let kind):
            let place =
                kind.resettableAtKiosk
                ? "at the municipal office (市区町村の窓口) or a convenience-store kiosk"
                : "at the municipal office (市区町村の窓口)"
            return "the \(kind) is blocked; have it reset \(place)"
        case .lastTryRefused(let kind):
            return
                "only one try of the \(kind) is left; a wrong PIN would block it, so it was not sent (allow the last try explicitly)"
        case .accessDenied(let location, let needs):
            guard let needs else { return "access denied to \(location) (security status not satisfied)" }
            return "access denied to \(location): verify the \(needs) first"
        case .status(let word, let operation, let location):
            return "the card answered \(word) to \(operation) at \(location)"
        case .transport(let error, let location):
            return "\(error) (at \(location))"
        case .malformedData(let why, let location):
            return "malformed data at \(location): \(why)"
        case .integrityCheckFailed(let why, let location):
            return "integrity check failed at \(location): \(why)"
        case .authenticityCheckFailed(let failure, let location):
            return "authenticity check failed at \(location): \(failure)"
        case .applicationNotPresent(let application):
            return "the card has no \(application) (SELECT answered 6A 82)"
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        }
    }

    /// The tries left that the error reports (`wrongPIN`, `pinBlocked`, `lastTryRefused`), or
    /// `nil`.
    public var triesLeft: Int? {
        switch self {
        case .wrongPIN(_, let tries): return tries
        case .pinBlocked: return 0
        case .lastTryRefused: return 1
        default: return nil
        }
    }
}
