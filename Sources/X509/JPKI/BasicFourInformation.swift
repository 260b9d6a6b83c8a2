import JPKIASN1

/// The basic 4 information (基本4情報) of a JPKI signature certificate: the holder's name,
/// address, birth date and sex, with the substitute-character flags of the name and address.
///
/// They are otherNames of the subjectAltName, each value a UTF8String inside `[0]`:
///
/// | OID | field | format |
/// |---|---|---|
/// | 1.2.392.200149.8.5.5.1 | name | family and given name separated by an ideographic space |
/// | 1.2.392.200149.8.5.5.2 | name substitute-character flags | a string of `0`/`1` |
/// | 1.2.392.200149.8.5.5.3 | sex | `1` male, `2` female, `3` unknown |
/// | 1.2.392.200149.8.5.5.4 | birth date | era digit + YYYYMMDD |
/// | 1.2.392.200149.8.5.5.5 | address | from the prefecture, no postcode |
/// | 1.2.392.200149.8.5.5.6 | address substitute-character flags | a string of `0`/`1` |
///
/// ```swift
/// if let information = try certificate.basicFourInformation {
///     print(information.name, information.birthDate.japaneseDescription)
/// }
/// ```
public struct BasicFourInformation: Hashable, Sendable, CustomStringConvertible {
    /// The six otherName fields.
    public enum Field: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// 氏名: 1.2.392.200149.8.5.5.1
        case name = 1
        /// The name substitute-character flags: 1.2.392.200149.8.5.5.2
        case nameSubstituteCharacters = 2
        /// 性別: 1.2.392.200149.8.5.5.3
        case sex = 3
        /// 生年月日: 1.2.392.200149.8.5.5.4
        case birthDate = 4
        /// 住所: 1.2.392.200149.8.5.5.5
        case address = 5
        /// The address substitute-character flags: 1.2.392.200149.8.5.5.6
        case addressSubstituteCharacters = 6

        /// The otherName type of the field.
        public var oid: ASN1ObjectIdentifier {
            switch self {
            case .name: return ASN1ObjectIdentifier.JPKI.name
            case .nameSubstituteCharacters: return ASN1ObjectIdentifier.JPKI.nameSubstituteCharacters
            case .sex: return ASN1ObjectIdentifier.JPKI.sex
            case .birthDate: return ASN1ObjectIdentifier.JPKI.birthDate
            case .address: return ASN1ObjectIdentifier.JPKI.address
            case .addressSubstituteCharacters: return ASN1ObjectIdentifier.JPKI.addressSubstituteCharacters
            }
        }

        /// The field whose otherName type is `oid`, or `nil`.
        public init?(oid: ASN1ObjectIdentifier) {
            guard let field = Field.allCases.first(where: { $0.oid == oid }) else { return nil }
            self = field
        }

