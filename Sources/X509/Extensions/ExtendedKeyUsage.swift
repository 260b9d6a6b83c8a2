import JPKIASN1

/// The extKeyUsage extension (RFC 5280 §4.2.1.12): the purposes the subject's key may serve,
/// as OIDs.
///
/// ```
/// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
/// KeyPurposeId ::= OBJECT IDENTIFIER
/// ```
public struct ExtendedKeyUsage: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// The key purposes, in order.
    public var usages: [ASN1ObjectIdentifier]

    /// Key purposes (at least one, for a valid encoding).
    public init(_ usages: [ASN1ObjectIdentifier]) { self.usages = usages }

    /// extKeyUsage, 2.5.29.37
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.extendedKeyUsage

    /// anyExtendedKeyUsage, 2.5.29.37.0
    public static let any: ASN1ObjectIdentifier = "2.5.29.37.0"
    /// id-kp-serverAuth, 1.3.6.1.5.5.7.3.1
    public static let serverAuth: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.1"
    /// id-kp-clientAuth, 1.3.6.1.5.5.7.3.2
    public static let clientAuth: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.2"
    /// id-kp-codeSigning, 1.3.6.1.5.5.7.3.3
    public static let codeSigning: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.3"
    /// id-kp-emailProtection, 1.3.6.1.5.5.7.3.4
    public static let emailProtection: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.4"
    /// id-kp-timeStamping, 1.3.6.1.5.5.7.3.8
    public static let timeStamping: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.8"
    /// id-kp-OCSPSigning, 1.3.6.1.5.5.7.3.9
    public static let ocspSigning: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.3.9"

    /// Decodes the SEQUENCE OF OBJECT IDENTIFIER.
    ///
    /// - Throws: `DERError.Rule.missingElement` for an empty SEQUENCE
    ///   (`SIZE (1..MAX)`); the OID rules otherwise.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        usages = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var elements = try reader.children(of: node)
            var usages: [ASN1ObjectIdentifier] = []
            while !elements.isAtEnd { usages.append(try elements.decode(ASN1ObjectIdentifier.self)) }
            guard !usages.isEmpty else { throw DERError(.missingElement(expected: .objectIdentifier), at: node.offset) }
            return usages
        }
    }

    /// Writes the SEQUENCE OF OBJECT IDENTIFIER.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for usage in usages { sequence.serialize(usage) }
        }
    }

    /// The first index.
    public var startIndex: Int { usages.startIndex }
    /// Past the last index.
    public var endIndex: Int { usages.endIndex }
    /// The purpose at `position`.
    public subscript(position: Int) -> ASN1ObjectIdentifier { usages[position] }

    /// The purposes with their well-known names, e.g. `TLS Web Client Authentication`.
    public var description: String { usages.map { $0.name ?? $0.description }.joined(separator: ", ") }
}

extension Extensions {
    /// The extKeyUsage extension, decoded, or `nil` when absent.
    public var extendedKeyUsage: ExtendedKeyUsage? {
        get throws(X509Error) { try decode(ExtendedKeyUsage.self) }
    }
}
