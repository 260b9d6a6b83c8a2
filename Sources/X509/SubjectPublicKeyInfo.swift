import JPKIASN1

/// A SubjectPublicKeyInfo: the key's algorithm and the key. RSA keys are typed; other
/// algorithms are kept as they are.
public struct SubjectPublicKeyInfo: Hashable, Sendable {
    /// The whole SPKI's DER (a slice of the certificate's bytes).
    public let derEncoded: ArraySlice<UInt8>
    /// The key algorithm (rsaEncryption for the JPKI).
    public let algorithm: AlgorithmIdentifier
    /// The subjectPublicKey BIT STRING's octets (without the unused-bits octet).
    public let keyBytes: ArraySlice<UInt8>

    /// An RSA public key's modulus and public exponent, as unsigned big-endian magnitudes.
    public struct RSAPublicKey: Hashable, Sendable {
        /// The modulus n.
        public let modulus: [UInt8]
        /// The public exponent e (65537 = `01 00 01` for the JPKI).
        public let publicExponent: [UInt8]

        /// The modulus size in bits.
        public var bitLength: Int {
            guard let first = modulus.first else { return 0 }
            return modulus.count * 8 - first.leadingZeroBitCount
        }
    }

    /// Reads the SPKI at `node`.
    init(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError) {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var fields = try reader.children(of: node)
        algorithm = try AlgorithmIdentifier(from: &fields)
        let key = try fields.read(.bitString)
        try fields.finish()
        let content = fields.content(of: key)
        try DERContentRules.checkBitString(content, at: key.offset)
        guard content[0] == 0 else { throw DERError(.invalidBitString, at: key.offset) }
        let start = bytes.startIndex
        derEncoded = bytes[(start + node.offset)..<(start + node.endOffset)]
        keyBytes = bytes[(start + key.contentOffset + 1)..<(start + key.endOffset)]
    }

    /// An SPKI from its DER.
    public init(derEncoded bytes: [UInt8]) throws(DERError) {
        self = try DER.withReader(bytes) { reader throws(DERError) in
            let node = try reader.readAny()
            try reader.finish()
            return try SubjectPublicKeyInfo(node: node, in: reader, bytes: bytes[...])
        }
    }

    /// The RSA key, when the algorithm is rsaEncryption and the key is
    /// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` with positive
    /// values; `nil` for other algorithms.
    ///
    /// - Throws: when the algorithm is rsaEncryption but the key does not decode.
    public func rsaPublicKey() throws(DERError) -> RSAPublicKey? {
        guard algorithm.algorithm == .rsaEncryption else { return nil }
        return try DER.withReader(keyBytes) { reader throws(DERError) in
            try reader.readSequence { key throws(DERError) in
                let modulus = try key.decode(ASN1Integer.self)
                let exponent = try key.decode(ASN1Integer.self)
                guard !modulus.isNegative, !exponent.isNegative else {
                    throw DERError(.integerOverflow, at: 0)
                }
                return RSAPublicKey(modulus: Array(modulus.magnitude), publicExponent: Array(exponent.magnitude))
            }
        }
    }
}
