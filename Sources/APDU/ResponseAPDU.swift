import JPKIASN1

/// An ISO 7816-4 response APDU: the response data and the status word.
public struct ResponseAPDU: Hashable, Sendable, CustomStringConvertible {
    /// The response data (without the status word).
    public var data: [UInt8]
    /// The status word (SW1 SW2).
    public var statusWord: StatusWord

    /// A response from its parts.
    public init(data: [UInt8] = [], statusWord: StatusWord) {
        self.data = data
        self.statusWord = statusWord
    }

    /// A response from its bytes: data followed by SW1 SW2.
    ///
    /// - Throws: ``APDUError/malformedResponse(_:)`` for fewer than two bytes.
    public init(encoded bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 2 else { throw .malformedResponse(bytes) }
        data = Array(bytes[..<(bytes.count - 2)])
        statusWord = StatusWord(sw1: bytes[bytes.count - 2], sw2: bytes[bytes.count - 1])
    }

    /// Data then SW1 SW2.
    public var encoded: [UInt8] { data + [statusWord.sw1, statusWord.sw2] }

    /// Throws ``APDUError/status(_:command:)`` unless the status word is `90 00`.
    public func requireSuccess(for command: CommandAPDU) throws(APDUError) -> [UInt8] {
        guard statusWord.isSuccess else { throw .status(statusWord, command: command.redactedDescription) }
        return data
    }

    /// `<N data bytes> 9000 (success)`.
    public var description: String {
        (data.isEmpty ? "" : "\(Hex.encode(data.prefix(32)))\(data.count > 32 ? "…(\(data.count) bytes)" : "") ")
            + statusWord.description
    }
}
