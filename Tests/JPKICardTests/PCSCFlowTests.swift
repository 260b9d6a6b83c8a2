import Foundation
import JPKIAPDU
import JPKICard
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// Whether pcscd lists the vpcd reader "Virtual PCD 00 00" (port 35963).
/// The reader of the PC/SC flow.
private let reader = VirtualReader.first

/// The whole flow through real pcscd and vpcd: the simulated card behind a VPCDBridge, the SDK
/// on a PCSCTransport, as with a card in a reader.
@Suite(
    "MyNumberCard through pcscd and vpcd", .serialized,
    .enabled(if: reader.isAvailable, "needs pcscd with the vpcd reader \"Virtual PCD 00 00\""))
struct PCSCFlowTests {
    @Test("status, certificates, authenticate, sign, card info and surface through PC/SC")
    func fullFlow() async throws {
        let virtualCard = try CardFixtures.card()
        try await reader.withCard(virtualCard) { _ in
            let transport = PCSCTransport(reader: reader.name)
            let card = MyNumberCard(transport: transport)
            let atr = try await card.connect()
            #expect(atr == VirtualMyNumberCard.defaultATR)

            let status = try await card.status()
            #expect(status.tokenKind == .myNumberCard)
            #expect(status.pins.first { $0.kind == .authentication }?.triesLeft == 3)

            virtualCard.resetAccounting()
            let certificate = try await card.readAuthenticationCertificate()
            #expect(certificate == virtualCard.authenticationCertificate)
            #expect(virtualCard.accounting.count(.readBinary) == 2)
            #expect(
                try await card.readCertificate(.authenticationCA) == virtualCard.credentials.authenticationCACertificate
            )
            #expect(try await card.readCertificate(.signatureCA) == virtualCard.credentials.signatureCACertificate)

            virtualCard.resetAccounting()
            let challenge = Array((0..<32).map { UInt8($0 * 7 & 0xFF) })
            let authentication = try await card.authenticate(
                challenge: challenge, pin: try UserAuthenticationPIN("1234"))
            #expect(virtualCard.accounting.total == 8)  // 80 2A 00 97: no SELECT of the key EF
            try JPKIApplicationTests().expectOpenSSLVerifies(
                authentication.signature, over: challenge, certificate: authentication.certificate)

            let signed = try await card.sign(message: Array("document".utf8), pin: try SignaturePIN("ABC123"))
            #expect(signed.certificate == virtualCard.signatureCertificate)
            try JPKIApplicationTests().expectOpenSSLVerifies(
                signed.signature, over: Array("document".utf8), certificate: signed.certificate)

            let info = try await card.readCardInfo(access: .pin(try CardInfoPIN("1234")))
            #expect(info.myNumber == "123456789018")
            #expect(info.basicInformation?.name == Persona.sample.name)

            let surface = try await card.readCardSurface(
                access: .verificationNumberA(try VerificationNumberA(myNumber: "123456789018")))
            #expect(surface.facePhoto == VirtualMyNumberCard.CardSurfaceApplication.Images(persona: .sample).facePhoto)
            #expect(surface.myNumberImage != nil)
            #expect(virtualCard.retriesLeft(.jpkiAuthentication) == 3)
            try? await transport.disconnect()
        }
    }

    @Test(
        "genuineness through PC/SC: enrolment (birth-date PIN, 7 APDUs), then a check with no VERIFY at all (6 APDUs); forgeries typed; unknown CA key"
    )
    func genuinenessThroughPCSC() async throws {
        let virtualCard = try CardFixtures.card()
        try await reader.withCard(virtualCard) { _ in
            let transport = PCSCTransport(reader: reader.name)
            let card = MyNumberCard(transport: transport, cardVerifiableTrust: virtualCard.pki.cardVerifiableTrust)
            try await card.connect()
            let pin = try BirthDatePIN("600401")
            virtualCard.resetAccounting()
            let record = try await card.readKeyRecord(.birthDate(pin))
            #expect(virtualCard.accounting.total == 7 && virtualCard.accounting.count(.verify) == 2)
            virtualCard.resetAccounting()
            let check = try await card.checkGenuineness(keyRecord: record)
            #expect(check.verdict.isGenuine)
            #expect(virtualCard.accounting.total == 6 && check.commandCount == 6)
            #expect(virtualCard.accounting.count(.verify) == 0)
            virtualCard.resetAccounting()
            let kazashi = try await card.kazashi(keyRecord: record)
            #expect(kazashi.genuineness?.verdict.isGenuine == true)
            #expect(kazashi.authenticationCertificate == virtualCard.authenticationCertificate)
            #expect(virtualCard.accounting.count(.verify) == 0)
            let age = try await card.verifyAge(atLeast: 18, on: try #require(CardDate("2026-12-03")), pin: pin)
            #expect(age.verdict.isAtLeastMinimumAge)

            // A client that trusts J-LIS's keys only: the simulator's CA is unknown, not verifiable.
            let untrusting = MyNumberCard(transport: transport)
            let unknown = try await untrusting.checkGenuineness(keyRecord: record)
            #expect(unknown.verdict.status == .notVerifiable)

            // A data byte changed (the birth date in EF 0001), then restored.
            let original = try #require(virtualCard.fileContents(.cardSurface, 0x0001))
            var changed = original
            changed[9] ^= 0x01
            virtualCard.replaceFileContents(.cardSurface, 0x0001, with: changed)
            let tampered = try await card.checkGenuineness(keyRecord: try await card.readKeyRecord(.birthDate(pin)))
            #expect(tampered.verdict.failure == .recordSignatureInvalid(.cardSurfaceBirthDate))
            virtualCard.replaceFileContents(.cardSurface, 0x0001, with: original)

            // Each forgery, the later ones breaking an earlier link of the chain.
            let simulatorCA = try CardVerifiableKeyID(number: "SIM0023", group: "001")
            let forgeries: [(CardForgery, CardVerificationFailure)] = [
                (.challengeSignedByAnotherKey, .challengeSignatureInvalid),
                (.recordsResigned(.cardSurface), .recordSignatureInvalid(.cardSurfaceBirthDate)),
                (.certificateSignedByAnotherKey(.cardSurface), .certificateSignatureInvalid(issuer: simulatorCA)),
            ]
            for (forgery, failure) in forgeries {
                try virtualCard.forge(forgery)
                let forged = try await card.checkGenuineness(keyRecord: try await card.readKeyRecord(.birthDate(pin)))
                #expect(forged.verdict.status == .notGenuine, "\(forgery)")
                #expect(forged.verdict.failure == failure, "\(forgery)")
            }

            try? await transport.disconnect()
        }
    }

    @Test("a card pulled out of the reader mid-read is a typed error; after re-insertion the next call works")
    func removedThroughPCSC() async throws {
        let virtualCard = try CardFixtures.card()
        try await reader.withCard(virtualCard) { bridge in
            let transport = PCSCTransport(reader: reader.name)
            let card = MyNumberCard(transport: transport)
            try await card.connect()
            // SELECT AP, SELECT EF 000A, READ BINARY of the header; the card leaves before the rest.
            bridge.removeCard(afterCommands: 3)
            do throws(JPKICardError) {
                _ = try await card.readAuthenticationCertificate()
                Issue.record("the read succeeded without the card")
            } catch {
                guard case .transport(let cause, let location) = error else {
                    Issue.record("expected a transport error, got \(error)")
                    return
                }
                #expect(cause == .cardRemoved)
                #expect(location == CardLocation(.jpki, fileID: 0x000A))
            }
            bridge.stop()
            try await PCSC.waitForCardRemoval(in: reader.name, timeout: .seconds(15))
            try bridge.start()
            _ = try await PCSC.waitForCard(in: reader.name, timeout: .seconds(15))
            #expect(try await card.readAuthenticationCertificate() == virtualCard.authenticationCertificate)
            try? await transport.disconnect()
        }
    }
}
