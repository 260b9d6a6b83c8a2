import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// CMS SignedData: ours read by `openssl cms -verify`, OpenSSL's read by ours.
@Suite("CMS SignedData", .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
struct CMSTests {
    static let document = Array("請求書 No. 42\nTotal: 10,000 JPY\n".utf8)

    /// Writes files into a fresh directory and removes it after `body`.
    static func withDirectory<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-cms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    static func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func pem(_ certificate: Certificate) -> [UInt8] {
        Array(PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString.utf8)
    }

    /// A CMS of the document signed the way a card signs: the closure gets the DigestInfo.
    static func cardCMS(detached: Bool) async throws -> [UInt8] {
        let h = try Hierarchy.shared()
        let builder = CMSSignedDataBuilder(
            content: document, signerCertificate: h.signatureCertificate, detached: detached,
            signingTime: Hierarchy.nowDate)
        let key = h.leafKey
        return try await builder.sign { digestInfo in try key.signPaddedDigestInfo(digestInfo) }
    }

    @Test("our detached and attached CMS verify with openssl cms -verify -CAfile <root>")
    func opensslVerifiesOurs() async throws {
        let h = try Hierarchy.shared()
        let detached = try await Self.cardCMS(detached: true)
        let attached = try await Self.cardCMS(detached: false)
        try await Self.withDirectory { directory in
            let root = try Self.write(Self.pem(h.pki.signatureRoot), "root.pem", in: directory)
            let content = try Self.write(Self.document, "doc.txt", in: directory)
            let detachedPath = try Self.write(detached, "detached.der", in: directory)
            let attachedPath = try Self.write(attached, "attached.der", in: directory)
            let out = directory.appendingPathComponent("out.txt").path
            let first = try OpenSSLCLI.run([
                "cms", "-verify", "-binary", "-inform", "DER", "-in", detachedPath, "-content", content, "-CAfile",
                root,
                "-out", out,
            ])
            #expect(first.status == 0, "\(first.error)")
            #expect(first.error.contains("Verification successful"))
            let second = try OpenSSLCLI.run([
                "cms", "-verify", "-binary", "-inform", "DER", "-in", attachedPath, "-CAfile", root, "-out", out,
            ])
            #expect(second.status == 0, "\(second.error)")
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: out))) == Self.document)
            // A modified content fails with OpenSSL too.
            let modified = try Self.write(Self.document + [0x0A], "modified.txt", in: directory)
            let third = try OpenSSLCLI.run([
                "cms", "-verify", "-binary", "-inform", "DER", "-in", detachedPath, "-content", modified, "-CAfile",
                root, "-out", out,
            ])
            #expect(third.status != 0)
        }
    }

    @Test("our CMS verifies with ours; the signer's 4 information comes back; modified content fails")
    func oursVerifiesOurs() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(try h.store()))
        let detached = try await Self.cardCMS(detached: true)
        let result = await verifier.verifyCMS(detached, detachedContent: Self.document, at: Hierarchy.nowDate)
        #expect(result.isValid, "\(result.report.reasons)")
        #expect(result.signer?.name == Persona.sample.name)
        #expect(result.signingTime == Hierarchy.nowDate)
        let attached = await verifier.verifyCMS(try await Self.cardCMS(detached: false), at: Hierarchy.nowDate)
        #expect(attached.isValid, "\(attached.report.reasons)")
        #expect(attached.content == Self.document)
        let modified = await verifier.verifyCMS(detached, detachedContent: Self.document + [0], at: Hierarchy.nowDate)
        #expect(modified.report.failures.map(\.code) == ["signature-mismatch"])
        let missing = await verifier.verifyCMS(detached, at: Hierarchy.nowDate)
        #expect(missing.report.failures.map(\.code) == ["malformed-input"])
        var tampered = detached
        tampered[tampered.count - 3] ^= 0x01
        let bad = await verifier.verifyCMS(tampered, detachedContent: Self.document, at: Hierarchy.nowDate)
        #expect(bad.report.failures.map(\.code) == ["signature-mismatch"])
    }

    @Test("a CMS made by openssl cms -sign with a TestPKI key verifies with ours, detached and attached")
    func oursVerifiesOpenSSL() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors)
        try await Self.withDirectory { directory in
            let certificate = try Self.write(Self.pem(h.signatureCertificate), "leaf.pem", in: directory)
            let key = try Self.write(Array(h.leafKey.pkcs8PEM.utf8), "leaf.key", in: directory)
            let content = try Self.write(Self.document, "doc.txt", in: directory)
            for detached in [true, false] {
                let out = directory.appendingPathComponent("signed-\(detached).der").path
                var arguments = [
                    "cms", "-sign", "-binary", "-in", content, "-signer", certificate, "-inkey", key, "-outform", "DER",
                    "-out", out,
                ]
                if !detached { arguments.append("-nodetach") }
                let run = try OpenSSLCLI.run(arguments)
                #expect(run.status == 0, "\(run.error)")
                let der = Array(try Data(contentsOf: URL(fileURLWithPath: out)))
                let result = await verifier.verifyCMS(
                    der, detachedContent: detached ? Self.document : nil, at: Date())
                #expect(result.isValid, "detached \(detached): \(result.report.reasons)")
                #expect(result.signer?.name == Persona.sample.name)
                if detached {
                    let modified = await verifier.verifyCMS(der, detachedContent: Self.document + [1], at: Date())
                    #expect(!modified.isValid)
                }
            }
        }
    }
}
