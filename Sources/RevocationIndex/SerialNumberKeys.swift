import JPKIX509

/// The keys of serial numbers in the revocation index: a short serial's key is its value mixed,
/// a long serial's is a hash of its octets, and a match on a long key is confirmed against the
/// CRL's bytes.
extension SerialNumbers {
    /// A bijective mix of 64 bits (the SplitMix64 finalizer): sequential serials spread evenly
    /// over the buckets, and distinct serials keep distinct keys.
    @inline(__always)
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The inverse of ``mix(_:)``.
    package static func unmix(_ value: UInt64) -> UInt64 {
        var z = value
        z = z ^ (z >> 31) ^ (z >> 62)
        z = z &* 0x3196_42B2_D24D_8EC3  // inverse of 0x94D049BB133111EB
        z = z ^ (z >> 27) ^ (z >> 54)
        z = z &* 0x96DE_1B17_3F11_9089  // inverse of 0xBF58476D1CE4E5B9
        return z ^ (z >> 30) ^ (z >> 60)
    }

    /// The key of a long serial: a hash of its content octets.
    @inline(__always)
    package static func longHash(_ content: UnsafeRawBufferPointer) -> UInt64 {
        var hash = mix(UInt64(content.count) &* 0x9E37_79B9_7F4A_7C15)
        var index = 0
        while index + 8 <= content.count {
            hash = mix(hash ^ content.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < content.count {
            tail |= UInt64(content[index]) << shift
            shift += 8
            index += 1
        }
        return mix(hash ^ tail ^ 0x5555_5555_5555_5555)
    }
}
