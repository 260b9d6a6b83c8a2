import Foundation
import JPKIPlatform
import JPKIPlatformPostgres
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use (`scripts/postgres.sh start` prints one); each test
/// creates a database of its own on it and drops it afterwards.
private let postgresURL = ProcessInfo.processInfo.environment["JPKI_PLATFORM_POSTGRES_URL"]

@Suite(
    "PostgresStore",
    .enabled(
        if: postgresURL != nil,
        "JPKI_PLATFORM_POSTGRES_URL is not set: run `scripts/postgres.sh run -- swift test --filter PostgresStore`"))
struct PostgresStoreTests {
    // MARK: Schema

    @Test func migrateTwiceIsIdempotentAndConcurrentMigrationsApplyOnce() async throws {
        try await withPostgresDatabase(instances: 2, migrated: false) { stores, sql in
            // Two instances starting together, each migrating twice at once.
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in stores + stores { group.addTask { try await store.migrate() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let store = try #require(stores.first)
            #expect(Set(versions).count == 1)
            let version = try #require(versions.first)
            #expect(version >= 1)
            #expect(try await store.migrate() == version)
            let rows = try await sql.query("SELECT COUNT(*), MAX(version)::BIGINT FROM schema_version").collect()
            let (count, newest) = try #require(rows.first).decode((Int64, Int64).self)
            #expect(count == Int64(version))
            #expect(newest == Int64(version))
            try await store.ping()
        }
    }

    // MARK: Challenges

    @Test func challengeIsConsumedExactlyOnceByFiftyConcurrentConsumers() async throws {
        try await withDatabase { store, _ in
            let challenge = Challenge.random(purpose: .login, now: 1_000, lifetime: 300)
            try await store.insertChallenge(challenge)
            let outcomes = try await withThrowingTaskGroup(of: ChallengeConsumption.self) { group in
                for _ in 0..<50 { group.addTask { try await store.consumeChallenge(id: challenge.id, at: 1_010) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.filter { $0 == .consumed(challenge) }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyUsed }.count == 49)
        }
    }

    @Test func expiredUsedAndUnknownChallengesAreTold() async throws {
        try await withDatabase { store, _ in
            let now: Int64 = 10_000
            let expired = Challenge.random(purpose: .registration, now: now - 400, lifetime: 300)
            let current = Challenge.random(purpose: .login, now: now, lifetime: 300)
            try await store.insertChallenge(expired)
            try await store.insertChallenge(current)
            // The store consumes an expired challenge like any other (used up on its first
            // presentation); the caller sees its time is over.
            let first = try await store.consumeChallenge(id: expired.id, at: now)
            #expect(first == .consumed(expired))
            if case .consumed(let consumed) = first { #expect(consumed.expiresAt < now) }
            #expect(try await store.consumeChallenge(id: expired.id, at: now) == .alreadyUsed)
            #expect(try await store.consumeChallenge(id: "0123456789abcdef0123456789abcdef", at: now) == .unknown)
            // A duplicate identifier is a storage error naming the operation and PostgreSQL's message.
            do {
                try await store.insertChallenge(current)
                Issue.record("a second challenge with one identifier was kept")
            } catch let error as PlatformStoreError {
                #expect(error.operation == "insert challenge")
                #expect(error.detail.contains("23505"))
                #expect(error.detail.contains("duplicate key"))
            }
            #expect(try await store.deleteChallenges(expiredBefore: now) == 1)
            #expect(try await store.consumeChallenge(id: expired.id, at: now) == .unknown)
            #expect(try await store.consumeChallenge(id: current.id, at: now) == .consumed(current))
            #expect(try await store.deleteChallenges(expiredBefore: now) == 0)
        }
    }

    // MARK: Customers

    @Test func duplicateRegistrationsAreRefused() async throws {
        try await withDatabase { store, _ async throws in
            let alice = customer("alice", at: 100, certificates: [cert(.signature, "01"), cert(.authentication, "02")])
            #expect(try await store.registerCustomer(alice, matchKey: "key-alice") == .stored)
            #expect(try await store.customer(id: "alice") == alice)
            #expect(try await store.customer(certificateSHA256: alice.certificates[1].sha256) == alice)
            #expect(try await store.customers(matchKey: "key-alice") == [alice])
            #expect(try await store.customer(id: "nobody") == nil)
            #expect(try await store.customer(certificateSHA256: "00") == nil)

            // The same certificate (by SHA-256).
            let copy = customer("bob", at: 101, certificates: [cert(.signature, "11"), alice.certificates[0]])
            #expect(try await store.registerCustomer(copy, matchKey: nil) == .duplicateCertificate(customerID: "alice"))
            // Another encoding of the same issuer and serial number.
            var reissued = cert(.authentication, "02")
            reissued.sha256 = "another-digest"
            let bySerial = customer("carol", at: 102, certificates: [reissued])
            #expect(
                try await store.registerCustomer(bySerial, matchKey: nil) == .duplicateCertificate(customerID: "alice"))
            // The same person with a new card.
            let again = customer("dave", at: 103, certificates: [cert(.signature, "21")])
            #expect(
                try await store.registerCustomer(again, matchKey: "key-alice") == .duplicatePerson(customerID: "alice"))
            // No match key matches nothing.
            let erin = customer("erin", at: 104, certificates: [cert(.signature, "31")])
            let frank = customer("frank", at: 105, certificates: [cert(.signature, "41")])
            #expect(try await store.registerCustomer(erin, matchKey: nil) == .stored)
            #expect(try await store.registerCustomer(frank, matchKey: nil) == .stored)
            for refused in ["bob", "carol", "dave"] { #expect(try await store.customer(id: refused) == nil) }
        }
    }

    @Test func concurrentRegistrationsOfOneCertificateStoreOne() async throws {
        try await withDatabase { store, _ in
            let shared = cert(.signature, "aa")
            // Twenty customers with one certificate, ten copies of one customer, ten cards of one
            // person: each race has one winner.
            let outcomes = try await withThrowingTaskGroup(of: (String, RegistrationOutcome).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let candidate = customer("c\(index)", at: 100, certificates: [shared])
                        return ("certificate", try await store.registerCustomer(candidate, matchKey: nil))
                    }
                }
                for _ in 0..<10 {
                    group.addTask {
                        let same = customer("same", at: 100, certificates: [cert(.signature, "bb")])
                        return ("customer", try await store.registerCustomer(same, matchKey: nil))
                    }
                }
                for index in 0..<10 {
                    group.addTask {
                        let card = customer("p\(index)", at: 100, certificates: [cert(.signature, "c\(index)")])
                        return ("person", try await store.registerCustomer(card, matchKey: "key-p"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let byCertificate = outcomes.filter { $0.0 == "certificate" }.map(\.1)
            #expect(byCertificate.filter { $0 == .stored }.count == 1)
            let owner = try #require(try await store.customer(certificateSHA256: shared.sha256)).id
            #expect(byCertificate.filter { $0 == .duplicateCertificate(customerID: owner) }.count == 19)

            let byCustomer = outcomes.filter { $0.0 == "customer" }.map(\.1)
            #expect(byCustomer.filter { $0 == .stored }.count == 1)
            #expect(byCustomer.filter { $0 == .duplicateCertificate(customerID: "same") }.count == 9)

            let byPerson = outcomes.filter { $0.0 == "person" }.map(\.1)
            #expect(byPerson.filter { $0 == .stored }.count == 1)
            let person = try #require(try await store.customers(matchKey: "key-p").first).id
            #expect(byPerson.filter { $0 == .duplicatePerson(customerID: person) }.count == 9)
            #expect(try await store.customers(matchKey: "key-p").count == 1)
        }
    }

    @Test func renewalReplacesTheActiveCertificatesOfItsPurposes() async throws {
        try await withDatabase { store, _ in
            let alice = customer("alice", at: 100, certificates: [cert(.signature, "01"), cert(.authentication, "02")])
            let bob = customer("bob", at: 100, certificates: [cert(.signature, "09")])
            #expect(try await store.registerCustomer(alice, matchKey: "key-old") == .stored)
            #expect(try await store.registerCustomer(bob, matchKey: nil) == .stored)
            let moved = BasicFourRecord(name: "Alice", sex: "female", birthDate: "1990-01-01", address: "Osaka")
            let card = [cert(.signature, "03", at: 200), cert(.authentication, "04", at: 200)]

            #expect(
                try await store.renewCustomer(
                    id: "nobody", certificates: card, basicFour: moved, matchKey: nil, at: 200)
                    == .unknownCustomer)
            #expect(
                try await store.renewCustomer(
                    id: "alice", certificates: [cert(.signature, "09", at: 200)], basicFour: moved, matchKey: nil,
                    at: 200) == .duplicateCertificate(customerID: "bob"))
            #expect(
                try await store.renewCustomer(
                    id: "alice", certificates: card, basicFour: moved, matchKey: "key-new", at: 200) == .stored)
            let renewed = try #require(try await store.customer(id: "alice"))
            #expect(renewed.basicFour == moved)
            #expect(renewed.certificates.map(\.serialNumber) == ["01", "02", "03", "04"])
            #expect(renewed.certificates.map(\.state) == [.replaced, .replaced, .active, .active])
            #expect(renewed.active(.signature)?.serialNumber == "03")
            #expect(try await store.customers(matchKey: "key-new").map(\.id) == ["alice"])
            #expect(try await store.customers(matchKey: "key-old").isEmpty)
            // Its own certificate again: refused.
            #expect(
                try await store.renewCustomer(
                    id: "alice", certificates: [card[0]], basicFour: moved, matchKey: nil, at: 300)
                    == .duplicateCertificate(customerID: "alice"))
            // A signature certificate alone: the authentication certificate stays active.
            #expect(
                try await store.renewCustomer(
                    id: "alice", certificates: [cert(.signature, "05", at: 300)], basicFour: moved, matchKey: "key-new",
                    at: 300) == .stored)
            let again = try #require(try await store.customer(id: "alice"))
            #expect(again.certificates.map(\.state) == [.replaced, .replaced, .replaced, .active, .active])
            #expect(again.active(.authentication)?.serialNumber == "04")
            #expect(again.active(.signature)?.serialNumber == "05")
        }
    }

    // MARK: Revocation

    @Test func revocationsReportOnlyActiveCertificatesAndOnlyOnce() async throws {
        try await withDatabase { store, _ in
            let alice = customer("alice", at: 100, certificates: [cert(.signature, "01"), cert(.authentication, "02")])
            #expect(try await store.registerCustomer(alice, matchKey: nil) == .stored)
            let card = [cert(.signature, "03", at: 200)]
            #expect(
                try await store.renewCustomer(
                    id: "alice", certificates: card, basicFour: alice.basicFour, matchKey: nil, at: 200) == .stored)
            // Another issuer's certificate with a serial number the CRL lists.
            let bob = customer("bob", at: 100, certificates: [cert(.signature, "03", issuer: "issuer-b")])
            #expect(try await store.registerCustomer(bob, matchKey: nil) == .stored)
            #expect(try await store.activeSerialNumbers(issuerKey: "issuer-a") == ["02", "03"])

            let entries = [
                RevokedSerial(serialNumber: "01", reason: "superseded", revokedAt: 250),  // replaced
                RevokedSerial(serialNumber: "03", reason: "affiliationChanged", revokedAt: 260),
                RevokedSerial(serialNumber: "ff", reason: "unspecified", revokedAt: 270),  // unknown
            ]
            #expect(try await store.latestRevocationSequence() == 0)
            let first = try await store.recordRevocations(
                issuerKey: "issuer-a", entries: entries, crl: "a.crl", at: 300)
            #expect(first.count == 1)
            let change = try #require(first.first)
            #expect(change.customerID == "alice")
            #expect(change.purpose == .signature)
            #expect(change.serialNumber == "03")
            #expect(change.certificateSHA256 == card[0].sha256)
            #expect(change.reason == "affiliationChanged")
            #expect(change.revokedAt == 260)
            #expect(change.detectedAt == 300)
            #expect(change.crl == "a.crl")
            // The next day's CRL lists them again: nothing new.
            #expect(
                try await store.recordRevocations(issuerKey: "issuer-a", entries: entries, crl: "b.crl", at: 400)
                    .isEmpty)
            let second = try await store.recordRevocations(
                issuerKey: "issuer-a",
                entries: [RevokedSerial(serialNumber: "02", reason: "keyCompromise", revokedAt: 450)],
                crl: "c.crl", at: 500)
            #expect(second.count == 1)
            #expect(try #require(second.first).sequence > change.sequence)

            let stored = try #require(try await store.customer(id: "alice"))
            #expect(stored.certificates.map(\.state) == [.replaced, .revoked, .revoked])
            #expect(stored.certificates[2].revocationReason == "affiliationChanged")
            #expect(stored.certificates[2].revokedAt == 260)
            #expect(stored.certificates[0].revocationReason == nil)
            #expect(try await store.customer(id: "bob")?.certificates.first?.state == .active)
            #expect(try await store.activeSerialNumbers(issuerKey: "issuer-a").isEmpty)
            #expect(try await store.activeSerialNumbers(issuerKey: "issuer-b") == ["03"])

            #expect(try await store.revocationChanges(after: 0, limit: 10) == first + second)
            #expect(try await store.revocationChanges(after: change.sequence, limit: 10) == second)
            #expect(try await store.revocationChanges(after: 0, limit: 1) == first)
            #expect(try await store.revocationChanges(detectedSince: 301, limit: 10) == second)
            #expect(try await store.revocationChanges(detectedSince: 0, limit: 10) == first + second)
            #expect(try await store.latestRevocationSequence() == second.last?.sequence)
        }
    }

    // MARK: Audit

    @Test func twoHundredConcurrentAppendsFormOneChain() async throws {
        try await withPostgresDatabase(instances: 2) { stores, _ in
            // Two instances, a hundred appends each, all at once.
            let store = try #require(stores.first)
            let records = try await withThrowingTaskGroup(of: AuditRecord.self) { group in
                for index in 0..<200 {
                    let instance = stores[index % stores.count]
                    group.addTask {
                        try await instance.appendAudit(
                            operation: "login", document: #"{"n":\#(index)}"#, at: 1_000 + Int64(index))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(records.map(\.sequence).sorted() == Array(1...200))
            let verification = try await AuditChainVerification.verify(store, pageSize: 64)
            #expect(verification.isIntact)
            #expect(verification.recordsChecked == 200)
            #expect(verification.headSequence == 200)
            let stored = try await store.auditRecords(from: 1, limit: 1_000)
            #expect(stored.map(\.sequence) == Array(1...200))
            #expect(verification.headHash == stored.last?.hash)
            #expect(Set(stored) == Set(records))
            #expect(try await store.auditRecords(from: 150, limit: 10).map(\.sequence) == Array(150...159))
        }
    }

    @Test func auditRowsCannotBeChangedAndAnEditIsFound() async throws {
        try await withDatabase { store, sql in
            for index in 1...5 {
                _ = try await store.appendAudit(operation: "op", document: "{\"n\":\(index)}", at: Int64(index))
            }
            for statement: PostgresQuery in [
                "UPDATE audit SET document = '{}' WHERE sequence = 3",
                "DELETE FROM audit WHERE sequence = 3",
                "TRUNCATE audit",
            ] {
                do {
                    _ = try await sql.query(statement).collect()
                    Issue.record("\(statement.sql) was not refused")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.message]?.contains("append-only") == true, "\(statement.sql)")
                }
            }
            #expect(try await AuditChainVerification.verify(store).isIntact)

            _ = try await sql.query("DROP TRIGGER audit_append_only ON audit").collect()
            _ = try await sql.query("UPDATE audit SET document = '{\"n\":33}' WHERE sequence = 3").collect()
            let verification = try await AuditChainVerification.verify(store)
            #expect(verification.firstBreak?.sequence == 3)
            #expect(verification.firstBreak?.problem == "hash-mismatch")
            #expect(verification.recordsChecked == 2)
        }
    }

    @Test func aDeletedRecordIsASequenceGap() async throws {
        try await withDatabase { store, sql in
            for index in 1...5 {
                _ = try await store.appendAudit(operation: "op", document: "{\"n\":\(index)}", at: Int64(index))
            }
            _ = try await sql.query("DROP TRIGGER audit_append_only ON audit").collect()
            _ = try await sql.query("DELETE FROM audit WHERE sequence = 3").collect()
            let verification = try await AuditChainVerification.verify(store)
            #expect(verification.firstBreak?.sequence == 3)
            #expect(verification.firstBreak?.problem == "sequence-gap")
        }
    }
}

/// The URL parsing needs no server.
@Suite("PostgresStore URL")
struct PostgresStoreURLTests {
    @Test func urlWithoutPasswordIsTheDescription() throws {
        let store = try PostgresPlatformStore.connect(
            url: "postgres://platform:s3cret@db.example:6543/jpki?sslmode=disable", logger: quietLogger)
        #expect(store.description == "postgres://platform@db.example:6543/jpki")
        #expect(!store.description.contains("s3cret"))
        let defaultPort = try PostgresPlatformStore.connect(url: "postgresql://platform@db/jpki", logger: quietLogger)
        #expect(defaultPort.description == "postgres://platform@db:5432/jpki")
        for bad in ["http://u@h/db", "postgres://h/db", "postgres://u@h/db?sslmode=require", "postgres://u@h/db?x=1"] {
            #expect(throws: PlatformStoreError.self, "\(bad)") {
                _ = try PostgresPlatformStore.connect(url: bad, logger: quietLogger)
            }
        }
    }
}

