import Foundation
import JPKIPlatform
import PostgresNIO

/// The platform's storage on PostgreSQL, for several instances sharing one database.
///
/// Queries go through PostgresNIO's `PostgresClient` and its connection pool, which works only
/// while ``run()`` runs: start it in a task (a task group beside the HTTP server, or a service of
/// the caller's service group) before the first query, and cancel that task to close the pool.
///
/// ```swift
/// let store = try PostgresPlatformStore.connect(url: "postgres://platform@db:5432/platform", logger: logger)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await store.run() }
///     _ = try await store.migrate()
///     // … serve …
///     group.cancelAll()
/// }
/// ```
///
/// What must hold across instances does so in the database: a challenge is consumed by one
/// conditional `UPDATE`; a certificate is linked once by the unique constraints on its SHA-256
/// and on its issuer and serial number; the audit chain, the revocation feed and the migrations
/// are each written under their own transaction-scoped advisory lock, so their sequence numbers
/// are given and committed in order.
public final class PostgresPlatformStore: PlatformStore {
    /// The database's URL without its password (`postgres://platform@db:5432/platform`).
    public let description: String
    private let client: PostgresClient
    private let logger: Logger

    /// A store on the database `configuration` names; `description` is what logs and the
    /// readiness check show of it (no password). Call ``run()`` before the first query.
    public init(configuration: PostgresClient.Configuration, description: String, logger: Logger) {
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.description = description
        self.logger = logger
    }

