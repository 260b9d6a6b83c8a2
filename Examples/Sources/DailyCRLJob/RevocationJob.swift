import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

/// Why the job stopped.
enum JobError: Error, CustomStringConvertible {
    /// An input file or directory is missing or unreadable, or its content is unusable.
    case input(String)
    /// A CRL failed a check: wrong issuer, bad signature, stale, or out of order.
    case untrustedCRL(String)

    var description: String {
        switch self {
        case .input(let why): return why
        case .untrustedCRL(let why): return "CRL refused: \(why)"
        }
    }
}

/// One municipality's CRL (J-LIS partitions the signature CA's CRL by municipality), mapped
/// and indexed.
struct PartitionCRL {
    /// What pairs today's CRL with yesterday's: the issuing distribution point's name, or the
    /// file name for a CRL without one.
    var key: String
    /// The municipality, for people (`東京都 千代田区`), or the key.
    var name: String
    /// The file.
    var path: String
    /// The index, which keeps the (memory-mapped) CRL.
    var index: RevocationIndex

    var crl: CertificateRevocationList { index.crl }
}

/// The platform operator's daily job (プラットフォーム事業者の失効確認):
///
/// 1. map today's and yesterday's partitioned CRLs, check each one's issuer, signature and
///    freshness, and index them (``JPKIX509/RevocationIndex``);
/// 2. bulk-check every customer's certificate serial against today's CRLs;
/// 3. diff yesterday's and today's CRL of each municipality (``JPKIX509/RevocationDiff``): a
///    customer whose certificate was revoked since yesterday has had their basic 4 information
///    changed (moved, married…), lost the card, or died — the service must stop relying on the
///    old certificate and ask for a new signature;
/// 4. write those customers to a CSV for the teams that act on it.
struct RevocationJob {
    /// The directory of today's CRL files (`*.crl`, DER or PEM).
    var todayDirectory: String
    /// The directory of yesterday's CRL files, the baseline of the diff.
    var yesterdayDirectory: String
    /// The customer list (see ``CustomerList``).
    var customersFile: String
    /// The CA certificate the CRLs must be signed by (J-LIS's signature root in production).
    var issuerFile: String
    /// Where the newly revoked customers go.
    var outputFile: String
    /// Accept CRLs past their nextUpdate (for reprocessing old days); otherwise a stale CRL
    /// stops the job.
    var allowStale = false
    /// Threads for the bulk lookups.
    var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The job's clock.
    var now = Date()

    /// A customer found in today's CRLs.
    struct Hit {
        /// The customer's place in the list.
        var customer: Int
        /// The municipality whose CRL lists the certificate: its name, and its key.
        var partition: String
        var partitionKey: String
        /// The CRL entry: revocation date and reason.
        var entry: CRLEntry
    }

    /// What the job found.
    struct Outcome {
        var customers: CustomerList
        var partitions: [PartitionCRL]
        /// Every customer whose certificate today's CRLs list (newly or not).
        var revoked: [Hit] = []
        /// Those revoked since yesterday: the output.
        var newlyRevoked: [Hit] = []
        /// Entries added to the CRLs since yesterday (customers or not) and entries dropped
        /// (expired certificates leave the CRL).
        var addedEntries = 0
        var droppedEntries = 0
        /// Each step's duration.
        var timings: [(step: String, duration: Duration)] = []
    }

    /// Runs the job; `log` receives one line per step.
    func run(log: (String) -> Void) throws -> Outcome {
        let clock = ContinuousClock()
        var timings: [(String, Duration)] = []
        func timed<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let result = try body()
            timings.append((step, clock.now - start))
            return result
        }

        let issuer = try Self.loadCertificate(issuerFile)
        log("CRL issuer: \(issuer.subject)")

