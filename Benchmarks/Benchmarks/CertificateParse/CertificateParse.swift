import Benchmark
import CertificateParseSupport

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput], maxDuration: .seconds(2), maxIterations: 100_000)
    guard let (inputs, problems) = try? CertificateParseInputs.load() else {
        print("CertificateParse: could not build the inputs")
        return
    }
    for problem in problems { print("CertificateParse: \(problem)") }
    for input in inputs {
        Benchmark("ours Certificate(derEncoded:) \(input.name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(CertificateParseOperations.ours(input.der)) }
        }
        Benchmark("swift-certificates Certificate(derEncoded:) \(input.name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(CertificateParseOperations.swiftCertificates(input.der)) }
        }
        Benchmark("OpenSSL d2i_X509 \(input.name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(CertificateParseOperations.openSSL(input.der)) }
        }
    }
}
