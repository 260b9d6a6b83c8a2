import Foundation
import JPKIPlatform
import JPKISimulator
import JPKIX509
import Testing

/// A CRL put in service between a registration's verification and its store: the ingest looks
/// for the customers' active certificates before the new ones are stored, and the next day's
/// comparison does not list them again. The platform looks again once it has stored them, so the
/// change still reaches the revocation feed and the certificate is not left active.
@Suite("a CRL ingest racing a registration or a renewal")
struct RegistrationRaceTests {
    @Test(
        "a CRL that lists the certificate, put in service while a registration stores it, is reported",
        arguments: StoreKind.available)
    func registration(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, wrapStore: InterposingStore.around) { platform in
            let interposer = try #require(platform.store as? InterposingStore)
            let directory = try #require(platform.service.crlDirectory)
            // The next day's CRL lists the card's signature certificate; it is in the directory,
            // not in service: the registration's verification uses the day before's.
            // Revoked at the platform's clock (not the real one, which runs ahead of it): before
            // the CRL's thisUpdate, so that the CRL lists it.
            try platform.pki.revoke(
                platform.card.credentials.signatureCertificate, reason: .affiliationChanged, at: platform.clock.now)
            try platform.writeCRLs(day: "2026-12-09", thisUpdate: platform.clock.now + 5)
            let window = ReloadInWindow()
            interposer.beforeStoringCustomer { () throws(PlatformStoreError) in
                let result = try await directory.reload(now: platform.clock.now + 10)
                window.record(result)
            }

            try await platform.withClient { client in
                let customerID = try await register(client, CardHolder(card: platform.card))
                // The reload ran in the window, put both files in service and found no change:
                // the certificate was not stored yet.
                let reload = try #require(window.result)
                #expect(reload.loaded.count == 2)
                #expect(reload.revocationChanges == 0)

                // The platform's second look found it.
                let feed = try await client.get("/v1/revocation-changes?since=0")
                #expect(feed.status == .ok)
                let changes = try #require(try object(feed)["changes"] as? [[String: Any]])
                #expect(changes.count == 1)
                #expect(changes.first?["customerID"] as? String == customerID)
                #expect(changes.first?["purpose"] as? String == "signature")
                #expect(changes.first?["reason"] as? String == "affiliationChanged")
                #expect(changes.first?["crl"] as? String == "signature-1.2026-12-09.crl")
                let customer = try object(try await client.get("/v1/customers/\(customerID)"))
                let states = (customer["certificates"] as? [[String: Any]] ?? []).map {
                    "\($0["purpose"] as? String ?? "?")=\($0["state"] as? String ?? "?")"
                }
                #expect(states.sorted() == ["authentication=active", "signature=revoked"])
                let audit = try await platform.store.auditRecords(from: 1, limit: 1000)
                #expect(audit.filter { $0.operation == "revocation-after-storing" }.count == 1)

                // Reported once: the next day's CRL lists it again and adds nothing.
                try platform.writeCRLs(day: "2026-12-10", thisUpdate: platform.clock.now + 20)
                let next = try await directory.reload(now: platform.clock.now + 30)
                #expect(next.loaded.count == 2)
                #expect(next.revocationChanges == 0)
                let all = try await platform.store.revocationChanges(after: 0, limit: 10)
                #expect(all.count == 1)
            }
        }
    }

    @Test("a registration with no CRL change in the window records nothing more", arguments: StoreKind.available)
    func quietRegistration(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, wrapStore: InterposingStore.around) { platform in
            let interposer = try #require(platform.store as? InterposingStore)
            let directory = try #require(platform.service.crlDirectory)
            try platform.writeCRLs(day: "2026-12-09", thisUpdate: platform.clock.now)
            let window = ReloadInWindow()
            interposer.beforeStoringCustomer { () throws(PlatformStoreError) in
                window.record(try await directory.reload(now: platform.clock.now + 10))
            }
            try await platform.withClient { client in
                let customerID = try await register(client, CardHolder(card: platform.card))
                #expect(try #require(window.result).loaded.count == 2)
                #expect(try await platform.store.revocationChanges(after: 0, limit: 10).isEmpty)
                let customer = try object(try await client.get("/v1/customers/\(customerID)"))
                #expect(
                    (customer["certificates"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "active" }
                        == true)
                let audit = try await platform.store.auditRecords(from: 1, limit: 1000)
                #expect(audit.filter { $0.operation == "revocation-after-storing" }.isEmpty)
            }
        }
    }

    @Test("a CRL that lists the new card's certificate, put in service while a renewal stores it, is reported")
    func renewal() async throws {
        try await PlatformHarness.with(.sqlite, wrapStore: InterposingStore.around) { platform in
            let interposer = try #require(platform.store as? InterposingStore)
            let directory = try #require(platform.service.crlDirectory)
            let oldCard = CardHolder(card: platform.card)
            var moved = platform.card.persona
            moved.address = "東京都千代田区架空町九丁目9番9号"
            let newCard = try VirtualMyNumberCard(persona: moved, pki: platform.pki)
            try await platform.withClient { client in
                let customerID = try await register(client, oldCard)
                // The old card is superseded; the renewal by the basic 4 information may go ahead.
                try platform.pki.revoke(
                    platform.card.credentials.signatureCertificate, reason: .superseded, at: platform.clock.now)
                try platform.writeCRLs(day: "2026-12-02", thisUpdate: platform.clock.now + 10)
                #expect(try await directory.reload(now: platform.clock.now + 20).revocationChanges == 1)

                // The new card's certificate is revoked by the CRL put in service in the window.
                try platform.pki.revoke(
                    newCard.credentials.signatureCertificate, reason: .keyCompromise, at: platform.clock.now + 25)
                try platform.writeCRLs(day: "2026-12-03", thisUpdate: platform.clock.now + 30)
                let window = ReloadInWindow()
                interposer.beforeStoringCustomer { () throws(PlatformStoreError) in
                    window.record(try await directory.reload(now: platform.clock.now + 40))
                }
                let renewed = try await client.postBasicFourRenewal(CardHolder(card: newCard))
                #expect(renewed.status == .ok)
                #expect(try #require(window.result).revocationChanges == 0)
                let customer = try #require(try object(renewed)["customer"] as? [String: Any])
                let newSerial = newCard.credentials.signatureCertificate.serialNumberHex.lowercased()
                let states = (customer["certificates"] as? [[String: Any]] ?? []).map {
                    "\($0["serialNumber"] as? String == newSerial ? "new" : "old")=\($0["state"] as? String ?? "?")"
                }
                // A renewal by the basic 4 information brings the signature certificate only: the
                // old user-authentication certificate stays active, the old signature one revoked.
                #expect(states.sorted() == ["new=revoked", "old=active", "old=revoked"])
                let changes = try await platform.store.revocationChanges(after: 0, limit: 10)
                #expect(changes.map(\.reason) == ["superseded", "keyCompromise"])
                #expect(changes.last?.customerID == customerID)
                #expect(changes.last?.serialNumber == newSerial)
                #expect(changes.last?.crl == "signature-1.2026-12-03.crl")
            }
        }
    }
}

