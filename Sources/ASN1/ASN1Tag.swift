/// The identifier octets of an ASN.1 element: its class, whether it is constructed, and its
/// tag number.
///
/// Tag numbers of any size that fits in 32 bits are supported; numbers of 31 and above use the
/// high-tag-number form (`1F` followed by base-128 digits).
public struct ASN1Tag: Hashable, Sendable, CustomStringConvertible {
    /// The four tag classes of X.690.
    public enum TagClass: UInt8, Hashable, Sendable {
        case universal = 0
        case application = 1
        case contextSpecific = 2
        case `private` = 3
    }

    /// The class of the tag.
    public var tagClass: TagClass
    /// `true` for the constructed encoding (bit 6 of the first identifier octet).
    public var isConstructed: Bool
    /// The tag number.
    public var number: UInt32

    /// Creates a tag from its parts.
    @inlinable
    public init(_ tagClass: TagClass, number: UInt32, constructed: Bool) {
        self.tagClass = tagClass
        self.number = number
        self.isConstructed = constructed
    }

    /// A universal tag with the constructed bit as DER requires for that type.
    @inlinable
    public static func universal(_ number: UInt32, constructed: Bool = false) -> ASN1Tag {
        ASN1Tag(.universal, number: number, constructed: constructed)
    }

    /// A context-specific tag (`[n]`).
    @inlinable
    public static func contextSpecific(_ number: UInt32, constructed: Bool) -> ASN1Tag {
        ASN1Tag(.contextSpecific, number: number, constructed: constructed)
    }

    /// A tag of the private class, as card data uses (`FF nn`, `DF nn`).
    @inlinable
    public static func privateClass(_ number: UInt32, constructed: Bool) -> ASN1Tag {
        ASN1Tag(.private, number: number, constructed: constructed)
    }

    /// The same tag with the constructed bit set or cleared.
    @inlinable
    public func withConstructed(_ constructed: Bool) -> ASN1Tag {
        ASN1Tag(tagClass, number: number, constructed: constructed)
    }

    /// The encoded identifier octets.
    public var encoded: [UInt8] {
        var writer = DERWriter()
        writer.appendTag(self)
        return writer.bytes
    }

    /// The universal type this tag names, when it is a universal tag.
    public var universalType: ASN1UniversalType? {
        tagClass == .universal ? ASN1UniversalType(rawValue: number) : nil
    }

    /// A short name: `SEQUENCE`, `INTEGER`, `[0]`, `[APPLICATION 3]`, `[PRIVATE 16]`, …
    public var description: String {
        switch tagClass {
        case .universal:
            if let type = ASN1UniversalType(rawValue: number) { return type.name }
            return "[UNIVERSAL \(number)]"
        case .application: return "[APPLICATION \(number)]"
        case .contextSpecific: return "[\(number)]"
        case .private: return "[PRIVATE \(number)]"
        }
    }

    // MARK: Well-known universal tags with the encoding DER requires.
    // (Computed and inlinable: a stored static would be a lazily initialized global, reached
    // through an accessor call on every use in another module.)

