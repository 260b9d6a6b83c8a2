import ASN1

/// The issuerAltName extension (RFC 5280 §4.2.1.7): other names of the issuer.
///
/// ```
/// IssuerAltName ::= GeneralNames
/// ```
///
/// JPKI leaves name J-LIS here as a directoryName (`C=JP, O=公的個人認証サービス, …`).
public struct IssuerAlternativeNames: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// The names, in order.
    public var names: [GeneralName]

    /// Names (at least one, for a valid encoding).
    public init(_ names: [GeneralName]) { self.names = names }

    /// issuerAltName, 2.5.29.18
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.issuerAlternativeName

    /// Decodes the GeneralNames SEQUENCE.
    ///
    /// - Throws: ``ASN1/DERError`` for malformed DER, an empty SEQUENCE, or a name that breaks
    ///   its form's rules.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        names = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            return try ExtensionDecoding.generalNames(node, in: reader, bytes: value)
        }
    }

    /// Writes the GeneralNames SEQUENCE.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for name in names { sequence.serialize(name) }
        }
    }

    /// The first index.
    public var startIndex: Int { names.startIndex }
    /// Past the last index.
    public var endIndex: Int { names.endIndex }
    /// The name at `position`.
    public subscript(position: Int) -> GeneralName { names[position] }

    /// The names as OpenSSL prints them, separated by `, `.
    public var description: String { names.map(\.description).joined(separator: ", ") }
}

extension Extensions {
    /// The issuerAltName extension, decoded, or `nil` when absent.
    public var issuerAlternativeNames: IssuerAlternativeNames? {
        get throws(X509Error) { try decode(IssuerAlternativeNames.self) }
    }
}