        // 1. Today's and yesterday's CRLs: memory-mapped, verified, indexed.
        let today = try timed("map, verify and index today's CRLs") {
            try loadPartitions(in: todayDirectory, issuer: issuer, requireFresh: !allowStale)
        }
        for partition in today {
            log(
                "  today  \(partition.name): \(partition.index.count) entries, \(partition.crl.byteCount) bytes"
                    + (partition.crl.isMemoryMapped ? " (memory-mapped)" : "")
                    + ", thisUpdate \(partition.crl.thisUpdate)")
        }
        let yesterday = try timed("map, verify and index yesterday's CRLs") {
            try loadPartitions(in: yesterdayDirectory, issuer: issuer, requireFresh: false)
        }
        let baseline = Dictionary(yesterday.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        log("  \(today.count) municipalities today, \(yesterday.count) yesterday")

        // 2. The customers, and every one of them looked up in every municipality's CRL. A
        // serial number is unique per issuing CA, so a customer's list need not say which
        // municipality issued the certificate.
        let customers = try timed("read the customer list") { try CustomerList(contentsOfFile: customersFile) }
        log("  \(customers.count) customers, \(customers.rejectedLines.count) line(s) skipped")
        var outcome = Outcome(customers: customers, partitions: today)
        outcome.revoked = try timed("bulk-check the customers against today's CRLs") {
            try bulkCheck(customers, against: today)
        }

        // 3. What changed since yesterday, municipality by municipality.
        let changes = try timed("diff yesterday's and today's CRLs") {
            var changes: [String: Change] = [:]
            for partition in today {
                guard let old = baseline[partition.key] else {
                    // No baseline (a new file, or yesterday's is missing): everything listed
                    // counts as new. Over-reporting is the safe side.
                    log("  warning: no CRL of yesterday for \(partition.name): all its entries count as new")
                    changes[partition.key] = .noBaseline
                    outcome.addedEntries += partition.index.count
                    continue
                }
                guard old.crl.thisUpdate < partition.crl.thisUpdate else {
                    throw JobError.untrustedCRL(
                        "yesterday's CRL of \(partition.name) (\(old.crl.thisUpdate)) is not older than today's "
                            + "(\(partition.crl.thisUpdate)): are the directories swapped?")
                }
                let diff = RevocationIndex.diff(old: old.index, new: partition.index)
                changes[partition.key] = .newlyRevoked(Set(diff.newlyRevokedOffsets))
                outcome.addedEntries += diff.newlyRevokedOffsets.count
                outcome.droppedEntries += diff.noLongerListedOffsets.count
            }
            return changes
        }
        outcome.newlyRevoked = outcome.revoked.filter { hit in
            switch changes[hit.partitionKey] {
            case .noBaseline: return true
            case .newlyRevoked(let offsets): return offsets.contains(UInt32(hit.entry.offset))
            case nil: return false
            }
        }

        // 4. The output, written atomically: a reader never sees half a file.
        try timed("write the newly revoked customers") {
            try write(outcome.newlyRevoked, customers: customers, to: outputFile)
        }
        outcome.timings = timings
        return outcome
    }

    /// What changed in one municipality's CRL since yesterday.
    enum Change {
        /// The offsets in today's CRL of the entries yesterday's does not list.
        case newlyRevoked(Set<UInt32>)
        /// There is no CRL of yesterday to compare with.
        case noBaseline
    }

    // MARK: Steps

