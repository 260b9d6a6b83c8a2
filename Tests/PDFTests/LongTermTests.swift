import Foundation
import JPKIASN1
import JPKIPDF
import JPKITestSupport
import JPKIVerification
import JPKIX509
import Testing

/// PAdES B-T, B-LT and B-LTA with an `openssl ts` timestamp authority on 127.0.0.1, started and
/// stopped by each test; checked by our verifier, pdfsig and pyHanko.
@Suite("PAdES B-T, B-LT, B-LTA", .enabled(if: OpenSSLCLI.available, "needs the openssl command (openssl ts)"))
struct LongTermTests {
    /// Runs `body` with a TSA, stopping it afterwards.
    static func withAuthority<Result>(_ body: (OpenSSLTimestampAuthority) async throws -> Result) async throws -> Result
    {
        let authority = try OpenSSLTimestampAuthority()
        do {
            let result = try await body(authority)
            authority.stop()
            return result
        } catch {
            authority.stop()
            throw error
        }
    }

    /// The file at each level: B-T, B-LT, B-LTA.
    static func levels(_ authority: OpenSSLTimestampAuthority) async throws -> (
        bT: [UInt8], bLT: [UInt8], bLTA: [UInt8]
    ) {
        let client = TimestampClient(url: authority.url, timeout: .seconds(60))
        let bT = try await SigningTests.signed(options: PDFSignatureOptions(reason: "B-T", timestampAuthority: client))
        let pki = try SigningFixtures.pki
        let bLT = try PDFSigning.addDocumentSecurityStore(
            to: PDFDocument(bytes: bT),
            certificates: [try SigningFixtures.credentials.signatureCertificate, pki.signatureRoot],
            crls: [try SigningFixtures.signatureCRL()])
        let bLTA = try await PDFSigning.addDocumentTimestamp(to: PDFDocument(bytes: bLT), authority: client)
        return (bT, bLT, bLTA)
    }

    @Test("B-T, B-LT, B-LTA: ours says each level, the time proven by the token, revocation from the DSS")
    func ours() async throws {
        try await Self.withAuthority { authority in
            let (bT, bLT, bLTA) = try await Self.levels(authority)
            #expect(Array(bLTA.prefix(bLT.count)) == bLT)
            #expect(Array(bLT.prefix(bT.count)) == bT)
            // No CRL given to the verifier: B-LT and B-LTA bring theirs in the DSS.
            let verifier = try SigningFixtures.verifier(timestampRoots: [authority.root])
            let t = try #require(try await verifier.verify(PDFDocument(bytes: bT)).signatures.first)
            #expect(t.verdict == .valid, "\(t.failures)")
            #expect(t.level == "B-T")
            #expect(t.timeSource == .timestamp)
            #expect(t.timestamp?.isValid == true)
            #expect(t.cms?.revocation.first?.status == "not-checked")
            let lt = try #require(try await verifier.verify(PDFDocument(bytes: bLT)).signatures.first)
            #expect(lt.verdict == .valid, "\(lt.failures) \(lt.cms?.revocation ?? [])")
            #expect(lt.level == "B-LT")
            #expect(lt.cms?.revocation.first?.status == "good")
            let lta = try await verifier.verify(PDFDocument(bytes: bLTA))
            try #require(lta.signatures.count == 2)
            #expect(lta.signatures[0].level == "B-LTA")
            #expect(lta.signatures[0].verdict == .valid, "\(lta.signatures[0].failures)")
            #expect(lta.signatures[1].isDocumentTimestamp)
            #expect(lta.signatures[1].verdict == .valid, "\(lta.signatures[1].failures)")
            #expect(lta.signatures[1].coverage?.coversWholeFile == true)
            #expect(lta.dss?.crls == 1)
            #expect(lta.verdict == .valid)
        }
    }

    @Test("a token from an untrusted TSA, and a token over other data, are typed timestamp failures")
    func badTimestamps() async throws {
        try await Self.withAuthority { authority in
            let (bT, _, _) = try await Self.levels(authority)
            let untrusted = try await SigningFixtures.verifier().verify(PDFDocument(bytes: bT))
            #expect(untrusted.signatures.first?.failures.contains { $0.code == "timestamp" } == true)
            // A token stamping something else.
            let token = try await TimestampClient(url: authority.url).timestamp(
                digest: DigestAlgorithm.sha256.hash([1, 2, 3]))
            #expect(!token.stamps([4, 5, 6]))
            #expect(token.stamps([1, 2, 3]))
        }
    }

