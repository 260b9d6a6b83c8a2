import COpenSSL
import JPKIASN1

/// RSA PKCS #1 v1.5 verification with one key and one digest, set up once: an `EVP_PKEY_CTX`
/// initialised for verifying, with the padding and the digest, that each verification
/// duplicates (OpenSSL 3 otherwise fetches the key management and signature implementations
/// and initialises a context on every `EVP_DigestVerifyInit`: about a tenth of a verify).
///
/// For the keys a verifier uses again and again (its anchors' and intermediates'). Thread-safe:
/// the template is only read (duplicated), each verification works on its own copy.
package final class RSAVerifyTemplate: @unchecked Sendable {
    // @unchecked: `context` is set up in init and afterwards only passed to EVP_PKEY_CTX_dup,
    // which reads it.
    private let context: OpaquePointer
    /// The key, kept alive as long as the template.
    private let key: RSAPublicKey
    /// The digest the signatures are made with.
    package let digest: DigestAlgorithm

    /// A template for `key` and PKCS #1 v1.5 signatures over `digest`, or `nil` when OpenSSL
    /// cannot prepare one (the caller then verifies the ordinary way).
    package init?(key: RSAPublicKey, digest: DigestAlgorithm) {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.key, nil) else {
            ERR_clear_error()
            return nil
        }
        guard EVP_PKEY_verify_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, copenssl_rsa_pkcs1_padding()) == 1,
            EVP_PKEY_CTX_set_signature_md(context, digest.evp) == 1
        else {
            EVP_PKEY_CTX_free(context)
            ERR_clear_error()
            return nil
        }
        self.context = context
        self.key = key
        self.digest = digest
    }

    deinit { EVP_PKEY_CTX_free(context) }

    /// Whether `signature` is the key's PKCS #1 v1.5 signature of `message` hashed with
    /// ``digest``: the same check as ``RSAPublicKey/verify(signature:message:digest:padding:)``
    /// (the DigestInfo compared whole).
    package func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        // The largest digest (SHA-512) fits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digestValue in
            var length: UInt32 = 0
            guard let base = digestValue.baseAddress,
                EVP_Digest(message.baseAddress, message.count, base, &length, digest.evp, nil) == 1,
                let copy = EVP_PKEY_CTX_dup(context)
            else {
                ERR_clear_error()
                return false
            }
            defer { EVP_PKEY_CTX_free(copy) }
            let result = EVP_PKEY_verify(
                copy, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count, base, Int(length))
            if result != 1 { ERR_clear_error() }
            return result == 1
        }
    }
}
