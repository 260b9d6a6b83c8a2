import CryptoBackend
import JPKIASN1

/// A public key parsed once from its ``SubjectPublicKeyInfo``, ready to verify signatures: the one
/// key type behind certificate, CRL, OCSP, CMS and card signature checks.
///
/// Parsing a key costs microseconds; a verifier that checks many signatures with one issuer keeps
/// its `PublicKey`. Two key types are supported: RSA (rsaEncryption, the JPKI's) and ECDSA
/// (id-ecPublicKey on a named ``EllipticCurve``: P-256, P-384 or P-521). Other algorithms are
/// refused when the key is made.
public final class PublicKey: Sendable {
    /// The SubjectPublicKeyInfo the key was parsed from.
    public let subjectPublicKeyInfo: SubjectPublicKeyInfo
    private let key: Backing
    /// PKCS #1 v1.5 verification with one digest set up once, for a key used again and again
    /// (``init(_:preparingFor:)``).
    private let template: RSAVerifyTemplate?

    /// The OpenSSL key behind the public type.
    private enum Backing: Sendable {
        case rsa(CryptoBackend.RSAPublicKey)
        case ec(CryptoBackend.ECPublicKey, EllipticCurve)
    }

    /// How a signature algorithm signs: which key type it needs and the digest it uses.
    private enum Scheme {
        case rsa(DigestAlgorithm, RSASignaturePadding)
        case ecdsa(DigestAlgorithm)
    }

    /// Parses `info`.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the key is neither an RSA key nor an
    ///   EC key on a named curve of ``EllipticCurve`` that decodes, with a point on that curve.
    public init(_ info: SubjectPublicKeyInfo) throws(X509Error) {
        switch info.algorithm.algorithm {
        case .rsaEncryption:
            do {
                key = .rsa(try CryptoBackend.RSAPublicKey(subjectPublicKeyInfo: Array(info.derEncoded)))
            } catch {
                throw .invalidValue(error.description, offset: 0)
            }
        case .idECPublicKey:
            guard let curve = try info.ellipticCurve() else {
                throw .invalidValue("id-ecPublicKey without a curve", offset: 0)
            }
            let ec: CryptoBackend.ECPublicKey
            do {
                ec = try CryptoBackend.ECPublicKey(subjectPublicKeyInfo: Array(info.derEncoded))
            } catch {
                throw .invalidValue(error.description, offset: 0)
            }
            guard ec.groupName == curve.openSSLName else {
                throw .invalidValue("EC key on \(ec.groupName), not the \(curve) its parameters name", offset: 0)
            }
            key = .ec(ec, curve)
        default:
            throw .invalidValue("public key algorithm \(info.algorithm.algorithm) is neither RSA nor EC", offset: 0)
        }
        subjectPublicKeyInfo = info
        template = nil
    }

    /// Parses `info` for verifying many PKCS #1 v1.5 signatures over `digest` (a verifier's
    /// anchors and intermediates): the OpenSSL verification context is set up here, once, and
    /// copied for each signature, rather than set up for each. Other signatures, and EC keys,
    /// verify as with ``init(_:)``.
    package init(_ info: SubjectPublicKeyInfo, preparingFor digest: DigestAlgorithm) throws(X509Error) {
        let plain = try PublicKey(info)
        key = plain.key
        subjectPublicKeyInfo = info
        if case .rsa(let rsa) = plain.key {
            template = RSAVerifyTemplate(key: rsa, digest: digest)
        } else {
            template = nil
        }
    }

    /// The key size in bits: the RSA modulus, or the EC curve's order (256, 384, 521).
    public var bitLength: Int {
        switch key {
        case .rsa(let rsa): return rsa.bits
        case .ec(_, let curve): return curve.bitLength
        }
    }

    /// The curve of an EC key; `nil` for an RSA key.
    public var ellipticCurve: EllipticCurve? {
        if case .ec(_, let curve) = key { return curve }
        return nil
    }

