import ArgumentParser
import Foundation
import JPKIPlatform
import JPKIPlatformPostgres
import JPKIPlatformSQLite
import Logging

/// Where the state lives: `sqlite:PATH` or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "sqlite:PATH or postgres://USER@HOST:PORT/DATABASE (default: $JPKI_PLATFORM_DATABASE, else sqlite:jpki-platform.db).",
            valueName: "url"))
    var database: String?

    /// The URL given, from the environment, or the default.
    var url: String {
        database ?? ProcessInfo.processInfo.environment["JPKI_PLATFORM_DATABASE"] ?? "sqlite:jpki-platform.db"
    }

    /// Opens the store; a PostgreSQL store's client must run (``OpenedStore/run()``).
    func open(logger: Logger) async throws -> OpenedStore {
        let url = self.url
        do {
            if url.hasPrefix("sqlite:") {
                let path = String(url.dropFirst("sqlite:".count))
                guard !path.isEmpty else { throw ValidationError("--database sqlite: needs a path") }
                return OpenedStore(store: try await SQLitePlatformStore.open(path: path, logger: logger), postgres: nil)
            }
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                let store = try PostgresPlatformStore.connect(url: url, logger: logger)
                return OpenedStore(store: store, postgres: store)
            }
        } catch let error as PlatformStoreError {
            throw commandFailure(error.description)
        }
        throw ValidationError("--database: \(url) is neither sqlite:PATH nor postgres://…")
    }
}

/// An opened store, with the PostgreSQL client to run when it is one.
struct OpenedStore {
    var store: any PlatformStore
    var postgres: PostgresPlatformStore?

    /// Runs `body` with the store usable (the PostgreSQL client running beside it).
    @discardableResult
    func using<T: Sendable>(_ body: @Sendable @escaping (any PlatformStore) async throws -> T) async throws -> T {
        let store = self.store
        guard let postgres else {
            do {
                let value = try await body(store)
                await store.close()
                return value
            } catch {
                await store.close()
                throw error
            }
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await postgres.run()
                return nil
            }
            group.addTask { try await body(store) }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw commandFailure("the PostgreSQL client stopped")
        }
    }
}

/// Prints `message` to standard error and gives the exit code of an error (2).
func commandFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(2)
}
