import JPKIASN1

/// An RSA public key as the My Number Card's 券面 applications store it: `90` the public
/// exponent, `91` the modulus (`90 03 01 00 01 91 82 01 00 <256 bytes>` for RSA-2048), inside CV
/// certificates and signed records.
public struct CardRSAPublicKey: Hashable, Sendable, Codable {
    /// The public exponent, big-endian.
    public let exponent: [UInt8]
    /// The modulus, big-endian.
    public let modulus: [UInt8]

    /// A key from its parts.
    public init(exponent: [UInt8], modulus: [UInt8]) {
        self.exponent = exponent
        self.modulus = modulus
    }

    /// Parses exactly `90 <exponent> 91 <modulus>`: nothing before, between or after, an
    /// exponent of 1–8 bytes, a modulus of 128–512 bytes whose first byte is not 0.
    ///
    /// - Parameter base: the offset of `bytes` in the enclosing file, for error messages.
    /// - Returns: the key, or the reason it was refused with its offset.
    public static func parse(_ bytes: ArraySlice<UInt8>, base: Int = 0) -> Result<CardRSAPublicKey, KeyError> {
        let objects: [BERTLV]
        do {
            objects = try BERTLV.parse(bytes)
        } catch {
            return .failure(KeyError(reason: error.description, offset: base + error.offset - bytes.startIndex))
        }
        guard objects.count == 2, objects[0].rawTag == 0x90, objects[1].rawTag == 0x91 else {
            return .failure(KeyError(reason: "a key is 90 (exponent) then 91 (modulus) and nothing else", offset: base))
        }
        let end = objects[1].value.endIndex
        guard end == bytes.endIndex else {
            return .failure(KeyError(reason: "bytes after the modulus", offset: base + end - bytes.startIndex))
        }
        let exponent = Array(objects[0].value)
        let modulus = Array(objects[1].value)
        guard (1...8).contains(exponent.count), exponent.first != 0 else {
            return .failure(KeyError(reason: "an exponent of \(exponent.count) bytes", offset: base))
        }
        guard (128...512).contains(modulus.count), modulus.first != 0 else {
            return .failure(
                KeyError(
                    reason: "a modulus of \(modulus.count) bytes",
                    offset: base + objects[1].offset - bytes.startIndex))
        }
        return .success(CardRSAPublicKey(exponent: exponent, modulus: modulus))
    }

    /// Why ``parse(_:base:)`` refused a key.
    public struct KeyError: Error, Hashable, Sendable {
        /// What is wrong.
        public var reason: String
        /// The byte offset.
        public var offset: Int
    }

    /// The card's encoding: `90 <exponent> 91 <modulus>` with minimal lengths.
    public var cardEncoded: [UInt8] {
        BERTLV.encode(rawTag: 0x90, value: exponent) + BERTLV.encode(rawTag: 0x91, value: modulus)
    }

    /// The modulus size in bits.
    public var bitLength: Int {
        guard let first = modulus.first else { return 0 }
        return modulus.count * 8 - first.leadingZeroBitCount
    }

    /// The key as an X.509 SubjectPublicKeyInfo (rsaEncryption) in DER.
    public var subjectPublicKeyInfoDER: [UInt8] {
        var key = DERWriter()
        key.writeSequence { sequence in
            sequence.serialize(ASN1Integer(unsignedMagnitude: modulus))
            sequence.serialize(ASN1Integer(unsignedMagnitude: exponent))
        }
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeSequence { algorithm in
                algorithm.serialize(ASN1ObjectIdentifier.rsaEncryption)
                algorithm.writeNull()
            }
            info.writePrimitive(.bitString, content: [0] + key.bytes)
        }
        return writer.bytes
    }

    /// The key, ready to verify signatures.
    ///
    /// - Throws: ``X509Error`` when OpenSSL does not accept the key.
    public func publicKey() throws(X509Error) -> PublicKey {
        do {
            return try PublicKey(SubjectPublicKeyInfo(derEncoded: subjectPublicKeyInfoDER))
        } catch let error as X509Error {
            throw error
        } catch let error as DERError {
            throw .malformed(error)
        } catch {
            throw .invalidValue("\(error)", offset: 0)
        }
    }
}
