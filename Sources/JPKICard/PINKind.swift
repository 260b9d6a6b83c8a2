/// The PINs and verification numbers of the card: each is an EF of its application, checked by
/// VERIFY after selecting it.
public enum PINKind: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// JPKI AP EF 0018: 利用者証明用電子証明書の暗証番号, 4 digits, 3 tries.
    case authentication
    /// JPKI AP EF 001B: 署名用電子証明書の暗証番号, 6–16 of A–Z 0–9, 5 tries.
    case signature
    /// 券面事項入力補助AP EF 0011: 4 digits, 3 tries.
    case cardInfo
    /// 券面事項入力補助AP EF 0014: 照合番号A (the My Number).
    case cardInfoVerificationA
    /// 券面事項入力補助AP EF 0015: 照合番号B.
    case cardInfoVerificationB
    /// 券面事項確認AP EF 0011: the birth-date PIN `YYMMDD` (status only).
    case cardSurfaceBirthDate
    /// 券面事項確認AP EF 0012: 照合番号B.
    case cardSurfaceVerificationB
    /// 券面事項確認AP EF 0013: 照合番号A (the My Number).
    case cardSurfaceVerificationA

    /// The application the PIN belongs to.
    public var application: CardApplication {
        switch self {
        case .authentication, .signature: return .jpki
        case .cardInfo, .cardInfoVerificationA, .cardInfoVerificationB: return .cardInfo
        case .cardSurfaceBirthDate, .cardSurfaceVerificationA, .cardSurfaceVerificationB: return .cardSurface
        }
    }

    /// The PIN's EF in its application.
    public var fileID: UInt16 {
        switch self {
        case .authentication: return 0x0018
        case .signature: return 0x001B
        case .cardInfo: return 0x0011
        case .cardInfoVerificationA: return 0x0014
        case .cardInfoVerificationB: return 0x0015
        case .cardSurfaceBirthDate: return 0x0011
        case .cardSurfaceVerificationB: return 0x0012
        case .cardSurfaceVerificationA: return 0x0013
        }
    }

    /// Where the PIN lives.
    public var location: CardLocation { CardLocation(application, fileID: fileID) }

    /// Whether a blocked PIN is also reset at convenience-store kiosks (the signature PIN), not
    /// only at the municipal office.
    var resettableAtKiosk: Bool { self == .signature }

    /// E.g. `authentication PIN (利用者証明用電子証明書の暗証番号)`.
    public var description: String {
        switch self {
        case .authentication: return "authentication PIN (利用者証明用電子証明書の暗証番号)"
        case .signature: return "signature PIN (署名用電子証明書の暗証番号)"
        case .cardInfo: return "card-info PIN (券面事項入力補助用の暗証番号)"
        case .cardInfoVerificationA: return "card-info verification number A (照合番号A)"
        case .cardInfoVerificationB: return "card-info verification number B (照合番号B)"
        case .cardSurfaceBirthDate: return "card-surface birth-date PIN"
        case .cardSurfaceVerificationB: return "card-surface verification number B (照合番号B)"
        case .cardSurfaceVerificationA: return "card-surface verification number A (照合番号A)"
        }
    }
}

/// The state of one PIN as the retry query (VERIFY without data, which consumes no try)
/// reports it.
public struct PINStatus: Hashable, Sendable, CustomStringConvertible {
    /// What the card said.
    public enum State: Hashable, Sendable {
        /// Not verified in this session; this many tries are left (`63 Cx`).
        case triesLeft(Int)
        /// Already verified in this session (`90 00`); the card does not report the counter.
        case verified
        /// No tries left (`69 84` to the retry query on real cards; `63 C0` accepted too): reset at
        /// the municipal office.
        case blocked
    }

    /// The PIN.
    public var kind: PINKind
    /// Its state.
    public var state: State
    /// `false` when the card answered the retry query `63 00`: a reference without a try limit
    /// (not verified; a wrong value costs nothing). The state is then `.triesLeft(0)`, and
    /// ``triesLeft`` is `nil`.
    public var hasTryLimit: Bool

    /// A status.
    public init(kind: PINKind, state: State, hasTryLimit: Bool = true) {
        self.kind = kind
        self.state = state
        self.hasTryLimit = hasTryLimit
    }

    /// The tries left, or `nil` when the card did not say (verified, or no try limit).
    public var triesLeft: Int? {
        guard hasTryLimit else { return nil }
        switch state {
        case .triesLeft(let count): return count
        case .verified: return nil
        case .blocked: return 0
        }
    }

    /// Whether the PIN is blocked.
    public var isBlocked: Bool { state == .blocked }

    /// E.g. `authentication PIN (…): 3 tries left`.
    public var description: String {
        if !hasTryLimit { return "\(kind): not verified, no try limit" }
        switch state {
        case .triesLeft(let count): return "\(kind): \(count) \(count == 1 ? "try" : "tries") left"
        case .verified: return "\(kind): verified"
        case .blocked: return "\(kind): blocked"
        }
    }
}

/// What to do when the retry query says that only one try is left: a wrong PIN then blocks it.
public enum LastTryPolicy: Hashable, Sendable {
    /// Refuse to send the PIN (``JPKICardError/lastTryRefused(_:)``): the default.
    case refuse
    /// Send it anyway: the caller has asked the user to confirm.
    case allow
}
