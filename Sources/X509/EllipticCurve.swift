import JPKIASN1

/// The named elliptic curves whose ECDSA signatures the SDK verifies (RFC 5480): the NIST prime
/// curves P-256, P-384 and P-521. A key on any other curve, or with explicit curve parameters
/// instead of a name, is refused.
public enum EllipticCurve: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// P-256 (secp256r1, prime256v1): `1.2.840.10045.3.1.7`.
    case p256 = "P-256"
    /// P-384 (secp384r1): `1.3.132.0.34`.
    case p384 = "P-384"
    /// P-521 (secp521r1): `1.3.132.0.35`.
    case p521 = "P-521"

    /// The namedCurve object identifier of the SubjectPublicKeyInfo's ECParameters.
    public var objectIdentifier: ASN1ObjectIdentifier {
        switch self {
        case .p256: return .prime256v1
        case .p384: return .secp384r1
        case .p521: return .secp521r1
        }
    }

    /// The curve a namedCurve object identifier names, or `nil` for one not in the list.
    public init?(objectIdentifier: ASN1ObjectIdentifier) {
        guard let curve = Self.allCases.first(where: { $0.objectIdentifier == objectIdentifier }) else { return nil }
        self = curve
    }

    /// The size of the curve's order, and of its field, in bits.
    public var bitLength: Int {
        switch self {
        case .p256: return 256
        case .p384: return 384
        case .p521: return 521
        }
    }

    /// The size of one coordinate of a point in bytes.
    var coordinateLength: Int { (bitLength + 7) / 8 }

    /// The curve's name in OpenSSL.
    var openSSLName: String {
        switch self {
        case .p256: return "prime256v1"
        case .p384: return "secp384r1"
        case .p521: return "secp521r1"
        }
    }

    /// `P-256` and so on.
    public var description: String { rawValue }
}

extension DigestAlgorithm {
    /// The digest of an ECDSA signature algorithm: ecdsa-with-SHA256/384/512 (RFC 5758); `nil`
    /// for any other algorithm. The one ECDSA mapping used by certificates, CRLs, OCSP and CMS.
    public init?(ecdsaSignatureAlgorithm oid: ASN1ObjectIdentifier) {
        switch oid {
        case .ecdsaWithSHA256: self = .sha256
        case .ecdsaWithSHA384: self = .sha384
        case .ecdsaWithSHA512: self = .sha512
        default: return nil
        }
    }

    /// The ecdsa-with-SHAnnn signature algorithm of this digest, or `nil` for SHA-1 and SHA-224
    /// (which the SDK does not verify with ECDSA).
    public var ecdsaSignatureAlgorithm: ASN1ObjectIdentifier? {
        switch self {
        case .sha256: return .ecdsaWithSHA256
        case .sha384: return .ecdsaWithSHA384
        case .sha512: return .ecdsaWithSHA512
        case .sha1, .sha224: return nil
        }
    }
}

extension ASN1ObjectIdentifier {
    /// 1.2.840.10045.2.1, id-ecPublicKey (RFC 5480)
    public static let idECPublicKey: ASN1ObjectIdentifier = "1.2.840.10045.2.1"
    /// 1.2.840.10045.3.1.7, P-256
    public static let prime256v1: ASN1ObjectIdentifier = "1.2.840.10045.3.1.7"
    /// 1.3.132.0.34, P-384
    public static let secp384r1: ASN1ObjectIdentifier = "1.3.132.0.34"
    /// 1.3.132.0.35, P-521
    public static let secp521r1: ASN1ObjectIdentifier = "1.3.132.0.35"
    /// 1.2.840.10045.4.3.2
    public static let ecdsaWithSHA256: ASN1ObjectIdentifier = "1.2.840.10045.4.3.2"
    /// 1.2.840.10045.4.3.3
    public static let ecdsaWithSHA384: ASN1ObjectIdentifier = "1.2.840.10045.4.3.3"
    /// 1.2.840.10045.4.3.4
    public static let ecdsaWithSHA512: ASN1ObjectIdentifier = "1.2.840.10045.4.3.4"
}

extension SubjectPublicKeyInfo {
    /// The named curve of an id-ecPublicKey key: the ECParameters must be a namedCurve of
    /// ``EllipticCurve`` (RFC 5480 forbids implicitCurve and specifiedCurve in certificates), and
    /// the point an uncompressed (`04`) or compressed (`02`/`03`) encoding of the curve's size.
    /// `nil` for a key of another algorithm.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` naming what is wrong.
    public func ellipticCurve() throws(X509Error) -> EllipticCurve? {
        guard algorithm.algorithm == .idECPublicKey else { return nil }
        guard let parameters = algorithm.parameters else {
            throw .invalidValue("id-ecPublicKey without ECParameters", offset: 0)
        }
        let oid: ASN1ObjectIdentifier
        do {
            oid = try DER.parse(ASN1ObjectIdentifier.self, from: parameters.encoded)
        } catch {
            throw .invalidValue(
                "ECParameters are not a namedCurve (explicit or implicit curves are refused)", offset: 0)
        }
        guard let curve = EllipticCurve(objectIdentifier: oid) else {
            throw .invalidValue("elliptic curve \(oid) is not P-256, P-384 or P-521", offset: 0)
        }
        let length = curve.coordinateLength
        switch keyBytes.first {
        case 0x04 where keyBytes.count == 1 + 2 * length: break
        case 0x02 where keyBytes.count == 1 + length, 0x03 where keyBytes.count == 1 + length: break
        default:
            throw .invalidValue("EC point of \(keyBytes.count) bytes is not a \(curve) point encoding", offset: 0)
        }
        return curve
    }
}
