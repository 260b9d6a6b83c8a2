import Foundation
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// Found by the soak test (CRLSoakTests): `update(contentsOfFile:)` memory-mapped the file, so a
/// download job rewriting the file in place (truncate, then write) changed the CRL in service
/// under its lookups, and a lookup past the file's new end stopped the process with SIGBUS. The
/// store now reads the file into memory.
@Suite("CRL files rewritten in place")
struct CRLFileRewriteTests {
    @Test("a CRL file truncated, then filled with garbage, after its CRL went in service: the CRL keeps answering")
    func rewrittenInPlace() async throws {
        let (pki, leaves, _) = try CRLStoreTests.freshPKI(certificates: 2)
        try pki.revoke(leaves[1], reason: .keyCompromise, at: Hierarchy.now - 7200)
        let der = try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60)
        let url = try TemporaryFile.create(der, suffix: ".crl")
        defer { try? FileManager.default.removeItem(at: url) }
        let store = CRLStore(issuers: [pki.signatureRoot])
        try store.update(contentsOfFile: url.path)

        // In place: the same inode, cut to 16 bytes.
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 16)
        try handle.close()
        #expect(store.check(leaves[0], issuer: pki.signatureRoot, at: Hierarchy.nowDate).isGood)
        guard case .revoked(let reason, _, _) = store.check(leaves[1], issuer: pki.signatureRoot, at: Hierarchy.nowDate)
        else {
            Issue.record("the revoked certificate is no longer revoked")
            return
        }
        #expect(reason == .keyCompromise)

        // Overwritten with other bytes of the original length: still the CRL that was installed.
        try Data(repeating: 0x30, count: der.count).write(to: url)
        #expect(store.check(leaves[0], issuer: pki.signatureRoot, at: Hierarchy.nowDate).isGood)
        #expect(store.installed.first?.entryCount == 1)
    }
}
