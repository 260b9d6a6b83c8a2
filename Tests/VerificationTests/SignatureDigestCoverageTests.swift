import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKISimulator
import JPKITestSupport
import JPKIVerification
import JPKIX509
import Testing

/// One signature-algorithm table serves certificates, CRLs, OCSP responses and CMS: every RSA
/// PKCS #1 v1.5 digest a certificate path accepts verifies on a CRL and on an OCSP response too,
/// each signed by `openssl` (the CRL by our builder and checked by `openssl crl -verify` first).
@Suite(
    "Every digest certificates accept, on CRLs and OCSP responses",
    .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
struct SignatureDigestCoverageTests {
    static func pem(_ certificate: Certificate) -> [UInt8] {
        Array(PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString.utf8)
    }

    @Test(
        "a certificate, a CRL and an OCSP response signed with each digest verify", arguments: DigestAlgorithm.allCases)
    func everyDigest(_ digest: DigestAlgorithm) async throws {
        let h = try Hierarchy.shared()
        let root = h.pki.signatureRoot
        let rootKey = h.pki.signatureRootKey
        let algorithm = AlgorithmIdentifier(
            algorithm: digest.rsaSignatureAlgorithm, parameters: try ASN1Element(encoded: [0x05, 0x00]))

        // A certificate: the path validator's own signature check.
        let leaf = try Hierarchy.certificate(
            subject: Hierarchy.name("digest \(digest)"), issuer: root.subject, key: h.leafKey, issuerKey: rootKey,
            extensions: Hierarchy.leafExtensions, algorithm: algorithm)
        #expect(leaf.isSignature(validFor: root))
        let report = await JPKIVerifier(anchors: TrustAnchors(custom: [root])).verifyCertificate(
            leaf, at: Hierarchy.nowDate)
        // The leaf is not of the JPKI profile (the root is J-LIS-shaped): only its signature check matters here.
        #expect(report.checks.contains { $0.name == .signature && $0.position == 0 && $0.passed }, "\(digest)")

        // A CRL, checked by openssl first.
        let crl = try CRLBuilder(
            issuer: root.subject, thisUpdate: Hierarchy.time(Hierarchy.issued),
            nextUpdate: Hierarchy.time(Hierarchy.issued + 86_400), signatureAlgorithm: algorithm
        ).sign(with: rootKey)
        let crlFile = try TemporaryFile.create(crl.derEncoded, suffix: ".crl")
        defer { try? FileManager.default.removeItem(at: crlFile) }
        let caFile = try TemporaryFile.create(Self.pem(root), suffix: ".pem")
        defer { try? FileManager.default.removeItem(at: caFile) }
        let opensslCRL = try OpenSSLCLI.run([
            "crl", "-inform", "DER", "-in", crlFile.path, "-CAfile", caFile.path, "-noout",
        ])
        #expect(opensslCRL.error.contains("verify OK"), "openssl crl (\(digest)): \(opensslCRL.error)")
        #expect(crl.signatureAlgorithm.algorithm == digest.rsaSignatureAlgorithm)
        #expect(crl.isSignature(validFor: root), "CRL signed with \(digest)")
        let mapped = try CertificateRevocationList(contentsOfFile: crlFile.path)
        #expect(mapped.isSignature(validFor: try PublicKey(root.subjectPublicKeyInfo)))

        // An OCSP response signed by openssl with this digest (`-rmd`).
        let request = OCSPRequest(certIDs: [CertID(certificate: leaf, issuer: root, hash: digest)])
        let response = try Self.opensslResponse(request, digest: digest, leaf: leaf, root: root, key: rootKey)
        let basic = try #require(try OCSPResponse(derEncoded: response).basicResponse)
        #expect(basic.signatureAlgorithm.algorithm == digest.rsaSignatureAlgorithm)
        #expect(basic.isSignature(validFor: root), "OCSP response signed with \(digest)")
        guard case .found(let single) = basic.match(certificate: leaf, issuer: root) else {
            Issue.record("the \(digest) CertID is answered")
            return
        }
        #expect(single.status == .good)
    }

    static func opensslResponse(
        _ request: OCSPRequest, digest: DigestAlgorithm, leaf: Certificate, root: Certificate, key: SigningKey
    ) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jpki-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let ca = try write(pem(root), "ca.pem")
        let keyPath = try write(Array(key.pkcs8PEM.utf8), "key.pem")
        let index = try write(Array((OpenSSLResponder.indexLine(leaf) + "\n").utf8), "index.txt")
        let requestPath = try write(request.derEncoded, "request.der")
        let responsePath = directory.appendingPathComponent("response.der").path
        let run = try OpenSSLCLI.run([
            "ocsp", "-index", index, "-rsigner", ca, "-rkey", keyPath, "-CA", ca, "-reqin", requestPath,
            "-respout", responsePath, "-ndays", "1", "-rmd", digest.rawValue,
        ])
        #expect(run.status == 0, "openssl ocsp -rmd \(digest): \(run.error)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: responsePath)))
    }
}
