import CryptoBackend
import JPKIASN1

/// An RSA private key that signs certificates, CRLs and OCSP responses (builders, test PKIs,
/// the card simulator).
public final class SigningKey: Sendable {
    let privateKey: RSAPrivateKey

    /// A new random RSA key of `bits` bits (e = 65537).
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when OpenSSL cannot generate it.
    public init(generatingRSABits bits: Int = 2048) throws(X509Error) {
        do {
            privateKey = try RSAPrivateKey(bits: bits)
        } catch {
            throw .invalidValue(error.description, offset: 0)
        }
    }

    /// A key from DER: PKCS #8 PrivateKeyInfo or PKCS #1 RSAPrivateKey.
    public init(derEncoded der: [UInt8]) throws(X509Error) {
        do {
            privateKey = try RSAPrivateKey(derEncoded: der)
        } catch {
            throw .invalidValue(error.description, offset: 0)
        }
    }

    /// The PKCS #8 DER encoding (keep it secret).
    public var pkcs8DER: [UInt8] { privateKey.pkcs8DER }

    /// The PKCS #8 PEM (`PRIVATE KEY`).
    public var pkcs8PEM: String { PEMDocument(label: "PRIVATE KEY", der: pkcs8DER).pemString }

    /// The modulus size in bits.
    public var bits: Int { privateKey.bits }

    /// The public key as a SubjectPublicKeyInfo.
    public var subjectPublicKeyInfo: SubjectPublicKeyInfo {
        get throws(X509Error) {
            do {
                return try SubjectPublicKeyInfo(derEncoded: try privateKey.publicKey.subjectPublicKeyInfo)
            } catch let error as DERError {
                throw .malformed(error)
            } catch {
                throw .invalidValue("\(error)", offset: 0)
            }
        }
    }

    /// Signs `message` with `algorithm` (sha256WithRSAEncryption and the other RSA PKCS #1
    /// v1.5 algorithms).
    public func sign(_ message: some Collection<UInt8>, algorithm: AlgorithmIdentifier = .sha256WithRSAEncryption)
        throws(X509Error) -> [UInt8]
    {
        guard let digest = DigestAlgorithm(rsaSignatureAlgorithm: algorithm.algorithm) else {
            throw .invalidValue("cannot sign with \(algorithm)", offset: 0)
        }
        do {
            return try privateKey.sign(message: Array(message), digest: digest)
        } catch {
            throw .invalidValue(error.description, offset: 0)
        }
    }

    /// The RSA private operation with PKCS #1 v1.5 type-1 padding applied to `input` (a
    /// DigestInfo), as the My Number Card's COMPUTE DIGITAL SIGNATURE does.
    package func signPaddedDigestInfo(_ input: [UInt8]) throws(X509Error) -> [UInt8] {
        do {
            return try privateKey.signPKCS1Padded(input)
        } catch {
            throw .invalidValue(error.description, offset: 0)
        }
    }
}
