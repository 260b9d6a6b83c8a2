import JPKIASN1
import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A compact index of a CRL's entries by serial number, built in one pass over the CRL:
/// `isRevoked`, lookups returning the entry (revocation date, reason), bulk lookups of many
/// serials, and ``diff(old:new:)`` of two CRLs.
///
/// **Layout.** Serials that are non-negative and below 2⁶⁴ (at most 8 octets of magnitude,
/// like the JPKI's) are keyed by their value, through a bijective 64-bit mix so that
/// sequential serials spread evenly; any other serial (up to 20 octets as RFC 5280 allows, and
/// longer ones too: nothing in the index limits the length, and such serials are handled like
/// any long one) is keyed by a 64-bit hash of its octets, in a second table, and a match is
/// confirmed against the CRL's bytes. Each table keeps, per entry, its 8-byte key and the
/// 4-byte offset of the entry in the CRL, grouped in buckets by the key's top bits, with a
/// bucket table of at most 2 bytes per entry: at most 14 bytes per entry beyond the CRL's own
/// bytes (see ``memoryFootprint``). Dates, reasons and other extensions stay in the CRL and are
/// read when an entry is looked up.
///
/// **Strictness.** Building reads and checks every entry as ``CRLEntry`` does, and also
/// rejects an entry with an unrecognized critical extension (RFC 5280 §5.3) and entries for
/// another issuer than the CRL's (a certificateIssuer extension naming someone else: an
/// indirect CRL, which the index does not model).
///
/// **Building.** The entries are read in chunks of a few megabytes, by the calling thread and
/// (for CRLs of two chunks or more) one helper thread per other processor, up to three; a
/// chunk starts where an entry seems to start, and is accepted only if the chunk before ends
/// exactly there (otherwise the rest is read in order), so the result and the first error
/// reported are those of a reading in order. Over a memory-mapped CRL each chunk's pages are
/// mapped in one call before it is read and dropped from the resident set after: indexing a
/// 415 MB CRL keeps about the index (≈ 137 MB for 10M entries) resident, not the file.
///
/// **Threads.** An index is immutable: any number of threads may read it at once.
///
/// ```swift
/// let index = try RevocationIndex(crl)
/// index.isRevoked(0x1234)                                      // by value
/// if let entry = index.lookup(serialNumber: certificate.serialNumber) { … }
/// let hits = index.countRevoked(serials, threads: 2)           // bulk
/// let changes = RevocationIndex.diff(old: yesterday, new: today)
/// ```
public struct RevocationIndex: Sendable {
    /// The CRL indexed.
    public let crl: CertificateRevocationList
    /// Serials that are non-negative and below 2⁶⁴, keyed by their mixed value.
    let short: BucketTable
    /// Every other serial, keyed by a hash of its octets.
    let long: BucketTable

    /// The offset reported by bulk lookups for a serial that is not revoked.
    public static let notRevoked = UInt32.max

    /// The number of entries indexed.
    public var count: Int { short.count + long.count }

    /// The bytes the index holds beyond the CRL's own: its keys, offsets and bucket tables.
    public var memoryFootprint: Int { short.byteCount + long.byteCount }

    /// ``memoryFootprint`` per entry.
    public var bytesPerEntry: Double { count == 0 ? 0 : Double(memoryFootprint) / Double(count) }

    /// Builds the index in one pass over the CRL's entries.
    ///
    /// - Parameters:
    ///   - crl: the CRL to index; the index keeps it (entries are read from its bytes).
    ///   - progress: called now and then with the fraction of the entries read (for a progress
    ///     display), on the calling thread.
    /// - Throws: ``X509Error`` for the first malformed entry (see the type's discussion).
    public init(_ crl: CertificateRevocationList, progress: ((Double) -> Void)? = nil) throws(X509Error) {
        try self.init(crl, progress: progress, chunkSize: IndexChunk.size, helpers: nil)
    }

    /// Builds the index reading chunks of about `chunkSize` bytes on the calling thread and
    /// `helpers` others (by default, one per other processor for CRLs of two chunks or more).
    init(
        _ crl: CertificateRevocationList, progress: ((Double) -> Void)? = nil, chunkSize: Int, helpers: Int?
    ) throws(X509Error) {
        self.crl = crl
        (short, long) = try Self.build(crl, progress: progress, chunkSize: chunkSize, helpers: helpers)
    }

    // MARK: Building

