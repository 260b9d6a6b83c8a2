import Foundation
import Testing

@testable import JPKIPDF

/// The reader and verifier on files made to hurt them: numbers of 19 digits where sums could
/// overflow, cross-reference entries that alias one offset, revision-dependent stream lengths,
/// predictor rows wider than the data, long reference chains, lists that name one stream
/// thousands of times. Each a typed error or the right answer, never a trap (found by reviewing
/// the code PDFFuzz drives).
@Suite("PDF reader on hostile files")
struct HostileReaderTests {
    static func offset(of needle: String, in bytes: [UInt8]) -> Int? {
        bytes.firstRange(of: Array(needle.utf8))?.lowerBound
    }

    @Test("an xref subsection count of 19 digits after another subsection: too-many-objects at its header")
    func subsectionCountOverflow() throws {
        let header = Array("%PDF-1.7\n".utf8)
        let table = "xref\n0 1\n0000000000 65535 f \n0 9223372036854775807\n"
        let bytes = header + Array((table + "trailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n").utf8)
        let subsection = try #require(Self.offset(of: "0 9223372036854775807", in: bytes))
        do {
            _ = try PDFDocument(bytes: bytes)
            Issue.record("a subsection of Int.max objects was accepted")
        } catch {
            #expect(error.kind == .tooManyObjects(limit: PDFLimits.default.maximumObjects))
            #expect(error.offset == subsection)
        }
    }