/// The result of the reload a test ran in the window, read after the call that ran it.
private final class ReloadInWindow: @unchecked Sendable {
    private let lock = NSLock()
    private var value: CRLDirectory.ReloadResult?

    func record(_ result: CRLDirectory.ReloadResult) { lock.withLock { value = result } }
    var result: CRLDirectory.ReloadResult? { lock.withLock { value } }
}

/// A store that runs a test's action once, just before it stores the next registration or
/// renewal: the window between the platform's verification of a card and its store.
final class InterposingStore: PlatformStore, @unchecked Sendable {
    private let inner: any PlatformStore
    private let lock = NSLock()
    private var action: (@Sendable () async throws(PlatformStoreError) -> Void)?

    init(_ inner: any PlatformStore) { self.inner = inner }

    /// An interposing store around `inner` (for ``PlatformHarness/with(_:pki:configure:wrapStore:_:)``).
    @Sendable static func around(_ inner: any PlatformStore) -> any PlatformStore { InterposingStore(inner) }

    /// Runs `action` before the next registration or renewal is stored (once).
    func beforeStoringCustomer(_ action: @escaping @Sendable () async throws(PlatformStoreError) -> Void) {
        lock.withLock { self.action = action }
    }

    private func runAction() async throws(PlatformStoreError) {
        let action = lock.withLock {
            defer { self.action = nil }
            return self.action
        }
        try await action?()
    }

