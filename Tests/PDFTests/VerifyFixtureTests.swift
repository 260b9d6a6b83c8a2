import Foundation
import JPKIPDF
import JPKITestSupport
import JPKIVerification
import JPKIX509
import Testing

/// Our verifier on `../shared/fixtures/pdf`, against the README's expected results (integrity
/// as pdfsig and pyHanko judge it). The test PKIs are pyHanko's (anchored at
/// `pyhanko-testing-ca-root.cert.pem`) and the ETSI plugtests' (no anchor here); chains are
/// validated at the time each signature proves or claims, as the certificates have expired.
@Suite("PDF verification of the shared fixtures", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct VerifyFixtureTests {
    static func report(_ name: String) async throws -> PDFVerificationReport {
        let root = try Certificate(
            pemEncoded: String(
                decoding: try SharedFixtures.bytes("pdf/pyhanko-testing-ca-root.cert.pem"), as: UTF8.self))
        let verifier = PDFSignatureVerifier(verifier: JPKIVerifier(anchors: TrustAnchors(custom: [root])))
        return try await verifier.verify(contentsOfFile: SharedFixtures.url("pdf/\(name)").path)
    }

    static func passed(_ report: VerificationReport?, _ name: VerificationReport.Check.Name) -> Bool {
        report?.checks.contains { $0.name == name && $0.passed } == true
    }

    @Test("SKI signer identifier: valid (pyHanko agrees; pdfsig's \"Unknown Validation Failure\" is its own limit)")
    func subjectKeyIdentifier() async throws {
        let report = try await Self.report("pyhanko-sig-with-ski-sid.pdf")
        let signature = try #require(report.signatures.first)
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.coverage?.coversWholeFile == true)
        #expect(signature.timeSource == .claimed)
        #expect(report.verdict == .valid)
    }

    @Test("CAdES with the old ESS signingCertificate (v1): valid, the SHA-1 certificate hash checked")
    func oldStyleSigningCertificate() async throws {
        let signature = try #require(
            try await Self.report("pyhanko-pades-with-old-style-signing-cert-attr.pdf").signatures.first)
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.level == "B-B")
        #expect(
            signature.checks.contains {
                $0.name == .signingCertificate && $0.passed && $0.detail?.contains("v1") == true
            })
    }

    @Test("CMS without signed attributes (signature over the byte ranges): valid")
    func noSignedAttributes() async throws {
        let signature = try #require(try await Self.report("pyhanko-sig-no-signed-attrs.pdf").signatures.first)
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.coverage?.coversWholeFile == true)
    }

    /// pdfsig hashes the byte ranges and ignores the eContent; pyHanko refuses the file ("detached
    /// signatures should not have encapsulated data"). We refuse it too: a CMS that signs one
    /// thing and a PDF field that says it signs another is ambiguous.
    @Test("eContent in a detached signature: refused, typed (pdfsig accepts it, pyHanko refuses it)")
    func encapsulatedContent() async throws {
        let signature = try #require(try await Self.report("pyhanko-pdf-sig-with-econtent.pdf").signatures.first)
        #expect(signature.verdict == .invalid)
        #expect(signature.failures == [.encapsulatedContentInDetachedSignature])
        #expect(signature.coverage?.coversWholeFile == true)
    }

    /// Two ECDSA signatures (P-384 keys; the CMS signs with ecdsa-with-SHA384, the certificates
    /// with ecdsa-with-SHA256, as pyHanko's ECDSA test PKI makes them; the README's "P-256" is
    /// P-384 in the file). The README's anchor is pyHanko's RSA root, which bears the same name as
    /// the ECDSA root the file carries: with it, each signature's integrity verifies (messageDigest
    /// and the ECDSA signature) and the chain ends at the ECDSA root, untrusted (the RSA anchor's
    /// key does not verify it). Anchored at that ECDSA root instead, both are valid, as pdfsig and
    /// the README say.
    @Test("two ECDSA signatures in incremental updates, no /Type: integrity valid; valid with the file's ECDSA root")
    func signedTwice() async throws {
        let name = "pyhanko-minimal-signed-twice-no-sig-type.pdf"
        let report = try await Self.report(name)
        try #require(report.signatures.count == 2)
        let (first, second) = (report.signatures[0], report.signatures[1])
        #expect(first.coverage?.byteRange == [0, 1641, 9703, 1054])
        #expect(first.coverage?.coversWholeFile == false)
        #expect(first.laterRevisions.count == 1)
        #expect(first.laterRevisions.allSatisfy { !$0.changesContent && $0.kinds.contains(.signature) })
        #expect(second.coverage?.coversWholeFile == true)
        for signature in report.signatures {
            #expect(signature.checks.contains { $0.name == .byteRange && $0.passed })
            #expect(signature.checks.contains { $0.name == .signingCertificate && $0.passed })
            #expect(Self.passed(signature.cms, .cmsMessageDigest))
            #expect(Self.passed(signature.cms, .cmsSignature))
            let detail = signature.cms?.checks.first { $0.name == .cmsSignature }?.detail
            #expect(detail?.contains("ecdsa-with-SHA384") == true, "\(String(describing: detail))")
            #expect(!signature.failures.isEmpty)
            for failure in signature.failures {
                #expect(failure.description.contains("not a trusted"), "only the chain's root: \(failure)")
            }
        }

        // The ECDSA root the file carries (self-signed, CN=Root CA), as the anchor.
        let document = try PDFDocument(contentsOfFile: SharedFixtures.url("pdf/\(name)").path)
        let contents = try #require(try document.signatureFields().first?.signature?.contents?.string?.bytes)
        let cms = try CMSSignedData(derEncoded: Self.trimmed(contents))
        let ecdsaRoot = try #require(
            cms.certificates.first { $0.isSelfIssued && $0.subjectPublicKeyInfo.algorithm.algorithm == .idECPublicKey })
        #expect(try PublicKey(ecdsaRoot.subjectPublicKeyInfo).ellipticCurve == .p384)
        let anchored = try await PDFSignatureVerifier(
            verifier: JPKIVerifier(anchors: TrustAnchors(custom: [ecdsaRoot]))
        ).verify(document)
        for signature in anchored.signatures {
            #expect(signature.verdict == .valid, "\(signature.fieldName): \(signature.failures)")
            #expect(signature.cms?.chain.count == 3)
        }
        #expect(anchored.verdict == .valid)
    }

    /// A `/Contents` value without its zero padding: the first DER element.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 2, bytes[1] & 0x80 != 0 else {
            return bytes.count > 1 ? Array(bytes.prefix(2 + Int(bytes[1]))) : bytes
        }
        let count = Int(bytes[1] & 0x7F)
        let length = bytes[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
        return Array(bytes.prefix(2 + count + length))
    }

    @Test(
        "PAdES B-LTA: the signature valid at its timestamp with the DSS's revocation data, the document timestamp valid"
    )
    func longTermArchive() async throws {
        let report = try await Self.report("pyhanko-pades-lta-dss-indirect-arrs-test.pdf")
        try #require(report.signatures.count == 2)
        let (signature, timestamp) = (report.signatures[0], report.signatures[1])
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.level == "B-LTA")
        #expect(signature.timeSource == .timestamp)
        #expect(signature.timestamp?.isValid == true)
        #expect(signature.cms?.revocation.first?.status == "good")
        #expect(signature.laterRevisions.allSatisfy { !$0.changesContent })
        #expect(timestamp.isDocumentTimestamp)
        #expect(timestamp.verdict == .valid, "\(timestamp.failures)")
        #expect(timestamp.laterRevisions.map(\.kinds) == [[.dss]])
        #expect(report.dss != nil)
        #expect(report.verdict == .valid)
    }

    /// The CMS is BER (indefinite lengths), read in DER form; its digest and signature verify and
    /// the whole file is covered, as pdfsig says. The ETSI plugtests' PKI is not anchored here, so
    /// the signer's chain and the TSA's are untrusted (pyHanko says the same without the anchor).
    @Test("ETSI plugtests adbe.pkcs7.detached: integrity valid, whole file; chain untrusted without the ETSI root")
    func etsiPlugtests() async throws {
        let signature = try #require(try await Self.report("dss-Signature-P-PK7-2.pdf").signatures.first)
        #expect(signature.coverage?.coversWholeFile == true)
        #expect(Self.passed(signature.cms, .cmsMessageDigest))
        #expect(Self.passed(signature.cms, .cmsSignature))
        #expect(signature.verdict == .invalid)
        for failure in signature.failures {
            switch failure {
            case .cms(.issuerNotFound), .timestamp: break
            default: Issue.record("unexpected failure \(failure)")
            }
        }
    }
}
