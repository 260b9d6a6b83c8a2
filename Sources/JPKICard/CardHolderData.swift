import JPKIASN1
import JPKIX509

/// Sex as the card's 券面 applications encode it (ISO/IEC 5218): `1` male, `2` female, `9` not
/// applicable. (The signature certificate uses `3` for unknown instead.)
public enum CardSex: Int, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// `1`.
    case male = 1
    /// `2`.
    case female = 2
    /// `9`.
    case notApplicable = 9

    /// The sex of the card's one ASCII digit, or `nil`.
    public init?(cardCode: [UInt8]) {
        guard cardCode.count == 1, let value = Int(String(decoding: cardCode, as: UTF8.self)) else { return nil }
        self.init(rawValue: value)
    }

    /// `male`, `female`, `not applicable`.
    public var description: String {
        switch self {
        case .male: return "male"
        case .female: return "female"
        case .notApplicable: return "not applicable"
        }
    }

    /// `男`, `女`, `適用不能`.
    public var japaneseDescription: String {
        switch self {
        case .male: return "男"
        case .female: return "女"
        case .notApplicable: return "適用不能"
        }
    }
}

/// The basic 4 information (基本4情報) as the 券面事項入力補助AP stores it (EF 0002).
public struct CardBasicInformation: Hashable, Sendable, Codable {
    /// 氏名, family and given name separated by an ideographic space.
    public var name: String
    /// 住所.
    public var address: String
    /// 生年月日.
    public var birthDate: CardDate
    /// 性別.
    public var sex: CardSex

    /// The information.
    public init(name: String, address: String, birthDate: CardDate, sex: CardSex) {
        self.name = name
        self.address = address
        self.birthDate = birthDate
        self.sex = sex
    }
}

/// What the 券面事項入力補助AP gave: the My Number, the basic 4 information, or both, each
/// checked against its SHA-256 hash in EF 0003, and what the check of EF 0003's signature
/// established.
public struct CardInfo: Hashable, Sendable {
    /// 個人番号: 12 digits, the check digit valid; `nil` when not asked for.
    public var myNumber: String?
    /// The basic 4 information; `nil` when not asked for.
    public var basicInformation: CardBasicInformation?
    /// What was verified (EF 0003's `DF 33` with the key EF 0004 certifies) and by which CA key;
    /// `nil` when nothing was read.
    public var authenticity: CardAuthenticity?
}

/// What the 券面事項確認AP shows of the card's face.
public struct CardSurface: Hashable, Sendable {
    /// 生年月日.
    public var birthDate: CardDate
    /// 性別.
    public var sex: CardSex
    /// The card's expiry (有効期限).
    public var expiry: CardDate
    /// The name as printed (PNG).
    public var nameImage: [UInt8]
    /// The address as printed (PNG).
    public var addressImage: [UInt8]
    /// The face photo (JPEG 2000).
    public var facePhoto: [UInt8]
    /// The security code as printed (PNG).
    public var securityCodeImage: [UInt8]
    /// The My Number as printed on the back (PNG): only with 照合番号A.
    public var myNumberImage: [UInt8]?
    /// What was verified (EF 0002's three-digest signature, EF 0005's signature, with the key EF
    /// 0004 certifies) and by which CA key.
    public var authenticity: CardAuthenticity?
}

/// The card's data objects: `FF nn` constructed, `DF nn` primitive.
enum CardObjects {
    /// The value of the first object of `bytes`, which must have the identifier `tag`.
    static func root(_ bytes: [UInt8], tag: UInt32, at location: CardLocation) throws(JPKICardError) -> BERTLV {
        let objects: [BERTLV]
        do {
            objects = try BERTLV.parse(bytes)
        } catch {
            throw .malformedData(error.description, at: location)
        }
        guard let first = objects.first, first.rawTag == tag else {
            throw .malformedData("no object \(Hex.encode(tagBytes(tag)))", at: location)
        }
        return first
    }

    /// The value of `object`'s child `tag`.
    static func child(_ object: BERTLV, _ tag: UInt32, at location: CardLocation) throws(JPKICardError) -> [UInt8] {
        let child: BERTLV?
        do {
            child = try object.child(rawTag: tag)
        } catch {
            throw .malformedData(error.description, at: location)
        }
        guard let child else { throw .malformedData("no object \(Hex.encode(tagBytes(tag)))", at: location) }
        return Array(child.value)
    }

    /// The child `tag` as UTF-8 text.
    static func text(_ object: BERTLV, _ tag: UInt32, at location: CardLocation) throws(JPKICardError) -> String {
        let bytes = try child(object, tag, at: location)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformedData("object \(Hex.encode(tagBytes(tag))) is not UTF-8", at: location)
        }
        return text
    }

    /// The child `tag` as a `YYYYMMDD` date.
    static func date(_ object: BERTLV, _ tag: UInt32, at location: CardLocation) throws(JPKICardError) -> CardDate {
        let text = try self.text(object, tag, at: location)
        guard text.utf8.count == 8, let date = CardDate(text) else {
            throw .malformedData("object \(Hex.encode(tagBytes(tag))) is not a date YYYYMMDD", at: location)
        }
        return date
    }

    /// The child `tag` as a sex code.
    static func sex(_ object: BERTLV, _ tag: UInt32, at location: CardLocation) throws(JPKICardError) -> CardSex {
        let bytes = try child(object, tag, at: location)
        guard let sex = CardSex(cardCode: bytes) else {
            throw .malformedData("object \(Hex.encode(tagBytes(tag))) is not a sex code 1, 2 or 9", at: location)
        }
        return sex
    }

    /// Checks that the table `tableTag`, the first child of `object`, holds the 2-byte offsets
    /// (from the object's first byte, the first byte of the file) of every child after it.
    static func checkOffsetTable(_ object: BERTLV, tableTag: UInt32, at location: CardLocation) throws(JPKICardError) {
        let children: [BERTLV]
        do {
            children = try object.children()
        } catch {
            throw .malformedData(error.description, at: location)
        }
        guard let table = children.first, table.rawTag == tableTag else {
            throw .malformedData(
                "the offset table \(Hex.encode(tagBytes(tableTag))) is not the first object", at: location)
        }
        let starts = children.dropFirst().map { $0.offset - object.offset }
        let values = Array(table.value)
        guard values.count == 2 * starts.count else {
            throw .malformedData("the offset table has \(values.count) bytes for \(starts.count) objects", at: location)
        }
        for (index, start) in starts.enumerated()
        where Int(values[2 * index]) << 8 | Int(values[2 * index + 1]) != start {
            throw .malformedData(
                "offset \(index) of the offset table is not where its object starts (\(start))", at: location)
        }
    }

    static func tagBytes(_ tag: UInt32) -> [UInt8] {
        tag > 0xFF ? [UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)] : [UInt8(tag)]
    }
}
