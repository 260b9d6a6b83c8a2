/// A PIN or verification number, validated when it is made: an invalid one never reaches the
/// card. Its bytes live in ``SecretBytes`` (zeroed when released) and it never prints them.
public protocol CardSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes sent in VERIFY.
    var secret: SecretBytes { get }
}

extension CardSecret {
    /// `<redacted>` with the type's name: a PIN never prints.
    public var description: String { "\(Self.self)(<redacted>)" }
    /// The same as ``description``.
    public var debugDescription: String { description }
}

/// Whether every byte of `text` is an ASCII digit and there are `count` of them.
func isDigits(_ text: String, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
}

/// 利用者証明用電子証明書の暗証番号: the 4-digit PIN of the JPKI AP's user-authentication key
/// (3 tries).
public struct UserAuthenticationPIN: CardSecret {
    /// The four ASCII digits.
    public let secret: SecretBytes

    /// Validates `text`: exactly 4 digits.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(_ text: String) throws(JPKICardError) {
        guard isDigits(text, count: 4) else { throw .malformedPIN(.authentication, reason: "must be 4 digits") }
        secret = SecretBytes(text.utf8)
    }
}

/// 署名用電子証明書の暗証番号: the signature PIN, 6–16 characters of A–Z and 0–9 with at least one
/// letter and one digit (5 tries). Lower-case letters are accepted and upper-cased, as the card
/// stores upper case.
public struct SignaturePIN: CardSecret {
    /// The ASCII characters, upper case.
    public let secret: SecretBytes

    /// Validates `text` after upper-casing ASCII letters.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(_ text: String) throws(JPKICardError) {
        var bytes = text.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
        defer { SecretBytes.wipe(&bytes) }
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        guard (6...16).contains(bytes.count) else {
            throw .malformedPIN(.signature, reason: "must be 6 to 16 characters")
        }
        guard bytes.allSatisfy({ isLetter($0) || isDigit($0) }) else {
            throw .malformedPIN(.signature, reason: "only the letters A-Z and the digits 0-9 are allowed")
        }
        guard bytes.contains(where: isLetter), bytes.contains(where: isDigit) else {
            throw .malformedPIN(.signature, reason: "must contain at least one letter and one digit")
        }
        secret = SecretBytes(bytes)
    }
}

/// 券面事項入力補助用の暗証番号: the 4-digit PIN of the 券面事項入力補助AP (3 tries; usually the
/// same as the authentication PIN).
public struct CardInfoPIN: CardSecret {
    /// The four ASCII digits.
    public let secret: SecretBytes

    /// Validates `text`: exactly 4 digits.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(_ text: String) throws(JPKICardError) {
        guard isDigits(text, count: 4) else { throw .malformedPIN(.cardInfo, reason: "must be 4 digits") }
        secret = SecretBytes(text.utf8)
    }
}

/// 照合番号A: the holder's 12-digit My Number (個人番号), which opens the 券面事項入力補助AP and
/// the 券面事項確認AP (with the My Number image).
public struct VerificationNumberA: CardSecret {
    /// The twelve ASCII digits.
    public let secret: SecretBytes

    /// Validates `myNumber`: 12 digits whose last is the check digit of the others.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(myNumber: String) throws(JPKICardError) {
        guard MyNumberCheckDigit.isValid(myNumber) else {
            throw .malformedPIN(.cardSurfaceVerificationA, reason: "a My Number is 12 digits with a valid check digit")
        }
        secret = SecretBytes(myNumber.utf8)
    }
}

/// 照合番号B: the birth date as **era year**, month and day (`YYMMDD`), the card's expiry year
/// (4 digits, Western) and its security code (4 digits), all printed on the card's face: 14
/// digits. 昭和60年4月1日, expiry 2033, security code 5678 give `60040120335678`.
///
/// The era year is what real cards expect (soltia48/myna-card: "the card wants the date of
/// birth as a Japanese era year"); a Western year is a wrong value and costs a try, so this type
/// never builds one.
public struct VerificationNumberB: CardSecret {
    /// The fourteen ASCII digits.
    public let secret: SecretBytes

    /// Builds the number from its parts; the birth date's era year is derived from the calendar
    /// date (the era itself is not part of the value).
    ///
    /// - Parameters:
    ///   - birthDate: the holder's birth date (Gregorian).
    ///   - expiryYear: the year of the card's expiry date (有効期限), after the birth year.
    ///   - securityCode: the 4-digit security code (セキュリティコード).
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(birthDate: CardDate, expiryYear: Int, securityCode: String) throws(JPKICardError) {
        guard (1000...9999).contains(expiryYear), expiryYear > birthDate.year else {
            throw .malformedPIN(
                .cardSurfaceVerificationB, reason: "the expiry year must be 4 digits after the birth year")
        }
        guard isDigits(securityCode, count: 4) else {
            throw .malformedPIN(.cardSurfaceVerificationB, reason: "the security code must be 4 digits")
        }
        guard let eraDate = birthDate.eraYYMMDD else {
            throw .malformedPIN(
                .cardSurfaceVerificationB, reason: "the birth date has no Japanese era year of two digits")
        }
        let text = eraDate + pad(expiryYear, 4) + securityCode
        secret = SecretBytes(text.utf8)
    }

