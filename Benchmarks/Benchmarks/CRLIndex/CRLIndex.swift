// Load + index of generated CRLs (100k, 1M, 10M entries) and lookups, ours against OpenSSL, with
// package-benchmark. The ratios measured in one run are printed by the CRLIndexComparison tool
// (see CRLIndex.md); this target adds package-benchmark's statistics and peak-memory metrics.
import Benchmark
import CBenchmarkOpenSSL
import CRLIndexSupport
import JPKIX509

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    for size in CRLBenchmarkData.sizes {
        let path: String
        let bytes: [UInt8]
        do {
            path = try CRLBenchmarkData.crl(entries: size.entries)
            bytes = try CRLBenchmarkData.bytes(path)
        } catch {
            print("CRLIndex: cannot prepare the \(size.name) CRL: \(error); skipping it")
            continue
        }
        let label = "\(size.name) entries, \(bytes.count / 1_000_000) MB"

        if size.entries < 10_000_000 {
            Benchmark("CRL load+index ours (array): \(label)") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try CRLIndexOperations.oursLoadAndIndex(bytes))
                }
            }
        }
        Benchmark("CRL map+index ours (mmap): \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try CRLIndexOperations.oursMapAndIndex(path))
            }
        }
        if size.entries < 10_000_000 {
            Benchmark(
                "CRL d2i_X509_CRL + first X509_CRL_get0_by_serial OpenSSL: \(label)",
                configuration: .init(maxIterations: size.entries >= 1_000_000 ? 3 : 20)
            ) { benchmark in
                let probe = CRLIndexOperations.openSSLIntegers([1])
                for _ in benchmark.scaledIterations {
                    bytes.withUnsafeBytes { raw in
                        let crl = CRLIndexOperations.openSSLLoadAndFirstLookup(raw, probe: probe[0])
                        blackHole(crl)
                        X509_CRL_free(crl)
                    }
                }
                for integer in probe { ASN1_INTEGER_free(integer) }
            }
        }

        // Lookups: 1M probes, half revoked, per benchmark iteration.
        guard size.entries == 1_000_000 else { continue }
        let probes = CRLBenchmarkData.probes(entries: size.entries, count: 1_000_000)
        Benchmark(
            "CRL lookups ours bulk (1 thread), 1M probes: \(label)",
            configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .one)
        ) { benchmark, index in
            for _ in benchmark.scaledIterations {
                blackHole(CRLIndexOperations.oursLookups(index, probes, threads: 1))
            }
        } setup: {
            try CRLIndexOperations.oursLoadAndIndex(bytes)
        }
        Benchmark(
            "CRL lookups ours bulk (2 threads), 1M probes: \(label)",
            configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .one)
        ) { benchmark, index in
            for _ in benchmark.scaledIterations {
                blackHole(CRLIndexOperations.oursLookups(index, probes, threads: 2))
            }
        } setup: {
            try CRLIndexOperations.oursLoadAndIndex(bytes)
        }
        Benchmark(
            "CRL lookups OpenSSL X509_CRL_get0_by_serial, 1M probes: \(label)",
            configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 3)
        ) { benchmark in
            let probe = CRLIndexOperations.openSSLIntegers([1])
            let integers = CRLIndexOperations.openSSLIntegers(probes)
            let crl = bytes.withUnsafeBytes { CRLIndexOperations.openSSLLoadAndFirstLookup($0, probe: probe[0]) }
            guard let crl else { return }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(CRLIndexOperations.openSSLLookups(crl, integers))
            }
            benchmark.stopMeasurement()
            X509_CRL_free(crl)
            for integer in integers + probe { ASN1_INTEGER_free(integer) }
        }
    }
}
