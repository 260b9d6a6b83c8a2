/// The three applications of the simulated My Number Card.
public enum CardApplicationKind: String, CaseIterable, Codable, Hashable, Sendable {
    /// 公的個人認証AP: the JPKI certificates, keys and PINs.
    case jpki
    /// 券面事項入力補助AP: My Number and the basic 4 information as text.
    case cardInfo
    /// 券面事項確認AP: the card face as images, behind 照合番号A/B.
    case cardSurface

    /// The DF name (AID) to SELECT: `00 A4 04 0C 0A <AID>`.
    public var aid: [UInt8] {
        switch self {
        case .jpki: return [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
        case .cardInfo: return [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08]
        case .cardSurface: return [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02]
        }
    }

    /// The application with DF name `aid`, or `nil`.
    public init?(aid: [UInt8]) {
        guard let kind = Self.allCases.first(where: { $0.aid == aid }) else { return nil }
        self = kind
    }
}

/// The PINs and verification numbers of the card, each an EF that VERIFY checks after
/// SELECT.
///
/// Retry counters: 3 for the 4-digit PINs, 5 for the signature PIN (as OpenSC and the card
/// documentation say); 10 for the verification numbers and the birth-date PIN, which public
/// sources do not document (the simulator's choice).
public enum CardPIN: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// JPKI AP EF 0018: 利用者証明用電子証明書の暗証番号, 4 digits, 3 tries.
    case jpkiAuthentication
    /// JPKI AP EF 001B: 署名用電子証明書の暗証番号, 6–16 of A–Z 0–9, 5 tries.
    case jpkiSignature
    /// 券面事項入力補助AP EF 0011: 4 digits, 3 tries.
    case cardInfo
    /// 券面事項入力補助AP EF 0014: 照合番号A (the My Number).
    case cardInfoVerificationA
    /// 券面事項入力補助AP EF 0015: 照合番号B.
    case cardInfoVerificationB
    /// 券面事項確認AP EF 0011: the birth date `YYMMDD`.
    case cardSurfaceBirthDate
    /// 券面事項確認AP EF 0012: 照合番号B.
    case cardSurfaceVerificationB
    /// 券面事項確認AP EF 0013: 照合番号A (the My Number).
    case cardSurfaceVerificationA

    /// The application the PIN belongs to.
    public var application: CardApplicationKind {
        switch self {
        case .jpkiAuthentication, .jpkiSignature: return .jpki
        case .cardInfo, .cardInfoVerificationA, .cardInfoVerificationB: return .cardInfo
        case .cardSurfaceBirthDate, .cardSurfaceVerificationA, .cardSurfaceVerificationB: return .cardSurface
        }
    }

    /// The PIN's EF inside its application.
    public var fileID: UInt16 {
        switch self {
        case .jpkiAuthentication: return 0x0018
        case .jpkiSignature: return 0x001B
        case .cardInfo: return 0x0011
        case .cardInfoVerificationA: return 0x0014
        case .cardInfoVerificationB: return 0x0015
        case .cardSurfaceBirthDate: return 0x0011
        case .cardSurfaceVerificationB: return 0x0012
        case .cardSurfaceVerificationA: return 0x0013
        }
    }

    /// The tries a blocked counter starts from after a correct VERIFY.
    public var maximumTries: Int {
        switch self {
        case .jpkiAuthentication, .cardInfo: return 3
        case .jpkiSignature: return 5
        case .cardInfoVerificationA, .cardInfoVerificationB, .cardSurfaceBirthDate, .cardSurfaceVerificationA,
            .cardSurfaceVerificationB:
            return 10
        }
    }

    /// Whether CHANGE REFERENCE DATA may set a new value (the verification numbers and the
    /// birth date are printed on the card and cannot change).
    public var isChangeable: Bool {
        switch self {
        case .jpkiAuthentication, .jpkiSignature, .cardInfo: return true
        default: return false
        }
    }

