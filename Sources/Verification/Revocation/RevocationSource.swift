import Foundation
import JPKIASN1
import JPKIX509

/// What answered a revocation question: a CRL (which one) or an OCSP response.
public struct RevocationEvidence: Codable, Hashable, Sendable {
    /// `crl`, `delta-crl` or `ocsp`.
    public var kind: String
    /// The CRL's or OCSP responder's issuer name (RFC 4514).
    public var issuer: String
    /// The CRL number in hexadecimal, when the CRL has one.
    public var crlNumber: String?
    /// The CRL's thisUpdate, or the OCSP single response's thisUpdate, to the second.
    public var thisUpdate: Date?
    /// The CRL's or OCSP single response's nextUpdate, to the second, when it has one.
    public var nextUpdate: Date?
    /// The distribution point the CRL is for (RFC 4514 of its directoryName), when it names one.
    public var distributionPoint: String?
    /// What the CRL covers: `complete` (no issuing distribution point), or its distribution
    /// point, certificate kinds, reasons and `indirect`; `nil` for OCSP.
    public var scope: String?
    /// The OCSP response's producedAt, to the second.
    public var producedAt: Date?
    /// The OCSP responder URL.
    public var responderURL: String?

    /// Evidence from a CRL that covers `scope`.
    public init(
        crl: CertificateRevocationList, kind: String = "crl", distributionPoint: String?, scope: String? = nil
    ) {
        self.kind = kind
        issuer = crl.issuer.description
        crlNumber = crl.crlNumber.map { Hex.encode($0.contentBytes) }
        thisUpdate = Date(wholeSecondsOf: crl.thisUpdate)
        nextUpdate = crl.nextUpdate.map { Date(wholeSecondsOf: $0) }
        self.distributionPoint = distributionPoint
        self.scope = scope
    }

    /// Evidence from an OCSP response.
    public init(ocsp response: BasicOCSPResponse, single: BasicOCSPResponse.SingleResponse, url: String?) {
        kind = "ocsp"
        switch response.responderID {
        case .byName(let name): issuer = name.description
        case .byKey(let hash): issuer = "key " + Hex.encode(hash)
        }
        thisUpdate = Date(wholeSecondsOf: single.thisUpdate)
        nextUpdate = single.nextUpdate.map { Date(wholeSecondsOf: $0) }
        producedAt = Date(wholeSecondsOf: response.producedAt)
        responderURL = url
    }
}

extension RevocationEvidence {
    private enum CodingKeys: String, CodingKey {
        case kind, issuer, crlNumber, thisUpdate, nextUpdate, distributionPoint, scope, producedAt, responderURL
    }

    /// Reads evidence written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        issuer = try container.decode(String.self, forKey: .issuer)
        crlNumber = try container.decodeIfPresent(String.self, forKey: .crlNumber)
        thisUpdate = try container.decodeSecondsIfPresent(forKey: .thisUpdate)
        nextUpdate = try container.decodeSecondsIfPresent(forKey: .nextUpdate)
        distributionPoint = try container.decodeIfPresent(String.self, forKey: .distributionPoint)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        producedAt = try container.decodeSecondsIfPresent(forKey: .producedAt)
        responderURL = try container.decodeIfPresent(String.self, forKey: .responderURL)
    }

    /// Writes the evidence, its instants in whole seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(issuer, forKey: .issuer)
        try container.encodeIfPresent(crlNumber, forKey: .crlNumber)
        try container.encodeSecondsIfPresent(thisUpdate, forKey: .thisUpdate)
        try container.encodeSecondsIfPresent(nextUpdate, forKey: .nextUpdate)
        try container.encodeIfPresent(distributionPoint, forKey: .distributionPoint)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeSecondsIfPresent(producedAt, forKey: .producedAt)
        try container.encodeIfPresent(responderURL, forKey: .responderURL)
    }
}

/// A revocation source's answer about one certificate.
public enum RevocationStatus: Hashable, Sendable {
    /// Not revoked, according to `evidence`.
    case good(RevocationEvidence)
    /// Revoked at `revocationTime` (to the second) for `reason` (`nil` when the CRL entry or
    /// OCSP response gives none), according to `evidence`.
    case revoked(reason: RevocationReason?, revocationTime: Date, evidence: RevocationEvidence)
    /// The source cannot tell: no CRL for the certificate's distribution point, a stale CRL, no
    /// OCSP responder, a network failure, a response that does not verify.
    case unavailable(String)
}

/// Something that can say whether a certificate is revoked: ``CRLStore``, ``OCSPClient``, or
/// your own.
public protocol RevocationSource: Sendable {
    /// The status of `certificate`, issued by `issuer`, at the validation time `time`.
    func status(of certificate: Certificate, issuer: Certificate, at time: Date) async -> RevocationStatus
}

/// Which sources a verifier asks, in which order, and what an unanswered question means.
public struct RevocationPolicy: Sendable {
    /// What to do when no source can tell.
    public enum FailureMode: String, Codable, Hashable, Sendable {
        /// Unavailable status makes the verification fail.
        case hardFail = "hard-fail"
        /// Unavailable status is recorded in the report, and the verification goes on.
        case softFail = "soft-fail"
    }

    /// The sources, asked in order until one answers good or revoked.
    public var sources: [any RevocationSource]
    /// What an unanswered question means.
    public var failureMode: FailureMode
    /// Whether CA certificates below the anchor are checked too (the leaf always is).
    public var checkIntermediates: Bool

    /// A policy asking `sources` in order.
    public init(sources: [any RevocationSource], failureMode: FailureMode = .hardFail, checkIntermediates: Bool = true)
    {
        self.sources = sources
        self.failureMode = failureMode
        self.checkIntermediates = checkIntermediates
    }

    /// No revocation checking (the report says so).
    public static let none = RevocationPolicy(sources: [], failureMode: .softFail)

    /// Hard-fail on `source`: a certificate whose status is unknown is invalid.
    public static func hardFail(_ source: any RevocationSource) -> RevocationPolicy {
        RevocationPolicy(sources: [source], failureMode: .hardFail)
    }

    /// Soft-fail on `source`: an unknown status is reported, not fatal.
    public static func softFail(_ source: any RevocationSource) -> RevocationPolicy {
        RevocationPolicy(sources: [source], failureMode: .softFail)
    }

    /// The CRL store first, then OCSP when the store cannot tell.
    public static func crlThenOCSP(
        _ crls: CRLStore, _ ocsp: OCSPClient, failureMode: FailureMode = .hardFail
    ) -> RevocationPolicy {
        RevocationPolicy(sources: [crls, ocsp], failureMode: failureMode)
    }
}
