/// Why a certificate was revoked: CRLReason of RFC 5280 §5.3.1, used by CRL entries and OCSP
/// responses alike.
public enum RevocationReason: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecified = 0
    case keyCompromise = 1
    case cACompromise = 2
    /// For the JPKI: the holder's 4 information changed (moving house, a new name).
    case affiliationChanged = 3
    case superseded = 4
    case cessationOfOperation = 5
    case certificateHold = 6
    // 7 is not used.
    case removeFromCRL = 8
    case privilegeWithdrawn = 9
    case aACompromise = 10

    /// The name OpenSSL prints, e.g. `Key Compromise`.
    /// RFC 5280's identifier of the reason, as ASN.1 names it: `keyCompromise`,
    /// `affiliationChanged` … (the form JSON reports and APIs use).
    public var identifier: String {
        switch self {
        case .unspecified: return "unspecified"
        case .keyCompromise: return "keyCompromise"
        case .cACompromise: return "cACompromise"
        case .affiliationChanged: return "affiliationChanged"
        case .superseded: return "superseded"
        case .cessationOfOperation: return "cessationOfOperation"
        case .certificateHold: return "certificateHold"
        case .removeFromCRL: return "removeFromCRL"
        case .privilegeWithdrawn: return "privilegeWithdrawn"
        case .aACompromise: return "aACompromise"
        }
    }

    public var description: String {
        switch self {
        case .unspecified: return "Unspecified"
        case .keyCompromise: return "Key Compromise"
        case .cACompromise: return "CA Compromise"
        case .affiliationChanged: return "Affiliation Changed"
        case .superseded: return "Superseded"
        case .cessationOfOperation: return "Cessation Of Operation"
        case .certificateHold: return "Certificate Hold"
        case .removeFromCRL: return "Remove From CRL"
        case .privilegeWithdrawn: return "Privilege Withdrawn"
        case .aACompromise: return "AA Compromise"
        }
    }
}
