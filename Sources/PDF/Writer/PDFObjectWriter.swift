import JPKIASN1

/// Writes PDF objects as bytes (ISO 32000-1 §7.3): what the incremental update appends.
enum PDFObjectWriter {
    /// The bytes of `object` (a stream's data is not written here: see
    /// ``IncrementalUpdate/addStream(_:data:)``).
    static func write(_ object: PDFObject, into output: inout [UInt8]) {
        switch object {
        case .null: output += Array("null".utf8)
        case .boolean(let value): output += Array((value ? "true" : "false").utf8)
        case .integer(let value): output += Array(String(value).utf8)
        case .real(_, let text): output += Array(text.utf8)
        case .string(let string): write(string, into: &output)
        case .name(let name): write(name, into: &output)
        case .reference(let reference): output += Array("\(reference.number) \(reference.generation) R".utf8)
        case .array(let elements):
            output.append(0x5B)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(0x20) }
                write(element, into: &output)
            }
            output.append(0x5D)
        case .dictionary(let dictionary): write(dictionary, into: &output)
        case .stream(let stream): write(stream.dictionary, into: &output)
        }
    }

    static func write(_ dictionary: PDFDictionary, into output: inout [UInt8]) {
        output += Array("<<".utf8)
        for entry in dictionary.entries {
            output.append(0x20)
            write(entry.key, into: &output)
            output.append(0x20)
            write(entry.value, into: &output)
        }
        output += Array(" >>".utf8)
    }

    /// `/Name`, with `#xx` for delimiters, white space, `#` and bytes outside `!`…`~`.
    static func write(_ name: PDFName, into output: inout [UInt8]) {
        output.append(0x2F)
        for byte in name.bytes {
            if byte < 0x21 || byte > 0x7E || byte == 0x23 || PDFParser.isDelimiter(byte) {
                output.append(0x23)
                output += Array(Hex.encode([byte]).utf8)
            } else {
                output.append(byte)
            }
        }
    }

    /// A literal string with `\(`, `\)`, `\\` escaped and control bytes in octal; hexadecimal
    /// when it was read so, or when it is mostly binary.
    static func write(_ string: PDFString, into output: inout [UInt8]) {
        let binary = string.bytes.filter { $0 < 0x20 || $0 > 0x7E }.count
        if string.isHexadecimal || binary * 4 > string.bytes.count {
            output.append(0x3C)
            output += Array(Hex.encode(string.bytes).utf8)
            output.append(0x3E)
            return
        }
        output.append(0x28)
        for byte in string.bytes {
            switch byte {
            case 0x28, 0x29, 0x5C:
                output += [0x5C, byte]
            case 0x20...0x7E:
                output.append(byte)
            default:
                let octal = String(byte, radix: 8)
                output.append(0x5C)
                output += Array((String(repeating: "0", count: 3 - octal.count) + octal).utf8)
            }
        }
        output.append(0x29)
    }
}
