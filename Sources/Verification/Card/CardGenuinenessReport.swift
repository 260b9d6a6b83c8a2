import Foundation
import JPKIASN1
import JPKIX509

/// The audit record of a server's check of a My Number Card's genuineness (and, when asked, of
/// the holder's age): what was received, the CV chain, the CA key used, every check, and the
/// decision. `Codable` (JSON) like the other reports of this module.
public struct CardGenuinenessReport: Codable, Hashable, Sendable {
    /// The SHA-256 of one piece of evidence.
    public struct Input: Codable, Hashable, Sendable {
        /// `cv-certificate`, `key-record`, `challenge`, `challenge-signature`.
        public var name: String
        /// The SHA-256, hexadecimal.
        public var sha256: String
        /// The size in bytes.
        public var size: Int
    }

    /// The CV chain as checked: CA key → CV certificate → records → application key.
    public struct Chain: Codable, Hashable, Sendable {
        /// The application that signed the challenge.
        public var application: CardVerifiableApplication
        /// The CV certificate's 証明者鍵ID (`5000023/001`).
        public var issuerKeyID: String
        /// The CV certificate's 被証明者鍵ID.
        public var holderKeyID: String
        /// The CA key that verified the CV certificate (`5000023/001 (J-LIS production, …)`), or
        /// `nil` when none of the trusted keys answers to the 証明者鍵ID.
        public var caKey: String?
        /// The CA key's hierarchy, or `nil`.
        public var caHierarchy: CardVerifiableHierarchy?
        /// The records whose signatures verified.
        public var verifiedRecords: [CardSignedRecord.Kind]
        /// The SHA-256 of the application key's SubjectPublicKeyInfo (DER), hexadecimal, or `nil`.
        public var applicationKeySHA256: String?
    }

    /// The age part of an age check.
    public struct Age: Codable, Hashable, Sendable {
        /// The age asked for.
        public var minimumAge: Int
        /// The day the age was computed for.
        public var date: GregorianDate
        /// The J-LIS-signed birth date, when the record verified.
        public var birthDate: GregorianDate?
        /// The age on ``date`` by Japanese law.
        public var age: Int?
        /// The decision: genuine and at least ``minimumAge``.
        public var isAtLeastMinimumAge: Bool
    }

    /// The report's format.
    public var formatVersion: Int = 1
    /// `card-genuineness` or `card-age`.
    public var operation: String
    /// When the report was made, ISO 8601 (UTC).
    public var createdAt: String
    /// What was received.
    public var inputs: [Input]
    /// The CV chain, when the certificate and the record parsed.
    public var chain: Chain?
    /// The verdict with its checks and reason.
    public var verdict: CardGenuinenessVerdict
    /// The age check, for `card-age`.
    public var age: Age?

    /// Whether the card is genuine (and, for an age check, the holder at least the age).
    public var isAccepted: Bool { verdict.isGenuine && (age?.isAtLeastMinimumAge ?? true) }

    /// The report as JSON (sorted keys, pretty printed).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    init(operation: String, evidence: CardGenuinenessEvidence, verdict: CardGenuinenessVerdict, age: Age?) {
        self.operation = operation
        createdAt = ISO8601DateFormatter().string(from: Date())
        var inputs = [Input(name: "cv-certificate", bytes: evidence.certificate)]
        if let record = evidence.keyRecord { inputs.append(Input(name: "key-record", bytes: record)) }
        inputs.append(Input(name: "challenge", bytes: evidence.challenge))
        inputs.append(Input(name: "challenge-signature", bytes: evidence.challengeSignature))
        self.inputs = inputs
        if let authenticity = verdict.authenticity {
            chain = Chain(
                application: authenticity.application, issuerKeyID: authenticity.issuerKeyID.description,
                holderKeyID: authenticity.holderKeyID.description, caKey: authenticity.caKey?.description,
                caHierarchy: authenticity.caKey?.hierarchy, verifiedRecords: authenticity.verifiedRecords,
                applicationKeySHA256: authenticity.applicationKey.map {
                    Hex.encode(DigestAlgorithm.sha256.hash($0.subjectPublicKeyInfoDER))
                })
        }
        self.verdict = verdict
        self.age = age
    }
}

extension CardGenuinenessReport.Input {
    init(name: String, bytes: [UInt8]) {
        self.init(name: name, sha256: Hex.encode(DigestAlgorithm.sha256.hash(bytes)), size: bytes.count)
    }
}

extension JPKIVerifier {
    /// Decides whether a My Number Card is genuine from the evidence its holder's device sent
    /// (``CardGenuinenessEvidence``, e.g. `MyNumberCard.checkGenuineness` or `kazashi` in
    /// JPKICard): J-LIS CV CA key → CV certificate → signed record with the application's key →
    /// the card's signature over `challenge`.
    ///
    /// - Parameters:
    ///   - challenge: the nonce this server issued for the check (one use only); evidence that
    ///     answers another one is not genuine.
    ///   - trust: the CV CA keys trusted: J-LIS's production keys unless others are asked for by
    ///     name (test cards, a simulator).
    /// - Returns: the audit record, with the CV chain and the CA key used.
    public func verifyGenuineness(
        evidence: CardGenuinenessEvidence, challenge: [UInt8], trust: CardVerifiableTrust = .jlis
    ) -> CardGenuinenessReport {
        let verdict = evidence.verify(expectedChallenge: challenge, trust: trust)
        return CardGenuinenessReport(operation: "card-genuineness", evidence: evidence, verdict: verdict, age: nil)
    }

    /// Decides whether the holder of a genuine card is at least `minimumAge` on `date`, from
    /// evidence whose key record is the 券面事項確認AP's EF 0001 (the J-LIS-signed birth date; no
    /// name, address or photo): `MyNumberCard.verifyAge` in JPKICard. Age by Japanese law
    /// (年齢計算ニ関スル法律; see `GregorianDate.age(on:)`). Technology, not certification.
    public func verifyAge(
        evidence: CardGenuinenessEvidence, challenge: [UInt8], atLeast minimumAge: Int, on date: GregorianDate,
        trust: CardVerifiableTrust = .jlis
    ) -> CardGenuinenessReport {
        let verdict = CardAgeVerdict.verify(
            evidence: evidence, expectedChallenge: challenge, minimumAge: minimumAge, on: date, trust: trust)
        let age = CardGenuinenessReport.Age(
            minimumAge: minimumAge, date: date, birthDate: verdict.birthDate, age: verdict.age,
            isAtLeastMinimumAge: verdict.isAtLeastMinimumAge)
        return CardGenuinenessReport(operation: "card-age", evidence: evidence, verdict: verdict.genuineness, age: age)
    }
}
