import Foundation
import JPKISimulator
import JPKIX509
import Testing

@testable import JPKIVerification

/// The verifier's caches (leaf summaries, revocation details) shared by concurrent
/// verifications, evictions included. Run under ThreadSanitizer by scripts/sanitize.sh.
@Suite("Verifier caches under concurrent use")
struct CacheConcurrencyTests {
    @Test("a summary cache of 4 entries used by 8 tasks with 12 certificates: every summary is the certificate's")
    func summaryCacheEviction() async throws {
        let h = try Hierarchy.shared()
        let leaves = try (0..<12).map { index in
            try Hierarchy.certificate(
                subject: try Hierarchy.name("Leaf \(index)"), issuer: h.pki.signatureRoot.subject, key: h.leafKey,
                issuerKey: h.pki.signatureRootKey, extensions: Hierarchy.leafExtensions, serial: [UInt8(index + 1)])
        }
        let cache = SummaryCache(capacity: 4)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<200 {
                        let leaf = leaves[(task * 7 + round) % leaves.count]
                        let summary = cache.summary(of: leaf, position: round % 3, isTrustAnchor: false)
                        if summary.reference.sha256 != CertificateReference(leaf, position: nil).sha256
                            || summary.reference.position != round % 3
                        {
                            wrong += 1
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(cache.count <= 4)
    }

    @Test("revocation details of 12 pieces of evidence from 8 tasks: each detail names its own evidence")
    func revocationDetails() async throws {
        let details = RevocationDetails()
        let evidences = try (0..<12).map { index in
            try JSONDecoder().decode(
                RevocationEvidence.self, from: Data(#"{"kind": "crl", "issuer": "CN=Issuer \#(index)"}"#.utf8))
        }
        let wrong = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<300 {
                        let evidence = evidences[(task * 5 + round) % evidences.count]
                        if details.good(evidence) != "good per crl of \(evidence.issuer)" { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }

    @Test("one verifier, 32 concurrent verifications of 8 leaves with hard-fail CRLs: the same report for each leaf")
    func verifierConcurrent() async throws {
        let h = try Hierarchy.shared()
        let store = try h.store()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(store))
        let leaves = try (0..<8).map { _ in
            try h.pki.issueSignatureCertificate(
                for: .sample, publicKey: try h.leafKey.subjectPublicKeyInfo, at: Hierarchy.issued)
        }
        let reports = await withTaskGroup(of: (Int, VerificationReport).self) { group in
            for index in 0..<32 {
                group.addTask {
                    (index % 8, await verifier.verifyCertificate(leaves[index % 8], at: Hierarchy.nowDate))
                }
            }
            var all: [(Int, VerificationReport)] = []
            for await pair in group { all.append(pair) }
            return all
        }
        #expect(reports.count == 32)
        for (index, report) in reports {
            #expect(report.isValid, "\(report.reasons)")
            #expect(report.chain.first?.reference.sha256 == CertificateReference(leaves[index], position: nil).sha256)
        }
    }
}
