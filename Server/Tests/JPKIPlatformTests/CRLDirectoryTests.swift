import Foundation
import HummingbirdTesting
import JPKIPlatform
import JPKISimulator
import JPKIX509
import Testing

/// The CRL directory: the newest day of each partition in service, a bad file refused with the
/// old CRL kept, readiness that tells, and the revocation changes of a first CRL.
@Suite("CRL directory")
struct CRLDirectoryTests {
    @Test("file names: PARTITION.YYYY-MM-DD.crl|der|pem")
    func fileNames() {
        #expect(CRLDirectory.parseFileName("signature-1.2026-12-03.crl")! == ("signature-1", "2026-12-03"))
        #expect(CRLDirectory.parseFileName("a.b.2026-01-31.DER")! == ("a.b", "2026-01-31"))
        #expect(CRLDirectory.parseFileName("signature.crl") == nil)
        #expect(CRLDirectory.parseFileName("signature.2026-1-3.crl") == nil)
        #expect(CRLDirectory.parseFileName("signature.2026-12-03.txt") == nil)
        #expect(CRLDirectory.parseFileName(".2026-12-03.crl") == nil)
        #expect(CRLDirectory.parseFileName("signature.2026-13-45.crl") == nil)
        #expect(CRLDirectory.parseFileName("signature.2026-02-30.crl") == nil)
    }

    @Test("a file that is not a CRL, and a CRL of an unknown issuer, are refused; the CRL in service stays")
    func refusals() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            guard let directory = platform.service.crlDirectory else { throw CRLTestFailure.noDirectory }
            let before = await directory.status(now: platform.clock.now)
            #expect(before.partitions.count == 2)
            #expect(before.isReady)

