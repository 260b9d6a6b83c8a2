/// Why the My Number Card's own signatures over its 券面 data, or its answer to a genuineness
/// challenge, were not accepted: what failed, and where (record, byte offset).
///
/// Two outcomes are not failures of the card but limits of what can be checked, and a verdict
/// reports them as *not verifiable*, never as genuine: ``unknownCAKey(_:)`` (a 証明者鍵ID the
/// trust in use does not hold) and ``recordUnavailable(_:)``.
public enum CardVerificationFailure: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The CV certificate (`7F 21`) is not in the card's layout; `offset` is the byte offset in
    /// the certificate.
    case malformedCertificate(String, offset: Int)
    /// The CV certificate's 証明者鍵ID names no key of the trust in use: nothing was checked.
    case unknownCAKey(CardVerifiableKeyID)
    /// The CV certificate's signature does not verify with the CA key its 証明者鍵ID names.
    case certificateSignatureInvalid(issuer: CardVerifiableKeyID)
    /// A signed record is not in the card's layout; `offset` is the byte offset in the record.
    case malformedRecord(CardSignedRecord.Kind, String, offset: Int)
    /// A signed record's signature does not verify with the key the CV certificate certifies.
    case recordSignatureInvalid(CardSignedRecord.Kind)
    /// Two signed records of one application carry different application keys.
    case applicationKeyMismatch(CardSignedRecord.Kind)
    /// The record that carries the application's key is not there (it is behind a PIN or a
    /// verification number on the card): the challenge signature cannot be tied to J-LIS.
    case recordUnavailable(String)
    /// The record is not one of the application the evidence names.
    case recordOfAnotherApplication(CardSignedRecord.Kind)
    /// The challenge in the evidence is not the one the verifier issued.
    case challengeMismatch
    /// The card's signature over the challenge does not verify with the application's key.
    case challengeSignatureInvalid

    /// Whether the failure only means that the card could not be checked (unknown CA key,
    /// missing record), not that it is forged.
    public var meansNotVerifiable: Bool {
        switch self {
        case .unknownCAKey, .recordUnavailable: return true
        default: return false
        }
    }

    /// One line saying what failed and where.
    public var description: String {
        switch self {
        case .malformedCertificate(let why, let offset):
            return "the CV certificate is malformed at byte \(offset): \(why)"
        case .unknownCAKey(let id):
            return "the CV certificate names the CA key \(id), which the trust in use does not hold: not verifiable"
        case .certificateSignatureInvalid(let issuer):
            return "the CV certificate's signature does not verify with the CA key \(issuer)"
        case .malformedRecord(let kind, let why, let offset):
            return "\(kind) is malformed at byte \(offset): \(why)"
        case .recordSignatureInvalid(let kind):
            return "the signature of \(kind) does not verify with the key the CV certificate certifies"
        case .applicationKeyMismatch(let kind):
            return "\(kind) carries another application key than the other records"
        case .recordUnavailable(let why):
            return "the record carrying the application's key is not available: \(why)"
        case .recordOfAnotherApplication(let kind):
            return "\(kind) belongs to another application than the CV certificate"
        case .challengeMismatch:
            return "the evidence answers another challenge than the one issued"
        case .challengeSignatureInvalid:
            return "the card's signature over the challenge does not verify with the application's key"
        }
    }
}
