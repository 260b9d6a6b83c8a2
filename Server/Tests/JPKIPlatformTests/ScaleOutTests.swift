import Foundation
import Hummingbird
import HummingbirdTesting
import JPKIPlatform
import JPKISimulator
import Testing

/// Two instances on loopback sharing one PostgreSQL database: a challenge issued by one is
/// consumed by the other exactly once; a customer registered at one logs in at the other; one
/// audit chain.
@Suite(
    "Scale-out",
    .enabled(
        if: StoreKind.postgresURL != nil, "JPKI_PLATFORM_POSTGRES_URL is not set (scripts/test.sh starts a server)"))
struct ScaleOutTests {
    @Test("two instances, one database: challenges once, customers and the audit chain shared")
    func twoInstances() async throws {
        let pki = try TestPKI()
        let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
        let holder = CardHolder(card: card)
        try await withPostgresDatabase(instances: 2) { stores, _ in
            let first = try await PlatformHarness.make(store: stores[0], pki: pki, card: card)
            let second = try await PlatformHarness.make(store: stores[1], pki: pki, card: card)
            defer {
                first.directory.remove()
                second.directory.remove()
            }
            let appA = Application(router: first.api.router())
            let appB = Application(router: second.api.router())
            try await appA.test(.live) { clientA in
                try await appB.test(.live) { clientB in
                    // Registered at A.
                    let customerID = try await register(clientA, holder)

                    // Issued by A, consumed at B, refused at A afterwards.
                    let challenge = try await clientA.challenge("login")
                    let body = logInBody(challenge.id, try await holder.authenticate(challenge.nonce))
                    let atB = try await clientB.post("/v1/login", body)
                    #expect(atB.status == .ok)
                    #expect((try object(atB)["customer"] as? [String: Any])?["id"] as? String == customerID)
                    let againAtA = try await clientA.post("/v1/login", body)
                    #expect(againAtA.status == .conflict)
                    #expect(try errorCode(againAtA) == "challenge-used")

                    // One challenge, ten log-ins at once, half at each instance: one is accepted.
                    let raced = try await clientB.challenge("login")
                    let racedBody = logInBody(raced.id, try await holder.authenticate(raced.nonce))
                    let payload = try JSONSerialization.data(withJSONObject: racedBody)
                    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<10 {
                            let client = index.isMultiple(of: 2) ? clientA : clientB
                            group.addTask {
                                let response = try await client.execute(
                                    uri: "/v1/login", method: .post, headers: [.contentType: "application/json"],
                                    body: .init(bytes: payload))
                                return response.status.code
                            }
                        }
                        var all: [Int] = []
                        for try await status in group { all.append(status) }
                        return all
                    }
                    #expect(statuses.filter { $0 == 200 }.count == 1)
                    #expect(statuses.filter { $0 == 409 }.count == 9)
                }
            }
            let chain = try await AuditChainVerification.verify(stores[0])
            #expect(chain.isIntact)
            #expect(chain.recordsChecked >= 5)
        }
    }
}
