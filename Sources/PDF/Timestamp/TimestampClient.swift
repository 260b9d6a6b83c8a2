import CryptoBackend
import Foundation
import JPKIASN1
import JPKIVerification

/// An RFC 3161 time-stamp request: the digest to stamp, a nonce, and the TSA's certificate
/// asked for in the answer.
public struct TimestampRequest: Hashable, Sendable {
    /// The digest algorithm.
    public var algorithm: DigestAlgorithm
    /// The digest of the data to stamp.
    public var digest: [UInt8]
    /// A random nonce (content octets of a positive INTEGER).
    public var nonce: [UInt8]
    /// Whether the TSA is asked to include its certificate (`certReq`).
    public var requestCertificate: Bool

    /// A request for `data`'s digest with a fresh 8-byte nonce.
    public init(stamping data: some Collection<UInt8>, algorithm: DigestAlgorithm = .sha256) {
        self.init(digest: algorithm.hash(data), algorithm: algorithm)
    }

    /// A request for a digest computed elsewhere.
    public init(digest: [UInt8], algorithm: DigestAlgorithm = .sha256, requestCertificate: Bool = true) {
        self.algorithm = algorithm
        self.digest = digest
        self.requestCertificate = requestCertificate
        var random = secureRandomBytes(8)
        random[0] &= 0x7F
        if random[0] == 0 { random[0] = 1 }
        nonce = random
    }

    /// The TimeStampReq's DER.
    public var derEncoded: [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { request in
            request.serialize(1)
            request.writeSequence { imprint in
                imprint.writeSequence { identifier in
                    identifier.serialize(algorithm.objectIdentifier)
                    identifier.writeNull()
                }
                imprint.serialize(ASN1OctetString(digest))
            }
            request.writePrimitive(.integer, content: nonce)
            if requestCertificate { request.writePrimitive(.boolean, content: [0xFF]) }
        }
        return writer.bytes
    }

    /// The token of a TimeStampResp, checked against this request (status granted, imprint and
    /// nonce equal).
    ///
    /// - Throws: ``TimestampError``.
    public func token(fromResponse der: [UInt8]) throws(TimestampError) -> TimestampToken {
        typealias Parsed = (status: Int, text: String, token: [UInt8]?)
        let parsed: Parsed
        do {
            parsed = try DER.withReader(der) { reader throws(DERError) -> Parsed in
                let result = try reader.readSequence { response throws(DERError) -> Parsed in
                    let (status, text) = try response.readSequence { info throws(DERError) -> (Int, String) in
                        let status = try info.readInteger(as: Int.self)
                        var text = ""
                        if let strings = try info.readIfPresent(.sequence) {
                            var list = try info.children(of: strings)
                            while let element = try list.next() {
                                text += String(decoding: list.content(of: element), as: UTF8.self)
                            }
                        }
                        _ = try info.readIfPresent(.bitString)  // failInfo
                        return (status, text)
                    }
                    var token: [UInt8]?
                    if let node = try response.readIfPresent(.sequence) { token = Array(response.encoding(of: node)) }
                    return (status, text, token)
                }
                try reader.finish()
                return result
            }
        } catch {
            throw .malformed("TimeStampResp: \(error.description)")
        }
        guard parsed.status == 0 || parsed.status == 1 else {
            throw .rejected(status: parsed.status, text: parsed.text)
        }
        guard let tokenDER = parsed.token else { throw .malformed("status granted but no token") }
        let token = try TimestampToken(derEncoded: tokenDER)
        guard token.imprintAlgorithm == algorithm, token.imprint == digest else {
            throw .mismatch("the token stamps another digest")
        }
        guard token.nonce == nonce else { throw .mismatch("the nonce is missing or differs") }
        return token
    }
}

/// An RFC 3161 client over HTTP (`application/timestamp-query`), through the same injectable
/// `HTTPTransport` as the OCSP client.
public struct TimestampClient: Sendable {
    /// The TSA's URL.
    public var url: URL
    /// The HTTP layer.
    public var transport: any HTTPTransport
    /// The bound on the whole exchange.
    public var timeout: Duration

    /// A client of the TSA at `url`.
    public init(url: URL, transport: any HTTPTransport = URLSessionTransport(), timeout: Duration = .seconds(30)) {
        self.url = url
        self.transport = transport
        self.timeout = timeout
    }

    /// A token for `digest` (SHA-256 by default).
    ///
    /// - Throws: ``TimestampError``.
    public func timestamp(digest: [UInt8], algorithm: DigestAlgorithm = .sha256) async throws(TimestampError)
        -> TimestampToken
    {
        let request = TimestampRequest(digest: digest, algorithm: algorithm)
        let response: HTTPResponse
        do {
            response = try await transport.post(
                url, body: request.derEncoded, contentType: "application/timestamp-query", timeout: timeout)
        } catch {
            throw .transport(error.description)
        }
        guard response.status == 200 else { throw .transport("HTTP \(response.status) from \(url)") }
        return try request.token(fromResponse: response.body)
    }
}