    var description: String { "interposed \(inner.description)" }
    func migrate() async throws(PlatformStoreError) -> Int { try await inner.migrate() }
    func ping() async throws(PlatformStoreError) { try await inner.ping() }
    func close() async { await inner.close() }
    func insertChallenge(_ challenge: Challenge) async throws(PlatformStoreError) {
        try await inner.insertChallenge(challenge)
    }
    func consumeChallenge(id: String, at now: Int64) async throws(PlatformStoreError) -> ChallengeConsumption {
        try await inner.consumeChallenge(id: id, at: now)
    }
    func deleteChallenges(expiredBefore cutoff: Int64) async throws(PlatformStoreError) -> Int {
        try await inner.deleteChallenges(expiredBefore: cutoff)
    }
    func registerCustomer(_ customer: Customer, matchKey: String?) async throws(PlatformStoreError)
        -> RegistrationOutcome
    {
        try await runAction()
        return try await inner.registerCustomer(customer, matchKey: matchKey)
    }
    func customer(id: String) async throws(PlatformStoreError) -> Customer? { try await inner.customer(id: id) }
    func customer(certificateSHA256: String) async throws(PlatformStoreError) -> Customer? {
        try await inner.customer(certificateSHA256: certificateSHA256)
    }
    func customers(matchKey: String) async throws(PlatformStoreError) -> [Customer] {
        try await inner.customers(matchKey: matchKey)
    }
    func renewCustomer(
        id: String, certificates: [CustomerCertificate], basicFour: BasicFourRecord, matchKey: String?, at now: Int64
    ) async throws(PlatformStoreError) -> RegistrationOutcome {
        try await runAction()
        return try await inner.renewCustomer(
            id: id, certificates: certificates, basicFour: basicFour, matchKey: matchKey, at: now)
    }
    func recordRevocations(issuerKey: String, entries: [RevokedSerial], crl: String, at now: Int64)
        async throws(PlatformStoreError) -> [RevocationChange]
    {
        try await inner.recordRevocations(issuerKey: issuerKey, entries: entries, crl: crl, at: now)
    }
    func activeSerialNumbers(issuerKey: String) async throws(PlatformStoreError) -> [String] {
        try await inner.activeSerialNumbers(issuerKey: issuerKey)
    }
    func revocationChanges(after: Int64, limit: Int) async throws(PlatformStoreError) -> [RevocationChange] {
        try await inner.revocationChanges(after: after, limit: limit)
    }
    func revocationChanges(detectedSince time: Int64, limit: Int) async throws(PlatformStoreError)
        -> [RevocationChange]
    {
        try await inner.revocationChanges(detectedSince: time, limit: limit)
    }
    func latestRevocationSequence() async throws(PlatformStoreError) -> Int64 {
        try await inner.latestRevocationSequence()
    }
    func appendAudit(operation: String, document: String, at now: Int64) async throws(PlatformStoreError)
        -> AuditRecord
    {
        try await inner.appendAudit(operation: operation, document: document, at: now)
    }
    func auditRecords(from: Int64, limit: Int) async throws(PlatformStoreError) -> [AuditRecord] {
        try await inner.auditRecords(from: from, limit: limit)
    }
}
