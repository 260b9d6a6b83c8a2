import Foundation
import HummingbirdTesting
import JPKIPDF
import JPKIPlatform
import JPKISimulator
import JPKIVerification
import JPKIX509
import Testing

/// Card genuineness and age, CMS and PDF through the API.
@Suite("Cards and documents")
struct CardAndDocumentTests {
    @Test("a genuine card over a card challenge is accepted once; evidence for another challenge is not")
    func genuineness() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let holder = CardHolder(card: platform.card)
            try await platform.withClient { client in
                let challenge = try await client.challenge("card")
                let evidence = try await holder.genuinenessEvidence(challenge.nonce)
                let accepted = try await client.post(
                    "/v1/card/genuineness", ["challengeId": challenge.id, "evidence": evidenceJSON(evidence)])
                #expect(accepted.status == .ok)
                #expect(try object(accepted)["accepted"] as? Bool == true)
                let replay = try await client.post(
                    "/v1/card/genuineness", ["challengeId": challenge.id, "evidence": evidenceJSON(evidence)])
                #expect(try errorCode(replay) == "challenge-used")

                let another = try await client.challenge("card")
                let wrong = try await client.post(
                    "/v1/card/genuineness", ["challengeId": another.id, "evidence": evidenceJSON(evidence)])
                #expect(wrong.status == .ok)
                #expect(try object(wrong)["accepted"] as? Bool == false)
            }
        }
    }

    @Test("the age check: 番号 花子 (born 1985-04-01) is 18 or older, not 65 or older, on 2026-12-03")
    func age() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let holder = CardHolder(card: platform.card)
            try await platform.withClient { client in
                for (minimum, expected) in [(18, true), (65, false)] {
                    let challenge = try await client.challenge("card")
                    let evidence = try await holder.genuinenessEvidence(challenge.nonce)
                    let response = try await client.post(
                        "/v1/card/age",
                        [
                            "challengeId": challenge.id, "evidence": evidenceJSON(evidence), "minimumAge": minimum,
                            "date": "2026-12-03",
                        ])
                    #expect(response.status == .ok)
                    #expect(try object(response)["accepted"] as? Bool == expected)
                    let report = try #require(try object(response)["report"] as? [String: Any])
                    #expect((report["age"] as? [String: Any])?["age"] as? Int == 41)
                }
            }
        }
    }

    @Test("a CMS signed with the card's signature key verifies, and names the signer")
    func cms() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let content = Array("請求書 2026-12".utf8)
            let builder = CMSSignedDataBuilder(
                content: content, signerCertificate: platform.card.credentials.signatureCertificate, detached: true)
            // The card's key, as a software signer (the card would sign the same DigestInfo).
            let key = SoftwarePDFSigner(key: platform.card.credentials.signatureKey, chain: [])
            let cms = try await builder.sign { digestInfo in try await key.sign(digestInfo: digestInfo) }
            try await platform.withClient { client in
                let response = try await client.post("/v1/verify/cms", ["cms": cms.base64, "content": content.base64])
                #expect(response.status == .ok)
                #expect(try object(response)["valid"] as? Bool == true)
                #expect((try object(response)["signer"] as? [String: Any])?["name"] as? String == "番号\u{3000}花子")
                let other = try await client.post(
                    "/v1/verify/cms", ["cms": cms.base64, "content": Array("請求書 2027-01".utf8).base64])
                #expect(try object(other)["valid"] as? Bool == false)
                let garbage = try await client.post("/v1/verify/cms", ["cms": "MAA="])
                #expect(garbage.status == .ok)
                #expect(try object(garbage)["valid"] as? Bool == false)
            }
        }
    }

    @Test("a PDF signed with the card's signature key verifies; a changed one does not; a non-PDF is 400")
    func pdf() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let original = PDFTextDocument.onePage(lines: ["Consent form", "Hanako Bango"])
            let signer = SoftwarePDFSigner(
                key: platform.card.credentials.signatureKey, chain: [platform.card.credentials.signatureCertificate])
            let signed = try await PDFSigning.sign(try PDFDocument(bytes: original), with: signer)
            try await platform.withClient { client in
                let response = try await client.post("/v1/verify/pdf", ["pdf": signed.base64])
                #expect(response.status == .ok)
                #expect(try object(response)["valid"] as? Bool == true)
                var tampered = signed
                if let index = tampered.firstIndex(of: UInt8(ascii: "C")) { tampered[index] = UInt8(ascii: "K") }
                let changed = try await client.post("/v1/verify/pdf", ["pdf": tampered.base64])
                #expect(try object(changed)["valid"] as? Bool == false)
                let notPDF = try await client.post("/v1/verify/pdf", ["pdf": Array("hello".utf8).base64])
                #expect(notPDF.status == .badRequest)
                #expect((try object(notPDF)["error"] as? [String: Any])?["field"] as? String == "pdf")
            }
        }
    }
}

/// The API's JSON of `evidence`.
func evidenceJSON(_ evidence: CardGenuinenessEvidence) -> [String: Any] {
    var json: [String: Any] = [
        "application": evidence.application.rawValue, "certificate": evidence.certificate.base64,
        "challenge": evidence.challenge.base64, "challengeFromCard": evidence.challengeFromCard,
        "challengeSignature": evidence.challengeSignature.base64,
    ]
    if let record = evidence.keyRecord { json["keyRecord"] = record.base64 }
    if let kind = evidence.keyRecordKind { json["keyRecordKind"] = kind.rawValue }
    return json
}
