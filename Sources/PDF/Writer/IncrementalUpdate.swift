/// An incremental update to a PDF (ISO 32000-1 §7.5.6): new and replaced objects, a
/// cross-reference section for them (a table, or a stream when the file's newest section is
/// one), the trailer with `/Prev`, `startxref` and `%%EOF`. The original bytes stay untouched:
/// the update is appended after them.
struct IncrementalUpdate {
    let document: PDFDocument
    /// The next object number to give.
    private(set) var nextNumber: Int
    /// The objects' bodies (what goes between `obj` and `endobj`), in writing order.
    private var bodies: [(reference: PDFReference, body: [UInt8])] = []

    init(document: PDFDocument) {
        self.document = document
        let size = document.trailer["Size"]?.integer ?? 0
        let highest = document.revisions.flatMap(\.definedObjects.keys).max() ?? 0
        nextNumber = max(size, highest + 1)
    }

    /// Reserves a number for a new object.
    mutating func reserve() -> PDFReference {
        defer { nextNumber += 1 }
        return PDFReference(nextNumber, 0)
    }

    /// Sets the body of object `reference` (new, or replacing the object of that number).
    mutating func set(_ reference: PDFReference, _ object: PDFObject) {
        var body: [UInt8] = []
        PDFObjectWriter.write(object, into: &body)
        set(reference, body: body)
    }

    /// Sets the raw body of object `reference`.
    mutating func set(_ reference: PDFReference, body: [UInt8]) {
        bodies.removeAll { $0.reference == reference }
        bodies.append((reference, body))
    }

    /// Adds a new object.
    mutating func add(_ object: PDFObject) -> PDFReference {
        let reference = reserve()
        set(reference, object)
        return reference
    }

    /// Adds a new stream of `data` (Flate-compressed) with the entries of `dictionary`.
    mutating func addStream(_ dictionary: PDFDictionary = PDFDictionary(), data: [UInt8]) -> PDFReference {
        let compressed = StreamFilters.deflate(data)
        var full = dictionary
        full["Length"] = .integer(compressed.count)
        full["Filter"] = .name("FlateDecode")
        var body: [UInt8] = []
        PDFObjectWriter.write(full, into: &body)
        body += Array("\nstream\n".utf8) + compressed + Array("\nendstream".utf8)
        let reference = reserve()
        set(reference, body: body)
        return reference
    }

    /// Where each object's body starts in the bytes ``write()`` returns, by reference.
    typealias BodyOffsets = [PDFReference: Int]

    /// The update's bytes (to append to the file) and where each object's body starts in them.
    func write() -> (bytes: [UInt8], bodyOffsets: BodyOffsets) {
        let base = document.fileSize
        var output: [UInt8] = []
        // The update starts on a new line.
        let endsWithNewline = document.withUnsafeBytes { $0.last == 0x0A || $0.last == 0x0D }
        if !endsWithNewline { output.append(0x0A) }
        var offsets: [Int: (offset: Int, generation: Int)] = [:]
        var bodyOffsets: BodyOffsets = [:]
        for (reference, body) in bodies {
            offsets[reference.number] = (base + output.count, reference.generation)
            output += Array("\(reference.number) \(reference.generation) obj\n".utf8)
            bodyOffsets[reference] = output.count
            output += body
            output += Array("\nendobj\n".utf8)
        }
        var trailer = document.trailer
        for key: PDFName in ["Prev", "XRefStm", "Size", "Type", "W", "Index", "Length", "Filter", "DecodeParms"] {
            trailer[key] = nil
        }
        let previous = document.newestCrossReferenceOffset
        let crossReferenceOffset = base + output.count
        if document.revisions.last?.usesCrossReferenceStream == true {
            let number = nextNumber
            offsets[number] = (crossReferenceOffset, 0)
            let numbers = offsets.keys.sorted()
            var data: [UInt8] = []
            for number in numbers {
                let (offset, generation) = offsets[number] ?? (0, 0)
                data.append(1)
                data += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: offset >> $0) }
                data += [UInt8(truncatingIfNeeded: generation >> 8), UInt8(truncatingIfNeeded: generation)]
            }
            var dictionary = PDFDictionary([
                .init("Type", .name("XRef")), .init("Size", .integer(number + 1)),
                .init("W", .array([.integer(1), .integer(4), .integer(2)])),
                .init("Index", .array(Self.runs(numbers).flatMap { [PDFObject.integer($0.0), .integer($0.1)] })),
                .init("Prev", .integer(previous)),
            ])
            for entry in trailer.entries { dictionary[entry.key] = entry.value }
            dictionary["Length"] = .integer(data.count)
            output += Array("\(number) 0 obj\n".utf8)
            PDFObjectWriter.write(dictionary, into: &output)
            output += Array("\nstream\n".utf8) + data + Array("\nendstream\nendobj\n".utf8)
        } else {
            output += Array("xref\n".utf8)
            for (first, count) in Self.runs(offsets.keys.sorted()) {
                output += Array("\(first) \(count)\n".utf8)
                for number in first..<(first + count) {
                    let (offset, generation) = offsets[number] ?? (0, 0)
                    output += Array((Self.padded(offset, 10) + " " + Self.padded(generation, 5) + " n \n").utf8)
                }
            }
            trailer["Size"] = .integer(nextNumber)
            trailer["Prev"] = .integer(previous)
            output += Array("trailer\n".utf8)
            PDFObjectWriter.write(trailer, into: &output)
            output.append(0x0A)
        }
        output += Array("startxref\n\(crossReferenceOffset)\n%%EOF\n".utf8)
        return (output, bodyOffsets)
    }

    /// Consecutive runs `(first, count)` of sorted numbers.
    static func runs(_ numbers: [Int]) -> [(Int, Int)] {
        var runs: [(Int, Int)] = []
        for number in numbers {
            if let last = runs.last, last.0 + last.1 == number {
                runs[runs.count - 1].1 += 1
            } else {
                runs.append((number, 1))
            }
        }
        return runs
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension PDFDocument {
    /// The offset the file's last `startxref` gives: the newest cross-reference section.
    var newestCrossReferenceOffset: Int { sections.first?.section.offset ?? 0 }
}
