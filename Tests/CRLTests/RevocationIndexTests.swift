import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKISimulator
import JPKIX509
import Testing

/// The index against a `Set` of serials: random probes over every serial length from 1 to 20
/// octets (and longer), negative and zero serials, bulk lookups on one and two threads, the
/// diff against set differences, and the index's own byte accounting.
@Suite struct RevocationIndexTests {
    /// A small seeded generator.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// Minimal two's-complement content octets.
    static func canonical(_ bytes: [UInt8]) -> [UInt8] {
        var octets = bytes
        while octets.count > 1
            && ((octets[0] == 0 && octets[1] & 0x80 == 0) || (octets[0] == 0xFF && octets[1] & 0x80 != 0))
        {
            octets.removeFirst()
        }
        return octets
    }

    static func content(_ value: UInt64) -> [UInt8] {
        canonical([0] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) })
    }

    static let key = Result { try SigningKey(generatingRSABits: 2048) }
    static let date = ASN1Time(secondsSince1970: 1_700_000_000)
    static let issuer = CRLGenerator.defaultIssuer

    /// A CRL with the special serials below and `count` random ones of 1 to 20 octets (a third
    /// of them negative-capable), every third with a reason.
    static func mixedCRL(count: Int, seed: UInt64) throws -> (CertificateRevocationList, Set<[UInt8]>) {
        var random = Random(state: seed)
        var serials = Set<[UInt8]>()
        var entries: [CRLBuilder.Entry] = []
        func add(_ bytes: [UInt8], reason: RevocationReason? = nil) throws {
            let serial = canonical(bytes)
            guard serials.insert(serial).inserted else { return }
            entries.append(
                .init(
                    serialNumber: try ASN1Integer(twosComplement: serial), revocationDate: date, reason: reason))
        }
        // Zero, ±1, the edges of one and eight octets, 2⁶⁴ − 1 (nine octets with a sign
        // octet), 2⁶⁴ (long), negatives, 20 and 21 octets, and a 32-octet one.
        for special: [UInt8] in [
            [0x00], [0x01], [0xFF], [0x7F], [0x00, 0x80], [0x80], [0xFF, 0x7F],
            [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
            [0x7F] + [UInt8](repeating: 0xAB, count: 19), [0x00, 0x80] + [UInt8](repeating: 0xCD, count: 19),
            [0x42] + [UInt8](repeating: 0x17, count: 31),
        ] {
            try add(special, reason: .keyCompromise)
        }
        while entries.count < count {
            let length = 1 + random.below(20)
            var bytes = random.bytes(length)
            if random.below(3) != 0 { bytes[0] &= 0x7F }  // two thirds non-negative
            try add(bytes, reason: entries.count % 3 == 0 ? .affiliationChanged : nil)
        }
        // Shuffle, so that neighbouring serials are not neighbouring entries.
        for index in stride(from: entries.count - 1, to: 0, by: -1) {
            entries.swapAt(index, random.below(index + 1))
        }
        let builder = CRLBuilder(issuer: issuer, thisUpdate: date, entries: entries)
        return (try builder.sign(with: try key.get()), serials)
    }

    @Test func lookupsAgreeWithASet() throws {
        let (crl, serials) = try Self.mixedCRL(count: 100_000, seed: 1)
        let index = try RevocationIndex(crl)
        #expect(index.count == serials.count)
        var random = Random(state: 2)
        var probes: [[UInt8]] = []
        // Every listed serial, some with redundant leading octets.
        for serial in serials {
            probes.append(serial)
            if random.below(10) == 0 { probes.append((serial[0] & 0x80 == 0 ? [0x00] : [0xFF]) + serial) }
        }
        // Random absent ones of every length, and neighbours of listed ones.
        for _ in 0..<100_000 {
            let length = 1 + random.below(22)
            probes.append(random.bytes(length))
        }
        for serial in serials.prefix(20_000) {
            var neighbour = serial
            neighbour[neighbour.count - 1] &+= 1
            probes.append(neighbour)
            probes.append([0x00] + serial.map { ~$0 })
        }
        var mismatches = 0
        for probe in probes {
            let expected = serials.contains(Self.canonical(probe))
            let entry = index.lookup(serialNumber: probe)
            if (entry != nil) != expected || index.isRevoked(serialNumber: probe) != expected { mismatches += 1 }
            if let entry, entry.serialNumber != Self.canonical(probe) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(!index.isRevoked(serialNumber: [UInt8]()))
        // The bulk form agrees with the single one.
        let bulk = index.lookup(serialNumbers: probes)
        #expect(bulk == probes.map { index.entryOffset(serialNumber: $0) })
    }

    @Test func valueLookupsAndBulkAgreeWithASet() throws {
        let (crl, serials) = try Self.mixedCRL(count: 100_000, seed: 3)
        let index = try RevocationIndex(crl)
        let values = Set(
            serials.compactMap { serial -> UInt64? in
                guard serial[0] & 0x80 == 0, serial.count <= 9, serial.count < 9 || serial[0] == 0 else { return nil }
                return serial.reduce(0) { $0 << 8 | UInt64($1) }
            })
        var random = Random(state: 4)
        var probes = Array(values)
        for _ in 0..<probes.count { probes.append(random.next() >> UInt64(random.below(64))) }
        probes.append(contentsOf: [0, 1, 0x7F, 0x80, UInt64.max, UInt64.max - 1])
        let expected = probes.map { values.contains($0) }
        #expect(probes.map { index.isRevoked($0) } == expected)
        let offsets = index.lookup(probes)
        #expect(offsets.map { $0 != RevocationIndex.notRevoked } == expected)
        for (probe, offset) in zip(probes, offsets) where offset != RevocationIndex.notRevoked {
            #expect(crl.entry(atOffset: Int(offset))?.serialNumberValue == probe)
        }
        let revoked = expected.filter { $0 }.count
        #expect(index.countRevoked(probes, threads: 1) == revoked)
        #expect(index.countRevoked(probes, threads: 2) == revoked)
        var parallel = [UInt32](repeating: 0, count: probes.count)
        #expect(index.lookup(probes, into: &parallel, threads: 2) == revoked)
        #expect(parallel == offsets)
        // The array is written in place; a longer one keeps its tail.
        var longer = [UInt32](repeating: 7, count: probes.count + 2)
        #expect(index.lookup(probes, into: &longer) == revoked)
        #expect(Array(longer[..<probes.count]) == offsets)
        #expect(longer.suffix(2) == [7, 7])
        // Every value of 0…255 and the neighbours of 2⁶³, for the short serials' edges.
        let edges: [UInt64] = (0...255).map { UInt64($0) } + [(1 << 63) - 1, 1 << 63, (1 << 63) + 1]
        for value in edges {
            #expect(index.isRevoked(value) == values.contains(value))
            #expect(index.isRevoked(serialNumber: Self.content(value)) == values.contains(value))
        }
    }

    @Test func lookupsReturnDatesAndReasons() throws {
        let key = try Self.key.get()
        let entries: [CRLBuilder.Entry] = [
            .init(serialNumber: ASN1Integer(UInt64(0x1234)), revocationDate: Self.date, reason: .keyCompromise),
            .init(
                serialNumber: ASN1Integer(UInt64(0x5678)), revocationDate: ASN1Time(secondsSince1970: 1_600_000_000),
                reason: .affiliationChanged, invalidityDate: ASN1Time(secondsSince1970: 1_599_000_000)),
            .init(
                serialNumber: ASN1Integer(unsignedMagnitude: [UInt8](repeating: 0xEE, count: 20)),
                revocationDate: Self.date),
        ]
        let crl = try CRLBuilder(issuer: Self.issuer, thisUpdate: Self.date, entries: entries).sign(with: key)
        let index = try RevocationIndex(crl)
        let first = try #require(index.lookup(0x1234))
        #expect(first.reason == .keyCompromise)
        #expect(first.revocationDate == Self.date)
        let second = try #require(index.lookup(serialNumber: [0x56, 0x78]))
        #expect(second.reason == .affiliationChanged)
        #expect(second.revocationDate.secondsSince1970 == 1_600_000_000)
        #expect(second.invalidityDate?.secondsSince1970 == 1_599_000_000)
        #expect(second.invalidityDate?.form == .generalizedTime)
        let long = try #require(index.lookup(serialNumber: [0x00] + [UInt8](repeating: 0xEE, count: 20)))
        #expect(long.reason == nil)
        #expect(long.serialNumberHex == String(repeating: "EE", count: 20))
        #expect(index.lookup(0x1235) == nil)
    }

    @Test func duplicateSerialsAreFound() throws {
        let entries: [CRLBuilder.Entry] = (0..<40).map {
            .init(serialNumber: ASN1Integer(UInt64($0 % 7)), revocationDate: Self.date, reason: .superseded)
        }
        let crl = try CRLBuilder(issuer: Self.issuer, thisUpdate: Self.date, entries: entries).sign(
            with: try Self.key.get())
        let index = try RevocationIndex(crl)
        #expect(index.count == 40)
        for value in 0..<7 { #expect(index.isRevoked(UInt64(value))) }
        #expect(!index.isRevoked(7))
    }

    @Test func generatedSerialsAreAllFoundAndMemoryIsCompact() throws {
        var generator = CRLGenerator(entryCount: 100_000, seed: 11)
        let key = try Self.key.get()
        generator.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try key.subjectPublicKeyInfo)
        let crl = try CertificateRevocationList(derEncoded: try generator.signedDER(with: key))
        let index = try RevocationIndex(crl)
        #expect(index.count == 100_000)
        let serials = generator.entries.map(\.serialNumber)
        #expect(index.countRevoked(serials) == serials.count)
        var random = Random(state: 12)
        let listed = Set(serials)
        let absent = (0..<100_000).map { _ in random.next() }.filter { !listed.contains($0) }
        #expect(index.countRevoked(absent, threads: 2) == 0)
        // The index's own accounting: keys, offsets and bucket table.
        #expect(index.bytesPerEntry <= 16)
        #expect(index.bytesPerEntry <= 14.1)
        #expect(index.memoryFootprint <= 16 * index.count)
        // The entries are the generator's.
        let first = try #require(index.lookup(serials[0]))
        let expected = generator.entry(streamIndex: 0)
        #expect(first.reason == expected.reason)
        #expect(first.revocationDate.secondsSince1970 == expected.revocationDate)
        #expect(crl.authorityKeyIdentifier == generator.authorityKeyIdentifier)
    }

    @Test func diffAgreesWithSetDifferences() throws {
        let key = try Self.key.get()
        // Entries 0..<60 000 and 20 000..<90 000 of one seed: 20 000 no longer listed, 30 000 new.
        let old = CRLGenerator(entryCount: 60_000, seed: 5, firstEntry: 0)
        let new = CRLGenerator(entryCount: 70_000, seed: 5, firstEntry: 20_000)
        let oldIndex = try RevocationIndex(try CertificateRevocationList(derEncoded: try old.signedDER(with: key)))
        let newIndex = try RevocationIndex(try CertificateRevocationList(derEncoded: try new.signedDER(with: key)))
        let diff = RevocationIndex.diff(old: oldIndex, new: newIndex)
        let oldSet = Set(old.entries.map(\.serialNumber))
        let newSet = Set(new.entries.map(\.serialNumber))
        #expect(Set(diff.newlyRevoked.compactMap(\.serialNumberValue)) == newSet.subtracting(oldSet))
        #expect(Set(diff.noLongerListed.compactMap(\.serialNumberValue)) == oldSet.subtracting(newSet))
        #expect(diff.newlyRevoked.count == 30_000)
        #expect(diff.noLongerListed.count == 20_000)
        #expect(diff.newlyRevokedOffsets == diff.newlyRevokedOffsets.sorted())
        // Nothing changed between a CRL and itself.
        let same = RevocationIndex.diff(old: newIndex, new: newIndex)
        #expect(same.newlyRevokedOffsets.isEmpty && same.noLongerListedOffsets.isEmpty)
    }

    @Test func diffOfLongAndNegativeSerials() throws {
        let (oldCRL, oldSet) = try Self.mixedCRL(count: 20_000, seed: 21)
        var (newCRL, newSet) = try Self.mixedCRL(count: 20_000, seed: 22)
        // Share half of the old serials: rebuild the new CRL with them.
        let shared = Array(oldSet.prefix(10_000))
        var entries = try newCRL.entries().prefix(10_000).map {
            CRLBuilder.Entry(serialNumber: try ASN1Integer(twosComplement: $0.serialNumber), revocationDate: Self.date)
        }
        entries += try shared.map {
            CRLBuilder.Entry(serialNumber: try ASN1Integer(twosComplement: $0), revocationDate: Self.date)
        }
        newSet = Set(entries.map(\.serialNumber.contentBytes))
        newCRL = try CRLBuilder(issuer: Self.issuer, thisUpdate: Self.date, entries: entries).sign(
            with: try Self.key.get())
        let diff = RevocationIndex.diff(old: try RevocationIndex(oldCRL), new: try RevocationIndex(newCRL))
        #expect(Set(diff.newlyRevoked.map(\.serialNumber)) == newSet.subtracting(oldSet))
        #expect(Set(diff.noLongerListed.map(\.serialNumber)) == oldSet.subtracting(newSet))
    }

    @Test func memoryMappedIndexEqualsTheInMemoryOne() throws {
        let generator = CRLGenerator(entryCount: 50_000, seed: 31)
        let key = try Self.key.get()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crl-\(UUID().uuidString).crl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try generator.write(to: path, signingWith: key)
        let mapped = try CertificateRevocationList(contentsOfFile: path)
        #expect(mapped.isMemoryMapped)
        let inMemory = try CertificateRevocationList(contentsOfFile: path, mapping: false)
        #expect(!inMemory.isMemoryMapped)
        #expect(mapped.derEncoded == inMemory.derEncoded)
        let mappedIndex = try RevocationIndex(mapped)
        let memoryIndex = try RevocationIndex(inMemory)
        let probes = generator.entries.map(\.serialNumber) + (1...1000).map { UInt64($0) }
        #expect(mappedIndex.lookup(probes) == memoryIndex.lookup(probes))
        #expect(mapped.isSignature(validFor: try CRLGenerator.issuerCertificate(for: key)))
        // Entries read lazily, one at a time, from the mapping.
        var iterator = mapped.makeEntryIterator()
        var count = 0
        while let entry = try iterator.next() {
            if count < 5 { #expect(entry.serialNumberValue == generator.entry(streamIndex: count).serialNumber) }
            count += 1
        }
        #expect(count == 50_000)
    }

    @Test func indexRejectsWhatTheIteratorRejects() throws {
        let key = try Self.key.get()
        let critical = Extension(oid: "1.2.3.4", critical: true, value: [0x05, 0x00][...])
        var builder = CRLBuilder(issuer: Self.issuer, thisUpdate: Self.date)
        builder.entries = [
            .init(serialNumber: ASN1Integer(1), revocationDate: Self.date),
            .init(serialNumber: ASN1Integer(2), revocationDate: Self.date, extraExtensions: [critical]),
        ]
        let crl = try builder.sign(with: key)
        #expect(try crl.entries()[1].unrecognizedCriticalExtension == "1.2.3.4")
        #expect(throws: X509Error.self) { try RevocationIndex(crl) }
        // A certificateIssuer naming another issuer: an indirect CRL, which the index rejects.
        let other = DistinguishedName([.init([try .init(type: .commonName, string: "Other CA")])])
        builder.entries = [
            .init(serialNumber: ASN1Integer(1), revocationDate: Self.date, certificateIssuer: [.directoryName(other)])
        ]
        #expect(throws: X509Error.self) { try RevocationIndex(try builder.sign(with: key)) }
        builder.entries = [
            .init(
                serialNumber: ASN1Integer(1), revocationDate: Self.date,
                certificateIssuer: [.directoryName(Self.issuer)])
        ]
        #expect(try RevocationIndex(try builder.sign(with: key)).isRevoked(1))
        // A v1 CRL may not carry entry extensions.
        builder.version = .v1
        builder.entries = [.init(serialNumber: ASN1Integer(1), revocationDate: Self.date, reason: .keyCompromise)]
        let v1 = try builder.sign(with: key)
        #expect(throws: X509Error.self) { try v1.entries() }
        #expect(throws: X509Error.self) { try RevocationIndex(v1) }
    }
}
