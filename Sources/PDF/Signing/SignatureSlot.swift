import CryptoBackend
import JPKIASN1

/// A signature dictionary appended with its field, `/ByteRange` filled in and `/Contents`
/// reserved (zeros): the part signatures and document timestamps share.
struct SignatureSlot {
    /// The file with the new revision.
    var file: [UInt8]
    /// The `/Contents` hexadecimal string, `<` and `>` included.
    var contents: Range<Int>
    /// The SHA-256 of the byte ranges (everything but `contents`).
    var digest: [UInt8]

    /// The `/ByteRange` placeholder: four numbers of up to ten digits fit.
    private static let byteRangePlaceholder = "0 0000000000 0000000000 0000000000"

    /// Appends a signature dictionary of `entries` plus `/ByteRange` and `/Contents` (room for
    /// `reservedSize` bytes), and a signature field valued by it: invisible on the first page, or
    /// visible as `visible` says (its page, rectangle and lines of text).
    static func make(
        _ document: PDFDocument, entries: [PDFDictionary.Entry], fieldName: String?, reservedSize: Int,
        defaultPrefix: String = "Signature", visible: (appearance: PDFSignatureAppearance, lines: [String])? = nil
    ) throws(PDFSigningError) -> SignatureSlot {
        if let visible { try visible.appearance.validate() }
        guard reservedSize > 0, reservedSize <= 1 << 20 else {
            throw .contentsTooSmall(needed: max(reservedSize, 1), reserved: reservedSize)
        }
        var update = IncrementalUpdate(document: document)
        let signature = update.reserve()
        var body: [UInt8] = Array("<<".utf8)
        for entry in entries {
            body.append(0x20)
            PDFObjectWriter.write(entry.key, into: &body)
            body.append(0x20)
            PDFObjectWriter.write(entry.value, into: &body)
        }
        body += Array(" /ByteRange [".utf8)
        let byteRangeOffset = body.count
        body += Array(byteRangePlaceholder.utf8)
        body += Array("] /Contents ".utf8)
        let contentsOffset = body.count
        body += [0x3C] + [UInt8](repeating: 0x30, count: 2 * reservedSize) + [0x3E]
        body += Array(" >>".utf8)
        update.set(signature, body: body)
        do {
            let existing = try Set(document.signatureFields().map(\.name))
            var name = fieldName ?? ""
            if name.isEmpty {
                var index = 1
                repeat {
                    name = "\(defaultPrefix)\(index)"
                    index += 1
                } while existing.contains(name)
            }
            _ = try update.addSignatureField(name: name, value: signature, visible: visible)
        } catch let error as PDFSigningError {
            throw error
        } catch let error as PDFError {
            throw .document(error)
        } catch {
            throw .invalidAppearance("\(error)")
        }
        let (appended, bodyOffsets) = update.write()
        guard let bodyStart = bodyOffsets[signature] else {
            throw .invalidToken("the signature dictionary was not written")
        }
        var file = document.bytes(in: 0..<document.fileSize)
        let base = file.count + bodyStart
        file += appended
        let contents = (base + contentsOffset)..<(base + contentsOffset + 2 * reservedSize + 2)
        let ranges = "0 \(contents.lowerBound) \(contents.upperBound) \(file.count - contents.upperBound)"
        guard ranges.utf8.count <= byteRangePlaceholder.utf8.count else {
            throw .document(PDFError(.invalidStructure("the file is too large for a /ByteRange"), at: file.count))
        }
        let padded = ranges + String(repeating: " ", count: byteRangePlaceholder.utf8.count - ranges.utf8.count)
        file.replaceSubrange((base + byteRangeOffset)..<(base + byteRangeOffset + padded.utf8.count), with: padded.utf8)
        let context = DigestContext(.sha256)
        file.withUnsafeBytes { bytes in
            context.update(UnsafeRawBufferPointer(rebasing: bytes[0..<contents.lowerBound]))
            context.update(UnsafeRawBufferPointer(rebasing: bytes[contents.upperBound...]))
        }
        return SignatureSlot(file: file, contents: contents, digest: context.finalize())
    }

    /// Writes `der` in hexadecimal into the reserved `/Contents` of `file`.
    static func embed(_ der: [UInt8], in file: [UInt8], contents: Range<Int>) throws(PDFSigningError) -> [UInt8] {
        let room = (contents.count - 2) / 2
        guard contents.lowerBound >= 0, contents.upperBound <= file.count, file[contents.lowerBound] == 0x3C,
            file[contents.upperBound - 1] == 0x3E
        else { throw .invalidToken("/Contents is not where the token says") }
        guard der.count <= room else { throw .contentsTooSmall(needed: der.count, reserved: room) }
        var result = file
        let hex = Array(Hex.encode(der).utf8)
        result.replaceSubrange((contents.lowerBound + 1)..<(contents.lowerBound + 1 + hex.count), with: hex)
        return result
    }
}

extension PDFDocument {
    /// The trailer's `/Root`.
    func catalogReference() throws(PDFError) -> PDFReference {
        guard let root = root(asOf: nil) else { throw PDFError(.invalidStructure("no /Root"), at: fileSize) }
        return root
    }

