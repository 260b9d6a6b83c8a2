import Foundation
import JPKIASN1

/// One record of the audit trail: an operation's report (JSON), chained to the record before it
/// by its hash.
public struct AuditRecord: Codable, Hashable, Sendable {
    /// The position in the chain, from 1, without gaps.
    public var sequence: Int64
    /// When it was recorded (seconds since 1970).
    public var recordedAt: Int64
    /// The operation (`login`, `registration`, `crl-ingest`, `revocation-after-storing` …).
    public var operation: String
    /// The report, JSON.
    public var document: String
    /// ``hash`` of the record before (64 zeros for the first).
    public var previousHash: String
    /// The SHA-256 of this record with ``previousHash``, hexadecimal.
    public var hash: String

    /// A record with these values.
    public init(
        sequence: Int64, recordedAt: Int64, operation: String, document: String, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.operation = operation
        self.document = document
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The previous hash of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The hash of a record: SHA-256 over the previous hash, the sequence number, the time, the
    /// operation and the document, each length-prefixed (so no two records hash alike by moving
    /// bytes between fields); lowercase hexadecimal.
    public static func chainHash(
        previous: String, sequence: Int64, recordedAt: Int64, operation: String, document: String
    ) -> String {
        var bytes: [UInt8] = []
        for field in [previous, String(sequence), String(recordedAt), operation, document] {
            let utf8 = Array(field.utf8)
            bytes += withUnsafeBytes(of: UInt64(utf8.count).bigEndian, Array.init)
            bytes += utf8
        }
        return Hex.encode(DigestAlgorithm.sha256.hash(bytes)).lowercased()
    }

    /// The record that follows `previous` (or is the first, when `nil`).
    public static func next(after previous: AuditRecord?, operation: String, document: String, at now: Int64)
        -> AuditRecord
    {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? genesisHash
        return AuditRecord(
            sequence: sequence, recordedAt: now, operation: operation, document: document, previousHash: previousHash,
            hash: chainHash(
                previous: previousHash, sequence: sequence, recordedAt: now, operation: operation, document: document))
    }
}

/// The result of walking the audit chain: how many records held, and the first broken link.
public struct AuditChainVerification: Codable, Hashable, Sendable {
    /// A broken link.
    public struct Break: Codable, Hashable, Sendable {
        /// The sequence number of the first record that does not hold.
        public var sequence: Int64
        /// What is wrong: `hash-mismatch` (the record was edited), `previous-hash-mismatch` (a
        /// record before it was edited or removed), `sequence-gap` (records removed).
        public var problem: String
        /// Detail for a person.
        public var detail: String
    }

    /// The records read.
    public var recordsChecked: Int64
    /// The last record's hash (keep it elsewhere: a removal of the newest records is found only
    /// by comparing with a head kept outside the database).
    public var headHash: String
    /// The head's sequence number.
    public var headSequence: Int64
    /// The first broken link, or `nil` when the chain holds.
    public var firstBreak: Break?

    /// Whether every link holds.
    public var isIntact: Bool { firstBreak == nil }

    /// Walks the chain of `store` from its first record, `pageSize` records at a time.
    public static func verify(_ store: any PlatformStore, pageSize: Int = 1000) async throws(PlatformStoreError)
        -> AuditChainVerification
    {
        var expectedSequence: Int64 = 1
        var previousHash = AuditRecord.genesisHash
        var checked: Int64 = 0
        while true {
            let page = try await store.auditRecords(from: expectedSequence, limit: pageSize)
            if page.isEmpty { break }
            for record in page {
                let broken = Self.check(record, expectedSequence: expectedSequence, previousHash: previousHash)
                if let broken {
                    return AuditChainVerification(
                        recordsChecked: checked, headHash: previousHash, headSequence: expectedSequence - 1,
                        firstBreak: broken)
                }
                checked += 1
                expectedSequence += 1
                previousHash = record.hash
            }
        }
        return AuditChainVerification(
            recordsChecked: checked, headHash: previousHash, headSequence: expectedSequence - 1, firstBreak: nil)
    }

    /// The break `record` makes, if any, where `expectedSequence` and `previousHash` were due.
    static func check(_ record: AuditRecord, expectedSequence: Int64, previousHash: String) -> Break? {
        if record.sequence != expectedSequence {
            return Break(
                sequence: expectedSequence, problem: "sequence-gap",
                detail: "record \(expectedSequence) is missing: the next is \(record.sequence)")
        }
        if record.previousHash != previousHash {
            return Break(
                sequence: record.sequence, problem: "previous-hash-mismatch",
                detail:
                    "record \(record.sequence) names previous hash \(record.previousHash), the chain has \(previousHash)"
            )
        }
        let recomputed = AuditRecord.chainHash(
            previous: record.previousHash, sequence: record.sequence, recordedAt: record.recordedAt,
            operation: record.operation, document: record.document)
        if recomputed != record.hash {
            return Break(
                sequence: record.sequence, problem: "hash-mismatch",
                detail: "record \(record.sequence) hashes to \(recomputed), it says \(record.hash): it was edited")
        }
        return nil
    }
}
