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
        try await store.appendAudit(operation: operation, document: try Self.encode(value), at: now)
    }

    /// `value` as the audit trail writes it (sorted keys, slashes unescaped): the same bytes a
    /// response embedding it has.
    public static func encode(_ value: some Encodable) throws(PlatformStoreError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PlatformStoreError(operation: "encode a report", detail: "\(error)")
        }
    }

    /// A JSON object of already-encoded members, keys sorted (what ``encode(_:)`` of a struct
    /// with these members gives, without encoding them again); members whose value is `nil`
    /// are left out. The keys are plain identifiers.
    public static func object(_ members: [(key: String, json: String?)]) -> String {
        let present = members.compactMap { member in member.json.map { (member.key, $0) } }.sorted { $0.0 < $1.0 }
        return "{" + present.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// Appends the JSON `document`, already encoded, as a record of `operation` at `now`.
    @discardableResult
    public func record(operation: String, json document: String, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord
    {
        try await store.appendAudit(operation: operation, document: document, at: now)
    }

    /// Sorted keys, dates as seconds since 1970.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}
