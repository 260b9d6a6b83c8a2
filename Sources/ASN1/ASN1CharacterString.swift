/// A value of one of the ASN.1 character string types, decoded to a Swift `String`.
///
/// Reading checks each type's character set: PrintableString (`A–Z a–z 0–9 '()+,-./:=?` and
/// space), IA5String (7-bit), VisibleString (`20`–`7E`), NumericString (digits and space),
/// UTF8String (valid UTF-8), BMPString (UCS-2: even length, no surrogates), UniversalString
/// (UCS-4: multiple of four, Unicode scalars). TeletexString is read as ISO 8859-1, as OpenSSL
/// does.
public struct ASN1CharacterString: Hashable, Sendable, CustomStringConvertible {
    /// The string types.
    public enum Kind: Hashable, Sendable, CaseIterable {
        case utf8
        case printable
        case ia5
        case bmp
        case teletex
        case visible
        case numeric
        case universal

        /// The universal tag of this type.
        public var tag: ASN1Tag {
            switch self {
            case .utf8: return .utf8String
            case .printable: return .printableString
            case .ia5: return .ia5String
            case .bmp: return .bmpString
            case .teletex: return .teletexString
            case .visible: return .visibleString
            case .numeric: return .numericString
            case .universal: return .universalString
            }
        }

        /// The kind for a primitive universal string tag, or `nil`.
        @inlinable
        public init?(tag: ASN1Tag) {
            guard tag.tagClass == .universal else { return nil }
            switch tag.number {
            case ASN1UniversalType.utf8String.rawValue: self = .utf8
            case ASN1UniversalType.printableString.rawValue: self = .printable
            case ASN1UniversalType.ia5String.rawValue: self = .ia5
            case ASN1UniversalType.bmpString.rawValue: self = .bmp
            case ASN1UniversalType.teletexString.rawValue: self = .teletex
            case ASN1UniversalType.visibleString.rawValue: self = .visible
            case ASN1UniversalType.numericString.rawValue: self = .numeric
            case ASN1UniversalType.universalString.rawValue: self = .universal
            default: return nil
            }
        }

        /// Whether `octet` belongs to PrintableString's character set.
        @inlinable
        public static func isPrintable(_ octet: UInt8) -> Bool {
            switch octet {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x20, 0x27, 0x28, 0x29, 0x2B, 0x2C, 0x2D, 0x2E,
                0x2F, 0x3A, 0x3D, 0x3F:
                return true
            default: return false
            }
        }

        /// Checks `content` against this type's character set.
        @inlinable
        public func validate(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
            let invalid = DERError(.invalidString(tag), at: offset)
            switch self {
            case .printable: for octet in content where !Self.isPrintable(octet) { throw invalid }
            case .ia5: for octet in content where octet > 0x7F { throw invalid }
            case .visible: for octet in content where octet < 0x20 || octet > 0x7E { throw invalid }
            case .numeric: for octet in content where octet != 0x20 && !(0x30...0x39).contains(octet) { throw invalid }
            case .teletex: return
            case .utf8:
                var iterator = content.makeIterator()
                var decoder = UTF8()
                while true {
                    switch decoder.decode(&iterator) {
                    case .scalarValue: continue
                    case .emptyInput: return
                    case .error: throw invalid
                    }
                }
            case .bmp:
                guard content.count % 2 == 0 else { throw invalid }
                var i = 0
                while i < content.count {
                    let unit = UInt16(content[i]) << 8 | UInt16(content[i + 1])
                    if (0xD800...0xDFFF).contains(unit) { throw invalid }
                    i += 2
                }
            case .universal:
                guard content.count % 4 == 0 else { throw invalid }
                var i = 0
                while i < content.count {
                    let value =
                        UInt32(content[i]) << 24 | UInt32(content[i + 1]) << 16 | UInt32(content[i + 2]) << 8
                        | UInt32(content[i + 3])
                    if Unicode.Scalar(value) == nil { throw invalid }
                    i += 4
                }
            }
        }

        /// Decodes content that ``validate(_:at:)`` accepted.
        public func decode(_ content: UnsafeRawBufferPointer) -> String {
            switch self {
            case .utf8, .printable, .ia5, .visible, .numeric:
                return String(decoding: content, as: UTF8.self)
            case .teletex:
                var scalars = String.UnicodeScalarView()
                for octet in content { scalars.append(Unicode.Scalar(octet)) }
                return String(scalars)
            case .bmp:
                var units: [UInt16] = []
                units.reserveCapacity(content.count / 2)
                var i = 0
                while i + 1 < content.count {
                    units.append(UInt16(content[i]) << 8 | UInt16(content[i + 1]))
                    i += 2
                }
                return String(decoding: units, as: UTF16.self)
            case .universal:
                var scalars = String.UnicodeScalarView()
                var i = 0
                while i + 3 < content.count {
                    let value =
                        UInt32(content[i]) << 24 | UInt32(content[i + 1]) << 16 | UInt32(content[i + 2]) << 8
                        | UInt32(content[i + 3])
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    i += 4
                }
                return String(scalars)
            }
        }

        /// Encodes `value` in this type, or returns `nil` when a character is outside the set.
        public func encode(_ value: String) -> [UInt8]? {
            switch self {
            case .utf8: return Array(value.utf8)
            case .printable: return value.utf8.allSatisfy(Self.isPrintable) ? Array(value.utf8) : nil
            case .ia5: return value.utf8.allSatisfy { $0 <= 0x7F } ? Array(value.utf8) : nil
            case .visible: return value.utf8.allSatisfy { (0x20...0x7E).contains($0) } ? Array(value.utf8) : nil
            case .numeric:
                return value.utf8.allSatisfy { $0 == 0x20 || (0x30...0x39).contains($0) } ? Array(value.utf8) : nil
            case .teletex:
                var bytes: [UInt8] = []
                for scalar in value.unicodeScalars {
                    guard scalar.value <= 0xFF else { return nil }
                    bytes.append(UInt8(scalar.value))
                }
                return bytes
            case .bmp:
                var bytes: [UInt8] = []
                for scalar in value.unicodeScalars {
                    guard scalar.value <= 0xFFFF else { return nil }
                    bytes.append(UInt8(scalar.value >> 8))
                    bytes.append(UInt8(scalar.value & 0xFF))
                }
                return bytes
            case .universal:
                var bytes: [UInt8] = []
                for scalar in value.unicodeScalars {
                    let v = scalar.value
                    bytes += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
                }
                return bytes
            }
        }
    }

    /// The string type.
    public let kind: Kind
    /// The decoded text.
    public let value: String

    /// Creates a string of `kind`.
    ///
    /// - Throws: ``DERError/Rule/invalidString(_:)`` (at offset 0) when `value` has a character
    ///   outside the type's set.
    public init(_ value: String, kind: Kind) throws(DERError) {
        guard kind.encode(value) != nil else { throw DERError(.invalidString(kind.tag), at: 0) }
        self.kind = kind
        self.value = value
    }

    /// The text.
    public var description: String { value }
}
