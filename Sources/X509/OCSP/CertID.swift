import JPKIASN1

/// The identifier of a certificate in OCSP (RFC 6960 §4.1.1): hashes of the issuer's name and
/// key, and the serial number.
public struct CertID: Hashable, Sendable, CustomStringConvertible {
    /// The hash algorithm of the two hashes (SHA-1 or SHA-256 in practice).
    public var hashAlgorithm: AlgorithmIdentifier
    /// The hash of the issuer's distinguished name (its DER).
    public var issuerNameHash: [UInt8]
    /// The hash of the issuer's public key (the BIT STRING's octets).
    public var issuerKeyHash: [UInt8]
    /// The certificate's serial number content octets.
    public var serialNumber: [UInt8]

    /// A CertID from its parts.
    public init(
        hashAlgorithm: AlgorithmIdentifier, issuerNameHash: [UInt8], issuerKeyHash: [UInt8], serialNumber: [UInt8]
    ) {
        self.hashAlgorithm = hashAlgorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
    }

    /// The CertID of `certificate` issued by `issuer`, hashed with `hash` (SHA-1 by default, as
    /// most responders expect; the hash algorithm's parameters are written as NULL).
    public init(certificate: Certificate, issuer: Certificate, hash: DigestAlgorithm = .sha1) {
        self.hashAlgorithm = AlgorithmIdentifier(
            algorithm: hash.objectIdentifier, parameters: AlgorithmIdentifier.nullElement)
        self.issuerNameHash = hash.hash(issuer.subject.derEncoded)
        self.issuerKeyHash = hash.hash(issuer.subjectPublicKeyInfo.keyBytes)
        self.serialNumber = Array(certificate.serialNumber)
    }

    /// The hash algorithm as a ``DigestAlgorithm``: its parameters NULL or absent (RFC 5754
    /// allows both); `nil` for an algorithm outside the list or other parameters.
    public var digestAlgorithm: DigestAlgorithm? {
        guard hashAlgorithm.parameters == nil || hashAlgorithm.parameters == AlgorithmIdentifier.nullElement else {
            return nil
        }
        return DigestAlgorithm(objectIdentifier: hashAlgorithm.algorithm)
    }

    /// Whether `other` identifies the same certificate as this CertID (RFC 6960 §4.1.1): the same
    /// hash algorithm (compared as an algorithm: NULL or absent parameters alike), issuer name
    /// hash, issuer key hash and serial number. Two CertIDs made with different hash algorithms
    /// are never the same here; ``matches(certificate:issuer:)`` compares across algorithms.
    public func identifiesSameCertificate(as other: CertID) -> Bool {
        guard serialNumber == other.serialNumber, issuerKeyHash == other.issuerKeyHash,
            issuerNameHash == other.issuerNameHash
        else { return false }
        if let algorithm = digestAlgorithm { return algorithm == other.digestAlgorithm }
        return hashAlgorithm == other.hashAlgorithm
    }

    /// Whether this CertID names `certificate` issued by `issuer`: the serial number, and both
    /// issuer hashes recomputed with this CertID's own hash algorithm. `false` for a hash
    /// algorithm outside ``DigestAlgorithm`` (never a guess).
    public func matches(certificate: Certificate, issuer: Certificate) -> Bool {
        guard let digest = digestAlgorithm, serialNumber.elementsEqual(certificate.serialNumber) else { return false }
        return issuerNameHash == digest.hash(issuer.subject.derEncoded)
            && issuerKeyHash == digest.hash(issuer.subjectPublicKeyInfo.keyBytes)
    }

    /// Reads a CertID SEQUENCE.
    init(from reader: inout DERReader) throws(DERError) {
        self = try reader.readSequence { fields throws(DERError) in
            let algorithm = try AlgorithmIdentifier(from: &fields)
            let nameHash = try fields.decode(ASN1OctetString.self).bytes
            let keyHash = try fields.decode(ASN1OctetString.self).bytes
            let serial = try fields.decode(ASN1Integer.self).contentBytes
            return CertID(
                hashAlgorithm: algorithm, issuerNameHash: nameHash, issuerKeyHash: keyHash, serialNumber: serial)
        }
    }

    /// Serial number and algorithm.
    public var description: String { "CertID(serial: \(Hex.encode(serialNumber)), hash: \(hashAlgorithm))" }
}

extension CertID: DERSerializable {
    /// Writes the CertID SEQUENCE.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { fields in
            hashAlgorithm.serialize(into: &fields)
            fields.serialize(ASN1OctetString(issuerNameHash))
            fields.serialize(ASN1OctetString(issuerKeyHash))
            fields.writePrimitive(.integer, content: serialNumber)
        }
    }
}
