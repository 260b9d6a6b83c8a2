import JPKIASN1

/// An AlgorithmIdentifier: the algorithm's OID and its parameters, kept as DER.
public struct AlgorithmIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm.
    public var algorithm: ASN1ObjectIdentifier
    /// The parameters' DER encoding, or `nil` when absent (an explicit NULL is kept as `05 00`).
    public var parameters: ASN1Element?

    /// An identifier.
    public init(algorithm: ASN1ObjectIdentifier, parameters: ASN1Element? = nil) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    /// The algorithm's well-known name, or its dotted OID.
    public var description: String { algorithm.name ?? algorithm.description }

    /// Reads `SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`.
    init(from reader: inout DERReader) throws(DERError) {
        // The JPKI's two, sha256WithRSAEncryption and rsaEncryption with NULL parameters, by
        // their whole encoding (valid DER, read below to the same value).
        if let node = try reader.peek(), node.encodedLength == 15, reader.depth < reader.limits.maximumDepth,
            let known = Self.wellKnown(reader.encoding(of: node))
        {
            _ = try reader.next()
            self = known
            return
        }
        self = try reader.readSequence { fields throws(DERError) in
            let algorithm = try fields.decode(ASN1ObjectIdentifier.self)
            guard let node = try fields.next() else { return AlgorithmIdentifier(algorithm: algorithm) }
            // NULL, the parameters of every RSA PKCS #1 v1.5 algorithm: one shared copy.
            if node.tag == .null && node.contentLength == 0, let null = AlgorithmIdentifier.nullElement {
                return AlgorithmIdentifier(algorithm: algorithm, parameters: null)
            }
            return AlgorithmIdentifier(algorithm: algorithm, parameters: try ASN1Element(derNode: node, in: fields))
        }
    }

    /// sha256WithRSAEncryption or rsaEncryption with NULL parameters when `encoding` (15
    /// octets) is one of them, else `nil`.
    @inline(__always)
    static func wellKnown(_ encoding: UnsafeRawBufferPointer) -> AlgorithmIdentifier? {
        // 30 0D 06 09 2A 86 48 86 | F7 0D 01 01 xx 05 00, xx = 0B or 01.
        guard encoding.count == 15,
            encoding.loadUnaligned(as: UInt64.self) == UInt64(littleEndian: 0x8648_862A_0906_0D30),
            encoding.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == UInt32(littleEndian: 0x0101_0DF7),
            encoding[13] == 0x05, encoding[14] == 0x00
        else { return nil }
        switch encoding[12] {
        case 0x0B: return .sha256WithRSAEncryption
        case 0x01: return .rsaEncryption
        default: return nil
        }
    }

    /// Writes the SEQUENCE.
    package func serialize(into writer: inout DERWriter) {
        writer.writeSequence { fields in
            fields.serialize(algorithm)
            if let parameters { fields.serialize(parameters) }
        }
    }
}

extension AlgorithmIdentifier {
    /// sha256WithRSAEncryption with NULL parameters: the JPKI's signature algorithm.
    public static let sha256WithRSAEncryption = rsa(.sha256WithRSAEncryption)
    /// sha1WithRSAEncryption with NULL parameters.
    public static let sha1WithRSAEncryption = rsa(.sha1WithRSAEncryption)
    /// sha384WithRSAEncryption with NULL parameters.
    public static let sha384WithRSAEncryption = rsa(.sha384WithRSAEncryption)
    /// sha512WithRSAEncryption with NULL parameters.
    public static let sha512WithRSAEncryption = rsa(.sha512WithRSAEncryption)
    /// rsaEncryption with NULL parameters (the SPKI algorithm of RSA keys).
    public static let rsaEncryption = rsa(.rsaEncryption)

    private static func rsa(_ oid: ASN1ObjectIdentifier) -> AlgorithmIdentifier {
        AlgorithmIdentifier(algorithm: oid, parameters: nullElement)
    }

    static let nullElement: ASN1Element? = try? ASN1Element(encoded: [0x05, 0x00])
}

extension ASN1ObjectIdentifier {
    /// 1.2.840.113549.1.1.1
    public static let rsaEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.1"
    /// 1.2.840.113549.1.1.5
    public static let sha1WithRSAEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.5"
    /// 1.2.840.113549.1.1.10
    public static let rsassaPSS: ASN1ObjectIdentifier = "1.2.840.113549.1.1.10"
    /// 1.2.840.113549.1.1.11
    public static let sha256WithRSAEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.11"
    /// 1.2.840.113549.1.1.12
    public static let sha384WithRSAEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.12"
    /// 1.2.840.113549.1.1.13
    public static let sha512WithRSAEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.13"
    /// 1.2.840.113549.1.1.14
    public static let sha224WithRSAEncryption: ASN1ObjectIdentifier = "1.2.840.113549.1.1.14"
    /// 1.3.14.3.2.29, OIW's sha1WithRSASignature (old certificates)
    public static let oiwSHA1WithRSASignature: ASN1ObjectIdentifier = "1.3.14.3.2.29"
    /// 1.2.840.113549.1.1.8
    public static let mgf1: ASN1ObjectIdentifier = "1.2.840.113549.1.1.8"
}
