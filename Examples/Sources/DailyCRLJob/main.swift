// DailyCRLJob: a platform operator's (プラットフォーム事業者) daily revocation job.
//
// Every day J-LIS publishes the signature CA's CRL, partitioned by municipality. An operator
// holding customers' signature certificates (署名用電子証明書) must find out which of them were
// revoked since yesterday: for most, the holder's basic 4 information (name, address, birth
// date, sex) changed — the "4-information change" signal — and the service must stop relying
// on the old certificate and ask the customer to sign again with the new one.
//
// The job (RevocationJob.swift):
//   1. maps today's and yesterday's CRLs (`CertificateRevocationList(contentsOfFile:)`), checks
//      their issuer, signature and freshness, and indexes them (`RevocationIndex`);
//   2. bulk-checks the customer list against today's CRLs;
//   3. diffs each municipality's CRL with yesterday's (`RevocationIndex.diff(old:new:)`);
//   4. writes the customers revoked since yesterday to a CSV, and prints counts and timings.
//
// With no arguments it first generates a demo day (DemoData.swift): CRLs signed by the
// simulator's test root for a few municipalities and a customer list, some of whom were
// revoked overnight; it then checks that the job found exactly those.
//
// Run:   swift run --package-path Examples DailyCRLJob [--customers 100000]
//        swift run --package-path Examples DailyCRLJob --today DIR --yesterday DIR \
//            --customers-csv FILE --issuer CA.der [--output FILE]
// Exit:  0 on success; 1 when the job failed or (demo) found something else than expected,
//        or (own files) skipped malformed customer lines; 2 for a usage error.

import Foundation

let usage = """
    usage: DailyCRLJob [demo options] | --today DIR --yesterday DIR --customers-csv FILE --issuer FILE [--output FILE]

    With no arguments, generates a demo day of partitioned CRLs and a customer list, runs the
    job on them, and checks its result.
      --customers N        customers in the list (default 10000)
      --municipalities N   municipalities, 1 to \(DemoData.municipalities.count) (default 4)
      --background N       other revoked certificates per municipality's CRL (default 20000)
      --revoked-today N    customers revoked since yesterday (default 1 in 200)
      --seed N             seed of the generated data (default 2026)
      --work-dir DIR       keep the files in DIR (default: a temporary directory, removed after)

    With your own files:
      --today DIR          today's CRLs (*.crl, DER or PEM), one per municipality
      --yesterday DIR      yesterday's CRLs
      --customers-csv FILE customer_id,certificate_serial (hexadecimal)
      --issuer FILE        the CA certificate the CRLs must be signed by (DER or PEM)
      --output FILE        the newly revoked customers (default newly-revoked.csv)
      --allow-stale        process CRLs past their nextUpdate

    Both:
      --threads N          threads for the bulk lookups (default: the processor count)
    """

/// A usage error: the message and the usage, exit status 2.
func usageError(_ message: String) -> Never {
    fflush(nil)  // what was printed so far comes first
    FileHandle.standardError.write(Data("DailyCRLJob: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

/// The job failed: the message, exit status 1.
func failure(_ message: String) -> Never {
    fflush(nil)  // what was printed so far comes first
    FileHandle.standardError.write(Data("DailyCRLJob: \(message)\n".utf8))
    exit(1)
}

/// The command line: `--name value` pairs and flags.
struct Arguments {
    static let valueOptions: Set<String> = [
        "--customers", "--municipalities", "--background", "--revoked-today", "--seed", "--work-dir",
        "--today", "--yesterday", "--customers-csv", "--issuer", "--output", "--threads",
    ]
    static let flags: Set<String> = ["--allow-stale", "--help", "-h"]

    var values: [String: String] = [:]
    var present: Set<String> = []

    init(_ arguments: [String]) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if Self.flags.contains(argument) {
                present.insert(argument)
            } else if Self.valueOptions.contains(argument) {
                guard let value = remaining.popFirst() else { usageError("\(argument) needs a value") }
                values[argument] = value
            } else {
                usageError("unknown argument \(argument)")
            }
        }
    }

    /// The non-negative integer value of `name`, or `fallback` when absent.
    func count(_ name: String, default fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value >= 0 else { usageError("\(name) needs a non-negative integer, not \(text)") }
        return value
    }
}

/// A duration in milliseconds, for the timings table.
func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%9.1f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
}

/// Prints the job's results.
func report(_ outcome: RevocationJob.Outcome, output: String) {
    print("\nResult")
    print("  customers checked:                  \(outcome.customers.count)")
    print("  customer lines skipped:             \(outcome.customers.rejectedLines.count)")
    for line in outcome.customers.rejectedLines.prefix(5) { print("    \(line)") }
    print("  customers revoked (any day):        \(outcome.revoked.count)")
    print("  customers revoked since yesterday:  \(outcome.newlyRevoked.count), by reason:")
    var byReason: [String: Int] = [:]
    for hit in outcome.newlyRevoked { byReason[hit.entry.reason?.description ?? "no reason code", default: 0] += 1 }
    for (reason, count) in byReason.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
        print("    \(reason): \(count)")
    }
    print("  CRL entries since yesterday:        +\(outcome.addedEntries) added, -\(outcome.droppedEntries) dropped")
    print("  written to \(output)")
    print("\nTimings")
    for (step, duration) in outcome.timings {
        print("  " + step.padding(toLength: 48, withPad: " ", startingAt: 0) + milliseconds(duration))
    }
    if let text = try? String(contentsOfFile: output, encoding: .utf8) {
        let lines = text.split(whereSeparator: \.isNewline)
        print("\nFirst lines of \((output as NSString).lastPathComponent):")
        for line in lines.prefix(6) { print("  \(line)") }
        if lines.count > 6 { print("  … \(lines.count - 6) more") }
    }
}

