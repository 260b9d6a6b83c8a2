import ASN1
import Foundation
import Testing

@testable import X509

/// The index reads the usual entries with a fast path of word loads; it must accept exactly what
/// the full reading (``CRLEntry``, ``ASN1/ASN1Time``) accepts.
@Suite struct FastPathTests {
    static func utcTimeIsValid(_ text: [UInt8]) -> Bool {
        (try? text.withUnsafeBytes { try ASN1Time(content: $0, tag: .utcTime, at: 0) }) != nil
    }

    static func fastIsValid(_ text: [UInt8]) -> Bool {
        // Padding around, as in a CRL: the check must read only its 13 octets.
        let padded = [0x17, 0x0D] + text + [0x30, 0x0C]
        return padded.withUnsafeBytes { RevocationIndex.isValidUTCTime($0, at: 2) }
    }

    @Test func utcTimeCheckMatchesASN1Time() {
        func text(_ fields: [Int]) -> [UInt8] {
            Array(fields.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined().utf8) + Array("Z".utf8)
        }
        var checked = 0
        for year in [0, 1, 4, 49, 50, 51, 96, 99, 0] {
            for month in 0...13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (hour, minute, second) in [(0, 0, 0), (23, 59, 59), (24, 0, 0), (0, 60, 0), (0, 0, 60)] {
                        let candidate = text([year, month, day, hour, minute, second])
                        #expect(Self.fastIsValid(candidate) == Self.utcTimeIsValid(candidate), "\(candidate)")
                        checked += 1
                    }
                }
            }
        }
        // Every octet of a valid time replaced by every value.
        let valid = Array("240229235959Z".utf8)
        for position in valid.indices {
            for value in 0...255 {
                var candidate = valid
                candidate[position] = UInt8(value)
                #expect(Self.fastIsValid(candidate) == Self.utcTimeIsValid(candidate), "\(candidate)")
                checked += 1
            }
        }
        #expect(checked > 4000)
    }

    @Test func reasonCodes() {
        for code in 0...255 {
            #expect(RevocationIndex.isReasonCode(UInt8(code)) == (RevocationReason(rawValue: code) != nil))
        }
    }

    /// Every one-octet change of usual entries: whenever the fast path accepts an entry, the
    /// full reading accepts it too, with the same end and serial.
    @Test func commonEntryNeverAcceptsWhatTheFullReadingRejects() throws {
        let generator = CRLGenerator(entryCount: 3, seed: 9)
        let tbs = generator.tbsCertListDER()
        let crl = try CertificateRevocationList(
            derEncoded: try generator.signedDER(with: try SigningKey(generatingRSABits: 1024)))
        let entries = try crl.entries()
        let start = entries[0].offset
        let end = entries[2].offset + entries[2].encodedLength
        var original = crl.derEncoded
        #expect(tbs.count > 0)
        var accepted = 0
        var bothAccept = 0
        for position in start..<(entries[0].offset + entries[0].encodedLength) {
            for value in 0...255 {
                let saved = original[position]
                original[position] = UInt8(value)
                defer { original[position] = saved }
                original.withUnsafeBytes { raw in
                    let fast = RevocationIndex.commonEntry(
                        raw, at: start, end: end, version: .v2, 0x1D55_0306_0A30_0C30, 0x010A_0304_151D_5503)
                    var list = try? CRLEntryIterator.listReader(raw, range: start..<end)
                    let full: (Int, Range<Int>)? = {
                        guard let node = try? list?.readAny(), let reader = list,
                            let fields = try? CRLEntry.decodeFields(node, in: reader, version: .v2)
                        else { return nil }
                        return (node.endOffset, fields.serial.contentRange)
                    }()
                    if let fast {
                        accepted += 1
                        #expect(full != nil, "fast path accepted octet \(value) at \(position)")
                        if let full {
                            bothAccept += 1
                            #expect(fast.end == full.0 && fast.serial == full.1)
                        }
                    }
                }
            }
        }
        #expect(accepted > 0 && accepted == bothAccept)
    }

    /// A table of `keys`, built as the index builds one: in segments, on two threads.
    static func table(_ keys: [UInt64]) -> BucketTable {
        let offsets = (0..<keys.count).map { UInt32($0) }
        return keys.withUnsafeBufferPointer { keyBuffer in
            offsets.withUnsafeBufferPointer { offsetBuffer in
                guard let keyBase = keyBuffer.baseAddress, let offsetBase = offsetBuffer.baseAddress else {
                    return BucketTable()
                }
                // Three segments, the way chunks of a CRL arrive.
                let cuts = [0, keys.count / 3, 2 * keys.count / 3, keys.count]
                let segments = (0..<3).map { part in
                    BucketTable.Segment(
                        keys: keyBase + cuts[part], offsets: offsetBase + cuts[part],
                        count: cuts[part + 1] - cuts[part],
                        partitionCounts: nil)
                }
                return BucketTable(segments: segments, helpers: 1)
            }
        }
    }

    /// At most 14 bytes per key (and a page of rounding per buffer), at every size, and every
    /// key found.
    @Test(arguments: [0, 1, 2, 3, 4, 5, 7, 8, 1000, 4096, 65_537, 524_289])
    func tableAccountingAndLookups(count: Int) {
        var random = RevocationIndexTests.Random(state: UInt64(count))
        let keys = (0..<count).map { _ in random.next() }
        let table = Self.table(keys)
        #expect(table.byteCount <= 14 * count + 3 * MemoryBlock.page + 16)
        var missing = 0
        for (index, key) in keys.enumerated() {
            let slot = table.firstSlot(of: key)
            if slot < 0 || table.offsets[slot] != UInt32(index) { missing += 1 }
        }
        #expect(missing == 0)
        #expect(table.firstSlot(of: random.next()) == -1)
    }

    /// Keys chosen to share their top bits make one large bucket, sorted and bisected.
    @Test func collidingKeysMakeASortedBucket() {
        let keys = (0..<5000).map { UInt64($0) * 7 }  // all in bucket 0
        let table = Self.table(keys.reversed())
        #expect(table.bucketRange(of: 0).count == 5000)
        for key in keys { #expect(table.firstSlot(of: key) >= 0) }
        for key in keys.prefix(100) { #expect(table.firstSlot(of: key + 1) == -1) }
        let probes = keys + keys.map { $0 + 3 }
        let found = probes.withUnsafeBufferPointer {
            RevocationIndex.lookupBatch(table, $0.baseAddress!, probes.count, nil, mixed: true)
        }
        #expect(found == 5000)
    }
}
