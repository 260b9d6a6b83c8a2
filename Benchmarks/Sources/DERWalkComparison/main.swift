// Times ours (DER.walk), swift-asn1 (DER.parse, and DER.parse + a walk of its tree) and OpenSSL
// (d2i_X509 + X509_free) on the same certificates in one process, and prints ns/op, the ratios
// and allocations per op.
//
//   swift run -c release --package-path Benchmarks DERWalkComparison [--iterations N] [--rounds N]
//       [--max-round-ms MS]
//
// `--only ours` (or `asn1`, `asn1-walk`, `openssl`) runs one operation alone, for profiling.
import CMallocCounter
import DERWalkSupport
import Foundation

/// What one operation costs: the best round's mean time, and allocation calls per op.
struct Measurement {
    var nanosecondsPerOp: Double
    var mallocsPerOp: Double
    var iterationsPerRound: Int
}

func nanoseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
}

/// Runs `body` in `rounds` rounds and keeps the fastest round. A round is `iterations` calls, or
/// fewer for a slow operation, so that a round lasts about `maximumRoundMilliseconds` at most
/// (and at least 100 calls).
func measure(iterations: Int, rounds: Int, maximumRoundMilliseconds: Double, _ body: () -> Int) -> Measurement {
    let clock = ContinuousClock()
    var sink = 0
    // Warm up and estimate the cost of one call.
    let start = clock.now
    var calls = 0
    while calls < 1_000 && (calls < 10 || nanoseconds(start.duration(to: clock.now)) < 50e6) {
        sink &+= body()
        calls += 1
    }
    let estimate = nanoseconds(start.duration(to: clock.now)) / Double(calls)
    let perRound = max(100, min(iterations, Int(maximumRoundMilliseconds * 1e6 / max(estimate, 1))))
    var best = Duration.seconds(1_000_000)
    var mallocs: UInt64 = 0
    for _ in 0..<rounds {
        let mallocsBefore = malloc_counter_total()
        let start = clock.now
        for _ in 0..<perRound { sink &+= body() }
        let elapsed = start.duration(to: clock.now)
        mallocs = malloc_counter_total() - mallocsBefore
        best = min(best, elapsed)
    }
    precondition(sink != 0)
    return Measurement(
        nanosecondsPerOp: nanoseconds(best) / Double(perRound), mallocsPerOp: Double(mallocs) / Double(perRound),
        iterationsPerRound: perRound)
}

func formatted(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if decimals == 0, text.hasSuffix(".0") { text.removeLast(2) }
    return text
}

func column(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Whether the malloc counter sees the Swift runtime's allocations.
func mallocCounterWorks() -> Bool {
    guard malloc_counter_is_active() != 0 else { return false }
    let before = malloc_counter_total()
    let array = [Int](repeating: 7, count: Int.random(in: 100...200))
    let after = malloc_counter_total()
    return array.count > 0 && after > before
}

var iterations = 100_000
var rounds = 10
var maximumRoundMilliseconds = 100.0
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--iterations": iterations = arguments.popFirst().flatMap { Int($0) } ?? iterations
    case "--rounds": rounds = arguments.popFirst().flatMap { Int($0) } ?? rounds
    case "--max-round-ms":
        maximumRoundMilliseconds = arguments.popFirst().flatMap { Double($0) } ?? maximumRoundMilliseconds
    case "--only": only = arguments.popFirst()
    default:
        print(
            "usage: DERWalkComparison [--iterations N] [--rounds N] [--max-round-ms MS]"
                + " [--only ours|asn1|asn1-walk|openssl]")
        exit(2)
    }
}

let (inputs, problems) = DERWalkInputs.load()
for problem in problems { print("DERWalkComparison: \(problem); skipping that input") }
guard !inputs.isEmpty else {
    print("DERWalkComparison: no inputs found under \(DERWalkInputs.fixturesDirectory.path); nothing measured")
    exit(0)
}
let countsMallocs = mallocCounterWorks()

