import Foundation
import JPKIPDF
import JPKITestSupport
import JPKIX509
import Testing

/// PAdES B-B signing in an incremental update, with a software key and with the simulated card
/// through the two-phase protocol; checked by our verifier (and by the judges in JudgeTests).
@Suite("PDF signing")
struct SigningTests {
    static func signed(
        _ original: [UInt8] = TestPDF.onePage(), options: PDFSignatureOptions = PDFSignatureOptions(reason: "承認")
    ) async throws -> [UInt8] {
        try await PDFSigning.sign(
            PDFDocument(bytes: original), with: SigningFixtures.softwareSigner(), options: options)
    }

    @Test(
        "B-B with a software key: the original is a prefix, one new revision, valid and B-B, the signer's 4 information"
    )
    func softwareKey() async throws {
        let original = TestPDF.onePage()
        let signed = try await Self.signed(original)
        #expect(Array(signed.prefix(original.count)) == original)
        let document = try PDFDocument(bytes: signed)
        #expect(document.revisions.count == 2)
        let report = try await SigningFixtures.verifier(withCRL: true).verify(document)
        let signature = try #require(report.signatures.first)
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.level == "B-B")
        #expect(signature.coverage?.coversWholeFile == true)
        #expect(signature.timeSource == .claimed)
        #expect(signature.reason == "承認")
        #expect(signature.signer?.name == "番号　花子" || signature.signer?.name?.isEmpty == false)
        #expect(signature.signerName == signature.signer?.name)
        #expect(signature.cms?.revocation.first?.status == "good")
        #expect(report.verdict == .valid)
    }

    @Test("two phases with the simulated My Number Card: prepare, the card signs the DigestInfo, finish")
    func simulatedCard() async throws {
        let signer = try await SimulatedCardSigner.make()
        let certificate = try #require(try await signer.certificateChain().first)
        let document = try PDFDocument(bytes: TestPDF.onePage())
        let prepared = try PDFSigning.prepare(document, certificate: certificate)
        #expect(prepared.digestInfo.count == 51)
        // The token travels (to a phone, say) and back.
        let token = try JSONDecoder().decode(PreparedPDFSignature.self, from: JSONEncoder().encode(prepared))
        let signature = try await signer.sign(digestInfo: token.digestInfo)
        let signed = try await PDFSigning.finish(token, signature: signature)
        let report = try await SigningFixtures.verifier(withCRL: true).verify(PDFDocument(bytes: signed))
        #expect(report.signatures.first?.verdict == .valid, "\(report.signatures.first?.failures ?? [])")
    }

    @Test("a signature from another key is refused at finish")
    func wrongKey() async throws {
        let prepared = try PDFSigning.prepare(
            PDFDocument(bytes: TestPDF.onePage()), certificate: try SigningFixtures.credentials.signatureCertificate)
        let other = try SigningFixtures.credentials.authenticationKey
        let signature = try other.sign(prepared.digestInfo)
        await #expect(throws: PDFSigningError.signatureMismatch) {
            _ = try await PDFSigning.finish(prepared, signature: signature)
        }
    }

    @Test("adbe.pkcs7.detached for compatibility: valid, no PAdES level")
    func compatibility() async throws {
        let signed = try await Self.signed(options: PDFSignatureOptions(format: .adbePKCS7))
        let report = try await SigningFixtures.verifier().verify(PDFDocument(bytes: signed))
        let signature = try #require(report.signatures.first)
        #expect(signature.subFilter == "adbe.pkcs7.detached")
        #expect(signature.verdict == .valid, "\(signature.failures)")
        #expect(signature.level == nil)
    }

    @Test("a second signature: both valid, the first sees only a signature added after it")
    func signedTwice() async throws {
        let once = try await Self.signed()
        let twice = try await Self.signed(once)
        let report = try await SigningFixtures.verifier().verify(PDFDocument(bytes: twice))
        try #require(report.signatures.count == 2)
        #expect(report.signatures.map(\.fieldName) == ["Signature1", "Signature2"])
        #expect(report.signatures.allSatisfy { $0.verdict == .valid })
        #expect(report.signatures[0].laterRevisions.map(\.kinds) == [[.signature]])
        #expect(report.signatures[1].coverage?.coversWholeFile == true)
    }

    @Test("a /Contents too small for the CMS is a typed error")
    func contentsTooSmall() async throws {
        await #expect {
            _ = try await Self.signed(options: PDFSignatureOptions(reservedSize: 256))
        } throws: { error in
            if case PDFSigningError.contentsTooSmall = error { return true }
            return false
        }
    }

    @Test("a time asked for replaces /M (marked requested); before the certificate's validity the chain fails")
    func requestedTime() async throws {
        let signed = try await Self.signed()
        let verifier = try SigningFixtures.verifier()
        let now = try #require(try await verifier.verify(PDFDocument(bytes: signed), at: Date()).signatures.first)
        #expect(now.timeSource == .requested)
        #expect(now.verdict == .valid, "\(now.failures)")
        let early = try #require(
            try await verifier.verify(PDFDocument(bytes: signed), at: Date(timeIntervalSince1970: 1_600_000_000))
                .signatures.first)
        #expect(early.verdict == .invalid)
        #expect(early.failures.contains { $0.code == "cms-not-yet-valid" }, "\(early.failures)")
    }

    @Test("a DSS added twice: the second update adds only what the store lacks, and keeps what it had")
    func documentSecurityStoreMerge() async throws {
        let signed = try await Self.signed()
        let certificate = try SigningFixtures.credentials.signatureCertificate
        let root = try SigningFixtures.pki.signatureRoot
        let crl = try SigningFixtures.signatureCRL()
        let first = try PDFSigning.addDocumentSecurityStore(
            to: PDFDocument(bytes: signed), certificates: [certificate], crls: [crl])
        let second = try PDFSigning.addDocumentSecurityStore(
            to: PDFDocument(bytes: first), certificates: [certificate, root], crls: [crl])
        let document = try PDFDocument(bytes: second)
        let store = try #require(try document.documentSecurityStore())
        #expect(store.certificates == [certificate.derEncoded, root.derEncoded])
        #expect(store.crls == [crl])
        let report = try await SigningFixtures.verifier().verify(document)
        #expect(report.signatures.first?.laterRevisions.map(\.kinds) == [[.dss], [.dss]])
        #expect(report.verdict == .valid)
    }
}
