import Foundation
import JPKIPDF
import JPKITestSupport
import Testing

/// `jpki pdf sign | verify | info`, through the built executable, with the simulated card.
@Suite("jpki pdf", .enabled(if: JPKIExecutable.available, "needs the built jpki executable"))
struct PDFCommandTests {
    @Test("sign --simulated, then verify: exit 0 and valid; JSON report; info lists the revision and the field")
    func signAndVerify() async throws {
        try await withTemporaryDirectory { directory in
            let input = try write(TestPDF.onePage(), "in.pdf", in: directory)
            let output = directory.appendingPathComponent("out.pdf").path
            let root = directory.appendingPathComponent("root.pem").path
            let sign = try JPKIExecutable.run([
                "pdf", "sign", input, "--out", output, "--simulated", "--root-out", root, "--reason", "承認",
            ])
            #expect(sign.status == 0, "\(sign.error)")
            let signed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(Array(signed.prefix(TestPDF.onePage().count)) == TestPDF.onePage())

            let verify = try JPKIExecutable.run(["pdf", "verify", output, "--anchor", root, "--allow-unpinned"])
            #expect(verify.status == 0, "\(verify.output) \(verify.error)")
            #expect(verify.output.contains("Signature1: valid (ETSI.CAdES.detached, PAdES B-B)"), "\(verify.output)")
            #expect(verify.output.contains("basic 4 information: 番号"), "\(verify.output)")

            let json = try JPKIExecutable.run(["pdf", "verify", output, "--anchor", root, "--allow-unpinned", "--json"])
            #expect(json.status == 0)
            let report = try JSONDecoder().decode(PDFVerificationReport.self, from: Data(json.output.utf8))
            #expect(report.signatures.first?.reason == "承認")
            #expect(report.verdict == .valid)

            let info = try JPKIExecutable.run(["pdf", "info", output])
            #expect(info.status == 0)
            #expect(info.output.contains("2 revision(s)"), "\(info.output)")
            #expect(info.output.contains("field Signature1: ETSI.CAdES.detached"), "\(info.output)")
        }
    }

    @Test("verify: exit 1 for a file modified after signing, 1 without anchors' trust, 2 for a file that is not a PDF")
    func exitCodes() async throws {
        try await withTemporaryDirectory { directory in
            let input = try write(TestPDF.onePage(), "in.pdf", in: directory)
            let output = directory.appendingPathComponent("out.pdf").path
            let root = directory.appendingPathComponent("root.pem").path
            let sign = try JPKIExecutable.run([
                "pdf", "sign", input, "--out", output, "--simulated", "--root-out", root, "--compat", "adbe",
            ])
            #expect(sign.status == 0, "\(sign.error)")
            let signed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            let tampered = try write(
                TestPDF.appendUpdate(to: signed, replacing: [(4, AttackTests.tamperedContent)]), "tampered.pdf",
                in: directory)
            let modified = try JPKIExecutable.run(["pdf", "verify", tampered, "--anchor", root, "--allow-unpinned"])
            #expect(modified.status == 1, "\(modified.output)")
            #expect(modified.output.contains("Signature1: modified"), "\(modified.output)")
            let otherRoot = try write(Array(try JudgeTests.rootPEM().utf8), "other-root.pem", in: directory)
            let untrusted = try JPKIExecutable.run(["pdf", "verify", output, "--anchor", otherRoot, "--allow-unpinned"])
            #expect(untrusted.status == 1, "\(untrusted.output)")
            let garbage = try write(Array("not a pdf".utf8), "garbage.pdf", in: directory)
            let unreadable = try JPKIExecutable.run(["pdf", "verify", garbage, "--anchor", root, "--allow-unpinned"])
            #expect(unreadable.status == 2)
            #expect(unreadable.error.contains("no %PDF- header"), "\(unreadable.error)")
            #expect(try JPKIExecutable.run(["pdf", "info", garbage]).status == 2)
            let noTSA = try JPKIExecutable.run(["pdf", "sign", input, "--out", output, "--simulated", "--level", "b-t"])
            #expect(noTSA.status == 2)
            #expect(noTSA.error.contains("needs --tsa"), "\(noTSA.error)")
        }
    }

    @Test("sign --visible PAGE,X,Y,WIDTH,HEIGHT --visible-text: valid, the widget's rectangle; bad values exit 2")
    func visible() async throws {
        try await withTemporaryDirectory { directory in
            let input = try write(TestPDF.onePage(), "in.pdf", in: directory)
            let output = directory.appendingPathComponent("out.pdf").path
            let root = directory.appendingPathComponent("root.pem").path
            let sign = try await offPool {
                try JPKIExecutable.run([
                    "pdf", "sign", input, "--out", output, "--simulated", "--root-out", root, "--visible",
                    "1,72,600,200,50", "--visible-text", "Signed: 番号 花子",
                ])
            }
            #expect(sign.status == 0, "\(sign.error)")
            let document = try PDFDocument(contentsOfFile: output)
            let field = try #require(try document.signatureFields().first?.reference)
            let widget = try #require(try document.object(field).dictionary)
            #expect(widget["Rect"] == .array([.integer(72), .integer(600), .integer(272), .integer(650)]))
            let verify = try await offPool {
                try JPKIExecutable.run(["pdf", "verify", output, "--anchor", root, "--allow-unpinned"])
            }
            #expect(verify.status == 0, "\(verify.output) \(verify.error)")
            for (arguments, message) in [
                (["--visible", "1,2,3"], "--visible: visible signature: \"1,2,3\" is not PAGE,X,Y,WIDTH,HEIGHT"),
                (["--visible", "5,72,600,200,50"], "the document has no page 5"),
                (["--visible-text", "x"], "--visible-text needs --visible"),
            ] {
                let bad = try await offPool {
                    try JPKIExecutable.run(["pdf", "sign", input, "--out", output, "--simulated"] + arguments)
                }
                #expect(bad.status == 2, "\(arguments)")
                #expect(bad.error.contains(message), "\(arguments): \(bad.error)")
            }
        }
    }
}
