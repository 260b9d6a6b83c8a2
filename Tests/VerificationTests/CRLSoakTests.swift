import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

@testable import JPKIVerification

/// Nothing lost under load: verifications run continuously while the CRL file is replaced
/// every 100 ms, the way a download job replaces it (written in place at the same path, then
/// `update(contentsOfFile:)`), with a mix of good, stale, badly signed and truncated files.
///
/// The run lasts `JPKI_SOAK_SECONDS` seconds (30 by default; set it higher by hand). Nothing
/// waits on time to synchronise: the replacement cadence is a sleep, every assertion is about
/// what was answered, whatever the interleaving.
@Suite("CRL replacement under load")
struct CRLSoakTests {
    /// Entries of every CRL; the revoked leaf is the last one, so a CRL missing any part of its
    /// entries would answer `good` for it.
    static let entryCount = 3000
    static let seed: UInt64 = 19
    /// The validation time: after every generation's thisUpdate, before every nextUpdate.
    static let now: Int64 = 1_748_736_000
    static let firstThisUpdate = now - 3 * 86_400

    /// The soak's own CA (cRLSign), a good leaf and a leaf listed as the CRLs' last entry.
    struct Setup: Sendable {
        let caKey: SigningKey
        let ca: Certificate
        let good: Certificate
        let revoked: Certificate
        let revokedReason: RevocationReason

        init() throws {
            let h = try Hierarchy.shared()
            caKey = h.intermediateKey
            let name = try Hierarchy.name("Soak CA")
            ca = try Hierarchy.certificate(
                subject: name, issuer: name, key: caKey, issuerKey: caKey, extensions: Hierarchy.caExtensions(),
                serial: [0x01], notAfter: CRLSoakTests.now + 365 * 86_400)
            good = try Hierarchy.certificate(
                subject: try Hierarchy.name("Soak good"), issuer: name, key: h.leafKey, issuerKey: caKey,
                extensions: Hierarchy.leafExtensions, serial: [0x42], notAfter: CRLSoakTests.now + 365 * 86_400)
            let last = CRLSoakTests.generator(generation: 1).entry(streamIndex: CRLSoakTests.entryCount - 1)
            revokedReason = last.reason
            revoked = try Hierarchy.certificate(
                subject: try Hierarchy.name("Soak revoked"), issuer: name, key: h.leafKey, issuerKey: caKey,
                extensions: Hierarchy.leafExtensions, serial: CRLSoakTests.integerBytes(last.serialNumber),
                notAfter: CRLSoakTests.now + 365 * 86_400)
        }
    }

    /// The content octets of the positive INTEGER `value`.
    static func integerBytes(_ value: UInt64) -> [UInt8] {
        var bytes = withUnsafeBytes(of: value.bigEndian) { Array($0) }
        while bytes.count > 1, bytes[0] == 0, bytes[1] < 0x80 { bytes.removeFirst() }
        if bytes[0] >= 0x80 { bytes.insert(0, at: 0) }
        return bytes
    }

    /// Generation `number`: the same entries, a later thisUpdate, CRL number `number`.
    static func generator(generation number: Int) -> CRLGenerator {
        var generator = CRLGenerator(
            entryCount: entryCount, seed: seed, issuer: (try? Hierarchy.name("Soak CA")) ?? CRLGenerator.defaultIssuer)
        generator.thisUpdate = ASN1Time(secondsSince1970: firstThisUpdate + Int64(number) * 10)
        generator.nextUpdate = ASN1Time(secondsSince1970: now + 7 * 86_400)
        generator.crlNumber = ASN1Integer(Int64(number))
        return generator
    }

