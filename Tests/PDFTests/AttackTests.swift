import Foundation
import JPKIPDF
import Testing

/// The known attacks on PDF signatures, each on a file the test builds from one of our signed
/// files: none crashes, each gets its typed verdict.
@Suite("PDF signature attacks")
struct AttackTests {
    /// A signed one-page PDF and where its signature's `/ByteRange` numbers and `/Contents`
    /// string are.
    struct Signed {
        var bytes: [UInt8]
        var byteRange: Range<Int>
        var contents: Range<Int>
        var numbers: [Int]
    }

    static func signed(_ original: [UInt8] = TestPDF.onePage()) async throws -> Signed {
        let bytes = try await SigningTests.signed(original)
        let document = try PDFDocument(bytes: bytes)
        let signature = try #require(try document.signatureFields().last?.signature)
        let contents = try #require(signature.contents?.string?.span)
        let list = try #require(signature.byteRange?.array)
        let numbers = list.compactMap(\.integer)
        let marker = Array("/ByteRange [".utf8)
        let start = try #require(lastIndex(of: marker, in: bytes, before: contents.lowerBound)) + marker.count
        let end = try #require(bytes[start...].firstIndex(of: 0x5D))
        return Signed(bytes: bytes, byteRange: start..<end, contents: contents, numbers: numbers)
    }

    static func lastIndex(of needle: [UInt8], in bytes: [UInt8], before limit: Int) -> Int? {
        var index = limit - needle.count
        while index >= 0 {
            if Array(bytes[index..<(index + needle.count)]) == needle { return index }
            index -= 1
        }
        return nil
    }

    /// `signed` with its `/ByteRange` numbers replaced (same width, padded with spaces).
    static func withByteRange(_ signed: Signed, _ numbers: [Int]) throws -> [UInt8] {
        var text = numbers.map(String.init).joined(separator: " ")
        try #require(text.utf8.count <= signed.byteRange.count)
        text += String(repeating: " ", count: signed.byteRange.count - text.utf8.count)
        var bytes = signed.bytes
        bytes.replaceSubrange(signed.byteRange, with: text.utf8)
        return bytes
    }

    static func verify(_ bytes: [UInt8]) async throws -> PDFVerificationReport {
        try await SigningFixtures.verifier().verify(PDFDocument(bytes: bytes))
    }

    static func failures(_ bytes: [UInt8], field: Int = 0) async throws -> [PDFSignatureFailure] {
        try await verify(bytes).signatures[field].failures
    }

    static let tamperedContent = "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Pay 1,000,000) Tj ET\nendstream"

    // MARK: Incremental updates

    @Test("content changed in an incremental update after signing: modified, the page content named")
    func contentChangedAfterSigning() async throws {
        let signed = try await Self.signed()
        let tampered = TestPDF.appendUpdate(to: signed.bytes, replacing: [(4, Self.tamperedContent)])
        let report = try await Self.verify(tampered)
        let signature = try #require(report.signatures.first)
        #expect(signature.verdict == .modified)
        #expect(signature.checks.contains { $0.name == .cms && $0.passed })
        guard case .modifiedAfterSigning(let revision, let detail)? = signature.failures.first else {
            Issue.record("expected modifiedAfterSigning, got \(signature.failures)")
            return
        }
        #expect(revision == 2)
        #expect(detail.contains("object 4 0 R"))
        #expect(signature.coverage?.coversWholeFile == false)
        #expect(report.verdict == .modified)
    }

    @Test("a second signature added after a tampered update: the first modified, the second valid")
    func secondSignatureAfterTampering() async throws {
        let signed = try await Self.signed()
        let tampered = TestPDF.appendUpdate(to: signed.bytes, replacing: [(4, Self.tamperedContent)])
        let resigned = try await SigningTests.signed(tampered)
        let report = try await Self.verify(resigned)
        try #require(report.signatures.count == 2)
        #expect(report.signatures[0].verdict == .modified)
        #expect(report.signatures[0].laterRevisions.map(\.changesContent) == [true, false])
        #expect(report.signatures[1].verdict == .valid, "\(report.signatures[1].failures)")
        #expect(report.verdict == .modified)
    }

