import COpenSSL
import JPKIASN1

/// A digest computed piece by piece (`EVP_DigestUpdate`), whose state can be copied: the PDF
/// verifier hashes a file's common prefix once for every signature that covers it.
package final class DigestContext: @unchecked Sendable {
    // @unchecked: one owner at a time; copies are new contexts.
    private let context: OpaquePointer
    /// The algorithm.
    package let algorithm: DigestAlgorithm

    /// A fresh context.
    package init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        // EVP_MD_CTX_new and EVP_DigestInit_ex fail only when memory is exhausted.
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
        precondition(EVP_DigestInit_ex(context, algorithm.evp, nil) == 1, "EVP_DigestInit_ex failed")
        self.context = context
    }

    private init(copying other: DigestContext) {
        algorithm = other.algorithm
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
        precondition(EVP_MD_CTX_copy_ex(context, other.context) == 1, "EVP_MD_CTX_copy_ex failed")
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `data`.
    package func update(_ data: UnsafeRawBufferPointer) {
        guard data.count > 0 else { return }
        EVP_DigestUpdate(context, data.baseAddress, data.count)
    }

    /// A new context in the same state.
    package func copy() -> DigestContext { DigestContext(copying: self) }

    /// The digest of everything added (the context is spent).
    package func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.outputLength)
        var length: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        precondition(status == 1, "EVP_DigestFinal_ex failed")
        return output
    }
}
