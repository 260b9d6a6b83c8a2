import COpenSSL
import JPKIASN1

/// Why a cryptographic operation could not be done.
package enum CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key bytes are not a valid RSA key in the expected encoding.
    case invalidKey(String)
    /// OpenSSL reported a failure in `operation`.
    case operationFailed(String)

    package var description: String {
        switch self {
        case .invalidKey(let why): return "invalid RSA key: \(why)"
        case .operationFailed(let operation): return "\(operation) failed: \(openSSLErrors())"
        }
    }
}

/// The RSA signature schemes of X.509 and the JPKI.
package enum RSASignaturePadding: Sendable, Hashable {
    /// RSASSA-PKCS1-v1_5.
    case pkcs1v15
    /// RSASSA-PSS with MGF1 over `mgf1`, and a salt of `saltLength` bytes.
    case pss(mgf1: DigestAlgorithm, saltLength: Int)
}

/// An RSA public key (an OpenSSL `EVP_PKEY`).
package final class RSAPublicKey: @unchecked Sendable {
    let key: OpaquePointer

    /// A key from a DER SubjectPublicKeyInfo.
    package init(subjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
        var key: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer = buffer.baseAddress
            key = d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else { throw .invalidKey("not a SubjectPublicKeyInfo OpenSSL reads") }
        guard EVP_PKEY_get_base_id(key) == copenssl_evp_pkey_rsa() else {
            EVP_PKEY_free(key)
            throw .invalidKey("not an RSA key")
        }
        // A public exponent of thousands of bits makes each verification a full-size modular
        // exponentiation: a CMS of many signers naming such a key would cost seconds. Real keys
        // use 65537; at most 33 bits are accepted (BoringSSL's bound), and moduli up to
        // OpenSSL's 16384 bits.
        let exponentBits = Self.exponentBits(key)
        let modulusBits = Int(EVP_PKEY_get_bits(key))
        guard (1...Self.maximumExponentBits).contains(exponentBits), modulusBits <= Self.maximumModulusBits else {
            EVP_PKEY_free(key)
            ERR_clear_error()
            throw .invalidKey(
                "RSA key with a \(exponentBits)-bit exponent and a \(modulusBits)-bit modulus (at most \(Self.maximumExponentBits) and \(Self.maximumModulusBits) bits)"
            )
        }
        self.key = key
    }

    /// The longest public exponent accepted, in bits.
    package static let maximumExponentBits = 33
    /// The longest modulus accepted, in bits.
    package static let maximumModulusBits = 16384

    /// The bit length of `key`'s public exponent (0 when OpenSSL cannot say).
    private static func exponentBits(_ key: OpaquePointer) -> Int {
        var exponent: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, "e", &exponent) == 1, let exponent else { return 0 }
        defer { BN_free(exponent) }
        return Int(BN_num_bits(exponent))
    }

    /// The modulus length in bytes: the only length a signature can have (RFC 8017 §8.1.2,
    /// §8.2.2, step 1), checked before any arithmetic.
    private var signatureLength: Int { (bits + 7) / 8 }

    init(owning key: OpaquePointer) {
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// The modulus size in bits.
    package var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// Whether `signature` is a valid signature of `message` (hashed with `digest`).
    package func verify(
        signature: [UInt8], message: UnsafeRawBufferPointer, digest: DigestAlgorithm,
        padding: RSASignaturePadding = .pkcs1v15
    ) -> Bool {
        guard signature.count == signatureLength else { return false }
        return digestVerify(key: key, signature: signature, message: message, digest: digest) {
            configure($0, padding)
        }
    }

    /// Whether `signature` is a PKCS #1 v1.5 signature of an already computed `digestValue`.
    package func verify(signature: [UInt8], digestValue: [UInt8], digest: DigestAlgorithm) -> Bool {
        guard signature.count == signatureLength else { return false }
        return verifyDigestValue(key: key, signature: signature, digestValue: digestValue, digest: digest) {
            EVP_PKEY_CTX_set_rsa_padding($0, copenssl_rsa_pkcs1_padding()) == 1
        }
    }

    /// Whether `signature` is an RSA PKCS #1 v1.5 type-1 block whose payload is exactly `payload`
    /// (a DigestInfo of any length, e.g. the My Number Card's DigestInfo of three concatenated
    /// SHA-256 digests): the padding is checked in full and the payload compared byte for byte.
    package func verify(signature: [UInt8], pkcs1Payload payload: [UInt8]) -> Bool {
        guard !payload.isEmpty, signature.count == signatureLength, let context = EVP_PKEY_CTX_new(key, nil) else {
            return false
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_verify_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, copenssl_rsa_pkcs1_padding()) == 1
        else {
            ERR_clear_error()
            return false
        }
        let result = signature.withUnsafeBufferPointer { s in
            payload.withUnsafeBufferPointer { p in
                EVP_PKEY_verify(context, s.baseAddress, s.count, p.baseAddress, p.count)
            }
        }
        ERR_clear_error()
        return result == 1
    }

    /// The DER SubjectPublicKeyInfo.
    package var subjectPublicKeyInfo: [UInt8] {
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(key, &pointer)
        guard length > 0, let pointer else { return [] }
        defer { CRYPTO_free(pointer, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }
}

/// An RSA private key, for the builders and the card simulator.
package final class RSAPrivateKey: @unchecked Sendable {
    let key: OpaquePointer

    /// A new random key of `bits` bits with e = 65537.
    package init(bits: Int = 2048) throws(CryptoError) {
        guard let context = EVP_PKEY_CTX_new_id(copenssl_evp_pkey_rsa(), nil) else {
            throw .operationFailed("EVP_PKEY_CTX_new_id")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
            EVP_PKEY_generate(context, &key) == 1, let key
        else { throw .operationFailed("RSA key generation") }
        self.key = key
    }

    /// A key from DER: PKCS #8 PrivateKeyInfo or PKCS #1 RSAPrivateKey.
    package init(derEncoded der: [UInt8]) throws(CryptoError) {
        var key: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer = buffer.baseAddress
            key = d2i_AutoPrivateKey(nil, &pointer, buffer.count)
        }
        guard let key else {
            ERR_clear_error()
            throw .invalidKey("not a PKCS #8 or PKCS #1 private key")
        }
        guard EVP_PKEY_get_base_id(key) == copenssl_evp_pkey_rsa() else {
            EVP_PKEY_free(key)
            throw .invalidKey("not an RSA key")
        }
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// The PKCS #8 PrivateKeyInfo DER encoding (`i2d_PrivateKey` would write PKCS #1 for RSA).
    package var pkcs8DER: [UInt8] {
        guard let info = EVP_PKEY2PKCS8(key) else {
            ERR_clear_error()
            return []
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = i2d_PKCS8_PRIV_KEY_INFO(info, &pointer)
        guard length > 0, let pointer else { return [] }
        defer { CRYPTO_free(pointer, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    /// The public half.
    package var publicKey: RSAPublicKey {
        get throws(CryptoError) {
            var pointer: UnsafeMutablePointer<UInt8>?
            let length = i2d_PUBKEY(key, &pointer)
            guard length > 0, let pointer else { throw .operationFailed("i2d_PUBKEY") }
            defer { CRYPTO_free(pointer, #fileID, #line) }
            return try RSAPublicKey(
                subjectPublicKeyInfo: Array(UnsafeBufferPointer(start: pointer, count: Int(length))))
        }
    }

    /// The modulus size in bits.
    package var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// Signs `message` (hashed with `digest`).
    package func sign(
        message: UnsafeRawBufferPointer, digest: DigestAlgorithm, padding: RSASignaturePadding = .pkcs1v15
    ) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .operationFailed("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, digest.evp, nil, key) == 1, let keyContext,
            configure(keyContext, padding)
        else { throw .operationFailed("EVP_DigestSignInit") }
        var length = 0
        let base = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard EVP_DigestSign(context, nil, &length, base, message.count) == 1 else {
            throw .operationFailed("EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let status = signature.withUnsafeMutableBufferPointer { out in
            EVP_DigestSign(context, out.baseAddress, &length, base, message.count)
        }
        guard status == 1 else { throw .operationFailed("EVP_DigestSign") }
        return Array(signature.prefix(length))
    }

    /// Signs `message` (hashed with `digest`).
    package func sign(
        message: [UInt8], digest: DigestAlgorithm, padding: RSASignaturePadding = .pkcs1v15
    ) throws(CryptoError) -> [UInt8] {
        let result: Result<[UInt8], CryptoError> = message.withUnsafeBytes { raw in
            do throws(CryptoError) {
                return .success(try sign(message: raw, digest: digest, padding: padding))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The RSA private operation with PKCS #1 v1.5 type-1 padding on `input` as it is: what the
    /// My Number Card's COMPUTE DIGITAL SIGNATURE does to the DigestInfo it receives.
    package func signPKCS1Padded(_ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .operationFailed("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_sign_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, copenssl_rsa_pkcs1_padding()) == 1
        else { throw .operationFailed("EVP_PKEY_sign_init") }
        var length = 0
        let status = input.withUnsafeBufferPointer { inputBuffer in
            EVP_PKEY_sign(context, nil, &length, inputBuffer.baseAddress, inputBuffer.count)
        }
        guard status == 1 else { throw .operationFailed("EVP_PKEY_sign") }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = input.withUnsafeBufferPointer { inputBuffer in
            signature.withUnsafeMutableBufferPointer { out in
                EVP_PKEY_sign(context, out.baseAddress, &length, inputBuffer.baseAddress, inputBuffer.count)
            }
        }
        guard signed == 1 else { throw .operationFailed("EVP_PKEY_sign") }
        return Array(signature.prefix(length))
    }
}

/// Sets the padding of a signing or verifying context.
private func configure(_ context: OpaquePointer, _ padding: RSASignaturePadding) -> Bool {
    switch padding {
    case .pkcs1v15:
        return EVP_PKEY_CTX_set_rsa_padding(context, copenssl_rsa_pkcs1_padding()) == 1
    case .pss(let mgf1, let saltLength):
        // Negative lengths are OpenSSL's special values (-2: any salt); a length beyond a C int
        // would trap in the conversion.
        guard saltLength >= 0, let cSaltLength = Int32(exactly: saltLength) else { return false }
        return EVP_PKEY_CTX_set_rsa_padding(context, copenssl_rsa_pkcs1_pss_padding()) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md(context, mgf1.evp) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, cSaltLength) == 1
    }
}

/// OpenSSL's queued error messages, cleared.
func openSSLErrors() -> String {
    var messages: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return messages.isEmpty ? "no OpenSSL error" : messages.joined(separator: "; ")
}

/// Cryptographically secure random bytes.
package func secureRandomBytes(_ count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
    precondition(status == 1, "RAND_bytes failed")
    return bytes
}