    /// A certificate file, DER or PEM.
    static func loadCertificate(_ path: String) throws -> Certificate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobError.input("cannot read the CA certificate \(path)")
        }
        if let certificate = try? Certificate(derEncoded: Array(data)) { return certificate }
        do {
            return try Certificate(pemEncoded: String(decoding: data, as: UTF8.self))
        } catch {
            throw JobError.input("\(path) is not a certificate (DER or PEM): \(error)")
        }
    }

    /// Every `*.crl` file of `directory`, mapped, checked and indexed.
    ///
    /// Each CRL must be issued by `issuer` and its signature must verify with the issuer's key:
    /// a CRL that does not is refused and the job stops (working from a forged or corrupted CRL
    /// would hide revocations). With `requireFresh`, a CRL past its nextUpdate stops the job too.
    func loadPartitions(in directory: String, issuer: Certificate, requireFresh: Bool) throws -> [PartitionCRL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".crl") }.sorted()
        } catch {
            throw JobError.input("cannot list \(directory): \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw JobError.input("no *.crl file in \(directory)") }
        var partitions: [PartitionCRL] = []
        var keys: Set<String> = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let crl: CertificateRevocationList
            do {
                // Memory-mapped: the kernel pages the file in as the index reads it, so a
                // CRL of hundreds of megabytes costs the index's memory, not the file's.
                crl = try CertificateRevocationList(contentsOfFile: path)
            } catch {
                throw JobError.input("\(path) is not a CRL: \(error)")
            }
            guard crl.issuer == issuer.subject else {
                throw JobError.untrustedCRL("\(path) is issued by \(crl.issuer), not by \(issuer.subject)")
            }
            guard crl.isSignature(validFor: issuer) else {
                throw JobError.untrustedCRL("the signature of \(path) does not verify with the issuer's key")
            }
            let seconds = Int64(now.timeIntervalSince1970)
            if requireFresh {
                guard let next = crl.nextUpdate, next.secondsSince1970 >= seconds else {
                    throw JobError.untrustedCRL(
                        "\(path) is stale (nextUpdate \(crl.nextUpdate.map { "\($0)" } ?? "absent")); "
                            + "pass --allow-stale to process it anyway")
                }
            }
            let index: RevocationIndex
            do {
                index = try RevocationIndex(crl)
            } catch {
                throw JobError.input("\(path) has a malformed entry: \(error)")
            }
            let (key, display) = Self.partitionName(of: crl, fileName: name)
            guard keys.insert(key).inserted else {
                throw JobError.input("two CRLs in \(directory) are for the same partition \(display)")
            }
            partitions.append(PartitionCRL(key: key, name: display, path: path, index: index))
        }
        return partitions
    }

    /// The key pairing a CRL with the previous day's (its issuing distribution point), and
    /// the municipality's name when the distribution point is a JPKI one.
    static func partitionName(of crl: CertificateRevocationList, fileName: String) -> (key: String, name: String) {
        guard case .fullName(let names) = crl.issuingDistributionPoint?.distributionPoint, let first = names.first
        else { return (fileName, fileName) }
        if case .directoryName(let name) = first {
            let municipality = JPKIMunicipality(distributionPointName: name)
            return (name.description, municipality?.description ?? name.description)
        }
        return (first.description, first.description)
    }

    /// The customers whose serial today's CRLs list, in customer order.
    ///
    /// For each municipality, the serials below 2⁶⁴ go through the batched lookup
    /// (``JPKIX509/RevocationIndex/lookup(_:into:threads:)``: groups of probes whose memory
    /// accesses overlap, split over `threads`); longer serials are looked up one by one.
    func bulkCheck(_ customers: CustomerList, against partitions: [PartitionCRL]) throws -> [Hit] {
        var found: [Int: Hit] = [:]
        var offsets = [UInt32](repeating: RevocationIndex.notRevoked, count: customers.shortSerials.count)
        for partition in partitions {
            let index = partition.index
            let hits = index.lookup(customers.shortSerials, into: &offsets, threads: threads)
            guard hits > 0 || !customers.longSerials.isEmpty else { continue }
            var listed: [(customer: Int, offset: Int)] = []
            for (position, offset) in offsets.enumerated() where offset != RevocationIndex.notRevoked {
                listed.append((customers.shortOwners[position], Int(offset)))
            }
            for (position, serial) in customers.longSerials.enumerated() {
                if let offset = index.entryOffset(serialNumber: serial) {
                    listed.append((customers.longOwners[position], offset))
                }
            }
            for (customer, offset) in listed where found[customer] == nil {
                guard let entry = partition.crl.entry(atOffset: offset) else {
                    throw JobError.input("\(partition.path): no entry at offset \(offset)")
                }
                found[customer] = Hit(
                    customer: customer, partition: partition.name, partitionKey: partition.key, entry: entry)
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    /// Writes `hits` as CSV: `customer_id,certificate_serial,municipality,revocation_date,reason_code,reason`.
    func write(_ hits: [Hit], customers: CustomerList, to path: String) throws {
        let dates = ISO8601DateFormatter()
        var text = CSV.line([
            "customer_id", "certificate_serial", "municipality", "revocation_date", "reason_code", "reason",
        ])
        for hit in hits {
            let date = Date(timeIntervalSince1970: TimeInterval(hit.entry.revocationDate.secondsSince1970))
            text += CSV.line([
                customers.ids[hit.customer], customers.serials[hit.customer].hex, hit.partition,
                dates.string(from: date),
                hit.entry.reason.map { String($0.rawValue) } ?? "", hit.entry.reason?.description ?? "",
            ])
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw JobError.input("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