    @Test("an object stream offset of 19 digits: invalid-structure (offset beyond the data), no overflow")
    func objectStreamOffsetOverflow() throws {
        var bytes = Array("%PDF-1.7\n".utf8)
        let streamOffset = bytes.count
        // The 22 header bytes: object 5 at relative offset Int.max.
        bytes += Array(
            "1 0 obj\n<< /Type /ObjStm /N 1 /First 22 /Length 22 >>\nstream\n5 9223372036854775807 \nendstream\nendobj\n"
                .utf8)
        let xrefOffset = bytes.count
        func row(_ type: UInt8, _ value: Int, _ third: Int) -> [UInt8] {
            [type] + (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
                + [UInt8(third >> 8), UInt8(third & 0xFF)]
        }
        let rows = row(1, streamOffset, 0) + row(1, xrefOffset, 0) + row(2, 1, 0)
        bytes += Array(
            "2 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Index [1 2 5 1] /Root 5 0 R /Length \(rows.count) >>\nstream\n"
                .utf8)
        bytes += rows + Array("\nendstream\nendobj\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
        let document = try PDFDocument(bytes: bytes)
        #expect(document.entry(for: 5) == .compressed(stream: 1, index: 0))
        do {
            _ = try document.object(PDFReference(5))
            Issue.record("an object stream offset past its data was accepted")
        } catch {
            #expect(error.kind == .invalidStructure("offset 9223372036854775807 beyond the data"))
            #expect(error.context == "object stream 1 0 R")
        }
    }

    @Test("two cross-reference entries at one offset: each reference checks the header, cached or not")
    func twoEntriesOneOffset() throws {
        let bytes = TestPDF.build(
            ["<< /Type /Catalog >>", "<< /A 1 >>", "<< /B 2 >>"], trailer: "/Root 1 0 R", sharingOffsetWith: [3: 2])
        let objectTwo = try #require(Self.offset(of: "2 0 obj", in: bytes))
        for order in [[2, 3], [3, 2]] {
            let document = try PDFDocument(bytes: bytes)
            for number in order + order {
                if number == 2 {
                    #expect(try document.object(PDFReference(2)).dictionary?["A"] == .integer(1))
                } else {
                    do {
                        let object = try document.object(PDFReference(3))
                        Issue.record("object 3 read as \(object) from object 2's offset")
                    } catch {
                        #expect(error.kind == .objectMismatch(expected: PDFReference(3), found: "2 0 R"))
                        #expect(error.offset == objectTwo)
                    }
                }
            }
        }
    }

    @Test("a stream whose /Length is an indirect object a later revision changes: each revision its own length")
    func indirectLengthPerRevision() throws {
        let first = TestPDF.build(
            ["<< /Type /Catalog >>", "<< /Length 3 0 R >>\nstream\nhello\nendstream", "5"], trailer: "/Root 1 0 R")
        let updated = TestPDF.appendUpdate(to: first, replacing: [(3, "4")])
        for order in [[0, 1], [1, 0]] {
            let document = try PDFDocument(bytes: updated)
            try #require(document.revisions.count == 2)
            for revision in order + order {
                let result = Result { () throws(PDFError) in try document.object(PDFReference(2), asOf: revision) }
                if revision == 0 {
                    guard case .success(.stream(let stream)) = result else {
                        Issue.record("revision 0: \(result)")
                        continue
                    }
                    #expect(document.bytes(in: stream.dataRange) == Array("hello".utf8))
                } else {
                    guard case .failure(let error) = result, case .invalidStream = error.kind else {
                        Issue.record("revision 1 (/Length 4 before 'o\\nendstream'): \(result)")
                        continue
                    }
                }
            }
        }
    }

    @Test("a /Prev of -1 or past the end, or a chain longer than the limit ending in one: errors inside the file")
    func prevOutsideTheFile() throws {
        for previous in [-1, 99_999_999] {
            let bytes = TestPDF.build(["<< /Type /Catalog >>"], trailer: "/Root 1 0 R /Prev \(previous)")
            do {
                _ = try PDFDocument(bytes: bytes)
                Issue.record("/Prev \(previous) accepted")
            } catch {
                #expect((0...bytes.count).contains(error.offset), "\(error)")
            }
        }
        // Four sections, the oldest with /Prev -1: the limit (2 revisions, 4 sections) trips on
        // the raw -1.
        var bytes = Array("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)
        var previous = -1
        for _ in 0..<4 {
            let offset = bytes.count
            bytes += Array("xref\n0 0\ntrailer\n<< /Size 2 /Root 1 0 R /Prev \(previous) >>\n".utf8)
            previous = offset
        }
        bytes += Array("startxref\n\(previous)\n%%EOF\n".utf8)
        do {
            _ = try PDFDocument(bytes: bytes, limits: PDFLimits(maximumRevisions: 2))
            Issue.record("a chain past the limit accepted")
        } catch {
            #expect(error.kind == .crossReferenceLoop)
            #expect((0...bytes.count).contains(error.offset), "\(error)")
        }
    }

    @Test("a PNG predictor of 2^20 columns × 32 colours × 16 bits over 3 bytes: the row the data hold")
    func predictorWiderThanTheData() throws {
        let compressed = StreamFilters.deflate([2, 5, 6])
        var bytes = Array("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)
        let streamOffset = bytes.count
        bytes += Array(
            "2 0 obj\n<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 32 /BitsPerComponent 16 /Columns 1048576 >> /Length \(compressed.count) >>\nstream\n"
                .utf8)
        bytes += compressed + Array("\nendstream\nendobj\n".utf8)
        let xref = bytes.count
        bytes += Array(
            "xref\n0 3\n0000000000 65535 f \n\(paddedOffset(9)) 00000 n \n\(paddedOffset(streamOffset)) 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
                .utf8)
        let document = try PDFDocument(bytes: bytes)
        guard case .stream(let stream) = try document.object(PDFReference(2)) else {
            Issue.record("object 2 is not a stream")
            return
        }
        // Row filter 2 (up) over a zero previous row: the two data bytes as they are.
        #expect(try document.decodedData(of: stream) == [5, 6])
    }

    @Test("a chain of 100 stream /Length references: nesting-too-deep, the same each time")
    func lengthChainTooDeep() throws {
        var objects = ["<< /Type /Catalog >>"]
        for number in 2...101 { objects.append("<< /Length \(number + 1) 0 R >>\nstream\nx\nendstream") }
        objects.append("1")
        let document = try PDFDocument(bytes: TestPDF.build(objects, trailer: "/Root 1 0 R"))
        for _ in 0..<2 {
            do {
                _ = try document.object(PDFReference(2))
                Issue.record("a chain of 100 references resolved")
            } catch {
                #expect(error.kind == .nestingTooDeep(limit: PDFLimits.default.maximumDepth))
            }
        }
        // 61 links from the end, within the limit: the chain is followed to its end, where the
        // error is what it is (a /Length that names a stream).
        do {
            _ = try document.object(PDFReference(41))
            Issue.record("a /Length naming a stream accepted")
        } catch {
            #expect(error.kind == .invalidStream("/Length is not a non-negative integer"))
        }
        guard case .stream(let stream) = try document.object(PDFReference(101)) else {
            Issue.record("object 101 (/Length 102 0 R, which is 1) is not a stream")
            return
        }
        #expect(document.bytes(in: stream.dataRange) == Array("x".utf8))
    }

    @Test("a dictionary of 40 keys: the duplicate found at its offset; 40 distinct keys read")
    func largeDictionaryDuplicateKey() throws {
        let keys = (0..<40).map { "/K\($0) \($0)" }.joined(separator: " ")
        let distinct = TestPDF.build(["<< /Type /Catalog \(keys) >>"], trailer: "/Root 1 0 R")
        #expect(try PDFDocument(bytes: distinct).catalog().entries.count == 41)
        let duplicated = TestPDF.build(["<< /Type /Catalog \(keys) /K3 9 >>"], trailer: "/Root 1 0 R")
        let document = try PDFDocument(bytes: duplicated)
        do {
            _ = try document.catalog()
            Issue.record("a duplicate key accepted")
        } catch {
            #expect(error.kind == .duplicateKey("K3"))
            #expect(error.offset == Self.offset(of: "/K3 9", in: duplicated))
        }
    }

    @Test("dictionaries are equal whatever their order, by key, and a 20,000-key one equals its reverse")
    func dictionaryEquality() {
        let entries = (0..<20_000).map { PDFDictionary.Entry(PDFName("K\($0)"), .integer($0)) }
        let forward = PDFDictionary(entries)
        #expect(forward == PDFDictionary(entries.reversed()))
        #expect(forward.hashValue == PDFDictionary(entries.reversed()).hashValue)
        var changed = entries
        changed[10_000] = PDFDictionary.Entry(PDFName("K10000"), .integer(-1))
        #expect(forward != PDFDictionary(changed.reversed()))
        #expect(forward != PDFDictionary(Array(entries.dropLast())))
        let small = PDFDictionary([.init("A", .integer(1)), .init("B", .null)])
        #expect(small == PDFDictionary([.init("B", .null), .init("A", .integer(1))]))
        #expect(small != PDFDictionary([.init("A", .null), .init("B", .integer(1))]))
    }

    @Test("a /DSS list naming one stream 1,000 times: the stream read once")
    func dssStreamNamedManyTimes() throws {
        let certificate = Array("not really a certificate".utf8)
        let list = Array(repeating: "2 0 R", count: 1000).joined(separator: " ")
        let bytes = TestPDF.build(
            [
                "<< /Type /Catalog /DSS << /Certs [\(list)] /CRLs [2 0 R 3 0 R 2 0 R] >> >>",
                "<< /Length \(certificate.count) >>\nstream\n\(String(decoding: certificate, as: UTF8.self))\nendstream",
                "<< /Length 3 >>\nstream\nCRL\nendstream",
            ], trailer: "/Root 1 0 R")
        let store = try #require(try PDFDocument(bytes: bytes).documentSecurityStore())
        #expect(store.certificates == [certificate])
        #expect(store.crls == [certificate, Array("CRL".utf8)])
    }
}
