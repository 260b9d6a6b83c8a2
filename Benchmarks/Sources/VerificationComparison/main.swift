import Foundation
import VerificationBenchmarkSupport

// Times, in one process: a leaf + intermediate verified against a root by JPKIVerifier, OpenSSL's
// raw RSA-2048 verify, and a revocation check in a CRL store holding a 1M-entry CRL. Prints ns
// per operation, rates and the ratios. Best of `rounds` rounds.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
let iterations = option("--iterations", 2_000)
let rounds = option("--rounds", 7)
let entries = option("--entries", 1_000_000)

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

func best(_ count: Int, rounds: Int = 1, _ operation: () -> Int) -> Double {
    var result = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<count { sink &+= operation() }
        result = min(result, nanoseconds(ContinuousClock.now - start) / Double(count))
    }
    if sink == Int.min { print("") }
    return result
}

func bestAsync(_ count: Int, rounds: Int = 1, _ operation: () async -> Int) async -> Double {
    var result = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<count { sink &+= await operation() }
        result = min(result, nanoseconds(ContinuousClock.now - start) / Double(count))
    }
    if sink == Int.min { print("") }
    return result
}

do {
    let setupStart = ContinuousClock.now
    let bench = try VerificationBenchmark(crlEntries: entries)
    print(
        String(
            format: "setup (3 keys, %d-entry CRL signed, verified, indexed): %.1f s", entries,
            nanoseconds(ContinuousClock.now - setupStart) / 1e9))
    let answers = [
        await bench.verifyChain(), await bench.verifyChainWithCRL(), bench.openSSLVerify(), bench.revocationCheck(),
        bench.revocationCheckRevoked(),
    ]
    guard answers == [1, 1, 1, 1, 1] else {
        print("error: an operation did not give the expected answer: \(answers)")
        for line in await bench.diagnostics() { print("  \(line)") }
        exit(2)
    }
    if arguments.contains("--pieces") {
        for (name, piece) in bench.pieces {
            print(String(format: "%-45@ %9.0f ns", name as NSString, best(iterations, rounds: rounds, piece)))
        }
        exit(0)
    }
    if arguments.contains("--check-only") {
        // For profiling: the CRL store check alone.
        print(String(format: "CRL store check: %.1f ns", best(iterations * 500, rounds: rounds, bench.revocationCheck)))
        exit(0)
    }
    if arguments.contains("--chain-only") {
        // For profiling: the chain verification alone.
        let ours = await bestAsync(iterations, rounds: rounds, bench.verifyChain)
        print(String(format: "ours leaf+intermediate chain: %.0f ns", ours))
        exit(0)
    }
    // Rounds interleave the peers, so that both see the same load on a shared machine.
    var raw = Double.infinity
    var ours = Double.infinity
    var oursCRL = Double.infinity
    for _ in 0..<rounds {
        raw = min(raw, best(iterations, bench.openSSLVerify))
        ours = min(ours, await bestAsync(iterations / 2, bench.verifyChain))
        oursCRL = min(oursCRL, await bestAsync(iterations / 2, bench.verifyChainWithCRL))
    }
    let lookups = iterations * 500
    let check = best(lookups, rounds: rounds, bench.revocationCheck)
    let checkRevoked = best(lookups, rounds: rounds, bench.revocationCheckRevoked)
    print(String(format: "OpenSSL raw RSA-2048 verify:          %9.0f ns   %8.0f verifies/s", raw, 1e9 / raw))
    print(
        String(
            format: "ours leaf+intermediate chain:         %9.0f ns   %8.0f chains/s (2 signatures each)", ours,
            1e9 / ours))
    print(
        String(
            format: "  ratio vs raw for the two signatures: %.2fx  (2 x raw ns / ours ns; target >= 0.8)",
            2 * raw / ours))
    print(
        String(
            format: "ours chain + CRL store (hard-fail):   %9.0f ns   (+%.0f ns over no revocation)", oursCRL,
            oursCRL - ours))
    print(String(format: "CRL store check, %d entries, good:    %9.1f ns   (target < 1000 ns)", entries, check))
    print(String(format: "CRL store check, %d entries, revoked: %9.1f ns", entries, checkRevoked))
} catch {
    print("error: \(error)")
    exit(2)
}
