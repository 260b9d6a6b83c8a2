import Foundation
import JPKIASN1
import JPKIX509

/// Builds a CMS SignedData (RFC 5652) around a signature made elsewhere — by a My Number
/// Card, or any signer that can sign a SHA-256 DigestInfo with RSA PKCS #1 v1.5.
///
/// The signed attributes are contentType (id-data), messageDigest (SHA-256 of the content) and
/// signingTime; the signer is named by issuer and serial number; the signer's certificate and
/// the given intermediates are included. The content is attached or detached.
///
/// ```swift
/// let builder = CMSSignedDataBuilder(content: document, signerCertificate: signatureCertificate)
/// // The card signs builder.digestInfo (COMPUTE DIGITAL SIGNATURE with the signature key):
/// let signature = try await card.sign(digestInfo: builder.digestInfo)
/// let cms = builder.build(signature: signature)          // DER, `openssl cms -verify` reads it
/// ```
public struct CMSSignedDataBuilder: Sendable {
    /// The content signed.
    public var content: [UInt8]
    /// Whether the content is left out of the message (a detached signature).
    public var detached: Bool
    /// The signer's certificate.
    public var signerCertificate: Certificate
    /// Further certificates to include (intermediates; the root is not needed).
    public var intermediates: [Certificate]
    /// The signingTime attribute (written to the second; not written with ``SignedAttributes/pades``).
    public var signingTime: Date
    /// Which signed attributes the signer info carries.
    public var attributes: SignedAttributes = .standard
    /// The content's SHA-256 when it was computed elsewhere (a PDF's byte ranges, hashed where
    /// they lie): the messageDigest attribute is then this, and ``content`` is not read.
    public var contentDigest: [UInt8]?

    /// The signed attributes of the message.
    public enum SignedAttributes: Hashable, Sendable {
        /// contentType, messageDigest and signingTime.
        case standard
        /// contentType, messageDigest and signingCertificateV2 (the signer certificate's
        /// SHA-256, RFC 5035), without signingTime: what PAdES (ETSI EN 319 142-1) asks of a PDF
        /// signature, whose time goes in the signature dictionary's `/M`.
        case pades
    }

    /// A builder of a SignedData over `content` by the holder of `signerCertificate` (a JPKI
    /// signature certificate), including `intermediates`, detached by default, with
    /// `signingTime` (now by default) as its signingTime attribute.
    public init(
        content: [UInt8], signerCertificate: Certificate, intermediates: [Certificate] = [], detached: Bool = true,
        signingTime: Date = Date()
    ) {
        self.content = content
        self.signerCertificate = signerCertificate
        self.intermediates = intermediates
        self.detached = detached
        self.signingTime = signingTime
    }

    /// The signed attributes as they are signed: a DER SET OF Attribute.
    public var signedAttributesDER: [UInt8] {
        var writer = DERWriter()
        writer.writeSetOf(signedAttributes, tag: .set)
        return writer.bytes
    }

    /// What the signer signs: the SHA-256 DigestInfo of ``signedAttributesDER`` (a My Number
    /// Card applies PKCS #1 v1.5 padding and its private key to it).
    public var digestInfo: [UInt8] {
        DigestAlgorithm.sha256.digestInfoPrefix + DigestAlgorithm.sha256.hash(signedAttributesDER)
    }

