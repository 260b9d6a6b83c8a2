import Foundation

/// Appends the platform's reports to the hash-chained audit trail of a ``PlatformStore``: every
/// operation's report as JSON (sorted keys, so the same report is the same bytes).
public struct AuditLog: Sendable {
    /// The store holding the chain.
    public let store: any PlatformStore

    /// An audit log in `store`.
    public init(store: any PlatformStore) {
        self.store = store
    }

    /// Appends `value` (JSON) as a record of `operation` at `now`.
    @discardableResult
    public func record(operation: String, _ value: some Encodable, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord
    {
        let document: String
        do {
            document = String(decoding: try Self.encoder.encode(value), as: UTF8.self)
        } catch {
            throw PlatformStoreError(operation: "encode the audit record of \(operation)", detail: "\(error)")
        }
        return try await store.appendAudit(operation: operation, document: document, at: now)
    }

    /// Sorted keys, dates as seconds since 1970.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}
