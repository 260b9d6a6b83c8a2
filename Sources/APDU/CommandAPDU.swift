import JPKIASN1

/// An ISO 7816-4 command APDU: header (CLA INS P1 P2), optional data, optional expected length.
///
/// The four cases are told apart by what is present: case 1 (header only), case 2 (Le), case 3
/// (data), case 4 (data and Le). ``encoded()`` uses the short form when it fits (data ≤ 255
/// bytes, Le ≤ 256) and the extended form otherwise; ``encoded(extended:)`` forces a form.
/// Le = 256 is written `00` in the short form, Le = 65536 as `00 00` in the extended form.
public struct CommandAPDU: Hashable, Sendable, CustomStringConvertible {
    /// The class byte.
    public var cla: UInt8
    /// The instruction byte.
    public var ins: UInt8
    /// Parameter 1.
    public var p1: UInt8
    /// Parameter 2.
    public var p2: UInt8
    /// The command data (Lc is its count); empty for cases 1 and 2.
    public private(set) var data: [UInt8]
    /// The number of response bytes expected (1…65536), or `nil` when none is (cases 1 and 3).
    public private(set) var expectedLength: Int?

    /// The largest command data: 65,535 bytes (extended Lc).
    public static let maximumDataLength = 65_535
    /// The largest expected length: 65,536 (extended Le `00 00`).
    public static let maximumExpectedLength = 65_536

    /// Creates a command.
    ///
    /// - Throws: ``APDUError/dataTooLong(_:)`` beyond 65,535 bytes of data,
    ///   ``APDUError/invalidExpectedLength(_:)`` for an Le outside 1…65,536.
    public init(
        cla: UInt8 = 0x00, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], expectedLength: Int? = nil
    ) throws(APDUError) {
        guard data.count <= Self.maximumDataLength else { throw .dataTooLong(data.count) }
        if let expectedLength, !(1...Self.maximumExpectedLength).contains(expectedLength) {
            throw .invalidExpectedLength(expectedLength)
        }
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.expectedLength = expectedLength
    }

    /// Decodes a command from its bytes (short or extended form).
    ///
    /// - Throws: ``APDUError/malformedCommand(_:)`` when the lengths do not add up.
    public init(encoded bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 4 else { throw .malformedCommand("\(bytes.count) bytes, fewer than a header") }
        let (cla, ins, p1, p2) = (bytes[0], bytes[1], bytes[2], bytes[3])
        let body = Array(bytes[4...])
        var data: [UInt8] = []
        var le: Int?
        switch body.count {
        case 0: break  // case 1
        case 1: le = body[0] == 0 ? 256 : Int(body[0])  // case 2 short
        default:
            if body[0] != 0 {
                // Short case 3 or 4.
                let lc = Int(body[0])
                if body.count == 1 + lc {
                    data = Array(body[1...])
                } else if body.count == 2 + lc {
                    data = Array(body[1...lc])
                    le = body[1 + lc] == 0 ? 256 : Int(body[1 + lc])
                } else {
                    throw .malformedCommand("Lc \(lc) does not match \(body.count) body bytes")
                }
            } else if body.count == 3 {
                // Extended case 2.
                let value = Int(body[1]) << 8 | Int(body[2])
                le = value == 0 ? 65_536 : value
            } else {
                guard body.count >= 3 else { throw .malformedCommand("truncated extended length") }
                let lc = Int(body[1]) << 8 | Int(body[2])
                guard lc > 0 else { throw .malformedCommand("extended Lc of 0") }
                if body.count == 3 + lc {
                    data = Array(body[3...])
                } else if body.count == 5 + lc {
                    data = Array(body[3..<(3 + lc)])
                    let value = Int(body[3 + lc]) << 8 | Int(body[4 + lc])
                    le = value == 0 ? 65_536 : value
                } else {
                    throw .malformedCommand("extended Lc \(lc) does not match \(body.count) body bytes")
                }
            }
        }
        try self.init(cla: cla, ins: ins, p1: p1, p2: p2, data: data, expectedLength: le)
    }

    /// Whether the short form can carry this command.
    public var fitsShortForm: Bool { data.count <= 255 && (expectedLength ?? 0) <= 256 }

    /// The bytes: the short form when it fits, the extended form otherwise.
    public func encoded() -> [UInt8] {
        encoded(extended: !fitsShortForm)
    }

    /// The bytes in the short or the extended form. A command that does not fit the short form
    /// is written in the extended form whatever `extended` says.
    public func encoded(extended: Bool) -> [UInt8] {
        var bytes: [UInt8] = [cla, ins, p1, p2]
        let useExtended = extended || !fitsShortForm
        if useExtended {
            if !data.isEmpty {
                bytes += [0x00, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
                bytes += data
            }
            if let le = expectedLength {
                let value = le == 65_536 ? 0 : le
                if data.isEmpty { bytes.append(0x00) }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
        } else {
            if !data.isEmpty {
                bytes.append(UInt8(data.count))
                bytes += data
            }
            if let le = expectedLength { bytes.append(le == 256 ? 0 : UInt8(le)) }
        }
        return bytes
    }

    /// The same command with another expected length (for re-issuing after `6C xx`).
    public func withExpectedLength(_ length: Int?) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(cla: cla, ins: ins, p1: p1, p2: p2, data: data, expectedLength: length)
    }

    /// The ISO 7816-4 case: 1 (header only), 2 (Le), 3 (data), 4 (data and Le).
    public var isoCase: Int {
        switch (data.isEmpty, expectedLength == nil) {
        case (true, true): return 1
        case (true, false): return 2
        case (false, true): return 3
        case (false, false): return 4
        }
    }

    /// The instructions whose data is a PIN: VERIFY (`20`), CHANGE REFERENCE DATA (`24`),
    /// RESET RETRY COUNTER (`2C`).
    public static let secretInstructions: Set<UInt8> = [0x20, 0x24, 0x2C]

    /// Whether the data is secret (a PIN). Logs and recordings redact it.
    public var carriesSecret: Bool { Self.secretInstructions.contains(ins) && !data.isEmpty }

    /// Hexadecimal with the secret data of VERIFY / CHANGE REFERENCE DATA replaced by
    /// `<N bytes redacted>`: safe to log.
    public var redactedDescription: String { Self.redactedHex(encoded()) }

    /// Command bytes in hexadecimal, everything after the header of a command carrying a PIN
    /// replaced by `<N bytes redacted>` (N counts the Lc, data and Le bytes). Works on bytes
    /// that do not parse as a command too, so nothing that looks like a VERIFY is ever logged.
    public static func redactedHex(_ bytes: [UInt8]) -> String {
        guard bytes.count > 4, secretInstructions.contains(bytes[1]) else { return Hex.encode(bytes) }
        return Hex.encode(bytes.prefix(4)) + " <\(bytes.count - 4) bytes redacted>"
    }

    /// The redacted form (see ``redactedDescription``): a command never prints a PIN.
    public var description: String { redactedDescription }
}

