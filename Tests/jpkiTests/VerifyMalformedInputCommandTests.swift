import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

// Nested in the serialized "jpki verify" suite: its tests run one at a time with the other
// verify commands' (each blocks a thread of the 2-core pool while the process runs).
extension VerifyCommandTests {
    /// A malformed certificate, CRL or OCSP response in the path makes `jpki verify` answer invalid
    /// with the reason (exit 1), never exit 2: exit 2 stays for command lines and unreadable files.
    @Suite("jpki verify: malformed inputs in the path")
    struct VerifyMalformedInputCommandTests {
        typealias Setup = VerifyCommandTests.Setup

        static func run(_ arguments: [String]) throws -> ProcessResult { try JPKIExecutable.run(arguments) }

        /// Garbage, and a certificate cut short.
        static func malformedFiles(_ s: Setup) throws -> [String] {
            try s.write(Array("not a certificate".utf8), "garbage.pem")
            let good = try Data(contentsOf: URL(fileURLWithPath: s.path("sign.pem")))
            let der = try #require(try PEMDocument.parseAll(bytes: Array(good)).first).der
            try s.write(Array(der.prefix(der.count - 20)), "truncated.der")
            try s.write(
                Array(PEMDocument(label: "CERTIFICATE", der: Array(der.prefix(200))).pemString.utf8), "truncated.pem")
            return ["garbage.pem", "truncated.der", "truncated.pem"]
        }

