import JPKIASN1

/// The subjectAltName extension (RFC 5280 §4.2.1.6): other names of the subject, every
/// GeneralName form.
///
/// ```
/// SubjectAltName ::= GeneralNames
/// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
/// ```
///
/// The JPKI signature certificate carries the holder's basic 4 information here as otherNames
/// (see ``BasicFourInformation``); the J-LIS roots carry a directoryName.
public struct SubjectAlternativeNames: GeneralNamesExtension {
    /// The names, in order.
    public var names: [GeneralName]

    /// Names (at least one, for a valid encoding).
    public init(_ names: [GeneralName]) { self.names = names }

    /// subjectAltName, 2.5.29.17
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.subjectAlternativeName
}

extension Extensions {
    /// The subjectAltName extension, decoded, or `nil` when absent.
    public var subjectAlternativeNames: SubjectAlternativeNames? {
        get throws(X509Error) { try decode(SubjectAlternativeNames.self) }
    }
}

/// An extension whose value is GeneralNames (`SEQUENCE SIZE (1..MAX) OF GeneralName`):
/// subjectAltName and issuerAltName share their decoding, encoding and collection behaviour.
public protocol GeneralNamesExtension: ExtensionValue, RandomAccessCollection, CustomStringConvertible
where Index == Int, Element == GeneralName {
    /// The names, in order.
    var names: [GeneralName] { get }
    /// An extension value holding `names` (at least one, for a valid encoding).
    init(_ names: [GeneralName])
}

extension GeneralNamesExtension {
    /// Decodes the GeneralNames SEQUENCE.
    ///
    /// - Throws: `DERError` for malformed DER, an empty SEQUENCE, or a name that breaks
    ///   its form's rules.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        let names = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            return try ExtensionDecoding.generalNames(node, in: reader, bytes: value)
        }
        self.init(names)
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
