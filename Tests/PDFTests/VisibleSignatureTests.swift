import Foundation
import JPKITestSupport
import Testing

@testable import JPKIPDF

/// Visible signatures: a widget with a rectangle on the page asked for and an appearance stream
/// (a box and lines of text, Japanese included), judged by our verifier, `qpdf --check`, pdfsig
/// and pyHanko; bad pages and rectangles are typed errors.
@Suite("Visible signatures")
struct VisibleSignatureTests {
    static let appearance = PDFSignatureAppearance(page: 1, x: 300, y: 72, width: 220, height: 60)

    static func signedVisible(
        _ original: [UInt8] = TestPDF.onePage(), appearance: PDFSignatureAppearance = appearance
    ) async throws -> [UInt8] {
        try await SigningTests.signed(
            original, options: PDFSignatureOptions(reason: "承認 (visible)", appearance: appearance))
    }

    /// The widget of the document's last signature field.
    static func widget(_ document: PDFDocument) throws -> PDFDictionary {
        let field = try #require(try document.signatureFields().last?.reference)
        return try #require(try document.object(field).dictionary)
    }

    @Test("the widget: the rectangle, the page, an appearance form XObject showing who signed; valid")
    func widget() async throws {
        let signed = try await Self.signedVisible()
        let document = try PDFDocument(bytes: signed)
        let widget = try Self.widget(document)
        #expect(widget["Rect"] == .array([.integer(300), .integer(72), .integer(520), .integer(132)]))
        #expect(widget["P"]?.reference == (try document.page(number: 1)))
        let normal = try #require(widget["AP"]?.dictionary?["N"]?.reference)
        guard case .stream(let stream) = try document.object(normal) else {
            Issue.record("/AP /N is not a stream")
            return
        }
        #expect(stream.dictionary["Subtype"]?.name == "Form")
        #expect(stream.dictionary["BBox"] == .array([.integer(0), .integer(0), .integer(220), .integer(60)]))
        let content = String(decoding: try document.decodedData(of: stream), as: UTF8.self)
        #expect(content.contains("re f"))
        #expect(content.contains("(Digitally signed by ) Tj /F2"))
        // 承認 in UCS-2, then the ASCII rest in Helvetica.
        #expect(content.contains("<627F8A8D> Tj /F1"), "\(content)")
        #expect(content.contains("( \\(visible\\)) Tj"), "\(content)")
        let report = try await SigningFixtures.verifier().verify(document)
        #expect(report.verdict == .valid, "\(report.signatures.map(\.failures))")
    }

