import Foundation

/// A visible signature: the widget's page and rectangle, and the lines of text its appearance
/// stream shows (a light box with a border, the lines in Helvetica, and what is not ASCII in a
/// Japanese font: the standard, non-embedded HeiseiKakuGo-W5 with the UniJIS-UCS2-H encoding,
/// which viewers substitute with an installed Japanese font).
///
/// ```swift
/// let options = PDFSignatureOptions(
///     reason: "承認", appearance: PDFSignatureAppearance(page: 1, x: 72, y: 72, width: 220, height: 60))
/// ```
public struct PDFSignatureAppearance: Hashable, Sendable {
    /// The page, counted from 1.
    public var page: Int
    /// The rectangle's lower-left corner, in points from the page's lower-left corner.
    public var x: Double
    /// The lower-left corner's height.
    public var y: Double
    /// The width in points.
    public var width: Double
    /// The height in points.
    public var height: Double
    /// The text, one entry a line; `nil` for the default: the signer's name, the signing time
    /// and the reason and location when given.
    public var lines: [String]?

    /// A visible signature on `page` (from 1) in the rectangle at (`x`, `y`) of `width` × `height`
    /// points.
    public init(page: Int, x: Double, y: Double, width: Double, height: Double, lines: [String]? = nil) {
        self.page = page
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.lines = lines
    }

    /// Reads `PAGE,X,Y,WIDTH,HEIGHT` (the CLI's `--visible`), e.g. `1,72,72,220,60`.
    ///
    /// - Throws: ``PDFSigningError/invalidAppearance(_:)`` naming what is wrong.
    public init(parsing text: String) throws(PDFSigningError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 5 else {
            throw .invalidAppearance("\"\(text)\" is not PAGE,X,Y,WIDTH,HEIGHT (five numbers)")
        }
        guard let page = Int(parts[0]) else { throw .invalidAppearance("page \"\(parts[0])\" is not a whole number") }
        var numbers: [Double] = []
        for (name, part) in zip(["x", "y", "width", "height"], parts.dropFirst()) {
            guard let value = Double(part), value.isFinite else {
                throw .invalidAppearance("\(name) \"\(part)\" is not a number")
            }
            numbers.append(value)
        }
        self.init(page: page, x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
        try validate()
    }

    /// Checks the page number and the rectangle.
    ///
    /// - Throws: ``PDFSigningError/invalidAppearance(_:)``.
    func validate() throws(PDFSigningError) {
        guard page >= 1 else { throw .invalidAppearance("page \(page): pages count from 1") }
        for (name, value) in [("x", x), ("y", y), ("width", width), ("height", height)] where !value.isFinite {
            throw .invalidAppearance("\(name) is not a finite number")
        }
        guard width >= 1, height >= 1, width <= 14_400, height <= 14_400 else {
            throw .invalidAppearance("a rectangle of \(width) × \(height) points (each side 1 to 14400)")
        }
        guard abs(x) <= 14_400, abs(y) <= 14_400 else {
            throw .invalidAppearance("the corner (\(x), \(y)) lies outside any page")
        }
    }

    /// The widget's `/Rect`.
    var rectangle: PDFObject {
        .array([Self.number(x), Self.number(y), Self.number(x + width), Self.number(y + height)])
    }

    /// A PDF number with at most two decimals.
    static func number(_ value: Double) -> PDFObject {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return .integer(Int(rounded)) }
        return .real(rounded, text: decimal(rounded))
    }

    static func decimal(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }

