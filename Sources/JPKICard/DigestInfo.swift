import CryptoBackend

/// The digest algorithms the card's keys sign with (as PKCS #1 v1.5 DigestInfos).
public enum SignatureDigest: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// SHA-1 (legacy; still accepted by the card).
    case sha1
    /// SHA-256.
    case sha256
    /// SHA-384.
    case sha384
    /// SHA-512.
    case sha512

    var backend: DigestAlgorithm {
        switch self {
        case .sha1: return .sha1
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        }
    }

    /// The digest's size in bytes.
    public var outputLength: Int { backend.outputLength }

    /// The digest of `message`.
    public func hash(_ message: [UInt8]) -> [UInt8] { backend.hash(message) }

    /// `sha256` and so on, as `openssl dgst -sha256` names it.
    public var description: String { rawValue }
}

/// A PKCS #1 DigestInfo: the DER of the algorithm identifier and the digest, which the card
/// pads (PKCS #1 v1.5 type 1) and signs with COMPUTE DIGITAL SIGNATURE.
public struct DigestInfo: Hashable, Sendable {
    /// The digest algorithm.
    public let algorithm: SignatureDigest
    /// The digest.
    public let digest: [UInt8]

    /// A DigestInfo for a digest computed elsewhere.
    ///
    /// - Throws: ``JPKICardError/invalidArgument(_:)`` when `digest` is not the algorithm's
    ///   length.
    public init(algorithm: SignatureDigest, digest: [UInt8]) throws(JPKICardError) {
        guard digest.count == algorithm.outputLength else {
            throw .invalidArgument(
                "a \(algorithm) digest is \(algorithm.outputLength) bytes, not \(digest.count)")
        }
        self.algorithm = algorithm
        self.digest = digest
    }

    /// The DigestInfo of `message` hashed with `algorithm`.
    public init(hashing message: [UInt8], with algorithm: SignatureDigest = .sha256) {
        self.algorithm = algorithm
        self.digest = algorithm.hash(message)
    }

    /// The DER: `30 31 30 0D 06 09 … 05 00 04 20 <digest>` for SHA-256.
    public var encoded: [UInt8] { algorithm.backend.digestInfoPrefix + digest }
}