    @Test("the default text, and lines given: escaped, one Tm a line; the size fits the box")
    func appearanceText() {
        let lines = PDFSigning.defaultAppearanceLines(
            name: "番号　花子",
            options: PDFSignatureOptions(
                signingTime: Date(timeIntervalSince1970: 1_800_000_000), reason: "承認", location: "東京"))
        #expect(
            lines == [
                "Digitally signed by 番号　花子", "Date: 2027-01-15T08:00:00Z", "Reason: 承認", "Location: 東京",
            ])
        let content = String(
            decoding: PDFSignatureAppearance.content(lines: ["a (b) \\ c", "日本"], width: 100, height: 20),
            as: UTF8.self)
        #expect(content.contains("(a \\(b\\) \\\\ c) Tj"), "\(content)")
        #expect(content.contains("<65E5672C> Tj"), "\(content)")
        #expect(content.components(separatedBy: " Tm ").count == 3)
        // Two lines in 20 points: (20 - 8) / 2.4 = 5.
        #expect(content.contains("/F1 5 Tf"), "\(content)")
    }

    @Test(
        "page 2 of a two-page file (made by qpdf): the widget is on that page; a page beyond: typed error",
        .enabled(if: Judges.qpdf != nil, "needs qpdf (apt-get install qpdf)"))
    func secondPage() async throws {
        let qpdf = Judges.qpdf
        try await withTemporaryDirectory { directory in
            let one = try write(TestPDF.onePage(), "one.pdf", in: directory)
            let two = directory.appendingPathComponent("two.pdf").path
            let result = try await offPool { try Judges.run(qpdf, ["--empty", "--pages", one, one, "--", two]) }
            #expect(result.status == 0, "\(result.error)")
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: two)))
            var onSecond = Self.appearance
            onSecond.page = 2
            let signed = try await Self.signedVisible(original, appearance: onSecond)
            let document = try PDFDocument(bytes: signed)
            let second = try #require(try document.page(number: 2))
            #expect(second != (try document.page(number: 1)))
            #expect(try Self.widget(document)["P"]?.reference == second)
            #expect(try document.page(number: 3) == nil)
            let report = try await SigningFixtures.verifier().verify(document)
            #expect(report.verdict == .valid, "\(report.signatures.map(\.failures))")
            var onThird = Self.appearance
            onThird.page = 3
            await #expect(throws: PDFSigningError.invalidAppearance("the document has no page 3")) {
                _ = try await Self.signedVisible(original, appearance: onThird)
            }
        }
    }

    @Test(
        "PAGE,X,Y,WIDTH,HEIGHT parsed; bad text, page 0 and empty rectangles refused, typed",
        arguments: [
            ("1,2,3", "is not PAGE,X,Y,WIDTH,HEIGHT"), ("x,1,1,10,10", "page \"x\" is not a whole number"),
            ("1,1,1,ten,10", "width \"ten\" is not a number"), ("0,1,1,10,10", "pages count from 1"),
            ("1,1,1,0,10", "each side 1 to 14400"), ("1,1,1,10,nan", "height \"nan\" is not a number"),
        ])
    func parsing(text: String, message: String) throws {
        #expect(
            try PDFSignatureAppearance(parsing: " 2, 10.5 ,20,100,40")
                == PDFSignatureAppearance(page: 2, x: 10.5, y: 20, width: 100, height: 40))
        do {
            _ = try PDFSignatureAppearance(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            guard case .invalidAppearance(let why) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(why.contains(message), "\(why)")
        }
    }

    @Test("a visible second signature: the first stays valid, its later revision only a signature and its appearance")
    func secondVisibleSignature() async throws {
        let first = try await SigningTests.signed()
        let both = try await Self.signedVisible(first)
        let report = try await SigningFixtures.verifier().verify(PDFDocument(bytes: both))
        try #require(report.signatures.count == 2)
        #expect(report.signatures.allSatisfy { $0.verdict == .valid }, "\(report.signatures.map(\.failures))")
        let later = try #require(report.signatures.first?.laterRevisions.first)
        #expect(!later.changesContent, "\(later.details)")
        #expect(later.kinds.contains(.signature))
    }

    @Test(
        "qpdf --check clean; pdfsig valid, whole document; pyHanko INTACT:TRUSTED,UNTOUCHED",
        .enabled(if: Judges.qpdf != nil && Judges.pdfsig != nil, "needs qpdf and pdfsig"))
    func judges() async throws {
        let signed = try await Self.signedVisible()
        try await withTemporaryDirectory { directory in
            let path = try write(signed, "visible.pdf", in: directory)
            let check = try await offPool { try Judges.run(Judges.qpdf, ["--check", path]) }
            #expect(check.status == 0, "\(check.output) \(check.error)")
            #expect(check.output.contains("No syntax or stream encoding errors found"), "\(check.output)")
            let pdfsig = try await offPool { try JudgeTests.pdfsig(path) }
            #expect(pdfsig.contains("Signature Validation: Signature is Valid."), "\(pdfsig)")
            #expect(pdfsig.contains("Total document signed"), "\(pdfsig)")
            if Judges.pyhanko != nil {
                let root = try write(Array(try JudgeTests.rootPEM().utf8), "root.pem", in: directory)
                let result = try await offPool {
                    try JudgeTests.pyhanko(path, root: root, extra: ["--no-revocation-check"])
                }
                #expect(result.output.contains(":INTACT:TRUSTED,UNTOUCHED"), "\(result.output) \(result.error)")
            }
        }
    }
}