    /// The appearance stream's content: a filled box, a border, and `lines` from the top, the
    /// font size chosen so that the lines fit.
    static func content(lines: [String], width: Double, height: Double) -> [UInt8] {
        let margin = 4.0
        let count = Double(max(lines.count, 1))
        // Helvetica averages about 0.55 em a character; a Japanese character is 1 em.
        let widest =
            lines.map { line in
                line.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 0.55 : 1.0) }
            }.max() ?? 1
        var size = min(12, (height - 2 * margin) / (count * 1.2), (width - 2 * margin) / max(widest, 1))
        size = max(size, 1)
        let leading = size * 1.2
        var text = "q 0.94 0.96 1 rg 0 0 \(decimal(width)) \(decimal(height)) re f Q\n"
        text += "q 0.1 0.2 0.5 RG 1 w 0.5 0.5 \(decimal(width - 1)) \(decimal(height - 1)) re S Q\n"
        text += "BT 0 g\n"
        var baseline = height - margin - size
        for line in lines {
            text += "1 0 0 1 \(decimal(margin)) \(decimal(baseline)) Tm " + runs(line, size: decimal(size)) + "\n"
            baseline -= leading
        }
        text += "ET\n"
        return Array(text.utf8)
    }

    /// The text-showing operators of a line: runs of printable ASCII in `F1` (Helvetica) as
    /// literal strings, other runs in `F2` (Japanese, UCS-2) as hexadecimal strings; characters
    /// beyond the Basic Multilingual Plane become `?`. Each `Tj` advances the text position by
    /// the run's width, so the runs follow one another.
    static func runs(_ line: String, size: String) -> String {
        var output = ""
        var run = ""
        var runIsASCII = true
        func flush() {
            guard !run.isEmpty else { return }
            output += runIsASCII ? "/F1 \(size) Tf (\(run)) Tj " : "/F2 \(size) Tf <\(run)> Tj "
            run = ""
        }
        for scalar in line.unicodeScalars {
            let isASCII = scalar.value >= 0x20 && scalar.value < 0x7F
            if isASCII != runIsASCII {
                flush()
                runIsASCII = isASCII
            }
            if isASCII {
                if scalar == "\\" || scalar == "(" || scalar == ")" { run += "\\" }
                run.unicodeScalars.append(scalar)
            } else {
                let value = scalar.value < 0x20 || scalar.value > 0xFFFF ? 0x3F : scalar.value
                run += String(format: "%04X", value)
            }
        }
        flush()
        return output
    }
}

extension IncrementalUpdate {
    /// Adds the appearance of a visible signature: a form XObject of the rectangle's size with
    /// Helvetica and a non-embedded Japanese CID font as resources. Returns the stream.
    mutating func addAppearance(lines: [String], width: Double, height: Double) -> PDFReference {
        let descriptor = add(
            .dictionary(
                PDFDictionary([
                    .init("Type", .name("FontDescriptor")), .init("FontName", .name("HeiseiKakuGo-W5")),
                    .init("Flags", .integer(4)),
                    .init("FontBBox", .array([.integer(-92), .integer(-250), .integer(1010), .integer(922)])),
                    .init("ItalicAngle", .integer(0)), .init("Ascent", .integer(752)),
                    .init("Descent", .integer(-221)), .init("CapHeight", .integer(737)), .init("StemV", .integer(114)),
                ])))
        let japanese = PDFDictionary([
            .init("Type", .name("Font")), .init("Subtype", .name("Type0")),
            .init("BaseFont", .name("HeiseiKakuGo-W5")), .init("Encoding", .name("UniJIS-UCS2-H")),
            .init(
                "DescendantFonts",
                .array([
                    .dictionary(
                        PDFDictionary([
                            .init("Type", .name("Font")), .init("Subtype", .name("CIDFontType0")),
                            .init("BaseFont", .name("HeiseiKakuGo-W5")),
                            .init(
                                "CIDSystemInfo",
                                .dictionary(
                                    PDFDictionary([
                                        .init("Registry", .string(PDFString(text: "Adobe"))),
                                        .init("Ordering", .string(PDFString(text: "Japan1"))),
                                        .init("Supplement", .integer(2)),
                                    ]))),
                            .init("FontDescriptor", .reference(descriptor)),
                            .init("DW", .integer(1000)),
                        ]))
                ])),
        ])
        let helvetica = PDFDictionary([
            .init("Type", .name("Font")), .init("Subtype", .name("Type1")), .init("BaseFont", .name("Helvetica")),
            .init("Encoding", .name("WinAnsiEncoding")),
        ])
        let resources = PDFDictionary([
            .init(
                "Font",
                .dictionary(PDFDictionary([.init("F1", .dictionary(helvetica)), .init("F2", .dictionary(japanese))]))
            )
        ])
        return addStream(
            PDFDictionary([
                .init("Type", .name("XObject")), .init("Subtype", .name("Form")),
                .init(
                    "BBox",
                    .array([
                        .integer(0), .integer(0), PDFSignatureAppearance.number(width),
                        PDFSignatureAppearance.number(height),
                    ])),
                .init("Resources", .dictionary(resources)),
            ]),
            data: PDFSignatureAppearance.content(lines: lines, width: width, height: height))
    }
}
