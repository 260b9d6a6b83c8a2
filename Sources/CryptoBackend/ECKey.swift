import COpenSSL
import JPKIASN1

/// An elliptic-curve public key (an OpenSSL `EVP_PKEY` of type EC) for ECDSA verification.
///
/// OpenSSL checks when the key is imported that the point lies on the curve; ``init(subjectPublicKeyInfo:)``
/// also runs OpenSSL's full public-key check (not the point at infinity, in the group of the curve's order).
package final class ECPublicKey: @unchecked Sendable {
    let key: OpaquePointer

    /// The curve's name as OpenSSL knows it: `prime256v1`, `secp384r1`, `secp521r1` and so on.
    package let groupName: String

    /// A key from a DER SubjectPublicKeyInfo with algorithm id-ecPublicKey.
    ///
    /// - Throws: ``CryptoError/invalidKey(_:)`` when OpenSSL does not read it as an EC key, or
    ///   the point is not a valid point of the curve.
    package init(subjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
        var key: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer = buffer.baseAddress
            key = d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else {
            ERR_clear_error()
            throw .invalidKey(
                "not an EC SubjectPublicKeyInfo OpenSSL reads (a point not on the curve, or bad encoding)")
        }
        guard EVP_PKEY_get_base_id(key) == copenssl_evp_pkey_ec() else {
            EVP_PKEY_free(key)
            throw .invalidKey("not an EC key")
        }
        var name = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1, length > 0 else {
            EVP_PKEY_free(key)
            ERR_clear_error()
            throw .invalidKey("EC key without a named curve")
        }
        guard let context = EVP_PKEY_CTX_new(key, nil) else {
            EVP_PKEY_free(key)
            throw .operationFailed("EVP_PKEY_CTX_new")
        }
        let valid = EVP_PKEY_public_check(context) == 1
        EVP_PKEY_CTX_free(context)
        guard valid else {
            EVP_PKEY_free(key)
            ERR_clear_error()
            throw .invalidKey("EC public key fails OpenSSL's public key check")
        }
        self.key = key
        groupName = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { EVP_PKEY_free(key) }

    /// The size of the curve's order in bits (256, 384, 521).
    package var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// Whether `signature`, a DER ECDSA-Sig-Value, is a valid ECDSA signature of `message`
    /// hashed with `digest`. A signature that is not strict DER `SEQUENCE { r INTEGER, s INTEGER }`
    /// with 0 < r, s and neither longer than the curve's order is `false` before OpenSSL sees it.
    package func verify(signature: [UInt8], message: UnsafeRawBufferPointer, digest: DigestAlgorithm) -> Bool {
        guard Self.isWellFormed(signature, orderBits: bits) else { return false }
        return digestVerify(key: key, signature: signature, message: message, digest: digest)
    }

    /// Whether `signature` (a DER ECDSA-Sig-Value, checked as in ``verify(signature:message:digest:)``)
    /// is a valid ECDSA signature of a digest computed elsewhere with `digest`.
    package func verify(signature: [UInt8], digestValue: [UInt8], digest: DigestAlgorithm) -> Bool {
        guard Self.isWellFormed(signature, orderBits: bits) else { return false }
        return verifyDigestValue(key: key, signature: signature, digestValue: digestValue, digest: digest)
    }

    /// Whether `signature` is a DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480
    /// / X9.62) with nothing after it, both integers positive and no wider than the curve's order.
    /// (OpenSSL then checks r, s < n and that the DER re-encodes to the same bytes.)
    package static func isWellFormed(_ signature: [UInt8], orderBits: Int) -> Bool {
        let maximumLength = (orderBits + 7) / 8
        do throws(DERError) {
            return try DER.withReader(signature) { reader throws(DERError) in
                let valid = try reader.readSequence { fields throws(DERError) in
                    let r = try fields.decode(ASN1Integer.self)
                    let s = try fields.decode(ASN1Integer.self)
                    return [r, s].allSatisfy { value in
                        !value.isNegative && value.magnitude.count <= maximumLength
                            && value.magnitude.contains { $0 != 0 }
                    }
                }
                try reader.finish()
                return valid
            }
        } catch {
            return false
        }
    }
}
