import Foundation
import JPKIASN1
import JPKIX509

/// Why an OCSP query gave no usable answer.
public enum OCSPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Neither the configuration nor the certificate's authorityInfoAccess names a responder.
    case noResponder
    /// The HTTP exchange failed or timed out.
    case transport(String)
    /// The responder answered with an HTTP status other than 200.
    case httpStatus(Int)
    /// The response does not parse.
    case malformed(String)
    /// The responder's status is not `successful`.
    case unsuccessful(String)
    /// The response's signature does not verify, or its signer is not authorized.
    case badSignature(String)
    /// The response does not answer for the certificate asked about.
    case wrongCertificate
    /// The response holds several entries for the certificate with different statuses (one
    /// "good", another "revoked", say): it is refused, never read by picking one. `statuses`
    /// lists them in the response's order.
    case ambiguousResponse(statuses: [String])
    /// The nonce is missing or differs from the request's.
    case nonceMismatch
    /// The response is not fresh at the validation time.
    case stale(String)

    /// One line.
    public var description: String {
        switch self {
        case .noResponder: return "no OCSP responder URL"
        case .transport(let why): return "OCSP request failed: \(why)"
        case .httpStatus(let status): return "OCSP responder answered HTTP \(status)"
        case .malformed(let why): return "malformed OCSP response: \(why)"
        case .unsuccessful(let status): return "OCSP responder status \(status)"
        case .badSignature(let why): return "OCSP response signature: \(why)"
        case .wrongCertificate: return "OCSP response is not about the certificate asked"
        case .ambiguousResponse(let statuses):
            return "OCSP response has \(statuses.count) entries for the certificate with different statuses ("
                + statuses.joined(separator: ", ") + "): refused"
        case .nonceMismatch: return "OCSP nonce missing or different"
        case .stale(let why): return "OCSP response not fresh: \(why)"
        }
    }
}

/// An OCSP client (RFC 6960): builds the request, POSTs it, verifies the response.
///
/// - The request names the certificate by a SHA-256 CertID (SHA-1 available) and carries a
///   fresh 32-byte nonce.
/// - The response must be signed by the certificate's issuer, or by a responder the issuer
///   delegated to (a certificate it issued with the OCSP-signing extended key usage, valid at
///   the validation time); the nonce must come back; thisUpdate must not be in the future and
///   nextUpdate (or, without one, thisUpdate plus ``Configuration/maximumAge``) not in the past,
///   both within ``Configuration/clockSkew``.
/// - HTTP goes through an injectable ``HTTPTransport`` (``URLSessionTransport`` by default),
///   with ``Configuration/timeout`` bounding the whole exchange.
public final class OCSPClient: RevocationSource, Sendable {
    /// The client's settings.
    public struct Configuration: Sendable {
        /// The CertID hash: SHA-256 by default.
        public var hashAlgorithm: DigestAlgorithm
        /// Whether to send a nonce and require it back.
        public var useNonce: Bool
        /// The longest the whole HTTP exchange may take (clamped to 0.1–60 seconds).
        public var timeout: Duration
        /// The clock skew tolerated on thisUpdate and nextUpdate (whole seconds).
        public var clockSkew: Duration
        /// How old a response without nextUpdate may be (whole seconds).
        public var maximumAge: Duration
        /// The responder URL; `nil` to use the certificate's authorityInfoAccess.
        public var responderURL: URL?

        /// Settings: by default a SHA-256 CertID, a nonce, 10 seconds for the exchange, 5 minutes
        /// of clock skew, an hour of age for a response without nextUpdate, and the responder of
        /// the certificate's authorityInfoAccess.
        public init(
            hashAlgorithm: DigestAlgorithm = .sha256, useNonce: Bool = true, timeout: Duration = .seconds(10),
            clockSkew: Duration = .seconds(300), maximumAge: Duration = .seconds(3600), responderURL: URL? = nil
        ) {
            self.hashAlgorithm = hashAlgorithm
            self.useNonce = useNonce
            self.timeout = timeout
            self.clockSkew = clockSkew
            self.maximumAge = maximumAge
            self.responderURL = responderURL
        }
    }

    /// A verified answer about one certificate.
    public struct Answer: Sendable {
        /// The certificate's status: good, revoked (when, why), or unknown to the responder.
        public var status: BasicOCSPResponse.CertificateStatus
        /// The responder and the response's times, as reports quote them.
        public var evidence: RevocationEvidence
        /// The verified BasicOCSPResponse.
        public var response: BasicOCSPResponse
    }

    /// The settings.
    public let configuration: Configuration
    /// The HTTP layer.
    public let transport: any HTTPTransport

    /// A client with `configuration`, over `transport` (`URLSession` by default).
    public init(configuration: Configuration = Configuration(), transport: any HTTPTransport = URLSessionTransport()) {
        self.configuration = configuration
        self.transport = transport
    }

    /// The status of `certificate`, or ``RevocationStatus/unavailable(_:)`` with the reason
    /// when the query fails.
    public func status(of certificate: Certificate, issuer: Certificate, at time: Date) async -> RevocationStatus {
        do {
            let answer = try await query(certificate, issuer: issuer, at: time)
            switch answer.status {
            case .good: return .good(answer.evidence)
            case .revoked(let revokedAt, let reason):
                return .revoked(
                    reason: reason, revocationTime: Date(wholeSecondsOf: revokedAt), evidence: answer.evidence)
            case .unknown: return .unavailable("OCSP responder does not know the certificate")
            }
        } catch {
            return .unavailable(error.description)
        }
    }

