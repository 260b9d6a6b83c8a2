// Walking every element of a certificate: ours (DER.walk), swift-asn1 (DER.parse) and OpenSSL
// (d2i_X509 + X509_free), on the same bytes. Ratios measured in the same run are printed by
// the DERWalkComparison tool (see Benchmarks/README.md).
import Benchmark
import DERWalkSupport

let benchmarks: @Sendable () -> Void = {
    let (inputs, problems) = DERWalkInputs.load()
    for problem in problems { print("DERWalk: \(problem); skipping that input") }
    guard !inputs.isEmpty else {
        print("DERWalk: no inputs found under \(DERWalkInputs.fixturesDirectory.path); no benchmarks registered")
        return
    }

    // A sample of ours is 1000 calls (a call is about a microsecond or less); the peers, 10 to
    // 1000 times slower, are sampled call by call. Figures marked * are per call either way.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
    let peer = Benchmark.Configuration(scalingFactor: .one)

    for input in inputs {
        let label = "\(input.name) (\(input.der.count) B, \(input.nodeCount) nodes)"

        Benchmark("DER.walk ours: \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DERWalkOperations.ours(input.bytes))
            }
        }

        Benchmark("swift-asn1 DER.parse: \(label)", configuration: peer) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DERWalkOperations.swiftASN1Parse(input.der))
            }
        }

        Benchmark("swift-asn1 DER.parse + tree walk: \(label)", configuration: peer) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DERWalkOperations.swiftASN1ParseAndWalk(input.der))
            }
        }

        Benchmark("OpenSSL d2i_X509 + X509_free: \(label)", configuration: peer) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DERWalkOperations.openSSL(input.bytes))
            }
        }
    }
}
