import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An `openssl ocsp` responder on 127.0.0.1, started by a test and stopped after it.
final class OpenSSLResponder: @unchecked Sendable {
    let process: Process
    let port: Int
    let directory: URL

    /// Starts a responder for `index` lines, signing with `signer`/`signerKey`, for `ca`.
    init(index: [String], ca: Certificate, signer: Certificate, signerKey: SigningKey) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-ocsp-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ text: String, _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let indexPath = try write(index.map { $0 + "\n" }.joined(), "index.txt")
        let caPath = try write(PEMDocument(label: "CERTIFICATE", der: ca.derEncoded).pemString, "ca.pem")
        let signerPath = try write(PEMDocument(label: "CERTIFICATE", der: signer.derEncoded).pemString, "rsigner.pem")
        let keyPath = try write(signerKey.pkcs8PEM, "rkey.pem")
        var started: (Process, Int)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: OpenSSLCLI.path ?? "/usr/bin/openssl")
            process.arguments = [
                "ocsp", "-index", indexPath, "-port", "\(port)", "-rsigner", signerPath, "-rkey", keyPath,
                "-CA", caPath, "-nmin", "60",
            ]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            if Self.waitForListener(errors.fileHandleForReading), process.isRunning {
                started = (process, port)
                break
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        guard let started else { throw CocoaError(.fileNoSuchFile) }
        (process, port) = started
    }

    var url: URL {
        get throws {
            guard let url = URL(string: "http://127.0.0.1:\(port)/") else { throw CocoaError(.fileNoSuchFile) }
            return url
        }
    }

    func stop() {
        // SIGKILL: OpenSSL 3.0's responder may spin on a half-closed connection and not heed SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Waits until the responder says it listens (`ACCEPT …` or `waiting for OCSP client
    /// connections` on its standard error); `false` when it exits first. Probing the port with a
    /// connection would not do: OpenSSL 3.0's responder spins on a connection closed unused.
    static func waitForListener(_ errors: FileHandle) -> Bool {
        var text = ""
        while true {
            let data = errors.availableData
            if data.isEmpty { return false }
            text += String(decoding: data, as: UTF8.self)
            if text.contains("ACCEPT") || text.contains("waiting for OCSP") { return true }
        }
    }

    /// An index line: `V` or `R`, expiry, revocation time and reason, serial, subject.
    static func indexLine(_ certificate: Certificate, revokedAt: Int64? = nil, reason: String? = nil) -> String {
        func time(_ seconds: Int64) -> String {
            let t = ASN1Time(secondsSince1970: seconds)
            return String(format: "%02d%02d%02d%02d%02d%02dZ", t.year % 100, t.month, t.day, t.hour, t.minute, t.second)
        }
        let expiry = time(certificate.notAfter.secondsSince1970)
        let revocation = revokedAt.map { time($0) + (reason.map { ",\($0)" } ?? "") } ?? ""
        return [revokedAt == nil ? "V" : "R", expiry, revocation, certificate.serialNumberHex, "unknown", "/CN=test"]
            .joined(separator: "\t")
    }
}

/// A transport that flips one bit of the response's signature (found by parsing it).
struct TamperingTransport: HTTPTransport {
    let inner = URLSessionTransport()

    func post(_ url: URL, body: [UInt8], contentType: String, timeout: Duration) async throws(HTTPTransportError)
        -> HTTPResponse
    {
        var response = try await inner.post(url, body: body, contentType: contentType, timeout: timeout)
        guard let basic = (try? OCSPResponse(derEncoded: response.body))?.basicResponse else { return response }
        let marker = Array(basic.signature.prefix(16))
        for start in 0...(response.body.count - marker.count)
        where response.body[start..<(start + marker.count)].elementsEqual(marker) {
            response.body[start + 8] ^= 0x01
            break
        }
        return response
    }
}

