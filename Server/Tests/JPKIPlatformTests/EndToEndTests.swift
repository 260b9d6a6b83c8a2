import Foundation
import HummingbirdTesting
import JPKIPlatform
import JPKISimulator
import JPKIVerification
import JPKIX509
import Testing

/// The whole story through the HTTP API, on SQLite and on PostgreSQL: register, log in, sign a
/// document, verify it, revoke (a new day's CRL from the test PKI), see the change reported and
/// the next log-in refused with 410.
@Suite("End to end")
struct EndToEndTests {
    @Test("register, log in, sign, revoke, see the change, log-in refused", arguments: StoreKind.available)
    func story(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { platform in
            let holder = CardHolder(card: platform.card)
            try await platform.withClient { client in
                // Registration: both keys sign one registration challenge.
                let registration = try await client.challenge("registration")
                let signed = try await holder.sign(registration.nonce)
                let authenticated = try await holder.authenticate(registration.nonce)
                let registrationBody: [String: Any] = [
                    "challengeId": registration.id, "signatureCertificate": signed.certificate.derEncoded.base64,
                    "signature": signed.signature.base64,
                    "authenticationCertificate": authenticated.certificate.derEncoded.base64,
                    "authenticationSignature": authenticated.signature.base64,
                ]
                let registered = try await client.post("/v1/customers", registrationBody)
                #expect(registered.status == .created)
                let customer = try #require(try object(registered)["customer"] as? [String: Any])
                let customerID = try #require(customer["id"] as? String)
                let basicFour = try #require(customer["basicFour"] as? [String: Any])
                #expect(basicFour["name"] as? String == "番号\u{3000}花子")
                #expect(basicFour["birthDate"] as? String == "1985-04-01")

                // The same challenge again: a replay; a new challenge with the same card: a duplicate.
                let replay = try await client.post("/v1/customers", registrationBody)
                #expect(replay.status == .conflict)
                #expect(try errorCode(replay) == "challenge-used")
                let duplicate = try await client.postRegistration(holder, withAuthentication: false)
                #expect(duplicate.status == .conflict)
                #expect(try errorCode(duplicate) == "duplicate-registration")

                // Log-in: the customer comes back.
                let loggedIn = try await client.logIn(holder)
                #expect(loggedIn.status == .ok)
                let loginJSON = try object(loggedIn)
                #expect((loginJSON["customer"] as? [String: Any])?["id"] as? String == customerID)
                #expect((loginJSON["report"] as? [String: Any])?["verdict"] as? String == "valid")

                // A signed document verifies, and names the signer.
                let document = Array("契約書: 番号 花子 は本書に同意する。".utf8)
                let documentSignature = try await holder.sign(document)
                let verified = try await client.post(
                    "/v1/verify/signature",
                    [
                        "document": document.base64, "signature": documentSignature.signature.base64,
                        "certificate": documentSignature.certificate.derEncoded.base64,
                    ])
                #expect(verified.status == .ok)
                let verifiedJSON = try object(verified)
                #expect(verifiedJSON["valid"] as? Bool == true)
                #expect((verifiedJSON["signer"] as? [String: Any])?["name"] as? String == "番号\u{3000}花子")
                // A changed document does not.
                let tampered = try await client.post(
                    "/v1/verify/signature",
                    [
                        "document": (document + [0x20]).base64, "signature": documentSignature.signature.base64,
                        "certificate": documentSignature.certificate.derEncoded.base64,
                    ])
                #expect(try object(tampered)["valid"] as? Bool == false)

                // The holder moves: J-LIS revokes the signature certificate; the next day's CRL arrives.
                try platform.pki.revoke(platform.card.credentials.signatureCertificate, reason: .affiliationChanged)
                platform.clock.advance(60)
                try platform.writeCRLs(day: "2026-12-02", thisUpdate: platform.clock.now)
                let reload = try await client.post("/v1/admin/crls/reload", [:])
                #expect(reload.status == .ok)
                #expect(try object(reload)["revocationChanges"] as? Int == 1)

                let changes = try await client.get("/v1/revocation-changes?since=0")
                #expect(changes.status == .ok)
                let list = try #require(try object(changes)["changes"] as? [[String: Any]])
                #expect(list.count == 1)
                #expect(list.first?["customerID"] as? String == customerID)
                #expect(list.first?["reason"] as? String == "affiliationChanged")
                #expect(list.first?["purpose"] as? String == "signature")
                let next = try #require(try object(changes)["next"] as? Int)
                let none = try await client.get("/v1/revocation-changes?since=\(next)")
                #expect((try object(none)["changes"] as? [Any])?.isEmpty == true)
                #expect(try object(none)["next"] as? Int == next)
                // By time: since a minute before the CRL, the change; since after it, none, and a
                // `next` that goes on from the change rather than starting the feed over.
                let formatter = ISO8601DateFormatter()
                let before = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(platform.clock.now - 60)))
                let byTime = try await client.get("/v1/revocation-changes?since=\(before)")
                #expect((try object(byTime)["changes"] as? [Any])?.count == 1)
                #expect(try object(byTime)["next"] as? Int == next)
                let after = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(platform.clock.now + 60)))
                let noneByTime = try await client.get("/v1/revocation-changes?since=\(after)")
                #expect((try object(noneByTime)["changes"] as? [Any])?.isEmpty == true)
                #expect(try object(noneByTime)["next"] as? Int == next)
                // A page of no changes by choice would move next past changes not read: refused.
                await #expect(throws: PlatformError.self) {
                    try await platform.service.revocationChanges(from: .detectedSince(0), limit: 0)
                }

                // The next log-in: the user-authentication certificate is still good, the linked
                // signature certificate is revoked: 410 Gone.
                let refused = try await client.logIn(holder)
                #expect(refused.status == .gone)
                #expect(try errorCode(refused) == "signature-certificate-revoked")

                // The signature certificate itself now fails verification as revoked.
                let afterRevocation = try await client.post(
                    "/v1/verify/signature",
                    [
                        "document": document.base64, "signature": documentSignature.signature.base64,
                        "certificate": documentSignature.certificate.derEncoded.base64,
                    ])
                #expect(try object(afterRevocation)["valid"] as? Bool == false)

                // The customer shows the state.
                let shown = try await client.get("/v1/customers/\(customerID)")
                let certificates = try #require(try object(shown)["certificates"] as? [[String: Any]])
                #expect(
                    certificates.first { $0["purpose"] as? String == "signature" }?["state"] as? String == "revoked")
            }
            // Every step is in the audit trail, and the chain holds.
            let audit = try await AuditChainVerification.verify(platform.store)
            #expect(audit.isIntact)
            #expect(audit.recordsChecked >= 10)
        }
    }

    @Test("a renewal by log-in keeps the customer and replaces the old certificates", arguments: StoreKind.available)
    func renewalByLogIn(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { platform in
            let oldCard = CardHolder(card: platform.card)
            let newCard = CardHolder(card: try VirtualMyNumberCard(persona: platform.card.persona, pki: platform.pki))
            try await platform.withClient { client in
                let customerID = try await register(client, oldCard)
                // The new card signs a renewal challenge; the old card logs in.
                let renewal = try await client.challenge("renewal")
                let login = try await client.challenge("login")
                let newSignature = try await newCard.sign(renewal.nonce)
                let newAuthentication = try await newCard.authenticate(renewal.nonce)
                let oldLogin = try await oldCard.authenticate(login.nonce)
                let renewed = try await client.post(
                    "/v1/renewals",
                    [
                        "challengeId": renewal.id, "customerId": customerID, "identification": "login",
                        "signatureCertificate": newSignature.certificate.derEncoded.base64,
                        "signature": newSignature.signature.base64,
                        "authenticationCertificate": newAuthentication.certificate.derEncoded.base64,
                        "authenticationSignature": newAuthentication.signature.base64,
                        "login": [
                            "challengeId": login.id, "certificate": oldLogin.certificate.derEncoded.base64,
                            "signature": oldLogin.signature.base64,
                        ],
                    ])
                #expect(renewed.status == .ok)
                let customer = try #require(try object(renewed)["customer"] as? [String: Any])
                #expect(customer["id"] as? String == customerID)
                let states = (customer["certificates"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
                #expect(states.sorted() == ["active", "active", "replaced", "replaced"])

                // The new card logs in as the same customer; the old card's certificate is refused.
                let loggedIn = try await client.logIn(newCard)
                #expect((try object(loggedIn)["customer"] as? [String: Any])?["id"] as? String == customerID)
                let refused = try await client.logIn(oldCard)
                #expect(refused.status == .gone)
                #expect(try errorCode(refused) == "certificate-replaced")
            }
        }
    }

    @Test(
        "a renewal by the basic 4 information: refused while the old card is valid; then finds the one customer; a changed name does not match"
    )
    func renewalByBasicFour() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let oldCard = CardHolder(card: platform.card)
            var moved = platform.card.persona
            moved.address = "東京都千代田区架空町九丁目9番9号"
            var married = platform.card.persona
            married.name = "個人\u{3000}花子"
            let newAddress = moved.address
            let movedCard = CardHolder(card: try VirtualMyNumberCard(persona: moved, pki: platform.pki))
            let marriedCard = CardHolder(card: try VirtualMyNumberCard(persona: married, pki: platform.pki))
            try await platform.withClient { client in
                let customerID = try await register(client, oldCard)
                // While the old card's signature certificate is good, a match is not enough:
                // it could be another person with the same name, sex and birth date.
                let refused = try await client.postBasicFourRenewal(movedCard)
                #expect(refused.status == .conflict)
                #expect(try errorCode(refused) == "old-card-still-valid")
                let unchanged = try await client.get("/v1/customers/\(customerID)")
                #expect(
                    (try object(unchanged)["certificates"] as? [[String: Any]])?.allSatisfy {
                        $0["state"] as? String == "active"
                    } == true)

                // The new card was issued: J-LIS revoked the old card's certificate.
                try platform.pki.revoke(platform.card.credentials.signatureCertificate, reason: .superseded)
                platform.clock.advance(60)
                try platform.writeCRLs(day: "2026-12-02", thisUpdate: platform.clock.now)
                #expect(try await client.post("/v1/admin/crls/reload", [:]).status == .ok)

                let renewed = try await client.postBasicFourRenewal(movedCard)
                #expect(renewed.status == .ok)
                let customer = try #require(try object(renewed)["customer"] as? [String: Any])
                #expect(customer["id"] as? String == customerID)
                #expect((customer["basicFour"] as? [String: Any])?["address"] as? String == newAddress)

                let unmatched = try await client.postBasicFourRenewal(marriedCard)
                #expect(unmatched.status == .notFound)
                #expect(try errorCode(unmatched) == "customer-unknown")
            }
        }
    }

    @Test("a second registration of the same person with a new card is refused: renewal instead")
    func duplicatePerson() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let newCard = CardHolder(card: try VirtualMyNumberCard(persona: platform.card.persona, pki: platform.pki))
            try await platform.withClient { client in
                _ = try await register(client, CardHolder(card: platform.card))
                let response = try await client.postRegistration(newCard, withAuthentication: false)
                #expect(response.status == .conflict)
                #expect(try errorCode(response) == "duplicate-person")
            }
        }
    }
}

