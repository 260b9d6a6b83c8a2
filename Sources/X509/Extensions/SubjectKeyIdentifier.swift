import CryptoBackend
import JPKIASN1

/// The subjectKeyIdentifier extension (RFC 5280 §4.2.1.2): an identifier of the subject's
/// public key, which certificates issued by the subject repeat in their authorityKeyIdentifier.
///
/// ```
/// SubjectKeyIdentifier ::= KeyIdentifier
/// KeyIdentifier ::= OCTET STRING
/// ```
public struct SubjectKeyIdentifier: ExtensionValue, CustomStringConvertible {
    /// The identifier's octets (usually the 20-byte SHA-1 of the public key).
    public var keyIdentifier: [UInt8]

    /// An identifier of the given octets.
    public init(keyIdentifier: [UInt8]) { self.keyIdentifier = keyIdentifier }

    /// The identifier of RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT
    /// STRING's octets.
    public init(hashing key: SubjectPublicKeyInfo) {
        keyIdentifier = DigestAlgorithm.sha1.hash(Array(key.keyBytes))
    }

    /// subjectKeyIdentifier, 2.5.29.14
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.subjectKeyIdentifier

    /// Decodes the OCTET STRING.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        keyIdentifier = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ASN1OctetString(derNode: node, in: reader).bytes
        }
    }

    /// Writes the OCTET STRING.
    public func serialize(into writer: inout DERWriter) {
        writer.writePrimitive(.octetString, content: keyIdentifier)
    }

    /// Colon-separated hexadecimal, as OpenSSL prints it.
    public var description: String { Hex.encode(keyIdentifier, separator: ":") }
}

extension Extensions {
    /// The subjectKeyIdentifier extension, decoded, or `nil` when absent.
    public var subjectKeyIdentifier: SubjectKeyIdentifier? {
        get throws(X509Error) { try decode(SubjectKeyIdentifier.self) }
    }
}