// MARK: Helpers

private func cert(
    _ purpose: JPKIPurposeName, _ serial: String, issuer: String = "issuer-a", at linkedAt: Int64 = 100
) -> CustomerCertificate {
    CustomerCertificate(
        purpose: purpose, issuerKey: issuer, serialNumber: serial, sha256: "sha256-\(issuer)-\(serial)",
        notAfter: 2_000_000_000, state: .active, linkedAt: linkedAt, revocationReason: nil, revokedAt: nil,
        der: Array("DER \(issuer) \(serial)".utf8) + [0, 0xFF])
}

private func customer(_ id: String, at time: Int64, certificates: [CustomerCertificate]) -> Customer {
    Customer(
        id: id, registeredAt: time,
        basicFour: BasicFourRecord(name: "Name \(id)", sex: "female", birthDate: "1990-01-01", address: "Tokyo"),
        certificates: certificates)
}

/// Runs `body` with a store on a new database of its own (migrated unless `migrated` is false)
/// and a client for statements of the test's own on that database; drops the database after.
private func withDatabase(
    migrated: Bool = true, _ body: (PostgresPlatformStore, PostgresClient) async throws -> Void
) async throws {
    try await withPostgresDatabase(instances: 1, migrated: migrated) { stores, sql in
        try await body(try #require(stores.first), sql)
    }
}
