import JPKIASN1

/// The issuerAltName extension (RFC 5280 §4.2.1.7): other names of the issuer.
///
/// ```
/// IssuerAltName ::= GeneralNames
/// ```
///
/// JPKI leaves name J-LIS here as a directoryName (`C=JP, O=公的個人認証サービス, …`).
public struct IssuerAlternativeNames: GeneralNamesExtension {
    /// The names, in order.
    public var names: [GeneralName]

    /// Names (at least one, for a valid encoding).
    public init(_ names: [GeneralName]) { self.names = names }

    /// issuerAltName, 2.5.29.18
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.issuerAlternativeName
}

extension Extensions {
    /// The issuerAltName extension, decoded, or `nil` when absent.
    public var issuerAlternativeNames: IssuerAlternativeNames? {
        get throws(X509Error) { try decode(IssuerAlternativeNames.self) }
    }
}
