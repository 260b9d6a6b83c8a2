import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// Every OCSP request and response of `../shared/fixtures/x509-vectors/ocsp` is read or rejected
/// for a stated reason, and what is read agrees with `openssl ocsp`.
@Suite("OCSP fixtures", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct OCSPFixtureTests {
    static let folder = "x509-vectors/ocsp"

    /// The files rejected, with the error and why.
    static let rejected: [String: (X509Error, String)] = [
        "req-duplicate-ext.der": (
            .duplicateExtension("1.3.6.1.5.5.7.48.1.2", offset: 122), "the nonce extension appears twice"
        ),
        "req-invalid-version.der": (
            .unsupportedVersion(1, offset: 4), "version 2 (1) does not exist; v1 is the DEFAULT and is never encoded"
        ),
        "resp-invalid-version.der": (.unsupportedVersion(1, offset: 37), "ResponseData version 2 (1) does not exist"),
        "resp-response-type-unknown-oid.der": (
            .invalidValue("unsupported OCSP response type 1.3.6.1.5.5.7.48.1.50000", offset: 15),
            "only id-pkix-ocsp-basic is defined"
        ),
        "resp-successful-no-response-bytes.der": (
            .invalidValue("successful OCSP response without response bytes", offset: 2),
            "a successful response must carry a response"
        ),
        "resp-unknown-response-status.der": (
            .invalidValue("unknown OCSP response status 7", offset: 2), "status 7 is not in RFC 6960"
        ),
    ]

    static var files: [String] { SharedFixtures.files(in: folder, suffixes: [".der"]) }

    static func isRequest(_ name: String) -> Bool { name.hasPrefix("req-") || name.hasSuffix("-req.der") }

    @Test("the folder holds requests and responses")
    func inventory() {
        #expect(Self.files.count == 28)
        for name in Self.rejected.keys { #expect(Self.files.contains(name), "\(name) is not a fixture") }
    }

    @Test("each file is read, or rejected with the listed error", arguments: files)
    func readsOrRejects(name: String) throws {
        let bytes = try SharedFixtures.bytes("\(Self.folder)/\(name)")
        do {
            if Self.isRequest(name) {
                _ = try OCSPRequest(derEncoded: bytes)
            } else {
                _ = try OCSPResponse(derEncoded: bytes)
            }
            #expect(Self.rejected[name] == nil, "\(name) was read but should be rejected")
        } catch {
            let expected = try #require(Self.rejected[name], "\(name) was rejected: \(error)")
            #expect(error == expected.0, "\(name): \(expected.1)")
        }
    }

    @Test(
        "responses agree with openssl ocsp -resp_text: status, serials, cert statuses, reasons",
        .enabled(if: OpenSSLCLI.available, "needs the openssl CLI"), arguments: files.filter { !isRequest($0) })
    func responsesAgreeWithOpenSSL(name: String) throws {
        guard Self.rejected[name] == nil else { return }
        let path = SharedFixtures.url("\(Self.folder)/\(name)").path
        let run = try OpenSSLCLI.run(["ocsp", "-respin", path, "-resp_text", "-noverify"])
        // The response's own part: what openssl prints before the embedded certificates.
        let text = run.output.components(separatedBy: "\nCertificate:\n")[0]
        let response = try OCSPResponse(derEncoded: try SharedFixtures.bytes("\(Self.folder)/\(name)"))
        guard let basic = response.basicResponse else {
            // openssl: "Responder Error: unauthorized (6)".
            #expect(text.contains("Responder Error:") && text.contains("(\(response.status.rawValue))"), "\(name)")
            return
        }
        #expect(text.contains("OCSP Response Status: successful (0x0)"), "\(name)")
        let serials = text.split(separator: "\n").filter { $0.contains("Serial Number:") }.map {
            String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        #expect(serials == basic.responses.map { Self.opensslSerial($0.certID.serialNumber) }, "\(name)")
        let statuses = text.split(separator: "\n").filter { $0.contains("Cert Status:") }.map {
            String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        #expect(
            statuses
                == basic.responses.map { single in
                    switch single.status {
                    case .good: return "good"
                    case .revoked: return "revoked"
                    case .unknown: return "unknown"
                    }
                }, "\(name)")
        let reasons = text.split(separator: "\n").filter { $0.contains("Revocation Reason:") }.map {
            String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        let ours = basic.responses.compactMap { single -> String? in
            guard case .revoked(_, let reason?) = single.status else { return nil }
            return "\(Self.opensslReasonName(reason)) (0x\(String(reason.rawValue, radix: 16)))"
        }
        #expect(reasons == ours, "\(name)")
    }

    @Test(
        "requests agree with openssl ocsp -req_text: CertIDs and nonce",
        .enabled(if: OpenSSLCLI.available, "needs the openssl CLI"), arguments: files.filter(isRequest))
    func requestsAgreeWithOpenSSL(name: String) throws {
        guard Self.rejected[name] == nil else { return }
        let path = SharedFixtures.url("\(Self.folder)/\(name)").path
        let text = try OpenSSLCLI.run(["ocsp", "-reqin", path, "-req_text"]).output
        let request = try OCSPRequest(derEncoded: try SharedFixtures.bytes("\(Self.folder)/\(name)"))
        let serials = text.split(separator: "\n").filter { $0.contains("Serial Number:") }.map {
            String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        #expect(serials == request.certIDs.map { Self.opensslSerial($0.serialNumber) }, "\(name)")
        let nameHashes = text.split(separator: "\n").filter { $0.contains("Issuer Name Hash:") }.map {
            String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        }
        #expect(nameHashes == request.certIDs.map { Hex.encode($0.issuerNameHash) }, "\(name)")
        if let nonce = request.nonce {
            #expect(text.contains("OCSP Nonce"), "\(name)")
            #expect(text.contains(Hex.encode(nonce)), "\(name)")
        }
    }

    /// OpenSSL prints serials as minimal unsigned hex (no sign octet).
    static func opensslSerial(_ bytes: [UInt8]) -> String {
        var trimmed = bytes[...]
        while trimmed.count > 1 && trimmed.first == 0 { trimmed = trimmed.dropFirst() }
        return Hex.encode(trimmed)
    }

    /// OpenSSL's names of CRL reasons in `-resp_text`.
    static func opensslReasonName(_ reason: RevocationReason) -> String {
        switch reason {
        case .unspecified: return "unspecified"
        case .keyCompromise: return "keyCompromise"
        case .cACompromise: return "cACompromise"
        case .affiliationChanged: return "affiliationChanged"
        case .superseded: return "superseded"
        case .cessationOfOperation: return "cessationOfOperation"
        case .certificateHold: return "certificateHold"
        case .removeFromCRL: return "removeFromCRL"
        case .privilegeWithdrawn: return "privilegeWithdrawn"
        case .aACompromise: return "aACompromise"
        }
    }
}

@Suite("OCSP request builder", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct OCSPRequestBuilderTests {
    static let caPath = SharedFixtures.url("jlis-ca/sign_ca_2023.pem").path

    static func ca() throws -> Certificate {
        try Certificate(pemEncoded: String(contentsOfFile: caPath, encoding: .utf8))
    }

    @Test(
        "a request without nonce is byte for byte openssl's (SHA-1 and SHA-256 CertIDs)",
        .enabled(if: OpenSSLCLI.available, "needs the openssl CLI"), arguments: [DigestAlgorithm.sha1, .sha256])
    func matchesOpenSSLRequest(hash: DigestAlgorithm) throws {
        let ca = try Self.ca()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-ocsp-\(UUID().uuidString).der")
        defer { try? FileManager.default.removeItem(at: out) }
        var arguments = ["ocsp", "-issuer", Self.caPath, "-cert", Self.caPath, "-reqout", out.path, "-no_nonce"]
        if hash == .sha256 { arguments.insert("-sha256", at: 1) }
        let run = try OpenSSLCLI.run(arguments)
        #expect(run.status == 0, "\(run.error)")
        let expected = [UInt8](try Data(contentsOf: out))
        let request = OCSPRequest(certIDs: [CertID(certificate: ca, issuer: ca, hash: hash)])
        #expect(request.derEncoded == expected)
    }

    @Test(
        "a request with several certificates and a nonce is accepted by openssl ocsp -reqin -req_text",
        .enabled(if: OpenSSLCLI.available, "needs the openssl CLI"))
    func acceptedByOpenSSL() throws {
        let ca = try Self.ca()
        let nonce = OCSPRequest.randomNonce()
        let request = OCSPRequest(
            certIDs: [
                CertID(certificate: ca, issuer: ca, hash: .sha1), CertID(certificate: ca, issuer: ca, hash: .sha256),
            ], nonce: nonce)
        let file = try TemporaryFile.create(request.derEncoded)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try OpenSSLCLI.run(["ocsp", "-reqin", file.path, "-req_text"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.components(separatedBy: "Serial Number: 067C6A21").count == 3)
        #expect(run.output.contains("Hash Algorithm: sha1"))
        #expect(run.output.contains("Hash Algorithm: sha256"))
        #expect(run.output.contains("OCSP Nonce"))
        #expect(run.output.contains(Hex.encode(nonce)))
        // And we read back what we wrote.
        let parsed = try OCSPRequest(derEncoded: request.derEncoded)
        #expect(parsed == request)
    }

    @Test("a CertID matches its certificate and issuer, and not another issuer")
    func certIDMatching() throws {
        let ca = try Self.ca()
        let other = try Certificate(
            pemEncoded: String(contentsOfFile: SharedFixtures.url("jlis-ca/auth_ca_2023.pem").path, encoding: .utf8))
        let id = CertID(certificate: ca, issuer: ca, hash: .sha256)
        #expect(id.matches(certificate: ca, issuer: ca))
        #expect(!id.matches(certificate: ca, issuer: other))
        #expect(id.issuerNameHash.count == 32)
    }
}