    /// `BOOLEAN` (primitive).
    @inlinable public static var boolean: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.boolean.rawValue) }
    /// `INTEGER` (primitive).
    @inlinable public static var integer: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.integer.rawValue) }
    /// `BIT STRING` (primitive).
    @inlinable public static var bitString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.bitString.rawValue) }
    /// `OCTET STRING` (primitive).
    @inlinable public static var octetString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.octetString.rawValue) }
    /// `NULL` (primitive).
    @inlinable public static var null: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.null.rawValue) }
    /// `OBJECT IDENTIFIER` (primitive).
    @inlinable public static var objectIdentifier: ASN1Tag {
        ASN1Tag.universal(ASN1UniversalType.objectIdentifier.rawValue)
    }
    /// `ENUMERATED` (primitive).
    @inlinable public static var enumerated: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.enumerated.rawValue) }
    /// `UTF8String` (primitive).
    @inlinable public static var utf8String: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.utf8String.rawValue) }
    /// `SEQUENCE` / `SEQUENCE OF` (constructed).
    @inlinable public static var sequence: ASN1Tag {
        ASN1Tag.universal(ASN1UniversalType.sequence.rawValue, constructed: true)
    }
    /// `SET` / `SET OF` (constructed).
    @inlinable public static var set: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.set.rawValue, constructed: true) }
    /// `NumericString` (primitive).
    @inlinable public static var numericString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.numericString.rawValue) }
    /// `PrintableString` (primitive).
    @inlinable public static var printableString: ASN1Tag {
        ASN1Tag.universal(ASN1UniversalType.printableString.rawValue)
    }
    /// `TeletexString` / `T61String` (primitive).
    @inlinable public static var teletexString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.teletexString.rawValue) }
    /// `IA5String` (primitive).
    @inlinable public static var ia5String: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.ia5String.rawValue) }
    /// `UTCTime` (primitive).
    @inlinable public static var utcTime: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.utcTime.rawValue) }
    /// `GeneralizedTime` (primitive).
    @inlinable public static var generalizedTime: ASN1Tag {
        ASN1Tag.universal(ASN1UniversalType.generalizedTime.rawValue)
    }
    /// `VisibleString` (primitive).
    @inlinable public static var visibleString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.visibleString.rawValue) }
    /// `UniversalString` (primitive).
    @inlinable public static var universalString: ASN1Tag {
        ASN1Tag.universal(ASN1UniversalType.universalString.rawValue)
    }
    /// `BMPString` (primitive).
    @inlinable public static var bmpString: ASN1Tag { ASN1Tag.universal(ASN1UniversalType.bmpString.rawValue) }
}

/// The universal types of X.680 that this package knows by name.
public enum ASN1UniversalType: UInt32, Sendable, CaseIterable {
    case endOfContents = 0
    case boolean = 1
    case integer = 2
    case bitString = 3
    case octetString = 4
    case null = 5
    case objectIdentifier = 6
    case objectDescriptor = 7
    case external = 8
    case real = 9
    case enumerated = 10
    case embeddedPDV = 11
    case utf8String = 12
    case relativeOID = 13
    case time = 14
    case sequence = 16
    case set = 17
    case numericString = 18
    case printableString = 19
    case teletexString = 20
    case videotexString = 21
    case ia5String = 22
    case utcTime = 23
    case generalizedTime = 24
    case graphicString = 25
    case visibleString = 26
    case generalString = 27
    case universalString = 28
    case characterString = 29
    case bmpString = 30

    /// The name `openssl asn1parse` prints for the type.
    public var name: String {
        switch self {
        case .endOfContents: return "EOC"
        case .boolean: return "BOOLEAN"
        case .integer: return "INTEGER"
        case .bitString: return "BIT STRING"
        case .octetString: return "OCTET STRING"
        case .null: return "NULL"
        case .objectIdentifier: return "OBJECT"
        case .objectDescriptor: return "OBJECT DESCRIPTOR"
        case .external: return "EXTERNAL"
        case .real: return "REAL"
        case .enumerated: return "ENUMERATED"
        case .embeddedPDV: return "EMBEDDED PDV"
        case .utf8String: return "UTF8STRING"
        case .relativeOID: return "RELATIVE-OID"
        case .time: return "TIME"
        case .sequence: return "SEQUENCE"
        case .set: return "SET"
        case .numericString: return "NUMERICSTRING"
        case .printableString: return "PRINTABLESTRING"
        case .teletexString: return "T61STRING"
        case .videotexString: return "VIDEOTEXSTRING"
        case .ia5String: return "IA5STRING"
        case .utcTime: return "UTCTIME"
        case .generalizedTime: return "GENERALIZEDTIME"
        case .graphicString: return "GRAPHICSTRING"
        case .visibleString: return "VISIBLESTRING"
        case .generalString: return "GENERALSTRING"
        case .universalString: return "UNIVERSALSTRING"
        case .characterString: return "CHARACTER STRING"
        case .bmpString: return "BMPSTRING"
        }
    }

    /// The universal tag numbers (as bits) that DER requires to be constructed: EXTERNAL,
    /// EMBEDDED PDV, SEQUENCE, SET, CHARACTER STRING.
    public static let constructedOnlyMask: UInt32 = 1 << 8 | 1 << 11 | 1 << 16 | 1 << 17 | 1 << 29
    /// The universal tag numbers (as bits) that DER requires to be primitive: every other
    /// assigned type from BOOLEAN to BMPString.
    public static let primitiveOnlyMask: UInt32 = 0x7FFF_FFFE & ~constructedOnlyMask & ~(1 << 15)
}
