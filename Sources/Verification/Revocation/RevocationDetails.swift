import Foundation

/// The `revocation` check's detail for a good answer (`good per crl of CN=…`), made once per
/// piece of evidence rather than on every verification: a CRL store answers with the same
/// evidence until its CRL is replaced. Keeps the last few; thread-safe.
final class RevocationDetails: @unchecked Sendable {
    private let lock = NSLock()
    private var recent: [(evidence: RevocationEvidence, detail: String)] = []
    /// The most details kept.
    static let capacity = 8

    /// The detail of a good answer according to `evidence`.
    func good(_ evidence: RevocationEvidence) -> String {
        lock.lock()
        if let hit = recent.first(where: { $0.evidence == evidence }) {
            lock.unlock()
            return hit.detail
        }
        lock.unlock()
        let detail = "good per \(evidence.kind) of \(evidence.issuer)"
        lock.lock()
        if recent.count >= Self.capacity { recent.removeFirst() }
        recent.append((evidence, detail))
        lock.unlock()
        return detail
    }
}
