import JPKIASN1
import JPKIX509

/// A PKCS #1 DigestInfo: the DER of the algorithm identifier and the digest, which the card
/// pads (PKCS #1 v1.5 type 1) and signs with COMPUTE DIGITAL SIGNATURE.
public struct DigestInfo: Hashable, Sendable {
    /// The digest algorithm.
    public let algorithm: DigestAlgorithm
    /// The digest.
    public let digest: [UInt8]

    /// A DigestInfo for a digest computed elsewhere.
    ///
    /// - Throws: ``JPKICardError/invalidArgument(_:)`` when `digest` is not the algorithm's
    ///   length.
    public init(algorithm: DigestAlgorithm, digest: [UInt8]) throws(JPKICardError) {
        guard digest.count == algorithm.outputLength else {
            throw .invalidArgument(
                "a \(algorithm) digest is \(algorithm.outputLength) bytes, not \(digest.count)")
        }
        self.algorithm = algorithm
        self.digest = digest
    }

    /// The DigestInfo of `message` hashed with `algorithm`.
    public init(hashing message: [UInt8], with algorithm: DigestAlgorithm = .sha256) {
        self.algorithm = algorithm
        self.digest = algorithm.hash(message)
    }

    /// The DER: `30 31 30 0D 06 09 … 05 00 04 20 <digest>` for SHA-256.
    public var encoded: [UInt8] { algorithm.digestInfo(digest: digest) }
}
