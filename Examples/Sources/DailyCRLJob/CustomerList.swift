import Foundation

/// The operator's customers: an id and the serial number of the signature certificate
/// (署名用電子証明書) each one registered with, read from a CSV file with the header
/// `customer_id,certificate_serial` (the serial in hexadecimal, as `openssl x509 -serial`
/// prints it; `0x`, colons and spaces are ignored).
///
/// Serials are held ready for ``JPKIX509/RevocationIndex``'s bulk lookup: those below 2⁶⁴ (all of
/// the JPKI's) as `UInt64` values, any longer one as DER INTEGER content octets. The file is
/// read as bytes, line by line: a million customers take well under a second.
struct CustomerList {
    /// A certificate serial number.
    enum Serial: Hashable {
        /// Below 2⁶⁴.
        case short(UInt64)
        /// Longer: the DER INTEGER content octets (a leading `00` when the top bit is set).
        case long([UInt8])

        /// Upper-case hexadecimal without leading zeros.
        var hex: String {
            switch self {
            case .short(let value): return String(value, radix: 16, uppercase: true)
            case .long(let octets):
                let text = octets.map { String(format: "%02X", $0) }.joined()
                return String(text.drop { $0 == "0" })
            }
        }
    }

    /// The ids, in file order.
    private(set) var ids: [String] = []
    /// Each customer's serial.
    private(set) var serials: [Serial] = []
    /// The serials below 2⁶⁴, and which customer each is.
    private(set) var shortSerials: [UInt64] = []
    private(set) var shortOwners: [Int] = []
    /// The longer serials (content octets), and which customer each is.
    private(set) var longSerials: [[UInt8]] = []
    private(set) var longOwners: [Int] = []
    /// Lines that were skipped, with why (`line 12: …`).
    private(set) var rejectedLines: [String] = []

    /// The number of customers read.
    var count: Int { ids.count }

    /// Reads the CSV at `path`. Malformed lines are skipped and listed in ``rejectedLines``:
    /// one bad row must not stop the whole day's job, but it must be reported.
    ///
    /// - Throws: ``JobError/input(_:)`` when the file cannot be read or has no
    ///   `customer_id,certificate_serial` header.
    init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobError.input("cannot read the customer list \(path)")
        }
        let bytes = [UInt8](data)
        // A byte order mark, as spreadsheets write, is skipped.
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        var columns: (id: Int, serial: Int, count: Int)?
        // Duplicates are found with one table per kind of serial, sized up front (a line
        // holds at least 20 bytes).
        var seenShort: [UInt64: Int] = [:]
        seenShort.reserveCapacity(bytes.count / 20)
        var seenLong: [[UInt8]: Int] = [:]
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var end = newline
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[start..<end]
            start = newline + 1
            number += 1
            guard !line.isEmpty else { continue }
            // Quoted fields take the careful path; plain ones are split on commas.
            let fields: [ArraySlice<UInt8>]
            if line.contains(0x22) {
                guard let parsed = CSV.fields(of: Substring(String(decoding: line, as: UTF8.self))) else {
                    rejectedLines.append("line \(number): unclosed quote")
                    continue
                }
                fields = parsed.map { Array($0.utf8)[...] }
            } else {
                fields = line.split(separator: 0x2C, omittingEmptySubsequences: false)
            }
            guard let (idColumn, serialColumn, columnCount) = columns else {
                let names = fields.map { String(decoding: Self.trimmed($0), as: UTF8.self).lowercased() }
                guard let id = names.firstIndex(of: "customer_id"),
                    let serial = names.firstIndex(of: "certificate_serial")
                else {
                    throw JobError.input("\(path): the header must name customer_id and certificate_serial")
                }
                columns = (id, serial, names.count)
                continue
            }
            guard fields.count > max(idColumn, serialColumn) else {
                rejectedLines.append("line \(number): \(fields.count) field(s), expected \(columnCount)")
                continue
            }
            let id = String(decoding: Self.trimmed(fields[idColumn]), as: UTF8.self)
            guard !id.isEmpty else {
                rejectedLines.append("line \(number): empty customer_id")
                continue
            }
            guard let serial = Self.serial(fromHex: fields[serialColumn]) else {
                let text = String(decoding: fields[serialColumn], as: UTF8.self)
                rejectedLines.append(
                    "line \(number): certificate_serial \"\(text)\" is not a positive hexadecimal number")
                continue
            }
            let first: Int?
            switch serial {
            case .short(let value): first = seenShort.updateValue(number, forKey: value)
            case .long(let octets): first = seenLong.updateValue(number, forKey: octets)
            }
            if let first {
                // Keep the first line's customer: put its line number back.
                switch serial {
                case .short(let value): seenShort[value] = first
                case .long(let octets): seenLong[octets] = first
                }
                rejectedLines.append("line \(number): serial \(serial.hex) already given on line \(first)")
                continue
            }
            append(id: id, serial: serial)
        }
        guard columns != nil else { throw JobError.input("\(path) is empty") }
    }

    private mutating func append(id: String, serial: Serial) {
        let owner = ids.count
        ids.append(id)
        serials.append(serial)
        switch serial {
        case .short(let value):
            shortSerials.append(value)
            shortOwners.append(owner)
        case .long(let octets):
            longSerials.append(octets)
            longOwners.append(owner)
        }
    }

    /// `field` without spaces and tabs at either end.
    static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var field = field
        while let first = field.first, first == 0x20 || first == 0x09 { field.removeFirst() }
        while let last = field.last, last == 0x20 || last == 0x09 { field.removeLast() }
        return field
    }

    /// The serial written in `text` (UTF-8 hexadecimal; `0x`, colons and spaces ignored), or
    /// `nil` when it is not a positive hexadecimal number.
    static func serial(fromHex text: ArraySlice<UInt8>) -> Serial? {
        var digits = trimmed(text)
        if digits.starts(with: [0x30, 0x78]) || digits.starts(with: [0x30, 0x58]) { digits = digits.dropFirst(2) }
        // The common case, up to 16 significant digits, is folded into a UInt64 as it is read;
        // longer serials are collected digit by digit.
        var value: UInt64 = 0
        var significant = 0
        var nibbles: [UInt8]?
        for byte in digits where byte != 0x3A && byte != 0x20 {
            let nibble: UInt8
            switch byte {
            case 0x30...0x39: nibble = byte - 0x30
            case 0x41...0x46: nibble = byte - 0x41 + 10
            case 0x61...0x66: nibble = byte - 0x61 + 10
            default: return nil
            }
            if significant == 0 && nibble == 0 { continue }  // leading zeros
            significant += 1
            if significant <= 16 {
                value = value << 4 | UInt64(nibble)
            } else {
                if nibbles == nil {
                    nibbles = (0..<16).reversed().map { UInt8(truncatingIfNeeded: value >> (4 * UInt64($0))) & 0x0F }
                }
                nibbles?.append(nibble)
            }
        }
        guard significant > 0 else { return nil }  // empty, or zero: not a serial number
        guard var long = nibbles else { return .short(value) }
        if long.count % 2 == 1 { long.insert(0, at: 0) }
        var octets = stride(from: 0, to: long.count, by: 2).map { long[$0] << 4 | long[$0 + 1] }
        if let first = octets.first, first >= 0x80 { octets.insert(0, at: 0) }
        return .long(octets)
    }
}
