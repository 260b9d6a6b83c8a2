/// The verdict on an age check: whether the holder of a genuine card is at least ``minimumAge``
/// on ``date``, from the J-LIS-signed birth date of the 券面事項確認AP's EF 0001 (which carries
/// no name, address or photo).
///
/// The evidence is a ``CardGenuinenessEvidence`` whose key record is EF 0001: the record's
/// signature ties the birth date to J-LIS's CV CA key, and the card's signature over a fresh
/// challenge with the key in that same record shows that the card itself answered. Technology,
/// not certification: the verdict says what the card's signed data say, not who presented the
/// card.
public struct CardAgeVerdict: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The age asked for.
    public var minimumAge: Int
    /// The day the age is computed for (the holder's age from the start of that day).
    public var date: GregorianDate
    /// The signed birth date, when the record verified.
    public var birthDate: GregorianDate?
    /// The age on ``date`` by Japanese law, when known.
    public var age: Int?
    /// The genuineness verdict on the evidence (CV chain, CA key, challenge signature).
    public var genuineness: CardGenuinenessVerdict

    /// Whether the card is genuine and the holder at least ``minimumAge`` on ``date``; `false`
    /// when the card is not genuine or not verifiable.
    public var isAtLeastMinimumAge: Bool {
        guard genuineness.isGenuine, let age else { return false }
        return age >= minimumAge
    }

    /// E.g. `at least 20 on 2026-12-03: yes (genuine: …)`.
    public var description: String {
        let answer = genuineness.isGenuine ? (isAtLeastMinimumAge ? "yes" : "no") : "unknown"
        return "at least \(minimumAge) on \(date): \(answer) (\(genuineness))"
    }

    /// Checks `evidence` (its key record must be the 券面事項確認AP's EF 0001) and computes the
    /// age on `date`.
    ///
    /// - Parameters:
    ///   - expectedChallenge: the nonce the verifier issued (`nil` only on the device that had the
    ///     card make it).
    ///   - trust: the CV CA keys trusted.
    public static func verify(
        evidence: CardGenuinenessEvidence, expectedChallenge: [UInt8]?, minimumAge: Int, on date: GregorianDate,
        trust: CardVerifiableTrust = .jlis
    ) -> CardAgeVerdict {
        var genuineness = evidence.verify(expectedChallenge: expectedChallenge, trust: trust)
        var birthDate: GregorianDate?
        if evidence.keyRecordKind == .cardSurfaceBirthDate, let bytes = evidence.keyRecord,
            let record = try? CardSignedRecord(.cardSurfaceBirthDate, encoded: bytes),
            let text = record.value(0xDF11).flatMap({ String(validating: $0, as: UTF8.self) })
        {
            birthDate = GregorianDate(text)
            if birthDate == nil, genuineness.isGenuine {
                genuineness.status = .notVerifiable
                genuineness.failure = .malformedRecord(.cardSurfaceBirthDate, "DF 11 is not a date YYYYMMDD", offset: 0)
            }
        } else if genuineness.status == .genuine {
            genuineness.status = .notVerifiable
            genuineness.failure = .recordUnavailable("an age check needs the 券面事項確認AP's EF 0001 (the birth date)")
        }
        return CardAgeVerdict(
            minimumAge: minimumAge, date: date, birthDate: birthDate, age: birthDate?.age(on: date),
            genuineness: genuineness)
    }
}