            // A newer day of the signature partition that is garbage.
            try Data("not a CRL".utf8).write(
                to: URL(fileURLWithPath: platform.crlDirectory + "/signature-1.2026-12-05.crl"))
            // A newer day of the authentication partition signed by another PKI.
            let stranger = try TestPKI()
            let foreign = try stranger.crlDER(purpose: .userAuthentication, prefecture: "東京都", city: "千代田区")
            try Data(foreign).write(
                to: URL(fileURLWithPath: platform.crlDirectory + "/authentication-1.2026-12-05.crl"))
            let result = try await directory.reload(now: platform.clock.now)
            #expect(result.loaded.isEmpty)
            #expect(
                Set(result.refused.map(\.file)) == ["signature-1.2026-12-05.crl", "authentication-1.2026-12-05.crl"])
            #expect(result.refused.first { $0.file.hasPrefix("signature") }?.reason.hasPrefix("not a CRL") == true)

            let after = await directory.status(now: platform.clock.now)
            #expect(after.partitions.map(\.day) == ["2026-12-01", "2026-12-01"])
            #expect(after.refusals.count == 2)
            #expect(after.isReady)  // the CRLs in service are still fresh
            // A refused file is not read again while it is unchanged; rewritten (a copy that was
            // not complete when read), it is read anew.
            #expect(try await directory.reload(now: platform.clock.now).refused.isEmpty)
            let good = try platform.pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: platform.clock.now - 60)
            try Data(good).write(to: URL(fileURLWithPath: platform.crlDirectory + "/signature-1.2026-12-05.crl"))
            let rewritten = try await directory.reload(now: platform.clock.now)
            #expect(rewritten.loaded == ["signature-1.2026-12-05.crl"])
            try platform.writeCRLs(day: "2026-12-06", thisUpdate: platform.clock.now)
            let recovered = try await directory.reload(now: platform.clock.now)
            #expect(recovered.loaded.count == 2)
            #expect(await directory.status(now: platform.clock.now).refusals.isEmpty)
            // Both refusals are in the audit trail.
            let records = try await platform.store.auditRecords(from: 1, limit: 100)
            #expect(records.filter { $0.operation == "crl-refused" }.count == 2)
            #expect(records.filter { $0.operation == "crl-ingest" }.count == 5)
        }
    }

    @Test("five reloads at once (SIGHUP, the timer, admin calls) put each new file in service once")
    func concurrentReloads() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            guard let directory = platform.service.crlDirectory else { throw CRLTestFailure.noDirectory }
            let before = try await platform.store.auditRecords(from: 1, limit: 1000).count
            // A revocation, so that putting a file in service waits on the store (the window
            // two unserialised reloads would both pass through).
            try platform.pki.revoke(platform.card.credentials.signatureCertificate, reason: .affiliationChanged)
            try platform.writeCRLs(day: "2026-12-09", thisUpdate: platform.clock.now)
            let now = platform.clock.now
            let loaded = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { try await directory.reload(now: now).loaded.count } }
                var total = 0
                for try await count in group { total += count }
                return total
            }
            #expect(loaded == 2)
            let records = try await platform.store.auditRecords(from: 1, limit: 1000)
            #expect(records.count - before == 2)
            #expect(records.filter { $0.operation == "crl-ingest" }.count == 4)
        }
    }

    @Test("readiness: 200 while fresh, 503 once the CRLs' nextUpdate and the grace are past")
    func staleness() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            try await platform.withClient { client in
                #expect(try await client.get("/ready").status == .ok)
                platform.clock.advance(86_400 + 3_600 + 60)
                let stale = try await client.get("/ready")
                #expect(stale.status == .serviceUnavailable)
                let crls = try #require(try object(stale)["crls"] as? [String: Any])
                let partitions = try #require(crls["partitions"] as? [[String: Any]])
                #expect(partitions.allSatisfy { $0["isFresh"] as? Bool == false })
            }
        }
    }

    @Test("a first CRL that already lists a customer's certificate reports the change", arguments: StoreKind.available)
    func firstCRL(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { platform in
            let customerID = try await platform.withClient { client in
                try await register(client, CardHolder(card: platform.card))
            }
            // A second platform instance on the same store starts with no previous CRL and a
            // directory whose CRL already lists the certificate.
            try platform.pki.revoke(platform.card.credentials.signatureCertificate, reason: .keyCompromise)
            let fresh = try TemporaryDirectory()
            defer { fresh.remove() }
            let der = try platform.pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区")
            try Data(der).write(to: URL(fileURLWithPath: fresh.file("signature-1.2026-12-07.crl")))
            let directory = CRLDirectory(
                path: fresh.path, crls: platform.crlStore, store: platform.store,
                audit: AuditLog(store: platform.store),
                logger: .init(label: "test"))
            let result = try await directory.reload(now: platform.clock.now + 10)
            #expect(result.revocationChanges == 1)
            let changes = try await platform.store.revocationChanges(after: 0, limit: 10)
            #expect(changes.map(\.customerID) == [customerID])
            #expect(changes.first?.reason == "keyCompromise")
            // Not reported twice.
            try Data(der).write(to: URL(fileURLWithPath: fresh.file("signature-1.2026-12-08.crl")))
            let again = try await directory.reload(now: platform.clock.now + 20)
            #expect(again.revocationChanges == 0)
        }
    }
}

extension CRLDirectoryTests {
    @Test("while a reload reads a CRL with its thread held (as parsing millions of entries holds it), status answers")
    func statusDuringReload() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let fresh = try TemporaryDirectory()
            defer { fresh.remove() }
            let der = try platform.pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区")
            try Data(der).write(to: URL(fileURLWithPath: fresh.file("signature-1.2026-12-07.crl")))
            let (reading, readingContinuation) = AsyncStream<String>.makeStream()
            let release = DispatchSemaphore(value: 0)
            let directory = CRLDirectory(
                path: fresh.path, crls: platform.crlStore, store: platform.store,
                audit: AuditLog(store: platform.store), logger: .init(label: "test"),
                willRead: { file in
                    readingContinuation.yield(file)
                    release.wait()  // the thread held, not suspended
                })
            let reload = Task { try await directory.reload(now: platform.clock.now + 10) }
            var iterator = reading.makeAsyncIterator()
            #expect(await iterator.next() == "signature-1.2026-12-07.crl")
            // The status, bounded: were the actor held by the read, the bound would end the wait
            // (and release the read), not a hang.
            let answered = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    _ = await directory.status(now: platform.clock.now + 10)
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(120))
                    if !Task.isCancelled { release.signal() }
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            #expect(answered, "status waited for the reload's read")
            release.signal()
            let result = try await reload.value
            #expect(result.loaded == ["signature-1.2026-12-07.crl"])
            #expect(await directory.status(now: platform.clock.now + 10).partitions.map(\.file) == result.loaded)
        }
    }
}

enum CRLTestFailure: Error { case noDirectory }
