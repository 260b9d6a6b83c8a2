import CryptoBackend
import JPKIASN1

/// An OCSP request (RFC 6960 §4.1): one or more CertIDs and an optional nonce. Unsigned (the
/// JPKI responder does not ask for signed requests).
///
/// ```swift
/// let request = OCSPRequest(certIDs: [CertID(certificate: leaf, issuer: ca, hash: .sha256)],
///                           nonce: OCSPRequest.randomNonce())
/// let body = request.derEncoded   // POST with Content-Type: application/ocsp-request
/// ```
public struct OCSPRequest: Hashable, Sendable {
    /// The certificates asked about.
    public var certIDs: [CertID]
    /// The nonce (the octets inside the nonce extension's OCTET STRING), or `nil`.
    public var nonce: [UInt8]?
    /// Request extensions other than the nonce, kept as they are.
    public var otherExtensions: [Extension]

    /// A request for `certIDs`, with `nonce` when given.
    public init(certIDs: [CertID], nonce: [UInt8]? = nil, otherExtensions: [Extension] = []) {
        self.certIDs = certIDs
        self.nonce = nonce
        self.otherExtensions = otherExtensions
    }

    /// 32 random bytes for ``nonce`` (RFC 8954 asks for 1–32).
    public static func randomNonce() -> [UInt8] { secureRandomBytes(32) }

    /// The request's DER.
    public var derEncoded: [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { request in
            request.writeSequence { tbs in
                tbs.writeSequence { list in
                    for id in certIDs {
                        list.writeSequence { single in single.serialize(id) }
                    }
                }
                let extensions = requestExtensions
                if !extensions.isEmpty {
                    tbs.writeConstructed(.contextSpecific(2, constructed: true)) { wrapper in
                        wrapper.writeSequence { sequence in
                            for item in extensions { sequence.serialize(item) }
                        }
                    }
                }
            }
        }
        return writer.bytes
    }

    private var requestExtensions: [Extension] {
        var extensions: [Extension] = []
        if let nonce {
            var inner = DERWriter()
            inner.serialize(ASN1OctetString(nonce))
            extensions.append(Extension(oid: .ocspNonce, value: inner.bytes[...]))
        }
        return extensions + otherExtensions
    }

    /// Reads a request (unsigned or signed; a signature is not checked).
    ///
    /// - Throws: ``X509Error`` for malformed DER, an unsupported version, or an extension twice.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        let whole = bytes[...]
        let parsed: (version: (Int, Int)?, ids: [CertID], extensions: [(Extension, Int)])
        do {
            parsed = try DER.withReader(bytes) { reader throws(DERError) in
                try reader.readSequence { request throws(DERError) in
                    let tbsPart = try request.readSequence { tbs throws(DERError) in
                        var version: (Int, Int)?
                        if let offset = try tbs.peek()?.offset,
                            let number = try tbs.decodeIfPresent(
                                Int.self, explicitTag: .contextSpecific(0, constructed: true))
                        {
                            version = (number, offset)
                        }
                        _ = try tbs.readIfPresent(.contextSpecific(1, constructed: true))  // requestorName
                        var ids: [CertID] = []
                        try tbs.readSequence { list throws(DERError) in
                            while !list.isAtEnd {
                                try list.readSequence { single throws(DERError) in
                                    ids.append(try CertID(from: &single))
                                    _ = try single.readIfPresent(.contextSpecific(0, constructed: true))
                                }
                            }
                        }
                        var extensions: [(Extension, Int)] = []
                        if let wrapper = try tbs.readIfPresent(.contextSpecific(2, constructed: true)) {
                            var inner = try tbs.children(of: wrapper)
                            extensions = try Extensions.readList(try inner.read(.sequence), in: inner, bytes: whole)
                            try inner.finish()
                        }
                        return (version, ids, extensions)
                    }
                    _ = try request.readIfPresent(.contextSpecific(0, constructed: true))  // optionalSignature
                    return tbsPart
                }
            }
        } catch {
            throw .malformed(error)
        }
        if let (number, offset) = parsed.version {
            // v1 (0) is the DEFAULT, which DER never encodes; there is no other version.
            throw .unsupportedVersion(number, offset: offset)
        }
        let extensions = try Extensions.checkedUnique(parsed.extensions)
        var nonce: [UInt8]?
        var others: [Extension] = []
        for item in extensions {
            if item.oid == .ocspNonce {
                do {
                    nonce = try DER.parse(ASN1OctetString.self, from: Array(item.value)).bytes
                } catch {
                    throw .invalidExtension(.ocspNonce, error)
                }
            } else {
                others.append(item)
            }
        }
        self.init(certIDs: parsed.ids, nonce: nonce, otherExtensions: others)
    }
}

extension ASN1ObjectIdentifier {
    /// id-pkix-ocsp-nonce, 1.3.6.1.5.5.7.48.1.2
    public static let ocspNonce: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.48.1.2"
    /// id-pkix-ocsp-basic, 1.3.6.1.5.5.7.48.1.1
    public static let ocspBasicResponse: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.48.1.1"
}
