import CryptoBackend
import JPKIASN1

/// A public key parsed once from its ``SubjectPublicKeyInfo``, ready to verify signatures: the one
/// key type behind certificate, CRL, OCSP, CMS and card signature checks.
///
/// Parsing an RSA key costs microseconds; a verifier that checks many signatures with one issuer
/// keeps its `PublicKey`. Only RSA keys are supported (the JPKI's); other algorithms are refused
/// when the key is made.
public final class PublicKey: Sendable {
    /// The SubjectPublicKeyInfo the key was parsed from.
    public let subjectPublicKeyInfo: SubjectPublicKeyInfo
    private let key: CryptoBackend.RSAPublicKey
    /// PKCS #1 v1.5 verification with one digest set up once, for a key used again and again
    /// (``init(_:preparingFor:)``).
    private let template: RSAVerifyTemplate?

    /// Parses `info`.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the key is not an RSA key that
    ///   decodes.
    public init(_ info: SubjectPublicKeyInfo) throws(X509Error) {
        guard info.algorithm.algorithm == .rsaEncryption else {
            throw .invalidValue("public key algorithm \(info.algorithm.algorithm) is not RSA", offset: 0)
        }
        do {
            key = try CryptoBackend.RSAPublicKey(subjectPublicKeyInfo: Array(info.derEncoded))
        } catch {
            throw .invalidValue(error.description, offset: 0)
        }
        subjectPublicKeyInfo = info
        template = nil
    }

    /// Parses `info` for verifying many PKCS #1 v1.5 signatures over `digest` (a verifier's
    /// anchors and intermediates): the OpenSSL verification context is set up here, once, and
    /// copied for each signature, rather than set up for each. Other signatures verify as with
    /// ``init(_:)``.
    package init(_ info: SubjectPublicKeyInfo, preparingFor digest: DigestAlgorithm) throws(X509Error) {
        let plain = try PublicKey(info)
        key = plain.key
        subjectPublicKeyInfo = info
        template = RSAVerifyTemplate(key: plain.key, digest: digest)
    }

    /// The modulus size in bits.
    public var bitLength: Int { key.bits }

    /// Whether `signature` over `message` verifies under `algorithm`: RSA PKCS #1 v1.5 with any
    /// ``DigestAlgorithm`` (sha1/224/256/384/512WithRSAEncryption) or RSASSA-PSS with its
    /// parameters. An algorithm outside that list is `false`.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, algorithm: AlgorithmIdentifier
    ) -> Bool {
        guard let (digest, padding) = Self.scheme(algorithm) else { return false }
        return verify(signature, message, digest: digest, padding: padding)
    }

    /// Whether `signature` is an RSA PKCS #1 v1.5 signature of `message` hashed with `digest`:
    /// what a My Number Card computes over a DigestInfo.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, digest: DigestAlgorithm
    ) -> Bool {
        verify(signature, message, digest: digest, padding: .pkcs1v15)
    }

    /// Whether `signature` is an RSA PKCS #1 v1.5 signature of a digest computed elsewhere
    /// (content hashed where it lies, piece by piece: a PDF's byte ranges).
    package func isValidSignature(_ signature: [UInt8], digestValue: [UInt8], digest: DigestAlgorithm) -> Bool {
        key.verify(signature: signature, digestValue: digestValue, digest: digest)
    }

    /// Whether `signature` is an RSA PKCS #1 v1.5 signature whose padded payload is exactly
    /// `payload` (normally a DigestInfo). The My Number Card's 券面事項確認AP signs a DigestInfo
    /// holding three SHA-256 digests at once, which no digest algorithm describes: this checks
    /// such a block byte for byte, with the padding checked in full.
    public func isValidSignature(_ signature: some Collection<UInt8>, pkcs1Payload payload: [UInt8]) -> Bool {
        key.verify(signature: Array(signature), pkcs1Payload: payload)
    }

    /// ``isValidSignature(_:for:algorithm:)`` over bytes that lie inside a larger buffer (a CRL's
    /// TBSCertList), without copying them.
    package func isValidSignature(
        _ signature: [UInt8], forBytes message: UnsafeRawBufferPointer, algorithm: AlgorithmIdentifier
    ) -> Bool {
        guard let (digest, padding) = Self.scheme(algorithm) else { return false }
        return key.verify(signature: signature, message: message, digest: digest, padding: padding)
    }

    /// Whether `algorithm` is a signature algorithm this type verifies: RSA PKCS #1 v1.5 with a
    /// ``DigestAlgorithm``, or RSASSA-PSS with parameters it reads.
    public static func supports(_ algorithm: AlgorithmIdentifier) -> Bool { scheme(algorithm) != nil }

    /// The digest and padding of an RSA signature algorithm, or `nil` for one not supported.
    private static func scheme(_ algorithm: AlgorithmIdentifier) -> (DigestAlgorithm, RSASignaturePadding)? {
        if let digest = DigestAlgorithm(rsaSignatureAlgorithm: algorithm.algorithm) { return (digest, .pkcs1v15) }
        if algorithm.algorithm == .rsassaPSS, let parameters = try? PSSParameters(algorithm) {
            return (parameters.digest, .pss(mgf1: parameters.maskDigest, saltLength: parameters.saltLength))
        }
        return nil
    }

    private func verify(
        _ signature: some Collection<UInt8>, _ message: some Collection<UInt8>, digest: DigestAlgorithm,
        padding: RSASignaturePadding
    ) -> Bool {
        if case .pkcs1v15 = padding, let template, template.digest == digest {
            return Self.withBytes(signature) { signatureBytes in
                Self.withBytes(message) { template.verify(signature: signatureBytes, message: $0) }
            }
        }
        let signatureBytes = Array(signature)
        if let verified = message.withContiguousStorageIfAvailable({ buffer in
            key.verify(
                signature: signatureBytes, message: UnsafeRawBufferPointer(buffer), digest: digest, padding: padding)
        }) {
            return verified
        }
        return Array(message).withUnsafeBytes {
            key.verify(signature: signatureBytes, message: $0, digest: digest, padding: padding)
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