/// Registers `holder`'s card (both keys); returns the customer's identifier.
func register(_ client: any TestClientProtocol, _ holder: CardHolder) async throws -> String {
    let response = try await client.postRegistration(holder)
    #expect(response.status == .created)
    return try #require((try object(response)["customer"] as? [String: Any])?["id"] as? String)
}

extension TestClientProtocol {
    /// `POST /v1/customers` for `holder`'s card over a new registration challenge: the
    /// signature key's signature, and the user-authentication key's when `withAuthentication`.
    func postRegistration(_ holder: CardHolder, withAuthentication: Bool = true) async throws -> TestResponse {
        let registration = try await challenge("registration")
        let signed = try await holder.sign(registration.nonce)
        var body: [String: Any] = [
            "challengeId": registration.id, "signatureCertificate": signed.certificate.derEncoded.base64,
            "signature": signed.signature.base64,
        ]
        if withAuthentication {
            let authenticated = try await holder.authenticate(registration.nonce)
            body["authenticationCertificate"] = authenticated.certificate.derEncoded.base64
            body["authenticationSignature"] = authenticated.signature.base64
        }
        return try await post("/v1/customers", body)
    }

    /// `POST /v1/renewals` identified by the basic 4 information: `holder`'s signature key signs
    /// a new renewal challenge.
    func postBasicFourRenewal(_ holder: CardHolder) async throws -> TestResponse {
        let renewal = try await challenge("renewal")
        let signed = try await holder.sign(renewal.nonce)
        return try await post(
            "/v1/renewals",
            [
                "challengeId": renewal.id, "identification": "basic-four-match",
                "signatureCertificate": signed.certificate.derEncoded.base64, "signature": signed.signature.base64,
            ])
    }
}
