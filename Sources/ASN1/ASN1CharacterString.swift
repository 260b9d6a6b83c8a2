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

        /// The kind whose primitive universal tag is encoded in the one identifier octet
        /// `octet` (`0C`, `13`, …), or `nil`.
        @inlinable
        package init?(usualTagOctet octet: UInt8) {
            switch octet {
            case 0x0C: self = .utf8
            case 0x13: self = .printable
            case 0x16: self = .ia5
            case 0x1E: self = .bmp
            case 0x14: self = .teletex
            case 0x1A: self = .visible
            case 0x12: self = .numeric
            case 0x1C: self = .universal
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
        ///
        /// - Throws: ``DERError/Rule/invalidString(_:)`` (at `offset`) for an octet or sequence
        ///   outside the set.
        public func validate(_ content: some Collection<UInt8>, at offset: Int = 0) throws(DERError) {
            try withContiguousBytes(content) { raw throws(DERError) in try validate(raw, at: offset) }
        }

        /// Checks `content`, valid during the call, against this type's character set.
        @inlinable
        package func validate(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
            switch self {
            case .printable:
                // PrintableString's set as a 256-bit mask (00–3F, 40–7F, none from 80 on), read
                // without branches.
                let masks: (UInt64, UInt64, UInt64, UInt64) = (0xA7FF_FB81_0000_0000, 0x07FF_FFFE_07FF_FFFE, 0, 0)
                let outside = withUnsafeBytes(of: masks) { masks in
                    var outside: UInt64 = 0
                    for octet in content {
                        let mask = masks.load(fromByteOffset: Int(octet >> 6) &* 8, as: UInt64.self)
                        outside |= ~(mask >> (octet & 0x3F)) & 1
                    }
                    return outside
                }
                if outside != 0 { throw DERError(.invalidString(tag), at: offset) }
            case .ia5: if !Self.isASCII(content) { throw DERError(.invalidString(tag), at: offset) }
            case .visible:
                for octet in content where octet < 0x20 || octet > 0x7E {
                    throw DERError(.invalidString(tag), at: offset)
                }
            case .numeric:
                for octet in content where octet != 0x20 && !(0x30...0x39).contains(octet) {
                    throw DERError(.invalidString(tag), at: offset)
                }
            case .teletex: return
            case .utf8:
                // ASCII needs no decoding; the first non-ASCII octet starts a sequence, so decoding
                // from there on decides the whole.
                var start = 0
                while start + 8 <= content.count,
                    content.loadUnaligned(fromByteOffset: start, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    start += 8
                }
                while start < content.count && content[start] < 0x80 { start += 1 }
                if start == content.count { return }
                var iterator = UnsafeRawBufferPointer(rebasing: content[start...]).makeIterator()
                var decoder = UTF8()
                while true {
                    switch decoder.decode(&iterator) {
                    case .scalarValue: continue
                    case .emptyInput: return
                    case .error: throw DERError(.invalidString(tag), at: offset)
                    }
                }
            case .bmp:
                guard content.count % 2 == 0 else { throw DERError(.invalidString(tag), at: offset) }
                var i = 0
                while i < content.count {
                    let unit = UInt16(content[i]) << 8 | UInt16(content[i + 1])
                    if (0xD800...0xDFFF).contains(unit) { throw DERError(.invalidString(tag), at: offset) }
                    i += 2
                }
            case .universal:
                guard content.count % 4 == 0 else { throw DERError(.invalidString(tag), at: offset) }
                var i = 0
                while i < content.count {
                    let value =
                        UInt32(content[i]) << 24 | UInt32(content[i + 1]) << 16 | UInt32(content[i + 2]) << 8
                        | UInt32(content[i + 3])
                    if Unicode.Scalar(value) == nil { throw DERError(.invalidString(tag), at: offset) }
                    i += 4
                }
            }
        }

        /// Whether every octet of `content` is below 80, eight at a time.
        @inlinable
        static func isASCII(_ content: UnsafeRawBufferPointer) -> Bool {
            var i = 0
            while i + 8 <= content.count {
                if content.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                i += 8
            }
            while i < content.count {
                if content[i] > 0x7F { return false }
                i += 1
            }
            return true
        }

        /// Decodes content that ``validate(_:at:)`` accepted (other content decodes with
        /// replacement characters).
        public func decode(_ content: some Collection<UInt8>) -> String {
            withContiguousBytes(content) { raw in decode(raw) }
        }

        /// Decodes content, valid during the call, that ``validate(_:at:)`` accepted.
        package func decode(_ content: UnsafeRawBufferPointer) -> String {
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
