import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// Pinned J-LIS roots and the refusal of look-alikes.
@Suite("Trust anchors")
struct TrustAnchorTests {
    static let rootFiles = [
        "sign_ca_2015", "sign_ca_2019", "sign_ca_2023", "auth_ca_2015", "auth_ca_2019", "auth_ca_2023",
    ]

    static func jlisRoots() throws -> [Certificate] {
        try rootFiles.map { name in
            try Certificate(
                pemEncoded: String(decoding: try SharedFixtures.bytes("jlis-ca/\(name).pem"), as: UTF8.self))
        }
    }

    @Test(
        "the six real J-LIS roots are accepted as pinned anchors",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func realRootsPinned() throws {
        let roots = try Self.jlisRoots()
        let anchors = try TrustAnchors(pinnedRoots: roots)
        #expect(anchors.certificates.count == 6)
        for root in roots {
            #expect(anchors.isPinned(root))
            #expect(anchors.contains(root))
        }
    }

    @Test(
        "the embedded J-LIS roots equal the published certificates byte for byte, with the README's fingerprints",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func embeddedRootsEqualFixtures() throws {
        let readme = String(decoding: try SharedFixtures.bytes("README.md"), as: UTF8.self)
        #expect(JLISRoot.all.count == 6)
        for (name, embedded) in zip(Self.rootFiles, JLISRoot.all) {
            let published = try Certificate(
                pemEncoded: String(decoding: try SharedFixtures.bytes("jlis-ca/\(name).pem"), as: UTF8.self))
            #expect(embedded.certificate.derEncoded == published.derEncoded, "\(name)")
            #expect(name == "\(embedded.purpose == .signature ? "sign" : "auth")_ca_\(embedded.generation)")
            #expect(
                readme.contains("| \(name) | \(embedded.sha256Fingerprint) |"), "\(name)'s fingerprint in the README")
            #expect(JLISRoot.identify(published) == embedded)
            #expect(TrustAnchors.jlis.contains(published) && TrustAnchors.jlis.isPinned(published))
        }
        #expect(TrustAnchors.jlisRootFingerprints == Set(JLISRoot.all.map(\.sha256Fingerprint)))
        // The simulator's J-LIS-shaped test roots are not trusted by default.
        let h = try Hierarchy.shared()
        #expect(!TrustAnchors.jlis.contains(h.pki.signatureRoot))
        #expect(JLISRoot.identify(h.pki.signatureRoot) == nil)
    }

    @Test("a look-alike self-signed root with a J-LIS name is refused as an anchor")
    func lookAlikeRefused() throws {
        let h = try Hierarchy.shared()
        // The TestPKI roots carry the same names as J-LIS's 2023 roots, with other keys.
        #expect(throws: TrustAnchorError.self) { try TrustAnchors(pinnedRoots: [h.pki.signatureRoot]) }
        do {
            _ = try TrustAnchors(pinnedRoots: [h.pki.signatureRoot])
        } catch {
            #expect(
                error
                    == .notPinned(
                        subject: h.pki.signatureRoot.subject.description,
                        sha256: Hex.encode(h.pki.signatureRoot.sha256Fingerprint)))
        }
    }

    @Test(
        "a chain ending in an unpinned look-alike root is refused by a verifier of the real roots",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func unpinnedRootInChain() async throws {
        let h = try Hierarchy.shared()
        let real = try Self.jlisRoots()
        #expect(real.contains { $0.subject == h.pki.signatureRoot.subject })
        let verifier = JPKIVerifier(anchors: try TrustAnchors(pinnedRoots: real), intermediates: [h.pki.signatureRoot])
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(report.failures == [.untrustedRoot(CertificateReference(h.pki.signatureRoot, position: 1))])
        // The look-alike as the leaf itself.
        let root = await verifier.verifyCertificate(h.pki.signatureRoot, at: Hierarchy.nowDate)
        #expect(root.failures == [.untrustedRoot(CertificateReference(h.pki.signatureRoot, position: 0))])
    }

    @Test("custom pins accept a custom root")
    func customPins() throws {
        let h = try Hierarchy.shared()
        let pins: Set<String> = [Hex.encode(h.pki.signatureRoot.sha256Fingerprint).lowercased()]
        let anchors = try TrustAnchors(pinnedRoots: [h.pki.signatureRoot], pins: pins)
        #expect(anchors.contains(h.pki.signatureRoot))
        #expect(throws: TrustAnchorError.self) { try anchors.adding(pinned: h.pki.authenticationRoot) }
    }
}
