import JPKIX509

/// One chunk of a CRL's entries read for a ``RevocationIndex``: where it starts and stops, and
/// what reading it found. Written by the one thread that reads it; read after
/// ``WorkQueue/run(count:helpers:afterEach:_:)`` returns.
final class IndexChunk: @unchecked Sendable {
    /// The bytes of entries a chunk covers, about.
    static let size = 4 << 20

    /// Where its first entry starts.
    let start: Int
    /// It reads every entry that starts before this.
    let limit: Int
    /// Where the entry after its last one starts (set when read without error).
    var end = 0
    /// The first error, when reading stopped at a malformed entry.
    var error: X509Error?
    /// Keys of short serials and their entries' offsets.
    private(set) var keys: MemoryBlock?
    private(set) var offsets: MemoryBlock?
    /// The number of short serials.
    var count = 0
    /// The keys counted by their top 8 bits.
    let partitionCounts: UnsafeMutablePointer<Int>
    /// Hashed keys of long serials and their entries' offsets.
    var longKeys: [UInt64] = []
    var longOffsets: [UInt32] = []

    init(start: Int, limit: Int) {
        self.start = start
        self.limit = limit
        partitionCounts = .allocate(capacity: 256)
        partitionCounts.initialize(repeating: 0, count: 256)
    }

    deinit {
        freeKeys()
        partitionCounts.deallocate()
    }

    /// Room for every entry that can start in the chunk (each takes at least 20 bytes).
    var capacity: Int { (limit - start) / 20 + 1 }

    /// Allocates the key and offset buffers.
    func allocateKeys() {
        keys = MemoryBlock(bytes: capacity * MemoryLayout<UInt64>.stride)
        offsets = MemoryBlock(bytes: capacity * MemoryLayout<UInt32>.stride)
    }

    /// Frees the key and offset buffers.
    func freeKeys() {
        keys?.free()
        offsets?.free()
        keys = nil
        offsets = nil
    }

    /// The short serials read, for the bucket table (`nil` before the chunk is read).
    var segment: BucketTable.Segment? {
        guard let keys, let offsets else { return nil }
        return BucketTable.Segment(
            keys: UnsafePointer(keys.base.assumingMemoryBound(to: UInt64.self)),
            offsets: UnsafePointer(offsets.base.assumingMemoryBound(to: UInt32.self)), count: count,
            partitionCounts: UnsafePointer(partitionCounts))
    }
}

/// Reads chunks of a CRL's entries: the fast path for the usual entry, the full reading for
/// the others. Shared by the threads of one index build.
final class ChunkReader: @unchecked Sendable {
    // @unchecked: `raw` is only read, and stays valid while the build runs inside the CRL's
    // `withUnsafeBytes`.
    let raw: UnsafeRawBufferPointer
    let crl: CertificateRevocationList
    /// The size of a chunk, about.
    let chunkSize: Int

    init(raw: UnsafeRawBufferPointer, crl: CertificateRevocationList, chunkSize: Int) {
        self.raw = raw
        self.crl = crl
        self.chunkSize = Swift.max(64, chunkSize)
    }

    /// Chunks of about `chunkSize` bytes covering `range`, each starting where an entry seems
    /// to start.
    func split(_ range: Range<Int>) -> [IndexChunk] {
        var chunks: [IndexChunk] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var limit = range.upperBound
            let target = start + chunkSize
            if target + chunkSize / 2 < range.upperBound,
                let boundary = entryStart(near: target, end: range.upperBound)
            {
                limit = boundary
            }
            chunks.append(IndexChunk(start: start, limit: limit))
            start = limit
        }
        return chunks
    }

    /// The first position from `target` on (within 16 KiB) where 16 entry headers follow one
    /// another (or run to `end`): `30 len 02 …`, a SEQUENCE that starts with an INTEGER. Only
    /// a guess: the chunk before must end there, which the build checks.
    func entryStart(near target: Int, end: Int) -> Int? {
        var candidate = target
        let last = Swift.min(end, target + 16 << 10)
        while candidate < last {
            if raw[candidate] == 0x30 && chains(from: candidate, end: end) { return candidate }
            candidate += 1
        }
        return nil
    }

    private func chains(from start: Int, end: Int) -> Bool {
        var position = start
        for _ in 0..<16 {
            if position == end { return true }
            guard end - position >= 20, raw[position] == 0x30 else { return false }
            let first = Int(raw[position + 1])
            var header = 2
            var length = first
            if first == 0x81 {
                header = 3
                length = Int(raw[position + 2])
                guard length >= 0x80 else { return false }
            } else if first == 0x82 {
                header = 4
                length = Int(raw[position + 2]) << 8 | Int(raw[position + 3])
                guard length >= 0x100 else { return false }
            } else if first >= 0x80 {
                return false
            }
            guard length >= 18, end - position - header >= length, raw[position + header] == 0x02 else { return false }
            position += header + length
        }
        return true
    }

    /// Reads every entry of `chunk` that starts before its limit, mapping a memory-mapped
    /// file's pages in one call first and dropping them after.
    func read(_ chunk: IndexChunk) {
        let bytes = crl.bytes
        let end = crl.entriesRange.upperBound
        let version = crl.version
        let word0 = RevocationIndex.reasonOnlyWord0
        let word1 = RevocationIndex.reasonOnlyWord1
        bytes.prefault(chunk.start..<chunk.limit)
        defer { bytes.release(chunk.start..<chunk.limit) }
        chunk.allocateKeys()
        guard let keyBlock = chunk.keys, let offsetBlock = chunk.offsets else { return }
        let capacity = chunk.capacity
        let keys = keyBlock.base.bindMemory(to: UInt64.self, capacity: capacity)
        let offsets = offsetBlock.base.bindMemory(to: UInt32.self, capacity: capacity)
        let partitionCounts = chunk.partitionCounts
        var count = 0
        var position = chunk.start
        do {
            while position < chunk.limit {
                let entry: (end: Int, serial: Range<Int>)
                if let fast = RevocationIndex.commonEntry(raw, at: position, end: end, version: version, word0, word1) {
                    entry = fast
                } else {
                    entry = try RevocationIndex.otherEntry(raw, at: position, end: end, crl: crl)
                }
                if let value = SerialNumbers.shortValue(
                    raw, contentStart: entry.serial.lowerBound, end: entry.serial.upperBound)
                {
                    guard count < capacity else {
                        // Cannot happen: every entry takes at least 20 bytes.
                        throw X509Error.invalidValue("more entries than the CRL can hold", offset: position)
                    }
                    let key = SerialNumbers.mix(value)
                    keys[count] = key
                    offsets[count] = UInt32(truncatingIfNeeded: position)
                    partitionCounts[Int(truncatingIfNeeded: key >> 56)] &+= 1
                    count += 1
                } else {
                    chunk.longKeys.append(SerialNumbers.longHash(UnsafeRawBufferPointer(rebasing: raw[entry.serial])))
                    chunk.longOffsets.append(UInt32(truncatingIfNeeded: position))
                }
                position = entry.end
            }
            chunk.end = position
        } catch {
            chunk.error = CRLErrors.wrap(error, offset: position)
        }
        chunk.count = count
    }
}
