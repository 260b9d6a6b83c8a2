/// The holder a ``VirtualMyNumberCard`` is made for: what the card face shows, what the
/// certificates say, and the PINs the holder chose.
///
/// The defaults (``sample``) are clearly fictional, in the manner of the Digital Agency's sample
/// card 番号 花子: a made-up town (`架空町`), a sequential My Number, and well-known test PINs.
///
/// ```swift
/// var persona = Persona.sample
/// persona.name = "試験\u{3000}太郎"
/// persona.sex = .male
/// try persona.validate()
/// ```
public struct Persona: Codable, Hashable, Sendable {
    /// Sex as the card's applications encode it (ISO/IEC 5218): `1` male, `2` female,
    /// `9` not applicable. The signature certificate uses other codes (see
    /// ``certificateCode``).
    public enum Sex: Int, Codable, Hashable, Sendable, CaseIterable {
        /// `1`.
        case male = 1
        /// `2`.
        case female = 2
        /// `9`: not applicable.
        case notApplicable = 9

        /// The one ASCII digit the card's applications store.
        public var cardCode: UInt8 { UInt8(0x30 + rawValue) }

        /// The code of the signature certificate's sex otherName: `1`, `2`, or `3` (unknown)
        /// for not applicable.
        public var certificateCode: Int { self == .notApplicable ? 3 : rawValue }
    }

    /// Which JPKI token the card reports in EF 0006 of the JPKI AP.
    public enum Token: String, Codable, Hashable, Sendable, CaseIterable {
        /// `JPKIAPICCTOKEN2`: a My Number Card.
        case myNumberCard
        /// `JPKIAPICCTOKEN`: the older Juki card.
        case jukiCard
        /// `JPKIAPGPSETOKEN`: the JPKI on an Android smartphone: the authentication certificate is
        /// readable only after the authentication PIN, and there are no 券面 applications.
        case smartphone
        /// `JPKIAPIOSTOKEN`: the JPKI on an iPhone: no 券面 applications, and `80 FC 00 00`
        /// ("last command") is answered `90 00` (a card answers `67 00`).
        case iPhone

        /// The ASCII token name, before padding.
        public var name: String {
            switch self {
            case .myNumberCard: return "JPKIAPICCTOKEN2"
            case .jukiCard: return "JPKIAPICCTOKEN"
            case .smartphone: return "JPKIAPGPSETOKEN"
            case .iPhone: return "JPKIAPIOSTOKEN"
            }
        }

        /// Whether the token is a smartphone's (Android or iPhone): only the JPKI AP is there.
        public var isSmartphone: Bool { self == .smartphone || self == .iPhone }
    }

    /// 氏名: family and given name separated by an ideographic space (U+3000).
    public var name: String
    /// 住所: the full address from the prefecture on, without the postcode.
    public var address: String
    /// The prefecture of the address: the CRL partition of the certificates.
    public var prefecture: String
    /// The city, ward, town or village of the address: the CRL partition of the certificates.
    public var city: String
    /// 生年月日.
    public var birthDate: CalendarDate
    /// 性別.
    public var sex: Sex
    /// 個人番号: 12 digits, the last a check digit (see ``MyNumber``).
    public var myNumber: String
    /// 利用者証明用電子証明書の暗証番号: 4 digits.
    public var authenticationPIN: String
    /// 署名用電子証明書の暗証番号: 6–16 characters of A–Z and 0–9.
    public var signaturePIN: String
    /// 券面事項入力補助用の暗証番号: 4 digits (usually the same as the authentication PIN).
    public var cardInfoPIN: String
    /// The card's expiry date (有効期限), printed on its face.
    public var cardExpiry: CalendarDate
    /// The 4-digit security code (セキュリティコード) printed on the card's face.
    public var securityCode: String
    /// The JPKI token the card reports.
    public var token: Token

