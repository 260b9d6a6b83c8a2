import Foundation
import HummingbirdTesting
import JPKIPlatform
import JPKIVerification
import Testing

/// One-time challenges: used once, in time, for their purpose.
@Suite("Challenges")
struct ChallengeTests {
    @Test(
        "a replay, an expired challenge, another purpose and an unknown one are refused", arguments: StoreKind.available
    )
    func refusals(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { platform in
            let holder = CardHolder(card: platform.card)
            try await platform.withClient { client in
                func logIn(_ id: String, _ nonce: [UInt8]) async throws -> TestResponse {
                    try await client.post("/v1/login", logInBody(id, try await holder.authenticate(nonce)))
                }
                let fresh = try await client.challenge("login")
                #expect(try await logIn(fresh.id, fresh.nonce).status == .ok)
                let replay = try await logIn(fresh.id, fresh.nonce)
                #expect(replay.status == .conflict)
                #expect(try errorCode(replay) == "challenge-used")

                let late = try await client.challenge("login")
                platform.clock.advance(301)
                let expired = try await logIn(late.id, late.nonce)
                #expect(expired.status == .conflict)
                #expect(try errorCode(expired) == "challenge-expired")

                let registration = try await client.challenge("registration")
                let wrongPurpose = try await logIn(registration.id, registration.nonce)
                #expect(wrongPurpose.status == .badRequest)
                #expect(try errorCode(wrongPurpose) == "challenge-purpose")
                // Presented once for the wrong purpose, it is used up.
                let reused = try await logIn(registration.id, registration.nonce)
                #expect(try errorCode(reused) == "challenge-used")

                let unknown = try await logIn(String(repeating: "0", count: 32), fresh.nonce)
                #expect(unknown.status == .notFound)
                #expect(try errorCode(unknown) == "challenge-unknown")

                // A signature over another challenge does not verify: 401 with the report.
                let other = try await client.challenge("login")
                let mismatched = try await logIn(other.id, fresh.nonce)
                #expect(mismatched.status == .unauthorized)
                #expect(try errorCode(mismatched) == "authentication-failed")
                #expect((try object(mismatched)["report"] as? [String: Any])?["verdict"] as? String == "invalid")
            }
        }
    }

    @Test("20 concurrent log-ins with one challenge: exactly one is accepted", arguments: StoreKind.available)
    func concurrentConsumption(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { platform in
            let challenge = try await platform.service.issueChallenge(.login)
            let signed = try await CardHolder(card: platform.card).authenticate(challenge.nonce)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await platform.service.logIn(
                                challengeID: challenge.id,
                                SignedChallenge(certificate: signed.certificate, signature: signed.signature))
                            return "accepted"
                        } catch {
                            return (error as? PlatformError)?.code ?? "\(error)"
                        }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "accepted" }.count == 1)
            #expect(outcomes.filter { $0 == "challenge-used" }.count == 19)
        }
    }
}

/// A log-in with a certificate the store knows is revoked, before this instance's CRLs say so.
@Suite("Log-in and the store's state")
struct LogInStateTests {
    @Test("another instance ingested the CRL that revokes the log-in certificate: 410 here too")
    func revokedInStore() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let holder = CardHolder(card: platform.card)
            try await platform.withClient { client in
                _ = try await register(client, holder)
                // Another instance (its own CRL store and directory, the same database) ingests
                // the CRL that revokes the user-authentication certificate.
                try platform.pki.revoke(platform.card.credentials.authenticationCertificate, reason: .keyCompromise)
                let other = try TemporaryDirectory()
                defer { other.remove() }
                let der = try platform.pki.crlDER(purpose: .userAuthentication, prefecture: "東京都", city: "千代田区")
                try Data(der).write(to: URL(fileURLWithPath: other.file("authentication-1.2026-12-03.crl")))
                let otherDirectory = CRLDirectory(
                    path: other.path, crls: CRLStore(issuers: [platform.pki.authenticationRoot]), store: platform.store,
                    audit: AuditLog(store: platform.store), logger: .init(label: "other"))
                #expect(try await otherDirectory.reload(now: platform.clock.now).revocationChanges == 1)
                // This instance has not reloaded: its verifier still finds the certificate good.
                let refused = try await client.logIn(holder)
                #expect(refused.status == .gone)
                #expect(try errorCode(refused) == "certificate-revoked")
            }
        }
    }
}
