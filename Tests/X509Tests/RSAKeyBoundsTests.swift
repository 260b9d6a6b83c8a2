import JPKIASN1
import JPKIX509
import Testing

/// RSA keys and signatures a hostile certificate, CMS signer or OCSP responder could bring:
/// public exponents of thousands of bits (each verification a full-size exponentiation),
/// moduli past OpenSSL's 16384 bits, signatures shorter than the modulus.
@Suite("RSA key and signature bounds")
struct RSAKeyBoundsTests {
    /// A SubjectPublicKeyInfo of rsaEncryption with `modulus` and `exponent` (big-endian bytes),
    /// written by the SDK's own encoder of card keys.
    static func subjectPublicKeyInfo(modulus: [UInt8], exponent: [UInt8]) throws -> SubjectPublicKeyInfo {
        try SubjectPublicKeyInfo(
            derEncoded: CardRSAPublicKey(exponent: exponent, modulus: modulus).subjectPublicKeyInfoDER)
    }

    /// An odd modulus of `bits` bits (its value does not matter to the bounds).
    static func modulus(bits: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xA5, count: bits / 8)
        bytes[0] = 0xC3
        bytes[bytes.count - 1] |= 1
        return bytes
    }

    @Test(
        "public exponents of 17 and 33 bits are keys; of 34, 41 and 3071 bits are refused, typed",
        arguments: [(17, true), (33, true), (34, false), (41, false), (3071, false)])
    func exponentBits(_ bits: Int, _ accepted: Bool) throws {
        // 2^(bits-1) + 1: odd, exactly `bits` bits long.
        var exponent = [UInt8](repeating: 0, count: (bits + 7) / 8)
        exponent[0] = 1 << ((bits - 1) % 8)
        exponent[exponent.count - 1] |= 1
        let info = try Self.subjectPublicKeyInfo(modulus: Self.modulus(bits: 3072), exponent: exponent)
        do {
            let key = try PublicKey(info)
            #expect(accepted, "a \(bits)-bit exponent accepted")
            #expect(key.bitLength == 3072)
        } catch {
            #expect(!accepted, "a \(bits)-bit exponent refused: \(error)")
            #expect("\(error)".contains("\(bits)-bit exponent"), "\(error)")
        }
    }

    @Test("a modulus of 16384 bits is a key, one of 16392 bits is refused")
    func modulusBits() throws {
        let exponent: [UInt8] = [0x01, 0x00, 0x01]
        let largest = try Self.subjectPublicKeyInfo(modulus: Self.modulus(bits: 16384), exponent: exponent)
        #expect(try PublicKey(largest).bitLength == 16384)
        let larger = try Self.subjectPublicKeyInfo(modulus: Self.modulus(bits: 16392), exponent: exponent)
        #expect(throws: X509Error.self) { try PublicKey(larger) }
    }

    @Test(
        "PKCS #1 v1.5 signatures shorter or longer than the modulus, zero-padded or cut: invalid (PSS: VerifierFlowTests)"
    )
    func signatureLength() throws {
        let pki = try TestPKI.shared.get()
        let key = try PublicKey(pki.signatureRoot.subjectPublicKeyInfo)
        let message = Array("to be signed".utf8)
        let signature = try pki.signatureRootKey.sign(message, algorithm: .sha256WithRSAEncryption)
        #expect(key.isValidSignature(signature, for: message, algorithm: .sha256WithRSAEncryption))
        for altered in [[0] + signature, Array(signature.dropFirst()), [0x01]] {
            #expect(!key.isValidSignature(altered, for: message, algorithm: .sha256WithRSAEncryption))
        }
    }
}