    /// A store on the database at `url`: `postgres://user[:password]@host[:port]/database`
    /// (`postgresql://` too; the port defaults to 5432; user, password and database
    /// percent-decoded). Connections are not encrypted: the only `sslmode` accepted is `disable`
    /// (and `allow` or `prefer`, which plain connections satisfy). At most `maximumConnections`
    /// connections are open at once. Connects nothing yet: call ``run()``, then
    /// ``migrate()``.
    public static func connect(url: String, logger: Logger, maximumConnections: Int = 20)
        throws(PlatformStoreError) -> PostgresPlatformStore
    {
        let parsed = try ConnectionURL(url)
        var configuration = PostgresClient.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password,
            database: parsed.database, tls: .disable)
        configuration.options.maximumConnections = max(1, maximumConnections)
        return PostgresPlatformStore(configuration: configuration, description: parsed.description, logger: logger)
    }

    /// Runs the connection pool until the calling task is cancelled. Queries wait for it: run
    /// it in a task of its own for the store's whole life.
    public func run() async {
        await client.run()
    }

    // MARK: Schema

    /// The schema versions, each a list of statements, applied in order; version `n` is
    /// `migrations[n - 1]`. Never edit one that was released: append a version.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE challenges (
                id TEXT PRIMARY KEY,
                nonce BYTEA NOT NULL,
                purpose TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                consumed_at BIGINT
            )
            """,
            "CREATE INDEX challenges_expires_at ON challenges (expires_at)",
            """
            CREATE TABLE customers (
                id TEXT PRIMARY KEY,
                registered_at BIGINT NOT NULL,
                basic_four TEXT NOT NULL,
                match_key TEXT
            )
            """,
            "CREATE INDEX customers_match_key ON customers (match_key)",
            // `ordinal` keeps the insertion order among certificates linked at the same second.
            """
            CREATE TABLE certificates (
                sha256 TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL REFERENCES customers (id),
                purpose TEXT NOT NULL,
                issuer_key TEXT NOT NULL,
                serial_number TEXT NOT NULL,
                not_after BIGINT NOT NULL,
                state TEXT NOT NULL,
                linked_at BIGINT NOT NULL,
                revocation_reason TEXT,
                revoked_at BIGINT,
                der BYTEA NOT NULL,
                ordinal BIGSERIAL NOT NULL,
                UNIQUE (issuer_key, serial_number)
            )
            """,
            "CREATE INDEX certificates_customer ON certificates (customer_id, linked_at, ordinal)",
            """
            CREATE TABLE revocation_changes (
                sequence BIGSERIAL PRIMARY KEY,
                detected_at BIGINT NOT NULL,
                customer_id TEXT NOT NULL,
                purpose TEXT NOT NULL,
                certificate_sha256 TEXT NOT NULL,
                serial_number TEXT NOT NULL,
                reason TEXT NOT NULL,
                revoked_at BIGINT NOT NULL,
                crl TEXT NOT NULL
            )
            """,
            "CREATE INDEX revocation_changes_detected_at ON revocation_changes (detected_at, sequence)",
            """
            CREATE TABLE audit (
                sequence BIGINT PRIMARY KEY,
                recorded_at BIGINT NOT NULL,
                operation TEXT NOT NULL,
                document TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            // The audit trail is append-only: rows are neither updated nor deleted, the table is
            // not truncated (whoever may drop the trigger can also edit rows: the hash chain
            // and a head kept elsewhere find that).
            """
            CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
                    USING ERRCODE = 'integrity_constraint_violation';
            END
            $$
            """,
            """
            CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION audit_append_only()
            """,
            """
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
            """,
        ]
    ]

    /// Advisory lock keys (transaction-scoped, per database): "JPKIMIGR", "JPKIAUDT", "JPKIREVO".
    private enum LockKey {
        static let migration: Int64 = 0x4A50_4B49_4D49_4752
        static let audit: Int64 = 0x4A50_4B49_4155_4454
        static let revocations: Int64 = 0x4A50_4B49_5245_564F
        /// The class of the two-key locks on a match key ("JPKI"); the second key is the match
        /// key's `hashtext`. The one- and two-key spaces do not overlap.
        static let person: Int32 = 0x4A50_4B49
    }

    /// Creates the tables on an empty database, or applies the versions it lacks, in one
    /// transaction under an advisory lock: instances starting together apply each version once.
    /// Refuses a database whose schema is newer than this build knows.
    public func migrate() async throws(PlatformStoreError) -> Int {
        let newest = Self.migrations.count
        let now = Int64(Date().timeIntervalSince1970)
        return try await transaction("migrate schema") { connection in
            try await self.execute("SELECT pg_advisory_xact_lock(\(LockKey.migration))", on: connection)
            try await self.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY,
                    applied_at BIGINT NOT NULL
                )
                """, on: connection)
            let rows = try await self.execute(
                "SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_version", on: connection)
            let current = try rows.first?.decode(Int64.self) ?? 0
            if current > Int64(newest) {
                throw PlatformStoreError(
                    operation: "migrate schema",
                    detail: "the database's schema version \(current) is newer than this build's \(newest)")
            }
            var version = Int(current)
            while version < newest {
                for statement in Self.migrations[version] {
                    try await self.execute(PostgresQuery(unsafeSQL: statement), on: connection)
                }
                version += 1
                try await self.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (\(version), \(now))", on: connection)
            }
            return newest
        }
    }

    /// Whether the database answers a query.
    public func ping() async throws(PlatformStoreError) {
        try await perform("ping") {
            _ = try await self.query("SELECT 1")
        }
    }

    // MARK: Challenges

    /// Keeps a newly issued challenge (an identifier already kept is an error).
    public func insertChallenge(_ challenge: Challenge) async throws(PlatformStoreError) {
        try await perform("insert challenge") {
            try await self.query(
                """
                INSERT INTO challenges (id, nonce, purpose, issued_at, expires_at)
                VALUES (\(challenge.id), \(ByteBuffer(bytes: challenge.nonce)), \(challenge.purpose.rawValue),
                        \(challenge.issuedAt), \(challenge.expiresAt))
                """)
        }
    }

    /// Marks the challenge used by one conditional `UPDATE`: of concurrent calls, on any
    /// instances, only one finds it unused. When none is updated, a second look tells an
    /// unknown challenge from a used one. An expired challenge is consumed like any other: the
    /// caller compares ``Challenge/expiresAt`` with its clock.
    public func consumeChallenge(id: String, at now: Int64) async throws(PlatformStoreError) -> ChallengeConsumption {
        try await perform("consume challenge") {
            let updated = try await self.query(
                """
                UPDATE challenges SET consumed_at = \(now) WHERE id = \(id) AND consumed_at IS NULL
                RETURNING id, nonce, purpose, issued_at, expires_at
                """)
            if let row = updated.first {
                let (id, nonce, purpose, issuedAt, expiresAt) = try row.decode(
                    (String, ByteBuffer, String, Int64, Int64).self)
                guard let purpose = ChallengePurpose(rawValue: purpose) else {
                    throw PlatformStoreError(
                        operation: "consume challenge", detail: "challenge \(id) has an unknown purpose '\(purpose)'")
                }
                return .consumed(
                    Challenge(
                        id: id, nonce: Array(nonce.readableBytesView), purpose: purpose, issuedAt: issuedAt,
                        expiresAt: expiresAt))
            }
            let existing = try await self.query("SELECT 1 FROM challenges WHERE id = \(id)")
            return existing.isEmpty ? .unknown : .alreadyUsed
        }
    }

    /// Deletes the challenges whose time ended before `cutoff`, used or not; returns how many.
    public func deleteChallenges(expiredBefore cutoff: Int64) async throws(PlatformStoreError) -> Int {
        try await perform("delete expired challenges") {
            let rows = try await self.query(
                """
                WITH deleted AS (DELETE FROM challenges WHERE expires_at < \(cutoff) RETURNING 1)
                SELECT COUNT(*) FROM deleted
                """)
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
    }

    // MARK: Customers

    /// Creates `customer` with its certificates in one transaction. A certificate linked to
    /// anyone (by SHA-256, or by issuer and serial number) gives
    /// ``RegistrationOutcome/duplicateCertificate(customerID:)`` of its owner; else a customer
    /// with the same non-nil `matchKey` gives ``RegistrationOutcome/duplicatePerson(customerID:)``.
    /// Registrations with one match key wait for each other (an advisory lock on it); two
    /// registrations of one certificate race on the unique constraints, and the loser, refused
    /// with a unique violation, reads the winner back: exactly one is stored.
    public func registerCustomer(_ customer: Customer, matchKey: String?) async throws(PlatformStoreError)
        -> RegistrationOutcome
    {
        let operation = "register customer"
        do {
            return try await client.withTransaction(logger: logger) { connection -> RegistrationOutcome in
                if let matchKey {
                    try await self.execute(
                        "SELECT pg_advisory_xact_lock(\(LockKey.person), hashtext(\(matchKey)))", on: connection)
                }
                if let owner = try await self.owner(of: customer.certificates, on: connection) {
                    return .duplicateCertificate(customerID: owner)
                }
                if let matchKey {
                    let rows = try await self.execute(
                        """
                        SELECT id FROM customers WHERE match_key = \(matchKey) ORDER BY registered_at, id LIMIT 1
                        """, on: connection)
                    if let existing = try rows.first?.decode(String.self) {
                        return .duplicatePerson(customerID: existing)
                    }
                }
                try await self.execute(
                    """
                    INSERT INTO customers (id, registered_at, basic_four, match_key)
                    VALUES (\(customer.id), \(customer.registeredAt), \(try Self.json(customer.basicFour)), \(matchKey))
                    """, on: connection)
                try await self.insert(customer.certificates, customerID: customer.id, on: connection)
                return RegistrationOutcome.stored
            }
        } catch {
            guard Self.isUniqueViolation(error) else { throw Self.storeError(operation, error) }
        }
        // Another registration linked a certificate (or took the identifier) first and has
        // committed: the violation is raised only after its commit.
        let owner = try await perform(operation) {
            try await self.client.withConnection { connection in
                try await self.owner(of: customer.certificates, on: connection)
            }
        }
        guard let owner else {
            throw PlatformStoreError(
                operation: operation,
                detail:
                    "customer \(customer.id) or one of its certificates exists, but no certificate's owner was found")
        }
        return .duplicateCertificate(customerID: owner)
    }

    /// The customer with identifier `id`, with every certificate (by linking time, then
    /// insertion), read in one statement.
    public func customer(id: String) async throws(PlatformStoreError) -> Customer? {
        try await perform("read customer") {
            try await self.customers(where: "c.id = \(id)").first
        }
    }

    /// The customer a certificate (by its SHA-256) is linked to, with every certificate.
    public func customer(certificateSHA256: String) async throws(PlatformStoreError) -> Customer? {
        try await perform("read customer by certificate") {
            try await self.customers(
                where: "c.id = (SELECT customer_id FROM certificates WHERE sha256 = \(certificateSHA256))"
            ).first
        }
    }

    /// The customers whose match key is `matchKey`, oldest registration first, with every
    /// certificate.
    public func customers(matchKey: String) async throws(PlatformStoreError) -> [Customer] {
        try await perform("read customers by match key") {
            try await self.customers(where: "c.match_key = \(matchKey)")
        }
    }

    /// In one transaction: an unknown `id` gives ``RegistrationOutcome/unknownCustomer``; a
    /// certificate linked to anyone (this customer included) gives
    /// ``RegistrationOutcome/duplicateCertificate(customerID:)`` of its owner; else the
    /// customer's active certificates of the purposes `certificates` has become
    /// ``CertificateState/replaced``, `certificates` are linked as given (their ``CustomerCertificate/linkedAt``
    /// is kept), and the basic 4 information and match key are replaced. The customer's row is
    /// locked for the transaction: renewals of one customer run one after the other.
    public func renewCustomer(
        id: String, certificates: [CustomerCertificate], basicFour: BasicFourRecord, matchKey: String?, at now: Int64
    ) async throws(PlatformStoreError) -> RegistrationOutcome {
        let operation = "renew customer"
        do {
            return try await client.withTransaction(logger: logger) { connection -> RegistrationOutcome in
                let found = try await self.execute(
                    "SELECT id FROM customers WHERE id = \(id) FOR UPDATE", on: connection)
                if found.isEmpty { return .unknownCustomer }
                if let owner = try await self.owner(of: certificates, on: connection) {
                    return .duplicateCertificate(customerID: owner)
                }
                let purposes = Array(Set(certificates.map(\.purpose.rawValue))).sorted()
                try await self.execute(
                    """
                    UPDATE certificates SET state = \(CertificateState.replaced.rawValue)
                    WHERE customer_id = \(id) AND state = \(CertificateState.active.rawValue)
                        AND purpose = ANY(\(purposes))
                    """, on: connection)
                try await self.insert(certificates, customerID: id, on: connection)
                try await self.execute(
                    """
                    UPDATE customers SET basic_four = \(try Self.json(basicFour)), match_key = \(matchKey)
                    WHERE id = \(id)
                    """, on: connection)
                return RegistrationOutcome.stored
            }
        } catch {
            guard Self.isUniqueViolation(error) else { throw Self.storeError(operation, error) }
        }
        let owner = try await perform(operation) {
            try await self.client.withConnection { connection in
                try await self.owner(of: certificates, on: connection)
            }
        }
        guard let owner else {
            throw PlatformStoreError(
                operation: operation,
                detail: "a certificate of the renewal of \(id) exists, but its owner was not found")
        }
        return .duplicateCertificate(customerID: owner)
    }

    // MARK: Revocation

    /// In one transaction, under an advisory lock (so the feed's sequence numbers are committed
    /// in order): the certificates of issuer `issuerKey` that `entries` lists and that are
    /// ``CertificateState/active`` become ``CertificateState/revoked`` with the entry's reason
    /// and time, and a change is appended for each. A revoked or replaced certificate is left
    /// as it is and not reported. Returns the changes in the order of `entries`.
    public func recordRevocations(issuerKey: String, entries: [RevokedSerial], crl: String, at now: Int64)
        async throws(PlatformStoreError) -> [RevocationChange]
    {
        if entries.isEmpty { return [] }
        let serials = entries.map(\.serialNumber)
        let reasons = entries.map(\.reason)
        let times = entries.map(\.revokedAt)
        return try await transaction("record revocations") { connection in
            try await self.execute("SELECT pg_advisory_xact_lock(\(LockKey.revocations))", on: connection)
            // One statement: the listed serials, in order; the first entry of a serial listed
            // twice wins.
            let rows = try await self.execute(
                """
                WITH listed AS (
                    SELECT DISTINCT ON (e.serial_number) e.serial_number, e.reason, e.revoked_at, e.entry_index
                    FROM unnest(\(serials)::TEXT[], \(reasons)::TEXT[], \(times)::BIGINT[])
                        WITH ORDINALITY AS e(serial_number, reason, revoked_at, entry_index)
                    ORDER BY e.serial_number, e.entry_index
                ), revoked AS (
                    UPDATE certificates AS c
                    SET state = \(CertificateState.revoked.rawValue), revocation_reason = listed.reason,
                        revoked_at = listed.revoked_at
                    FROM listed
                    WHERE c.issuer_key = \(issuerKey) AND c.serial_number = listed.serial_number
                        AND c.state = \(CertificateState.active.rawValue)
                    RETURNING c.customer_id, c.purpose, c.sha256, c.serial_number, listed.reason,
                        listed.revoked_at, listed.entry_index
                )
                INSERT INTO revocation_changes
                    (detected_at, customer_id, purpose, certificate_sha256, serial_number, reason, revoked_at, crl)
                SELECT \(now), customer_id, purpose, sha256, serial_number, reason, revoked_at, \(crl)
                FROM revoked ORDER BY entry_index
                RETURNING sequence, detected_at, customer_id, purpose, certificate_sha256, serial_number, reason,
                    revoked_at, crl
                """, on: connection)
            return try rows.map(Self.revocationChange).sorted { $0.sequence < $1.sequence }
        }
    }

    /// The serial numbers of the active certificates of issuer `issuerKey`, ascending.
    public func activeSerialNumbers(issuerKey: String) async throws(PlatformStoreError) -> [String] {
        try await perform("read active serial numbers") {
            let rows = try await self.query(
                """
                SELECT serial_number FROM certificates
                WHERE issuer_key = \(issuerKey) AND state = \(CertificateState.active.rawValue)
                ORDER BY serial_number
                """)
            return try rows.map { try $0.decode(String.self) }
        }
    }

    /// The revocation changes after sequence number `after`, oldest first, at most `limit`.
    public func revocationChanges(after: Int64, limit: Int) async throws(PlatformStoreError) -> [RevocationChange] {
        try await perform("read revocation changes") {
            let rows = try await self.query(
                """
                SELECT \(unescaped: Self.revocationColumns) FROM revocation_changes
                WHERE sequence > \(after) ORDER BY sequence LIMIT \(Int64(max(0, limit)))
                """)
            return try rows.map(Self.revocationChange)
        }
    }

    /// The revocation changes detected at or after `time`, oldest first, at most `limit`.
    public func revocationChanges(detectedSince time: Int64, limit: Int) async throws(PlatformStoreError)
        -> [RevocationChange]
    {
        try await perform("read revocation changes") {
            let rows = try await self.query(
                """
                SELECT \(unescaped: Self.revocationColumns) FROM revocation_changes
                WHERE detected_at >= \(time) ORDER BY sequence LIMIT \(Int64(max(0, limit)))
                """)
            return try rows.map(Self.revocationChange)
        }
    }

    /// The sequence number of the newest revocation change, 0 when there is none.
    public func latestRevocationSequence() async throws(PlatformStoreError) -> Int64 {
        try await perform("read the latest revocation change") {
            let rows = try await self.query("SELECT COALESCE(MAX(sequence), 0)::BIGINT FROM revocation_changes")
            return try rows.first?.decode(Int64.self) ?? 0
        }
    }

    // MARK: Audit

    /// Appends a record in one transaction under an advisory lock: the last record is read,
    /// the next one built on it and inserted, and the lock is held until the commit, so every
    /// instance's appends form one chain without gaps.
    public func appendAudit(operation: String, document: String, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord
    {
        try await transaction("append audit record") { connection in
            try await self.execute("SELECT pg_advisory_xact_lock(\(LockKey.audit))", on: connection)
            let last = try await self.execute(
                "SELECT \(unescaped: Self.auditColumns) FROM audit ORDER BY sequence DESC LIMIT 1", on: connection)
            let record = AuditRecord.next(
                after: try last.first.map(Self.auditRecord), operation: operation, document: document, at: now)
            try await self.execute(
                """
                INSERT INTO audit (sequence, recorded_at, operation, document, previous_hash, hash)
                VALUES (\(record.sequence), \(record.recordedAt), \(record.operation), \(record.document),
                        \(record.previousHash), \(record.hash))
                """, on: connection)
            return record
        }
    }

    /// The audit records from sequence number `from` on, ascending, at most `limit`.
    public func auditRecords(from: Int64, limit: Int) async throws(PlatformStoreError) -> [AuditRecord] {
        try await perform("read audit records") {
            let rows = try await self.query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit
                WHERE sequence >= \(from) ORDER BY sequence LIMIT \(Int64(max(0, limit)))
                """)
            return try rows.map(Self.auditRecord)
        }
    }

    // MARK: Reading rows

    private static let auditColumns = "sequence, recorded_at, operation, document, previous_hash, hash"

    private static func auditRecord(_ row: PostgresRow) throws -> AuditRecord {
        let (sequence, recordedAt, operation, document, previousHash, hash) = try row.decode(
            (Int64, Int64, String, String, String, String).self)
        return AuditRecord(
            sequence: sequence, recordedAt: recordedAt, operation: operation, document: document,
            previousHash: previousHash, hash: hash)
    }

    private static let revocationColumns =
        "sequence, detected_at, customer_id, purpose, certificate_sha256, serial_number, reason, revoked_at, crl"

    private static func revocationChange(_ row: PostgresRow) throws -> RevocationChange {
        let (sequence, detectedAt, customerID, purpose, sha256, serialNumber, reason, revokedAt, crl) =
            try row.decode((Int64, Int64, String, String, String, String, String, Int64, String).self)
        return RevocationChange(
            sequence: sequence, detectedAt: detectedAt, customerID: customerID,
            purpose: try purposeName(purpose, "revocation change \(sequence)"), certificateSHA256: sha256,
            serialNumber: serialNumber, reason: reason, revokedAt: revokedAt, crl: crl)
    }

    private static func purposeName(_ value: String, _ what: String) throws -> JPKIPurposeName {
        guard let purpose = JPKIPurposeName(rawValue: value) else {
            throw PlatformStoreError(operation: "read row", detail: "\(what) has an unknown purpose '\(value)'")
        }
        return purpose
    }

    /// The customers `condition` (over `customers AS c`) selects, each with its certificates, in
    /// one statement (one snapshot: a concurrent renewal is seen whole or not at all).
    private func customers(where condition: PostgresQuery) async throws -> [Customer] {
        var query: PostgresQuery = """
            SELECT c.id, c.registered_at, c.basic_four, k.purpose, k.issuer_key, k.serial_number, k.sha256,
                k.not_after, k.state, k.linked_at, k.revocation_reason, k.revoked_at, k.der
            FROM customers AS c LEFT JOIN certificates AS k ON k.customer_id = c.id
            WHERE
            """
        query.sql += " " + condition.sql + " ORDER BY c.registered_at, c.id, k.linked_at, k.ordinal"
        query.binds = condition.binds
        var customers: [Customer] = []
        for row in try await self.query(query) {
            let (
                id, registeredAt, basicFour, purpose, issuerKey, serialNumber, sha256, notAfter, state, linkedAt,
                revocationReason, revokedAt, der
            ) = try row.decode(
                (
                    String, Int64, String, String?, String?, String?, String?, Int64?, String?, Int64?, String?,
                    Int64?, ByteBuffer?
                ).self)
            if customers.last?.id != id {
                let record = try JSONDecoder().decode(BasicFourRecord.self, from: Data(basicFour.utf8))
                customers.append(Customer(id: id, registeredAt: registeredAt, basicFour: record, certificates: []))
            }
            guard let purpose, let issuerKey, let serialNumber, let sha256, let notAfter, let state, let linkedAt,
                let der
            else { continue }
            guard let certificateState = CertificateState(rawValue: state) else {
                throw PlatformStoreError(
                    operation: "read customer", detail: "certificate \(sha256) has an unknown state '\(state)'")
            }
            customers[customers.count - 1].certificates.append(
                CustomerCertificate(
                    purpose: try Self.purposeName(purpose, "certificate \(sha256)"), issuerKey: issuerKey,
                    serialNumber: serialNumber, sha256: sha256, notAfter: notAfter, state: certificateState,
                    linkedAt: linkedAt, revocationReason: revocationReason, revokedAt: revokedAt,
                    der: Array(der.readableBytesView)))
        }
        return customers
    }

    // MARK: Writing rows

    /// The customer one of `certificates` is linked to (by SHA-256, or issuer and serial
    /// number), if any.
    private func owner(of certificates: [CustomerCertificate], on connection: PostgresConnection) async throws
        -> String?
    {
        if certificates.isEmpty { return nil }
        let rows = try await execute(
            """
            SELECT customer_id FROM certificates
            WHERE sha256 = ANY(\(certificates.map(\.sha256)))
                OR (issuer_key, serial_number) IN (
                    SELECT * FROM unnest(\(certificates.map(\.issuerKey))::TEXT[],
                        \(certificates.map(\.serialNumber))::TEXT[]))
            ORDER BY linked_at, ordinal LIMIT 1
            """, on: connection)
        return try rows.first?.decode(String.self)
    }

    private func insert(_ certificates: [CustomerCertificate], customerID: String, on connection: PostgresConnection)
        async throws
    {
        for certificate in certificates {
            try await execute(
                """
                INSERT INTO certificates (sha256, customer_id, purpose, issuer_key, serial_number, not_after, state,
                    linked_at, revocation_reason, revoked_at, der)
                VALUES (\(certificate.sha256), \(customerID), \(certificate.purpose.rawValue),
                    \(certificate.issuerKey), \(certificate.serialNumber), \(certificate.notAfter),
                    \(certificate.state.rawValue), \(certificate.linkedAt), \(certificate.revocationReason),
                    \(certificate.revokedAt), \(ByteBuffer(bytes: certificate.der)))
                """, on: connection)
        }
    }

    private static func json(_ record: BasicFourRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    // MARK: Running queries

    /// Runs `query` on a pooled connection and reads every row (so that an error after the
    /// first row is thrown here).
    @discardableResult
    private func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs `query` on `connection` (in a transaction) and reads every row.
    @discardableResult
    private func execute(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// `body`, its failure a ``PlatformStoreError`` of `operation`.
    @discardableResult
    private func perform<Result>(_ operation: String, _ body: () async throws -> Result)
        async throws(PlatformStoreError) -> Result
    {
        do {
            return try await body()
        } catch {
            throw Self.storeError(operation, error)
        }
    }

    /// `body` in a transaction (rolled back when it throws), its failure a
    /// ``PlatformStoreError`` of `operation`.
    private func transaction<Result: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> Result
    ) async throws(PlatformStoreError) -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch {
            throw Self.storeError(operation, error)
        }
    }

    /// The error the transaction's failure came from (the statement's, the commit's …).
    private static func cause(_ error: any Error) -> any Error {
        if let failed = error as? PostgresTransactionError {
            if let cause = failed.closureError ?? failed.commitError ?? failed.beginError {
                return cause
            }
        }
        return error
    }

    /// Whether `error` is PostgreSQL's unique violation (SQLSTATE 23505).
    private static func isUniqueViolation(_ error: any Error) -> Bool {
        (cause(error) as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    /// `error` as a ``PlatformStoreError`` of `operation`, with the database's own message (not
    /// PSQLError's redacted description).
    static func storeError(_ operation: String, _ error: any Error) -> PlatformStoreError {
        let cause = cause(error)
        if let failure = cause as? PlatformStoreError { return failure }
        var detail: String
        if let failure = cause as? PSQLError {
            if let info = failure.serverInfo, let message = info[.message] {
                detail = message
                if let state = info[.sqlState] { detail += " (SQLSTATE \(state))" }
                if let more = info[.detail] { detail += ": " + more }
            } else {
                detail = "\(failure.code)"
                if let underlying = failure.underlying { detail += ": " + String(reflecting: underlying) }
            }
        } else {
            detail = String(reflecting: cause)
        }
        if let failed = error as? PostgresTransactionError, let rollback = failed.rollbackError {
            detail += "; the rollback failed too: " + storeError(operation, rollback).detail
        }
        return PlatformStoreError(operation: operation, detail: detail)
    }
}

/// The parts of a `postgres://` URL.
struct ConnectionURL {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String?
    /// The URL without the password.
    var description: String

    init(_ url: String) throws(PlatformStoreError) {
        func refuse(_ reason: String) -> PlatformStoreError {
            PlatformStoreError(operation: "parse database URL", detail: reason)
        }
        guard let components = URLComponents(string: url) else { throw refuse("not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw refuse("the scheme is not postgres:// or postgresql://")
        }
        guard var host = components.host, !host.isEmpty else { throw refuse("no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let user = components.user, !user.isEmpty else { throw refuse("no user name") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw refuse("port \(port) is out of range") }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        if path.contains("/") { throw refuse("the path names more than a database") }
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "allow"), ("sslmode", "prefer"): continue
            case ("sslmode", let mode):
                throw refuse("sslmode \(mode) needs TLS, which this store does not use")
            default:
                throw refuse("unknown parameter \(item.name)")
            }
        }
        self.user = user
        password = components.password
        self.host = host
        self.port = port
        database = path.isEmpty ? nil : path
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let encodedUser = components.percentEncodedUser ?? user
        description = "postgres://\(encodedUser)@\(shownHost):\(port)" + (path.isEmpty ? "" : "/" + path)
    }
}
