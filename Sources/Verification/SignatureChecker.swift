import JPKIASN1
import JPKIX509

/// One signature check of the verifier, with the reason a `false` has: JPKIX509's ``PublicKey``
/// verifies (the one signature-algorithm table of the SDK); this only tells an algorithm the SDK
/// does not support from a signature that does not verify.
enum SignatureChecker {
    /// The result of one check.
    enum Outcome: Equatable {
        case valid
        case invalid
        case unsupportedAlgorithm
    }

    /// Whether `signature` over `message` verifies with `key` under `algorithm`; `cached` is the
    /// same key already parsed, when the caller has it.
    static func check(
        signature: some Collection<UInt8>, message: some Collection<UInt8>, algorithm: AlgorithmIdentifier,
        key: SubjectPublicKeyInfo, cached: PublicKey? = nil
    ) -> Outcome {
        switch key.algorithm.algorithm {
        case .rsaEncryption: break
        case .idECPublicKey:
            // A curve other than P-256/384/521 is not supported; a malformed key is invalid.
            if let parameters = key.algorithm.parameters,
                let oid = try? DER.parse(ASN1ObjectIdentifier.self, from: parameters.encoded),
                EllipticCurve(objectIdentifier: oid) == nil
            {
                return .unsupportedAlgorithm
            }
        default: return .unsupportedAlgorithm
        }
        guard PublicKey.supports(algorithm) else { return .unsupportedAlgorithm }
        // An RSA signature algorithm with an EC key, or the reverse, cannot verify.
        guard PublicKey.supports(algorithm, keyAlgorithm: key.algorithm) else { return .invalid }
        guard let publicKey = cached ?? (try? PublicKey(key)) else { return .invalid }
        return publicKey.isValidSignature(signature, for: message, algorithm: algorithm) ? .valid : .invalid
    }
}