    /// Validates 14 digits: the birth date as era year, month and day (`YYMMDD`, a possible
    /// month and day), a year, a security code. The caller vouches that `YY` is the era year.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(_ text: String) throws(JPKICardError) {
        guard isDigits(text, count: 14) else {
            throw .malformedPIN(.cardSurfaceVerificationB, reason: "must be 14 digits")
        }
        guard isEraMonthDay(text.utf8.prefix(6)) else {
            throw .malformedPIN(
                .cardSurfaceVerificationB, reason: "the first 6 digits must be a birth date YYMMDD (era year)")
        }
        secret = SecretBytes(text.utf8)
    }
}

/// The birth-date PIN of the 券面事項確認AP (EF 0011): the birth date as **era year**, month and
/// day, `YYMMDD` (昭和60年4月1日 → `600401`). It opens only EF 0001, the J-LIS-signed birth date
/// (no name, address or photo): what an age check needs.
public struct BirthDatePIN: CardSecret {
    /// The six ASCII digits.
    public let secret: SecretBytes

    /// The PIN of `birthDate`, its era year derived from the calendar date.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)`` before the Meiji era.
    public init(birthDate: CardDate) throws(JPKICardError) {
        guard let text = birthDate.eraYYMMDD else {
            throw .malformedPIN(.cardSurfaceBirthDate, reason: "the birth date has no Japanese era year of two digits")
        }
        secret = SecretBytes(text.utf8)
    }

    /// Validates 6 digits `YYMMDD` (era year, a possible month and day). The caller vouches that
    /// `YY` is the era year.
    ///
    /// - Throws: ``JPKICardError/malformedPIN(_:reason:)``.
    public init(_ text: String) throws(JPKICardError) {
        guard isDigits(text, count: 6), isEraMonthDay(text.utf8.prefix(6)) else {
            throw .malformedPIN(.cardSurfaceBirthDate, reason: "must be 6 digits YYMMDD (era year, month, day)")
        }
        secret = SecretBytes(text.utf8)
    }
}

/// Whether 6 ASCII digits are a year, a month 01–12 and a day 01–31.
func isEraMonthDay(_ digits: some Collection<UInt8>) -> Bool {
    let values = digits.map { Int($0) - 0x30 }
    guard values.count == 6 else { return false }
    let month = values[2] * 10 + values[3]
    let day = values[4] * 10 + values[5]
    return (1...12).contains(month) && (1...31).contains(day)
}

/// The check digit of a My Number (weights 6,5,4,3,2,7,6,5,4,3,2 on the first 11 digits; r = sum
/// mod 11; 0 when r ≤ 1, else 11 − r).
public enum MyNumberCheckDigit {
    /// The check digit of 11 ASCII digits, or `nil`.
    public static func compute(_ digits: some Collection<UInt8>) -> Int? {
        let values = digits.map { Int($0) - 0x30 }
        guard values.count == 11, values.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        let remainder = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return remainder <= 1 ? 0 : 11 - remainder
    }

    /// Whether `number` is 12 ASCII digits whose last is the check digit of the others.
    public static func isValid(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count == 12, let last = bytes.last, (0x30...0x39).contains(last),
            let check = compute(bytes.prefix(11))
        else { return false }
        return Int(last) - 0x30 == check
    }
}

/// How to open the 券面事項入力補助AP: its PIN, or 照合番号A or B.
public enum CardInfoAccess: Sendable {
    /// The 4-digit PIN (EF 0011).
    case pin(CardInfoPIN)
    /// 照合番号A, the My Number (EF 0014).
    case verificationNumberA(VerificationNumberA)
    /// 照合番号B (EF 0015).
    case verificationNumberB(VerificationNumberB)

    /// The PIN EF this access verifies.
    public var kind: PINKind {
        switch self {
        case .pin: return .cardInfo
        case .verificationNumberA: return .cardInfoVerificationA
        case .verificationNumberB: return .cardInfoVerificationB
        }
    }

    var secret: SecretBytes {
        switch self {
        case .pin(let pin): return pin.secret
        case .verificationNumberA(let number): return number.secret
        case .verificationNumberB(let number): return number.secret
        }
    }
}

/// How to open the 券面事項確認AP: 照合番号B (the face), or 照合番号A (also the My Number image).
public enum CardSurfaceAccess: Sendable {
    /// 照合番号A, the My Number (EF 0013): everything, including the My Number image.
    case verificationNumberA(VerificationNumberA)
    /// 照合番号B (EF 0012): the face, without the My Number image.
    case verificationNumberB(VerificationNumberB)

    /// The PIN EF this access verifies.
    public var kind: PINKind {
        switch self {
        case .verificationNumberA: return .cardSurfaceVerificationA
        case .verificationNumberB: return .cardSurfaceVerificationB
        }
    }

    var secret: SecretBytes {
        switch self {
        case .verificationNumberA(let number): return number.secret
        case .verificationNumberB(let number): return number.secret
        }
    }
}
