import Foundation
import JPKIPDF
import JPKITestSupport
import Testing

/// The reader on the signed PDFs of public test suites (`../shared/fixtures/pdf`), read in place.
@Suite("PDF reader on the shared fixtures", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct ReaderFixtureTests {
    static let files = SharedFixtures.files(in: "pdf", suffixes: [".pdf"])

    @Test("every fixture reads: revisions, trailer, signature fields with their dictionaries", arguments: files)
    func readsFixture(_ name: String) throws {
        let document = try PDFDocument(contentsOfFile: SharedFixtures.url("pdf/\(name)").path)
        #expect(document.isMemoryMapped)
        #expect(document.revisions.last?.endOffset == document.fileSize)
        let fields = try document.signatureFields()
        #expect(!fields.isEmpty)
        for field in fields {
            let signature = try #require(field.signature)
            #expect(signature.contents?.string?.isHexadecimal == true)
            #expect(signature.byteRange?.array?.count == 4)
            print(name, document.revisions.map(\.endOffset), field.name, signature.subFilter ?? "-")
        }
    }
}
