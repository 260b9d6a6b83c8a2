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
        guard key.algorithm.algorithm == .rsaEncryption, PublicKey.supports(algorithm) else {
            return .unsupportedAlgorithm
        }
        guard let publicKey = cached ?? (try? PublicKey(key)) else { return .invalid }
        return publicKey.isValidSignature(signature, for: message, algorithm: algorithm) ? .valid : .invalid
    }
}
