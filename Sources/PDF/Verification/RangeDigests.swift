import CryptoBackend
import JPKIASN1

/// The digests of every signature's byte ranges and of the whole file, in one sweep over the
/// file per digest algorithm: ranges of the usual form `[0, a) + [b, c)` share the hashed
/// prefix (the state at `a` is copied for each signature), so a file signed several times is
/// hashed about once, where it lies (memory-mapped, not copied).
struct RangeDigests {
    /// For each request, its digests by algorithm.
    var results: [[DigestAlgorithm: [UInt8]]]
    /// The file's digest.
    var file: [UInt8]

    init(document: PDFDocument, requests: [([Range<Int>], Set<DigestAlgorithm>)], fileDigest: DigestAlgorithm) {
        var results = [[DigestAlgorithm: [UInt8]]](repeating: [:], count: requests.count)
        var file: [UInt8] = []
        document.withUnsafeBytes { bytes in
            func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }
            let algorithms = Set(requests.flatMap(\.1)).union([fileDigest])
            for algorithm in algorithms {
                var shared: [(index: Int, ranges: [Range<Int>])] = []
                for (index, request) in requests.enumerated() where request.1.contains(algorithm) {
                    let ranges = request.0
                    if ranges.count == 2, ranges[0].lowerBound == 0, ranges[1].lowerBound >= ranges[0].upperBound {
                        shared.append((index, ranges))
                    } else {
                        let context = DigestContext(algorithm)
                        for range in ranges { context.update(slice(range)) }
                        results[index][algorithm] = context.finalize()
                    }
                }
                shared.sort { $0.ranges[0].upperBound < $1.ranges[0].upperBound }
                let sweep = DigestContext(algorithm)
                var position = 0
                for (index, ranges) in shared {
                    sweep.update(slice(position..<ranges[0].upperBound))
                    position = ranges[0].upperBound
                    let copy = sweep.copy()
                    copy.update(slice(ranges[1]))
                    results[index][algorithm] = copy.finalize()
                }
                if algorithm == fileDigest {
                    sweep.update(slice(position..<bytes.count))
                    file = sweep.finalize()
                }
            }
        }
        self.results = results
        self.file = file
    }
}
