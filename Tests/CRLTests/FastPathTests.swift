import Foundation
import JPKIASN1
import JPKISimulator
import Testing

@testable import JPKIRevocationIndex
@testable import JPKIX509

/// The index reads the usual entries with a fast path of word loads; it must accept exactly what
/// the full reading (``CRLEntry``, ``JPKIASN1/ASN1Time``) accepts.
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

    /// Small chunks read by two threads give the index one chunk gives; so does a chunk
    /// boundary guessed inside an entry (an extension value full of things that look like
    /// entries), which the build detects and reads past in order.
    @Test func chunkedBuildsEqualTheSequentialOne() throws {
        let key = try SigningKey(generatingRSABits: 1024)
        let date = ASN1Time(secondsSince1970: 1_700_000_000)
        // A run of fake entries: 30 12 02 01 xx 17 0D <time>.
        var fake: [UInt8] = []
        for index in 0..<400 {
            fake += [0x30, 0x12, 0x02, 0x01, UInt8(index % 100 + 1), 0x17, 0x0D] + Array("250101000000Z".utf8)
        }
        var value = DERWriter()
        value.writePrimitive(.octetString, content: fake)
        let decoy = Extension(oid: "1.2.3.4", value: value.bytes[...])
        var builder = CRLBuilder(issuer: CRLGenerator.defaultIssuer, thisUpdate: date)
        builder.entries = (0..<3000).map { (index: Int) -> CRLBuilder.Entry in
            let serial = ASN1Integer(UInt64(index) * 7919 + 1_000_000)
            let reason: RevocationReason? = index % 2 == 0 ? .keyCompromise : nil
            let extensions: [Extension] = index % 500 == 250 ? [decoy] : []
            return CRLBuilder.Entry(
                serialNumber: serial, revocationDate: date, reason: reason, extraExtensions: extensions)
        }
        builder.entries.append(
            .init(
                serialNumber: ASN1Integer(unsignedMagnitude: [UInt8](repeating: 0xAB, count: 17)), revocationDate: date)
        )
        let crl = try builder.sign(with: key)
        let sequential = try RevocationIndex(crl, chunkSize: 1 << 30, helpers: 0)
        let serials = (0..<3000).map { UInt64($0) * 7919 + 1_000_000 }
        let probes = serials + (1...100).map { UInt64($0) }
        for (chunkSize, helpers) in [(4096, 1), (1000, 3), (5000, 0), (64, 1)] {
            let chunked = try RevocationIndex(crl, chunkSize: chunkSize, helpers: helpers)
            #expect(chunked.count == 3001)
            #expect(chunked.lookup(probes) == sequential.lookup(probes), "chunks of \(chunkSize)")
            #expect(chunked.countRevoked(serials) == 3000)
            #expect(chunked.isRevoked(serialNumber: [0x00] + [UInt8](repeating: 0xAB, count: 17)))
            #expect(!chunked.isRevoked(1))  // a fake entry's serial
        }
        // A malformed entry is reported as the sequential build reports it, whatever the chunks.
        builder.entries[2500].extraExtensions = [Extension(oid: "2.5.29.21", value: [0x0A, 0x01, 0x07][...])]
        let bad = try builder.sign(with: key)
        var errors: [String] = []
        for (chunkSize, helpers) in [(1 << 30, 0), (4096, 1), (1000, 3)] {
            do {
                _ = try RevocationIndex(bad, chunkSize: chunkSize, helpers: helpers)
            } catch {
                errors.append(error.description)
            }
        }
        #expect(errors.count == 3)
        #expect(Set(errors).count == 1)
    }
}