    /// The ContentInfo's DER with `signature` (RSA PKCS #1 v1.5 over ``digestInfo``) and the
    /// unsigned attributes given (a signature timestamp token).
    public func build(signature: [UInt8], unsignedAttributes: [CMSAttribute] = []) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { info in
            info.serialize(CMSSignedData.signedDataOID)
            info.writeConstructed(.contextSpecific(0, constructed: true)) { wrapper in
                wrapper.writeSequence { signed in
                    signed.serialize(1)
                    signed.writeSetOf([RawDER(Self.sha256Algorithm)], tag: .set)
                    signed.writeSequence { encapsulated in
                        encapsulated.serialize(CMSSignedData.dataOID)
                        if !detached {
                            encapsulated.writeConstructed(.contextSpecific(0, constructed: true)) { inner in
                                inner.serialize(ASN1OctetString(content))
                            }
                        }
                    }
                    signed.writeSetOf(
                        ([signerCertificate] + intermediates).map { RawDER($0.derEncoded) },
                        tag: .contextSpecific(0, constructed: true))
                    signed.writeSetOf(
                        [RawDER(signerInfo(signature: signature, unsignedAttributes: unsignedAttributes))], tag: .set)
                }
            }
        }
        return writer.bytes
    }

    /// Asks `signer` to sign ``digestInfo`` and builds the message.
    ///
    /// - Throws: ``CMSError/signingFailed(_:)`` with the signer's error.
    public func sign(with signer: (_ digestInfo: [UInt8]) async throws -> [UInt8]) async throws(CMSError) -> [UInt8] {
        do {
            return build(signature: try await signer(digestInfo))
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    private var signedAttributes: [RawDER] {
        let digest = contentDigest ?? DigestAlgorithm.sha256.hash(content)
        var list = [
            Self.attribute(CMSSignedData.contentTypeAttributeOID) { $0.serialize(CMSSignedData.dataOID) },
            Self.attribute(CMSSignedData.messageDigestAttributeOID) { $0.serialize(ASN1OctetString(digest)) },
        ]
        switch attributes {
        case .standard:
            list.append(
                Self.attribute(CMSSignedData.signingTimeAttributeOID) {
                    $0.serialize(ASN1Time(secondsSince1970: signingTime.secondsSince1970))
                })
        case .pades:
            // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with
            // the default hash (SHA-256, left out) and the certificate's hash.
            let hash = DigestAlgorithm.sha256.hash(signerCertificate.derEncoded)
            list.append(
                Self.attribute(CMSSignedData.signingCertificateV2AttributeOID) { value in
                    value.writeSequence { certificates in
                        certificates.writeSequence { list in
                            list.writeSequence { certificate in certificate.serialize(ASN1OctetString(hash)) }
                        }
                    }
                })
        }
        return list
    }

    private func signerInfo(signature: [UInt8], unsignedAttributes: [CMSAttribute]) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { info in
            info.serialize(1)
            info.writeSequence { sid in
                sid.appendEncoded(signerCertificate.issuer.derEncoded)
                sid.writePrimitive(.integer, content: signerCertificate.serialNumber)
            }
            info.appendEncoded(Self.sha256Algorithm)
            info.writeSetOf(signedAttributes, tag: .contextSpecific(0, constructed: true))
            info.writeSequence { algorithm in
                algorithm.serialize(ASN1ObjectIdentifier.rsaEncryption)
                algorithm.writeNull()
            }
            info.serialize(ASN1OctetString(signature))
            if !unsignedAttributes.isEmpty {
                info.writeSetOf(
                    unsignedAttributes.map { RawDER($0.derEncoded) }, tag: .contextSpecific(1, constructed: true))
            }
        }
        return writer.bytes
    }

    /// `SEQUENCE { sha256 }` (parameters absent, RFC 5754).
    static let sha256Algorithm: [UInt8] = {
        var writer = DERWriter()
        writer.writeSequence { $0.serialize(ASN1ObjectIdentifier.sha256) }
        return writer.bytes
    }()

    private static func attribute(_ type: ASN1ObjectIdentifier, _ value: (inout DERWriter) -> Void) -> RawDER {
        var writer = DERWriter()
        writer.writeSequence { attribute in
            attribute.serialize(type)
            attribute.writeConstructed(.set) { value(&$0) }
        }
        return RawDER(writer.bytes)
    }
}

/// An element that is already DER, to put in a SET OF.
struct RawDER: DERSerializable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func serialize(into writer: inout DERWriter) { writer.appendEncoded(bytes) }
}
