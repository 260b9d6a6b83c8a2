import Foundation
import JPKIPlatform
import JPKIPlatformSQLite
import Logging
import SQLiteNIO
import Testing

/// The audit trail on SQLite: one chain under concurrent appends; append-only; an edited or a
/// removed record is found at its place. (The same on PostgreSQL: PostgresStoreTests.)
@Suite("Audit trail")
struct AuditTrailTests {
    @Test("100 concurrent appends form one chain that verifies")
    func concurrentAppends() async throws {
        try await withSQLite { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        _ = try await store.appendAudit(
                            operation: "login", document: "{\"n\":\(index)}", at: 1_800_000_000)
                    }
                }
                try await group.waitForAll()
            }
            let result = try await AuditChainVerification.verify(store, pageSize: 7)
            #expect(result.isIntact)
            #expect(result.recordsChecked == 100)
            #expect(result.headSequence == 100)
        }
    }

    @Test("the table refuses UPDATE and DELETE; an edit after the trigger is dropped breaks the hash there")
    func editIsFound() async throws {
        try await withSQLite { store, path in
            for index in 1...5 {
                _ = try await store.appendAudit(operation: "login", document: "{\"n\":\(index)}", at: 1)
            }
            let sql = try await SQLiteConnection.open(storage: .file(path: path))
            await #expect(throws: (any Error).self) {
                _ = try await sql.query("UPDATE audit SET document = '{}' WHERE sequence = 3")
            }
            await #expect(throws: (any Error).self) { _ = try await sql.query("DELETE FROM audit WHERE sequence = 3") }
            _ = try await sql.query("DROP TRIGGER audit_append_only_update")
            _ = try await sql.query("UPDATE audit SET document = '{\"n\":33}' WHERE sequence = 3")
            try await sql.close()
            let result = try await AuditChainVerification.verify(store)
            #expect(result.firstBreak?.sequence == 3)
            #expect(result.firstBreak?.problem == "hash-mismatch")
            #expect(result.recordsChecked == 2)
        }
    }

    @Test("a removed record is a gap in the sequence; a re-hashed edit breaks the next link")
    func removalIsFound() async throws {
        try await withSQLite { store, path in
            for index in 1...6 {
                _ = try await store.appendAudit(operation: "login", document: "{\"n\":\(index)}", at: 1)
            }
            let sql = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await sql.query("DROP TRIGGER audit_append_only_delete")
            _ = try await sql.query("DELETE FROM audit WHERE sequence = 4")
            try await sql.close()
            let gap = try await AuditChainVerification.verify(store)
            #expect(gap.firstBreak?.sequence == 4)
            #expect(gap.firstBreak?.problem == "sequence-gap")
        }
        // An editor who recomputes the edited record's own hash still breaks the next record's link.
        try await withSQLite { store, path in
            for index in 1...4 {
                _ = try await store.appendAudit(operation: "login", document: "{\"n\":\(index)}", at: 1)
            }
            let records = try await store.auditRecords(from: 2, limit: 1)
            let second = try #require(records.first)
            let forged = AuditRecord.chainHash(
                previous: second.previousHash, sequence: 2, recordedAt: second.recordedAt, operation: "login",
                document: "{\"n\":22}")
            let sql = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await sql.query("DROP TRIGGER audit_append_only_update")
            _ = try await sql.query(
                "UPDATE audit SET document = '{\"n\":22}', hash = ? WHERE sequence = 2", [.text(forged)])
            try await sql.close()
            let result = try await AuditChainVerification.verify(store)
            #expect(result.firstBreak?.sequence == 3)
            #expect(result.firstBreak?.problem == "previous-hash-mismatch")
        }
    }

    @Test("the hash covers every field, length-prefixed: moving bytes between fields changes it")
    func hashCoversFields() {
        let base = AuditRecord.chainHash(previous: "00", sequence: 1, recordedAt: 2, operation: "ab", document: "c")
        #expect(base.count == 64)
        #expect(
            base != AuditRecord.chainHash(previous: "00", sequence: 1, recordedAt: 2, operation: "a", document: "bc"))
        #expect(
            base != AuditRecord.chainHash(previous: "00", sequence: 1, recordedAt: 3, operation: "ab", document: "c"))
        #expect(
            base != AuditRecord.chainHash(previous: "01", sequence: 1, recordedAt: 2, operation: "ab", document: "c"))
        #expect(
            base != AuditRecord.chainHash(previous: "00", sequence: 2, recordedAt: 2, operation: "ab", document: "c"))
    }
}

/// Runs `body` with a migrated SQLite store in a new file (and the file's path); closes it.
func withSQLite(_ body: (SQLitePlatformStore, String) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("audit.db")
    let store = try await SQLitePlatformStore.open(path: path, logger: Logger(label: "jpki-platform-tests"))
    do {
        _ = try await store.migrate()
        try await body(store, path)
        await store.close()
    } catch {
        await store.close()
        throw error
    }
}

/// The SQLite store refuses a schema newer than it knows (an older binary after a rollback).
@Suite("SQLite schema")
struct SQLiteSchemaTests {
    @Test("a database whose schema is newer than the build is refused with a reason, not a crash")
    func newerSchema() async throws {
        try await withSQLite { store, path in
            let sql = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await sql.query("INSERT INTO schema_version (version) VALUES (99)")
            try await sql.close()
            await #expect {
                _ = try await store.migrate()
            } throws: { error in
                (error as? PlatformStoreError)?.detail.contains("newer than this build") == true
            }
        }
    }
}
