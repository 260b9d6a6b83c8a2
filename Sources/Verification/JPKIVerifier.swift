import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

/// The result of verifying a signed document: the report and, when valid, who signed.
public struct SignatureVerificationResult: Sendable {
    /// The audit record.
    public var report: VerificationReport
    /// The signer's basic 4 information (name, sex, birth date, address), when the signature,
    /// the chain and the revocation status are all valid and the certificate carries it.
    public var signer: BasicFourInformation?
    /// The signer's certificate.
    public var certificate: Certificate

    /// Whether the report's verdict is valid.
    public var isValid: Bool { report.isValid }
}

/// The relying party's verifier: decides whether to trust what came from a My Number Card (a
/// certificate, and a signature over a challenge or a document), and records why.
///
/// A verifier holds trust anchors (by default the six J-LIS roots embedded in the SDK,
/// ``TrustAnchors/jlis``; or custom ones), intermediates to build chains with, and a revocation
/// policy. It is immutable and `Sendable`: one instance serves any number of concurrent
/// requests (the ``CRLStore`` it may use is updated in place, atomically). Reports name the
/// root that anchored each chain (``VerificationReport/trustAnchor``, e.g. `J-LIS
/// user-authentication root 2023`).
///
/// ```swift
/// let crls = CRLStore(grace: .seconds(3600))                 // the embedded J-LIS roots
/// try crls.update(contentsOfFile: "/var/jpki/auth-13101.crl")
/// let verifier = JPKIVerifier(revocation: .hardFail(crls))
///
/// let login = await verifier.verifyAuthentication(challenge: nonce, signature: sig, certificate: authCert)
/// guard login.isValid else { throw LoginRefused(login.reasons) }
/// ```
public final class JPKIVerifier: Sendable {
    /// The trust anchors.
    public let anchors: TrustAnchors
    /// Intermediates always offered to chain building (the JPKI has none; other PKIs may).
    public let intermediates: [Certificate]
    /// The revocation policy.
    public let revocation: RevocationPolicy
    /// The relying party's RFC 5280 settings: accepted certificate policies, the initial policy
    /// flags and the initial name subtrees (RFC 5280's defaults unless given).
    public let policy: VerificationPolicy
    /// Keys and summaries of the anchors and intermediates, worked out once.
    let known: KnownCertificates
    /// The revocation check's details for good answers, made once per piece of evidence.
    let revocationDetails = RevocationDetails()

    /// A verifier trusting `anchors` (by default the embedded, pinned J-LIS roots), building
    /// chains through `intermediates`, asking about revocation as `revocation` says (by default
    /// not at all: reports then record `none`), and validating paths with the RFC 5280 settings of
    /// `policy` (by default RFC 5280's: any policy, no initial flag, no initial name subtree).
    public init(
        anchors: TrustAnchors = .jlis, intermediates: [Certificate] = [], revocation: RevocationPolicy = .none,
        policy: VerificationPolicy = .rfc5280
    ) {
        self.anchors = anchors
        self.intermediates = intermediates
        self.revocation = revocation
        self.policy = policy
        known = KnownCertificates(anchors.certificates + intermediates)
    }

    // MARK: The three flows

    /// Validates `certificate`'s chain to an anchor at `time`, and its revocation status.
    public func verifyCertificate(
        _ certificate: Certificate, intermediates extra: [Certificate] = [], at time: Date = Date()
    ) async -> VerificationReport {
        var report = newReport("certificate", time)
        _ = await validate(certificate, extra: extra, requirements: .any, report: &report)
        return report
    }

    /// The log-in flow: whether `signature` is the card's signature over `challenge` with the
    /// key of `certificate` (a user-authentication certificate in the JPKI), and the certificate
    /// valid at `time`.
    ///
    /// - Parameter algorithm: how the card signed: by default RSA PKCS #1 v1.5 over the
    ///   SHA-256 DigestInfo of the challenge.
    public func verifyAuthentication(
        challenge: some Collection<UInt8>, signature: some Collection<UInt8>, certificate: Certificate,
        intermediates extra: [Certificate] = [], algorithm: AlgorithmIdentifier = .sha256WithRSAEncryption,
        at time: Date = Date()
    ) async -> VerificationReport {
        var report = newReport("authentication", time)
        report.inputs += [
            .init(name: "challenge", bytes: challenge), .init(name: "signature", bytes: signature),
        ]
        checkDataSignature(signature, over: challenge, certificate: certificate, algorithm: algorithm, &report)
        _ = await validate(
            certificate, extra: extra,
            requirements: LeafRequirements(anyOfKeyUsage: [.digitalSignature], jpkiPurpose: .userAuthentication),
            report: &report)
        return report
    }

    /// The document flow: whether `signature` is a signature over `document` with the key of
    /// `certificate` (a signature certificate in the JPKI), the certificate valid at `time`;
    /// returns the signer's basic 4 information when everything holds.
    public func verifySignature(
        of document: some Collection<UInt8>, signature: some Collection<UInt8>, certificate: Certificate,
        intermediates extra: [Certificate] = [], algorithm: AlgorithmIdentifier = .sha256WithRSAEncryption,
        at time: Date = Date()
    ) async -> SignatureVerificationResult {
        var report = newReport("signature", time)
        report.inputs += [
            .init(name: "document", bytes: document), .init(name: "signature", bytes: signature),
        ]
        checkDataSignature(signature, over: document, certificate: certificate, algorithm: algorithm, &report)
        _ = await validate(
            certificate, extra: extra,
            requirements: LeafRequirements(
                anyOfKeyUsage: [.digitalSignature, .nonRepudiation], jpkiPurpose: .signature),
            report: &report)
        // The signer first: it records its check in the report the result then carries.
        let information = signer(of: certificate, &report)
        return SignatureVerificationResult(report: report, signer: information, certificate: certificate)
    }

