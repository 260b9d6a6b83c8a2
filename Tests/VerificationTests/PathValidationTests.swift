import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

@testable import JPKIVerification

/// Path validation: one test per failure reason, on the TestPKI hierarchy and hand-built
/// certificates.
@Suite("Path validation")
struct PathValidationTests {
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    @Test("a JPKI signature certificate chains to its TestPKI root")
    func validChain() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors)
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(report.isValid, "\(report.reasons)")
        #expect(report.chain.count == 2)
        #expect(report.chain[1].isTrustAnchor)
        #expect(report.chain[0].jpkiKind == "signature")
        #expect(report.checks.contains { $0.name == .jpkiPolicy && $0.passed })
        #expect(report.revocation.first?.status == "not-checked")
    }

    @Test("a certificate signed by another key under the root's name has a bad signature")
    func badSignature() async throws {
        let h = try Hierarchy.shared()
        let forged = try Hierarchy.certificate(
            subject: try Hierarchy.name("forged"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.otherKey, extensions: Hierarchy.leafExtensions)
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(forged, at: Hierarchy.nowDate)
        #expect(!report.isValid)
        #expect(report.failures == [.badSignature(CertificateReference(forged, position: 0))])
    }

    @Test("validity: valid at both bounds, invalid one second outside each")
    func validityBounds() async throws {
        let h = try Hierarchy.shared()
        let leaf = h.signatureCertificate
        let verifier = JPKIVerifier(anchors: h.anchors)
        let notBefore = leaf.notBefore.secondsSince1970
        let notAfter = leaf.notAfter.secondsSince1970
        let reference = CertificateReference(leaf, position: 0)

        let before = await verifier.verifyCertificate(leaf, at: Self.date(notBefore - 1))
        #expect(
            before.failures == [.notYetValid(reference, notBefore: Self.date(notBefore), at: Self.date(notBefore - 1))])
        #expect(await verifier.verifyCertificate(leaf, at: Self.date(notBefore)).isValid)
        #expect(await verifier.verifyCertificate(leaf, at: Self.date(notAfter)).isValid)
        let after = await verifier.verifyCertificate(leaf, at: Self.date(notAfter + 1))
        #expect(after.failures == [.expired(reference, notAfter: Self.date(notAfter), at: Self.date(notAfter + 1))])
    }

    @Test("validity of the anchor and of an intermediate is checked too, on both sides")
    func intermediateValidity() async throws {
        let h = try Hierarchy.shared()
        let rootName = try Hierarchy.name("Root")
        let caName = try Hierarchy.name("Intermediate")
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(), serial: [1], notBefore: Hierarchy.issued - 1000,
            notAfter: Hierarchy.issued + 10_000_000)
        let ca = try Hierarchy.certificate(
            subject: caName, issuer: rootName, key: h.intermediateKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(), serial: [2], notBefore: Hierarchy.issued,
            notAfter: Hierarchy.issued + 1000)
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("Leaf"), issuer: caName, key: h.leafKey, issuerKey: h.intermediateKey,
            extensions: Hierarchy.leafExtensions, serial: [3], notBefore: Hierarchy.issued - 500,
            notAfter: Hierarchy.issued + 5000)
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]), intermediates: [ca])
        #expect(await verifier.verifyCertificate(leaf, at: Self.date(Hierarchy.issued)).isValid)
        #expect(await verifier.verifyCertificate(leaf, at: Self.date(Hierarchy.issued + 1000)).isValid)
        let late = await verifier.verifyCertificate(leaf, at: Self.date(Hierarchy.issued + 1001))
        #expect(late.failures.map(\.code) == ["expired"])
        #expect(late.failures.first.map { "\($0)" }?.contains("certificate 1") == true)
        let early = await verifier.verifyCertificate(leaf, at: Self.date(Hierarchy.issued - 1))
        #expect(early.failures.map(\.code) == ["not-yet-valid"])
        let beforeRoot = await verifier.verifyCertificate(leaf, at: Self.date(Hierarchy.issued - 1001))
        #expect(beforeRoot.failures.map(\.code) == ["not-yet-valid", "not-yet-valid", "not-yet-valid"])
    }

    @Test("a certificate whose issuer name is not its signer's subject")
    func wrongIssuerName() async throws {
        let h = try Hierarchy.shared()
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("leaf"), issuer: try Hierarchy.name("Somebody Else"), key: h.leafKey,
            issuerKey: h.pki.signatureRootKey, extensions: Hierarchy.leafExtensions)
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(
            report.failures == [
                .issuerNameMismatch(
                    CertificateReference(leaf, position: 0),
                    signer: CertificateReference(h.pki.signatureRoot, position: nil))
            ])
    }

    @Test("an issuer not found at all")
    func issuerNotFound() async throws {
        let h = try Hierarchy.shared()
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("leaf"), issuer: try Hierarchy.name("Unknown CA"), key: h.leafKey,
            issuerKey: h.otherKey, extensions: Hierarchy.leafExtensions)
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(report.failures == [.issuerNotFound(CertificateReference(leaf, position: 0))])
    }

    /// Root (anchor) → intermediate built with `extensions` → leaf.
    static func chain(intermediate extensions: [Extension], rootExtensions: [Extension] = Hierarchy.caExtensions())
        throws -> (root: Certificate, ca: Certificate, leaf: Certificate)
    {
        let h = try Hierarchy.shared()
        let rootName = try Hierarchy.name("Root")
        let caName = try Hierarchy.name("Intermediate")
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey, extensions: rootExtensions,
            serial: [1])
        let ca = try Hierarchy.certificate(
            subject: caName, issuer: rootName, key: h.intermediateKey, issuerKey: h.otherKey, extensions: extensions,
            serial: [2])
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("Leaf"), issuer: caName, key: h.leafKey, issuerKey: h.intermediateKey,
            extensions: Hierarchy.leafExtensions, serial: [3])
        return (root, ca, leaf)
    }

    static func verify(_ chain: (root: Certificate, ca: Certificate, leaf: Certificate)) async -> VerificationReport {
        await JPKIVerifier(anchors: TrustAnchors(custom: [chain.root]), intermediates: [chain.ca])
            .verifyCertificate(chain.leaf, at: Hierarchy.nowDate)
    }

    @Test("a generic three-level chain is valid")
    func threeLevels() async throws {
        let report = await Self.verify(try Self.chain(intermediate: Hierarchy.caExtensions()))
        #expect(report.isValid, "\(report.reasons)")
        #expect(report.chain.count == 3)
    }

    @Test("an intermediate without keyCertSign")
    func missingKeyCertSign() async throws {
        let chain = try Self.chain(intermediate: Hierarchy.caExtensions(usage: [.cRLSign, .digitalSignature]))
        let report = await Self.verify(chain)
        #expect(report.failures == [.missingKeyCertSign(CertificateReference(chain.ca, position: 1))])
    }

    @Test("an intermediate without basicConstraints, or with cA FALSE")
    func notACA() async throws {
        let missing = try Self.chain(intermediate: Hierarchy.caExtensions(basicConstraints: false))
        #expect(
            await Self.verify(missing).failures == [
                .notACertificateAuthority(CertificateReference(missing.ca, position: 1))
            ])
        let endEntity = try Self.chain(intermediate: [
            BasicConstraints.notCertificateAuthority.makeExtension(critical: true),
            KeyUsage([.keyCertSign]).makeExtension(critical: true),
        ])
        #expect(
            await Self.verify(endEntity).failures == [
                .notACertificateAuthority(CertificateReference(endEntity.ca, position: 1))
            ])
    }

    @Test("a root with pathLenConstraint 0 above an intermediate")
    func pathLengthExceeded() async throws {
        let chain = try Self.chain(
            intermediate: Hierarchy.caExtensions(), rootExtensions: Hierarchy.caExtensions(pathLength: 0))
        let report = await Self.verify(chain)
        #expect(
            report.failures == [
                .pathLengthExceeded(CertificateReference(chain.root, position: 2), maximum: 0, actual: 1)
            ]
        )
        let allowed = try Self.chain(
            intermediate: Hierarchy.caExtensions(pathLength: 0), rootExtensions: Hierarchy.caExtensions(pathLength: 1))
        #expect(await Self.verify(allowed).isValid)
    }

    @Test("an unknown critical extension on the leaf or an intermediate")
    func unknownCriticalExtension() async throws {
        let h = try Hierarchy.shared()
        let odd = Extension(oid: "1.2.3.4.5.6.7", critical: true, value: [0x05, 0x00][...])
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("leaf"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.pki.signatureRootKey, extensions: Hierarchy.leafExtensions + [odd])
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(
            report.failures.contains(
                .unknownCriticalExtension(CertificateReference(leaf, position: 0), oid: "1.2.3.4.5.6.7")))
        let nonCritical = Extension(oid: "1.2.3.4.5.6.7", critical: false, value: [0x05, 0x00][...])
        let chain = try Self.chain(intermediate: Hierarchy.caExtensions() + [nonCritical])
        #expect(await Self.verify(chain).isValid)
        let criticalCA = try Self.chain(intermediate: Hierarchy.caExtensions() + [odd])
        #expect(
            await Self.verify(criticalCA).failures == [
                .unknownCriticalExtension(CertificateReference(criticalCA.ca, position: 1), oid: "1.2.3.4.5.6.7")
            ])
    }

    @Test("a leaf of a J-LIS-shaped root without the JPKI policy fails the policy check")
    func missingPolicy() async throws {
        let h = try Hierarchy.shared()
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("leaf"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.pki.signatureRootKey,
            extensions: [KeyUsage([.digitalSignature, .nonRepudiation]).makeExtension(critical: true)])
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(report.failures.map(\.code) == ["policy-mismatch"])
    }

    @Test("SHA-1, SHA-384 and SHA-512 signed certificates verify")
    func otherDigests() async throws {
        let h = try Hierarchy.shared()
        for algorithm in [
            AlgorithmIdentifier.sha1WithRSAEncryption, .sha384WithRSAEncryption, .sha512WithRSAEncryption,
        ] {
            let rootName = try Hierarchy.name("Root \(algorithm)")
            let root = try Hierarchy.certificate(
                subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey,
                extensions: Hierarchy.caExtensions(), algorithm: algorithm)
            let leaf = try Hierarchy.certificate(
                subject: try Hierarchy.name("Leaf"), issuer: rootName, key: h.leafKey, issuerKey: h.otherKey,
                extensions: Hierarchy.leafExtensions, algorithm: algorithm)
            let report = await JPKIVerifier(anchors: TrustAnchors(custom: [root])).verifyCertificate(
                leaf, at: Hierarchy.nowDate)
            #expect(report.isValid, "\(algorithm): \(report.reasons)")
        }
    }

    @Test("a certificate signed with an algorithm the verifier does not support (md5WithRSAEncryption)")
    func unsupportedSignatureAlgorithm() async throws {
        let h = try Hierarchy.shared()
        let signed = try Hierarchy.certificate(
            subject: try Hierarchy.name("md5 leaf"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.pki.signatureRootKey, extensions: Hierarchy.leafExtensions)
        // Both AlgorithmIdentifiers (in the TBS and outside) name md5WithRSAEncryption instead.
        let sha256: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]
        var der = Array(signed.derEncoded)
        var replaced = 0
        var index = der.startIndex
        while index + sha256.count <= der.endIndex {
            if der[index..<(index + sha256.count)].elementsEqual(sha256) {
                der[index + sha256.count - 1] = 0x04
                replaced += 1
            }
            index += 1
        }
        #expect(replaced == 2)
        let md5 = try Certificate(derEncoded: der)
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(md5, at: Hierarchy.nowDate)
        #expect(
            report.failures == [
                .unsupportedSignatureAlgorithm(
                    CertificateReference(md5, position: 0), algorithm: md5.signatureAlgorithm.description)
            ])
        #expect(report.failures.first?.description.contains("unsupported signature algorithm") == true)
        // The certificate as signed chains (and fails only the JPKI leaf checks of this root).
        let original = await JPKIVerifier(anchors: h.anchors).verifyCertificate(signed, at: Hierarchy.nowDate)
        #expect(original.failures.map(\.code) == ["policy-mismatch", "key-usage"])
    }

    @Test("a leaf whose keyUsage lacks what its use needs: a JPKI signature leaf, a generic authentication leaf")
    func keyUsageNotAllowed() async throws {
        let h = try Hierarchy.shared()
        // J-LIS-shaped: a signature certificate needs digitalSignature and nonRepudiation.
        let policy = CertificatePolicies([.init(identifier: JPKICertificateBuilder.signatureCertificatePolicy)])
        let jpki = try Hierarchy.certificate(
            subject: try Hierarchy.name("leaf"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.pki.signatureRootKey,
            extensions: [
                KeyUsage([.digitalSignature]).makeExtension(critical: true), policy.makeExtension(critical: true),
            ])
        let report = await JPKIVerifier(anchors: h.anchors).verifyCertificate(jpki, at: Hierarchy.nowDate)
        #expect(
            report.failures == [
                .keyUsageNotAllowed(
                    CertificateReference(jpki, position: 0), required: ["digitalSignature", "nonRepudiation"])
            ])
        // Another PKI: an authentication needs digitalSignature.
        let rootName = try Hierarchy.name("Root KU")
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions())
        func leaf(_ usage: KeyUsage) throws -> Certificate {
            try Hierarchy.certificate(
                subject: try Hierarchy.name("KU leaf"), issuer: rootName, key: h.leafKey, issuerKey: h.otherKey,
                extensions: [usage.makeExtension(critical: true)])
        }
        let challenge: [UInt8] = [0x01, 0x02, 0x03, 0x04]
        let signature = try h.leafKey.sign(challenge)
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]))
        let encipherment = try leaf([.keyEncipherment])
        let refused = await verifier.verifyAuthentication(
            challenge: challenge, signature: signature, certificate: encipherment, at: Hierarchy.nowDate)
        #expect(
            refused.failures == [
                .keyUsageNotAllowed(CertificateReference(encipherment, position: 0), required: ["digitalSignature"])
            ])
        let accepted = await verifier.verifyAuthentication(
            challenge: challenge, signature: signature, certificate: try leaf([.digitalSignature]),
            at: Hierarchy.nowDate)
        #expect(accepted.isValid, "\(accepted.reasons)")
    }
}
