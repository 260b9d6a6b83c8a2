import JPKIASN1

/// The authorityInfoAccess extension (RFC 5280 §4.2.2.1): how to reach services of the
/// issuer, usually its OCSP responder and its certificate. (The J-LIS roots carry none.)
///
/// ```
/// AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
///
/// AccessDescription ::= SEQUENCE {
///         accessMethod          OBJECT IDENTIFIER,
///         accessLocation        GeneralName }
/// ```
public struct AuthorityInformationAccess: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// One access description: a method and where.
    public struct AccessDescription: Hashable, Sendable, CustomStringConvertible {
        /// The access method, e.g. ``AuthorityInformationAccess/ocsp``.
        public var method: ASN1ObjectIdentifier
        /// Where, usually a URI.
        public var location: GeneralName

        /// An access description.
        public init(method: ASN1ObjectIdentifier, location: GeneralName) {
            self.method = method
            self.location = location
        }

        /// As OpenSSL prints it, e.g. `OCSP - URI:http://ocsp.example`.
        public var description: String { "\(method.name ?? method.description) - \(location)" }
    }

    /// The access descriptions, in order.
    public var descriptions: [AccessDescription]

    /// Access descriptions (at least one, for a valid encoding).
    public init(_ descriptions: [AccessDescription]) { self.descriptions = descriptions }

    /// authorityInfoAccess, 1.3.6.1.5.5.7.1.1
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.authorityInformationAccess

    /// id-ad-ocsp, 1.3.6.1.5.5.7.48.1: an OCSP responder.
    public static let ocsp: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.48.1"
    /// id-ad-caIssuers, 1.3.6.1.5.5.7.48.2: the issuer's certificate(s).
    public static let caIssuers: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.48.2"

    /// The locations of the OCSP responders.
    public var ocspLocations: [GeneralName] { descriptions.filter { $0.method == Self.ocsp }.map(\.location) }

    /// The locations of the issuer's certificates.
    public var caIssuersLocations: [GeneralName] {
        descriptions.filter { $0.method == Self.caIssuers }.map(\.location)
    }

    /// Decodes the SEQUENCE OF AccessDescription.
    ///
    /// - Throws: `DERError` for malformed DER or an empty SEQUENCE.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        descriptions = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var elements = try reader.children(of: node)
            var descriptions: [AccessDescription] = []
            while !elements.isAtEnd {
                descriptions.append(
                    try elements.readSequence { fields throws(DERError) in
                        let method = try fields.decode(ASN1ObjectIdentifier.self)
                        let location = try GeneralName(node: try fields.readAny(), in: fields, bytes: value)
                        return AccessDescription(method: method, location: location)
                    })
            }
            guard !descriptions.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            return descriptions
        }
    }

    /// Writes the SEQUENCE OF AccessDescription.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for description in descriptions {
                sequence.writeSequence { fields in
                    fields.serialize(description.method)
                    fields.serialize(description.location)
                }
            }
        }
    }

    /// The first index.
    public var startIndex: Int { descriptions.startIndex }
    /// Past the last index.
    public var endIndex: Int { descriptions.endIndex }
    /// The access description at `position`.
    public subscript(position: Int) -> AccessDescription { descriptions[position] }

    /// One access description a line.
    public var description: String { descriptions.map(\.description).joined(separator: "\n") }
}

extension Extensions {
    /// The authorityInfoAccess extension, decoded, or `nil` when absent.
    public var authorityInformationAccess: AuthorityInformationAccess? {
        get throws(X509Error) { try decode(AuthorityInformationAccess.self) }
    }
}