/// A transport that records the request and returns the response of another.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    let inner = URLSessionTransport()
    private let lock = NSLock()
    private var requests: [[UInt8]] = []
    private var responses: [[UInt8]] = []

    var last: (request: [UInt8], response: [UInt8])? {
        lock.withLock {
            guard let request = requests.last, let response = responses.last else { return nil }
            return (request, response)
        }
    }

    func post(_ url: URL, body: [UInt8], contentType: String, timeout: Duration) async throws(HTTPTransportError)
        -> HTTPResponse
    {
        let response = try await inner.post(url, body: body, contentType: contentType, timeout: timeout)
        lock.withLock {
            requests.append(body)
            responses.append(response.body)
        }
        return response
    }
}

@Suite("OCSP client", .serialized, .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
struct OCSPClientTests {
    /// The timeout of the clients that talk to the live `openssl ocsp` responder: what these tests
    /// check is the answers, so the bound is the longest allowed, for a loaded 2-core run in
    /// which the concurrency pool's threads can be held by tests that wait for processes.
    static let liveTimeout = Duration.seconds(60)

    /// A PKI with three leaves: good, revoked (keyCompromise), unknown to the responder.
    static func leaves() throws -> (TestPKI, good: Certificate, revoked: Certificate, unknown: Certificate) {
        let h = try Hierarchy.shared()
        let pki = h.pki
        let key = try h.leafKey.subjectPublicKeyInfo
        return (
            pki, try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: Hierarchy.issued),
            try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: Hierarchy.issued),
            try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: Hierarchy.issued)
        )
    }

    @Test("against openssl ocsp signed by the issuer: good, revoked, unknown, nonce echoed, tampered rejected")
    func issuerSigned() async throws {
        let (pki, good, revoked, unknown) = try Self.leaves()
        let revokedAt = Int64(Date().timeIntervalSince1970) - 86_400
        let responder = try OpenSSLResponder(
            index: [
                OpenSSLResponder.indexLine(good),
                OpenSSLResponder.indexLine(revoked, revokedAt: revokedAt, reason: "keyCompromise"),
            ], ca: pki.signatureRoot, signer: pki.signatureRoot, signerKey: pki.signatureRootKey)
        defer { responder.stop() }
        let recorder = RecordingTransport()
        let client = OCSPClient(
            configuration: .init(timeout: Self.liveTimeout, responderURL: try responder.url), transport: recorder)
        let root = pki.signatureRoot
        let now = Date()

        let goodAnswer = try await client.query(good, issuer: root, at: now)
        #expect(goodAnswer.status == .good)
        #expect(goodAnswer.evidence.producedAt != nil)
        // The nonce we sent came back, and the CertID is SHA-256.
        let exchange = try #require(recorder.last)
        let request = try OCSPRequest(derEncoded: exchange.request)
        let response = try #require(try OCSPResponse(derEncoded: exchange.response).basicResponse)
        #expect(request.nonce?.count == 32)
        #expect(response.nonce == request.nonce)
        #expect(request.certIDs.first?.hashAlgorithm.algorithm == .sha256)

        let revokedAnswer = try await client.query(revoked, issuer: root, at: now)
        #expect(revokedAnswer.status == .revoked(time: ASN1Time(secondsSince1970: revokedAt), reason: .keyCompromise))
        let unknownAnswer = try await client.query(unknown, issuer: root, at: now)
        #expect(unknownAnswer.status == .unknown)

        // Through the verifier: revoked is invalid, good is valid, with the OCSP evidence.
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]), revocation: .hardFail(client))
        let validReport = await verifier.verifyCertificate(good)
        #expect(validReport.isValid, "\(validReport.reasons)")
        #expect(validReport.revocation.first?.evidence?.kind == "ocsp")
        #expect(validReport.revocation.first?.evidence?.producedAt != nil)
        let revokedReport = await verifier.verifyCertificate(revoked)
        #expect(revokedReport.failures.map(\.code) == ["revoked"])
        let unknownReport = await verifier.verifyCertificate(unknown)
        #expect(unknownReport.failures.map(\.code) == ["revocation-unavailable"])

        // CRL then OCSP: the store has no CRL of the partition, OCSP answers.
        let chained = JPKIVerifier(
            anchors: TrustAnchors(custom: [root]), revocation: .crlThenOCSP(CRLStore(issuers: [root]), client))
        let chainedReport = await chained.verifyCertificate(revoked)
        #expect(chainedReport.failures.map(\.code) == ["revoked"])
        #expect(chainedReport.revocation.first?.evidence?.kind == "ocsp")

        // SHA-1 CertIDs work too.
        let sha1 = OCSPClient(
            configuration: .init(hashAlgorithm: .sha1, timeout: Self.liveTimeout, responderURL: try responder.url))
        #expect(try await sha1.query(revoked, issuer: root, at: now).status != .good)

        // A tampered response is rejected.
        let tampering = OCSPClient(
            configuration: .init(timeout: Self.liveTimeout, responderURL: try responder.url),
            transport: TamperingTransport())
        await #expect(throws: OCSPClientError.self) { try await tampering.query(good, issuer: root, at: now) }
        guard case .unavailable = await tampering.status(of: good, issuer: root, at: now) else {
            Issue.record("a tampered response must not answer")
            return
        }

        // A response whose nonce is not ours is rejected.
        let foreignNonce = [UInt8](repeating: 7, count: 32)
        #expect(throws: OCSPClientError.nonceMismatch) {
            try client.verify(exchange.response, for: good, issuer: root, nonce: foreignNonce, at: now)
        }
        // A response is not fresh long after its nextUpdate.
        #expect(throws: OCSPClientError.self) {
            try client.verify(
                exchange.response, for: good, issuer: root, nonce: request.nonce, at: now.addingTimeInterval(86_400))
        }
        // The response is not about another certificate.
        #expect(throws: OCSPClientError.wrongCertificate) {
            try client.verify(exchange.response, for: revoked, issuer: root, nonce: request.nonce, at: now)
        }
    }

    @Test("a delegated responder needs the OCSP-signing EKU")
    func delegatedResponder() async throws {
        let (pki, good, _, _) = try Self.leaves()
        let h = try Hierarchy.shared()
        let root = pki.signatureRoot
        let now = Date()
        for (usage, accepted) in [(ExtendedKeyUsage.ocspSigning, true), (ExtendedKeyUsage.clientAuth, false)] {
            let delegate = try Hierarchy.certificate(
                subject: try Hierarchy.name("OCSP Responder"), issuer: root.subject, key: h.otherKey,
                issuerKey: pki.signatureRootKey,
                extensions: [
                    KeyUsage([.digitalSignature]).makeExtension(critical: true),
                    ExtendedKeyUsage([usage]).makeExtension(),
                ], serial: [0x77], notBefore: Int64(now.timeIntervalSince1970) - 3600,
                notAfter: Int64(now.timeIntervalSince1970) + 86_400)
            let responder = try OpenSSLResponder(
                index: [OpenSSLResponder.indexLine(good)], ca: root, signer: delegate, signerKey: h.otherKey)
            defer { responder.stop() }
            let client = OCSPClient(configuration: .init(timeout: Self.liveTimeout, responderURL: try responder.url))
            if accepted {
                #expect(try await client.query(good, issuer: root, at: now).status == .good)
            } else {
                await #expect(throws: OCSPClientError.self) { try await client.query(good, issuer: root, at: now) }
            }
        }
    }

    @Test("an unreachable responder times out within the bound")
    func timeout() async throws {
        let (pki, good, _, _) = try Self.leaves()
        // A listening socket that never answers.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, raw, &length) == 0
            }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let client = OCSPClient(
            configuration: .init(timeout: .milliseconds(500), responderURL: URL(string: "http://127.0.0.1:\(port)/")))
        let start = Date()
        let status = await client.status(of: good, issuer: pki.signatureRoot, at: start)
        // Without the bound the request would wait for the connection for a minute or more; the
        // margin over the 0.5 s timeout is for a 2-core machine running the whole suite at once
        // (tests that wait for processes hold the concurrency pool's threads).
        #expect(Date().timeIntervalSince(start) < 10)
        guard case .unavailable = status else {
            Issue.record("expected unavailable, got \(status)")
            return
        }
    }
}
