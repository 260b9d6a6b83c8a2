// The CRL benchmarks with their peers in one run: load + index of generated CRLs of 100k, 1M and
// 10M entries (ours: CertificateRevocationList + RevocationIndex; OpenSSL: d2i_X509_CRL + the
// first X509_CRL_get0_by_serial, which sorts), lookups per second (ours: RevocationIndex bulk
// and single; OpenSSL: X509_CRL_get0_by_serial), and peak memory (each measured in a fresh
// child process). Prints every figure and the ratios.
//
//   swift run -c release --package-path Benchmarks CRLIndexComparison [--sizes 100k,1M,10M]
//       [--rounds N] [--probes N] [--openssl-10m] [--skip-memory]
//
// `--memory ours-map|ours-array|openssl --crl PATH` is the child-process mode.
import CBenchmarkOpenSSL
import CRLIndexSupport
import Foundation
import JPKIRevocationIndex
import JPKIX509

func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}

/// The CPU time this thread has used, in seconds.
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The best (lowest) wall-clock time and the best thread CPU time of `rounds` runs of `body`.
/// On a machine shared with other work the CPU time is the steadier figure: it leaves out the
/// time the thread waited for a core.
func measure(rounds: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    let clock = ContinuousClock()
    var wall = Double.infinity
    var cpu = Double.infinity
    for _ in 0..<rounds {
        let cpuStart = threadCPUTime()
        let start = clock.now
        try body()
        wall = min(wall, seconds(start.duration(to: clock.now)))
        cpu = min(cpu, threadCPUTime() - cpuStart)
    }
    return (wall, cpu)
}

/// The best wall-clock time of `rounds` runs of `body`.
func best(rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    try measure(rounds: rounds, body).wall
}