        @Test(
            "a leaf (cert, auth, signature) or an intermediate that does not parse: invalid with the reason, text and JSON"
        )
        func malformedCertificates() throws {
            let s = try Setup()
            try s.write(Array("doc".utf8), "doc.txt")
            try s.write(try s.key.sign(Array("doc".utf8)), "doc.sig")
            for name in try Self.malformedFiles(s) {
                let commands: [[String]] = [
                    ["verify", "cert", s.path(name)] + s.trust("sign"),
                    [
                        "verify", "auth", "--challenge", "00", "--signature", s.path("doc.sig"), "--cert", s.path(name),
                    ] + s.trust("auth"),
                    [
                        "verify", "signature", "--document", s.path("doc.txt"), "--signature", s.path("doc.sig"),
                        "--cert", s.path(name),
                    ] + s.trust("sign"),
                    ["verify", "cert", s.path("sign.pem"), "--intermediate", s.path(name)] + s.trust("sign"),
                ]
                for arguments in commands {
                    let result = try Self.run(arguments)
                    #expect(result.status == 1, "\(arguments[1]) \(name): \(result.output) \(result.error)")
                    #expect(
                        result.error.contains("invalid: bad input: certificate \(s.path(name)):"),
                        "\(arguments[1]) \(name): \(result.error)")
                    let json = try Self.run(arguments + ["--json"])
                    #expect(json.status == 1)
                    let object = try #require(
                        try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
                    #expect(object["verdict"] as? String == "invalid")
                    let failures = try #require(object["failures"] as? [[String: Any]])
                    #expect(failures.first?["malformedInput"] != nil, "\(json.output)")
                }
            }
            // pdf verify shares the options: an --intermediate that does not parse is said, exit 1.
            let pdf = try Self.run([
                "pdf", "verify", s.path("doc.txt"), "--intermediate", s.path("garbage.pem"), "--anchor",
                s.path("sign-root.pem"), "--allow-unpinned",
            ])
            #expect(pdf.status == 1, "\(pdf.output) \(pdf.error)")
            #expect(pdf.error.contains("invalid: malformed certificate \(s.path("garbage.pem")):"), "\(pdf.error)")
            // A file that cannot be read is still a wrong command line.
            #expect(try Self.run(["verify", "cert", s.path("missing.pem")] + s.trust("sign")).status == 2)
            #expect(
                try Self.run(
                    ["verify", "cert", s.path("sign.pem"), "--intermediate", s.path("missing.pem")] + s.trust("sign")
                )
                .status == 2)
        }

        @Test("a leaf whose critical extension does not decode: invalid with the extension named")
        func malformedExtension() throws {
            let s = try Setup()
            let garbage = Extension(oid: "2.5.29.32", critical: true, value: [0x05, 0x00][...])
            let leaf = try CertificateBuilder(
                serialNumber: [0x77], issuer: s.pki.signatureRoot.subject,
                subject: DistinguishedName([.init([try .init(type: .commonName, string: "broken")])]),
                notBefore: ASN1Time(secondsSince1970: Setup.now - 86_400),
                notAfter: ASN1Time(secondsSince1970: Setup.now + 86_400),
                subjectPublicKeyInfo: try s.key.subjectPublicKeyInfo,
                extensions: [KeyUsage([.digitalSignature, .nonRepudiation]).makeExtension(critical: true), garbage]
            ).sign(with: s.pki.signatureRootKey)
            try s.write(s.pem(leaf), "broken.pem")
            let result = try Self.run(["verify", "cert", s.path("broken.pem"), "--json"] + s.trust("sign"))
            #expect(result.status == 1, "\(result.output) \(result.error)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            let failures = try #require(object["failures"] as? [[String: Any]])
            #expect(failures.contains { $0["malformedExtension"] != nil }, "\(result.output)")
        }

        @Test("a CMS that does not parse: invalid with the reason", .enabled(if: OpenSSLCLI.available, "needs openssl"))
        func malformedCMS() throws {
            let s = try Setup()
            // Not a CMS at all, and a CMS cut short (DER).
            try s.write(Array("order 42\n".utf8), "order.txt")
            let signed = try OpenSSLCLI.run([
                "cms", "-sign", "-binary", "-in", s.path("order.txt"), "-signer", s.path("sign.pem"), "-inkey",
                s.path("leaf.key"), "-outform", "DER", "-out", s.path("signed.p7s"), "-nodetach",
            ])
            #expect(signed.status == 0, "\(signed.error)")
            let der = try Data(contentsOf: URL(fileURLWithPath: s.path("signed.p7s")))
            try s.write(Array(der.prefix(der.count / 2)), "truncated.p7s")
            try s.write(Array("not a CMS".utf8), "garbage.p7s")
            for name in ["garbage.p7s", "truncated.p7s"] {
                let result = try Self.run(["verify", "cms", s.path(name)] + s.trust("sign"))
                #expect(result.status == 1, "\(name): \(result.output) \(result.error)")
                #expect(result.error.contains("malformed CMS"), "\(name): \(result.error)")
            }
        }

        /// An HTTP server on 127.0.0.1 that answers every POST with `body` (a python3 process, started
        /// by the test and stopped after it); ready once it has printed its port.
        final class GarbageResponder {
            let process = Process()
            let port: Int

            init(body: [UInt8]) throws {
                let script = """
                    import http.server, sys
                    body = bytes.fromhex(sys.argv[1])
                    class Handler(http.server.BaseHTTPRequestHandler):
                        def do_POST(self):
                            self.rfile.read(int(self.headers.get("Content-Length", "0")))
                            self.send_response(200)
                            self.send_header("Content-Type", "application/ocsp-response")
                            self.send_header("Content-Length", str(len(body)))
                            self.send_header("Connection", "close")
                            self.end_headers()
                            self.wfile.write(body)
                        def log_message(self, *arguments):
                            pass
                    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
                    print(server.server_port, flush=True)
                    server.serve_forever()
                    """
                let output = Pipe()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", "-c", script, Hex.encode(body)]
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                // The port line: the socket is bound and listening before it is printed.
                var line: [UInt8] = []
                while !line.contains(0x0A) {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    line += chunk
                }
                let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let port = Int(text) else {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw CocoaError(.fileReadCorruptFile)
                }
                self.port = port
            }

            /// SIGKILL: a child of the test runner may start with SIGTERM blocked, and would not heed it.
            func stop() {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
        }

        @Test("an OCSP response that does not parse: invalid (hard-fail) with the reason, valid under --soft-fail")
        func malformedOCSP() throws {
            let s = try Setup()
            for body in [[0x30, 0x03, 0x02, 0x01], Array("<html>oops</html>".utf8)] as [[UInt8]] {
                let responder = try GarbageResponder(body: body)
                defer { responder.stop() }
                let base = [
                    "verify", "cert", s.path("sign.pem"), "--anchor", s.path("sign-root.pem"), "--allow-unpinned",
                    "--at",
                    Setup.nowText, "--ocsp", "http://127.0.0.1:\(responder.port)/",
                ]
                let hard = try Self.run(base)
                #expect(hard.status == 1, "\(hard.output) \(hard.error)")
                #expect(hard.error.contains("revocation status unavailable: malformed OCSP response"), "\(hard.error)")
                let soft = try Self.run(base + ["--soft-fail"])
                #expect(soft.status == 0, "\(soft.output) \(soft.error)")
            }
        }
    }
}