    /// Asks the responder about `certificate` and verifies the answer at `time`.
    ///
    /// - Throws: ``OCSPClientError``.
    public func query(_ certificate: Certificate, issuer: Certificate, at time: Date) async throws(OCSPClientError)
        -> Answer
    {
        guard let url = configuration.responderURL ?? Self.responderURL(of: certificate) else { throw .noResponder }
        let nonce = configuration.useNonce ? OCSPRequest.randomNonce() : nil
        let request = OCSPRequest(
            certIDs: [CertID(certificate: certificate, issuer: issuer, hash: configuration.hashAlgorithm)], nonce: nonce
        )
        let response: HTTPResponse
        do {
            response = try await transport.post(
                url, body: request.derEncoded, contentType: "application/ocsp-request",
                timeout: min(max(configuration.timeout, .milliseconds(100)), .seconds(60)))
        } catch {
            throw .transport(error.description)
        }
        guard response.status == 200 else { throw .httpStatus(response.status) }
        return try verify(response.body, for: certificate, issuer: issuer, nonce: nonce, at: time, url: url)
    }

    /// Verifies a response's DER for `certificate` issued by `issuer`, sent with `nonce`, at the
    /// validation time `date`; `url` is recorded in the evidence.
    ///
    /// - Throws: ``OCSPClientError``.
    public func verify(
        _ der: [UInt8], for certificate: Certificate, issuer: Certificate, nonce: [UInt8]?, at date: Date,
        url: URL? = nil
    ) throws(OCSPClientError) -> Answer {
        let time = date.secondsSince1970
        let parsed: OCSPResponse
        do {
            parsed = try OCSPResponse(derEncoded: der)
        } catch {
            throw .malformed(error.description)
        }
        guard parsed.status == .successful, let basic = parsed.basicResponse else {
            throw .unsuccessful("\(parsed.status)")
        }
        try Self.checkSigner(basic, issuer: issuer, at: time)
        let single: BasicOCSPResponse.SingleResponse
        switch basic.match(certificate: certificate, issuer: issuer) {
        case .found(let found): single = found
        case .notFound: throw .wrongCertificate
        case .conflicting(let entries): throw .ambiguousResponse(statuses: entries.map { "\($0.status)" })
        }
        if let nonce, basic.nonce != nonce { throw .nonceMismatch }
        let skew = configuration.clockSkew.wholeSeconds
        if single.thisUpdate.secondsSince1970 > time + skew {
            throw .stale("thisUpdate \(single.thisUpdate) is after the validation time")
        }
        if let next = single.nextUpdate {
            if next.secondsSince1970 < time - skew { throw .stale("nextUpdate \(next) has passed") }
        } else if time - single.thisUpdate.secondsSince1970 > configuration.maximumAge.wholeSeconds + skew {
            throw .stale("thisUpdate \(single.thisUpdate) is older than \(configuration.maximumAge)")
        }
        return Answer(
            status: single.status, evidence: RevocationEvidence(ocsp: basic, single: single, url: url?.absoluteString),
            response: basic)
    }

    /// Checks that the response is signed by `issuer` or by a responder it delegated to, valid at
    /// `time` (whole seconds since 1970).
    static func checkSigner(_ basic: BasicOCSPResponse, issuer: Certificate, at time: Int64) throws(OCSPClientError) {
        if identifies(basic.responderID, issuer) {
            guard basic.isSignature(validFor: issuer) else {
                throw .badSignature("does not verify with the issuer's key")
            }
            return
        }
        guard let responder = basic.certificates.first(where: { identifies(basic.responderID, $0) }) else {
            throw .badSignature("responder certificate not included")
        }
        guard responder.issuer == issuer.subject, responder.isSignature(validFor: issuer) else {
            throw .badSignature("responder certificate not issued by the certificate's issuer")
        }
        guard let usage = try? responder.extensions.extendedKeyUsage, usage.contains(ExtendedKeyUsage.ocspSigning)
        else { throw .badSignature("responder certificate lacks the OCSP-signing extended key usage") }
        guard responder.isValid(atSecondsSince1970: time) else {
            throw .badSignature("responder certificate not valid at the validation time")
        }
        guard basic.isSignature(validFor: responder) else {
            throw .badSignature("does not verify with the responder's key")
        }
    }

    static func identifies(_ id: BasicOCSPResponse.ResponderID, _ certificate: Certificate) -> Bool {
        switch id {
        case .byName(let name): return name == certificate.subject
        case .byKey(let hash):
            return hash == DigestAlgorithm.sha1.hash(Array(certificate.subjectPublicKeyInfo.keyBytes))
        }
    }

    /// The first OCSP URL of the certificate's authorityInfoAccess.
    static func responderURL(of certificate: Certificate) -> URL? {
        guard let access = try? certificate.extensions.authorityInformationAccess else { return nil }
        for location in access.ocspLocations {
            if case .uniformResourceIdentifier(let text) = location, let url = URL(string: text) { return url }
        }
        return nil
    }
}
