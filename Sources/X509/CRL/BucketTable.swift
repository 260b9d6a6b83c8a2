#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The storage of a ``RevocationIndex``: 64-bit keys grouped by bucket, each with the 32-bit
/// offset of its entry in the CRL, and a table of where each bucket of keys starts.
///
/// Keys are uniformly distributed (mixed serial values, or hashes), and a bucket is the keys
/// that share their top `bucketBits` bits, so bucket `b` is `keys[starts[b]..<starts[b + 1]]`.
/// With 2^bucketBits in (n/4, n/2], a bucket holds 2–4 keys on average (one or two cache
/// lines) and the table costs at most 2 bytes per key: 14 bytes per entry in all.
///
/// Built by a two-level counting sort (see `sortIntoBuckets()`). Immutable afterwards, so
/// reads from many threads are safe.
final class BucketTable: @unchecked Sendable {
    // @unchecked: the buffers are written only in `init` and freed only in `deinit`.

    /// The keys, bucket by bucket.
    let keys: UnsafeMutablePointer<UInt64>
    /// The CRL offset of each key's entry.
    let offsets: UnsafeMutablePointer<UInt32>
    /// The number of keys.
    let count: Int
    /// `bucketCount + 1` starts; the last is `count`.
    let starts: UnsafeMutablePointer<UInt32>
    /// log2 of the number of buckets.
    let bucketBits: Int
    /// `64 - bucketBits`, in 1…64.
    let shift: UInt64
    /// The memory of `keys`, `offsets` and `starts`.
    private let blocks: [MemoryBlock]

    /// The number of buckets.
    var bucketCount: Int { 1 << bucketBits }

    /// The bytes this table holds (what its buffers reserve: a large buffer is rounded up to
    /// whole 2 MiB pages).
    var byteCount: Int { blocks.reduce(0) { $0 + $1.capacity } }

    /// An empty table.
    convenience init() {
        self.init(keys: MemoryBlock(bytes: 0), offsets: MemoryBlock(bytes: 0), count: 0, partitionCounts: nil)
    }

    /// Takes `keys` and `offsets` (holding `count` elements, or more room; shrunk to `count`
    /// here) and groups them by bucket. `partitionCounts`, when given, counts the keys by
    /// their top 8 bits.
    init(keys: MemoryBlock, offsets: MemoryBlock, count: Int, partitionCounts: UnsafePointer<Int>?) {
        // Buckets: 2^bits in (n/4, n/2], at least one.
        var bits = 0
        while count >> (bits + 2) > 0 { bits += 1 }
        bucketBits = bits
        shift = UInt64(64 - bits)
        self.count = count
        let keyBlock = keys.shrunk(to: count * MemoryLayout<UInt64>.stride)
        let offsetBlock = offsets.shrunk(to: count * MemoryLayout<UInt32>.stride)
        let startBlock = MemoryBlock(bytes: ((1 << bits) + 1) * MemoryLayout<UInt32>.stride)
        blocks = [keyBlock, offsetBlock, startBlock]
        self.keys = keyBlock.base.bindMemory(to: UInt64.self, capacity: Swift.max(1, count))
        self.offsets = offsetBlock.base.bindMemory(to: UInt32.self, capacity: Swift.max(1, count))
        starts = startBlock.base.bindMemory(to: UInt32.self, capacity: (1 << bits) + 1)
        sortIntoBuckets(partitionCounts: bits >= 8 ? partitionCounts : nil)
    }

    deinit {
        for block in blocks { block.free() }
    }

    /// The bucket of `key`.
    @inline(__always)
    func bucket(_ key: UInt64) -> Int {
        // Two shifts, so that a shift of 64 (one bucket) gives 0 without a branch.
        Int(truncatingIfNeeded: (key &>> 1) &>> (shift &- 1))
    }

    /// The slots of the bucket of `key`.
    @inline(__always)
    func bucketRange(of key: UInt64) -> Range<Int> {
        let b = bucket(key)
        return Int(starts[b])..<Int(starts[b &+ 1])
    }

    /// A slot holding `key`, or -1.
    ///
    /// A bucket of up to ``sortedBucketThreshold`` keys is scanned whole (its keys are in no
    /// order: 2–4 on average, one or two cache lines); a larger one — only keys chosen to
    /// collide make one — is sorted, and searched by bisection.
    @inline(__always)
    func firstSlot(of key: UInt64) -> Int {
        let b = bucket(key)
        var index = Int(starts[b])
        var end = Int(starts[b &+ 1])
        if end &- index > Self.sortedBucketThreshold {
            while index < end {
                let middle = index &+ (end &- index) >> 1
                if keys[middle] < key { index = middle &+ 1 } else { end = middle }
            }
            return index < Int(starts[b &+ 1]) && keys[index] == key ? index : -1
        }
        while index < end {
            if keys[index] == key { return index }
            index &+= 1
        }
        return -1
    }

    /// Buckets larger than this are sorted (and searched by bisection).
    static let sortedBucketThreshold = 16

    // MARK: Building

