import Foundation
import JPKIPlatform
import Logging
import NIOCore
import SQLiteNIO

/// The platform's state in one SQLite file (the default store: embedded, zero set-up).
///
/// One connection, in WAL mode, used by one operation at a time (``SerialAccess``): each
/// operation's statements run as one transaction, so a challenge is consumed once and the audit
/// chain has one head. For several instances, use the PostgreSQL store.
public final class SQLitePlatformStore: PlatformStore {
    /// The database file.
    public let path: String
    private let connection: SQLiteConnection
    private let access = SerialAccess()
    /// The newest audit record, once read (only touched under `access`).
    nonisolated(unsafe) private var auditHead: AuditRecord?

    public var description: String { "sqlite:\(path)" }

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = connection
    }

    /// Opens (or creates) the database at `path`; `:memory:` is a database in memory.
    public static func open(path: String, logger: Logger) async throws(PlatformStoreError) -> SQLitePlatformStore {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: path == ":memory:" ? .memory : .file(path: path), logger: logger)
        } catch {
            throw PlatformStoreError(operation: "open \(path)", detail: "\(error)")
        }
        let store = SQLitePlatformStore(path: path, connection: connection)
        try await store.execute("configure", "PRAGMA journal_mode=WAL")
        try await store.execute("configure", "PRAGMA synchronous=NORMAL")
        try await store.execute("configure", "PRAGMA foreign_keys=ON")
        try await store.execute("configure", "PRAGMA busy_timeout=5000")
        return store
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    // MARK: Schema

    /// The schema's versions, each a list of statements.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE challenges (id TEXT PRIMARY KEY, nonce BLOB NOT NULL, purpose TEXT NOT NULL,
                issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, consumed_at INTEGER)
            """,
            "CREATE INDEX challenges_expiry ON challenges(expires_at)",
            """
            CREATE TABLE customers (id TEXT PRIMARY KEY, registered_at INTEGER NOT NULL, basic_four TEXT NOT NULL,
                match_key TEXT)
            """,
            "CREATE INDEX customers_match_key ON customers(match_key)",
            """
            CREATE TABLE certificates (sha256 TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
                purpose TEXT NOT NULL, issuer_key TEXT NOT NULL, serial_number TEXT NOT NULL, not_after INTEGER NOT NULL,
                state TEXT NOT NULL, linked_at INTEGER NOT NULL, revocation_reason TEXT, revoked_at INTEGER,
                der BLOB NOT NULL, UNIQUE (issuer_key, serial_number))
            """,
            "CREATE INDEX certificates_customer ON certificates(customer_id)",
            """
            CREATE TABLE revocation_changes (sequence INTEGER PRIMARY KEY AUTOINCREMENT, detected_at INTEGER NOT NULL,
                customer_id TEXT NOT NULL, purpose TEXT NOT NULL, certificate_sha256 TEXT NOT NULL,
                serial_number TEXT NOT NULL, reason TEXT NOT NULL, revoked_at INTEGER NOT NULL, crl TEXT NOT NULL)
            """,
            "CREATE INDEX revocation_changes_detected ON revocation_changes(detected_at)",
            """
            CREATE TABLE audit (sequence INTEGER PRIMARY KEY, recorded_at INTEGER NOT NULL, operation TEXT NOT NULL,
                document TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            """
            CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
            """,
            """
            CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
            """,
        ]
    ]

    public func migrate() async throws(PlatformStoreError) -> Int {
        try await transaction("migrate") { () throws(PlatformStoreError) in
            try await execute("migrate", "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            let rows = try await query("migrate", "SELECT MAX(version) AS version FROM schema_version")
            let current = Int(rows.first?.column("version")?.integer ?? 0)
            guard current <= Self.migrations.count else {
                throw PlatformStoreError(
                    operation: "migrate",
                    detail:
                        "the database's schema is version \(current), newer than this build's \(Self.migrations.count): run a newer jpki-platform"
                )
            }
            for version in current..<Self.migrations.count {
                for statement in Self.migrations[version] {
                    try await execute("migrate to version \(version + 1)", statement)
                }
                try await execute("migrate", "INSERT INTO schema_version (version) VALUES (?)", [.integer(version + 1)])
            }
            return Self.migrations.count
        }
    }

    public func ping() async throws(PlatformStoreError) {
        _ = try await access.run { () throws(PlatformStoreError) in try await query("ping", "SELECT 1") }
    }

    // MARK: Challenges

    public func insertChallenge(_ challenge: Challenge) async throws(PlatformStoreError) {
        try await access.run { () throws(PlatformStoreError) in
            try await execute(
                "insert challenge",
                "INSERT INTO challenges (id, nonce, purpose, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(challenge.id), .blob(ByteBuffer(bytes: challenge.nonce)), .text(challenge.purpose.rawValue),
                    .integer(Int(challenge.issuedAt)), .integer(Int(challenge.expiresAt)),
                ])
        }
    }

    public func consumeChallenge(id: String, at now: Int64) async throws(PlatformStoreError) -> ChallengeConsumption {
        // One statement, atomic on its own: the first presentation marks the challenge used.
        try await access.run { () throws(PlatformStoreError) in
            let rows = try await query(
                "consume challenge",
                """
                UPDATE challenges SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL
                RETURNING id, nonce, purpose, issued_at, expires_at
                """, [.integer(Int(now)), .text(id)])
            if let row = rows.first {
                return .consumed(try Self.challenge(row))
            }
            // Not marked now: it was used before, or never issued (a used challenge stays used).
            let existing = try await query(
                "consume challenge", "SELECT 1 AS found FROM challenges WHERE id = ?", [.text(id)])
            return existing.isEmpty ? .unknown : .alreadyUsed
        }
    }

    public func deleteChallenges(expiredBefore cutoff: Int64) async throws(PlatformStoreError) -> Int {
        try await access.run { () throws(PlatformStoreError) in
            let rows = try await query(
                "delete expired challenges", "DELETE FROM challenges WHERE expires_at < ? RETURNING id",
                [.integer(Int(cutoff))])
            return rows.count
        }
    }

    // MARK: Customers

    public func registerCustomer(_ customer: Customer, matchKey: String?) async throws(PlatformStoreError)
        -> RegistrationOutcome
    {
        try await transaction("register customer") { () throws(PlatformStoreError) in
            if let owner = try await owner(of: customer.certificates) {
                return .duplicateCertificate(customerID: owner)
            }
            if let matchKey {
                let rows = try await query(
                    "register customer", "SELECT id FROM customers WHERE match_key = ? LIMIT 1", [.text(matchKey)])
                if let id = rows.first?.column("id")?.string { return .duplicatePerson(customerID: id) }
            }
            try await execute(
                "register customer",
                "INSERT INTO customers (id, registered_at, basic_four, match_key) VALUES (?, ?, ?, ?)",
                [
                    .text(customer.id), .integer(Int(customer.registeredAt)), .text(try Self.json(customer.basicFour)),
                    matchKey.map(SQLiteData.text) ?? .null,
                ])
            for certificate in customer.certificates {
                try await insert(certificate, customerID: customer.id)
            }
            return .stored
        }
    }

    public func customer(id: String) async throws(PlatformStoreError) -> Customer? {
        try await access.run { () throws(PlatformStoreError) in try await loadCustomer(id) }
    }

    public func customer(certificateSHA256 sha256: String) async throws(PlatformStoreError) -> Customer? {
        try await access.run { () throws(PlatformStoreError) in
            let rows = try await query(
                "find customer by certificate", "SELECT customer_id FROM certificates WHERE sha256 = ?", [.text(sha256)]
            )
            guard let id = rows.first?.column("customer_id")?.string else { return nil }
            return try await loadCustomer(id)
        }
    }

    public func customers(matchKey: String) async throws(PlatformStoreError) -> [Customer] {
        try await access.run { () throws(PlatformStoreError) in
            let rows = try await query(
                "find customers by match key", "SELECT id FROM customers WHERE match_key = ? ORDER BY registered_at",
                [.text(matchKey)])
            var customers: [Customer] = []
            for row in rows {
                if let id = row.column("id")?.string, let customer = try await loadCustomer(id) {
                    customers.append(customer)
                }
            }
            return customers
        }
    }

    public func renewCustomer(
        id: String, certificates: [CustomerCertificate], basicFour: BasicFourRecord, matchKey: String?, at now: Int64
    ) async throws(PlatformStoreError) -> RegistrationOutcome {
        try await transaction("renew customer") { () throws(PlatformStoreError) in
            let exists = try await query("renew customer", "SELECT id FROM customers WHERE id = ?", [.text(id)])
            guard !exists.isEmpty else { return .unknownCustomer }
            if let owner = try await owner(of: certificates) { return .duplicateCertificate(customerID: owner) }
            for purpose in Set(certificates.map(\.purpose)) {
                try await execute(
                    "renew customer",
                    "UPDATE certificates SET state = 'replaced' WHERE customer_id = ? AND purpose = ? AND state = 'active'",
                    [.text(id), .text(purpose.rawValue)])
            }
            for certificate in certificates {
                try await insert(certificate, customerID: id)
            }
            try await execute(
                "renew customer", "UPDATE customers SET basic_four = ?, match_key = ? WHERE id = ?",
                [.text(try Self.json(basicFour)), matchKey.map(SQLiteData.text) ?? .null, .text(id)])
            return .stored
        }
    }

    // MARK: Revocation

    public func recordRevocations(issuerKey: String, entries: [RevokedSerial], crl: String, at now: Int64)
        async throws(PlatformStoreError) -> [RevocationChange]
    {
        try await transaction("record revocations") { () throws(PlatformStoreError) in
            var changes: [RevocationChange] = []
            for entry in entries {
                let rows = try await query(
                    "record revocations",
                    """
                    UPDATE certificates SET state = 'revoked', revocation_reason = ?, revoked_at = ?
                    WHERE issuer_key = ? AND serial_number = ? AND state = 'active'
                    RETURNING customer_id, purpose, sha256
                    """,
                    [.text(entry.reason), .integer(Int(entry.revokedAt)), .text(issuerKey), .text(entry.serialNumber)])
                guard let row = rows.first, let customerID = row.column("customer_id")?.string,
                    let purpose = row.column("purpose")?.string.flatMap(JPKIPurposeName.init(rawValue:)),
                    let sha256 = row.column("sha256")?.string
                else { continue }
                let inserted = try await query(
                    "record revocations",
                    """
                    INSERT INTO revocation_changes (detected_at, customer_id, purpose, certificate_sha256, serial_number,
                        reason, revoked_at, crl) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING sequence
                    """,
                    [
                        .integer(Int(now)), .text(customerID), .text(purpose.rawValue), .text(sha256),
                        .text(entry.serialNumber), .text(entry.reason), .integer(Int(entry.revokedAt)), .text(crl),
                    ])
                let sequence = Int64(inserted.first?.column("sequence")?.integer ?? 0)
                changes.append(
                    RevocationChange(
                        sequence: sequence, detectedAt: now, customerID: customerID, purpose: purpose,
                        certificateSHA256: sha256, serialNumber: entry.serialNumber, reason: entry.reason,
                        revokedAt: entry.revokedAt, crl: crl))
            }
            return changes
        }
    }

    public func activeSerialNumbers(issuerKey: String) async throws(PlatformStoreError) -> [String] {
        try await access.run { () throws(PlatformStoreError) in
            try await query(
                "list active serial numbers",
                "SELECT serial_number FROM certificates WHERE issuer_key = ? AND state = 'active'", [.text(issuerKey)]
            ).compactMap { $0.column("serial_number")?.string }
        }
    }

    public func revocationChanges(after: Int64, limit: Int) async throws(PlatformStoreError) -> [RevocationChange] {
        try await access.run { () throws(PlatformStoreError) in
            try await query(
                "list revocation changes",
                "SELECT * FROM revocation_changes WHERE sequence > ? ORDER BY sequence LIMIT ?",
                [.integer(Int(after)), .integer(limit)]
            ).map(Self.change)
        }
    }

    public func revocationChanges(detectedSince time: Int64, limit: Int) async throws(PlatformStoreError)
        -> [RevocationChange]
    {
        try await access.run { () throws(PlatformStoreError) in
            try await query(
                "list revocation changes",
                "SELECT * FROM revocation_changes WHERE detected_at >= ? ORDER BY sequence LIMIT ?",
                [.integer(Int(time)), .integer(limit)]
            ).map(Self.change)
        }
    }

    public func latestRevocationSequence() async throws(PlatformStoreError) -> Int64 {
        try await access.run { () throws(PlatformStoreError) in
            let rows = try await query(
                "read the latest revocation change",
                "SELECT COALESCE(MAX(sequence), 0) AS latest FROM revocation_changes")
            return Int64(rows.first?.column("latest")?.integer ?? 0)
        }
    }

    // MARK: Audit

    public func appendAudit(operation: String, document: String, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord
    {
        try await access.run { () throws(PlatformStoreError) in
            // The head is read once, then kept: this store is the file's only writer (one
            // connection, every operation under `access`). Were another process to append,
            // the insert's sequence would collide: the head is read again and the append retried.
            for attempt in 0..<2 {
                let previous: AuditRecord?
                if attempt == 0, let cached = auditHead {
                    previous = cached
                } else {
                    let last = try await query(
                        "append audit record", "SELECT * FROM audit ORDER BY sequence DESC LIMIT 1")
                    previous = try last.first.map(Self.auditRecord)
                }
                let record = AuditRecord.next(after: previous, operation: operation, document: document, at: now)
                do throws(PlatformStoreError) {
                    try await execute(
                        "append audit record",
                        """
                        INSERT INTO audit (sequence, recorded_at, operation, document, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .integer(Int(record.sequence)), .integer(Int(record.recordedAt)), .text(record.operation),
                            .text(record.document), .text(record.previousHash), .text(record.hash),
                        ])
                    auditHead = record
                    return record
                } catch {
                    auditHead = nil
                    if attempt == 1 { throw error }
                }
            }
            throw PlatformStoreError(operation: "append audit record", detail: "the chain's head kept moving")
        }
    }

    public func auditRecords(from: Int64, limit: Int) async throws(PlatformStoreError) -> [AuditRecord] {
        try await access.run { () throws(PlatformStoreError) in
            try await query(
                "read audit records", "SELECT * FROM audit WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                [.integer(Int(from)), .integer(limit)]
            ).map(Self.auditRecord)
        }
    }

    // MARK: Support

    /// Runs `body` alone on the connection, in one transaction (committed when it returns,
    /// rolled back when it throws).
    private func transaction<T: Sendable>(
        _ operation: String, _ body: @Sendable () async throws(PlatformStoreError) -> T
    )
        async throws(PlatformStoreError) -> T
    {
        try await access.run { () throws(PlatformStoreError) in
            try await execute(operation, "BEGIN IMMEDIATE")
            do throws(PlatformStoreError) {
                let value = try await body()
                try await execute(operation, "COMMIT")
                return value
            } catch {
                try? await execute(operation, "ROLLBACK")
                throw error
            }
        }
    }

    private func query(_ operation: String, _ sql: String, _ binds: [SQLiteData] = []) async throws(PlatformStoreError)
        -> [SQLiteRow]
    {
        do {
            return try await connection.query(sql, binds)
        } catch {
            throw PlatformStoreError(operation: operation, detail: "\(error)")
        }
    }

    private func execute(_ operation: String, _ sql: String, _ binds: [SQLiteData] = [])
        async throws(PlatformStoreError)
    {
        _ = try await query(operation, sql, binds)
    }

    /// The customer owning any of `certificates` (by SHA-256, or issuer and serial number).
    private func owner(of certificates: [CustomerCertificate]) async throws(PlatformStoreError) -> String? {
        for certificate in certificates {
            let rows = try await query(
                "find certificate owner",
                "SELECT customer_id FROM certificates WHERE sha256 = ? OR (issuer_key = ? AND serial_number = ?) LIMIT 1",
                [.text(certificate.sha256), .text(certificate.issuerKey), .text(certificate.serialNumber)])
            if let owner = rows.first?.column("customer_id")?.string { return owner }
        }
        return nil
    }

    private func insert(_ certificate: CustomerCertificate, customerID: String) async throws(PlatformStoreError) {
        try await execute(
            "link certificate",
            """
            INSERT INTO certificates (sha256, customer_id, purpose, issuer_key, serial_number, not_after, state, linked_at,
                revocation_reason, revoked_at, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(certificate.sha256), .text(customerID), .text(certificate.purpose.rawValue),
                .text(certificate.issuerKey), .text(certificate.serialNumber), .integer(Int(certificate.notAfter)),
                .text(certificate.state.rawValue), .integer(Int(certificate.linkedAt)),
                certificate.revocationReason.map(SQLiteData.text) ?? .null,
                certificate.revokedAt.map { .integer(Int($0)) } ?? .null, .blob(ByteBuffer(bytes: certificate.der)),
            ])
    }

    private func loadCustomer(_ id: String) async throws(PlatformStoreError) -> Customer? {
        let rows = try await query("read customer", "SELECT * FROM customers WHERE id = ?", [.text(id)])
        guard let row = rows.first else { return nil }
        let certificates = try await query(
            "read customer", "SELECT * FROM certificates WHERE customer_id = ? ORDER BY linked_at, rowid", [.text(id)])
        guard let registeredAt = row.column("registered_at")?.integer, let basicFour = row.column("basic_four")?.string
        else { throw PlatformStoreError(operation: "read customer \(id)", detail: "a column is missing") }
        return Customer(
            id: id, registeredAt: Int64(registeredAt), basicFour: try Self.decode(basicFour),
            certificates: try certificates.map(Self.certificate))
    }

    private static func json(_ value: some Encodable) throws(PlatformStoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PlatformStoreError(operation: "encode", detail: "\(error)")
        }
    }

    private static func decode<T: Decodable>(_ text: String) throws(PlatformStoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw PlatformStoreError(operation: "decode", detail: "\(error)")
        }
    }

    private static func missing(_ table: String, _ column: String) -> PlatformStoreError {
        PlatformStoreError(operation: "read \(table)", detail: "column \(column) missing or of the wrong type")
    }

    private static func text(_ row: SQLiteRow, _ table: String, _ column: String) throws(PlatformStoreError) -> String {
        guard let value = row.column(column)?.string else { throw missing(table, column) }
        return value
    }

    private static func integer(_ row: SQLiteRow, _ table: String, _ column: String) throws(PlatformStoreError) -> Int64
    {
        guard let value = row.column(column)?.integer else { throw missing(table, column) }
        return Int64(value)
    }

    private static func bytes(_ row: SQLiteRow, _ table: String, _ column: String) throws(PlatformStoreError) -> [UInt8]
    {
        guard case .blob(let buffer) = row.column(column) else { throw missing(table, column) }
        return Array(buffer.readableBytesView)
    }

    private static func challenge(_ row: SQLiteRow) throws(PlatformStoreError) -> Challenge {
        let purposeText = try text(row, "challenges", "purpose")
        guard let purpose = ChallengePurpose(rawValue: purposeText) else { throw missing("challenges", "purpose") }
        return Challenge(
            id: try text(row, "challenges", "id"), nonce: try bytes(row, "challenges", "nonce"), purpose: purpose,
            issuedAt: try integer(row, "challenges", "issued_at"),
            expiresAt: try integer(row, "challenges", "expires_at"))
    }

    private static func certificate(_ row: SQLiteRow) throws(PlatformStoreError) -> CustomerCertificate {
        guard let purpose = JPKIPurposeName(rawValue: try text(row, "certificates", "purpose")) else {
            throw missing("certificates", "purpose")
        }
        guard let state = CertificateState(rawValue: try text(row, "certificates", "state")) else {
            throw missing("certificates", "state")
        }
        return CustomerCertificate(
            purpose: purpose, issuerKey: try text(row, "certificates", "issuer_key"),
            serialNumber: try text(row, "certificates", "serial_number"),
            sha256: try text(row, "certificates", "sha256"),
            notAfter: try integer(row, "certificates", "not_after"), state: state,
            linkedAt: try integer(row, "certificates", "linked_at"),
            revocationReason: row.column("revocation_reason")?.string,
            revokedAt: row.column("revoked_at")?.integer.map(Int64.init), der: try bytes(row, "certificates", "der"))
    }

    private static func change(_ row: SQLiteRow) throws(PlatformStoreError) -> RevocationChange {
        guard let purpose = JPKIPurposeName(rawValue: try text(row, "revocation_changes", "purpose")) else {
            throw missing("revocation_changes", "purpose")
        }
        return RevocationChange(
            sequence: try integer(row, "revocation_changes", "sequence"),
            detectedAt: try integer(row, "revocation_changes", "detected_at"),
            customerID: try text(row, "revocation_changes", "customer_id"), purpose: purpose,
            certificateSHA256: try text(row, "revocation_changes", "certificate_sha256"),
            serialNumber: try text(row, "revocation_changes", "serial_number"),
            reason: try text(row, "revocation_changes", "reason"),
            revokedAt: try integer(row, "revocation_changes", "revoked_at"),
            crl: try text(row, "revocation_changes", "crl"))
    }

    private static func auditRecord(_ row: SQLiteRow) throws(PlatformStoreError) -> AuditRecord {
        AuditRecord(
            sequence: try integer(row, "audit", "sequence"), recordedAt: try integer(row, "audit", "recorded_at"),
            operation: try text(row, "audit", "operation"), document: try text(row, "audit", "document"),
            previousHash: try text(row, "audit", "previous_hash"), hash: try text(row, "audit", "hash"))
    }
}