    @Test(
        "pdfsig: B-T valid, whole file; pyHanko: B-T TIMESTAMP_TOKEN<INTACT:TRUSTED>, B-LT and B-LTA TRUSTED with the DSS, EXTENDED_WITH_LTA_UPDATES",
        .enabled(if: Judges.pdfsig != nil && Judges.pyhanko != nil, "needs pdfsig and pyHanko's CLI"))
    func judges() async throws {
        try await Self.withAuthority { authority in
            let (bT, bLT, bLTA) = try await Self.levels(authority)
            try await withTemporaryDirectory { directory in
                let root = try write(Array(try JudgeTests.rootPEM().utf8), "root.pem", in: directory)
                let tPath = try write(bT, "bt.pdf", in: directory)
                let ltPath = try write(bLT, "blt.pdf", in: directory)
                let ltaPath = try write(bLTA, "blta.pdf", in: directory)
                let pdfsig = try JudgeTests.pdfsig(tPath)
                #expect(pdfsig.contains("Signature is Valid."), "\(pdfsig)")
                #expect(pdfsig.contains("Total document signed"), "\(pdfsig)")
                let trust = ["--trust", authority.rootPath]
                let t = try JudgeTests.pyhanko(tPath, root: root, extra: trust + ["--no-revocation-check"])
                #expect(
                    t.output.contains(":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,UNTOUCHED"),
                    "\(t.output) \(t.error)")
                // B-LT, B-LTA: pyHanko's AdES validation takes the CRL from the DSS (revocation
                // checked, no network); `validate` does not read the DSS.
                let lt = try JudgeTests.pyhanko(ltPath, root: root, command: "adesverify", extra: trust)
                #expect(lt.status == 0, "\(lt.output) \(lt.error)")
                #expect(lt.output.contains(":INTACT:TRUSTED,EXTENDED_WITH_LTA_UPDATES"), "\(lt.output) \(lt.error)")
                let lta = try JudgeTests.pyhanko(ltaPath, root: root, command: "adesverify", extra: trust)
                #expect(lta.status == 0, "\(lta.output) \(lta.error)")
                #expect(lta.output.contains(":INTACT:TRUSTED,EXTENDED_WITH_LTA_UPDATES"), "\(lta.output) \(lta.error)")
                let qpdf = try Judges.run(Judges.qpdf, ["--check", ltaPath])
                #expect(qpdf.status == 0, "\(qpdf.output)")
            }
        }
    }

    @Test(
        "jpki pdf sign --simulated --level b-lta --tsa URL, then jpki pdf verify --tsa-anchor: valid, PAdES B-LTA",
        .enabled(if: JPKIExecutable.available, "needs the built jpki executable"))
    func command() async throws {
        try await Self.withAuthority { authority in
            try await withTemporaryDirectory { directory in
                let input = try write(TestPDF.onePage(), "in.pdf", in: directory)
                let output = directory.appendingPathComponent("out.pdf").path
                let root = directory.appendingPathComponent("root.pem").path
                let sign = try JPKIExecutable.run([
                    "pdf", "sign", input, "--out", output, "--simulated", "--root-out", root, "--level", "b-lta",
                    "--tsa",
                    authority.url.absoluteString,
                ])
                #expect(sign.status == 0, "\(sign.error)")
                let verify = try JPKIExecutable.run([
                    "pdf", "verify", output, "--anchor", root, "--allow-unpinned", "--tsa-anchor", authority.rootPath,
                ])
                #expect(verify.status == 0, "\(verify.output) \(verify.error)")
                #expect(
                    verify.output.contains("Signature1: valid (ETSI.CAdES.detached, PAdES B-LTA)"), "\(verify.output)")
                #expect(verify.output.contains("Timestamp1: valid (document timestamp)"), "\(verify.output)")
            }
        }
    }
}
