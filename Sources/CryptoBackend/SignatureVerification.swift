import COpenSSL
import JPKIASN1

// The two OpenSSL verification sequences every key type uses (RSA with its padding, ECDSA), in
// one place. Each leaves OpenSSL's error queue empty, whatever the outcome.

/// Whether `signature` verifies under `key` over `message` hashed with `digest`
/// (`EVP_DigestVerify`); `configure` sets the key context's parameters (RSA padding) first.
func digestVerify(
    key: OpaquePointer, signature: [UInt8], message: UnsafeRawBufferPointer, digest: DigestAlgorithm,
    configure: (OpaquePointer) -> Bool = { _ in true }
) -> Bool {
    guard let context = EVP_MD_CTX_new() else { return false }
    defer {
        EVP_MD_CTX_free(context)
        ERR_clear_error()
    }
    var keyContext: OpaquePointer?
    guard EVP_DigestVerifyInit(context, &keyContext, digest.evp, nil, key) == 1, let keyContext,
        configure(keyContext)
    else { return false }
    let result = signature.withUnsafeBufferPointer { signatureBuffer in
        EVP_DigestVerify(
            context, signatureBuffer.baseAddress, signatureBuffer.count,
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
    }
    return result == 1
}

/// Whether `signature` verifies under `key` over `digestValue`, a `digest` computed elsewhere
/// (`EVP_PKEY_verify`); `configure` sets the key context's parameters (RSA padding) first.
func verifyDigestValue(
    key: OpaquePointer, signature: [UInt8], digestValue: [UInt8], digest: DigestAlgorithm,
    configure: (OpaquePointer) -> Bool = { _ in true }
) -> Bool {
    guard digestValue.count == digest.outputLength, let context = EVP_PKEY_CTX_new(key, nil) else { return false }
    defer {
        EVP_PKEY_CTX_free(context)
        ERR_clear_error()
    }
    guard EVP_PKEY_verify_init(context) == 1, configure(context),
        EVP_PKEY_CTX_set_signature_md(context, digest.evp) == 1
    else { return false }
    let result = signature.withUnsafeBufferPointer { signatureBuffer in
        digestValue.withUnsafeBufferPointer { digestBuffer in
            EVP_PKEY_verify(
                context, signatureBuffer.baseAddress, signatureBuffer.count, digestBuffer.baseAddress,
                digestBuffer.count)
        }
    }
    return result == 1
}
