import JPKIASN1

/// The status word that ends every response (SW1 SW2), with its ISO 7816-4 and JPKI meaning.
public struct StatusWord: Hashable, Sendable, CustomStringConvertible {
    /// SW1.
    public let sw1: UInt8
    /// SW2.
    public let sw2: UInt8

    /// A status word from its bytes.
    public init(sw1: UInt8, sw2: UInt8) {
        self.sw1 = sw1
        self.sw2 = sw2
    }

    /// A status word from its 16-bit value, e.g. `0x9000`.
    public init(_ value: UInt16) {
        self.init(sw1: UInt8(value >> 8), sw2: UInt8(value & 0xFF))
    }

    /// The 16-bit value.
    public var value: UInt16 { UInt16(sw1) << 8 | UInt16(sw2) }

    /// `90 00`.
    public static let success = StatusWord(0x9000)

    /// What a status word means.
    public enum Meaning: Hashable, Sendable {
        /// `90 00`: the command succeeded.
        case success
        /// `61 xx`: more response data, `xx` bytes (0 = 256), to fetch with GET RESPONSE.
        case moreDataAvailable(Int)
        /// `62 81`: part of the returned data may be corrupted.
        case dataMayBeCorrupted
        /// `62 82`: end of file reached before Le bytes.
        case endOfFileReached
        /// `63 Cx` with x > 0: the PIN was wrong (or, for the query without data, has not been
        /// verified yet); x tries are left.
        case wrongPIN(triesLeft: Int)
        /// `63 C0`, `69 83` or `69 84`: the PIN is blocked (the card is not known to use one
        /// rather than another for JPKI, so all are accepted).
        case authenticationBlocked
        /// `63 00` / other `63 xx`: verification failed, no counter given.
        case verificationFailed
        /// `64 xx`: execution error, state unchanged.
        case executionError
        /// `65 81`: memory failure.
        case memoryFailure
        /// `67 00`: wrong length (Lc or Le), e.g. an extended APDU the card refuses.
        case wrongLength
        /// `68 81`/`68 82`: logical channel or secure messaging not supported.
        case functionInClassNotSupported
        /// `69 81`: command incompatible with the file structure.
        case incompatibleFileStructure
        /// `69 82`: security status not satisfied (e.g. the signature certificate before the
        /// signature PIN).
        case securityStatusNotSatisfied
        /// `69 85`: conditions of use not satisfied.
        case conditionsNotSatisfied
        /// `69 86`: command not allowed (no current EF).
        case commandNotAllowed
        /// `6A 80`: incorrect data field.
        case incorrectData
        /// `6A 81`: function not supported.
        case functionNotSupported
        /// `6A 82`: file or application not found.
        case fileNotFound
        /// `6A 86` or `6B 00`: incorrect P1 P2 (e.g. selection by path, an offset beyond the EF).
        case incorrectParameters
        /// `6A 88`: referenced data not found.
        case referencedDataNotFound
        /// `6C xx`: wrong Le; the exact length is `xx` (0 = 256).
        case wrongExpectedLength(exact: Int)
        /// `6D 00`: instruction not supported.
        case instructionNotSupported
        /// `6E 00`: class not supported.
        case classNotSupported
        /// `6F 00`: no precise diagnosis.
        case noPreciseDiagnosis
        /// Any other status word.
        case other
    }

    /// The meaning of this status word.
    public var meaning: Meaning {
        switch (sw1, sw2) {
        case (0x90, 0x00): return .success
        case (0x61, let count): return .moreDataAvailable(count == 0 ? 256 : Int(count))
        case (0x62, 0x81): return .dataMayBeCorrupted
        case (0x62, 0x82): return .endOfFileReached
        case (0x63, 0xC0): return .authenticationBlocked
        case (0x63, let low) where low & 0xF0 == 0xC0: return .wrongPIN(triesLeft: Int(low & 0x0F))
        case (0x63, _): return .verificationFailed
        case (0x64, _): return .executionError
        case (0x65, 0x81): return .memoryFailure
        case (0x67, 0x00): return .wrongLength
        case (0x68, 0x81), (0x68, 0x82): return .functionInClassNotSupported
        case (0x69, 0x81): return .incompatibleFileStructure
        case (0x69, 0x82): return .securityStatusNotSatisfied
        case (0x69, 0x83), (0x69, 0x84): return .authenticationBlocked
        case (0x69, 0x85): return .conditionsNotSatisfied
        case (0x69, 0x86): return .commandNotAllowed
        case (0x6A, 0x80): return .incorrectData
        case (0x6A, 0x81): return .functionNotSupported
        case (0x6A, 0x82): return .fileNotFound
        case (0x6A, 0x86), (0x6B, 0x00): return .incorrectParameters
        case (0x6A, 0x88): return .referencedDataNotFound
        case (0x6C, let exact): return .wrongExpectedLength(exact: exact == 0 ? 256 : Int(exact))
        case (0x6D, 0x00): return .instructionNotSupported
        case (0x6E, 0x00): return .classNotSupported
        case (0x6F, 0x00): return .noPreciseDiagnosis
        default: return .other
        }
    }

    /// `true` for `90 00`.
    public var isSuccess: Bool { sw1 == 0x90 && sw2 == 0x00 }

    /// The tries left that a `63 Cx` reports, or 0 for a blocked PIN, or `nil`.
    public var triesLeft: Int? {
        switch meaning {
        case .wrongPIN(let tries): return tries
        case .authenticationBlocked: return 0
        default: return nil
        }
    }

    /// A readable explanation, e.g. `63C2 (wrong PIN, 2 tries left)`.
    public var description: String {
        let hex = Hex.encode([sw1, sw2])
        let text: String
        switch meaning {
        case .success: text = "success"
        case .moreDataAvailable(let count): text = "\(count) more bytes available"
        case .dataMayBeCorrupted: text = "returned data may be corrupted"
        case .endOfFileReached: text = "end of file reached before Le bytes"
        case .wrongPIN(let tries): text = "wrong PIN or not verified, \(tries) \(tries == 1 ? "try" : "tries") left"
        case .authenticationBlocked: text = "PIN blocked"
        case .verificationFailed: text = "verification failed"
        case .executionError: text = "execution error"
        case .memoryFailure: text = "memory failure"
        case .wrongLength: text = "wrong length"
        case .functionInClassNotSupported: text = "function in CLA not supported"
        case .incompatibleFileStructure: text = "command incompatible with file structure"
        case .securityStatusNotSatisfied: text = "security status not satisfied"
        case .conditionsNotSatisfied: text = "conditions of use not satisfied"
        case .commandNotAllowed: text = "command not allowed"
        case .incorrectData: text = "incorrect data"
        case .functionNotSupported: text = "function not supported"
        case .fileNotFound: text = "file or application not found"
        case .incorrectParameters: text = "incorrect P1 P2"
        case .referencedDataNotFound: text = "referenced data not found"
        case .wrongExpectedLength(let exact): text = "wrong Le, exact length \(exact)"
        case .instructionNotSupported: text = "instruction not supported"
        case .classNotSupported: text = "class not supported"
        case .noPreciseDiagnosis: text = "no precise diagnosis"
        case .other: text = "unknown status"
        }
        return "\(hex) (\(text))"
    }
}
