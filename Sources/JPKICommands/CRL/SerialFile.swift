extension CRLCommand {
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
            let bytes = try InputFile.bytesOrExit(path)
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
            switch NumberText.serial(digits) {
            case .value(let value)?:
                values.append(value)
                valueLines.append(line)
            case .content(let content)?:
                long.append((line, content))
            case nil:
                return false
            }
            return true
        }
    }
}
