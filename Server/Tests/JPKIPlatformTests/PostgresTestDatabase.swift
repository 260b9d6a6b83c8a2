import Foundation
import JPKIPlatformPostgres
import Logging
import PostgresNIO
import Testing

// A database of its own for each PostgreSQL test, on the server JPKI_PLATFORM_POSTGRES_URL names
// (scripts/postgres.sh starts one; scripts/test.sh does it for the whole run).

let quietLogger: Logger = {
    var logger = Logger(label: "jpki-platform.tests.postgres")
    logger.logLevel = .critical
    return logger
}()

/// The client configuration of `url` with database `database`.
func configuration(_ url: URLComponents, database: String) throws -> PostgresClient.Configuration {
    let host = try #require(url.host)
    let user = try #require(url.user)
    var configuration = PostgresClient.Configuration(
        host: host, port: url.port ?? 5432, username: user, password: url.password, database: database, tls: .disable)
    configuration.options.maximumConnections = 4
    return configuration
}

/// Runs `body` with `instances` stores (as many platform instances, each with its own pool) on
/// a new database of its own (migrated by the first unless `migrated` is false) and a client
/// for statements of the test's own on that database; drops the database after.
func withPostgresDatabase(
    instances: Int, migrated: Bool = true, _ body: ([PostgresPlatformStore], PostgresClient) async throws -> Void
) async throws {
    let url = try #require(StoreKind.postgresURL.flatMap { URLComponents(string: $0) })
    let adminDatabase = String(url.path.dropFirst())
    let name = "jpki_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let admin = PostgresClient(configuration: try configuration(url, database: adminDatabase))
    try await withThrowingTaskGroup(of: Void.self) { outer in
        outer.addTask { await admin.run() }
        defer { outer.cancelAll() }
        _ = try await admin.query("CREATE DATABASE \(unescaped: name)").collect()
        var testURL = url
        testURL.path = "/" + name
        let testURLString = try #require(testURL.string)
        var stores: [PostgresPlatformStore] = []
        for _ in 0..<max(1, instances) {
            stores.append(
                try PostgresPlatformStore.connect(url: testURLString, logger: quietLogger, maximumConnections: 12))
        }
        let sql = PostgresClient(configuration: try configuration(url, database: name))
        var failure: (any Error)?
        await withTaskGroup(of: Void.self) { inner in
            for store in stores { inner.addTask { await store.run() } }
            inner.addTask { await sql.run() }
            do {
                if migrated, let first = stores.first { _ = try await first.migrate() }
                try await body(stores, sql)
            } catch {
                failure = error
            }
            inner.cancelAll()
        }
        _ = try await admin.query("DROP DATABASE \(unescaped: name) WITH (FORCE)").collect()
        if let failure { throw failure }
    }
}
