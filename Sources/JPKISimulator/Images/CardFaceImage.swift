/// Renders the text images of the card face (name, address, security code, My Number) as PNG
/// files for the 券面事項確認AP.
///
/// Digits are drawn with a 5 × 7 bitmap font and are legible. Other characters (kanji, kana)
/// have no font here: each is drawn as a framed box with a pattern derived from its code point,
/// so the image has one distinct glyph a character and its width follows the text.
enum CardFaceImage {
    /// The width and height of one character cell, in pixels.
    static let cellWidth = 14
    static let cellHeight = 18

    /// A PNG of `text` on one line, black on white, with a 4-pixel margin.
    static func png(_ text: String) -> [UInt8] {
        let characters = Array(text.unicodeScalars)
        let margin = 4
        let width = max(1, characters.count) * cellWidth + 2 * margin
        let height = cellHeight + 2 * margin
        var pixels = [UInt8](repeating: 0xFF, count: width * height)
        for (index, scalar) in characters.enumerated() {
            let originX = margin + index * cellWidth
            let originY = margin
            for (x, y) in glyph(scalar) {
                let px = originX + x
                let py = originY + y
                if px < width, py < height { pixels[py * width + px] = 0x00 }
            }
        }
        return PNGEncoder.grayscale(width: width, height: height, pixels: pixels)
    }

    /// The black pixels of one character inside its cell.
    static func glyph(_ scalar: Unicode.Scalar) -> [(Int, Int)] {
        var points: [(Int, Int)] = []
        let value = scalar.value
        if (0x30...0x39).contains(value) {
            // 5 × 7 digit, scaled by 2, in a 14 × 18 cell.
            let rows = digitFont[Int(value - 0x30)]
            for (row, bits) in rows.enumerated() {
                for column in 0..<5 where bits & (0x10 >> column) != 0 {
                    for dy in 0..<2 {
                        for dx in 0..<2 { points.append((2 + column * 2 + dx, 2 + row * 2 + dy)) }
                    }
                }
            }
        } else if value == 0x20 || value == 0x3000 {
            return []
        } else {
            // A frame and a 4 × 4 pattern of the code point's low 16 bits.
            for x in 1..<13 {
                points.append((x, 1))
                points.append((x, 16))
            }
            for y in 1..<17 {
                points.append((1, y))
                points.append((12, y))
            }
            for bit in 0..<16 where value >> UInt32(bit) & 1 == 1 {
                let cellX = 3 + (bit % 4) * 2
                let cellY = 3 + (bit / 4) * 3
                for dy in 0..<2 {
                    for dx in 0..<2 { points.append((cellX + dx, cellY + dy)) }
                }
            }
        }
        return points
    }

    /// Rows of the digits 0–9, five bits each (the high bit is the left column).
    private static let digitFont: [[UInt8]] = [
        [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
    ]
}
