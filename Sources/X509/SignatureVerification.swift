import CryptoBackend
import JPKIASN1

extension SubjectPublicKeyInfo {
    /// Whether `signature` over `message` verifies with this key under `algorithm` (RSA PKCS #1
    /// v1.5 with SHA-1/224/256/384/512, RSASSA-PSS with its parameters, or ECDSA with
    /// SHA-256/384/512 on P-256, P-384 or P-521). Parses the key each
    /// time: a caller that checks many signatures with one key keeps a ``PublicKey``.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, for message: some Collection<UInt8>, algorithm: AlgorithmIdentifier
    ) -> Bool {
        guard let key = try? PublicKey(self) else { return false }
        return key.isValidSignature(signature, for: message, algorithm: algorithm)
    }
}

extension Certificate {
    /// Whether this certificate's signature verifies with `issuer`'s public key.
    public func isSignature(validFor issuer: Certificate) -> Bool {
        issuer.subjectPublicKeyInfo.isValidSignature(signature, for: tbsCertificateBytes, algorithm: signatureAlgorithm)
    }

    /// The SHA-256 fingerprint of the DER encoding.
    public var sha256Fingerprint: [UInt8] { DigestAlgorithm.sha256.hash(derEncoded) }

    /// The SHA-1 fingerprint of the DER encoding.
    public var sha1Fingerprint: [UInt8] { DigestAlgorithm.sha1.hash(derEncoded) }
}

/// RSASSA-PSS-params (RFC 4055): hash, MGF1 hash, salt length (trailer field 1 only).
struct PSSParameters {
    var digest: DigestAlgorithm = .sha1
    var maskDigest: DigestAlgorithm = .sha1
    var saltLength = 20

    init(_ algorithm: AlgorithmIdentifier) throws(DERError) {
        guard let parameters = algorithm.parameters else { return }
        let parsed: PSSParameters = try DER.withReader(parameters.encoded) { reader throws(DERError) in
            var result = PSSParameters()
            try reader.readSequence { fields throws(DERError) in
                if let hash = try fields.readConstructedIfPresent(
                    .contextSpecific(0, constructed: true),
                    { inner throws(DERError) in
                        try AlgorithmIdentifier(from: &inner)
                    })
                {
                    result.digest = try Self.digest(hash.algorithm)
                }
                if let mask = try fields.readConstructedIfPresent(
                    .contextSpecific(1, constructed: true),
                    { inner throws(DERError) in
                        try AlgorithmIdentifier(from: &inner)
                    })
                {
                    guard mask.algorithm == .mgf1, let inner = mask.parameters else {
                        throw DERError(.invalidTLV("unsupported mask generation"), at: 0)
                    }
                    let maskHash = try DER.withReader(inner.encoded) { r throws(DERError) in
                        try AlgorithmIdentifier(from: &r)
                    }
                    result.maskDigest = try Self.digest(maskHash.algorithm)
                }
                if let salt = try fields.decodeIfPresent(Int.self, explicitTag: .contextSpecific(2, constructed: true))
                {
                    // A salt is a byte count no larger than the modulus: OpenSSL takes it as a C
                    // int, and gives negative values meanings of its own (-2: any salt length).
                    guard (0...Self.maximumSaltLength).contains(salt) else {
                        throw DERError(
                            .invalidTLV("PSS salt length \(salt) outside 0...\(Self.maximumSaltLength)"), at: 0)
                    }
                    result.saltLength = salt
                }
                if let trailer = try fields.decodeIfPresent(
                    Int.self, explicitTag: .contextSpecific(3, constructed: true)),
                    trailer != 1
                {
                    throw DERError(.invalidTLV("trailer field \(trailer)"), at: 0)
                }
            }
            return result
        }
        self = parsed
    }

    private init() {}

    /// The largest salt length read: the byte length of a 16384-bit modulus (no salt can be
    /// longer than the modulus).
    static let maximumSaltLength = 2048

    static func digest(_ oid: ASN1ObjectIdentifier) throws(DERError) -> DigestAlgorithm {
        guard let digest = DigestAlgorithm(objectIdentifier: oid) else {
            throw DERError(.invalidTLV("unsupported PSS hash \(oid)"), at: 0)
        }
        return digest
    }
}
