import CMallocCounter
import CertificateParseSupport
import Foundation

// Times a full certificate parse by swift-jpki, swift-certificates and OpenSSL in this process,
// on the same inputs, and prints ns per parse and the ratios (peer over ours). Best of `rounds`
// rounds of `iterations` parses, the same loop for every peer (OpenSSL, much slower, makes a
// tenth as many parses per round).

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

do {
    let (inputs, problems) = try CertificateParseInputs.load()
    for problem in problems { print("note: \(problem)") }
    // --ours-only: time swift-jpki alone (for profiling), no peers.
    // --input NAME: that input alone (e.g. jpki_signature_leaf), for profiling.
    let only = arguments.firstIndex(of: "--input").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    if arguments.contains("--ours-only") {
        for input in inputs where only == nil || input.name == only {
            let ours = best(CertificateParseOperations.ours, input.der, iterations: iterations)
            print(input.name, String(format: "%.1f ns", ours))
        }
        exit(0)
    }
    print("input                  bytes   ours ns   swift-certificates ns   ratio   openssl ns    ratio   mallocs ours")
    for input in inputs {
        let peers: [(String, ([UInt8]) -> Int)] = [
            ("ours", CertificateParseOperations.ours),
            ("swift-certificates", CertificateParseOperations.swiftCertificates),
            ("openssl", CertificateParseOperations.openSSL),
        ]
        for (peer, operation) in peers where operation(input.der) < 0 {
            throw ParseFailure(peer: peer, input: input.name)
        }
        let ours = best(CertificateParseOperations.ours, input.der, iterations: iterations)
        let apple = best(CertificateParseOperations.swiftCertificates, input.der, iterations: iterations)
        let openSSL = best(CertificateParseOperations.openSSL, input.der, iterations: iterations / 10)
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

/// A peer that does not parse an input (it would be timed failing fast).
struct ParseFailure: Error, CustomStringConvertible {
    let peer: String
    let input: String
    var description: String { "\(peer) failed to parse \(input)" }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
