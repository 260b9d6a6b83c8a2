import COpenSSL
import JPKIASN1

/// OpenSSL's implementation of JPKIASN1's digest algorithms.
extension DigestAlgorithm {
    /// The algorithm's `EVP_MD`: fetched from the default provider once per process (OpenSSL 3
    /// would otherwise look the implementation up again on every digest and verify), or the
    /// built-in legacy one when the fetch fails.
    var evp: OpaquePointer? {
        switch self {
        case .sha1: return FetchedDigests.shared.sha1 ?? EVP_sha1()
        case .sha224: return FetchedDigests.shared.sha224 ?? EVP_sha224()
        case .sha256: return FetchedDigests.shared.sha256 ?? EVP_sha256()
        case .sha384: return FetchedDigests.shared.sha384 ?? EVP_sha384()
        case .sha512: return FetchedDigests.shared.sha512 ?? EVP_sha512()
        }
    }

    /// The digest of `data`.
    package func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputLength)
        var length: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { out in
            EVP_Digest(data.baseAddress, data.count, out.baseAddress, &length, evp, nil)
        }
        // EVP_Digest cannot fail for these built-in algorithms short of memory exhaustion.
        precondition(status == 1 && Int(length) == outputLength, "EVP_Digest failed")
        return output
    }

    /// The digest of `data`.
    package func hash(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { hash($0) }
    }
}

/// The digests fetched once (`EVP_MD_fetch`) and kept for the life of the process. A fetched
/// `EVP_MD` is immutable and reference-counted, safe to share between threads; never freed.
struct FetchedDigests: @unchecked Sendable {
    let sha1: OpaquePointer?
    let sha224: OpaquePointer?
    let sha256: OpaquePointer?
    let sha384: OpaquePointer?
    let sha512: OpaquePointer?

    static let shared = FetchedDigests()

    private init() {
        sha1 = EVP_MD_fetch(nil, "SHA1", nil)
        sha224 = EVP_MD_fetch(nil, "SHA2-224", nil)
        sha256 = EVP_MD_fetch(nil, "SHA2-256", nil)
        sha384 = EVP_MD_fetch(nil, "SHA2-384", nil)
        sha512 = EVP_MD_fetch(nil, "SHA2-512", nil)
        ERR_clear_error()
    }
}
