/// An object that keeps bytes of a CRL valid and unchanged while it lives (JPKIRevocationIndex's
/// memory-mapped file), and may page them in and out.
package protocol CRLBytesOwner: AnyObject, Sendable {
    /// Asks for `range` to be made resident now (a memory-mapped file pages it in at once).
    func prefault(_ range: Range<Int>)
    /// Says `range` will not be read again soon (a memory-mapped file drops its pages from the
    /// resident set).
    func release(_ range: Range<Int>)
}

/// The bytes of a CRL, shared by the ``CertificateRevocationList``, its entries and anything
/// built over them (JPKIRevocationIndex's index): an array handed over by the caller, or bytes
/// owned by another object (a memory-mapped file of JPKIRevocationIndex) that stay valid while
/// that owner is alive.
///
/// Nothing is copied: every reader works over ``withUnsafeBytes(_:)``. This module maps no
/// files itself.
package final class CRLBytes: @unchecked Sendable {
    // @unchecked: the bytes never change after `init`, and an owner's bytes live as long as the
    // owner, which this object keeps.

    private enum Backing {
        case array([UInt8])
        case owned(UnsafeRawBufferPointer, owner: any CRLBytesOwner)
    }

    private let backing: Backing
    /// The number of bytes.
    package let count: Int

    /// Bytes held in an array (not copied).
    package init(_ bytes: [UInt8]) {
        backing = .array(bytes)
        count = bytes.count
    }

    /// Bytes that `owner` keeps valid and unchanged for as long as it lives.
    package init(borrowing bytes: UnsafeRawBufferPointer, owner: any CRLBytesOwner) {
        backing = .owned(bytes, owner: owner)
        count = bytes.count
    }

    /// The object that owns the bytes, when they are not an array.
    package var owner: (any CRLBytesOwner)? {
        if case .owned(_, let owner) = backing { return owner }
        return nil
    }

    /// Runs `body` over the bytes, which stay valid during the call.
    @inline(__always)
    package func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        switch backing {
        case .array(let array):
            let outcome: Swift.Result<Result, Failure> = array.withUnsafeBytes { raw in
                do throws(Failure) {
                    return .success(try body(raw))
                } catch {
                    return .failure(error)
                }
            }
            return try outcome.get()
        case .owned(let raw, _):
            return try body(raw)
        }
    }

    /// A copy of `range`.
    package func copy(_ range: Range<Int>) -> [UInt8] {
        withUnsafeBytes { Array(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Asks the owner to make `range` resident now; no effect on arrays.
    package func prefault(_ range: Range<Int>) { owner?.prefault(range) }

    /// Tells the owner that `range` will not be read again soon; no effect on arrays.
    package func release(_ range: Range<Int>) { owner?.release(range) }
}