func formatted(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func megabytes(_ bytes: Int) -> String { formatted(Double(bytes) / 1_048_576, 1) + " MiB" }

// MARK: Child process: peak memory of one load

func memoryChild(mode: String, path: String) -> Never {
    let before = CRLIndexOperations.residentMemory()
    func report(entries: Int, indexBytes: Int) -> Never {
        let after = CRLIndexOperations.residentMemory()
        print("\(before.current) \(after.current) \(after.peak) \(entries) \(indexBytes)")
        exit(0)
    }
    switch mode {
    case "ours-map":
        guard let index = try? CRLIndexOperations.oursMapAndIndex(path) else { exit(3) }
        withExtendedLifetime(index) { report(entries: index.count, indexBytes: index.memoryFootprint) }
    case "ours-array":
        guard let bytes = try? CRLBenchmarkData.bytes(path), let index = try? CRLIndexOperations.oursLoadAndIndex(bytes)
        else { exit(3) }
        withExtendedLifetime((bytes, index)) { report(entries: index.count, indexBytes: index.memoryFootprint) }
    case "openssl":
        guard let bytes = try? CRLBenchmarkData.bytes(path) else { exit(3) }
        let probe = CRLIndexOperations.openSSLIntegers([1])
        let crl = bytes.withUnsafeBytes { CRLIndexOperations.openSSLLoadAndFirstLookup($0, probe: probe[0]) }
        guard let crl else { exit(3) }
        withExtendedLifetime((bytes, crl)) { report(entries: -1, indexBytes: 0) }
    default:
        exit(2)
    }
}

/// Runs this tool as a child in `mode` and returns (baseline RSS, RSS after, peak RSS, index bytes).
func measureMemory(mode: String, path: String) -> (baseline: Int, after: Int, peak: Int, indexBytes: Int)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["--memory", mode, "--crl", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do {
        try process.run()
    } catch {
        return nil
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    guard process.terminationStatus == 0, fields.count == 5 else { return nil }
    return (fields[0], fields[1], fields[2], fields[4])
}

// MARK: Arguments

var sizeNames = ["100k", "1M", "10M"]
var rounds = 5
var probeCount = 1_000_000
var openSSL10M = false
var skipMemory = false
var noOpenSSL = false
var arguments = CommandLine.arguments.dropFirst()
var memoryMode: String?
var memoryPath: String?
while let argument = arguments.popFirst() {
    switch argument {
    case "--sizes": sizeNames = (arguments.popFirst() ?? "").split(separator: ",").map(String.init)
    case "--rounds": rounds = arguments.popFirst().flatMap { Int($0) } ?? rounds
    case "--probes": probeCount = arguments.popFirst().flatMap { Int($0) } ?? probeCount
    case "--openssl-10m": openSSL10M = true
    case "--skip-memory": skipMemory = true
    case "--no-openssl": noOpenSSL = true
    case "--memory": memoryMode = arguments.popFirst()
    case "--crl": memoryPath = arguments.popFirst()
    default:
        print(
            "usage: CRLIndexComparison [--sizes 100k,1M,10M] [--rounds N] [--probes N] [--openssl-10m] [--skip-memory] "
                + "[--no-openssl]")
        exit(2)
    }
}
if let memoryMode, let memoryPath { memoryChild(mode: memoryMode, path: memoryPath) }

// MARK: Measurements

print("CRL index comparison: best of \(rounds) rounds (fewer for the slow peers); one process, one run")
print("ours load+index = CertificateRevocationList(derEncoded:) + RevocationIndex (every entry read and checked)")
print("ours map+index  = CertificateRevocationList(contentsOfFile:) (mmap) + RevocationIndex")
print("openssl         = d2i_X509_CRL + first X509_CRL_get0_by_serial (sorts the entries)")
print("")

for name in sizeNames {
    guard let size = CRLBenchmarkData.sizes.first(where: { $0.name.lowercased() == name.lowercased() }) else {
        print("unknown size \(name)")
        continue
    }
    let path: String
    let bytes: [UInt8]
    do {
        path = try CRLBenchmarkData.crl(entries: size.entries)
        bytes = try CRLBenchmarkData.bytes(path)
    } catch {
        print("cannot prepare the \(size.name) CRL: \(error)")
        continue
    }
    let entries = size.entries
    let ourRounds = entries >= 10_000_000 ? max(1, rounds / 2) : rounds
    print(
        "== \(size.name): \(entries) entries, \(bytes.count) bytes (\(formatted(Double(bytes.count) / Double(entries), 1)) B/entry)"
    )

    // Load + index.
    var index: RevocationIndex?
    let oursArray = try measure(rounds: ourRounds) { index = try CRLIndexOperations.oursLoadAndIndex(bytes) }
    let oursMap = try measure(rounds: ourRounds) { _ = try CRLIndexOperations.oursMapAndIndex(path) }
    guard let index else { continue }
    func ms(_ time: (wall: Double, cpu: Double)) -> String {
        "\(formatted(time.wall * 1000, 2)) ms (CPU \(formatted(time.cpu * 1000, 2)) ms)"
    }
    print(
        "ours  load+index (array): \(ms(oursArray))   map+index (mmap): \(ms(oursMap))   index "
            + "\(index.memoryFootprint) B = \(formatted(index.bytesPerEntry, 2)) B/entry")
    var openSSLCRL: OpaquePointer?
    let firstProbe = CRLIndexOperations.openSSLIntegers([1])
    if !noOpenSSL && (entries < 10_000_000 || openSSL10M) {
        let openSSLRounds = entries >= 1_000_000 ? max(1, min(rounds, 3)) : rounds
        let openSSLLoad = measure(rounds: openSSLRounds) {
            if let previous = openSSLCRL { X509_CRL_free(previous) }
            openSSLCRL = bytes.withUnsafeBytes {
                CRLIndexOperations.openSSLLoadAndFirstLookup($0, probe: firstProbe[0])
            }
        }
        print(
            "openssl d2i+first lookup: \(ms(openSSLLoad))   ratio openssl/ours: wall "
                + "\(formatted(openSSLLoad.wall / oursArray.wall, 1))x (array), "
                + "\(formatted(openSSLLoad.wall / oursMap.wall, 1))x (mmap); CPU "
                + "\(formatted(openSSLLoad.cpu / oursArray.cpu, 1))x (array), "
                + "\(formatted(openSSLLoad.cpu / oursMap.cpu, 1))x (mmap)")
    }

    // Lookups.
    let probes = CRLBenchmarkData.probes(entries: entries, count: probeCount)
    var hits = 0
    let bulk1 = measure(rounds: rounds) { hits = CRLIndexOperations.oursLookups(index, probes, threads: 1) }
    let bulk2 = best(rounds: rounds) { hits = CRLIndexOperations.oursLookups(index, probes, threads: 2) }
    var singleHits = 0
    let single = measure(rounds: rounds) { singleHits = CRLIndexOperations.oursSingleLookups(index, probes) }
    let rate = { (time: Double) in Double(probes.count) / time / 1e6 }
    print(
        "ours  lookups (\(probes.count) probes, \(hits) revoked): bulk 1 thread \(formatted(rate(bulk1.wall), 1)) M/s "
            + "(CPU \(formatted(rate(bulk1.cpu), 1))), bulk 2 threads \(formatted(rate(bulk2), 1)) M/s, single isRevoked "
            + "\(formatted(rate(single.wall), 1)) M/s (CPU \(formatted(rate(single.cpu), 1)))")
    if singleHits != hits { print("MISMATCH: single lookups found \(singleHits), bulk \(hits)") }
    if let crl = openSSLCRL {
        let integers = CRLIndexOperations.openSSLIntegers(probes)
        var openSSLHits = 0
        let openSSLTime = measure(rounds: entries >= 1_000_000 ? 1 : min(rounds, 3)) {
            openSSLHits = CRLIndexOperations.openSSLLookups(crl, integers)
        }
        for integer in integers { ASN1_INTEGER_free(integer) }
        print(
            "openssl X509_CRL_get0_by_serial: \(formatted(rate(openSSLTime.wall), 2)) M/s (CPU "
                + "\(formatted(rate(openSSLTime.cpu), 2))), \(openSSLHits) revoked   ratio ours/openssl: bulk 1T "
                + "\(formatted(rate(bulk1.wall) / rate(openSSLTime.wall), 1))x (CPU "
                + "\(formatted(rate(bulk1.cpu) / rate(openSSLTime.cpu), 1))x), bulk 2T "
                + "\(formatted(rate(bulk2) / rate(openSSLTime.wall), 1))x, single "
                + "\(formatted(rate(single.wall) / rate(openSSLTime.wall), 1))x (CPU "
                + "\(formatted(rate(single.cpu) / rate(openSSLTime.cpu), 1))x)")
        if openSSLHits != hits { print("MISMATCH: openssl found \(openSSLHits), ours \(hits)") }
        X509_CRL_free(crl)
    }
    for integer in firstProbe { ASN1_INTEGER_free(integer) }

    // Memory, each in a fresh process.
    if !skipMemory {
        var line = "peak RSS (fresh process, baseline subtracted):"
        var oursMapPeak: Int?
        for mode in ["ours-map", "ours-array", "openssl"] where mode != "openssl" || entries < 10_000_000 || openSSL10M
        {
            guard let memory = measureMemory(mode: mode, path: path) else {
                line += " \(mode) failed;"
                continue
            }
            let peak = memory.peak - memory.baseline
            let after = memory.after - memory.baseline
            if mode == "ours-map" { oursMapPeak = peak }
            line += " \(mode) \(megabytes(peak)) (after load \(megabytes(after)));"
            if mode == "openssl", let oursMapPeak {
                line += " ratio openssl/ours-map \(formatted(Double(peak) / Double(oursMapPeak), 1))x;"
            }
        }
        print(line)
        let budget = bytes.count + 16 * entries
        print("budget DER + 16 B/entry = \(megabytes(budget))")
    }
    print("")
}