    /// Groups the keys by bucket with a two-level counting sort: first by the top (up to) 8
    /// bits into a second buffer (256 output streams: sequential enough for the
    /// write-combining of stores), then each of those partitions by its remaining bucket bits
    /// back into the first buffer (a partition's counters and lines stay in cache). Every load
    /// and store of a pass is independent of the others, so cache misses overlap; an in-place
    /// permutation would chain them. Buckets are left unsorted, but for the rare large ones.
    private func sortIntoBuckets(partitionCounts: UnsafePointer<Int>?) {
        let buckets = bucketCount
        starts[buckets] = UInt32(truncatingIfNeeded: count)
        guard count > 0 else {
            starts.initialize(repeating: 0, count: buckets + 1)
            return
        }
        let high = Swift.min(8, bucketBits)
        let low = bucketBits - high
        let partitions = 1 << high
        let highShift = UInt64(63 - high)
        @inline(__always) func partition(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &>> 1) &>> highShift) }

        // Level 1: by the top bits, into the second buffer.
        let otherKeyBlock = MemoryBlock(bytes: count * MemoryLayout<UInt64>.stride)
        let otherOffsetBlock = MemoryBlock(bytes: count * MemoryLayout<UInt32>.stride)
        let otherKeys = otherKeyBlock.base.bindMemory(to: UInt64.self, capacity: count)
        let otherOffsets = otherOffsetBlock.base.bindMemory(to: UInt32.self, capacity: count)
        defer {
            otherKeyBlock.free()
            otherOffsetBlock.free()
        }
        let partitionStarts = UnsafeMutablePointer<Int>.allocate(capacity: partitions + 1)
        defer { partitionStarts.deallocate() }
        partitionStarts.initialize(repeating: 0, count: partitions + 1)
        if let partitionCounts {
            partitionStarts.advanced(by: 1).update(from: partitionCounts, count: partitions)
        } else {
            for index in 0..<count { partitionStarts[partition(keys[index]) &+ 1] &+= 1 }
        }
        for p in 0..<partitions { partitionStarts[p &+ 1] &+= partitionStarts[p] }
        let cursor = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(partitions, 1 << low))
        defer { cursor.deallocate() }
        cursor.update(from: partitionStarts, count: partitions)
        for index in 0..<count {
            let key = keys[index]
            let p = partition(key)
            let slot = cursor[p]
            cursor[p] = slot &+ 1
            otherKeys[slot] = key
            otherOffsets[slot] = offsets[index]
        }

        // Level 2: each partition by its remaining bits, back into the first buffer.
        let width = 1 << low
        let mask = width &- 1
        for p in 0..<partitions {
            let start = partitionStarts[p]
            let end = partitionStarts[p &+ 1]
            let base = p << low
            cursor.initialize(repeating: 0, count: width)
            for index in start..<end { cursor[bucket(otherKeys[index]) & mask] &+= 1 }
            var running = start
            for local in 0..<width {
                let size = cursor[local]
                starts[base &+ local] = UInt32(truncatingIfNeeded: running)
                cursor[local] = running
                running &+= size
            }
            for index in start..<end {
                let key = otherKeys[index]
                let local = bucket(key) & mask
                let slot = cursor[local]
                cursor[local] = slot &+ 1
                keys[slot] = key
                offsets[slot] = otherOffsets[index]
            }
        }

        // Large buckets (keys chosen to collide) by key, for bisection.
        for b in 0..<buckets {
            let start = Int(starts[b])
            let end = Int(starts[b &+ 1])
            if end &- start > Self.sortedBucketThreshold { largeSort(start, end) }
        }
    }

    private func largeSort(_ start: Int, _ end: Int) {
        var pairs: [(UInt64, UInt32)] = []
        pairs.reserveCapacity(end - start)
        for index in start..<end { pairs.append((keys[index], offsets[index])) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for (position, pair) in pairs.enumerated() {
            keys[start + position] = pair.0
            offsets[start + position] = pair.1
        }
    }
}

/// Memory for the index's buffers: large ones mapped directly, in 2 MiB pages that the kernel
/// may back with transparent huge pages (fewer page faults while building, fewer TLB misses
/// while looking up), small ones from the allocator.
struct MemoryBlock {
    /// The first byte.
    let base: UnsafeMutableRawPointer
    /// The bytes reserved.
    let capacity: Int
    /// Whether `base` was mapped (`mmap`) rather than allocated.
    let mapped: Bool

    /// Buffers this large or larger are mapped.
    static let mappingThreshold = 4 << 20
    /// The unit of mapped sizes.
    static let hugePage = 2 << 20

    /// At least `bytes` bytes (a mapped buffer's pages are not touched: they cost memory only
    /// once written).
    init(bytes: Int) {
        if bytes >= Self.mappingThreshold {
            let size = (bytes + Self.hugePage - 1) / Self.hugePage * Self.hugePage
            if let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                address != MAP_FAILED
            {
                #if os(Linux)
                    _ = madvise(address, size, 14)  // MADV_HUGEPAGE
                #endif
                self.init(base: address, capacity: size, mapped: true)
                return
            }
        }
        let size = Swift.max(bytes, 16)
        self.init(base: UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16), capacity: size, mapped: false)
    }

    private init(base: UnsafeMutableRawPointer, capacity: Int, mapped: Bool) {
        self.base = base
        self.capacity = capacity
        self.mapped = mapped
    }

    /// Releases the memory.
    func free() {
        if mapped {
            munmap(base, capacity)
        } else {
            base.deallocate()
        }
    }

    /// This block with room for `bytes` (its first `bytes` kept): a mapped block gives back
    /// its pages past `bytes`; an allocated one is copied into an exact one when that saves
    /// memory. `self` must not be used afterwards.
    func shrunk(to bytes: Int) -> MemoryBlock {
        if mapped {
            let size = Swift.max(Self.hugePage, (bytes + Self.hugePage - 1) / Self.hugePage * Self.hugePage)
            if size < capacity { munmap(base + size, capacity - size) }
            return MemoryBlock(base: base, capacity: Swift.min(size, capacity), mapped: true)
        }
        guard Swift.max(bytes, 16) < capacity else { return self }
        let exact = MemoryBlock(bytes: bytes)
        exact.base.copyMemory(from: base, byteCount: bytes)
        free()
        return exact
    }
}
