import JPKIX509

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
/// lines) and the table costs at most 2 bytes per key: 14 bytes per entry in all (and at most
/// a 4 KiB page of rounding per buffer, see ``MemoryBlock``).
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

    /// The bytes this table holds (what its buffers reserve: whole pages for the large ones).
    var byteCount: Int { blocks.reduce(0) { $0 + $1.capacity } }

    /// An empty table.
    convenience init() {
        self.init(segments: [], helpers: 0)
    }

    /// Keys and offsets read from part of a CRL, to be grouped into a table.
    struct Segment {
        /// The keys.
        var keys: UnsafePointer<UInt64>
        /// The CRL offset of each key's entry.
        var offsets: UnsafePointer<UInt32>
        /// The number of keys.
        var count: Int
        /// The keys counted by their top 8 bits (256 counters), when known.
        var partitionCounts: UnsafePointer<Int>?
    }

    /// A table of the keys of `segments`, in that order, grouped by bucket, on the calling
    /// thread and up to `helpers` others. `segmentsDone`, when given, is called once the
    /// segments have been read (the caller may free them then, before the table's own buffers
    /// are written).
    init(segments: [Segment], helpers: Int, segmentsDone: (() -> Void)? = nil) {
        let count = segments.reduce(0) { $0 + $1.count }
        // Buckets: 2^bits in (n/4, n/2], at least one.
        var bits = 0
        while count >> (bits + 2) > 0 { bits += 1 }
        bucketBits = bits
        shift = UInt64(64 - bits)
        self.count = count
        let keyBlock = MemoryBlock(bytes: count * MemoryLayout<UInt64>.stride)
        let offsetBlock = MemoryBlock(bytes: count * MemoryLayout<UInt32>.stride)
        let startBlock = MemoryBlock(bytes: ((1 << bits) + 1) * MemoryLayout<UInt32>.stride)
        blocks = [keyBlock, offsetBlock, startBlock]
        keys = keyBlock.base.bindMemory(to: UInt64.self, capacity: Swift.max(1, count))
        offsets = offsetBlock.base.bindMemory(to: UInt32.self, capacity: Swift.max(1, count))
        starts = startBlock.base.bindMemory(to: UInt32.self, capacity: (1 << bits) + 1)
        sortIntoBuckets(segments, helpers: helpers, segmentsDone: segmentsDone)
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
    /// bits into a temporary buffer (256 output streams: sequential enough for the
    /// write-combining of stores), then each of those partitions by its remaining bucket bits
    /// into the table (a partition's counters and lines stay in cache). Every load and store of
    /// a pass is independent of the others, so cache misses overlap (an in-place permutation
    /// would chain them), and the work of each pass is split between threads: segments in the
    /// first, partitions in the second. Buckets are left unsorted, but for the rare large ones.
    private func sortIntoBuckets(_ segments: [Segment], helpers: Int, segmentsDone: (() -> Void)?) {
        let buckets = bucketCount
        starts[buckets] = UInt32(truncatingIfNeeded: count)
        guard count > 0 else {
            starts.initialize(repeating: 0, count: buckets + 1)
            segmentsDone?()
            return
        }
        let high = Swift.min(8, bucketBits)
        let low = bucketBits - high
        let partitions = 1 << high
        let highShift = UInt64(63 - high)
        let segmentCount = segments.count

        // Where each segment writes each partition: partitions in order, and within a
        // partition the segments in order.
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: segmentCount * partitions)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: segmentCount * partitions)
        for (index, segment) in segments.enumerated() {
            let row = counts + index * partitions
            if high == 8, let known = segment.partitionCounts {
                row.update(from: known, count: partitions)
            } else {
                for slot in 0..<segment.count {
                    row[Int(truncatingIfNeeded: (segment.keys[slot] &>> 1) &>> highShift)] &+= 1
                }
            }
        }
        let partitionStarts = UnsafeMutablePointer<Int>.allocate(capacity: partitions + 1)
        defer { partitionStarts.deallocate() }
        let cursors = UnsafeMutablePointer<Int>.allocate(capacity: segmentCount * partitions)
        defer { cursors.deallocate() }
        var running = 0
        for p in 0..<partitions {
            partitionStarts[p] = running
            for index in 0..<segmentCount {
                cursors[index * partitions + p] = running
                running &+= counts[index * partitions + p]
            }
        }
        partitionStarts[partitions] = running

        // Level 1: each segment into the temporary buffer.
        let otherKeyBlock = MemoryBlock(bytes: count * MemoryLayout<UInt64>.stride)
        let otherOffsetBlock = MemoryBlock(bytes: count * MemoryLayout<UInt32>.stride)
        defer {
            otherKeyBlock.free()
            otherOffsetBlock.free()
        }
        let shared = SortContext(
            table: self, segments: segments, cursors: cursors, partitionStarts: partitionStarts,
            otherKeys: otherKeyBlock.base.bindMemory(to: UInt64.self, capacity: count),
            otherOffsets: otherOffsetBlock.base.bindMemory(to: UInt32.self, capacity: count), partitions: partitions,
            highShift: highShift, low: low)
        WorkQueue.run(count: segmentCount, helpers: helpers) { shared.scatterSegment($0) }
        segmentsDone?()

        // Level 2: each group of partitions into the table.
        let groups = Swift.min(partitions, 16)
        WorkQueue.run(count: groups, helpers: helpers) { group in
            let first = group * partitions / groups
            let last = (group + 1) * partitions / groups
            shared.sortPartitions(first..<last)
        }
    }

    /// What the threads of one sort share: pointers written at disjoint places.
    private final class SortContext: @unchecked Sendable {
        // @unchecked: each level-1 item writes the slots its cursors own, each level-2 item the
        // partitions it owns; `WorkQueue.run` returns after every item is done.
        let table: BucketTable
        let segments: [Segment]
        let cursors: UnsafeMutablePointer<Int>
        let partitionStarts: UnsafeMutablePointer<Int>
        let otherKeys: UnsafeMutablePointer<UInt64>
        let otherOffsets: UnsafeMutablePointer<UInt32>
        let partitions: Int
        let highShift: UInt64
        let low: Int

        init(
            table: BucketTable, segments: [Segment], cursors: UnsafeMutablePointer<Int>,
            partitionStarts: UnsafeMutablePointer<Int>, otherKeys: UnsafeMutablePointer<UInt64>,
            otherOffsets: UnsafeMutablePointer<UInt32>, partitions: Int, highShift: UInt64, low: Int
        ) {
            self.table = table
            self.segments = segments
            self.cursors = cursors
            self.partitionStarts = partitionStarts
            self.otherKeys = otherKeys
            self.otherOffsets = otherOffsets
            self.partitions = partitions
            self.highShift = highShift
            self.low = low
        }

        /// Level 1 for segment `index`.
        func scatterSegment(_ index: Int) {
            let segment = segments[index]
            let cursor = cursors + index * partitions
            let highShift = self.highShift
            for slot in 0..<segment.count {
                let key = segment.keys[slot]
                let p = Int(truncatingIfNeeded: (key &>> 1) &>> highShift)
                let target = cursor[p]
                cursor[p] = target &+ 1
                otherKeys[target] = key
                otherOffsets[target] = segment.offsets[slot]
            }
        }

        /// Level 2 for `range` of partitions, then the sort of their large buckets.
        func sortPartitions(_ range: Range<Int>) {
            let width = 1 << low
            let mask = width &- 1
            let cursor = UnsafeMutablePointer<Int>.allocate(capacity: width)
            defer { cursor.deallocate() }
            let keys = table.keys
            let offsets = table.offsets
            let starts = table.starts
            for p in range {
                let start = partitionStarts[p]
                let end = partitionStarts[p &+ 1]
                let base = p << low
                cursor.initialize(repeating: 0, count: width)
                for index in start..<end { cursor[table.bucket(otherKeys[index]) & mask] &+= 1 }
                var running = start
                for local in 0..<width {
                    let size = cursor[local]
                    starts[base &+ local] = UInt32(truncatingIfNeeded: running)
                    cursor[local] = running
                    running &+= size
                }
                for index in start..<end {
                    let key = otherKeys[index]
                    let local = table.bucket(key) & mask
                    let slot = cursor[local]
                    cursor[local] = slot &+ 1
                    keys[slot] = key
                    offsets[slot] = otherOffsets[index]
                }
                // Large buckets (keys chosen to collide) by key, for bisection.
                for local in 0..<width {
                    let bucketStart = Int(starts[base &+ local])
                    let bucketEnd = local == mask ? end : Int(starts[base &+ local &+ 1])
                    if bucketEnd &- bucketStart > BucketTable.sortedBucketThreshold {
                        table.largeSort(bucketStart, bucketEnd)
                    }
                }
            }
        }
    }

    fileprivate func largeSort(_ start: Int, _ end: Int) {
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

/// Memory for the index's buffers: large ones mapped directly and marked for transparent huge
/// pages (2 MiB: fewer page faults while building, fewer TLB misses while looking up), small
/// ones from the allocator. Sizes are whole 4 KiB pages, so the rounding costs at most a page.
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
    static let page = 4096

    /// At least `bytes` bytes (a mapped buffer's pages are not touched: they cost memory only
    /// once written).
    init(bytes: Int) {
        if bytes >= Self.mappingThreshold {
            let size = (bytes + Self.page - 1) / Self.page * Self.page
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
}
