import CMallocCounter
import CertificateParseSupport
import Foundation

// Times a full certificate parse by swift-jpki and OpenSSL in this process, and by
// swift-certificates in its tool (SwiftCertificatesPeer/, a package of its own: its module is also
// named X509) run on the same inputs during this run, and prints ns per parse and the ratios.
// Best of `rounds` rounds of `iterations` parses, the same loop in both processes.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
let iterations = option("--iterations", 20_000)
let rounds = option("--rounds", 7)

func best(_ operation: ([UInt8]) -> Int, _ der: [UInt8], iterations: Int) -> Double {
    var bestNanoseconds = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { sink &+= operation(der) }
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        bestNanoseconds = min(bestNanoseconds, nanoseconds / Double(iterations))
    }
    if sink == Int.min { print("") }
    return bestNanoseconds
}

/// The swift-certificates tool, built (release) when missing or older than its source.
func swiftCertificatesPeer() throws -> URL {
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SwiftCertificatesPeer")
    let binary = package.appendingPathComponent(".build/release/swift-certificates-parse")
    if !FileManager.default.isExecutableFile(atPath: binary.path) {
        print("building \(package.path) (swift-certificates, release; the first build takes minutes)")
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "-c", "release", "--package-path", package.path]
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { throw PeerFailure.build(build.terminationStatus) }
    }
    return binary
}

enum PeerFailure: Error {
    case build(Int32)
    case run(Int32)
    case output(String)
}

/// swift-certificates' ns per parse of each input, measured by its tool now.
func swiftCertificatesTimes(_ inputs: [CertificateParseInput]) throws -> [String: Double] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cert-parse-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String: String] = [:]
    for input in inputs {
        let file = directory.appendingPathComponent("\(input.name).der")
        try Data(input.der).write(to: file)
        paths[file.path] = input.name
    }
    let tool = Process()
    tool.executableURL = try swiftCertificatesPeer()
    tool.arguments = ["--iterations", String(iterations), "--rounds", String(rounds)] + paths.keys.sorted()
    let pipe = Pipe()
    tool.standardOutput = pipe
    try tool.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    tool.waitUntilExit()
    guard tool.terminationStatus == 0 else { throw PeerFailure.run(tool.terminationStatus) }
    var times: [String: Double] = [:]
    for line in output.split(separator: "\n") {
        let fields = line.split(separator: " ")
        guard fields.count == 2, let name = paths[String(fields[0])], let nanoseconds = Double(fields[1]) else {
            throw PeerFailure.output(String(line))
        }
        times[name] = nanoseconds
    }
    return times
}

do {
    let (inputs, problems) = try CertificateParseInputs.load()
    for problem in problems { print("note: \(problem)") }
    // --ours-only: time swift-jpki alone (for profiling), no peers.
    if arguments.contains("--ours-only") {
        for input in inputs {
            let ours = best(CertificateParseOperations.ours, input.der, iterations: iterations)
            print(input.name, String(format: "%.1f ns", ours))
        }
        exit(0)
    }
    let peer = try swiftCertificatesTimes(inputs)
    print("input                  bytes   ours ns   swift-certificates ns   ratio   openssl ns    ratio   mallocs ours")
    for input in inputs {
        precondition(CertificateParseOperations.ours(input.der) >= 0, "ours failed to parse \(input.name)")
        precondition(CertificateParseOperations.openSSL(input.der) >= 0, "openssl failed")
        let ours = best(CertificateParseOperations.ours, input.der, iterations: iterations)
        let openSSL = best(CertificateParseOperations.openSSL, input.der, iterations: iterations / 10)
        let apple = peer[input.name] ?? .nan
        let mallocsBefore = malloc_counter_total()
        _ = CertificateParseOperations.ours(input.der)
        let mallocs = malloc_counter_is_active() != 0 ? String(malloc_counter_total() - mallocsBefore) : "n/a"
        print(
            input.name.padding(toLength: 21, withPad: " ", startingAt: 0),
            String(input.der.count).leftPadded(6), String(format: "%9.1f", ours), String(format: "%23.1f", apple),
            String(format: "%6.2fx", apple / ours), String(format: "%12.1f", openSSL),
            String(format: "%7.2fx", openSSL / ours), mallocs.leftPadded(14))
    }
} catch {
    print("error: \(error)")
    exit(2)
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
