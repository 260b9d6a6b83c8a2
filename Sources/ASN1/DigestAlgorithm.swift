/// The digest algorithms of the SDK: the one list used by certificate, CRL and OCSP signatures,
/// OCSP CertIDs, CMS and the DigestInfos a My Number Card signs.
///
/// This module knows their names, sizes and encodings; JPKIX509 computes them
/// (``DigestAlgorithm/hash(_:)`` there).
public enum DigestAlgorithm: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// SHA-1 (legacy: old CertIDs and signatures; still accepted by the card).
    case sha1
    /// SHA-224.
    case sha224
    /// SHA-256: the JPKI's digest.
    case sha256
    /// SHA-384.
    case sha384
    /// SHA-512.
    case sha512

    /// The digest's size in bytes.
    public var outputLength: Int {
        switch self {
        case .sha1: return 20
        case .sha224: return 28
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    /// The algorithm's object identifier (`1.3.14.3.2.26` for SHA-1, `2.16.840.1.101.3.4.2.x` for
    /// the SHA-2 family).
    public var objectIdentifier: ASN1ObjectIdentifier {
        switch self {
        case .sha1: return .sha1
        case .sha224: return .sha224
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        }
    }

    /// The algorithm an object identifier names, or `nil` for one that is not a digest of this list.
    public init?(objectIdentifier: ASN1ObjectIdentifier) {
        guard let algorithm = Self.allCases.first(where: { $0.objectIdentifier == objectIdentifier }) else {
            return nil
        }
        self = algorithm
    }

    /// The DER of a PKCS #1 DigestInfo up to the digest:
    /// `SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING header }` (`30 31 30 0D 06 09 … 04 20` for
    /// SHA-256). The prefix followed by the digest is what an RSA PKCS #1 v1.5 signature covers.
    public var digestInfoPrefix: [UInt8] { Self.prefixes[Self.allCases.firstIndex(of: self) ?? 0] }

    /// The DigestInfo of a digest computed elsewhere: ``digestInfoPrefix`` followed by `digest`.
    public func digestInfo(digest: some Sequence<UInt8>) -> [UInt8] { digestInfoPrefix + digest }

    /// `sha256` and so on, as `openssl dgst -sha256` names it.
    public var description: String { rawValue }

    /// The prefixes, written once by ``DERWriter`` from the object identifiers.
    private static let prefixes: [[UInt8]] = allCases.map { algorithm in
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeSequence { identifier in
                identifier.serialize(algorithm.objectIdentifier)
                identifier.writeNull()
            }
            info.writePrimitive(.octetString, content: [UInt8](repeating: 0, count: algorithm.outputLength))
        }
        let full = writer.bytes
        return Array(full.dropLast(algorithm.outputLength))
    }
}

extension ASN1ObjectIdentifier {
    /// 1.3.14.3.2.26
    public static let sha1: ASN1ObjectIdentifier = "1.3.14.3.2.26"
    /// 2.16.840.1.101.3.4.2.4
    public static let sha224: ASN1ObjectIdentifier = "2.16.840.1.101.3.4.2.4"
    /// 2.16.840.1.101.3.4.2.1
    public static let sha256: ASN1ObjectIdentifier = "2.16.840.1.101.3.4.2.1"
    /// 2.16.840.1.101.3.4.2.2
    public static let sha384: ASN1ObjectIdentifier = "2.16.840.1.101.3.4.2.2"
    /// 2.16.840.1.101.3.4.2.3
    public static let sha512: ASN1ObjectIdentifier = "2.16.840.1.101.3.4.2.3"
}