// MARK: The commands of ISO 7816-4 that the card uses

extension CommandAPDU {
    /// SELECT by DF name (AID), no response data: `00 A4 04 0C Lc AID`.
    public static func selectApplication(_ aid: [UInt8]) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: aid)
    }

    /// SELECT an EF by file identifier, no response data: `00 A4 02 0C 02 FID`.
    public static func selectFile(_ fileID: UInt16) -> CommandAPDU {
        CommandAPDU(
            unchecked: 0x00, 0xA4, 0x02, 0x0C, data: [UInt8(fileID >> 8), UInt8(fileID & 0xFF)], expectedLength: nil)
    }

    /// READ BINARY at `offset` (0…32,767) for `length` bytes (1…65,536; 256 is short Le `00`).
    public static func readBinary(offset: Int, length: Int) throws(APDUError) -> CommandAPDU {
        guard (0...0x7FFF).contains(offset) else { throw .invalidOffset(offset) }
        return try CommandAPDU(
            ins: 0xB0, p1: UInt8(offset >> 8), p2: UInt8(offset & 0xFF), expectedLength: length)
    }

    /// GET RESPONSE for `length` bytes (after `61 xx`).
    public static func getResponse(length: Int) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(ins: 0xC0, p1: 0x00, p2: 0x00, expectedLength: length)
    }

    /// VERIFY the reference data `p2` with `pin` (`00 20 00 P2 Lc PIN`); with no data, the
    /// retry-counter query, which consumes no try.
    public static func verify(reference p2: UInt8 = 0x80, pin: [UInt8] = []) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(ins: 0x20, p1: 0x00, p2: p2, data: pin)
    }

    init(unchecked cla: UInt8, _ ins: UInt8, _ p1: UInt8, _ p2: UInt8, data: [UInt8], expectedLength: Int?) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.expectedLength = expectedLength
    }
}
