import JPKIX509

/// What changed between two CRLs of one issuer: the serials the new one lists and the old one
/// does not (newly revoked: for the JPKI, often a holder whose address or name changed), and
/// the serials the old one lists and the new one does not (no longer listed: expired, or
/// released from hold).
///
/// Entries are given by their offsets in their CRL, in the order of the CRL; ``newlyRevoked``
/// and ``noLongerListed`` read them.
public struct RevocationDiff: Sendable {
    /// The older CRL's index.
    public let old: RevocationIndex
    /// The newer CRL's index.
    public let new: RevocationIndex
    /// Offsets in the new CRL of the entries whose serial the old CRL does not list, ascending.
    public let newlyRevokedOffsets: [UInt32]
    /// Offsets in the old CRL of the entries whose serial the new CRL does not list, ascending.
    public let noLongerListedOffsets: [UInt32]

    /// The entries of the new CRL whose serial the old one does not list.
    public var newlyRevoked: [CRLEntry] {
        newlyRevokedOffsets.compactMap { new.crl.entry(atOffset: Int($0)) }
    }

    /// The entries of the old CRL whose serial the new one does not list.
    public var noLongerListed: [CRLEntry] {
        noLongerListedOffsets.compactMap { old.crl.entry(atOffset: Int($0)) }
    }
}

extension RevocationIndex {
    /// The serials revoked in `new` and not in `old`, and those in `old` and not in `new`.
    ///
    /// Every key of each index is looked up in the other, in bulk (``lookup(_:into:threads:)``'s
    /// batches): linear in the number of entries, allocating nothing per entry.
    public static func diff(old: RevocationIndex, new: RevocationIndex) -> RevocationDiff {
        var added = missing(from: old.short, of: new.short)
        var removed = missing(from: new.short, of: old.short)
        old.crl.bytes.withUnsafeBytes { oldBytes in
            new.crl.bytes.withUnsafeBytes { newBytes in
                added += missingLong(from: old.long, oldBytes, of: new.long, newBytes)
                removed += missingLong(from: new.long, newBytes, of: old.long, oldBytes)
            }
        }
        added.sort()
        removed.sort()
        return RevocationDiff(old: old, new: new, newlyRevokedOffsets: added, noLongerListedOffsets: removed)
    }

    /// The offsets of the entries of `table` whose key `other` does not hold.
    private static func missing(from other: BucketTable, of table: BucketTable) -> [UInt32] {
        var result: [UInt32] = []
        let chunk = 1 << 16
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: chunk) { found in
            guard let found = found.baseAddress else { return }
            var start = 0
            while start < table.count {
                let n = Swift.min(chunk, table.count - start)
                _ = lookupBatch(other, table.keys + start, n, found, mixed: true)
                for index in 0..<n where found[index] == notRevoked { result.append(table.offsets[start + index]) }
                start += n
            }
        }
        return result
    }

    /// The offsets of the entries of the hashed `table` whose serial the hashed `other` does
    /// not hold (equal hashes are confirmed octet by octet).
    private static func missingLong(
        from other: BucketTable, _ otherBytes: UnsafeRawBufferPointer, of table: BucketTable,
        _ tableBytes: UnsafeRawBufferPointer
    ) -> [UInt32] {
        var result: [UInt32] = []
        for index in 0..<table.count {
            let key = table.keys[index]
            let serial = serialContent(atEntry: Int(table.offsets[index]), in: tableBytes)
            let listed = other.bucketRange(of: key).contains { slot in
                other.keys[slot] == key
                    && serialContent(atEntry: Int(other.offsets[slot]), in: otherBytes).elementsEqual(serial)
            }
            if !listed { result.append(table.offsets[index]) }
        }
        return result
    }
}
