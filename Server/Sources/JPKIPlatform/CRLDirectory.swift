import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509
import Logging

/// The CRL directory of a platform: one file per partition and day, named
/// `PARTITION.YYYY-MM-DD.crl` (DER or PEM; `.der` and `.pem` are read too), e.g.
/// `signature-tokyo-chiyoda.2026-12-03.crl`.
///
/// ``reload(now:)`` takes the newest day of every partition that is not in service yet, verifies
/// it and swaps it into the ``CRLStore`` atomically (the store's own update); a file that does not
/// verify is refused, logged and listed in ``status(now:)``, and the partition's CRL in service
/// stays. Each CRL put in service is compared with the partition's previous one
/// (``RevocationIndex/diff(old:new:)``): the customers' certificates it newly lists become
/// revocation changes in the ``PlatformStore``. For a partition's first CRL (no previous day),
/// the customers' active certificates of its issuer are looked up in it instead.
public actor CRLDirectory {
    /// A CRL in service, by partition.
    public struct Partition: Codable, Hashable, Sendable {
        /// The partition (the file name before the date).
        public var name: String
        /// The file in service.
        public var file: String
        /// The day in the file name.
        public var day: String
        /// What the store installed: issuer, CRL number, this and next update, entries.
        public var installed: CRLStore.Installed
        /// When it was put in service (seconds since 1970).
        public var loadedAt: Int64
        /// Whether its next update (with the store's grace) is still ahead.
        public var isFresh: Bool
    }

    /// A file refused.
    public struct Refusal: Error, Codable, Hashable, Sendable {
        /// The file.
        public var file: String
        /// Why.
        public var reason: String
        /// When (seconds since 1970).
        public var at: Int64
        /// The file's size and modification time when it was refused (`SIZE@SECONDS`): a
        /// changed file is read again.
        public var fileVersion: String?
    }

    /// What one reload did.
    public struct ReloadResult: Codable, Hashable, Sendable {
        /// The files put in service.
        public var loaded: [String]
        /// The files refused.
        public var refused: [Refusal]
        /// The revocation changes found.
        public var revocationChanges: Int
    }

    /// The directory's state, for readiness.
    public struct Status: Codable, Hashable, Sendable {
        /// The directory.
        public var directory: String
        /// The CRLs in service.
        public var partitions: [Partition]
        /// The newest refusal of each file that was refused and is still the newest of its
        /// partition.
        public var refusals: [Refusal]
        /// When the directory was last read (seconds since 1970), or `nil` before the first time.
        public var lastReload: Int64?
        /// The age of the oldest CRL in service (now − its thisUpdate), seconds.
        public var oldestAge: Int64?

        /// Ready: at least one CRL in service and every one fresh.
        public var isReady: Bool { !partitions.isEmpty && partitions.allSatisfy { $0.isFresh } }
    }

    /// The directory.
    public nonisolated let path: String
    /// The store the CRLs go into (the verifier's).
    public nonisolated let crls: CRLStore
    private let store: any PlatformStore
    private let audit: AuditLog
    private let logger: Logger
    private var loaded: [String: (partition: Partition, crl: CertificateRevocationList, index: RevocationIndex?)] = [:]
    private var refusals: [String: Refusal] = [:]
    private var lastReload: Int64?
    private let reloading = SerialAccess()
    /// The file each partition's newest installed CRL came from, set as soon as the store
    /// installed it (before the actor records the partition as loaded): the name a revocation
    /// change found by ``recordRevocations(ofStored:at:now:)`` gives.
    private nonisolated let installedFiles = InstalledFiles()
    /// Called with a file's name when a reload starts reading it, off the actor.
    private nonisolated let willRead: (@Sendable (String) -> Void)?

    /// A directory at `path` feeding `crls`, recording changes in `store` and ingests in `audit`.
    public init(path: String, crls: CRLStore, store: any PlatformStore, audit: AuditLog, logger: Logger) {
        self.init(path: path, crls: crls, store: store, audit: audit, logger: logger, willRead: nil)
    }

    /// The same, with `willRead` called with a file's name when a reload starts reading it, off
    /// the actor (the tests hold a reload there to see that readiness still answers).
    package init(
        path: String, crls: CRLStore, store: any PlatformStore, audit: AuditLog, logger: Logger,
        willRead: (@Sendable (String) -> Void)?
    ) {
        self.path = path
        self.crls = crls
        self.store = store
        self.audit = audit
        self.logger = logger
        self.willRead = willRead
    }

    /// A file name's partition and day, or `nil` when it is not `PARTITION.YYYY-MM-DD.crl|der|pem`.
    public static func parseFileName(_ name: String) -> (partition: String, day: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, ["crl", "der", "pem"].contains(parts[parts.count - 1].lowercased()) else { return nil }
        let day = String(parts[parts.count - 2])
        let partition = parts[0..<(parts.count - 2)].joined(separator: ".")
        let digits = Array(day.utf8)
        guard !partition.isEmpty, digits.count == 10, digits[4] == 0x2D, digits[7] == 0x2D,
            digits.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }),
            GregorianDate(day) != nil
        else { return nil }
        return (partition, day)
    }

    /// Reads the directory and puts in service the newest day of every partition not in service.
    ///
    /// - Throws: ``PlatformStoreError`` when the revocation changes or the audit record cannot be
    ///   stored (the partitions after it wait for the next reload).
    @discardableResult
    public func reload(now: Int64 = Int64(Date().timeIntervalSince1970)) async throws(PlatformStoreError)
        -> ReloadResult
    {
        // One reload at a time: SIGHUP, the timer and the admin call may overlap, and the actor
        // alone would interleave them at every await (two ingests of one file, one audit
        // record each).
        try await reloading.run { () throws(PlatformStoreError) in try await reloadAlone(now: now) }
    }

    private func reloadAlone(now: Int64) async throws(PlatformStoreError) -> ReloadResult {
        lastReload = now
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            let refusal = Refusal(
                file: path, reason: "cannot read the directory: \(error.localizedDescription)", at: now)
            refusals[path] = refusal
            logger.error("CRL directory unreadable", metadata: ["directory": "\(path)", "reason": "\(refusal.reason)"])
            return ReloadResult(loaded: [], refused: [refusal], revocationChanges: 0)
        }
        refusals[path] = nil
        var newest: [String: (day: String, file: String)] = [:]
        for name in names {
            guard let (partition, day) = Self.parseFileName(name) else { continue }
            if let current = newest[partition], current.day >= day { continue }
            newest[partition] = (day, name)
        }
        var result = ReloadResult(loaded: [], refused: [], revocationChanges: 0)
        for partition in newest.keys.sorted() {
            guard let (day, file) = newest[partition] else { continue }
            if let current = loaded[partition], current.partition.file == file || current.partition.day > day {
                continue
            }
            // Refused before and unchanged since (same size and modification time): not read
            // again. A file completed or rewritten in place is read anew.
            let version = Self.version(of: (path as NSString).appendingPathComponent(file))
            if let refused = refusals[file], refused.fileVersion == version { continue }
            // Parsed, verified, installed and indexed off the actor: a CRL of millions of entries
            // takes seconds, and ``status(now:)`` (readiness) must not wait for it.
            let read = await Self.ingest(
                filePath: (path as NSString).appendingPathComponent(file), crls: crls, partition: partition,
                day: day, file: file, now: now, installedFiles: installedFiles, willRead: willRead)
            switch read.map({ entry in (entry, previous: loaded[partition]) }) {
            case .failure(var refusal):
                refusal.fileVersion = version
                refusals[file] = refusal
                result.refused.append(refusal)
                logger.error(
                    "CRL refused; the CRL in service stays",
                    metadata: ["file": "\(file)", "reason": "\(refusal.reason)"])
                try await audit.record(operation: "crl-refused", refusal, at: now)
            case .success(let (entry, previous)):
                let changes = try await revocationChanges(
                    entry.crl, entry.index, previous: previous, file: file, now: now)
                loaded[partition] = entry
                result.loaded.append(file)
                result.revocationChanges += changes.count
                logger.info(
                    "CRL in service",
                    metadata: [
                        "file": "\(file)", "entries": "\(entry.partition.installed.entryCount)",
                        "revocationChanges": "\(changes.count)",
                    ])
                try await audit.record(
                    operation: "crl-ingest",
                    CRLIngestRecord(partition: entry.partition, revocationChanges: changes.map(\.sequence)), at: now)
            }
        }
        // Refusals of files no longer the newest of their partition are history (the audit keeps them).
        let current = Set(newest.values.map(\.file))
        refusals = refusals.filter { current.contains($0.key) || $0.key == path }
        return result
    }

    /// A file's size and modification time, `SIZE@SECONDS`, or `nil` when it cannot be read.
    static func version(of path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return "\(size)@\(modified.timeIntervalSince1970)"
    }

    /// The state of the directory at `now`.
    public func status(now: Int64 = Int64(Date().timeIntervalSince1970)) -> Status {
        let grace = Int64(crls.grace.components.seconds)
        let partitions = loaded.values.map { entry -> Partition in
            var partition = entry.partition
            let next = partition.installed.nextUpdate.map { Int64($0.timeIntervalSince1970) }
            partition.isFresh = next.map { now <= $0 + grace } ?? true
            return partition
        }.sorted { $0.name < $1.name }
        let oldest = partitions.map { now - Int64($0.installed.thisUpdate.timeIntervalSince1970) }.max()
        return Status(
            directory: path, partitions: partitions, refusals: refusals.values.sorted { $0.file < $1.file },
            lastReload: lastReload, oldestAge: oldest)
    }

    private typealias Entry = (partition: Partition, crl: CertificateRevocationList, index: RevocationIndex?)

    /// Reads, verifies and installs one file, on the global executor (not the actor's).
    @concurrent
    private static func ingest(
        filePath: String, crls: CRLStore, partition: String, day: String, file: String, now: Int64,
        installedFiles: InstalledFiles, willRead: (@Sendable (String) -> Void)?
    ) async -> Result<Entry, Refusal> {
        willRead?(file)
        let crl: CertificateRevocationList
        do {
            crl = try CertificateRevocationList(contentsOfFile: filePath, mapping: false)
        } catch {
            return .failure(Refusal(file: file, reason: "not a CRL: \(error)", at: now))
        }
        let installed: CRLStore.Installed
        do {
            installed = try crls.update(with: crl)
        } catch {
            return .failure(Refusal(file: file, reason: error.description, at: now))
        }
        installedFiles.set(installed, file: file, partition: partition)
        // The index for the comparison with the next day; an indirect CRL has none (its entries
        // name their issuers), and is then not compared.
        let index = try? RevocationIndex(crl)
        return .success(
            Entry(
                Partition(name: partition, file: file, day: day, installed: installed, loadedAt: now, isFresh: true),
                crl, index))
    }

    /// The entries `new` lists and `old` does not, off the actor (a diff of millions of entries).
    @concurrent
    private static func newlyRevoked(old: RevocationIndex, new: RevocationIndex) async -> [RevokedSerial] {
        RevocationIndex.diff(old: old, new: new).newlyRevoked.map(revoked)
    }

    /// The revocation changes of a newly installed CRL, stored.
    private func revocationChanges(
        _ crl: CertificateRevocationList, _ index: RevocationIndex?, previous: Entry?, file: String, now: Int64
    ) async throws(PlatformStoreError) -> [RevocationChange] {
        guard let index else { return [] }
        let issuerKey = CustomerCertificate.issuerKey(crl.issuer)
        var entries: [RevokedSerial] = []
        if let previousIndex = previous?.index {
            entries = await Self.newlyRevoked(old: previousIndex, new: index)
        } else {
            for serial in try await store.activeSerialNumbers(issuerKey: issuerKey) {
                guard let bytes = Hex.decode(serial), let entry = index.lookup(serialNumber: bytes) else { continue }
                entries.append(Self.revoked(entry))
            }
        }
        guard !entries.isEmpty else { return [] }
        return try await store.recordRevocations(issuerKey: issuerKey, entries: entries, crl: file, at: now)
    }

    /// Records the revocation changes of certificates just stored (a registration's, a renewal's)
    /// that the CRLs in service now list; returns the changes recorded.
    ///
    /// A registration checks its certificates against the CRLs in service, then stores them. A
    /// CRL put in service between the two looked for the customers' active certificates before
    /// they were there, and the next day's comparison does not list them again: without this
    /// second look they would stay active and never reach the revocation feed. Asked after the
    /// store, it closes the gap: ``CRLStore`` installs a CRL before the reload asks the store, so
    /// a CRL installed before this look is seen here, and one installed after it finds the stored
    /// certificates itself. Both may see one; a certificate already marked revoked is not
    /// reported again. Only the CRLs in service are consulted (no OCSP request).
    ///
    /// - Parameters:
    ///   - certificates: each stored certificate with the issuer its verification found.
    ///   - time: the validation time.
    ///   - now: the time the changes are recorded at (seconds since 1970).
    package nonisolated func recordRevocations(
        ofStored certificates: [(certificate: Certificate, issuer: Certificate)], at time: Date, now: Int64
    ) async throws(PlatformStoreError) -> [RevocationChange] {
        var changes: [RevocationChange] = []
        for (certificate, issuer) in certificates {
            guard
                case .revoked(let reason, let revocationTime, let evidence) = crls.check(
                    certificate, issuer: issuer, at: time)
            else { continue }
            let entry = RevokedSerial(
                serialNumber: certificate.serialNumberHex.lowercased(), reason: reason?.identifier ?? "unspecified",
                revokedAt: Int64(revocationTime.timeIntervalSince1970))
            changes += try await store.recordRevocations(
                issuerKey: CustomerCertificate.issuerKey(certificate.issuer), entries: [entry],
                crl: installedFiles.file(answering: evidence), at: now)
        }
        return changes
    }

    private static func revoked(_ entry: CRLEntry) -> RevokedSerial {
        RevokedSerial(
            serialNumber: Hex.encode(entry.serialNumber).lowercased(),
            reason: entry.reason?.identifier ?? "unspecified", revokedAt: entry.revocationDate.secondsSince1970)
    }
}