/// The operations compared, by the name `--only` takes.
let operations: [(name: String, run: (DERWalkInput) -> Int)] = [
    ("ours", { DERWalkOperations.ours($0.bytes) }),
    ("asn1", { DERWalkOperations.swiftASN1Parse($0.der).encodedBytes.count }),
    ("asn1-walk", { DERWalkOperations.swiftASN1ParseAndWalk($0.der) }),
    ("openssl", { DERWalkOperations.openSSL($0.bytes) }),
]

@MainActor
func measure(_ operation: (DERWalkInput) -> Int, on input: DERWalkInput) -> Measurement {
    measure(iterations: iterations, rounds: rounds, maximumRoundMilliseconds: maximumRoundMilliseconds) {
        operation(input)
    }
}

@MainActor
func mallocs(_ measurement: Measurement) -> String {
    countsMallocs ? formatted(measurement.mallocsPerOp, decimals: 2) : "n/a"
}

if let only {
    guard let operation = operations.first(where: { $0.name == only }) else {
        print("unknown operation \(only); one of: \(operations.map(\.name).joined(separator: ", "))")
        exit(2)
    }
    for input in inputs {
        let result = measure(operation.run, on: input)
        print(
            "\(only) \(input.name): \(formatted(result.nanosecondsPerOp, decimals: 1)) ns/op, "
                + "\(mallocs(result)) mallocs/op, \(result.iterationsPerRound) iterations x \(rounds) rounds")
    }
    exit(0)
}

print("DER walk comparison, ns/op: best of \(rounds) rounds (ContinuousClock), a round being \(iterations) calls")
print("or as many as fit in \(formatted(maximumRoundMilliseconds, decimals: 0)) ms; mallocs/op: allocation calls")
print("ours = DER.walk over every node with all DER checks; asn1 = swift-asn1 DER.parse; asn1+walk = DER.parse and a")
print("walk of its node tree; openssl = d2i_X509 + X509_free. Ratios: peer ns/op over ours.")
let header = [
    column("input", 16), column("bytes", 6), column("nodes", 6), column("ours ns", 9), column("asn1 ns", 9),
    column("asn1+walk", 10), column("openssl ns", 11), column("asn1/ours", 10), column("asn1+w/ours", 12),
    column("ossl/ours", 10), column("ours mallocs", 13), column("asn1 mallocs", 13), column("ossl mallocs", 13),
]
print(header.joined(separator: " "))
var roundSizes: [String] = []
for input in inputs {
    let results = operations.map { measure($0.run, on: input) }
    let (ours, asn1, asn1Walk, openSSL) = (results[0], results[1], results[2], results[3])
    let row = [
        column(input.name, 16), column("\(input.der.count)", 6), column("\(input.nodeCount)", 6),
        column(formatted(ours.nanosecondsPerOp, decimals: 1), 9),
        column(formatted(asn1.nanosecondsPerOp, decimals: 1), 9),
        column(formatted(asn1Walk.nanosecondsPerOp, decimals: 1), 10),
        column(formatted(openSSL.nanosecondsPerOp, decimals: 1), 11),
        column(formatted(asn1.nanosecondsPerOp / ours.nanosecondsPerOp, decimals: 2) + "x", 10),
        column(formatted(asn1Walk.nanosecondsPerOp / ours.nanosecondsPerOp, decimals: 2) + "x", 12),
        column(formatted(openSSL.nanosecondsPerOp / ours.nanosecondsPerOp, decimals: 2) + "x", 10),
        column(mallocs(ours), 13), column(mallocs(asn1), 13), column(mallocs(openSSL), 13),
    ]
    print(row.joined(separator: " "))
    let sizes = zip(operations, results).map { "\($0.name) \($1.iterationsPerRound)" }
    roundSizes.append("\(input.name): " + sizes.joined(separator: ", "))
}
print("calls per round: " + roundSizes.joined(separator: "; "))
