import JPKIASN1

/// The basicConstraints extension (RFC 5280 §4.2.1.9): whether the subject is a CA, and how
/// many intermediate CAs may follow it.
///
/// ```
/// BasicConstraints ::= SEQUENCE {
///      cA                      BOOLEAN DEFAULT FALSE,
///      pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
/// ```
///
/// J-LIS roots carry it critical with `cA TRUE` and no path length. DER never encodes the
/// DEFAULT `cA FALSE`, so a certificate that does is rejected, as is a path length without
/// `cA TRUE` (RFC 5280: CAs MUST NOT include it unless cA is asserted).
public enum BasicConstraints: ExtensionValue, CustomStringConvertible {
    /// The subject is a CA; at most `maxPathLength` non-self-issued intermediate CAs may follow
    /// it (`nil`: no limit).
    case isCertificateAuthority(maxPathLength: Int?)
    /// The subject is not a CA (an empty SEQUENCE).
    case notCertificateAuthority

    /// basicConstraints, 2.5.29.19
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.basicConstraints

    /// Whether the subject is a CA.
    public var isCertificateAuthority: Bool {
        if case .isCertificateAuthority = self { return true }
        return false
    }

    /// The path length constraint, when the subject is a CA with one.
    public var maxPathLength: Int? {
        if case .isCertificateAuthority(let length) = self { return length }
        return nil
    }

    /// Decodes the BasicConstraints SEQUENCE.
    ///
    /// - Throws: `DERError`: `DERError.Rule.invalidBoolean` for an encoded
    ///   `cA FALSE` (a DEFAULT value), `DERError.Rule.integerOverflow` for a negative
    ///   path length, `DERError.Rule.missingElement` (a BOOLEAN) for a path
    ///   length without `cA TRUE`.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        self = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var fields = try reader.children(of: node)
            var isCA = false
            if let flag = try fields.readIfPresent(.boolean) {
                guard try Bool(derNode: flag, in: fields) else { throw DERError(.invalidBoolean, at: flag.offset) }
                isCA = true
            }
            var pathLength: Int?
            if let length = try fields.readIfPresent(.integer) {
                let number = try fields.integer(length, as: Int.self)
                guard number >= 0 else { throw DERError(.integerOverflow, at: length.offset) }
                guard isCA else { throw DERError(.missingElement(expected: .boolean), at: length.offset) }
                pathLength = number
            }
            try fields.finish()
            return isCA ? .isCertificateAuthority(maxPathLength: pathLength) : .notCertificateAuthority
        }
    }

    /// Writes the SEQUENCE: `cA` only when TRUE, the path length when present.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if case .isCertificateAuthority(let length) = self {
                sequence.serialize(true)
                if let length { sequence.serialize(length) }
            }
        }
    }

    /// As OpenSSL prints it: `CA:TRUE`, `CA:TRUE, pathlen:0`, `CA:FALSE`.
    public var description: String {
        switch self {
        case .isCertificateAuthority(let length?): return "CA:TRUE, pathlen:\(length)"
        case .isCertificateAuthority(nil): return "CA:TRUE"
        case .notCertificateAuthority: return "CA:FALSE"
        }
    }
}

extension Extensions {
    /// The basicConstraints extension, decoded, or `nil` when absent.
    public var basicConstraints: BasicConstraints? {
        get throws(X509Error) { try decode(BasicConstraints.self) }
    }
}
