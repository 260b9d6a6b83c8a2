import Foundation
import JPKIPDF
import JPKITestSupport
import JPKIVerification
import JPKIX509
import Testing

/// PDFs signed with ECDSA keys by pyHanko (an independent signer) from an EC PKI the `openssl`
/// CLI made: our verifier says valid, as pdfsig and pyHanko do; a changed byte makes it invalid.
/// One case at a time: pyHanko is CPU-heavy on a shared machine.
@Suite(
    "ECDSA PDF signatures made by pyHanko", .serialized,
    .enabled(if: Judges.pyhanko != nil && OpenSSLCLI.available, "needs pyHanko's CLI and openssl"))
struct ECDSAPDFTests {
    /// `pyhanko sign addsig pemder` of the one-page test PDF with the EC leaf of a fresh PKI.
    static func pyhankoSigned(
        rootCurve: String, rootDigest: String, leafCurve: String, pades: Bool, in directory: URL
    ) throws -> (pdf: [UInt8], root: Certificate, pki: OpenSSLECPKI, path: String) {
        let pki = try OpenSSLECPKI(in: directory, rootCurve: rootCurve, rootDigest: rootDigest, leafCurve: leafCurve)
        let input = try write(TestPDF.onePage(text: "ECDSA \(leafCurve)"), "plain.pdf", in: directory)
        let output = directory.appendingPathComponent("ecdsa-\(leafCurve).pdf").path
        let result = try Judges.run(
            Judges.pyhanko,
            ["sign", "addsig", "--field", "Sig1"] + (pades ? ["--use-pades"] : []) + [
                "pemder", "--key", pki.leafKey, "--cert", pki.leafCertificate, "--chain", pki.rootCertificate,
                "--no-pass", input, output,
            ])
        guard result.status == 0 else {
            throw OpenSSLECPKI.Failure(description: "pyhanko sign addsig: \(result.output) \(result.error)")
        }
        let root = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.rootCertificate))
        return ([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))), root, pki, output)
    }

    @Test(
        "pyHanko-signed ECDSA PDFs (P-256, P-384, P-521; PAdES and adbe): valid, as pyHanko and pdfsig say",
        arguments: [
            ("P-384", "sha384", "P-256", true), ("P-256", "sha256", "P-384", false), ("P-521", "sha512", "P-521", true),
        ])
    func pyhankoSigned(rootCurve: String, rootDigest: String, leafCurve: String, pades: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let (pdf, root, pki, path) = try await offPool {
                try Self.pyhankoSigned(
                    rootCurve: rootCurve, rootDigest: rootDigest, leafCurve: leafCurve, pades: pades, in: directory)
            }
            let verifier = PDFSignatureVerifier(verifier: JPKIVerifier(anchors: TrustAnchors(custom: [root])))
            let report = try await verifier.verify(PDFDocument(bytes: pdf))
            let signature = try #require(report.signatures.first)
            #expect(signature.verdict == .valid, "\(signature.failures)")
            #expect(signature.coverage?.coversWholeFile == true)
            #expect(signature.subFilter == (pades ? "ETSI.CAdES.detached" : "adbe.pkcs7.detached"))
            #expect(report.verdict == .valid)
            let cmsSignature = signature.cms?.checks.first { $0.name == .cmsSignature }
            #expect(cmsSignature?.passed == true)
            #expect(cmsSignature?.detail?.contains("ecdsa-with-SHA") == true, "\(String(describing: cmsSignature))")

            // The independent judges on the same file.
            let validated = try await offPool {
                try JudgeTests.pyhanko(path, root: pki.rootCertificate, extra: ["--no-revocation-check"])
            }
            #expect(validated.output.contains(":INTACT:TRUSTED,UNTOUCHED"), "\(validated.output) \(validated.error)")
            if Judges.pdfsig != nil {
                let output = try await offPool { try JudgeTests.pdfsig(path) }
                #expect(output.contains("Signature Validation: Signature is Valid."), "\(output)")
                #expect(output.contains("Total document signed"), "\(output)")
            }

            // One byte of the signed content changed (inside the first range: the page text).
            var tampered = pdf
            let text = Array("ECDSA \(leafCurve)".utf8)
            let at = try #require(ECDSATestsSupport.firstRange(of: text, in: tampered))
            tampered[at.lowerBound] ^= 0x20
            let bad = try await verifier.verify(PDFDocument(bytes: tampered))
            #expect(bad.signatures.first?.verdict == .invalid)
        }
    }
}

enum ECDSATestsSupport {
    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle
        {
            return start..<(start + needle.count)
        }
        return nil
    }
}
