import JPKIASN1
import JPKIX509

/// The BER-TLV encoding of the card's data objects (`FF nn`, `DF nn`, `7F 21`, `5F 4E`, …).
enum CardTLV {
    /// An object with the identifier octets `tag`. With `longLength`, the length is always
    /// written `82 HH LL`, as the card writes its constructed objects; otherwise minimally.
    static func encode(_ tag: UInt32, _ value: [UInt8], longLength: Bool = false) -> [UInt8] {
        guard longLength else { return BERTLV.encode(rawTag: tag, value: value) }
        var bytes: [UInt8] = []
        var shift = 24
        while shift > 0 && tag >> UInt32(shift) == 0 { shift -= 8 }
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: tag >> UInt32(shift)))
            shift -= 8
        }
        return bytes + [0x82, UInt8(value.count >> 8 & 0xFF), UInt8(value.count & 0xFF)] + value
    }

    /// An RSA public key as the card's data objects carry it: `90` the exponent, `91` the
    /// modulus.
    static func publicKey(_ key: SubjectPublicKeyInfo.RSAPublicKey) -> [UInt8] {
        encode(0x90, key.publicExponent) + encode(0x91, key.modulus, longLength: true)
    }

    /// Pads `bytes` with `FF` to at least `count` bytes.
    static func padded(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        bytes.count >= count ? bytes : bytes + [UInt8](repeating: 0xFF, count: count - bytes.count)
    }

    /// An object `tag` { `DF 21` offsets, `objects` } whose `DF 21` holds the 2-byte offset, from
    /// the object's first byte (the first byte of the file), of each of `objects`, as the 券面
    /// applications write their EF 0002.
    static func withOffsetTable(_ tag: UInt32, objects: [[UInt8]], longLength: Bool = true) -> [UInt8] {
        let tableLength = 3 + 2 * objects.count
        let valueLength = tableLength + objects.reduce(0) { $0 + $1.count }
        let headerLength =
            encode(tag, [UInt8](repeating: 0, count: valueLength), longLength: longLength).count - valueLength
        var offsets: [UInt8] = []
        var position = headerLength + tableLength
        for object in objects {
            offsets += [UInt8(position >> 8 & 0xFF), UInt8(position & 0xFF)]
            position += object.count
        }
        return encode(tag, encode(0xDF21, offsets) + objects.flatMap { $0 }, longLength: longLength)
    }
}
