import Foundation

/// Where the platform keeps its state: customers and their certificates, one-time challenges,
/// the revocation changes and the audit trail. Two implementations: SQLite (one file, the
/// default) and PostgreSQL (several instances sharing one database).
///
/// Every method is atomic: a store is shared by concurrent requests, and with PostgreSQL by
/// several instances. A challenge is consumed exactly once however many instances race for it;
/// audit records are appended in one chain however many instances append.
public protocol PlatformStore: Sendable {
    /// A short name for logs and readiness (`sqlite:/var/lib/platform.db`, `postgres://host/db`).
    var description: String { get }

    /// Creates or upgrades the schema to the newest version; returns the version.
    func migrate() async throws(PlatformStoreError) -> Int

    /// Whether the database answers (readiness).
    func ping() async throws(PlatformStoreError)

    /// Closes the connections; the store is not used afterwards.
    func close() async

    // MARK: Challenges

    /// Keeps a newly issued challenge.
    func insertChallenge(_ challenge: Challenge) async throws(PlatformStoreError)

    /// Marks the challenge `id` used at `now` and returns it, if it was not used before; exactly
    /// one of concurrent calls for one challenge gets ``ChallengeConsumption/consumed(_:)``.
    func consumeChallenge(id: String, at now: Int64) async throws(PlatformStoreError) -> ChallengeConsumption

    /// Deletes the challenges whose time ended before `cutoff`; returns how many.
    func deleteChallenges(expiredBefore cutoff: Int64) async throws(PlatformStoreError) -> Int

    // MARK: Customers

    /// Creates `customer` with its certificates. Refuses, with
    /// ``RegistrationOutcome/duplicateCertificate(customerID:)``, a certificate already linked to
    /// a customer (by issuer and serial number, or by SHA-256), and with
    /// ``RegistrationOutcome/duplicatePerson(customerID:)`` a customer whose `matchKey` an
    /// existing customer has.
    func registerCustomer(_ customer: Customer, matchKey: String?) async throws(PlatformStoreError)
        -> RegistrationOutcome

    /// The customer with identifier `id`, with every certificate.
    func customer(id: String) async throws(PlatformStoreError) -> Customer?

    /// The customer a certificate (by its SHA-256) is linked to.
    func customer(certificateSHA256: String) async throws(PlatformStoreError) -> Customer?

    /// The customers whose match key is `matchKey`.
    func customers(matchKey: String) async throws(PlatformStoreError) -> [Customer]

    /// Links `certificates` (a new card's) to customer `id`: the customer's active certificates
    /// of the same purposes become ``CertificateState/replaced``, the basic 4 information and
    /// the match key are the new ones. Refuses a certificate already linked to anyone.
    func renewCustomer(
        id: String, certificates: [CustomerCertificate], basicFour: BasicFourRecord, matchKey: String?, at now: Int64
    ) async throws(PlatformStoreError) -> RegistrationOutcome

    // MARK: Revocation

    /// Marks revoked the active certificates of the issuer `issuerKey` whose serial `entries`
    /// lists, and appends a ``RevocationChange`` for each one; returns the changes appended.
    /// A certificate already revoked is not reported again.
    func recordRevocations(issuerKey: String, entries: [RevokedSerial], crl: String, at now: Int64)
        async throws(PlatformStoreError) -> [RevocationChange]

    /// The serial numbers of the active certificates of issuer `issuerKey` (for the check of a
    /// CRL with no previous day to compare with).
    func activeSerialNumbers(issuerKey: String) async throws(PlatformStoreError) -> [String]

    /// The revocation changes after sequence number `after`, oldest first, at most `limit`.
    func revocationChanges(after: Int64, limit: Int) async throws(PlatformStoreError) -> [RevocationChange]

    /// The revocation changes detected at or after `time`, oldest first, at most `limit`.
    func revocationChanges(detectedSince time: Int64, limit: Int) async throws(PlatformStoreError)
        -> [RevocationChange]

    /// The sequence number of the newest revocation change, 0 when there is none.
    func latestRevocationSequence() async throws(PlatformStoreError) -> Int64

    // MARK: Audit

    /// Appends a record to the audit chain: its sequence number follows the last one and its
    /// hash covers the last one's (``AuditRecord/chainHash(previous:sequence:recordedAt:operation:document:)``).
    func appendAudit(operation: String, document: String, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord

    /// The audit records from sequence number `from` on, ascending, at most `limit`.
    func auditRecords(from: Int64, limit: Int) async throws(PlatformStoreError) -> [AuditRecord]
}

extension PlatformStore {
    /// Nothing to close.
    public func close() async {}
}

/// The outcome of a registration or a renewal.
public enum RegistrationOutcome: Hashable, Sendable {
    /// Done.
    case stored
    /// A certificate is already linked to this customer.
    case duplicateCertificate(customerID: String)
    /// A customer with the same basic 4 information (under the renewal policy) exists.
    case duplicatePerson(customerID: String)
    /// No customer has the identifier (renewal).
    case unknownCustomer
}
