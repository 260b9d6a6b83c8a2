import Foundation

/// Small PDFs written by the tests (never copied from fixtures): one page of text with a classic
/// cross-reference table.
enum TestPDF {
    /// A valid one-page PDF showing `text`.
    static func onePage(text: String = "Hello, JPKI") -> [UInt8] {
        let content = "BT /F1 24 Tf 72 720 Td (\(text)) Tj ET"
        return build(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                "<< /Title (Test document) /Producer (swift-jpki tests) >>",
            ],
            trailer:
                "/Root 1 0 R /Info 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
    }

    /// A one-revision PDF of `objects`, numbered 1, 2, … in order, with a classic cross-reference
    /// table and a trailer of `/Size` and `trailer`'s entries.
    ///
    /// - Parameter sharingOffsetWith: objects whose cross-reference entry gives another object's
    ///   offset (`[3: 2]`: object 3's entry points at object 2).
    static func build(_ objects: [String], trailer: String, sharingOffsetWith: [Int: Int] = [:]) -> [UInt8] {
        var output = Array("%PDF-1.7\n%\u{00E2}\u{00E3}\u{00CF}\u{00D3}\n".utf8)
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(output.count)
            output += Array("\(index + 1) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = output.count
        output += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for (index, offset) in offsets.enumerated() {
            let listed = sharingOffsetWith[index + 1].map { offsets[$0 - 1] } ?? offset
            let text = String(listed)
            output += Array((String(repeating: "0", count: 10 - text.count) + text + " 00000 n \n").utf8)
        }
        output += Array(
            "trailer\n<< /Size \(objects.count + 1) \(trailer) >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return output
    }

    /// Appends an incremental update that replaces object `number` with `body` (a later revision
    /// shadowing an object), with a classic cross-reference section.
    static func appendUpdate(to file: [UInt8], replacing objects: [(number: Int, body: String)]) -> [UInt8] {
        var output = file
        if output.last != 0x0A { output.append(0x0A) }
        var offsets: [(Int, Int)] = []
        for (number, body) in objects {
            offsets.append((number, output.count))
            output += Array("\(number) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let previous = lastStartXref(file)
        let size = max(objects.map(\.number).max() ?? 0, trailerSize(file) - 1) + 1
        let xref = output.count
        output += Array("xref\n".utf8)
        for (number, offset) in offsets.sorted(by: { $0.0 < $1.0 }) {
            let text = String(offset)
            output += Array("\(number) 1\n\(String(repeating: "0", count: 10 - text.count) + text) 00000 n \n".utf8)
        }
        output += Array(
            "trailer\n<< /Size \(size) /Root 1 0 R /Info 6 0 R /Prev \(previous) >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return output
    }

    /// The offset after the file's last `startxref`.
    static func lastStartXref(_ file: [UInt8]) -> Int {
        let text = String(decoding: file.suffix(64), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
        guard let index = lines.lastIndex(of: "startxref"), index + 1 < lines.count else { return 0 }
        return Int(lines[index + 1]) ?? 0
    }

    /// The largest `/Size` of the file's trailers.
    static func trailerSize(_ file: [UInt8]) -> Int {
        let text = String(decoding: file, as: UTF8.self)
        var size = 0
        var search = text[...]
        while let range = search.range(of: "/Size ") {
            let digits = search[range.upperBound...].prefix { $0.isNumber }
            size = max(size, Int(digits) ?? 0)
            search = search[range.upperBound...]
        }
        return size
    }
}
