/// EF 0006 of the JPKI AP: a PKCS #11 `CK_TOKEN_INFO` of 160 bytes (with 4-byte `CK_ULONG`s):
/// `label` (32), `manufacturerID` (32), `model` (16), `serialNumber` (16), `flags` and ten
/// counters (4 bytes each), hardware and firmware versions (2 + 2), `utcTime` (16). The label
/// names the token (``JPKIApplication/TokenKind``). The byte order of the numeric fields is not
/// documented publicly: they are kept as read.
public struct TokenInformation: Hashable, Sendable {
    /// The length of the structure.
    public static let length = 160

    /// The label, trailing spaces and NULs removed (`JPKIAPICCTOKEN2`).
    public var label: String
    /// `manufacturerID`, trimmed.
    public var manufacturerID: String
    /// `model`, trimmed.
    public var model: String
    /// `serialNumber`, trimmed.
    public var serialNumber: String
    /// `flags`, the ten counters and the two versions (48 bytes), as read.
    public var numericFields: [UInt8]
    /// `utcTime`, trimmed.
    public var utcTime: String
    /// The token kind the label names.
    public var kind: JPKIApplication.TokenKind

    /// Parses EF 0006. A file shorter than 160 bytes (an older token with the label only) gives
    /// empty fields after what it holds.
    public init(_ bytes: [UInt8]) {
        func text(_ range: Range<Int>) -> String {
            guard range.lowerBound < bytes.count else { return "" }
            var field = bytes[range.lowerBound..<min(range.upperBound, bytes.count)]
            while let last = field.last, last == 0x20 || last == 0x00 || last == 0xFF { field = field.dropLast() }
            return String(decoding: field, as: UTF8.self)
        }
        label = text(0..<32)
        manufacturerID = text(32..<64)
        model = text(64..<80)
        serialNumber = text(80..<96)
        numericFields = bytes.count > 96 ? Array(bytes[96..<min(144, bytes.count)]) : []
        utcTime = text(144..<160)
        kind = JPKIApplication.TokenKind(tokenInfo: bytes)
    }
}

extension JPKIApplication {
    /// EF 0006 parsed as its `CK_TOKEN_INFO`: SELECT and one READ BINARY.
    public func tokenInformation() async throws(JPKICardError) -> TokenInformation {
        TokenInformation(try await base.readBytes(Self.tokenInfoFile, length: 256))
    }
}
