/// The serial numbers of a `--serials` file.
struct SerialFile {
    /// Serials below 2⁶⁴ (non-negative, at most 16 hex digits after leading zeros).
    var values: [UInt64] = []
    /// The line (from 1) of each of `values`.
    var valueLines: [Int] = []
    /// Longer or negative serials, as INTEGER content octets.
    var long: [(line: Int, content: [UInt8])] = []

    /// Reads `path`, or exits with code 2 naming the first bad line.
    static func read(_ path: String) throws -> SerialFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile(path: path).readBytes()
        } catch {
            throw fail(error.description)
        }
        var file = SerialFile()
        file.values.reserveCapacity(bytes.count / 17 + 1)
        file.valueLines.reserveCapacity(bytes.count / 17 + 1)
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            if !file.add(bytes[start..<end], line: line) {
                throw fail("\(path):\(line): not a hexadecimal serial number")
            }
            start = end + 1
            line += 1
        }
        return file
    }

    /// Adds one line; `false` when it is not a serial.
    private mutating func add(_ text: ArraySlice<UInt8>, line: Int) -> Bool {
        var digits = text[...]
        while let last = digits.last, last == 0x0D || last == 0x20 || last == 0x09 { digits = digits.dropLast() }
        while let first = digits.first, first == 0x20 || first == 0x09 { digits = digits.dropFirst() }
        if digits.isEmpty { return true }
        var negative = false
        if digits.first == 0x2D {
            negative = true
            digits = digits.dropFirst()
        }
        if digits.count >= 2, digits.first == 0x30, digits[digits.startIndex + 1] | 0x20 == 0x78 {
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty else { return false }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(digits.count)
        for digit in digits {
            switch digit {
            case 0x30...0x39: nibbles.append(digit - 0x30)
            case 0x41...0x46: nibbles.append(digit - 0x41 + 10)
            case 0x61...0x66: nibbles.append(digit - 0x61 + 10)
            default: return false
            }
        }
        let significant = nibbles.drop { $0 == 0 }
        if !negative && significant.count <= 16 {
            values.append(significant.reduce(0) { $0 << 4 | UInt64($1) })
            valueLines.append(line)
            return true
        }
        // The magnitude's octets, then two's complement.
        var magnitude: [UInt8] = []
        var nibbleList = Array(significant)
        if nibbleList.count % 2 == 1 { nibbleList.insert(0, at: 0) }
        for index in stride(from: 0, to: nibbleList.count, by: 2) {
            magnitude.append(nibbleList[index] << 4 | nibbleList[index + 1])
        }
        var content = [0] + magnitude
        if negative {
            content = content.map { ~$0 }
            var index = content.count - 1
            while index >= 0 {
                let (sum, overflow) = content[index].addingReportingOverflow(1)
                content[index] = sum
                if !overflow { break }
                index -= 1
            }
        }
        long.append((line, content))
        return true
    }
}
