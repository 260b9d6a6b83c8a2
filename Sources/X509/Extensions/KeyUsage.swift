import JPKIASN1

/// The keyUsage extension (RFC 5280 §4.2.1.3): what the subject's key may be used for, as
/// named bits.
///
/// ```
/// KeyUsage ::= BIT STRING {
///      digitalSignature (0), nonRepudiation (1), keyEncipherment (2), dataEncipherment (3),
///      keyAgreement (4), keyCertSign (5), cRLSign (6), encipherOnly (7), decipherOnly (8) }
/// ```
///
/// JPKI leaves carry it critical: the user-authentication certificate ``digitalSignature``, the
/// signature certificate ``digitalSignature`` and ``nonRepudiation``; the J-LIS roots
/// ``keyCertSign`` and ``cRLSign``. DER encodes a named bit list without trailing zero bits;
/// an encoding with them is rejected.
public struct KeyUsage: OptionSet, ExtensionValue, CustomStringConvertible {
    /// Bit `n` of the BIT STRING is `1 << n`; bits 9–15 (unnamed) are kept as they are.
    public var rawValue: UInt16

    /// Usages from their bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// digitalSignature (0): signatures other than on certificates and CRLs (authentication).
    public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
    /// nonRepudiation (1), also called contentCommitment: signatures that commit the signer.
    public static let nonRepudiation = KeyUsage(rawValue: 1 << 1)
    /// keyEncipherment (2).
    public static let keyEncipherment = KeyUsage(rawValue: 1 << 2)
    /// dataEncipherment (3).
    public static let dataEncipherment = KeyUsage(rawValue: 1 << 3)
    /// keyAgreement (4).
    public static let keyAgreement = KeyUsage(rawValue: 1 << 4)
    /// keyCertSign (5): signatures on certificates.
    public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
    /// cRLSign (6): signatures on CRLs.
    public static let cRLSign = KeyUsage(rawValue: 1 << 6)
    /// encipherOnly (7), with keyAgreement.
    public static let encipherOnly = KeyUsage(rawValue: 1 << 7)
    /// decipherOnly (8), with keyAgreement.
    public static let decipherOnly = KeyUsage(rawValue: 1 << 8)

    /// keyUsage, 2.5.29.15
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.keyUsage

    /// The named bits with the names OpenSSL prints.
    static let names: [(KeyUsage, String)] = [
        (.digitalSignature, "Digital Signature"), (.nonRepudiation, "Non Repudiation"),
        (.keyEncipherment, "Key Encipherment"), (.dataEncipherment, "Data Encipherment"),
        (.keyAgreement, "Key Agreement"), (.keyCertSign, "Certificate Sign"), (.cRLSign, "CRL Sign"),
        (.encipherOnly, "Encipher Only"), (.decipherOnly, "Decipher Only"),
    ]

    /// Decodes the BIT STRING.
    ///
    /// - Throws: `DERError.Rule.invalidBitString` for trailing zero bits or a bit beyond
    ///   15; the BIT STRING rules of DER otherwise.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        let bits = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.namedBits(node, in: reader, tag: .bitString, limit: 16)
        }
        var raw: UInt16 = 0
        for (index, bit) in bits.enumerated() where bit { raw |= 1 << UInt16(index) }
        self.rawValue = raw
    }

    /// Writes the BIT STRING without trailing zero bits.
    public func serialize(into writer: inout DERWriter) {
        writer.serialize(ASN1BitString(namedBits: (0..<16).map { rawValue & (1 << UInt16($0)) != 0 }))
    }

    /// The usages as OpenSSL prints them, e.g. `Digital Signature, Non Repudiation`.
    public var description: String {
        // The named bits alone (the usual case): rendered once per combination.
        if rawValue < 512 { return Self.descriptions[Int(rawValue)] }
        return Self.render(rawValue)
    }

    /// The descriptions of the 512 combinations of the named bits.
    private static let descriptions: [String] = (0..<512).map { render(UInt16($0)) }

    /// The named bits' names, then `bit N` for the others, comma-separated.
    private static func render(_ rawValue: UInt16) -> String {
        let usage = KeyUsage(rawValue: rawValue)
        var parts = names.filter { usage.contains($0.0) }.map(\.1)
        for bit in 9..<16 where rawValue & (1 << UInt16(bit)) != 0 { parts.append("bit \(bit)") }
        return parts.joined(separator: ", ")
    }
}

extension Extensions {
    /// The keyUsage extension, decoded, or `nil` when absent.
    public var keyUsage: KeyUsage? {
        get throws(X509Error) { try decode(KeyUsage.self) }
    }
}
