import CZlib

/// The stream filters the reader decodes: `/FlateDecode` (zlib, with the PNG and TIFF
/// predictors of `/DecodeParms`), which cross-reference and object streams use. Output is
/// bounded by ``PDFLimits/maximumStreamSize``.
enum StreamFilters {
    /// Decodes `data` through the filters of `dictionary` (`/Filter`, `/DecodeParms`).
    ///
    /// - Parameter offset: where the data start in the file, for errors.
    static func decode(
        _ data: UnsafeRawBufferPointer, dictionary: PDFDictionary, limit: Int, offset: Int
    ) throws(PDFError) -> [UInt8] {
        let filters: [PDFName]
        switch dictionary["Filter"] {
        case nil: filters = []
        case .name(let name)?: filters = [name]
        case .array(let list)?:
            var names: [PDFName] = []
            for element in list {
                guard let name = element.name else {
                    throw PDFError(.invalidStructure("/Filter array holds a \(element.kindName)"), at: offset)
                }
                names.append(name)
            }
            filters = names
        case let other?:
            throw PDFError(.invalidStructure("/Filter is a \(other.kindName)"), at: offset)
        }
        let parameters: [PDFDictionary?]
        switch dictionary["DecodeParms"] {
        case .dictionary(let single)?: parameters = [single]
        case .array(let list)?: parameters = list.map(\.dictionary)
        default: parameters = []
        }
        var current = Array(data)
        guard current.count <= limit else { throw PDFError(.streamTooLarge(limit: limit), at: offset) }
        for (index, filter) in filters.enumerated() {
            let parameter = index < parameters.count ? parameters[index] : nil
            switch filter.string {
            case "FlateDecode", "Fl":
                current = try inflate(current, limit: limit, offset: offset)
                if let parameter { current = try unpredict(current, parameter, offset: offset) }
            case "ASCIIHexDecode", "AHx":
                current = try asciiHex(current, offset: offset)
            default:
                throw PDFError(.unsupportedFilter(filter.string), at: offset)
            }
        }
        return current
    }

    /// zlib inflate, refusing output beyond `limit`.
    static func inflate(_ input: [UInt8], limit: Int, offset: Int) throws(PDFError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw PDFError(.decodeFailed("zlib initialisation"), at: offset)
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var failure: PDFError?
        input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit {
                    failure = PDFError(.streamTooLarge(limit: limit), at: offset)
                    return
                }
                output += chunk[0..<produced]
                if status == Z_STREAM_END { return }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    // Truncated data: real files often lack the final checksum; keep what came out.
                    return
                }
                guard status == Z_OK else {
                    failure = PDFError(.decodeFailed("zlib status \(status)"), at: offset)
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Undoes a PNG (10–15) or TIFF (2) predictor.
    static func unpredict(_ data: [UInt8], _ parameters: PDFDictionary, offset: Int) throws(PDFError) -> [UInt8] {
        let predictor = parameters["Predictor"]?.integer ?? 1
        guard predictor > 1 else { return data }
        let colors = parameters["Colors"]?.integer ?? 1
        let bits = parameters["BitsPerComponent"]?.integer ?? 8
        let columns = parameters["Columns"]?.integer ?? 1
        guard (1...32).contains(colors), [1, 2, 4, 8, 16].contains(bits), (1...(1 << 20)).contains(columns) else {
            throw PDFError(.decodeFailed("predictor parameters out of range"), at: offset)
        }
        let pixelBytes = max(1, colors * bits / 8)
        let rowBytes = (colors * bits * columns + 7) / 8
        if predictor == 2 {
            guard bits == 8 else { throw PDFError(.unsupportedFilter("TIFF predictor with \(bits) bits"), at: offset) }
            var output = data
            var rowStart = 0
            while rowStart < output.count {
                let rowEnd = min(output.count, rowStart + rowBytes)
                var index = rowStart + pixelBytes
                while index < rowEnd {
                    output[index] = output[index] &+ output[index - pixelBytes]
                    index += 1
                }
                rowStart += rowBytes
            }
            return output
        }
        guard predictor >= 10 else { throw PDFError(.unsupportedFilter("predictor \(predictor)"), at: offset) }
        var output: [UInt8] = []
        output.reserveCapacity(data.count)
        // No row holds more bytes than the data: /Columns (up to 2^20 × 32 colours × 2 bytes) alone
        // must not size the buffers.
        let bufferBytes = min(rowBytes, data.count)
        var previous = [UInt8](repeating: 0, count: bufferBytes)
        var index = 0
        while index < data.count {
            let type = data[index]
            index += 1
            let end = min(data.count, index + rowBytes)
            var row = [UInt8](repeating: 0, count: bufferBytes)
            for column in 0..<(end - index) {
                let raw = data[index + column]
                let left = column >= pixelBytes ? row[column - pixelBytes] : 0
                let up = previous[column]
                let upLeft = column >= pixelBytes ? previous[column - pixelBytes] : 0
                switch type {
                case 0: row[column] = raw
                case 1: row[column] = raw &+ left
                case 2: row[column] = raw &+ up
                case 3: row[column] = raw &+ UInt8((Int(left) + Int(up)) / 2)
                case 4: row[column] = raw &+ paeth(left, up, upLeft)
                default: throw PDFError(.decodeFailed("PNG row filter \(type)"), at: offset)
                }
            }
            output += row[0..<(end - index)]
            previous = row
            index = end
        }
        return output
    }

    private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a))
        let pb = abs(p - Int(b))
        let pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    private static func asciiHex(_ data: [UInt8], offset: Int) throws(PDFError) -> [UInt8] {
        var output: [UInt8] = []
        var high: UInt8?
        for byte in data {
            if byte == 0x3E { break }
            if PDFParser.isWhitespace(byte) { continue }
            guard let value = PDFParser.hexValue(byte) else {
                throw PDFError(.decodeFailed("ASCIIHexDecode: not a hexadecimal digit"), at: offset)
            }
            if let first = high {
                output.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let first = high { output.append(first << 4) }
        return output
    }

    /// zlib deflate (for the streams the writer compresses).
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var length = compressBound(UInt(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &length, source.baseAddress, UInt(source.count), Z_BEST_COMPRESSION)
            }
        }
        guard status == Z_OK else { return [] }
        return Array(output.prefix(Int(length)))
    }
}
