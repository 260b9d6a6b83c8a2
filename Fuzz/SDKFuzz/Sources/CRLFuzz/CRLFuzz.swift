// libFuzzer target for `CertificateRevocationList(derEncoded:)`, its lazy entries and the
// `RevocationIndex` built over them.
//
// Oracles (trap with a message):
//  - a CRL whose header parses and whose entries all read is strict DER as a whole;
//  - `entries()`, `forEachEntry` and `validateEntries()` agree on the entries and their count
//    (validateEntries also refusing an unrecognized critical entry extension), and each entry
//    read again at its offset is the same entry;
//  - an index that builds holds exactly the entries: each entry's serial (as octets, and as a
//    value when it fits in 64 bits, one by one and in bulk) finds that entry, and serials that
//    are not listed are not found;
//  - the diff of the CRL with itself is empty, and with an empty list of entries lists every
//    serial as newly revoked.

import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    CRLFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum CRLFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let crl = try? CertificateRevocationList(derEncoded: bytes) else { return }
        _ = crl.issuer.description
        _ = crl.issuingDistributionPoint
        _ = crl.crlNumber
        guard let entries = try? crl.entries() else {
            if (try? crl.validateEntries()) != nil { fail("validateEntries accepts what entries() rejects", bytes) }
            return
        }
        guard (try? DER.validate(bytes)) != nil else {
            fail("a CRL whose entries all read is not strict DER", bytes)
        }
        // validateEntries also refuses an unrecognized critical entry extension (RFC 5280 §5.3).
        let usable = !entries.contains { $0.unrecognizedCriticalExtension != nil }
        guard (try? crl.validateEntries()) == (usable ? entries.count : nil) else {
            fail("validateEntries disagrees with entries()", bytes)
        }
        var visited = 0
        do throws(X509Error) {
            try crl.forEachEntry { entry throws(X509Error) in
                guard entry.offset == entries[visited].offset else { fail("forEachEntry order differs", bytes) }
                visited += 1
            }
        } catch {
            fail("forEachEntry fails where entries() succeeds: \(error)", bytes)
        }
        guard visited == entries.count else { fail("forEachEntry visits \(visited) of \(entries.count)", bytes) }
        for entry in entries {
            _ = entry.description
            _ = entry.certificateIssuer
            guard let again = crl.entry(atOffset: entry.offset), again.serialNumber == entry.serialNumber,
                again.encodedLength == entry.encodedLength
            else { fail("the entry at offset \(entry.offset) reads differently", bytes) }
        }

        guard let index = try? RevocationIndex(crl) else { return }
        guard index.count == entries.count else {
            fail("index holds \(index.count) of \(entries.count) entries", bytes)
        }
        let listed = Set(entries.map { canonical($0.serialNumber) })
        var values: [UInt64] = []
        for entry in entries {
            guard let found = index.lookup(serialNumber: entry.serialNumber),
                canonical(found.serialNumber) == canonical(entry.serialNumber)
            else { fail("serial \(entry.serialNumberHex) not found by octets", bytes) }
            if let value = entry.serialNumberValue {
                values.append(value)
                guard index.isRevoked(value) else { fail("serial \(value) not found by value", bytes) }
                // A neighbour that is not listed must not be found.
                let neighbour = value &+ 1
                if !listed.contains(canonical(octets(of: neighbour))) && index.isRevoked(neighbour) {
                    fail("unlisted serial \(neighbour) found", bytes)
                }
            }
            var longer = canonical(entry.serialNumber)
            longer.append(0x5A)
            if !listed.contains(longer) && index.isRevoked(serialNumber: longer) {
                fail("unlisted serial \(longer) found", bytes)
            }
        }
        guard index.countRevoked(values) == values.count else { fail("bulk count misses serials", bytes) }
        let offsets = index.lookup(values)
        for (position, value) in values.enumerated() where offsets[position] == RevocationIndex.notRevoked {
            fail("bulk lookup misses \(value)", bytes)
        }
        let same = RevocationIndex.diff(old: index, new: index)
        guard same.newlyRevoked.isEmpty, same.noLongerListed.isEmpty else {
            fail("the diff of a CRL with itself is not empty", bytes)
        }
    }

    /// Two's-complement content octets without redundant leading octets.
    static func canonical(_ serial: [UInt8]) -> [UInt8] {
        var octets = serial[...]
        while octets.count > 1,
            (octets[octets.startIndex] == 0x00 && octets[octets.startIndex + 1] & 0x80 == 0)
                || (octets[octets.startIndex] == 0xFF && octets[octets.startIndex + 1] & 0x80 != 0)
        {
            octets = octets.dropFirst()
        }
        return Array(octets)
    }

    /// The content octets of a non-negative INTEGER `value`.
    static func octets(of value: UInt64) -> [UInt8] {
        var result = withUnsafeBytes(of: value.bigEndian, Array.init)
        while result.count > 1 && result[0] == 0 && result[1] & 0x80 == 0 { result.removeFirst() }
        if result[0] & 0x80 != 0 { result.insert(0, at: 0) }
        return result
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        let hex = input.prefix(128).map { String($0, radix: 16) }.joined(separator: " ")
        fatalError("CRLFuzz oracle broken: \(message) [\(hex)]")
    }
}