// MARK: Main

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
if arguments.present.contains("--help") || arguments.present.contains("-h") {
    print(usage)
    exit(0)
}
let threads = max(1, arguments.count("--threads", default: ProcessInfo.processInfo.activeProcessorCount))
let ownFiles = ["--today", "--yesterday", "--customers-csv", "--issuer"]

if ownFiles.contains(where: { arguments.values[$0] != nil }) {
    // Your own files: run the job once.
    guard let today = arguments.values["--today"], let yesterday = arguments.values["--yesterday"],
        let customers = arguments.values["--customers-csv"], let issuer = arguments.values["--issuer"]
    else { usageError("--today, --yesterday, --customers-csv and --issuer go together") }
    let output = arguments.values["--output"] ?? "newly-revoked.csv"
    var job = RevocationJob(
        todayDirectory: today, yesterdayDirectory: yesterday, customersFile: customers, issuerFile: issuer,
        outputFile: output)
    job.allowStale = arguments.present.contains("--allow-stale")
    job.threads = threads
    do {
        let outcome = try job.run { print($0) }
        report(outcome, output: output)
        if !outcome.customers.rejectedLines.isEmpty {
            failure("completed, but \(outcome.customers.rejectedLines.count) customer line(s) were skipped")
        }
    } catch {
        failure("\(error)")
    }
    exit(0)
}

// The demo: generate a day, run the job on it, compare with what the generator did.
let customerCount = max(1, arguments.count("--customers", default: 10_000))
let municipalityCount = arguments.count("--municipalities", default: 4)
guard (1...DemoData.municipalities.count).contains(municipalityCount) else {
    usageError("--municipalities must be between 1 and \(DemoData.municipalities.count)")
}
let parameters = DemoData.Parameters(
    customers: customerCount, municipalities: municipalityCount,
    background: arguments.count("--background", default: 20_000),
    revokedToday: arguments.count("--revoked-today", default: max(1, customerCount / 200)),
    seed: UInt64(arguments.count("--seed", default: 2026)))
let temporary = arguments.values["--work-dir"] == nil
let workDirectory =
    arguments.values["--work-dir"]
    ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("jpki-daily-crl-\(UUID().uuidString)")

print("Generating a demo day in \(workDirectory)")
let clock = ContinuousClock()
let started = clock.now
let dataset: DemoDataset
do {
    dataset = try DemoData.generate(parameters, into: workDirectory, now: Date())
} catch {
    failure("cannot generate the demo data: \(error)")
}
print(
    "  \(municipalityCount) municipalities, \(dataset.entriesYesterday) CRL entries yesterday, "
        + "\(dataset.entriesToday) today; \(customerCount) customers, "
        + "\(dataset.expectedNewlyRevoked.count) of them revoked overnight (\(milliseconds(clock.now - started)))")

print("\nRunning the job")
let output = (workDirectory as NSString).appendingPathComponent("newly-revoked.csv")
var job = RevocationJob(
    todayDirectory: dataset.todayDirectory, yesterdayDirectory: dataset.yesterdayDirectory,
    customersFile: dataset.customersFile, issuerFile: dataset.issuerFile, outputFile: output)
job.threads = threads
let outcome: RevocationJob.Outcome
do {
    outcome = try job.run { print($0) }
} catch {
    failure("\(error) (the demo files are kept in \(workDirectory))")
}
report(outcome, output: output)

// The check that makes this example a test: the job must find exactly what the generator did.
let foundRevoked = Set(outcome.revoked.map { outcome.customers.ids[$0.customer] })
let foundNew = Set(outcome.newlyRevoked.map { outcome.customers.ids[$0.customer] })
guard foundRevoked == dataset.expectedRevoked, foundNew == dataset.expectedNewlyRevoked,
    outcome.customers.rejectedLines.isEmpty
else {
    failure(
        "unexpected result: revoked \(foundRevoked.count) (expected \(dataset.expectedRevoked.count)), "
            + "newly revoked \(foundNew.count) (expected \(dataset.expectedNewlyRevoked.count)); "
            + "the demo files are kept in \(workDirectory)")
}
print(
    "\nCheck: the job found exactly the \(foundNew.count) customers revoked overnight (of \(foundRevoked.count) revoked)."
)
if temporary {
    try? FileManager.default.removeItem(atPath: workDirectory)
    print("(The demo files are removed; pass --work-dir DIR to keep them.)")
}
