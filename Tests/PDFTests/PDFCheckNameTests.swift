import Foundation
import JPKIPDF
import Testing

/// The typed names of a PDF signature report's checks: the strings they encode to are the ones
/// `jpki pdf verify --json` has always written, and a signed file's report records them.
@Suite("PDF check names")
struct PDFCheckNameTests {
    typealias Name = PDFSignatureReport.Check.Name

    /// Every name the PDF verifier records, with the string reports carry for it.
    static let names: [(Name, String)] = [
        (.byteRange, "byte-range"), (.laterRevisions, "later-revisions"), (.contents, "contents"),
        (.subFilter, "sub-filter"), (.cms, "cms"), (.signingCertificate, "signing-certificate"),
        (.signatureTimestamp, "signature-timestamp"), (.documentTimestamp, "document-timestamp"),
        (.uniqueSignature, "unique-signature"),
    ]

    @Test("each name encodes as its string, decodes back, and the names are distinct")
    func encoding() throws {
        for (name, text) in Self.names {
            #expect(name.rawValue == text)
            #expect("\(name)" == text)
            let data = try JSONEncoder().encode([name])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(text)\"]")
            #expect(try JSONDecoder().decode([Name].self, from: data) == [name])
        }
        #expect(Set(Self.names.map(\.0)).count == Self.names.count)
    }

    @Test("a signed file's report: its checks are known names, written as plain strings in the JSON")
    func signedReport() async throws {
        let signed = try await SigningTests.signed()
        let report = try await SigningFixtures.verifier().verify(PDFDocument(bytes: signed))
        let signature = try #require(report.signatures.first)
        let names = signature.checks.map(\.name)
        #expect(
            names == [.byteRange, .laterRevisions, .contents, .subFilter, .cms, .signingCertificate], "\(names)")
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for name in names { #expect(json.contains("\"name\":\"\(name.rawValue)\"")) }
        let decoded = try JSONDecoder().decode(PDFVerificationReport.self, from: Data(json.utf8))
        #expect(decoded.signatures.first?.checks.map(\.name) == names)
        // A name this version does not know still decodes.
        let future = try JSONDecoder().decode(
            PDFSignatureReport.Check.self, from: Data(#"{"name":"visible-appearance","passed":true}"#.utf8))
        #expect(future.name == Name(rawValue: "visible-appearance"))
        #expect(!Self.names.contains { $0.0 == future.name })
    }
}