    /// `30 0C 30 0A 06 03 55 1D | 15 04 03 0A 01 xx`: crlEntryExtensions holding one
    /// non-critical reasonCode, the usual case, read as two little-endian words (bytes 0–7 and
    /// 5–12) and the code.
    static let reasonOnlyWord0: UInt64 = 0x1D55_0306_0A30_0C30
    static let reasonOnlyWord1: UInt64 = 0x010A_0304_151D_5503

    private static func build(
        _ crl: CertificateRevocationList, progress: ((Double) -> Void)?, chunkSize: Int, helpers: Int?
    ) throws(X509Error) -> (BucketTable, BucketTable) {
        let range = crl.entriesRange
        guard !range.isEmpty else { return (BucketTable(), BucketTable()) }
        let helpers = helpers ?? (range.count >= 2 * chunkSize ? WorkQueue.helperThreads : 0)
        return try crl.bytes.withUnsafeBytes { raw throws(X509Error) in
            // Chunks of a few megabytes, each starting where an entry seems to start; read by
            // the threads in any order, then accepted in order, each only if it starts exactly
            // where the previous one ended (a wrong guess costs a reading of the rest in order).
            let reader = ChunkReader(raw: raw, crl: crl, chunkSize: chunkSize)
            let chunks = reader.split(range)
            var done = 0
            WorkQueue.run(
                count: chunks.count, helpers: helpers,
                afterEach: { _ in
                    done += 1
                    progress?(Double(done) / Double(chunks.count))
                }
            ) { reader.read(chunks[$0]) }
            var accepted: [IndexChunk] = []
            var position = range.lowerBound
            for chunk in chunks {
                if chunk.start != position {
                    let rest = IndexChunk(start: position, limit: range.upperBound)
                    reader.read(rest)
                    if let error = rest.error { throw error }
                    accepted.append(rest)
                    break
                }
                if let error = chunk.error { throw error }
                accepted.append(chunk)
                position = chunk.end
            }
            let short = BucketTable(
                segments: accepted.compactMap(\.segment), helpers: helpers,
                segmentsDone: { for chunk in chunks + accepted { chunk.freeKeys() } })
            let longKeys = accepted.flatMap(\.longKeys)
            let longOffsets = accepted.flatMap(\.longOffsets)
            let long = longKeys.withUnsafeBufferPointer { keys in
                longOffsets.withUnsafeBufferPointer { offsets in
                    guard let keyBase = keys.baseAddress, let offsetBase = offsets.baseAddress else {
                        return BucketTable()
                    }
                    let segment = BucketTable.Segment(
                        keys: keyBase, offsets: offsetBase, count: keys.count, partitionCounts: nil)
                    return BucketTable(segments: [segment], helpers: 0)
                }
            }
            return (short, long)
        }
    }

