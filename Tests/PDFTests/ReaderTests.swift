import Foundation
import JPKIPDF
import Testing

/// The reader on hand-written PDFs: what it accepts, and the typed error with its byte offset
/// for what it refuses.
@Suite("PDF reader")
struct ReaderTests {
    static func error(_ bytes: [UInt8], limits: PDFLimits = .default) -> PDFError? {
        do {
            _ = try PDFDocument(bytes: bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static func replacing(_ old: String, with new: String, in bytes: [UInt8] = TestPDF.onePage()) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }

    @Test("the test PDF: one revision, the catalog, the page's content stream, strings and names")
    func reads() throws {
        let document = try PDFDocument(bytes: TestPDF.onePage())
        #expect(document.version == "1.7")
        #expect(document.revisions.count == 1)
        #expect(document.revisions[0].endOffset == document.fileSize)
        #expect(!document.isMemoryMapped)
        let catalog = try document.catalog()
        #expect(catalog.type == "Catalog")
        let page = try #require(try document.resolve(catalog["Pages"] ?? .null).dictionary?["Kids"]?.array?.first)
        let contents = try #require(try document.resolve(page).dictionary?["Contents"])
        let stream = try #require(try document.resolve(contents).stream)
        #expect(String(decoding: try document.decodedData(of: stream), as: UTF8.self).contains("Hello, JPKI"))
        let info = try #require(try document.resolve(document.trailer["Info"] ?? .null).dictionary)
        #expect(info["Title"]?.string?.text == "Test document")
        #expect(try document.signatureFields().isEmpty)
    }

    @Test("bytes given as an array, a slice, Data or a lazy collection: the same document, byte for byte")
    func readsEveryCollection() throws {
        let bytes = TestPDF.onePage()
        let padded = [0x25, 0x25] + bytes + [0x0A]
        let slice = padded[2..<(2 + bytes.count)]
        let documents = [
            try PDFDocument(bytes: bytes),
            try PDFDocument(bytes: slice),
            try PDFDocument(bytes: Data(bytes)),
            try PDFDocument(bytes: bytes.lazy.map { $0 }),
        ]
        for document in documents {
            #expect(document.fileSize == bytes.count)
            #expect(document.bytes(in: 0..<bytes.count) == bytes)
            #expect(document.revisions == documents[0].revisions)
            #expect(try document.catalog() == documents[0].catalog())
        }
    }

    @Test(
        "a /DSS entry whose cross-reference points past the end of the file: with a generation the entry lacks: an error at an offset inside the file (PDFFuzz finding)"
    )
    func dssEntryPastTheEnd() throws {
        let original = TestPDF.onePage()
        var file = original
        let catalogOffset = file.count
        file += Array("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /DSS << /Certs [7 5 R] >> >>\nendobj\n".utf8)
        let xref = file.count
        let catalogEntry = String(repeating: "0", count: 10 - String(catalogOffset).count) + String(catalogOffset)
        file += Array("xref\n1 1\n\(catalogEntry) 00000 n \n7 1\n0000280002 00000 n \n".utf8)
        file += Array(
            "trailer\n<< /Size 8 /Root 1 0 R /Prev \(TestPDF.lastStartXref(original)) >>\nstartxref\n\(xref)\n%%EOF\n"
                .utf8)
        let document = try PDFDocument(bytes: file)
        #expect(document.offset(of: PDFReference(7)) == nil)
        #expect(document.offset(of: PDFReference(1)) == catalogOffset)
        do {
            _ = try document.documentSecurityStore()
            Issue.record("a /DSS /Certs entry that is no stream was accepted")
        } catch {
            #expect(error.kind == .invalidStructure("/DSS /Certs holds a non-stream"))
            #expect((0...file.count).contains(error.offset))
        }
    }

    @Test("white space, comments and escapes where real files have them")
    func tolerant() throws {
        let text =
            "%PDF-1.4\n% comment\n1 0 obj % the catalog\n<</Type/Catalog/Pages 2 0 R/Name (a\\(b\\)\\101\\\nc)/N /A#20B>>\nendobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        var bytes = Array(text.utf8)
        let xref = bytes.count
        let first = text.range(of: "1 0 obj").map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
        let second = text.range(of: "2 0 obj").map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
        bytes += Array(
            "xref\r\n0 3\r\n0000000000 65535 f\r\n\(paddedOffset(first)) 00000 n\r\n\(paddedOffset(second)) 00000 n\r\ntrailer <</Size 3/Root 1 0 R>>\nstartxref\n\(xref)\n%%EOF"
                .utf8)
        let document = try PDFDocument(bytes: bytes)
        let catalog = try document.catalog()
        #expect(catalog["Name"]?.string?.text == "a(b)Ac")
        #expect(catalog["N"]?.name?.string == "A B")
    }

    @Test("no header: missing-header at byte 0")
    func missingHeader() {
        let error = Self.error(Array("%PDX-1.7\n".utf8) + TestPDF.onePage().dropFirst(9))
        #expect(error?.kind == .missingHeader)
        #expect(error?.offset == 0)
    }

    @Test("no startxref: missing-startxref at the end of the file")
    func missingStartXref() {
        let bytes = Self.replacing("startxref", with: "startxrex")
        #expect(Self.error(bytes)?.kind == .missingStartXref)
    }

    @Test("a dictionary key twice: duplicate-key at the second key's offset")
    func duplicateKey() throws {
        let bytes = Self.replacing("/Type /Catalog /Pages 2 0 R", with: "/Type /Catalog /Type /Pages")
        let document = try PDFDocument(bytes: bytes)
        #expect(throws: PDFError.self) { try document.catalog() }
        do {
            _ = try document.catalog()
        } catch {
            #expect(error.kind == .duplicateKey("Type"))
            let text = String(decoding: bytes, as: UTF8.self)
            let offset = text.utf8.distance(
                from: text.startIndex, to: text.range(of: "/Type /Pages")?.lowerBound ?? text.startIndex)
            #expect(error.offset == offset)
        }
    }

    @Test("a stream whose /Length overruns endstream: invalid-stream at the data's end")
    func streamLength() throws {
        let text = String(decoding: TestPDF.onePage(), as: UTF8.self)
        let range = try #require(text.range(of: #"/Length \d+"#, options: .regularExpression))
        let length = try #require(Int(text[range].dropFirst(8)))
        let bytes = Self.replacing(String(text[range]), with: "/Length \(length - 7)")
        let document = try PDFDocument(bytes: bytes)
        do {
            _ = try document.object(PDFReference(4))
            Issue.record("expected an error")
        } catch {
            guard case .invalidStream = error.kind else {
                Issue.record("expected invalid-stream, got \(error)")
                return
            }
            let dataStart = text.utf8.distance(
                from: text.startIndex, to: text.range(of: "stream\n")?.upperBound ?? text.startIndex)
            #expect(error.offset == dataStart + length - 7)
        }
    }

    @Test("an xref offset that points at another object: object-mismatch")
    func objectMismatch() throws {
        let original = TestPDF.onePage()
        let text = String(decoding: original, as: UTF8.self)
        let offsetOf1 = text.utf8.distance(
            from: text.startIndex, to: text.range(of: "1 0 obj")?.lowerBound ?? text.startIndex)
        let offsetOf2 = text.utf8.distance(
            from: text.startIndex, to: text.range(of: "2 0 obj")?.lowerBound ?? text.startIndex)
        let bytes = Self.replacing("\(paddedOffset(offsetOf2)) 00000 n", with: "\(paddedOffset(offsetOf1)) 00000 n")
        let document = try PDFDocument(bytes: bytes)
        do {
            _ = try document.object(PDFReference(2))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .objectMismatch(expected: PDFReference(2), found: "1 0 R"))
            #expect(error.offset == offsetOf1)
        }
    }

    @Test("a /Prev chain that loops: cross-reference-loop")
    func prevLoop() throws {
        let base = TestPDF.onePage()
        let xref = TestPDF.lastStartXref(base)
        let bytes = Self.replacing("/Size 7 /Root", with: "/Prev \(xref) /Size 7 /Root", in: base)
        #expect(Self.error(bytes)?.kind == .crossReferenceLoop)
    }

    @Test("limits: nesting depth and object count")
    func limits() throws {
        let nested = TestPDF.appendUpdate(
            to: TestPDF.onePage(),
            replacing: [
                (6, "<< /Deep " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + " >>")
            ])
        let document = try PDFDocument(bytes: nested, limits: PDFLimits(maximumDepth: 32))
        do {
            _ = try document.object(PDFReference(6))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .nestingTooDeep(limit: 32))
        }
        #expect(Self.error(TestPDF.onePage(), limits: PDFLimits(maximumObjects: 3))?.kind == .tooManyObjects(limit: 3))
    }

    @Test("encrypted files are refused, typed")
    func encrypted() {
        let bytes = Self.replacing("/Size 7 /Root", with: "/Encrypt 6 0 R /Size 7 /Root")
        #expect(Self.error(bytes)?.kind == .encrypted)
    }

    @Test("truncated files fail with a typed error, never a crash", arguments: [10, 100, 300, 500, 700])
    func truncated(_ length: Int) {
        let bytes = Array(TestPDF.onePage().prefix(length))
        #expect(Self.error(bytes) != nil)
    }

    @Test("PDF dates: D:YYYYMMDDHHmmSS with offsets")
    func dates() throws {
        let date = try #require(PDFDate.parse(Array("D:20201101010000+01'00'".utf8)))
        #expect(date == Date(timeIntervalSince1970: 1_604_188_800))
        #expect(PDFDate.format(date) == "D:20201101000000Z")
        #expect(PDFDate.parse(Array("D:2020".utf8)) != nil)
        #expect(PDFDate.parse(Array("garbage".utf8)) == nil)
    }
}

/// Ten-digit zero-padded offset.
func paddedOffset(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: 10 - text.count) + text
}