    /// Whether `signature` over `message` verifies under `algorithm`: RSA PKCS #1 v1.5 with any
    /// ``DigestAlgorithm`` (sha1/224/256/384/512WithRSAEncryption) or RSASSA-PSS with its
    /// parameters for an RSA key; ecdsa-with-SHA256/384/512 (no parameters) for an EC key, the
    /// signature a DER ECDSA-Sig-Value. An algorithm outside that list, or one of the other key
    /// type, is `false`.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, algorithm: AlgorithmIdentifier
    ) -> Bool {
        guard let scheme = Self.scheme(algorithm) else { return false }
        return verify(signature, message, scheme)
    }

    /// Whether `signature` is a signature of `message` hashed with `digest` in the key's own
    /// scheme: RSA PKCS #1 v1.5 (what a My Number Card computes over a DigestInfo) for an RSA key,
    /// ECDSA for an EC key.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, digest: DigestAlgorithm
    ) -> Bool {
        switch key {
        case .rsa: return verify(signature, message, .rsa(digest, .pkcs1v15))
        case .ec: return verify(signature, message, .ecdsa(digest))
        }
    }

    /// Whether `signature` is a signature of a digest computed elsewhere (content hashed where it
    /// lies, piece by piece: a PDF's byte ranges), in the key's scheme: RSA PKCS #1 v1.5 or ECDSA.
    package func isValidSignature(_ signature: [UInt8], digestValue: [UInt8], digest: DigestAlgorithm) -> Bool {
        switch key {
        case .rsa(let rsa): return rsa.verify(signature: signature, digestValue: digestValue, digest: digest)
        case .ec(let ec, _): return ec.verify(signature: signature, digestValue: digestValue, digest: digest)
        }
    }

    /// Whether `signature` is an RSA PKCS #1 v1.5 signature whose padded payload is exactly
    /// `payload` (normally a DigestInfo). The My Number Card's 券面事項確認AP signs a DigestInfo
    /// holding three SHA-256 digests at once, which no digest algorithm describes: this checks
    /// such a block byte for byte, with the padding checked in full. `false` for an EC key.
    public func isValidSignature(_ signature: some Collection<UInt8>, pkcs1Payload payload: [UInt8]) -> Bool {
        guard case .rsa(let rsa) = key else { return false }
        return rsa.verify(signature: Array(signature), pkcs1Payload: payload)
    }

    /// ``isValidSignature(_:for:algorithm:)`` over bytes that lie inside a larger buffer (a CRL's
    /// TBSCertList), without copying them.
    package func isValidSignature(
        _ signature: [UInt8], forBytes message: UnsafeRawBufferPointer, algorithm: AlgorithmIdentifier
    ) -> Bool {
        guard let scheme = Self.scheme(algorithm) else { return false }
        return verify(signature, message, scheme)
    }

    /// Whether `algorithm` is a signature algorithm this type verifies: RSA PKCS #1 v1.5 with a
    /// ``DigestAlgorithm``, RSASSA-PSS with parameters it reads, or ecdsa-with-SHA256/384/512.
    public static func supports(_ algorithm: AlgorithmIdentifier) -> Bool { scheme(algorithm) != nil }

    /// Whether signatures under `algorithm` are made with keys of `keyAlgorithm`: an RSA
    /// signature algorithm with rsaEncryption, an ECDSA one with id-ecPublicKey. `false` when
    /// either is not supported.
    public static func supports(_ algorithm: AlgorithmIdentifier, keyAlgorithm: AlgorithmIdentifier) -> Bool {
        switch (scheme(algorithm), keyAlgorithm.algorithm) {
        case (.rsa, .rsaEncryption), (.ecdsa, .idECPublicKey): return true
        default: return false
        }
    }

    /// The digest and scheme of a signature algorithm, or `nil` for one not supported.
    private static func scheme(_ algorithm: AlgorithmIdentifier) -> Scheme? {
        if let digest = DigestAlgorithm(rsaSignatureAlgorithm: algorithm.algorithm) { return .rsa(digest, .pkcs1v15) }
        if let digest = DigestAlgorithm(ecdsaSignatureAlgorithm: algorithm.algorithm) {
            // RFC 5758 3.2: the parameters field is absent for ecdsa-with-SHA2.
            return algorithm.parameters == nil ? .ecdsa(digest) : nil
        }
        if algorithm.algorithm == .rsassaPSS, let parameters = try? PSSParameters(algorithm) {
            return .rsa(parameters.digest, .pss(mgf1: parameters.maskDigest, saltLength: parameters.saltLength))
        }
        return nil
    }

    private func verify(_ signature: some Collection<UInt8>, _ message: some Collection<UInt8>, _ scheme: Scheme)
        -> Bool
    {
        if case .rsa(let digest, .pkcs1v15) = scheme, let template, template.digest == digest {
            return Self.withBytes(signature) { signatureBytes in
                Self.withBytes(message) { template.verify(signature: signatureBytes, message: $0) }
            }
        }
        let signatureBytes = Array(signature)
        if let verified = message.withContiguousStorageIfAvailable({
            verify(signatureBytes, UnsafeRawBufferPointer($0), scheme)
        }) {
            return verified
        }
        return Array(message).withUnsafeBytes { verify(signatureBytes, $0, scheme) }
    }

    /// The check itself: the scheme must be the key's (RSA with RSA, ECDSA with EC).
    private func verify(_ signature: [UInt8], _ message: UnsafeRawBufferPointer, _ scheme: Scheme) -> Bool {
        switch (key, scheme) {
        case (.rsa(let rsa), .rsa(let digest, let padding)):
            return rsa.verify(signature: signature, message: message, digest: digest, padding: padding)
        case (.ec(let ec, _), .ecdsa(let digest)):
            return ec.verify(signature: signature, message: message, digest: digest)
        default:
            return false
        }
    }
}

extension PublicKey {
    /// Calls `body` with the octets of `bytes`, in place when they are contiguous, else from a copy.
    fileprivate static func withBytes<Result>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(bytes).withUnsafeBytes(body)
    }
}

extension DigestAlgorithm {
    /// The digest of an RSA PKCS #1 v1.5 signature algorithm: sha1/224/256/384/512WithRSAEncryption
    /// (and the old OIW sha1WithRSASignature, `1.3.14.3.2.29`); `nil` for any other algorithm.
    /// The one mapping used by certificates, CRLs, OCSP responses, CMS and the card.
    public init?(rsaSignatureAlgorithm oid: ASN1ObjectIdentifier) {
        // The JPKI's algorithm first; a static OID each (a string literal here would be parsed
        // on every call).
        switch oid {
        case .sha256WithRSAEncryption: self = .sha256
        case .sha1WithRSAEncryption, .oiwSHA1WithRSASignature: self = .sha1
        case .sha384WithRSAEncryption: self = .sha384
        case .sha512WithRSAEncryption: self = .sha512
        case .sha224WithRSAEncryption: self = .sha224
        default: return nil
        }
    }

    /// The shaNNNWithRSAEncryption signature algorithm of this digest (RSA PKCS #1 v1.5).
    public var rsaSignatureAlgorithm: ASN1ObjectIdentifier {
        switch self {
        case .sha1: return .sha1WithRSAEncryption
        case .sha224: return .sha224WithRSAEncryption
        case .sha256: return .sha256WithRSAEncryption
        case .sha384: return .sha384WithRSAEncryption
        case .sha512: return .sha512WithRSAEncryption
        }
    }

    /// The digest of `message`.
    public func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        if let digest = message.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(message).withUnsafeBytes { hash($0) }
    }
}
