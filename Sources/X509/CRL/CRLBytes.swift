#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of a CRL, shared by the ``CertificateRevocationList``, its entries and its
/// ``RevocationIndex``: an array handed over by the caller, or a read-only memory-mapped file
/// that stays mapped while anything refers to it.
///
/// Nothing is copied: every reader works over ``withUnsafeBytes(_:)``.
final class CRLBytes: @unchecked Sendable {
    // @unchecked: the bytes never change after `init`, and the mapping is released only in
    // `deinit`, when no reader can hold it.

    private enum Backing {
        case array([UInt8])
        case mapped(UnsafeMutableRawPointer, length: Int)
    }

    private let backing: Backing
    /// The number of bytes.
    let count: Int

    /// Bytes held in an array (not copied).
    init(_ bytes: [UInt8]) {
        backing = .array(bytes)
        count = bytes.count
    }

    /// Maps the file at `path` read-only.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the file cannot be opened, is empty,
    ///   or cannot be mapped.
    init(mappingFileAt path: String) throws(X509Error) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .invalidValue("cannot open \(path) (errno \(errno))", offset: 0) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .invalidValue("cannot stat \(path) (errno \(errno))", offset: 0)
        }
        let length = Int(status.st_size)
        guard length > 0 else { throw .malformed(.init(.truncated, at: 0)) }
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw .invalidValue("cannot map \(path) (errno \(errno))", offset: 0)
        }
        backing = .mapped(address, length: length)
        count = length
    }

    deinit {
        if case .mapped(let address, let length) = backing { munmap(address, length) }
    }

    /// Whether the bytes are a memory-mapped file.
    var isMapped: Bool {
        if case .mapped = backing { return true }
        return false
    }

    /// Runs `body` over the bytes, which stay valid during the call.
    @inline(__always)
    func withUnsafeBytes<Result, Failure: Error>(
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
        case .mapped(let address, let length):
            return try body(UnsafeRawBufferPointer(start: address, count: length))
        }
    }

    /// A copy of `range`.
    func copy(_ range: Range<Int>) -> [UInt8] {
        withUnsafeBytes { Array(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    // MARK: Residency of a mapping

    private static let pageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Asks the kernel to map `range` of a mapped file now, in one call instead of a page fault
    /// per page (`MADV_POPULATE_READ`, Linux 5.14; elsewhere `MADV_WILLNEED`). No effect on
    /// arrays.
    func prefault(_ range: Range<Int>) {
        guard case .mapped(let address, let length) = backing else { return }
        let lower = range.lowerBound / Self.pageSize * Self.pageSize
        let upper = Swift.min(length, range.upperBound)
        guard upper > lower else { return }
        #if os(Linux)
            let populateRead: Int32 = 22  // MADV_POPULATE_READ
            if madvise(address + lower, upper - lower, populateRead) == 0 { return }
        #endif
        _ = madvise(address + lower, upper - lower, Int32(MADV_WILLNEED))
    }

    /// Drops the whole pages inside `range` of a mapped file from this process's resident set
    /// (`MADV_DONTNEED`): they stay in the page cache and come back on the next access, so a
    /// single pass over a file far larger than the memory budget keeps the resident set small.
    /// No effect on arrays.
    func release(_ range: Range<Int>) {
        guard case .mapped(let address, let length) = backing else { return }
        let lower = (range.lowerBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let upper = range.upperBound >= length ? length : range.upperBound / Self.pageSize * Self.pageSize
        guard upper > lower else { return }
        _ = madvise(address + lower, upper - lower, Int32(MADV_DONTNEED))
    }
}
