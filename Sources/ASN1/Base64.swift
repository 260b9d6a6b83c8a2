/// Base64 (RFC 4648) for PEM, with the standard alphabet and `=` padding. This package's own
/// (``PEMDocument``, the simulator's files), not part of the SDK's API.
package enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes`, without line breaks.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let a = iterator.next() {
            let b = iterator.next()
            let c = iterator.next()
            output.append(alphabet[Int(a >> 2)])
            output.append(alphabet[Int((a & 0x03) << 4 | (b ?? 0) >> 4)])
            output.append(b.map { alphabet[Int(($0 & 0x0F) << 2 | (c ?? 0) >> 6)] } ?? 0x3D)
            output.append(c.map { alphabet[Int($0 & 0x3F)] } ?? 0x3D)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base64 text, ignoring white space. A final group without its `=` padding is
    /// accepted (RFC 7468's lax parsing); leftover bits that are not zero are not.
    ///
    /// - Returns: the bytes, or the index (in `text`'s UTF-8) of the first character that is not
    ///   base64, or of misplaced padding.
    package static func decode(_ text: some Collection<UInt8>) -> Result<[UInt8], DecodingFailure> {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        var quad: UInt32 = 0
        var count = 0
        var padding = 0
        for (position, character) in text.enumerated() {
            switch character {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case 0x3D:
                padding += 1
                guard padding <= 2, count + padding <= 4, count >= 2 else { return .failure(.init(position: position)) }
            default:
                let value = decodeTable[Int(character)]
                guard value != 0xFF, padding == 0 else { return .failure(.init(position: position)) }
                quad = quad << 6 | UInt32(value)
                count += 1
                if count == 4 {
                    output.append(UInt8(quad >> 16))
                    output.append(UInt8(quad >> 8 & 0xFF))
                    output.append(UInt8(quad & 0xFF))
                    quad = 0
                    count = 0
                }
            }
        }
        switch (count, padding) {
        case (0, 0): break
        case (2, 2), (2, 0):
            // The 4 bits left over must be zero (RFC 4648 §3.5: canonical encoding).
            guard quad & 0x0F == 0 else { return .failure(.init(position: text.count)) }
            output.append(UInt8(quad >> 4))
        case (3, 1), (3, 0):
            guard quad & 0x03 == 0 else { return .failure(.init(position: text.count)) }
            output.append(UInt8(quad >> 10))
            output.append(UInt8(quad >> 2 & 0xFF))
        default:
            return .failure(.init(position: text.count))
        }
        return .success(output)
    }

    /// Where base64 text stopped being base64.
    package struct DecodingFailure: Error, Hashable, Sendable {
        /// The offset of the offending character.
        package let position: Int
    }
}
