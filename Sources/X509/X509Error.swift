import JPKIASN1

/// Why a certificate, CRL or OCSP message was rejected.
public enum X509Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The DER breaks a rule of DER, or a structure is not the one X.509 defines; the
    /// `DERError` gives the rule and the byte offset.
    case malformed(DERError)
    /// A version number this package does not read (certificates: v1–v3; CRLs: v1–v2).
    case unsupportedVersion(Int, offset: Int)
    /// The same extension twice (RFC 5280 §4.2).
    case duplicateExtension(ASN1ObjectIdentifier, offset: Int)
    /// An extension whose value does not decode as its type.
    case invalidExtension(ASN1ObjectIdentifier, DERError)
    /// The signature algorithm inside the signed part differs from the outer one
    /// (RFC 5280 §4.1.1.2).
    case signatureAlgorithmMismatch(offset: Int)
    /// A value is outside what the standard allows (e.g. a negative serial of a CRL entry when
    /// strictness is asked, a 21-byte serial).
    case invalidValue(String, offset: Int)

    /// One line saying what is wrong and where.
    public var description: String {
        switch self {
        case .malformed(let error): return error.description
        case .unsupportedVersion(let version, let offset): return "unsupported version \(version) at offset \(offset)"
        case .duplicateExtension(let oid, let offset): return "duplicate extension \(oid) at offset \(offset)"
        case .invalidExtension(let oid, let error): return "invalid extension \(oid): \(error)"
        case .signatureAlgorithmMismatch(let offset):
            return "signature algorithm differs from the signed one at offset \(offset)"
        case .invalidValue(let what, let offset): return "\(what) at offset \(offset)"
        }
    }
}
