import ArgumentParser
import Foundation
import JPKIPlatform
import Logging

/// `jpki-platform migrate`: creates or upgrades the schema.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the database schema, and print its version.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logger(label: "jpki-platform")
        let opened = try await database.open(logger: logger)
        let version = try await opened.using { store in try await store.migrate() }
        print("schema version \(version) (\(opened.store.description))")
    }
}

/// `jpki-platform verify-audit`: walks the audit chain and reports the first broken link.
struct VerifyAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit",
        abstract: "Walk the audit trail's hash chain and report the first broken link (exit 1).",
        discussion: """
            An edited record breaks its own hash; a removed one leaves a gap in the sequence.
            Removing the newest records is found only against a head kept elsewhere: print the
            head (--json) after each run and pass it back with --expect-head.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The head hash (or SEQUENCE:HASH) a previous run printed.", valueName: "hash"))
    var expectHead: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let logger = Logger(label: "jpki-platform")
        let opened = try await database.open(logger: logger)
        // The record at the kept head's position (when one is given), read with the walk.
        let keptSequence: Int64? =
            try expectHead.map { text in
                let parts = text.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                guard let sequence = Int64(parts[0]), sequence >= 1 else {
                    throw ValidationError("--expect-head: SEQUENCE:HASH or HASH")
                }
                return sequence
            } ?? nil
        let (result, keptRecords) = try await opened.using { store in
            let result = try await AuditChainVerification.verify(store)
            let kept = try await store.auditRecords(from: keptSequence ?? max(result.headSequence, 1), limit: 1)
            return (result, kept)
        }
        var headProblem: String?
        if let expectHead, result.isIntact {
            // The record at the kept head's position must still be the one kept: a chain whose
            // records were edited and every later hash recomputed is intact on its own.
            let hash = String(expectHead.split(separator: ":", maxSplits: 1).last ?? "")
            let sequence = keptSequence ?? result.headSequence
            if let record = keptRecords.first, record.sequence == sequence {
                if record.hash != hash {
                    headProblem =
                        "record \(sequence) hashes to \(record.hash), the kept head says \(hash): the chain was rewritten"
                }
            } else {
                headProblem =
                    "the chain ends at \(result.headSequence), the kept head is record \(sequence): records were removed"
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else if let broken = result.firstBreak {
            print("BROKEN at record \(broken.sequence): \(broken.problem): \(broken.detail)")
            print("\(result.recordsChecked) records hold before it")
        } else {
            print("intact: \(result.recordsChecked) records, head \(result.headSequence):\(result.headHash)")
        }
        if let headProblem { print("BROKEN: \(headProblem)") }
        if !result.isIntact || headProblem != nil { throw ExitCode(1) }
    }
}
