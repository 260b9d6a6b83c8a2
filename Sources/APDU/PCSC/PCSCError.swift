import CPCSC

/// The PC/SC return codes (`SCARD_*` of pcsclite.h) and what each becomes.
enum PCSCReturnCode {
    static let success: UInt32 = 0x0000_0000

    /// Every `SCARD_E_*`, `SCARD_W_*`, `SCARD_F_*` and `SCARD_P_*` code with its name and the
    /// ``CardError`` it maps to.
    static let table: [UInt32: (name: String, error: CardError)] = [
        0x8010_0001: ("SCARD_F_INTERNAL_ERROR", .pcsc(name: "SCARD_F_INTERNAL_ERROR", code: 0x8010_0001)),
        0x8010_0002: ("SCARD_E_CANCELLED", .cancelled),
        0x8010_0003: ("SCARD_E_INVALID_HANDLE", .notConnected),
        0x8010_0004: ("SCARD_E_INVALID_PARAMETER", .rejectedByReader("SCARD_E_INVALID_PARAMETER")),
        0x8010_0005: ("SCARD_E_INVALID_TARGET", .pcsc(name: "SCARD_E_INVALID_TARGET", code: 0x8010_0005)),
        0x8010_0006: ("SCARD_E_NO_MEMORY", .pcsc(name: "SCARD_E_NO_MEMORY", code: 0x8010_0006)),
        0x8010_0007: ("SCARD_F_WAITED_TOO_LONG", .communicationError),
        0x8010_0008: ("SCARD_E_INSUFFICIENT_BUFFER", .insufficientBuffer),
        0x8010_0009: ("SCARD_E_UNKNOWN_READER", .unknownReader("")),
        0x8010_000A: ("SCARD_E_TIMEOUT", .timeout),
        0x8010_000B: ("SCARD_E_SHARING_VIOLATION", .sharingViolation),
        0x8010_000C: ("SCARD_E_NO_SMARTCARD", .noCard),
        0x8010_000D: ("SCARD_E_UNKNOWN_CARD", .unresponsiveCard),
        0x8010_000E: ("SCARD_E_CANT_DISPOSE", .pcsc(name: "SCARD_E_CANT_DISPOSE", code: 0x8010_000E)),
        0x8010_000F: ("SCARD_E_PROTO_MISMATCH", .protocolMismatch),
        0x8010_0010: ("SCARD_E_NOT_READY", .readerUnavailable),
        0x8010_0011: ("SCARD_E_INVALID_VALUE", .rejectedByReader("SCARD_E_INVALID_VALUE")),
        0x8010_0012: ("SCARD_E_SYSTEM_CANCELLED", .cancelled),
        0x8010_0013: ("SCARD_F_COMM_ERROR", .communicationError),
        0x8010_0014: ("SCARD_F_UNKNOWN_ERROR", .pcsc(name: "SCARD_F_UNKNOWN_ERROR", code: 0x8010_0014)),
        0x8010_0015: ("SCARD_E_INVALID_ATR", .unresponsiveCard),
        0x8010_0016: ("SCARD_E_NOT_TRANSACTED", .pcsc(name: "SCARD_E_NOT_TRANSACTED", code: 0x8010_0016)),
        0x8010_0017: ("SCARD_E_READER_UNAVAILABLE", .readerUnavailable),
        0x8010_0018: ("SCARD_P_SHUTDOWN", .cancelled),
        0x8010_0019: ("SCARD_E_PCI_TOO_SMALL", .insufficientBuffer),
        0x8010_001A: ("SCARD_E_READER_UNSUPPORTED", .rejectedByReader("SCARD_E_READER_UNSUPPORTED")),
        0x8010_001B: ("SCARD_E_DUPLICATE_READER", .pcsc(name: "SCARD_E_DUPLICATE_READER", code: 0x8010_001B)),
        0x8010_001C: ("SCARD_E_CARD_UNSUPPORTED", .unresponsiveCard),
        0x8010_001D: ("SCARD_E_NO_SERVICE", .noService),
        0x8010_001E: ("SCARD_E_SERVICE_STOPPED", .noService),
        // 0x8010001F is both SCARD_E_UNEXPECTED and SCARD_E_UNSUPPORTED_FEATURE in pcsclite.
        0x8010_001F: ("SCARD_E_UNSUPPORTED_FEATURE", .rejectedByReader("SCARD_E_UNSUPPORTED_FEATURE")),
        0x8010_0020: ("SCARD_E_ICC_INSTALLATION", .pcsc(name: "SCARD_E_ICC_INSTALLATION", code: 0x8010_0020)),
        0x8010_0021: ("SCARD_E_ICC_CREATEORDER", .pcsc(name: "SCARD_E_ICC_CREATEORDER", code: 0x8010_0021)),
        0x8010_0023: ("SCARD_E_DIR_NOT_FOUND", .pcsc(name: "SCARD_E_DIR_NOT_FOUND", code: 0x8010_0023)),
        0x8010_0024: ("SCARD_E_FILE_NOT_FOUND", .pcsc(name: "SCARD_E_FILE_NOT_FOUND", code: 0x8010_0024)),
        0x8010_0025: ("SCARD_E_NO_DIR", .pcsc(name: "SCARD_E_NO_DIR", code: 0x8010_0025)),
        0x8010_0026: ("SCARD_E_NO_FILE", .pcsc(name: "SCARD_E_NO_FILE", code: 0x8010_0026)),
        0x8010_0027: ("SCARD_E_NO_ACCESS", .pcsc(name: "SCARD_E_NO_ACCESS", code: 0x8010_0027)),
        0x8010_0028: ("SCARD_E_WRITE_TOO_MANY", .pcsc(name: "SCARD_E_WRITE_TOO_MANY", code: 0x8010_0028)),
        0x8010_0029: ("SCARD_E_BAD_SEEK", .pcsc(name: "SCARD_E_BAD_SEEK", code: 0x8010_0029)),
        0x8010_002A: ("SCARD_E_INVALID_CHV", .pcsc(name: "SCARD_E_INVALID_CHV", code: 0x8010_002A)),
        0x8010_002B: ("SCARD_E_UNKNOWN_RES_MNG", .pcsc(name: "SCARD_E_UNKNOWN_RES_MNG", code: 0x8010_002B)),
        0x8010_002C: ("SCARD_E_NO_SUCH_CERTIFICATE", .pcsc(name: "SCARD_E_NO_SUCH_CERTIFICATE", code: 0x8010_002C)),
        0x8010_002D: (
            "SCARD_E_CERTIFICATE_UNAVAILABLE", .pcsc(name: "SCARD_E_CERTIFICATE_UNAVAILABLE", code: 0x8010_002D)
        ),
        0x8010_002E: ("SCARD_E_NO_READERS_AVAILABLE", .noReaders),
        0x8010_002F: ("SCARD_E_COMM_DATA_LOST", .communicationError),
        0x8010_0030: ("SCARD_E_NO_KEY_CONTAINER", .pcsc(name: "SCARD_E_NO_KEY_CONTAINER", code: 0x8010_0030)),
        0x8010_0031: ("SCARD_E_SERVER_TOO_BUSY", .pcsc(name: "SCARD_E_SERVER_TOO_BUSY", code: 0x8010_0031)),
        0x8010_0065: ("SCARD_W_UNSUPPORTED_CARD", .unresponsiveCard),
        0x8010_0066: ("SCARD_W_UNRESPONSIVE_CARD", .unresponsiveCard),
        0x8010_0067: ("SCARD_W_UNPOWERED_CARD", .cardUnpowered),
        0x8010_0068: ("SCARD_W_RESET_CARD", .cardReset),
        0x8010_0069: ("SCARD_W_REMOVED_CARD", .cardRemoved),
        0x8010_006A: ("SCARD_W_SECURITY_VIOLATION", .pcsc(name: "SCARD_W_SECURITY_VIOLATION", code: 0x8010_006A)),
        0x8010_006B: ("SCARD_W_WRONG_CHV", .pcsc(name: "SCARD_W_WRONG_CHV", code: 0x8010_006B)),
        0x8010_006C: ("SCARD_W_CHV_BLOCKED", .pcsc(name: "SCARD_W_CHV_BLOCKED", code: 0x8010_006C)),
        0x8010_006D: ("SCARD_W_EOF", .pcsc(name: "SCARD_W_EOF", code: 0x8010_006D)),
        0x8010_006E: ("SCARD_W_CANCELLED_BY_USER", .cancelled),
        0x8010_006F: (
            "SCARD_W_CARD_NOT_AUTHENTICATED", .pcsc(name: "SCARD_W_CARD_NOT_AUTHENTICATED", code: 0x8010_006F)
        ),
    ]

    /// The error for a PC/SC return value, or `nil` for `SCARD_S_SUCCESS`.
    static func error(_ returnValue: LONG, reader: String? = nil) -> CardError? {
        let code = UInt32(truncatingIfNeeded: returnValue)
        if code == success { return nil }
        guard let entry = table[code] else { return .pcsc(name: "unknown", code: code) }
        if case .unknownReader = entry.error { return .unknownReader(reader ?? "") }
        return entry.error
    }

    /// The name of a return value, e.g. `SCARD_W_REMOVED_CARD`.
    static func name(_ returnValue: LONG) -> String {
        let code = UInt32(truncatingIfNeeded: returnValue)
        return code == success ? "SCARD_S_SUCCESS" : table[code]?.name ?? "0x\(String(code, radix: 16))"
    }
}