    /// The entry at `p` when it has the usual shape, checked as DER and RFC 5280 require:
    /// `30 LL 02 LL <serial> 17 0D <YYMMDDHHMMSSZ>`, then nothing or one non-critical
    /// reasonCode (`30 0C 30 0A 06 03 55 1D 15 04 03 0A 01 <code>`), with one-octet lengths.
    /// Returns the end of the entry and its serial's content, or `nil` for any other shape —
    /// valid or not — which ``otherEntry(_:at:end:crl:)`` reads.
    @inline(__always)
    static func commonEntry(
        _ raw: UnsafeRawBufferPointer, at p: Int, end: Int, version: CertificateRevocationList.Version,
        _ word0: UInt64, _ word1: UInt64
    ) -> (end: Int, serial: Range<Int>)? {
        guard end &- p >= 20, raw[p] == 0x30 else { return nil }
        let length = Int(raw[p &+ 1])
        let entryEnd = p &+ 2 &+ length
        guard length < 0x80, length >= 18, entryEnd <= end, raw[p &+ 2] == 0x02 else { return nil }
        let serialLength = Int(raw[p &+ 3])
        let serialStart = p &+ 4
        let serialEnd = serialStart &+ serialLength
        guard serialLength >= 1, serialLength < 0x80, serialEnd &+ 15 <= entryEnd else { return nil }
        if serialLength > 1 {
            let first = raw[serialStart]
            let second = raw[serialStart &+ 1] & 0x80
            if (first == 0 && second == 0) || (first == 0xFF && second != 0) { return nil }
        }
        guard raw[serialEnd] == 0x17, raw[serialEnd &+ 1] == 13, isValidUTCTime(raw, at: serialEnd &+ 2) else {
            return nil
        }
        let extensions = serialEnd &+ 15
        if extensions == entryEnd { return (entryEnd, serialStart..<serialEnd) }
        guard entryEnd &- extensions == 14, version == .v2,
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: extensions, as: UInt64.self)) == word0,
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: extensions &+ 5, as: UInt64.self)) == word1,
            Self.isReasonCode(raw[extensions &+ 13])
        else { return nil }
        return (entryEnd, serialStart..<serialEnd)
    }

    /// Any entry: the full reading of ``CRLEntry``, and the index's own rules.
    static func otherEntry(_ raw: UnsafeRawBufferPointer, at p: Int, end: Int, crl: CertificateRevocationList)
        throws -> (end: Int, serial: Range<Int>)
    {
        var list = try CRLEntryIterator.listReader(raw, range: p..<end)
        let node = try list.readAny()
        let entry = try CRLEntry.decodeFields(node, in: list, version: crl.version)
        if let oid = entry.unrecognizedCriticalExtension {
            throw X509Error.invalidValue("unrecognized critical CRL entry extension \(oid)", offset: node.offset)
        }
        if let issuerRange = entry.certificateIssuer {
            let names = try CRLEntry.generalNames(Array(raw[issuerRange]))
            guard names == [.directoryName(crl.issuer)] else {
                throw X509Error.invalidValue(
                    "entry for another issuer (indirect CRL): not supported by RevocationIndex", offset: node.offset)
            }
        }
        return (node.endOffset, entry.serial.contentRange)
    }

    /// Whether the 13 octets at `offset` are a valid UTCTime `YYMMDDHHMMSSZ` (the check of
    /// ``JPKIASN1/ASN1Time``, done on two words: digits by masks, the six two-digit fields by one
    /// multiply each word). Anything else takes the full reading, which reports the error.
    @inline(__always)
    static func isValidUTCTime(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let sixes: UInt64 = 0x0606_0606_0606_0606
        // Octets 0–7 (YYMMDDhh) and 5–12 (…mmssZ), little-endian: octet i in bits 8i.
        let first =
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ 0x3030_3030_3030_3030
        let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 5, as: UInt64.self))
        // Octets 8–11 (mmss) as the low four octets; 12 must be "Z".
        let rest = ((last >> 24) ^ 0x3030_3030) & 0xFFFF_FFFF
        // Each octet a digit: 0…9 after the XOR, i.e. no high nibble even after adding 6.
        let nonDigits = (first | (first &+ sixes) | rest | (rest &+ sixes)) & high
        guard nonDigits == 0, last >> 56 == 0x5A else { return false }
        // Two-digit fields: tens × 10 + ones in each 16-bit lane.
        let lanes: UInt64 = 0x00FF_00FF_00FF_00FF
        let date = (first & lanes) &* 10 &+ ((first >> 8) & lanes)  // YY, MM, DD, hh
        let time = (rest & lanes) &* 10 &+ ((rest >> 8) & lanes)  // mm, ss
        let yy = Int(date & 0xFF)
        let month = Int(date >> 16 & 0xFF)
        let day = Int(date >> 32 & 0xFF)
        guard month >= 1, month <= 12, day >= 1, date >> 48 < 24, time & 0xFF < 60, time >> 16 & 0xFF < 60 else {
            return false
        }
        if month == 2 {
            // UTCTime years are 1950–2049: divisible by 4 is a leap year (2000 was one).
            return day <= (yy & 3 == 0 ? 29 : 28)
        }
        // Months of 31 days: 1, 3, 5, 7, 8, 10, 12.
        return day <= (0x15AA >> month & 1 == 1 ? 31 : 30)
    }

    /// Whether `code` is a CRLReason (0–10 but 7).
    @inline(__always)
    static func isReasonCode(_ code: UInt8) -> Bool {
        code < 11 && (0x77F >> code) & 1 == 1
    }

    // MARK: Lookups

    /// Whether the serial number `value` (a non-negative serial below 2⁶⁴) is revoked.
    public func isRevoked(_ value: UInt64) -> Bool {
        entryOffset(of: value) != nil
    }

    /// Whether the serial number with content octets `serialNumber` (two's complement, as in
    /// ``Certificate/serialNumber``; redundant leading octets are ignored) is revoked.
    public func isRevoked(serialNumber: some Collection<UInt8>) -> Bool {
        entryOffset(serialNumber: serialNumber) != nil
    }

    /// The entry of the serial number `value`, or `nil` when it is not revoked.
    public func lookup(_ value: UInt64) -> CRLEntry? {
        entryOffset(of: value).flatMap { crl.entry(atOffset: $0) }
    }

    /// The entry of the serial number with content octets `serialNumber`, or `nil` when it is
    /// not revoked.
    public func lookup(serialNumber: some Collection<UInt8>) -> CRLEntry? {
        entryOffset(serialNumber: serialNumber).flatMap { crl.entry(atOffset: $0) }
    }

    /// The CRL offset of the entry of the serial number `value`, or `nil`.
    public func entryOffset(of value: UInt64) -> Int? {
        let slot = short.firstSlot(of: SerialNumbers.mix(value))
        return slot < 0 ? nil : Int(short.offsets[slot])
    }

    /// The CRL offset of the entry of the serial number with content octets `serialNumber`, or
    /// `nil`.
    public func entryOffset(serialNumber: some Collection<UInt8>) -> Int? {
        guard let content = SerialNumbers.canonical(serialNumber) else { return nil }
        return content.withUnsafeBytes { octets -> Int? in
            if let value = SerialNumbers.shortValue(octets) { return entryOffset(of: value) }
            let hash = SerialNumbers.longHash(octets)
            return crl.bytes.withUnsafeBytes { raw -> Int? in
                for slot in long.bucketRange(of: hash) where long.keys[slot] == hash {
                    let offset = Int(long.offsets[slot])
                    if Self.serialContent(atEntry: offset, in: raw).elementsEqual(octets) { return offset }
                }
                return nil
            }
        }
    }

    /// The serial number's content octets of the (already checked) entry at `offset`.
    static func serialContent(atEntry offset: Int, in raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        // The entry's SEQUENCE header, then the INTEGER's: both short or long form lengths.
        func header(at position: Int) -> (content: Int, length: Int) {
            let first = Int(raw[position + 1])
            if first < 0x80 { return (position + 2, first) }
            let count = first & 0x7F
            var length = 0
            for index in 0..<count { length = length << 8 | Int(raw[position + 2 + index]) }
            return (position + 2 + count, length)
        }
        let integer = header(at: header(at: offset).content)
        return UnsafeRawBufferPointer(rebasing: raw[integer.content..<(integer.content + integer.length)])
    }

    // MARK: Bulk lookups

    /// Looks up many serial numbers (values below 2⁶⁴) at once: `offsets[i]` becomes the CRL
    /// offset of `serials[i]`'s entry, or ``notRevoked``. Returns how many are revoked.
    ///
    /// Probes are processed in groups whose memory accesses are issued before any is used, so
    /// the processor overlaps their cache misses; with `threads` above 1 the probes are split
    /// between that many threads. `offsets` is written in place: reuse one array for many
    /// lookups of the same size and nothing is allocated.
    ///
    /// - Precondition: `offsets.count >= serials.count`.
    public func lookup(_ serials: [UInt64], into offsets: inout [UInt32], threads: Int = 1) -> Int {
        precondition(offsets.count >= serials.count, "the offsets array is smaller than the serials")
        return serials.withUnsafeBufferPointer { serials in
            offsets.withUnsafeMutableBufferPointer { lookup(serials, into: $0, threads: threads) }
        }
    }

    /// ``lookup(_:into:threads:)`` over buffers that stay valid during the call (this package's
    /// tools).
    ///
    /// - Precondition: `offsets.count >= serials.count`.
    package func lookup(
        _ serials: UnsafeBufferPointer<UInt64>, into offsets: UnsafeMutableBufferPointer<UInt32>, threads: Int = 1
    ) -> Int {
        precondition(offsets.count >= serials.count, "the offsets buffer is smaller than the serials")
        guard let probes = serials.baseAddress, let results = offsets.baseAddress else { return 0 }
        let table = short
        let parts = Swift.max(1, Swift.min(threads, serials.count / 4096 + 1))
        if parts == 1 { return Self.lookupBatch(table, probes, serials.count, results) }
        let counts = ParallelCounts(parts)
        let size = (serials.count + parts - 1) / parts
        let total = serials.count
        let input = SharedPointer(pointer: probes)
        let output = SharedMutablePointer(pointer: results)
        ParallelCounts.run(parts) { part in
            let start = part * size
            let end = Swift.min(total, start + size)
            if start < end {
                counts.set(part, Self.lookupBatch(table, input.pointer + start, end - start, output.pointer + start))
            }
        }
        return counts.total
    }

    /// The CRL offset of each serial's entry, or ``notRevoked``.
    public func lookup(_ serials: [UInt64]) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: serials.count) { buffer, initialized in
            serials.withUnsafeBufferPointer { _ = lookup($0, into: buffer) }
            initialized = serials.count
        }
    }

    /// The CRL offset of each serial's entry, or `nil`, for serials given as content octets
    /// (any length, negative ones included). Serials below 2⁶⁴ go through the batched lookup.
    public func lookup(serialNumbers: [[UInt8]]) -> [Int?] {
        var results = [Int?](repeating: nil, count: serialNumbers.count)
        var values: [UInt64] = []
        var positions: [Int] = []
        for (position, serial) in serialNumbers.enumerated() {
            guard let content = SerialNumbers.canonical(serial) else { continue }
            if let value = content.withUnsafeBytes({ SerialNumbers.shortValue($0) }) {
                values.append(value)
                positions.append(position)
            } else {
                results[position] = entryOffset(serialNumber: content)
            }
        }
        for (position, offset) in zip(positions, lookup(values)) where offset != Self.notRevoked {
            results[position] = Int(offset)
        }
        return results
    }

    /// How many of `serials` (values below 2⁶⁴), in a buffer valid during the call, are revoked,
    /// using up to `threads` threads.
    package func countRevoked(_ serials: UnsafeBufferPointer<UInt64>, threads: Int = 1) -> Int {
        guard let probes = serials.baseAddress, !serials.isEmpty else { return 0 }
        let table = short
        let parts = Swift.max(1, Swift.min(threads, serials.count / 4096 + 1))
        if parts == 1 { return Self.lookupBatch(table, probes, serials.count, nil) }
        let counts = ParallelCounts(parts)
        let size = (serials.count + parts - 1) / parts
        let total = serials.count
        let shared = SharedPointer(pointer: probes)
        ParallelCounts.run(parts) { part in
            let start = part * size
            let end = Swift.min(total, start + size)
            if start < end { counts.set(part, Self.lookupBatch(table, shared.pointer + start, end - start, nil)) }
        }
        return counts.total
    }

    /// How many of `serials` (values below 2⁶⁴) are revoked, using up to `threads` threads.
    public func countRevoked(_ serials: [UInt64], threads: Int = 1) -> Int {
        serials.withUnsafeBufferPointer { countRevoked($0, threads: threads) }
    }

    /// The lookup of `count` probes, 16 at a time: first every probe's bucket bounds are
    /// loaded, then the first key of every bucket, then the buckets are scanned (their lines
    /// are in cache by then). Probes are serial values, or keys already mixed when `mixed`.
    static func lookupBatch(
        _ table: BucketTable, _ probes: UnsafePointer<UInt64>, _ count: Int, _ results: UnsafeMutablePointer<UInt32>?,
        mixed: Bool = false
    ) -> Int {
        let group = 16
        var found = 0
        let keys = table.keys
        let starts = table.starts
        let offsets = table.offsets
        let tableCount = table.count
        if tableCount == 0 {
            if let results { results.initialize(repeating: notRevoked, count: count) }
            return 0
        }
        let threshold = BucketTable.sortedBucketThreshold
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: group * 3) { scratch in
            guard let probeKeys = scratch.baseAddress else { return 0 }
            let bounds = probeKeys + group
            let firsts = bounds + group
            let last = tableCount &- 1
            var base = 0
            while base < count {
                let n = Swift.min(group, count &- base)
                // Stage 1: keys and bucket bounds (independent loads).
                for j in 0..<n {
                    let probe = probes[base &+ j]
                    let key = mixed ? probe : SerialNumbers.mix(probe)
                    probeKeys[j] = key
                    let b = table.bucket(key)
                    bounds[j] = UInt64(starts[b]) | UInt64(starts[b &+ 1]) << 32
                }
                // Stage 2: the first key of each bucket (independent loads).
                for j in 0..<n {
                    firsts[j] = keys[Swift.min(Int(truncatingIfNeeded: bounds[j] & 0xFFFF_FFFF), last)]
                }
                // Stage 3: scan the buckets, whose first lines are in cache by now.
                for j in 0..<n {
                    let key = probeKeys[j]
                    var index = Int(truncatingIfNeeded: bounds[j] & 0xFFFF_FFFF)
                    let end = Int(truncatingIfNeeded: bounds[j] >> 32)
                    var slot = -1
                    if end &- index > threshold {
                        slot = table.firstSlot(of: key)
                    } else if index < end {
                        if firsts[j] == key {
                            slot = index
                        } else {
                            index &+= 1
                            while index < end {
                                if keys[index] == key {
                                    slot = index
                                    break
                                }
                                index &+= 1
                            }
                        }
                    }
                    if slot >= 0 { found &+= 1 }
                    results?[base &+ j] = slot >= 0 ? offsets[slot] : notRevoked
                }
                base &+= n
            }
            return found
        }
    }
}
