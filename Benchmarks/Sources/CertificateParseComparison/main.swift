import CertificateParseSupport
import Foundation

// Times a full certificate parse by swift-jpki and OpenSSL in one process
// and prints ns per parse and the ratios. Best of `rounds` rounds of `iterations` parses.

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
    print("input                  bytes   ours ns   openssl ns   ossl/ours")
    for input in inputs {
        precondition(CertificateParseOperations.ours(input.der) >= 0, "ours failed to parse \(input.name)")
        precondition(CertificateParseOperations.openSSL(input.der) >= 0, "openssl failed")
        let ours = best(CertificateParseOperations.ours, input.der, iterations: iterations)
        let openSSL = best(CertificateParseOperations.openSSL, input.der, iterations: iterations / 10)
        print(
            input.name.padding(toLength: 21, withPad: " ", startingAt: 0),
            String(input.der.count).leftPadded(6), String(format: "%9.1f", ours), String(format: "%12.1f", openSSL),
            String(format: "%10.2fx", openSSL / ours))
    }
} catch {
    print("error: \(error)")
    exit(2)
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
