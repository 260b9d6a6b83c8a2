/// An indirect object's number and generation: `12 0 R`.
public struct PDFReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The object number.
    public var number: Int
    /// The generation number.
    public var generation: Int

    /// A reference.
    public init(_ number: Int, _ generation: Int = 0) {
        self.number = number
        self.generation = generation
    }

    /// Orders by number, then generation.
    public static func < (lhs: PDFReference, rhs: PDFReference) -> Bool {
        (lhs.number, lhs.generation) < (rhs.number, rhs.generation)
    }

    /// `12 0 R`.
    public var description: String { "\(number) \(generation) R" }
}

/// A PDF name (`/Type`), as its decoded bytes (`#xx` escapes resolved).
public struct PDFName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The decoded bytes.
    public var bytes: [UInt8]

    /// A name of `bytes`.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A name from text (`"Type"`, without the slash).
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// A name from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The name as text (UTF-8; invalid bytes replaced).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// `/Type`.
    public var description: String { "/" + string }
}

/// A PDF string, literal `(…)` or hexadecimal `<…>`, as its decoded bytes.
///
/// Equality compares the bytes only; ``span`` says where the string was in the file, which a
/// signature's `/Contents` needs (the ByteRange must leave out exactly that span).
public struct PDFString: Hashable, Sendable, CustomStringConvertible {
    /// The decoded bytes.
    public var bytes: [UInt8]
    /// Whether it was written in hexadecimal.
    public var isHexadecimal: Bool
    /// Where the whole token (delimiters included) lies in the file, when it was read from the
    /// file's bytes directly (not from a decoded object stream).
    public var span: Range<Int>?

    /// A string.
    public init(bytes: [UInt8], isHexadecimal: Bool = false, span: Range<Int>? = nil) {
        self.bytes = bytes
        self.isHexadecimal = isHexadecimal
        self.span = span
    }

    /// A string of UTF-8 text (written as PDFDocEncoding when it is ASCII, else as UTF-16BE
    /// with a byte-order mark, as PDF text strings are).
    public init(text: String) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            self.init(bytes: Array(text.utf8))
        } else {
            var bytes: [UInt8] = [0xFE, 0xFF]
            for unit in text.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            self.init(bytes: bytes)
        }
    }

    /// The string as text: UTF-16 when it starts with a byte-order mark, UTF-8 when it starts
    /// with the UTF-8 mark, else PDFDocEncoding read as Latin-1.
    public var text: String {
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            var units: [UInt16] = []
            var index = 2
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: bytes.dropFirst(3), as: UTF8.self)
        }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// The text.
    public var description: String { text }

    /// Equal when the bytes are.
    public static func == (lhs: PDFString, rhs: PDFString) -> Bool { lhs.bytes == rhs.bytes }

    /// Hashes the bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

/// A PDF dictionary: its entries in file order (keys are unique: the reader refuses
/// duplicates).
public struct PDFDictionary: Hashable, Sendable {
    /// One entry.
    public struct Entry: Hashable, Sendable {
        /// The key.
        public var key: PDFName
        /// The value.
        public var value: PDFObject

        /// An entry.
        public init(_ key: PDFName, _ value: PDFObject) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, in the order they were read or set.
    public var entries: [Entry]

    /// A dictionary of `entries`.
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// The value of `key`, or `nil` (a `null` value counts as absent, as PDF says).
    public subscript(key: PDFName) -> PDFObject? {
        get {
            guard let value = entries.first(where: { $0.key == key })?.value, value != .null else { return nil }
            return value
        }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key, newValue))
            }
        }
    }

    /// The keys.
    public var keys: [PDFName] { entries.map(\.key) }

    /// The value of `/Type`, when it is a name.
    public var type: PDFName? { self["Type"]?.name }

    /// Equal when the same keys hold equal values, whatever the order.
    public static func == (lhs: PDFDictionary, rhs: PDFDictionary) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        // In the same order (a dictionary compared with itself, or a copy): one pass.
        if lhs.entries == rhs.entries { return true }
        // Otherwise by key, through a table (a scan of every entry against all of the other
        // dictionary's would be quadratic in a hostile file's thousands of keys).
        var values: [PDFName: [PDFObject]] = [:]
        for entry in rhs.entries { values[entry.key, default: []].append(entry.value) }
        return lhs.entries.allSatisfy { entry in values[entry.key]?.contains(entry.value) == true }
    }

    /// Hashes the entries independently of their order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for entry in entries {
            var inner = Hasher()
            inner.combine(entry)
            combined ^= inner.finalize()
        }
        hasher.combine(combined)
    }
}

/// A stream: its dictionary and where its (encoded) data lie in the file.
public struct PDFStream: Hashable, Sendable {
    /// The stream dictionary.
    public var dictionary: PDFDictionary
    /// The encoded data's range in the file.
    public var dataRange: Range<Int>

    /// A stream.
    public init(dictionary: PDFDictionary, dataRange: Range<Int>) {
        self.dictionary = dictionary
        self.dataRange = dataRange
    }
}

/// A PDF object (ISO 32000-1 §7.3).
public indirect enum PDFObject: Hashable, Sendable {
    /// `null`.
    case null
    /// `true`, `false`.
    case boolean(Bool)
    /// An integer.
    case integer(Int)
    /// A real number, with its text as written.
    case real(Double, text: String)
    /// A string.
    case string(PDFString)
    /// A name.
    case name(PDFName)
    /// An array.
    case array([PDFObject])
    /// A dictionary.
    case dictionary(PDFDictionary)
    /// A stream (only as an indirect object).
    case stream(PDFStream)
    /// A reference to an indirect object.
    case reference(PDFReference)

    /// The integer, when it is one.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The name, when it is one.
    public var name: PDFName? {
        if case .name(let value) = self { return value }
        return nil
    }

    /// The string, when it is one.
    public var string: PDFString? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The array, when it is one.
    public var array: [PDFObject]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The dictionary, or a stream's dictionary.
    public var dictionary: PDFDictionary? {
        switch self {
        case .dictionary(let value): return value
        case .stream(let stream): return stream.dictionary
        default: return nil
        }
    }

    /// The stream, when it is one.
    public var stream: PDFStream? {
        if case .stream(let value) = self { return value }
        return nil
    }

    /// The reference, when it is one.
    public var reference: PDFReference? {
        if case .reference(let value) = self { return value }
        return nil
    }

    /// A short name of the object's kind, for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .real: return "real"
        case .string: return "string"
        case .name: return "name"
        case .array: return "array"
        case .dictionary: return "dictionary"
        case .stream: return "stream"
        case .reference: return "reference"
        }
    }
}
