import Foundation
import Testing

@testable import JPKIVerification

/// The typed names of a report's checks: the strings they encode to are the ones reports have
/// always carried, and the verifier's flows record them.
@Suite("Check names")
struct CheckNameTests {
    typealias Name = VerificationReport.Check.Name

    /// Every name the verifier records, with the string reports carry for it.
    static let names: [(Name, String)] = [
        (.trustAnchor, "trust-anchor"), (.path, "path"), (.signature, "signature"), (.nameChaining, "issuer-name"),
        (.validity, "validity"), (.criticalExtensions, "critical-extensions"), (.extensions, "extensions"),
        (.basicConstraints, "basic-constraints"), (.issuerKeyUsage, "key-usage"), (.pathLength, "path-length"),
        (.certificatePolicies, "certificate-policies"), (.nameConstraints, "name-constraints"),
        (.jpkiPolicy, "policy"), (.leafKeyUsage, "leaf-key-usage"), (.revocation, "revocation"),
        (.dataSignature, "data-signature"), (.basicFourInformation, "basic-four-information"),
        (.cmsStructure, "cms-structure"), (.cmsContent, "content"), (.cmsSignerCertificate, "signer-certificate"),
        (.cmsMessageDigest, "message-digest"), (.cmsContentType, "content-type"), (.cmsSignature, "cms-signature"),
    ]

    @Test("each name encodes as its string, decodes back, and the names are distinct")
    func encoding() throws {
        for (name, text) in Self.names {
            #expect(name.rawValue == text)
            #expect("\(name)" == text)
            let data = try JSONEncoder().encode([name])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(text)\"]")
            #expect(try JSONDecoder().decode([Name].self, from: data) == [name])
        }
        #expect(Set(Self.names.map(\.0)).count == Self.names.count)
    }

    @Test("a check encodes its name as a plain string; a name this version does not know still decodes")
    func checkJSON() throws {
        let check = VerificationReport.Check(name: .revocation, position: 0, passed: true)
        let text = String(decoding: try JSONEncoder().encode(check), as: UTF8.self)
        #expect(text.contains("\"name\":\"revocation\""))
        let future = try JSONDecoder().decode(
            VerificationReport.Check.self, from: Data(#"{"name":"quantum-safety","passed":false}"#.utf8))
        #expect(future.name == Name(rawValue: "quantum-safety"))
        #expect(!Self.names.contains { $0.0 == future.name })
    }

    @Test("the log-in and document flows record the data-signature, policy and basic 4 information checks")
    func flows() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors)
        let challenge = Array("nonce".utf8)
        let login = await verifier.verifyAuthentication(
            challenge: challenge, signature: try VerifierFlowTests.cardSignature(challenge, key: h.leafKey),
            certificate: h.authenticationCertificate, at: Hierarchy.nowDate)
        #expect(login.checks.first?.name == .dataSignature)
        #expect(login.checks.contains { $0.name == .jpkiPolicy && $0.passed })
        let document = Array("document".utf8)
        let signed = await verifier.verifySignature(
            of: document, signature: try VerifierFlowTests.cardSignature(document, key: h.leafKey),
            certificate: h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(signed.report.checks.last?.name == .basicFourInformation)
        // A forged leaf: the chain cannot be built, and the check says so.
        let forged = try Hierarchy.certificate(
            subject: try Hierarchy.name("forged"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
            issuerKey: h.otherKey, extensions: Hierarchy.leafExtensions)
        let report = await verifier.verifyCertificate(forged, at: Hierarchy.nowDate)
        #expect(report.checks.map(\.name) == [.path])
        #expect(report.checks.map(\.name.rawValue) == ["path"])
    }
}
