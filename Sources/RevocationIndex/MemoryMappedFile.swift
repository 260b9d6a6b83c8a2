import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory: the bytes of a memory-mapped CRL. It stays mapped while
/// anything refers to it (the CRL, its entries, an index built from it) and is unmapped when the
/// last reference goes. PDFs are read through it too (JPKIPDF).
package final class MemoryMappedFile: CRLBytesOwner, @unchecked Sendable {
    // @unchecked: the mapping is read-only and released only in `deinit`, when no reader can
    // hold it.

    /// The start of the mapping.
    private let address: UnsafeMutableRawPointer
    /// The mapping's length in bytes (the file's size when it was mapped).
    package let count: Int

    /// Maps the file at `path` read-only.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the file cannot be opened, is empty,
    ///   or cannot be mapped.
    package init(path: String) throws(X509Error) {
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
        self.address = address
        count = length
    }

    deinit { munmap(address, count) }

    /// The mapped bytes, valid while this object lives.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: address, count: count) }

    /// The mapping as CRL bytes that keep it alive.
    var crlBytes: CRLBytes { CRLBytes(borrowing: bytes, owner: self) }

    // MARK: Residency of a mapping

    private static let pageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Asks the kernel to map `range` now, in one call instead of a page fault per page
    /// (`MADV_POPULATE_READ`, Linux 5.14; elsewhere `MADV_WILLNEED`).
    package func prefault(_ range: Range<Int>) {
        let lower = range.lowerBound / Self.pageSize * Self.pageSize
        let upper = Swift.min(count, range.upperBound)
        guard upper > lower else { return }
        #if os(Linux)
            let populateRead: Int32 = 22  // MADV_POPULATE_READ
            if madvise(address + lower, upper - lower, populateRead) == 0 { return }
        #endif
        _ = madvise(address + lower, upper - lower, Int32(MADV_WILLNEED))
    }

    /// Drops the whole pages inside `range` from this process's resident set (`MADV_DONTNEED`):
    /// they stay in the page cache and come back on the next access, so a single pass over a
    /// file far larger than the memory budget keeps the resident set small.
    package func release(_ range: Range<Int>) {
        let lower = (range.lowerBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let upper = range.upperBound >= count ? count : range.upperBound / Self.pageSize * Self.pageSize
        guard upper > lower else { return }
        _ = madvise(address + lower, upper - lower, Int32(MADV_DONTNEED))
    }
}

extension CRLBytes {
    /// Whether the bytes are a memory-mapped file.
    var isMapped: Bool { owner is MemoryMappedFile }
}

extension CertificateRevocationList {
    /// Reads a CRL file, DER or PEM.
    ///
    /// A DER file is memory-mapped when `mapping` is `true` (the default): nothing is read into
    /// memory up front, the kernel pages the entries in as they are read, and the mapping lives
    /// as long as the CRL, its entries or an index built from it. A PEM file is decoded into
    /// memory.
    ///
    /// - Throws: ``X509Error`` when the file cannot be read or is not a CRL.
    public init(contentsOfFile path: String, mapping: Bool = true) throws(X509Error) {
        let file = try MemoryMappedFile(path: path)
        let bytes = file.bytes
        var start = 0
        while start < bytes.count,
            bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09
        {
            start += 1
        }
        let prefix = Array("-----BEGIN".utf8)
        let isPEM = bytes.count - start >= prefix.count && prefix.indices.allSatisfy { bytes[start + $0] == prefix[$0] }
        if isPEM {
            try self.init(pemEncoded: Array(bytes))
        } else if mapping {
            try self.init(bytes: file.crlBytes)
        } else {
            try self.init(derEncoded: Array(bytes))
        }
    }

    /// Whether the CRL's bytes are a memory-mapped file (read with
    /// ``init(contentsOfFile:mapping:)``).
    public var isMemoryMapped: Bool { bytes.isMapped }
}
