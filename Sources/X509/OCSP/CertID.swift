import JPKIASN1
import CryptoBackend

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

    /// The hash algorithms a CertID is built with.
    public enum HashAlgorithm: Sendable, Hashable {
        case sha1
        case sha256

        var oid: ASN1ObjectIdentifier { self == .sha1 ? .sha1 : .sha256 }
        var digest: DigestAlgorithm { self == .sha1 ? .sha1 : .sha256 }
    }

    /// A CertID from its parts.
    public init(
        hashAlgorithm: AlgorithmIdentifier, issuerNameHash: [UInt8], issuerKeyHash: [UInt8], serialNumber: [UInt8]
    ) {
        self.hashAlgorithm = hashAlgorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
    }

    /// The CertID of `certificate` issued by `issuer`, hashed with `hash`.
    public init(certificate: Certificate, issuer: Certificate, hash: HashAlgorithm = .sha1) {
        self.hashAlgorithm = AlgorithmIdentifier(algorithm: hash.oid, parameters: AlgorithmIdentifier.nullElement)
        self.issuerNameHash = hash.digest.hash(Array(issuer.subject.derEncoded))
        self.issuerKeyHash = hash.digest.hash(Array(issuer.subjectPublicKeyInfo.keyBytes))
        self.serialNumber = Array(certificate.serialNumber)
    }

    /// Whether this CertID names `certificate` issued by `issuer` (recomputing the hashes with
    /// this CertID's algorithm).
    public func matches(certificate: Certificate, issuer: Certificate) -> Bool {
        let digest: DigestAlgorithm
        switch hashAlgorithm.algorithm {
        case .sha1: digest = .sha1
        case .sha256: digest = .sha256
        case .sha384: digest = .sha384
        case .sha512: digest = .sha512
        default: return false
        }
        return serialNumber.elementsEqual(certificate.serialNumber)
            && issuerNameHash == digest.hash(Array(issuer.subject.derEncoded))
            && issuerKeyHash == digest.hash(Array(issuer.subjectPublicKeyInfo.keyBytes))
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