        /// The field's name, e.g. `birth date`.
        public var description: String {
            switch self {
            case .name: return "name"
            case .nameSubstituteCharacters: return "name substitute-character flags"
            case .sex: return "sex"
            case .birthDate: return "birth date"
            case .address: return "address"
            case .addressSubstituteCharacters: return "address substitute-character flags"
            }
        }
    }

    /// The sex codes of the certificate (they differ from the card-info AP's codes, where 9 is
    /// "not applicable").
    public enum Sex: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// `1`.
        case male = 1
        /// `2`.
        case female = 2
        /// `3`.
        case unknown = 3

        /// Parses the one-digit code.
        ///
        /// - Throws: ``BasicFourInformationError/invalidSex(_:)`` for anything but `1`, `2`, `3`.
        public init(code: String) throws(BasicFourInformationError) {
            guard code.utf8.count == 1, let value = Int(code), let sex = Sex(rawValue: value) else {
                throw .invalidSex(code)
            }
            self = sex
        }

        /// The one-digit code.
        public var code: String { String(rawValue) }

        /// `male`, `female` or `unknown`.
        public var description: String {
            switch self {
            case .male: return "male"
            case .female: return "female"
            case .unknown: return "unknown"
            }
        }

        /// `男`, `女` or `不明`.
        public var japaneseDescription: String {
            switch self {
            case .male: return "男"
            case .female: return "女"
            case .unknown: return "不明"
            }
        }
    }

    /// Substitute-character flags: a string of `0` and `1` telling whether characters of the
    /// name or address were replaced by substitutes (characters outside the certificate's
    /// character set).
    public struct SubstituteCharacterFlags: Hashable, Sendable, CustomStringConvertible {
        /// The flags in order (`true` for `1`).
        public var flags: [Bool]

        /// Flags from booleans.
        public init(_ flags: [Bool]) { self.flags = flags }

        /// Parses a string of `0` and `1`.
        ///
        /// - Throws: ``BasicFourInformationError/invalidSubstituteCharacterFlags(_:_:)`` (for
        ///   `field`) when another character appears.
        public init(_ text: String, field: Field) throws(BasicFourInformationError) {
            var flags: [Bool] = []
            for octet in text.utf8 {
                switch octet {
                case 0x30: flags.append(false)
                case 0x31: flags.append(true)
                default: throw .invalidSubstituteCharacterFlags(field, text)
                }
            }
            self.flags = flags
        }

        /// No substitutes: the single flag `0`.
        public static let none = SubstituteCharacterFlags([false])

        /// Whether any flag is set.
        public var containsSubstitutes: Bool { flags.contains(true) }

        /// The string of `0` and `1`.
        public var description: String { String(flags.map { $0 ? "1" : "0" }) }
    }

    /// 氏名: the name, family and given name separated by an ideographic space (U+3000).
    public var name: String
    /// The name's substitute-character flags.
    public var nameSubstituteCharacters: SubstituteCharacterFlags
    /// 性別.
    public var sex: Sex
    /// 生年月日.
    public var birthDate: JPKIBirthDate
    /// 住所: from the prefecture on, without the postcode.
    public var address: String
    /// The address's substitute-character flags.
    public var addressSubstituteCharacters: SubstituteCharacterFlags

    /// The basic 4 information.
    public init(
        name: String, nameSubstituteCharacters: SubstituteCharacterFlags = .none, sex: Sex, birthDate: JPKIBirthDate,
        address: String, addressSubstituteCharacters: SubstituteCharacterFlags = .none
    ) {
        self.name = name
        self.nameSubstituteCharacters = nameSubstituteCharacters
        self.sex = sex
        self.birthDate = birthDate
        self.address = address
        self.addressSubstituteCharacters = addressSubstituteCharacters
    }

    /// Decodes the six otherNames among `names` (other names are ignored).
    ///
    /// - Throws: ``BasicFourInformationError`` when a field is missing, repeated, not a
    ///   UTF8String, or malformed.
    public init(generalNames names: some Sequence<GeneralName>) throws(BasicFourInformationError) {
        var values: [Field: String] = [:]
        for name in names {
            guard case .otherName(let type, let value) = name, let field = Field(oid: type) else { continue }
            guard values[field] == nil else { throw .duplicateField(field) }
            guard value.tag == .utf8String,
                let text = try? DER.parse(ASN1CharacterString.self, from: value.encoded), text.kind == .utf8
            else { throw .notUTF8String(field) }
            values[field] = text.value
        }
        func value(_ field: Field) throws(BasicFourInformationError) -> String {
            guard let text = values[field] else { throw .missingField(field) }
            return text
        }
        let name = try value(.name)
        guard !name.isEmpty else { throw .emptyField(.name) }
        let address = try value(.address)
        guard !address.isEmpty else { throw .emptyField(.address) }
        self.init(
            name: name,
            nameSubstituteCharacters: try SubstituteCharacterFlags(
                try value(.nameSubstituteCharacters), field: .nameSubstituteCharacters),
            sex: try Sex(code: try value(.sex)),
            birthDate: try JPKIBirthDate(try value(.birthDate)),
            address: address,
            addressSubstituteCharacters: try SubstituteCharacterFlags(
                try value(.addressSubstituteCharacters), field: .addressSubstituteCharacters))
    }

    /// Whether `names` holds any of the six otherNames.
    public static func isPresent(in names: some Sequence<GeneralName>) -> Bool {
        names.contains {
            if case .otherName(let type, _) = $0 { return Field(oid: type) != nil }
            return false
        }
    }

    /// The family name: the part of ``name`` before the first ideographic space, or `nil` when
    /// the name has none.
    public var familyName: String? {
        guard let space = name.firstIndex(of: "\u{3000}") else { return nil }
        return String(name[..<space])
    }

    /// The given name: the part of ``name`` after the first ideographic space, or `nil` when
    /// the name has none.
    public var givenName: String? {
        guard let space = name.firstIndex(of: "\u{3000}") else { return nil }
        return String(name[name.index(after: space)...])
    }

    /// The text of each field as the certificate carries it.
    public func text(of field: Field) -> String {
        switch field {
        case .name: return name
        case .nameSubstituteCharacters: return nameSubstituteCharacters.description
        case .sex: return sex.code
        case .birthDate: return birthDate.text
        case .address: return address
        case .addressSubstituteCharacters: return addressSubstituteCharacters.description
        }
    }

    /// The six otherNames in field order, each value a UTF8String.
    ///
    /// - Throws: `DERError` never for valid Swift strings (the signature follows the
    ///   element builder's).
    public func otherNames() throws(DERError) -> [GeneralName] {
        var names: [GeneralName] = []
        for field in Field.allCases {
            var writer = DERWriter()
            writer.writePrimitive(.utf8String, content: Array(text(of: field).utf8))
            names.append(.otherName(type: field.oid, value: try ASN1Element(encoded: writer.bytes)))
        }
        return names
    }

    /// One field a line: `name: …`, `sex: …`, `birth date: …`, `address: …` and the flags.
    public var description: String {
        [
            "name: \(name)", "name substitute-character flags: \(nameSubstituteCharacters)", "sex: \(sex)",
            "birth date: \(birthDate)", "address: \(address)",
            "address substitute-character flags: \(addressSubstituteCharacters)",
        ].joined(separator: "\n")
    }
}

extension Certificate {
    /// The basic 4 information from the subjectAltName's otherNames, or `nil` when the
    /// certificate has none of them (user-authentication and CA certificates).
    ///
    /// - Throws: ``BasicFourInformationError`` when the otherNames are present but malformed,
    ///   or the subjectAltName does not decode.
    public var basicFourInformation: BasicFourInformation? {
        get throws(BasicFourInformationError) {
            let names: SubjectAlternativeNames?
            do {
                names = try extensions.subjectAlternativeNames
            } catch {
                throw .invalidExtension(error)
            }
            guard let names, BasicFourInformation.isPresent(in: names) else { return nil }
            return try BasicFourInformation(generalNames: names)
        }
    }
}