    /// Whether `value` has the form of this PIN.
    public func accepts(_ value: String) -> Bool {
        switch self {
        case .jpkiAuthentication, .cardInfo: return Persona.isDigits(value, count: 4...4)
        case .jpkiSignature: return Persona.isSignaturePIN(value)
        case .cardInfoVerificationA, .cardSurfaceVerificationA: return Persona.isDigits(value, count: 12...12)
        case .cardInfoVerificationB, .cardSurfaceVerificationB: return Persona.isDigits(value, count: 14...14)
        case .cardSurfaceBirthDate: return Persona.isDigits(value, count: 6...6)
        }
    }

    /// The PIN's value for `persona`.
    public func value(for persona: Persona) -> String {
        switch self {
        case .jpkiAuthentication: return persona.authenticationPIN
        case .jpkiSignature: return persona.signaturePIN
        case .cardInfo: return persona.cardInfoPIN
        case .cardInfoVerificationA, .cardSurfaceVerificationA: return persona.verificationNumberA
        case .cardInfoVerificationB, .cardSurfaceVerificationB: return persona.verificationNumberB
        case .cardSurfaceBirthDate: return persona.birthDatePIN
        }
    }

    /// E.g. `JPKI authentication PIN (EF 0018)`.
    public var description: String {
        let name: String
        switch self {
        case .jpkiAuthentication: name = "JPKI authentication PIN"
        case .jpkiSignature: name = "JPKI signature PIN"
        case .cardInfo: name = "card-info PIN"
        case .cardInfoVerificationA: name = "card-info verification number A"
        case .cardInfoVerificationB: name = "card-info verification number B"
        case .cardSurfaceBirthDate: name = "card-surface birth-date PIN"
        case .cardSurfaceVerificationB: name = "card-surface verification number B"
        case .cardSurfaceVerificationA: name = "card-surface verification number A"
        }
        return "\(name) (EF \(hex4(fileID)))"
    }
}

/// The private keys of the card, each an EF of its application.
public enum CardKey: String, CaseIterable, Codable, Hashable, Sendable {
    /// JPKI AP EF 0017: the user-authentication key, behind the authentication PIN.
    case jpkiAuthentication
    /// JPKI AP EF 001A: the signature key, behind the signature PIN.
    case jpkiSignature
    /// 券面事項確認AP EF 001A: the application's key, no PIN (its public half is in the records).
    case cardSurface
    /// 券面事項入力補助AP EF 0013: the application's key, no PIN (its public half is in EF 0007).
    case cardInfo

    /// The key's EF in its application.
    public var fileID: UInt16 {
        switch self {
        case .jpkiAuthentication: return 0x0017
        case .jpkiSignature, .cardSurface: return 0x001A
        case .cardInfo: return 0x0013
        }
    }

    /// The application the key belongs to.
    public var application: CardApplicationKind {
        switch self {
        case .jpkiAuthentication, .jpkiSignature: return .jpki
        case .cardSurface: return .cardSurface
        case .cardInfo: return .cardInfo
        }
    }

    /// The PIN that must be verified before the key signs, or `nil` (the 券面 applications'
    /// keys sign without a PIN).
    public var pin: CardPIN? {
        switch self {
        case .jpkiAuthentication: return .jpkiAuthentication
        case .jpkiSignature: return .jpkiSignature
        case .cardSurface, .cardInfo: return nil
        }
    }
}

/// One elementary file of a simulated application.
struct CardFile: Sendable {
    /// What the EF is.
    enum Content: Sendable {
        /// A transparent EF: READ BINARY returns its bytes, once any of `readableAfter` is
        /// verified (`nil`: always readable).
        case binary([UInt8], readableAfter: Set<CardPIN>?)
        /// A PIN EF: VERIFY and CHANGE REFERENCE DATA act on it.
        case pin(CardPIN)
        /// A private key EF: COMPUTE DIGITAL SIGNATURE uses it.
        case key(CardKey)
    }

    /// The content.
    var content: Content

    /// A free transparent EF.
    static func free(_ bytes: [UInt8]) -> CardFile { CardFile(content: .binary(bytes, readableAfter: nil)) }

    /// A transparent EF readable after any of `pins`.
    static func protected(_ bytes: [UInt8], by pins: Set<CardPIN>) -> CardFile {
        CardFile(content: .binary(bytes, readableAfter: pins))
    }
}

/// `0018` for 0x18.
func hex4(_ value: UInt16) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