    /// Resident memory in bytes, from /proc/self/statm (0 where there is none).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Writes `bytes` over the file at `path` in place (truncate, then write), as `curl -o` or
    /// `cp` would: the file a CRL in service was read from changes under it.
    static func overwrite(_ path: String, with bytes: [UInt8]) throws {
        guard let file = fopen(path, "w") else { throw CocoaError(.fileWriteUnknown) }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// What the verifying tasks saw that they should not have.
    final class Findings: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var problems: [String] = []
        private(set) var crlNumbers: Set<String> = []
        var requests = 0
        var answers = 0

        func add(_ problem: String) { lock.withLock { if problems.count < 20 { problems.append(problem) } } }
        func saw(_ number: String?) { lock.withLock { if let number { crlNumbers.insert(number) } } }
        func count(requests: Int, answers: Int) {
            lock.withLock {
                self.requests += requests
                self.answers += answers
            }
        }
        var snapshot: (problems: [String], numbers: Set<String>, requests: Int, answers: Int) {
            lock.withLock { (problems, crlNumbers, requests, answers) }
        }
    }

    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }
    }

    @Test(
        "2 verifiers and a replacer every 100 ms: complete CRLs only, bad files refused, memory flat",
        .timeLimit(.minutes(30)))
    func replaceUnderLoad() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["JPKI_SOAK_SECONDS"] ?? "") ?? 30
        let setup = try Setup()
        let h = try Hierarchy.shared()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("soak.crl").path

        let store = CRLStore(issuers: [setup.ca])
        // Generation 2 first, so that a stale file (generation − 1) is always strictly older.
        try Self.overwrite(path, with: try Self.generator(generation: 2).signedDER(with: setup.caKey))
        try store.update(contentsOfFile: path)
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [setup.ca]), revocation: .hardFail(store))
        let time = Date(timeIntervalSince1970: TimeInterval(Self.now))
        let findings = Findings()
        let stop = StopFlag()

        // The replacer: the only writer, so what is in service after each attempt is known.
        let replacer = Task { () -> (installed: [String], attempts: [String: Int], memory: [Int], failures: [String]) in
            var generation = 2
            var installed = [Hex.encode(ASN1Integer(2).contentBytes)]
            var attempts: [String: Int] = [:]
            var memory: [Int] = []
            var failures: [String] = []
            let deadline = Date().addingTimeInterval(seconds)
            var cycle = 0
            // Until the deadline, and at least one file of each kind however slow the machine.
            while Date() < deadline || cycle < 4 {
                cycle += 1
                let kind = ["good", "stale", "badly signed", "truncated"][cycle % 4]
                attempts[kind, default: 0] += 1
                let bytes: [UInt8]
                do {
                    switch kind {
                    case "good": bytes = try Self.generator(generation: generation + 1).signedDER(with: setup.caKey)
                    case "stale": bytes = try Self.generator(generation: generation - 1).signedDER(with: setup.caKey)
                    case "badly signed":
                        bytes = try Self.generator(generation: generation + 1).signedDER(with: h.otherKey)
                    default:
                        let full = try Self.generator(generation: generation + 1).signedDER(with: setup.caKey)
                        bytes = Array(full.prefix(full.count / 2 + cycle % 97))
                    }
                    try Self.overwrite(path, with: bytes)
                } catch {
                    failures.append("cycle \(cycle): cannot make the \(kind) file: \(error)")
                    continue
                }
                do {
                    let result = try store.update(contentsOfFile: path)
                    if kind == "good" {
                        generation += 1
                        installed.append(result.crlNumber ?? "")
                    } else {
                        failures.append("cycle \(cycle): a \(kind) file was installed")
                    }
                } catch {
                    if kind == "good" { failures.append("cycle \(cycle): a good file was refused: \(error)") }
                }
                // Whatever was tried, the CRL in service is the last good one, complete.
                let service = store.installed
                if service.count != 1 || service.first?.crlNumber != installed.last
                    || service.first?.entryCount != Self.entryCount
                {
                    failures.append(
                        "cycle \(cycle) (\(kind)): in service \(service), expected number \(installed.last ?? "")")
                }
                if cycle % 10 == 0 { memory.append(Self.residentBytes()) }
                try? await Task.sleep(for: .milliseconds(100))
            }
            stop.stop()
            return (installed, attempts, memory, failures)
        }

        // Two verifiers, each submitting batches of 4 concurrent verifications until stopped.
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<2 {
                group.addTask {
                    var round = 0
                    while !stop.isStopped {
                        round += 1
                        let answered = await withTaskGroup(of: Int.self) { batch in
                            for index in 0..<4 {
                                let revoked = (round + index + worker) % 2 == 0
                                batch.addTask {
                                    let leaf = revoked ? setup.revoked : setup.good
                                    let report = await verifier.verifyCertificate(leaf, at: time)
                                    let record = report.revocation.first
                                    findings.saw(record?.evidence?.crlNumber)
                                    if revoked {
                                        if record?.status != "revoked"
                                            || record?.reason != setup.revokedReason.description
                                        {
                                            findings.add(
                                                "the revoked leaf answered \(record?.status ?? "nothing"): \(report.reasons)"
                                            )
                                        }
                                    } else if !report.isValid || record?.status != "good" {
                                        findings.add(
                                            "the good leaf answered \(record?.status ?? "nothing"): \(report.reasons)")
                                    }
                                    return 1
                                }
                            }
                            return await batch.reduce(0, +)
                        }
                        findings.count(requests: 4, answers: answered)
                    }
                }
            }
        }
        let outcome = await replacer.value
        let seen = findings.snapshot
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(10))")
        #expect(seen.problems.isEmpty, "\(seen.problems)")
        #expect(seen.requests == seen.answers)
        #expect(seen.requests > 0)
        // Every answer came from a CRL that was installed whole.
        #expect(seen.numbers.isSubset(of: Set(outcome.installed)), "\(seen.numbers.subtracting(outcome.installed))")
        for kind in ["good", "stale", "badly signed", "truncated"] { #expect(outcome.attempts[kind, default: 0] > 0) }
        // Memory: after the first quarter, resident memory stays within 64 MB of where it was.
        if outcome.memory.count >= 4, outcome.memory.allSatisfy({ $0 > 0 }) {
            let warm = outcome.memory[outcome.memory.count / 4]
            let peak = outcome.memory[(outcome.memory.count / 4)...].max() ?? warm
            #expect(peak - warm < 64 << 20, "RSS grew from \(warm >> 20) MB to \(peak >> 20) MB")
        }
        print(
            "soak: \(seconds) s, \(seen.requests) verifications (\(seen.answers) answers), \(outcome.installed.count) CRLs installed of \(outcome.attempts.values.reduce(0, +)) files (\(outcome.attempts)), RSS \(outcome.memory.first.map { $0 >> 20 } ?? 0) → \(outcome.memory.last.map { $0 >> 20 } ?? 0) MB"
        )
    }
}
