#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of a PIN or verification number, in memory that is zeroed when the value is
/// released. There is no public way to read them: only the card clients of this module send
/// them, in a VERIFY or CHANGE REFERENCE DATA, and zero their own copy of the command data
/// right after.
public final class SecretBytes: @unchecked Sendable {
    // Immutable after init (written once, zeroed in deinit), so sharing is safe.
    private let storage: UnsafeMutableBufferPointer<UInt8>

    init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(capacity: max(bytes.count, 1))
        storage.initialize(repeating: 0)
        _ = storage.initialize(from: bytes)
        count = bytes.count
    }

    /// The number of bytes.
    let count: Int

    /// A copy of the bytes, for a command's data; the caller zeroes it with ``wipe(_:)``.
    func copy() -> [UInt8] { Array(storage.prefix(count)) }

    deinit {
        Self.zero(UnsafeMutableRawBufferPointer(storage))
        storage.deallocate()
    }

    /// Zeroes `bytes` in place (when the array's buffer is not shared, the only copy).
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
        bytes.removeAll()
    }

    /// Zeroes memory in a way the optimiser does not remove.
    static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Glibc)
            explicit_bzero(base, buffer.count)
        #elseif canImport(Darwin)
            _ = memset_s(base, buffer.count, 0, buffer.count)
        #else
            for index in 0..<buffer.count { buffer[index] = 0 }
        #endif
    }
}
