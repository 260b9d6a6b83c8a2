import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

@testable import JPKIVerification

/// The server's side of かざし: `JPKIVerifier.verifyGenuineness` and `verifyAge` decide from the
/// evidence a device sent, and the report records the CV chain and the CA key.
@Suite("JPKIVerifier: card genuineness and age")
struct CardGenuinenessVerifierTests {
    static let card: Result<VirtualMyNumberCard, any Error> = Result {
        try VirtualMyNumberCard(persona: .sample, pki: try TestPKI())
    }

    /// The evidence a device would send for `challenge`: the 確認AP's EF 0004 and EF 0001, and the
    /// card's signature (COMPUTE DIGITAL SIGNATURE 80 2A 00 00) over the challenge.
    static func evidence(_ card: VirtualMyNumberCard, challenge: [UInt8]) throws -> CardGenuinenessEvidence {
        let signature = try card.credentials.internalAuthenticationKey.signPaddedDigestInfo(
            DigestAlgorithm.sha256.digestInfo(digest: DigestAlgorithm.sha256.hash(challenge)))
        return CardGenuinenessEvidence(
            application: .cardSurface, certificate: try #require(card.fileContents(.cardSurface, 0x0004)),
            keyRecord: try #require(card.fileContents(.cardSurface, 0x0001)), keyRecordKind: .cardSurfaceBirthDate,
            challenge: challenge, challengeFromCard: false, challengeSignature: signature)
    }

    static func verifier() throws -> JPKIVerifier {
        JPKIVerifier(anchors: try TrustAnchors(pinnedRoots: []))
    }

    @Test("a genuine card: the report names the CV chain and the CA key; JSON round trip")
    func genuine() throws {
        let card = try Self.card.get()
        let nonce = Array("server nonce 42".utf8)
        let report = try Self.verifier().verifyGenuineness(
            evidence: try Self.evidence(card, challenge: nonce), challenge: nonce, trust: card.pki.cardVerifiableTrust)
        #expect(report.isAccepted)
        #expect(report.operation == "card-genuineness")
        #expect(report.chain?.caKey?.hasPrefix("SIM0023/001") == true)
        #expect(report.chain?.holderKeyID == "SIMSIGN/001")
        #expect(report.chain?.verifiedRecords == [.cardSurfaceBirthDate])
        #expect(report.inputs.map(\.name) == ["cv-certificate", "key-record", "challenge", "challenge-signature"])
        let decoded = try JSONDecoder().decode(CardGenuinenessReport.self, from: try report.jsonData())
        #expect(decoded == report)
    }

    @Test("the server's own nonce decides: evidence for another challenge is not genuine")
    func replay() throws {
        let card = try Self.card.get()
        let evidence = try Self.evidence(card, challenge: Array("old nonce".utf8))
        let report = try Self.verifier().verifyGenuineness(
            evidence: evidence, challenge: Array("new nonce".utf8), trust: card.pki.cardVerifiableTrust)
        #expect(!report.isAccepted)
        #expect(report.verdict.failure == .challengeMismatch)
    }

    @Test("with J-LIS's keys only (the default), the simulator's card is not verifiable")
    func defaultTrust() throws {
        let card = try Self.card.get()
        let nonce = Array("nonce".utf8)
        let report = try Self.verifier().verifyGenuineness(
            evidence: try Self.evidence(card, challenge: nonce), challenge: nonce)
        #expect(report.verdict.status == .notVerifiable)
        #expect(report.chain?.caKey == nil)
    }

    @Test("age: at least 18 and not at least 60 on 2026-12-03 (born 1985-04-01), from the signed birth date")
    func age() throws {
        let card = try Self.card.get()
        let nonce = Array("age nonce".utf8)
        let evidence = try Self.evidence(card, challenge: nonce)
        let day = try #require(GregorianDate(year: 2026, month: 12, day: 3))
        let adult = try Self.verifier().verifyAge(
            evidence: evidence, challenge: nonce, atLeast: 18, on: day, trust: card.pki.cardVerifiableTrust)
        #expect(adult.isAccepted && adult.age?.age == 41)
        #expect(adult.age?.birthDate == GregorianDate(year: 1985, month: 4, day: 1))
        let senior = try Self.verifier().verifyAge(
            evidence: evidence, challenge: nonce, atLeast: 60, on: day, trust: card.pki.cardVerifiableTrust)
        #expect(!senior.isAccepted && senior.verdict.isGenuine)
    }
}