    /// The report of an operation (`certificate`, `authentication`, `signature`, `cms`) whose
    /// input could not be read, for callers that read their inputs themselves (a certificate of
    /// the path that does not parse, say): invalid, with
    /// ``VerificationFailure/malformedInput(detail:)`` saying why.
    public func malformedInputReport(operation: String, detail: String, at time: Date = Date())
        -> VerificationReport
    {
        var report = newReport(operation, time)
        report.fail(.path, nil, .malformedInput(detail: detail))
        return report
    }

    // MARK: Steps

    func newReport(_ operation: String, _ time: Date) -> VerificationReport {
        VerificationReport(
            operation: operation, at: time,
            revocationPolicy: revocation.sources.isEmpty ? "none" : revocation.failureMode.rawValue)
    }

    /// The basic 4 information of `certificate`, recorded in the report; `nil` when the report
    /// is invalid or the certificate carries none.
    func signer(of certificate: Certificate, _ report: inout VerificationReport) -> BasicFourInformation? {
        guard report.isValid else { return nil }
        do {
            let information = try certificate.basicFourInformation
            report.pass(.basicFourInformation, 0, information == nil ? "none in the certificate" : "decoded")
            return information
        } catch {
            report.fail(
                .basicFourInformation, 0,
                .malformedExtension(
                    CertificateReference(certificate, position: 0), oid: "2.5.29.17", detail: "\(error)"))
            return nil
        }
    }

    /// Checks a signature over data with the leaf's key.
    func checkDataSignature(
        _ signature: some Collection<UInt8>, over data: some Collection<UInt8>, certificate: Certificate,
        algorithm: AlgorithmIdentifier, _ report: inout VerificationReport
    ) {
        switch SignatureChecker.check(
            signature: signature, message: data, algorithm: algorithm, key: certificate.subjectPublicKeyInfo)
        {
        case .valid: report.pass(.dataSignature, 0, "\(algorithm)")
        case .invalid:
            report.fail(.dataSignature, 0, .signatureMismatch(detail: "\(algorithm) with the key of certificate 0"))
        case .unsupportedAlgorithm:
            report.fail(.dataSignature, 0, .signatureMismatch(detail: "unsupported algorithm \(algorithm)"))
        }
    }

    /// Path validation and revocation; returns the path when one was built.
    func validate(
        _ leaf: Certificate, extra: [Certificate], requirements: LeafRequirements, report: inout VerificationReport
    ) async -> [Certificate]? {
        defer { report.inputs.append(.certificate(leaf, chain: report.chain)) }
        let validator = PathValidator(
            anchors: anchors, intermediates: extra.isEmpty ? intermediates : intermediates + extra, known: known,
            policy: policy)
        guard
            let path = validator.validate(
                leaf, at: report.validationTime.secondsSince1970, requirements: requirements, report: &report)
        else { return nil }
        await checkRevocation(path, report: &report)
        return path
    }

    /// The status of `path[position]` from `source`. When the source cannot tell with the
    /// certificate's issuer, the certificates above it in the path that bear the issuer's name
    /// are asked next: a CA that rolled its key over (self-issued certificates) may sign its
    /// CRL with another of its keys, certified in the same path to the same anchor (RFC 5280
    /// §6.3.3 (f)).
    private func status(
        of position: Int, in path: [Certificate], from source: any RevocationSource, at time: Date
    ) async -> RevocationStatus {
        let certificate = path[position]
        let direct = await source.status(of: certificate, issuer: path[position + 1], at: time)
        guard case .unavailable = direct else { return direct }
        for other in path[(position + 2)...] where other.subject.matches(certificate.issuer) {
            let status = await source.status(of: certificate, issuer: other, at: time)
            if case .unavailable = status { continue }
            return status
        }
        return direct
    }

    private func checkRevocation(_ path: [Certificate], report: inout VerificationReport) async {
        let time = report.validationTime
        for position in 0..<(path.count - 1) where position == 0 || revocation.checkIntermediates {
            let certificate = path[position]
            lazy var reference = CertificateReference(certificate, position: position)
            guard !revocation.sources.isEmpty else {
                report.revocation.append(.init(position: position, status: "not-checked"))
                continue
            }
            var reasons: [String] = []
            var answered = false
            for source in revocation.sources {
                switch await status(of: position, in: path, from: source, at: time) {
                case .good(let evidence):
                    report.revocation.append(.init(position: position, status: "good", evidence: evidence))
                    report.pass(.revocation, position, revocationDetails.good(evidence))
                    answered = true
                case .revoked(let reason, let revokedAt, let evidence):
                    report.revocation.append(
                        .init(
                            position: position, status: "revoked", reason: reason?.description,
                            revocationTime: revokedAt, evidence: evidence))
                    report.fail(
                        .revocation, position,
                        .revoked(
                            reference, reason: reason?.description ?? "no reason code", reasonCode: reason?.rawValue,
                            revocationTime: revokedAt, source: evidence.kind))
                    answered = true
                case .unavailable(let why):
                    reasons.append(why)
                }
                if answered { break }
            }
            guard !answered else { continue }
            let detail = reasons.joined(separator: "; ")
            report.revocation.append(.init(position: position, status: "unavailable", detail: detail))
            if revocation.failureMode == .hardFail {
                report.fail(.revocation, position, .revocationStatusUnavailable(reference, detail: detail))
            } else {
                report.pass(.revocation, position, "soft-fail: \(detail)")
            }
        }
    }
}
