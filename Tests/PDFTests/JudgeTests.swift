import Foundation
import JPKIASN1
import JPKIPDF
import JPKITestSupport
import Testing

/// Our signed files before the independent judges: poppler's `pdfsig`, `qpdf --check` and
/// pyHanko's `pyhanko sign validate` with the test PKI's signature root as the only trust anchor.
/// Each test is skipped with a message when its tool is missing.
@Suite("PDF signatures judged by pdfsig, qpdf and pyHanko")
struct JudgeTests {
    static func rootPEM() throws -> String {
        PEMDocument(label: "CERTIFICATE", der: try SigningFixtures.pki.signatureRoot.derEncoded).pemString
    }

    /// pdfsig's verdicts on `path`, one line per signature: "Signature is Valid" and whether the
    /// whole document is signed.
    static func pdfsig(_ path: String) throws -> String {
        let result = try Judges.run(Judges.pdfsig, [path])
        return result.output + result.error
    }

    /// pyHanko's summary lines (`field:fingerprint:INTACT:TRUSTED,…`) of `pyhanko sign validate`
    /// (or `adesverify`, the AdES validation that reads the DSS).
    static func pyhanko(_ path: String, root: String, command: String = "validate", extra: [String] = []) throws
        -> ProcessResult
    {
        try Judges.run(Judges.pyhanko, ["sign", command, "--trust", root, "--trust-replace"] + extra + [path])
    }

    @Test(
        "B-B: pdfsig \"Signature is Valid\" and \"Total document signed\"",
        .enabled(if: Judges.pdfsig != nil, "needs poppler's pdfsig (apt-get install poppler-utils)"))
    func pdfsigBB() async throws {
        let signed = try await SigningTests.signed()
        try await withTemporaryDirectory { directory in
            let output = try Self.pdfsig(try write(signed, "signed.pdf", in: directory))
            #expect(output.contains("Signature Validation: Signature is Valid."), "\(output)")
            #expect(output.contains("Total document signed"), "\(output)")
            #expect(output.contains("Signature Type: ETSI.CAdES.detached"), "\(output)")
        }
    }

    @Test(
        "B-B, a second signature, an xref-stream original: qpdf --check finds no error",
        .enabled(if: Judges.qpdf != nil, "needs qpdf (apt-get install qpdf)"))
    func qpdfCheck() async throws {
        try await withTemporaryDirectory { directory in
            let once = try await SigningTests.signed()
            let twice = try await SigningTests.signed(once)
            let streamed = try await SigningTests.signed(try Self.crossReferenceStreamOriginal(in: directory))
            for (name, file) in [("once", once), ("twice", twice), ("streamed", streamed)] {
                let result = try Judges.run(Judges.qpdf, ["--check", try write(file, "\(name).pdf", in: directory)])
                #expect(result.status == 0, "\(name): \(result.output) \(result.error)")
                #expect(
                    result.output.contains("No syntax or stream encoding errors found"), "\(name): \(result.output)")
            }
        }
    }

    /// The one-page test PDF rewritten by qpdf with object streams and a cross-reference stream.
    static func crossReferenceStreamOriginal(in directory: URL) throws -> [UInt8] {
        let input = try write(TestPDF.onePage(), "plain.pdf", in: directory)
        let output = directory.appendingPathComponent("streamed-original.pdf").path
        let result = try Judges.run(Judges.qpdf, ["--object-streams=generate", input, output])
        #expect(result.status == 0, "\(result.error)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    @Test(
        "an xref-stream original signed: the update has an xref stream; ours, pdfsig and qpdf agree",
        .enabled(if: Judges.qpdf != nil && Judges.pdfsig != nil, "needs qpdf and pdfsig"))
    func crossReferenceStreamOriginal() async throws {
        try await withTemporaryDirectory { directory in
            let original = try Self.crossReferenceStreamOriginal(in: directory)
            let signed = try await SigningTests.signed(original)
            #expect(Array(signed.prefix(original.count)) == original)
            let document = try PDFDocument(bytes: signed)
            #expect(document.revisions.last?.usesCrossReferenceStream == true)
            let report = try await SigningFixtures.verifier().verify(document)
            #expect(report.verdict == .valid, "\(report.signatures.map(\.failures))")
            let output = try Self.pdfsig(try write(signed, "signed.pdf", in: directory))
            #expect(output.contains("Signature is Valid."), "\(output)")
            #expect(output.contains("Total document signed"), "\(output)")
        }
    }

    @Test(
        "B-B: pyHanko says INTACT:TRUSTED,UNTOUCHED (no revocation check: B-B carries no revocation data)",
        .enabled(if: Judges.pyhanko != nil, "needs pyHanko's CLI (pip install pyhanko-cli)"))
    func pyhankoBB() async throws {
        let signed = try await SigningTests.signed()
        try await withTemporaryDirectory { directory in
            let root = try write(Array(try Self.rootPEM().utf8), "root.pem", in: directory)
            let result = try Self.pyhanko(
                try write(signed, "signed.pdf", in: directory), root: root, extra: ["--no-revocation-check"])
            #expect(result.status == 0, "\(result.output) \(result.error)")
            #expect(result.output.contains(":INTACT:TRUSTED,UNTOUCHED"), "\(result.output) \(result.error)")
            #expect(!result.output.contains("TIMESTAMP_TOKEN"))
        }
    }

    @Test(
        "two signatures: pyHanko says the first EXTENDED_WITH_FORM_FILLING or better and the second UNTOUCHED",
        .enabled(if: Judges.pyhanko != nil, "needs pyHanko's CLI (pip install pyhanko-cli)"))
    func pyhankoTwice() async throws {
        let twice = try await SigningTests.signed(try await SigningTests.signed())
        try await withTemporaryDirectory { directory in
            let root = try write(Array(try Self.rootPEM().utf8), "root.pem", in: directory)
            let result = try Self.pyhanko(
                try write(twice, "twice.pdf", in: directory), root: root, extra: ["--no-revocation-check"])
            #expect(result.status == 0, "\(result.output) \(result.error)")
            let lines = result.output.split(separator: "\n").filter { $0.contains(":INTACT:") }
            #expect(lines.count == 2, "\(result.output)")
            #expect(lines.first?.contains("TRUSTED,EXTENDED_WITH_") == true, "\(result.output)")
            #expect(lines.first?.contains("ACCEPTABLE_MODIFICATIONS") == true, "\(result.output)")
            #expect(lines.last?.contains("TRUSTED,UNTOUCHED") == true, "\(result.output)")
        }
    }
}