    @Test("objects shadowed by a later revision: the signature dictionary (invalid) and the page's font (modified)")
    func shadowedObjects() async throws {
        let signed = try await Self.signed()
        let document = try PDFDocument(bytes: signed.bytes)
        let field = try #require(try document.signatureFields().first)
        let reference = try #require(field.signature?.reference)
        // The signature dictionary copied into a new revision with another /Reason.
        let original = String(decoding: signed.bytes, as: UTF8.self)
        let body = try #require(Self.objectBody(reference.number, in: original))
        let shadow = body.replacingOccurrences(of: "/Reason ", with: "/Reason (Forged) /Location ")
        let tampered = TestPDF.appendUpdate(to: signed.bytes, replacing: [(reference.number, shadow)])
        let signature = try #require(try await Self.verify(tampered).signatures.first)
        #expect(signature.verdict == .invalid)
        #expect(signature.failures.contains { $0.code == "byte-range-gap" })
        let shadowedPage = TestPDF.appendUpdate(
            to: signed.bytes, replacing: [(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")])
        #expect(try await Self.verify(shadowedPage).signatures.first?.verdict == .modified)
    }

    /// The text between `N 0 obj` and `endobj`.
    static func objectBody(_ number: Int, in text: String) -> String? {
        guard let start = text.range(of: "\n\(number) 0 obj\n", options: .backwards),
            let end = text.range(of: "\nendobj", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test("three signature fields pointing at one signature dictionary: each reported once, typed")
    func threeFieldsOneDictionary() async throws {
        let signed = try await Self.signed()
        let document = try PDFDocument(bytes: signed.bytes)
        let field = try #require(try document.signatureFields().first)
        let signature = try #require(field.signature?.reference)
        let fieldReference = try #require(field.reference)
        let catalog = try document.catalog()
        let form = try #require(catalog["AcroForm"]?.reference)
        let formBody = "<< /Fields [\(fieldReference.number) 0 R 20 0 R 21 0 R] /SigFlags 3 >>"
        func twin(_ name: String) -> String {
            "<< /FT /Sig /T (\(name)) /V \(signature.number) 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] >>"
        }
        let tampered = TestPDF.appendUpdate(
            to: signed.bytes, replacing: [(form.number, formBody), (20, twin("Twin")), (21, twin("Triplet"))])
        let report = try await Self.verify(tampered)
        try #require(report.signatures.count == 3)
        let names = report.signatures.map(\.fieldName)
        #expect(names == [field.name, "Twin", "Triplet"])
        for (index, signatureReport) in report.signatures.enumerated() {
            #expect(signatureReport.verdict == .invalid)
            let shared = signatureReport.failures.filter { $0.code == "shared-signature-dictionary" }
            #expect(shared == [.sharedSignatureDictionary(otherField: index == 0 ? names[1] : names[0])])
        }
    }

    // MARK: ByteRange

    @Test("a ByteRange with a gap (bytes before /Contents left unsigned): byte-range-gap")
    func byteRangeGap() async throws {
        let signed = try await Self.signed()
        let n = signed.numbers
        let failures = try await Self.failures(try Self.withByteRange(signed, [0, n[1] - 20, n[2], n[3]]))
        #expect(failures.contains { $0.code == "byte-range-gap" }, "\(failures)")
    }

    @Test("a ByteRange whose ranges overlap: byte-range-overlap")
    func byteRangeOverlap() async throws {
        let signed = try await Self.signed()
        let n = signed.numbers
        let failures = try await Self.failures(try Self.withByteRange(signed, [0, n[2] + 10, n[2], n[3]]))
        #expect(failures.contains { $0.code == "byte-range-overlap" }, "\(failures)")
    }

    @Test("a ByteRange with a hole at the end (the revision's last bytes unsigned): byte-range-hole-at-end")
    func byteRangeHoleAtEnd() async throws {
        let signed = try await Self.signed()
        let n = signed.numbers
        let failures = try await Self.failures(try Self.withByteRange(signed, [0, n[1], n[2], n[3] - 30]))
        #expect(failures.contains { $0.code == "byte-range-hole-at-end" }, "\(failures)")
    }

    @Test("a ByteRange out of bounds: byte-range-out-of-bounds; not starting at 0: byte-range-not-at-start")
    func byteRangeOutOfBounds() async throws {
        let signed = try await Self.signed()
        let n = signed.numbers
        let outside = try await Self.failures(try Self.withByteRange(signed, [0, n[1], n[2], n[3] + 1000]))
        #expect(outside.contains { $0.code == "byte-range-out-of-bounds" }, "\(outside)")
        let huge = try await Self.failures(try Self.withByteRange(signed, [0, n[1], Int(Int32.max), 99_999_999]))
        #expect(huge.contains { $0.code == "byte-range-out-of-bounds" }, "\(huge)")
        let late = try await Self.failures(try Self.withByteRange(signed, [5, n[1] - 5, n[2], n[3]]))
        #expect(late.contains { $0.code == "byte-range-not-at-start" }, "\(late)")
    }

    // MARK: Contents

    @Test("/Contents not hexadecimal (a literal string of the same length): contents-not-hexadecimal")
    func contentsNotHexadecimal() async throws {
        let signed = try await Self.signed()
        var bytes = signed.bytes
        bytes[signed.contents.lowerBound] = 0x28  // (
        bytes[signed.contents.upperBound - 1] = 0x29  // )
        let failures = try await Self.failures(bytes)
        #expect(failures.contains { $0.code == "contents-not-hexadecimal" }, "\(failures)")
    }

    @Test("/Contents too short for the DER it announces: contents-truncated")
    func contentsTooShort() async throws {
        let signed = try await Self.signed()
        var bytes = signed.bytes
        // The hexadecimal string keeps its length; white space (allowed in it) hides the end of the CMS.
        let cut = signed.contents.lowerBound + 1 + 200
        for index in cut..<(signed.contents.upperBound - 1) { bytes[index] = 0x20 }
        let failures = try await Self.failures(bytes)
        #expect(failures.contains { $0.code == "contents-truncated" }, "\(failures)")
    }

    @Test("/Contents with a length of length too large: contents-length-of-length")
    func contentsLengthOfLength() async throws {
        let signed = try await Self.signed()
        var bytes = signed.bytes
        // 30 82 …: make the length octets' count 9.
        let lengthByte = signed.contents.lowerBound + 3
        bytes.replaceSubrange(lengthByte..<(lengthByte + 2), with: Array("89".utf8))
        let failures = try await Self.failures(bytes)
        #expect(failures.contains { $0.code == "contents-length-of-length" }, "\(failures)")
    }

    @Test("a /Contents with garbage after the DER, and one that is not DER: contents-malformed")
    func contentsMalformed() async throws {
        let signed = try await Self.signed()
        var bytes = signed.bytes
        bytes[signed.contents.upperBound - 3] = 0x46  // …F0> : a non-zero byte in the padding
        #expect(try await Self.failures(bytes).contains { $0.code == "contents-malformed" })
        var notDER = signed.bytes
        notDER.replaceSubrange(
            (signed.contents.lowerBound + 1)..<(signed.contents.lowerBound + 3), with: Array("31".utf8))
        #expect(try await Self.failures(notDER).contains { $0.code == "contents-malformed" })
    }
}