    /// The reference of page `number` (from 1): the page tree's leaves in order, `nil` when the
    /// document has fewer pages. Walks at most `limits.maximumDepth` levels and a bounded number
    /// of nodes.
    func page(number: Int) throws(PDFError) -> PDFReference? {
        guard number >= 1 else { return nil }
        var stack: [(PDFObject, Int)] = [(try catalog()["Pages"] ?? .null, 0)]
        var seen: Set<PDFReference> = []
        var count = 0
        while let (node, depth) = stack.popLast() {
            guard depth < limits.maximumDepth, seen.count < 1_000_000 else { break }
            guard let reference = node.reference, seen.insert(reference).inserted,
                let dictionary = try object(reference).dictionary
            else { continue }
            if dictionary.type == "Page" || dictionary["Kids"] == nil {
                count += 1
                if count == number { return reference }
                continue
            }
            let kids = try resolve(dictionary["Kids"] ?? .null).array ?? []
            for kid in kids.reversed() { stack.append((kid, depth + 1)) }
        }
        return nil
    }

    /// The first page's reference (the first leaf of the page tree).
    func firstPage() throws(PDFError) -> PDFReference {
        var node = try catalog()["Pages"]
        for _ in 0..<limits.maximumDepth {
            guard let reference = node?.reference, let dictionary = try object(reference).dictionary else { break }
            if dictionary.type == "Page" || dictionary["Kids"] == nil { return reference }
            node = try resolve(dictionary["Kids"] ?? .null).array?.first
        }
        throw PDFError(.invalidStructure("no page to put the signature field on"), at: fileSize)
    }
}

extension IncrementalUpdate {
    /// Adds a signature field (merged with its widget) valued by `value`, to the page's `/Annots`
    /// and the form's `/Fields` (`/SigFlags 3`), creating the form when there is none: invisible
    /// on the first page (an empty `/Rect`), or, with `visible`, on its page in its rectangle with
    /// an appearance stream showing its lines. Returns the field.
    mutating func addSignatureField(
        name: String, value: PDFReference, visible: (appearance: PDFSignatureAppearance, lines: [String])? = nil
    ) throws -> PDFReference {
        let root = try document.catalogReference()
        var catalog = try document.catalog()
        var entries: [PDFDictionary.Entry] = [
            .init("Type", .name("Annot")), .init("Subtype", .name("Widget")), .init("FT", .name("Sig")),
            .init("T", .string(PDFString(text: name))), .init("V", .reference(value)),
            .init("F", .integer(132)),
        ]
        let page: PDFReference
        if let visible {
            guard let found = try document.page(number: visible.appearance.page) else {
                throw PDFSigningError.invalidAppearance("the document has no page \(visible.appearance.page)")
            }
            page = found
            let stream = addAppearance(
                lines: visible.lines, width: visible.appearance.width, height: visible.appearance.height)
            entries.append(.init("Rect", visible.appearance.rectangle))
            entries.append(.init("AP", .dictionary(PDFDictionary([.init("N", .reference(stream))]))))
        } else {
            page = try document.firstPage()
            entries.append(.init("Rect", .array([.integer(0), .integer(0), .integer(0), .integer(0)])))
        }
        entries.append(.init("P", .reference(page)))
        let field = add(.dictionary(PDFDictionary(entries)))
        // The page's annotations.
        guard var pageDictionary = try document.object(page).dictionary else {
            throw PDFError(.invalidStructure("page \(page) is not a dictionary"), at: document.offset(of: page) ?? 0)
        }
        if let annotations = pageDictionary["Annots"]?.reference {
            let list = try document.resolve(.reference(annotations)).array ?? []
            set(annotations, .array(list + [.reference(field)]))
        } else {
            let list = pageDictionary["Annots"]?.array ?? []
            pageDictionary["Annots"] = .array(list + [.reference(field)])
            set(page, .dictionary(pageDictionary))
        }
        // The form's fields.
        switch catalog["AcroForm"] {
        case .reference(let formReference)?:
            var form = try document.resolve(.reference(formReference)).dictionary ?? PDFDictionary()
            try appendField(field, to: &form)
            set(formReference, .dictionary(form))
        case .dictionary(var form)?:
            try appendField(field, to: &form)
            catalog["AcroForm"] = .dictionary(form)
            set(root, .dictionary(catalog))
        default:
            var form = PDFDictionary()
            try appendField(field, to: &form)
            catalog["AcroForm"] = .reference(add(.dictionary(form)))
            set(root, .dictionary(catalog))
        }
        return field
    }

    private mutating func appendField(_ field: PDFReference, to form: inout PDFDictionary) throws(PDFError) {
        if let fields = form["Fields"]?.reference {
            let list = try document.resolve(.reference(fields)).array ?? []
            set(fields, .array(list + [.reference(field)]))
        } else {
            form["Fields"] = .array((form["Fields"]?.array ?? []) + [.reference(field)])
        }
        form["SigFlags"] = .integer(3)
    }
}
