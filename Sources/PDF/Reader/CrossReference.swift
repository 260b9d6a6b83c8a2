/// Where a cross-reference section says an object is.
public enum CrossReferenceEntry: Hashable, Sendable {
    /// The object number is free (deleted, or never used).
    case free
    /// The object is at a byte offset of the file, with a generation number.
    case offset(Int, generation: Int)
    /// The object is the `index`-th of the object stream `stream` (generation 0).
    case compressed(stream: Int, index: Int)
}

/// One cross-reference section: a classic `xref` table or a cross-reference stream, with the
/// trailer dictionary that goes with it.
struct CrossReferenceSection: Sendable {
    /// Where the section starts (`xref`, or the stream's `N G obj`).
    var offset: Int
    /// Whether it is a cross-reference stream.
    var isStream: Bool
    /// The entries, by object number.
    var entries: [Int: CrossReferenceEntry]
    /// The trailer (for a stream: the stream's dictionary).
    var trailer: PDFDictionary
    /// Where the section and its trailer end.
    var end: Int

    /// Reads the section at `offset` of `bytes`.
    ///
    /// - Parameter streamObject: reads the cross-reference stream object at an offset: its
    ///   dictionary, decoded data and end (the document does it, to resolve `/Length`).
    static func read(
        at offset: Int, in bytes: UnsafeRawBufferPointer, limits: PDFLimits,
        streamObject: (Int) throws(PDFError) -> (PDFDictionary, [UInt8], Int)
    ) throws(PDFError) -> CrossReferenceSection {
        guard offset >= 0, offset < bytes.count else {
            throw PDFError(
                .invalidCrossReference("startxref or /Prev offset \(offset) is outside the file"),
                at: bytes.count)
        }
        var parser = PDFParser(bytes, at: offset, limits: limits)
        if parser.consumeKeyword("xref") {
            return try readTable(&parser, offset: offset)
        }
        let (dictionary, data, end) = try streamObject(offset)
        guard dictionary.type == "XRef" else {
            throw PDFError(
                .invalidCrossReference("no xref table or /Type /XRef stream at the offset startxref or /Prev gives"),
                at: offset)
        }
        return try readStream(dictionary, data: data, offset: offset, end: end, limits: limits)
    }

    /// `xref`, subsections of `first count` and 20-byte lines, `trailer << … >>`.
    private static func readTable(_ parser: inout PDFParser, offset: Int) throws(PDFError) -> CrossReferenceSection {
        var entries: [Int: CrossReferenceEntry] = [:]
        var total = 0
        while true {
            parser.skipWhitespace()
            if parser.consumeKeyword("trailer") { break }
            let headerOffset = parser.position
            let first = try parser.parseUnsigned("a subsection's first object number or trailer")
            let count = try parser.parseUnsigned("a subsection's object count")
            // Compared before adding: a count of up to 19 digits would overflow the sum.
            guard count <= parser.limits.maximumObjects - total, first <= parser.limits.maximumObjects else {
                throw parser.error(.tooManyObjects(limit: parser.limits.maximumObjects), at: headerOffset)
            }
            total += count
            for number in first..<(first + count) {
                let lineOffset = parser.position
                let position = try parser.parseUnsigned("a 10-digit offset")
                let generation = try parser.parseUnsigned("a 5-digit generation")
                parser.skipWhitespace()
                let (kind, end) = parser.peekWord()
                guard kind == "n" || kind == "f" else {
                    throw parser.error(.invalidCrossReference("entry type \(parser.describeToken()), not n or f"))
                }
                parser.position = end
                guard generation <= 65535 else {
                    throw parser.error(.invalidCrossReference("generation \(generation) above 65535"), at: lineOffset)
                }
                guard entries[number] == nil else {
                    throw parser.error(
                        .invalidCrossReference("object \(number) listed twice in one section"), at: lineOffset)
                }
                // An in-use entry at offset 0 is what some writers put for a free one.
                entries[number] = kind == "n" && position > 0 ? .offset(position, generation: generation) : .free
            }
        }
        parser.skipWhitespace()
        guard parser.position < parser.bytes.count, parser.bytes[parser.position] == 0x3C else {
            throw parser.error(.unexpectedToken(expected: "the trailer dictionary", found: parser.describeToken()))
        }
        guard case .dictionary(let trailer) = try parser.parseObject() else {
            throw parser.error(.unexpectedToken(expected: "the trailer dictionary", found: "another object"))
        }
        return CrossReferenceSection(
            offset: offset, isStream: false, entries: entries, trailer: trailer, end: parser.position)
    }

    /// A `/Type /XRef` stream: `/W`, `/Index`, `/Size`.
    private static func readStream(
        _ dictionary: PDFDictionary, data: [UInt8], offset: Int, end: Int, limits: PDFLimits
    ) throws(PDFError) -> CrossReferenceSection {
        func bad(_ why: String) -> PDFError { PDFError(.invalidCrossReference(why), at: offset) }
        guard let size = dictionary["Size"]?.integer, size >= 0 else { throw bad("no /Size integer") }
        guard size <= limits.maximumObjects else {
            throw PDFError(.tooManyObjects(limit: limits.maximumObjects), at: offset)
        }
        guard let widthList = dictionary["W"]?.array, widthList.count == 3 else { throw bad("/W is not 3 integers") }
        var widths: [Int] = []
        for width in widthList {
            guard let value = width.integer, (0...8).contains(value) else { throw bad("/W holds \(width)") }
            widths.append(value)
        }
        let rowSize = widths.reduce(0, +)
        guard rowSize > 0 else { throw bad("/W sums to 0") }
        var ranges: [(Int, Int)] = []
        if let index = dictionary["Index"]?.array {
            guard index.count % 2 == 0 else { throw bad("/Index has an odd count") }
            var position = 0
            while position < index.count {
                guard let first = index[position].integer, let count = index[position + 1].integer, first >= 0,
                    count >= 0, first <= limits.maximumObjects, count <= limits.maximumObjects
                else { throw bad("/Index holds a bad pair") }
                ranges.append((first, count))
                position += 2
            }
        } else {
            ranges = [(0, size)]
        }
        let rows = ranges.reduce(0) { $0 + $1.1 }
        guard rows <= limits.maximumObjects else {
            throw PDFError(.tooManyObjects(limit: limits.maximumObjects), at: offset)
        }
        guard data.count >= rows * rowSize else {
            throw bad("the stream holds \(data.count) bytes, \(rows) entries of \(rowSize) need \(rows * rowSize)")
        }
        var entries: [Int: CrossReferenceEntry] = [:]
        var cursor = 0
        func field(_ width: Int) -> Int {
            var value = 0
            for _ in 0..<width {
                value = value << 8 | Int(data[cursor])
                cursor += 1
            }
            return value
        }
        for (first, count) in ranges {
            for number in first..<(first + count) {
                let type = widths[0] == 0 ? 1 : field(widths[0])
                let second = field(widths[1])
                let third = field(widths[2])
                guard entries[number] == nil else { throw bad("object \(number) listed twice in one stream") }
                switch type {
                case 0: entries[number] = .free
                case 1: entries[number] = second > 0 ? .offset(second, generation: third) : .free
                case 2: entries[number] = .compressed(stream: second, index: third)
                default: break  // other types are reserved: ignored, as ISO 32000-1 §7.5.8.3 says
                }
            }
        }
        return CrossReferenceSection(offset: offset, isStream: true, entries: entries, trailer: dictionary, end: end)
    }
}
