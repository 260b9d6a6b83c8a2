import Foundation
import JPKIX509

/// The report summaries of certificates a verifier saw recently (the leaves it is asked about),
/// so that a certificate verified again does not have its fingerprint, names and JPKI kind
/// worked out again. Bounded: at most `capacity` entries; when full, an arbitrary entry makes
/// room. Thread-safe (one lock around the dictionary).
final class SummaryCache: @unchecked Sendable {
    /// A certificate's DER as a key: hashed over its length and its last bytes (the signature
    /// value, which differs between any two certificates), compared whole with memcmp.
    struct Key: Hashable {
        let der: [UInt8]

        static func == (lhs: Key, rhs: Key) -> Bool { sameBytes(lhs.der[...], rhs.der[...]) }

        func hash(into hasher: inout Hasher) {
            hasher.combine(der.count)
            der.suffix(32).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The most entries kept.
    let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: CertificateSummary] = [:]

    /// A cache of at most `capacity` summaries.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The number of summaries held.
    var count: Int { lock.withLock { entries.count } }

    /// The summary of `certificate` at `position`: from the cache when it was seen, otherwise
    /// made and kept.
    func summary(of certificate: Certificate, position: Int, isTrustAnchor: Bool) -> CertificateSummary {
        let key = Key(der: certificate.derEncoded)
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        var summary: CertificateSummary
        if let cached {
            summary = cached
        } else {
            summary = CertificateSummary(certificate, position: 0, isTrustAnchor: false)
            guard capacity > 0 else {
                summary.reference.position = position
                summary.isTrustAnchor = isTrustAnchor
                return summary
            }
            lock.lock()
            if entries.count >= capacity, entries[key] == nil {
                entries.remove(at: entries.startIndex)
            }
            entries[key] = summary
            lock.unlock()
        }
        summary.reference.position = position
        summary.isTrustAnchor = isTrustAnchor
        return summary
    }
}
