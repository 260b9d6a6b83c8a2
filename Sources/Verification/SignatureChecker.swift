import JPKIASN1
import CryptoBackend
import JPKIX509

/// Verifies RSA signatures: PKCS #1 v1.5 with SHA-1/224/256/384/512 (a key parsed once is
/// reused), RSASSA-PSS through X509's verifier.
enum SignatureChecker {
    /// The result of one check.
    enum Outcome: Equatable {
        case valid
        case invalid
        case unsupportedAlgorithm
    }

    /// The digest of an RSA PKCS #1 v1.5 signature algorithm (sha*WithRSAEncryption), or `nil`.
    static func pkcs1Digest(_ oid: ASN1ObjectIdentifier) -> DigestAlgorithm? {
        switch oid {
        case .sha256WithRSAEncryption: return .sha256
        case .sha384WithRSAEncryption: return .sha384
        case .sha512WithRSAEncryption: return .sha512
        case .sha1WithRSAEncryption, "1.3.14.3.2.29": return .sha1
        case "1.2.840.113549.1.1.14": return .sha224
        default: return nil
        }
    }

    /// The digest algorithm a digest OID (sha1, sha224, sha256, …) names, or `nil`.
    static func digest(_ oid: ASN1ObjectIdentifier) -> DigestAlgorithm? {
        switch oid {
        case .sha1: return .sha1
        case "2.16.840.1.101.3.4.2.4": return .sha224
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        default: return nil
        }
    }

    /// The OID of a digest algorithm.
    static func oid(of digest: DigestAlgorithm) -> ASN1ObjectIdentifier {
        switch digest {
        case .sha1: return .sha1
        case .sha224: return "2.16.840.1.101.3.4.2.4"
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        }
    }

    /// Whether `signature` over `message` verifies with `key` under `algorithm`; `cached` is the
    /// same key already parsed, when the caller has it.
    static func check(
        signature: some Collection<UInt8>, message: some Collection<UInt8>, algorithm: AlgorithmIdentifier,
        key: SubjectPublicKeyInfo, cached: CachedKey? = nil
    ) -> Outcome {
        guard key.algorithm.algorithm == .rsaEncryption else { return .unsupportedAlgorithm }
        if let digest = pkcs1Digest(algorithm.algorithm) {
            let publicKey =
                cached?.key ?? (try? CryptoBackend.RSAPublicKey(subjectPublicKeyInfo: Array(key.derEncoded)))
            guard let publicKey else { return .invalid }
            let signatureBytes = Array(signature)
            let valid: Bool
            if let contiguous = message as? ArraySlice<UInt8> {
                valid = contiguous.withUnsafeBytes {
                    publicKey.verify(signature: signatureBytes, message: $0, digest: digest, padding: .pkcs1v15)
                }
            } else {
                valid = Array(message).withUnsafeBytes {
                    publicKey.verify(signature: signatureBytes, message: $0, digest: digest, padding: .pkcs1v15)
                }
            }
            return valid ? .valid : .invalid
        }
        if algorithm.algorithm == .rsassaPSS {
            return key.isValidSignature(signature, for: message, algorithm: algorithm) ? .valid : .invalid
        }
        return .unsupportedAlgorithm
    }

    /// Whether `signature` is a PKCS #1 v1.5 signature of `message` hashed with `digest`: what a
    /// My Number Card computes over a DigestInfo.
    static func checkPKCS1(
        signature: [UInt8], message: [UInt8], digest: DigestAlgorithm, key: SubjectPublicKeyInfo
    ) -> Bool {
        guard let publicKey = try? CryptoBackend.RSAPublicKey(subjectPublicKeyInfo: Array(key.derEncoded)) else {
            return false
        }
        return message.withUnsafeBytes {
            publicKey.verify(signature: signature, message: $0, digest: digest, padding: .pkcs1v15)
        }
    }
}