/// The audit record of a CRL put in service.
struct CRLIngestRecord: Codable, Sendable {
    var partition: CRLDirectory.Partition
    var revocationChanges: [Int64]
}

/// The file of each partition's newest installed CRL, shared by a reload (off the actor) and the
/// look after a registration; a lock, not the actor, so that it is set the moment the CRL is
/// installed.
final class InstalledFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var byPartition: [String: (installed: CRLStore.Installed, file: String)] = [:]

    func set(_ installed: CRLStore.Installed, file: String, partition: String) {
        lock.withLock { byPartition[partition] = (installed, file) }
    }

    /// The file of the installed CRL `evidence` describes (same issuer, CRL number and
    /// thisUpdate), or, for a CRL the directory did not install, the CRL described: kind, issuer,
    /// number and thisUpdate.
    func file(answering evidence: RevocationEvidence) -> String {
        let file = lock.withLock {
            byPartition.values.first { entry in
                entry.installed.issuer == evidence.issuer && entry.installed.crlNumber == evidence.crlNumber
                    && entry.installed.thisUpdate == evidence.thisUpdate
            }?.file
        }
        if let file { return file }
        let thisUpdate = evidence.thisUpdate.map { " of \(Int64($0.timeIntervalSince1970))" } ?? ""
        return "\(evidence.kind) \(evidence.issuer) number \(evidence.crlNumber ?? "none")\(thisUpdate)"
    }
}
