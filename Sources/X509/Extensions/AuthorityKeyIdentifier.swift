import JPKIASN1

/// The authorityKeyIdentifier extension (RFC 5280 §4.2.1.1): which key of the issuer signed
/// the certificate.
///
/// ```
/// AuthorityKeyIdentifier ::= SEQUENCE {
///     keyIdentifier             [0] KeyIdentifier           OPTIONAL,
///     authorityCertIssuer       [1] GeneralNames            OPTIONAL,
///     authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
/// ```
/// (implicit tags).
public struct AuthorityKeyIdentifier: ExtensionValue, CustomStringConvertible {
    /// The issuer's subjectKeyIdentifier.
    public var keyIdentifier: [UInt8]?
    /// The name(s) of the issuer's issuer.
    public var authorityCertIssuer: [GeneralName]?
    /// The serial number of the issuer's certificate: two's-complement content octets, as
    /// ``Certificate/serialNumber``.
    public var authorityCertSerialNumber: [UInt8]?

    /// An identifier with the given fields.
    public init(
        keyIdentifier: [UInt8]? = nil, authorityCertIssuer: [GeneralName]? = nil,
        authorityCertSerialNumber: [UInt8]? = nil
    ) {
        self.keyIdentifier = keyIdentifier
        self.authorityCertIssuer = authorityCertIssuer
        self.authorityCertSerialNumber = authorityCertSerialNumber
    }

    /// authorityKeyIdentifier, 2.5.29.35
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.authorityKeyIdentifier

    /// Decodes the SEQUENCE.
    ///
    /// - Throws: `DERError` for malformed DER, an empty `authorityCertIssuer`, or a
    ///   non-minimal serial number.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        self = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var fields = try reader.children(of: node)
            var result = AuthorityKeyIdentifier()
            if let key = try fields.readIfPresent(.contextSpecific(0, constructed: false)) {
                result.keyIdentifier = Array(fields.content(of: key))
            }
            if let issuer = try fields.readIfPresent(.contextSpecific(1, constructed: true)) {
                result.authorityCertIssuer = try ExtensionDecoding.generalNames(issuer, in: fields, bytes: value)
            }
            if let serial = try fields.readIfPresent(.contextSpecific(2, constructed: false)) {
                let content = fields.content(of: serial)
                try DERContentRules.checkInteger(content, at: serial.offset)
                result.authorityCertSerialNumber = Array(content)
            }
            try fields.finish()
            return result
        }
    }

    /// Writes the SEQUENCE with the fields present.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if let keyIdentifier {
                sequence.writePrimitive(.contextSpecific(0, constructed: false), content: keyIdentifier)
            }
            if let authorityCertIssuer {
                sequence.writeConstructed(.contextSpecific(1, constructed: true)) { names in
                    for name in authorityCertIssuer { names.serialize(name) }
                }
            }
            if let authorityCertSerialNumber {
                sequence.writePrimitive(.contextSpecific(2, constructed: false), content: authorityCertSerialNumber)
            }
        }
    }

    /// As OpenSSL 3 prints it: the key identifier alone, or `keyid:…`, the issuer names and
    /// `serial:…`, one a line.
    public var description: String {
        var lines: [String] = []
        if let keyIdentifier {
            let hex = Hex.encode(keyIdentifier, separator: ":")
            lines.append(authorityCertIssuer == nil && authorityCertSerialNumber == nil ? hex : "keyid:" + hex)
        }
        if let authorityCertIssuer { lines += authorityCertIssuer.map(\.description) }
        if let authorityCertSerialNumber {
            lines.append("serial:" + Hex.encode(authorityCertSerialNumber, separator: ":"))
        }
        return lines.joined(separator: "\n")
    }
}

extension Extensions {
    /// The authorityKeyIdentifier extension, decoded, or `nil` when absent.
    public var authorityKeyIdentifier: AuthorityKeyIdentifier? {
        get throws(X509Error) { try decode(AuthorityKeyIdentifier.self) }
    }
}