    /// A persona.
    public init(
        name: String, address: String, prefecture: String, city: String, birthDate: CalendarDate, sex: Sex,
        myNumber: String, authenticationPIN: String, signaturePIN: String, cardInfoPIN: String? = nil,
        cardExpiry: CalendarDate, securityCode: String, token: Token = .myNumberCard
    ) {
        self.name = name
        self.address = address
        self.prefecture = prefecture
        self.city = city
        self.birthDate = birthDate
        self.sex = sex
        self.myNumber = myNumber
        self.authenticationPIN = authenticationPIN
        self.signaturePIN = signaturePIN
        self.cardInfoPIN = cardInfoPIN ?? authenticationPIN
        self.cardExpiry = cardExpiry
        self.securityCode = securityCode
        self.token = token
    }

    /// 番号 花子 of 東京都千代田区架空町 (a fictional town): My Number `123456789018`,
    /// authentication PIN `1234`, signature PIN `ABC123`, born 1985-04-01, card valid to
    /// 2033-04-01, security code `5678`.
    public static let sample = Persona(
        name: "番号\u{3000}花子", address: "東京都千代田区架空町一丁目2番3号", prefecture: "東京都", city: "千代田区",
        birthDate: CalendarDate(year: 1985, month: 4, day: 1), sex: .female, myNumber: "123456789018",
        authenticationPIN: "1234", signaturePIN: "ABC123", cardExpiry: CalendarDate(year: 2033, month: 4, day: 1),
        securityCode: "5678")

    /// 照合番号A: the My Number, as the 券面事項入力補助AP and 券面事項確認AP check it.
    public var verificationNumberA: String { myNumber }

    /// 照合番号B: the birth date as era year, month and day (`YYMMDD`) + the card's expiry year
    /// (4 digits, Western) + the security code (4 digits): `60040120335678` for 昭和60年4月1日,
    /// 2033, `5678`. A Western-year birth date (`850401…`) is a wrong value, as on a real card.
    public var verificationNumberB: String {
        birthDatePIN + CalendarDate.pad(cardExpiry.year, 4) + securityCode
    }

    /// The 6-digit birth-date PIN of the 券面事項確認AP (EF 0011): era year, month, day
    /// (`600401` for 昭和60年4月1日).
    public var birthDatePIN: String { birthDate.eraYYMMDD }

    /// Checks every field: a valid My Number, PINs of the right form, an address that begins
    /// with the prefecture and city, a name with an ideographic space.
    ///
    /// - Throws: ``PersonaError`` naming the first field that is wrong.
    public func validate() throws(PersonaError) {
        guard !name.isEmpty, name.contains("\u{3000}") else {
            throw .invalidField("name", "family and given name separated by an ideographic space (U+3000)")
        }
        guard address.hasPrefix(prefecture + city), !prefecture.isEmpty, !city.isEmpty else {
            throw .invalidField("address", "must begin with the prefecture and city")
        }
        guard MyNumber.isValid(myNumber) else {
            throw .invalidField("myNumber", "12 digits with a valid check digit")
        }
        guard Self.isDigits(authenticationPIN, count: 4...4) else {
            throw .invalidField("authenticationPIN", "4 digits")
        }
        guard Self.isDigits(cardInfoPIN, count: 4...4) else { throw .invalidField("cardInfoPIN", "4 digits") }
        guard Self.isSignaturePIN(signaturePIN) else {
            throw .invalidField("signaturePIN", "6 to 16 characters of A-Z and 0-9")
        }
        guard Self.isDigits(securityCode, count: 4...4) else { throw .invalidField("securityCode", "4 digits") }
        guard birthDate.isValid else { throw .invalidField("birthDate", "not a calendar date") }
        guard cardExpiry.isValid, birthDate < cardExpiry else {
            throw .invalidField("cardExpiry", "a calendar date after the birth date")
        }
    }

    /// Whether `text` is `count` ASCII digits.
    static func isDigits(_ text: String, count: ClosedRange<Int>) -> Bool {
        count.contains(text.utf8.count) && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// Whether `text` is a valid signature PIN: 6–16 of A–Z and 0–9.
    static func isSignaturePIN(_ text: String) -> Bool {
        (6...16).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
}

/// Why a ``Persona`` or a persona file is not usable.
public enum PersonaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field does not have the required form: the field and what it must be.
    case invalidField(String, String)
    /// The persona file cannot be read: why.
    case unreadableFile(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidField(let field, let rule): return "persona field \(field): \(rule)"
        case .unreadableFile(let why): return "persona file: \(why)"
        }
    }
}
