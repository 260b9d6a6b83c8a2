import Benchmark
import VerificationBenchmarkSupport

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput], maxDuration: .seconds(2), maxIterations: 100_000)
    guard let bench = try? VerificationBenchmark(crlEntries: 1_000_000) else {
        print("Verification: could not build the inputs")
        return
    }
    Benchmark("ours JPKIVerifier leaf+intermediate") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await bench.verifyChain()) }
    }
    Benchmark("ours JPKIVerifier leaf+intermediate + CRL store 1M") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await bench.verifyChainWithCRL()) }
    }
    Benchmark("OpenSSL raw RSA-2048 verify") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(bench.openSSLVerify()) }
    }
    Benchmark("ours CRL store check 1M entries") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(bench.revocationCheck()) }
    }
}
