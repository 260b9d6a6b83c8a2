import JPKIASN1

/// A 16-byte key reference of the card-verifiable (CV) certificates of the My Number Card's 券面
/// applications: the 証明者鍵ID (the key that signed a certificate) and the 被証明者鍵ID (the key
/// a certificate certifies).
///
/// J-LIS writes a 7-character number, `08 05`, a 3-character group and 4 bytes of padding:
/// `"5000023" 08 05 "001" 00 00 00 00` prints as `5000023/001`. Production keys begin with `5`,
/// the JPKI test-card hierarchy's with `6`. Two references are equal only when all 16 bytes are,
/// so a reference of one hierarchy never finds another's key.
public struct CardVerifiableKeyID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The length of a key reference.
    public static let length = 16

    /// The 16 bytes.
    public let bytes: [UInt8]

    /// A reference from exactly 16 bytes.
    ///
    /// - Throws: ``CardVerificationFailure/malformedCertificate(_:offset:)`` for another length.
    public init(_ bytes: some Collection<UInt8>) throws(CardVerificationFailure) {
        guard bytes.count == Self.length else {
            throw .malformedCertificate("a key reference is 16 bytes, not \(bytes.count)", offset: 0)
        }
        self.bytes = Array(bytes)
    }

    /// 16 zero bytes: the reference of no key (an embedded key whose reference does not decode).
    static let invalid = CardVerifiableKeyID(unchecked: [UInt8](repeating: 0, count: length))

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// A reference in J-LIS's layout: `number` (7 ASCII characters), `08 05`, `group` (3 ASCII
    /// characters), `padding` (4 bytes).
    ///
    /// - Throws: ``CardVerificationFailure/malformedCertificate(_:offset:)`` when a part has the
    ///   wrong length or is not ASCII.
    public init(number: String, group: String, padding: [UInt8] = [0, 0, 0, 0]) throws(CardVerificationFailure) {
        let numberBytes = Array(number.utf8)
        let groupBytes = Array(group.utf8)
        guard numberBytes.count == 7, groupBytes.count == 3, padding.count == 4,
            (numberBytes + groupBytes).allSatisfy({ (0x20...0x7E).contains($0) })
        else {
            throw .malformedCertificate("a key reference is 7 + 3 ASCII characters and 4 bytes of padding", offset: 0)
        }
        bytes = numberBytes + [0x08, 0x05] + groupBytes + padding
    }

    /// The 7-character number (`5000023`), or `nil` when those bytes are not printable ASCII.
    public var number: String? { printable(0..<7) }

    /// The 3-character group (`001`), or `nil` when those bytes are not printable ASCII.
    public var group: String? { printable(9..<12) }

    /// `5000023/001`, or the 16 bytes in hexadecimal when the reference is not in J-LIS's layout.
    public var description: String {
        guard let number, let group, bytes[7] == 0x08, bytes[8] == 0x05 else { return Hex.encode(bytes) }
        return "\(number)/\(group)"
    }

    private func printable(_ range: Range<Int>) -> String? {
        let slice = bytes[range]
        guard slice.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Decodes the 16 bytes from 32 hexadecimal digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let bytes = Hex.decode(text), bytes.count == Self.length else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not 16 bytes in hex: \(text)")
        }
        self.bytes = bytes
    }

    /// Encodes the 16 bytes as 32 hexadecimal digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Hex.encode(bytes))
    }
}
