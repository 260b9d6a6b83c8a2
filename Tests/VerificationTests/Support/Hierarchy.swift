import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509

@testable import JPKIVerification

/// Keys and certificates shared by the verification tests: a J-LIS-shaped TestPKI with a
/// signature and an authentication certificate of the sample persona, and spare keys for
/// hand-built certificates. Key generation is slow, so it happens once per run.
final class Hierarchy: Sendable {
    let pki: TestPKI
    let leafKey: SigningKey
    let otherKey: SigningKey
    let intermediateKey: SigningKey
    let signatureCertificate: Certificate
    let authenticationCertificate: Certificate
    /// When the leaves were issued (2025-01-01T00:00:00Z).
    static let issued: Int64 = 1_735_689_600
    /// A time inside every validity period of the hierarchy (2025-06-01T00:00:00Z).
    static let now: Int64 = 1_748_736_000

    private init() throws {
        pki = try TestPKI()
        leafKey = try SigningKey(generatingRSABits: 2048)
        otherKey = try SigningKey(generatingRSABits: 2048)
        intermediateKey = try SigningKey(generatingRSABits: 2048)
        signatureCertificate = try pki.issueSignatureCertificate(
            for: .sample, publicKey: try leafKey.subjectPublicKeyInfo, at: Self.issued)
        authenticationCertificate = try pki.issueAuthenticationCertificate(
            for: .sample, publicKey: try leafKey.subjectPublicKeyInfo, at: Self.issued)
    }

    private static let cached: Result<Hierarchy, any Error> = Result { try Hierarchy() }

    /// The shared hierarchy.
    static func shared() throws -> Hierarchy { try cached.get() }

    static var nowDate: Date { date(now) }

    /// The instant `seconds` after 1970.
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Anchors: the two TestPKI roots, as custom anchors.
    var anchors: TrustAnchors { TrustAnchors(custom: [pki.signatureRoot, pki.authenticationRoot]) }

    /// A CRL store over the two roots, holding the CRL of the sample persona's municipality
    /// for `purpose`, issued at `thisUpdate`.
    func store(
        purpose: JPKIPurpose = .signature, thisUpdate: Int64 = Hierarchy.now - 3600, grace: Duration = .zero
    ) throws -> CRLStore {
        let store = CRLStore(anchors: anchors, grace: grace)
        try store.update(
            derEncoded: try pki.crlDER(purpose: purpose, prefecture: "東京都", city: "千代田区", thisUpdate: thisUpdate))
        return store
    }

    // MARK: Hand-built certificates

    static func name(_ commonName: String) throws -> DistinguishedName {
        DistinguishedName([.init([try .init(type: .commonName, string: commonName)])])
    }

    static func time(_ seconds: Int64) -> ASN1Time { ASN1Time(secondsSince1970: seconds) }

    /// A certificate with `extensions`, signed by `issuerKey`.
    static func certificate(
        subject: DistinguishedName, issuer: DistinguishedName, key: SigningKey, issuerKey: SigningKey,
        extensions: [Extension], serial: [UInt8] = [0x42], notBefore: Int64 = Hierarchy.issued,
        notAfter: Int64 = Hierarchy.issued + 5 * 365 * 86_400,
        algorithm: AlgorithmIdentifier = .sha256WithRSAEncryption
    ) throws -> Certificate {
        try CertificateBuilder(
            serialNumber: serial, issuer: issuer, subject: subject, notBefore: time(notBefore),
            notAfter: time(notAfter), subjectPublicKeyInfo: try key.subjectPublicKeyInfo, extensions: extensions,
            signatureAlgorithm: algorithm
        ).sign(with: issuerKey)
    }

    /// The extensions of a CA.
    static func caExtensions(
        pathLength: Int? = nil, usage: KeyUsage? = [.keyCertSign, .cRLSign], basicConstraints: Bool = true
    ) -> [Extension] {
        var list: [Extension] = []
        if basicConstraints {
            list.append(
                BasicConstraints.isCertificateAuthority(maxPathLength: pathLength).makeExtension(critical: true))
        }
        if let usage { list.append(usage.makeExtension(critical: true)) }
        return list
    }

    /// The extensions of a generic end-entity certificate.
    static let leafExtensions: [Extension] = [KeyUsage([.digitalSignature]).makeExtension(critical: true)]
}
