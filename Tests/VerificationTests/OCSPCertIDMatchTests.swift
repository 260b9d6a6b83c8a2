import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIVerification
import JPKIX509
import Testing

/// RFC 6960 identifies a certificate by the whole CertID: hash algorithm, issuer name hash,
/// issuer key hash and serial number. Responses here come from `openssl ocsp` run once per
/// request (no server), for requests that put several CertIDs of one certificate side by side.
@Suite(
    "OCSP: a single response matches the whole CertID", .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
struct OCSPCertIDMatchTests {
    /// `openssl ocsp`'s answer to `request`, signed by the root of `pki` over `index` lines.
    static func opensslResponse(_ request: OCSPRequest, index: [String], pki: TestPKI) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jpki-certid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let root = pki.signatureRoot
        let ca = try write(Array(PEMDocument(label: "CERTIFICATE", der: root.derEncoded).pemString.utf8), "ca.pem")
        let key = try write(Array(pki.signatureRootKey.pkcs8PEM.utf8), "key.pem")
        let indexPath = try write(Array(index.map { $0 + "\n" }.joined().utf8), "index.txt")
        let requestPath = try write(request.derEncoded, "request.der")
        let responsePath = directory.appendingPathComponent("response.der").path
        let run = try OpenSSLCLI.run([
            "ocsp", "-index", indexPath, "-rsigner", ca, "-rkey", key, "-CA", ca, "-reqin", requestPath,
            "-respout", responsePath, "-ndays", "1",
        ])
        #expect(run.status == 0, "openssl ocsp: \(run.error)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: responsePath)))
    }

    static func basic(_ der: [UInt8]) throws -> BasicOCSPResponse {
        try #require(try OCSPResponse(derEncoded: der).basicResponse)
    }

    /// A CertID of `certificate` with its issuer name hash replaced: the same serial and key
    /// hash under another issuer name.
    static func otherName(_ id: CertID) -> CertID {
        var other = id
        other.issuerNameHash = DigestAlgorithm.sha1.hash(Array("another issuer".utf8))
        return other
    }

    @Test(
        "SHA-1 and SHA-256 CertIDs of one certificate in one response: each found by its own, both by the certificate")
    func twoHashAlgorithms() throws {
        let (pki, _, revoked, _) = try OCSPClientTests.leaves()
        let root = pki.signatureRoot
        let sha1 = CertID(certificate: revoked, issuer: root, hash: .sha1)
        let sha256 = CertID(certificate: revoked, issuer: root, hash: .sha256)
        let der = try Self.opensslResponse(
            OCSPRequest(certIDs: [sha1, sha256]),
            index: [OpenSSLResponder.indexLine(revoked, revokedAt: Hierarchy.issued + 60, reason: "keyCompromise")],
            pki: pki)
        let basic = try Self.basic(der)
        #expect(basic.responses.count == 2)
        #expect(basic.responses.map { $0.certID.digestAlgorithm } == [.sha1, .sha256])
        guard case .found(let bySHA1) = basic.match(sha1), case .found(let bySHA256) = basic.match(sha256) else {
            Issue.record("each CertID finds its entry")
            return
        }
        #expect(bySHA1.certID == sha1)
        #expect(bySHA256.certID == sha256)
        // The two entries agree, so the certificate itself has one answer.
        guard case .found(let byCertificate) = basic.match(certificate: revoked, issuer: root) else {
            Issue.record("two agreeing entries are one answer")
            return
        }
        #expect(
            byCertificate.status
                == .revoked(time: ASN1Time(secondsSince1970: Hierarchy.issued + 60), reason: .keyCompromise))
        // A SHA-1 CertID is not the same CertID as the SHA-256 one, though they name one certificate.
        #expect(!sha1.identifiesSameCertificate(as: sha256))
        #expect(sha1.matches(certificate: revoked, issuer: root) && sha256.matches(certificate: revoked, issuer: root))
    }

    @Test("the same serial and key hash under two issuer name hashes: the other name's entry is not the certificate's")
    func twoIssuerNameHashes() throws {
        let (pki, _, revoked, _) = try OCSPClientTests.leaves()
        let root = pki.signatureRoot
        let real = CertID(certificate: revoked, issuer: root, hash: .sha1)
        let impostor = Self.otherName(real)
        // The impostor first: matching on serial and key hash alone would hand it out.
        let der = try Self.opensslResponse(
            OCSPRequest(certIDs: [impostor, real]),
            index: [OpenSSLResponder.indexLine(revoked, revokedAt: Hierarchy.issued + 60, reason: "keyCompromise")],
            pki: pki)
        let basic = try Self.basic(der)
        #expect(basic.responses.map(\.status).first == .unknown, "openssl knows no CA under the other name")
        guard case .found(let forReal) = basic.match(real), case .found(let forImpostor) = basic.match(impostor) else {
            Issue.record("each CertID finds its own entry")
            return
        }
        #expect(forReal.certID == real)
        #expect(forReal.status != .unknown)
        #expect(forImpostor.certID == impostor)
        #expect(forImpostor.status == .unknown)
        guard case .found(let byCertificate) = basic.match(certificate: revoked, issuer: root) else {
            Issue.record("the certificate's own entry is found")
            return
        }
        #expect(byCertificate.certID == real)
    }

    @Test("duplicate entries that agree are one answer; the client reads them")
    func duplicatesThatAgree() throws {
        let (pki, good, _, _) = try OCSPClientTests.leaves()
        let root = pki.signatureRoot
        let id = CertID(certificate: good, issuer: root, hash: .sha256)
        let der = try Self.opensslResponse(
            OCSPRequest(certIDs: [id, id]), index: [OpenSSLResponder.indexLine(good)], pki: pki)
        let basic = try Self.basic(der)
        #expect(basic.responses.count == 2)
        guard case .found(let entry) = basic.match(id) else {
            Issue.record("agreeing duplicates are one answer")
            return
        }
        #expect(entry.status == .good)
        let now = Date()
        let answer = try OCSPClient().verify(der, for: good, issuer: root, nonce: nil, at: now)
        #expect(answer.status == .good)
    }

    @Test("entries for one certificate that disagree: ambiguous, refused by the client with a typed reason")
    func duplicatesThatDisagree() throws {
        let (pki, _, revoked, _) = try OCSPClientTests.leaves()
        let root = pki.signatureRoot
        let sha1 = CertID(certificate: revoked, issuer: root, hash: .sha1)
        let sha256 = CertID(certificate: revoked, issuer: root, hash: .sha256)
        let request = OCSPRequest(certIDs: [sha1, sha256])
        // Two answers of openssl, one from an index where the certificate is revoked and one
        // where it is not; the response takes the first's SHA-1 entry and the second's SHA-256 one.
        let revokedDER = try Self.opensslResponse(
            request,
            index: [OpenSSLResponder.indexLine(revoked, revokedAt: Hierarchy.issued + 60, reason: "keyCompromise")],
            pki: pki)
        let goodDER = try Self.opensslResponse(request, index: [OpenSSLResponder.indexLine(revoked)], pki: pki)
        let spliced = try Self.splice(
            first: Self.singleResponseDER(revokedDER, index: 0), second: Self.singleResponseDER(goodDER, index: 1),
            template: Self.basic(revokedDER), key: pki.signatureRootKey)
        // openssl reads the spliced response and its signature verifies: the input is well formed.
        let file = try TemporaryFile.create(spliced)
        defer { try? FileManager.default.removeItem(at: file) }
        let caFile = try TemporaryFile.create(
            Array(PEMDocument(label: "CERTIFICATE", der: root.derEncoded).pemString.utf8), suffix: ".pem")
        defer { try? FileManager.default.removeItem(at: caFile) }
        let text = try OpenSSLCLI.run([
            "ocsp", "-respin", file.path, "-resp_text", "-CAfile", caFile.path, "-VAfile", caFile.path,
        ])
        #expect(text.error.contains("Response verify OK"), "\(text.error)")
        #expect(text.output.contains("Cert Status: revoked") && text.output.contains("Cert Status: good"))

        let basic = try Self.basic(spliced)
        guard case .conflicting(let entries) = basic.match(certificate: revoked, issuer: root) else {
            Issue.record("disagreeing entries must be a conflict, never one of them")
            return
        }
        #expect(entries.count == 2)
        // Each CertID alone still names one entry.
        guard case .found(let bySHA1) = basic.match(sha1), case .found(let bySHA256) = basic.match(sha256) else {
            Issue.record("each CertID finds its own entry")
            return
        }
        #expect(bySHA1.status != .good)
        #expect(bySHA256.status == .good)
        let now = Date()
        #expect {
            try OCSPClient().verify(spliced, for: revoked, issuer: root, nonce: nil, at: now)
        } throws: { error in
            guard case OCSPClientError.ambiguousResponse(let statuses) = error else { return false }
            return statuses.count == 2
        }
    }

    @Test("the fuzz finding: every single response is found by its own CertID, with its own status")
    func fuzzFinding() throws {
        let url = SharedFixtures.root.appendingPathComponent(
            "../findings/OCSPFuzz-crash-08a38fca4c98f539c67a0d079a1f822a018199f1"
        ).standardizedFileURL
        try #require(
            FileManager.default.fileExists(atPath: url.path), "needs ../shared/findings (the OCSPFuzz finding)")
        let basic = try Self.basic([UInt8](try Data(contentsOf: url)))
        #expect(basic.responses.count >= 4)
        for single in basic.responses {
            switch basic.match(single.certID) {
            case .found(let found):
                #expect(found.status == single.status, "\(single.certID)")
                #expect(found.certID.identifiesSameCertificate(as: single.certID))
            case .conflicting(let entries):
                #expect(entries.contains(single))
                #expect(Set(entries.map(\.status)).count > 1)
            case .notFound:
                Issue.record("\(single.certID) is not found by its own CertID")
            }
        }
    }

    // MARK: Splicing two openssl responses

    /// The DER of the `index`th SingleResponse of a response.
    static func singleResponseDER(_ der: [UInt8], index: Int) throws -> [UInt8] {
        let tbs = try basic(der).tbsResponseData
        return try DER.withReader(tbs) { reader throws(DERError) -> [UInt8] in
            var data = try reader.children(of: try reader.read(.sequence))
            var node = try data.readAny()
            // Skip [0] version, then responderID; the next SEQUENCE OF holds the responses.
            if node.tag == .contextSpecific(0, constructed: true) { node = try data.readAny() }
            _ = try data.read(.generalizedTime)
            var responses = try data.children(of: try data.read(.sequence))
            var current = try responses.readAny()
            for _ in 0..<index { current = try responses.readAny() }
            return Array(responses.encoding(of: current))
        }
    }

    /// A BasicOCSPResponse with `template`'s responder, time and certificates and the two
    /// SingleResponses, signed with sha256WithRSAEncryption by `key`.
    static func splice(first: [UInt8], second: [UInt8], template: BasicOCSPResponse, key: SigningKey) throws
        -> [UInt8]
    {
        var data = DERWriter()
        data.writeSequence { fields in
            switch template.responderID {
            case .byName(let name):
                fields.writeConstructed(.contextSpecific(1, constructed: true)) { $0.serialize(name) }
            case .byKey(let hash):
                fields.writeConstructed(.contextSpecific(2, constructed: true)) { $0.serialize(ASN1OctetString(hash)) }
            }
            fields.serialize(template.producedAt)
            fields.writeSequence { list in
                list.appendEncoded(first)
                list.appendEncoded(second)
            }
        }
        let tbs = data.bytes
        let signature = try key.sign(tbs)
        var basic = DERWriter()
        basic.writeSequence { fields in
            fields.appendEncoded(tbs)
            AlgorithmIdentifier.sha256WithRSAEncryption.serialize(into: &fields)
            fields.serialize(ASN1BitString(bytes: signature))
        }
        var response = DERWriter()
        response.writeSequence { fields in
            fields.writePrimitive(.enumerated, content: [0])
            fields.writeConstructed(.contextSpecific(0, constructed: true)) { explicit in
                explicit.writeSequence { bytes in
                    bytes.serialize(ASN1ObjectIdentifier.ocspBasicResponse)
                    bytes.serialize(ASN1OctetString(basic.bytes))
                }
            }
        }
        return response.bytes
    }
}
