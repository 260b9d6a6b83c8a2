/// Reads PDF tokens and objects from bytes (the file, or a decoded object stream), strictly:
/// every error is a ``PDFError`` at the byte where the rule breaks.
///
/// Tolerant where real files need it: any white space and comments between tokens, an odd
/// number of hexadecimal digits (a final 0 is implied, as ISO 32000-1 §7.3.4.3 says), a stream
/// keyword followed by CR LF, LF or a lone CR.
struct PDFParser {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let limits: PDFLimits
    /// `nil` when `bytes` is the file (spans of strings are then file offsets).
    let context: String?

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0, limits: PDFLimits = .default, context: String? = nil) {
        self.bytes = bytes
        self.position = position
        self.limits = limits
        self.context = context
    }

    func error(_ kind: PDFError.Kind, at offset: Int? = nil) -> PDFError {
        PDFError(kind, at: offset ?? position, context: context)
    }

    // MARK: Characters

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    @inline(__always) static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: return true
        default: return false
        }
    }

    @inline(__always) static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == 0x25 {  // % comment to the end of the line
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// The regular characters at the position (a keyword or number), without moving.
    func peekWord() -> (text: Substring, end: Int) {
        var end = position
        while end < bytes.count, Self.isRegular(bytes[end]) { end += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        return (text[...], end)
    }

    /// Reads the keyword `word` (after white space), or throws.
    mutating func expectKeyword(_ word: String) throws(PDFError) {
        skipWhitespace()
        let (text, end) = peekWord()
        guard text == word else { throw error(.unexpectedToken(expected: word, found: describeToken())) }
        position = end
    }

    /// Whether the keyword `word` comes next (after white space); consumes it when it does.
    mutating func consumeKeyword(_ word: String) -> Bool {
        let saved = position
        skipWhitespace()
        let (text, end) = peekWord()
        if text == word {
            position = end
            return true
        }
        position = saved
        return false
    }

    /// What is at the position, for messages: up to 16 characters.
    func describeToken() -> String {
        guard position < bytes.count else { return "the end of the data" }
        let end = min(bytes.count, position + 16)
        var text = ""
        for index in position..<end {
            let byte = bytes[index]
            if index > position, Self.isWhitespace(byte) { break }
            text += byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
        }
        return "'\(text)'"
    }

    // MARK: Objects

    /// Reads one object (direct, or a reference `N G R`).
    mutating func parseObject(depth: Int = 0) throws(PDFError) -> PDFObject {
        guard depth <= limits.maximumDepth else { throw error(.nestingTooDeep(limit: limits.maximumDepth)) }
        skipWhitespace()
        guard position < bytes.count else { throw error(.truncated("an object")) }
        let start = position
        let byte = bytes[position]
        switch byte {
        case 0x2F: return .name(try parseName())
        case 0x28: return .string(try parseLiteralString())
        case 0x3C:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3C {
                return .dictionary(try parseDictionary(depth: depth))
            }
            return .string(try parseHexString())
        case 0x5B:
            position += 1
            var elements: [PDFObject] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw error(.truncated("an array"), at: start) }
                if bytes[position] == 0x5D {
                    position += 1
                    return .array(elements)
                }
                elements.append(try parseObject(depth: depth + 1))
            }
        case 0x2B, 0x2D, 0x2E, 0x30...0x39:
            let number = try parseNumber()
            if case .integer(let first) = number, first >= 0 {
                // `N G R`?
                let saved = position
                skipWhitespace()
                let (second, secondEnd) = peekWord()
                if let generation = Int(second), second.allSatisfy(\.isASCIIDigitCharacter) {
                    position = secondEnd
                    skipWhitespace()
                    let (keyword, keywordEnd) = peekWord()
                    if keyword == "R" {
                        position = keywordEnd
                        return .reference(PDFReference(first, generation))
                    }
                }
                position = saved
            }
            return number
        default:
            let (word, end) = peekWord()
            switch word {
            case "true":
                position = end
                return .boolean(true)
            case "false":
                position = end
                return .boolean(false)
            case "null":
                position = end
                return .null
            default:
                throw error(.unexpectedToken(expected: "an object", found: describeToken()))
            }
        }
    }

    /// Reads `<< … >>`.
    mutating func parseDictionary(depth: Int) throws(PDFError) -> PDFDictionary {
        let start = position
        position += 2
        var entries: [PDFDictionary.Entry] = []
        // The keys of a large dictionary, for the duplicate check (a scan of each key against all
        // before it would be quadratic); small ones, nearly all, are scanned.
        var keysOfLargeDictionary: Set<PDFName> = []
        while true {
            skipWhitespace()
            guard position + 1 < bytes.count else { throw error(.truncated("a dictionary"), at: start) }
            if bytes[position] == 0x3E {
                guard bytes[position + 1] == 0x3E else {
                    throw error(.unexpectedToken(expected: ">>", found: describeToken()))
                }
                position += 2
                return PDFDictionary(entries)
            }
            guard bytes[position] == 0x2F else {
                throw error(.unexpectedToken(expected: "a name (dictionary key) or >>", found: describeToken()))
            }
            let keyOffset = position
            let key = try parseName()
            let value = try parseObject(depth: depth + 1)
            let duplicate: Bool
            if entries.count < 16 {
                duplicate = entries.contains { $0.key == key }
            } else {
                if keysOfLargeDictionary.isEmpty { keysOfLargeDictionary = Set(entries.map(\.key)) }
                duplicate = !keysOfLargeDictionary.insert(key).inserted
            }
            if duplicate { throw error(.duplicateKey(key.string), at: keyOffset) }
            entries.append(PDFDictionary.Entry(key, value))
        }
    }

    /// Reads `/Name`.
    mutating func parseName() throws(PDFError) -> PDFName {
        position += 1
        var decoded: [UInt8] = []
        while position < bytes.count, Self.isRegular(bytes[position]) {
            let byte = bytes[position]
            if byte == 0x23 {  // #xx
                guard position + 2 < bytes.count, let high = Self.hexValue(bytes[position + 1]),
                    let low = Self.hexValue(bytes[position + 2])
                else { throw error(.invalidName("# not followed by two hexadecimal digits")) }
                decoded.append(high << 4 | low)
                position += 3
            } else {
                decoded.append(byte)
                position += 1
            }
        }
        return PDFName(bytes: decoded)
    }

    /// Reads a number: an integer, or a real with a decimal point.
    mutating func parseNumber() throws(PDFError) -> PDFObject {
        let start = position
        var end = position
        if end < bytes.count, bytes[end] == 0x2B || bytes[end] == 0x2D { end += 1 }
        var sawDigit = false
        var sawPoint = false
        while end < bytes.count {
            let byte = bytes[end]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
            } else if byte == 0x2E && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            end += 1
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard sawDigit, end - start <= 40, end >= bytes.count || !Self.isRegular(bytes[end]) else {
            throw error(.invalidNumber(describeToken()), at: start)
        }
        position = end
        if sawPoint {
            guard let value = Double(text.hasSuffix(".") ? text + "0" : text) else {
                throw error(.invalidNumber(text), at: start)
            }
            return .real(value, text: text)
        }
        guard let value = Int(text) else { throw error(.invalidNumber(text), at: start) }
        return .integer(value)
    }

    /// Reads `( … )` with its escapes; unescaped end-of-line markers become LF.
    mutating func parseLiteralString() throws(PDFError) -> PDFString {
        let start = position
        position += 1
        var decoded: [UInt8] = []
        var nesting = 1
        while true {
            guard position < bytes.count else { throw error(.truncated("a literal string"), at: start) }
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x28:
                nesting += 1
                decoded.append(byte)
            case 0x29:
                nesting -= 1
                if nesting == 0 {
                    return PDFString(bytes: decoded, span: context == nil ? start..<position : nil)
                }
                decoded.append(byte)
            case 0x0D:
                if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                decoded.append(0x0A)
            case 0x5C:
                guard position < bytes.count else { throw error(.truncated("a literal string"), at: start) }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case 0x6E: decoded.append(0x0A)  // \n
                case 0x72: decoded.append(0x0D)  // \r
                case 0x74: decoded.append(0x09)  // \t
                case 0x62: decoded.append(0x08)  // \b
                case 0x66: decoded.append(0x0C)  // \f
                case 0x28, 0x29, 0x5C: decoded.append(escaped)
                case 0x0D:  // line continuation
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                case 0x0A: break
                case 0x30...0x37:
                    var value = Int(escaped - 0x30)
                    var digits = 1
                    while digits < 3, position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x37 {
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                        digits += 1
                    }
                    decoded.append(UInt8(truncatingIfNeeded: value))
                default:
                    decoded.append(escaped)  // an unknown escape: the backslash is ignored (§7.3.4.2)
                }
            default:
                decoded.append(byte)
            }
        }
    }

    /// Reads `< … >`.
    mutating func parseHexString() throws(PDFError) -> PDFString {
        let start = position
        position += 1
        var decoded: [UInt8] = []
        var high: UInt8?
        while true {
            guard position < bytes.count else { throw error(.truncated("a hexadecimal string"), at: start) }
            let byte = bytes[position]
            position += 1
            if byte == 0x3E { break }
            if Self.isWhitespace(byte) { continue }
            guard let value = Self.hexValue(byte) else {
                throw error(
                    .invalidString("'\(Character(UnicodeScalar(byte)))' in a hexadecimal string"), at: position - 1)
            }
            if let first = high {
                decoded.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let first = high { decoded.append(first << 4) }
        return PDFString(bytes: decoded, isHexadecimal: true, span: context == nil ? start..<position : nil)
    }

    /// Reads an unsigned decimal integer token (cross-reference sections, object headers).
    mutating func parseUnsigned(_ what: String) throws(PDFError) -> Int {
        skipWhitespace()
        let (text, end) = peekWord()
        guard !text.isEmpty, text.count <= 19, text.allSatisfy(\.isASCIIDigitCharacter), let value = Int(text) else {
            throw error(.unexpectedToken(expected: what, found: describeToken()))
        }
        position = end
        return value
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
