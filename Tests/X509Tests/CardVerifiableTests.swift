import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// A CV certificate and signed records built here, in the card's exact layout, with keys made
/// in the test (independent of the simulator).
enum CardLayout {
    static let keys:
        Result<(ca: SigningKey, signer: SigningKey, application: SigningKey, other: SigningKey), any Error> =
            Result {
                (
                    try SigningKey(generatingRSABits: 2048), try SigningKey(generatingRSABits: 2048),
                    try SigningKey(generatingRSABits: 2048), try SigningKey(generatingRSABits: 2048)
                )
            }

    /// `tag` (1–2 bytes) with a minimal length, or `82 HH LL` when `long`.
    static func tlv(_ tag: UInt32, _ value: [UInt8], long: Bool = false) -> [UInt8] {
        let tagBytes: [UInt8] = tag > 0xFF ? [UInt8(tag >> 8), UInt8(tag & 0xFF)] : [UInt8(tag)]
        if long || value.count > 255 {
            return tagBytes + [0x82, UInt8(value.count >> 8), UInt8(value.count & 0xFF)] + value
        }
        if value.count > 127 { return tagBytes + [0x81, UInt8(value.count)] + value }
        return tagBytes + [UInt8(value.count)] + value
    }

    /// `90 03 01 00 01 91 82 01 00 <modulus>`.
    static func cardKey(_ key: SigningKey) throws -> [UInt8] {
        let rsa = try #require(try key.subjectPublicKeyInfo.rsaPublicKey())
        return tlv(0x90, rsa.publicExponent) + tlv(0x91, rsa.modulus, long: true)
    }

    static func keyID(_ number: String) -> [UInt8] {
        Array(number.utf8) + [0x08, 0x05] + Array("001".utf8) + [0, 0, 0, 0]
    }

    /// `7F 21 82 02 33 { 5F 4E 82 01 29 body, 5F 37 82 01 00 signature }`.
    static func certificate(issuer: [UInt8], holder: SigningKey, signedBy ca: SigningKey) throws -> [UInt8] {
        let body = issuer + keyID("TESTSGN") + (try cardKey(holder))
        let signature = try ca.sign(body)
        return tlv(0x7F21, tlv(0x5F4E, body, long: true) + tlv(0x5F37, signature, long: true), long: true)
    }

    /// `FF 10 { DF 11 date, DF 12 key, DF 13 signature }`.
    static func birthDateRecord(_ date: String, key: SigningKey, signedBy signer: SigningKey) throws -> [UInt8] {
        let body = tlv(0xDF11, Array(date.utf8)) + tlv(0xDF12, try cardKey(key), long: true)
        return tlv(0xFF10, body + tlv(0xDF13, try signer.sign(body), long: true), long: true)
    }

    /// 確認AP EF 0002: offsets from the file start, the three-digest DigestInfo.
    static func entriesRecord(key: SigningKey, signedBy signer: SigningKey) throws -> [UInt8] {
        let covered = [
            tlv(0xDF22, Array("19850401".utf8)), tlv(0xDF23, [0x32]), tlv(0xDF24, try cardKey(key), long: true),
            tlv(0xDF25, [UInt8](repeating: 0x11, count: 300), long: true), tlv(0xDF26, [0x22, 0x23]),
            tlv(0xDF27, [UInt8](repeating: 0x33, count: 1000), long: true),
        ]
        let digests =
            DigestAlgorithm.sha256.hash(covered[0...2].flatMap { $0 })
            + DigestAlgorithm.sha256.hash(covered[3...4].flatMap { $0 }) + DigestAlgorithm.sha256.hash(covered[5])
        let digestInfo = try #require(Hex.decode("3071300D06096086480165030402010500" + "0460")) + digests
        let objects =
            covered + [
                tlv(0xDF28, try signer.signPaddedDigestInfo(digestInfo), long: true),
                tlv(0xDF29, Array("20330401".utf8)), tlv(0xDF2A, [0x44]),
            ]
        let tableLength = 3 + 2 * objects.count
        let valueLength = tableLength + objects.reduce(0) { $0 + $1.count }
        var position = 5 + tableLength  // FF 20 82 HH LL
        var offsets: [UInt8] = []
        for object in objects {
            offsets += [UInt8(position >> 8), UInt8(position & 0xFF)]
            position += object.count
        }
        let file = tlv(0xFF20, tlv(0xDF21, offsets) + objects.flatMap { $0 }, long: true)
        #expect(file.count == 5 + valueLength)
        return file
    }

    /// Evidence of a genuine card whose CA key is `ca` (under `issuer`).
    static func evidence(
        issuer: [UInt8] = keyID("TEST023"), challenge: [UInt8] = Array(0..<16),
        certificateSigner: SigningKey? = nil, recordSigner: SigningKey? = nil, challengeSigner: SigningKey? = nil
    ) throws -> CardGenuinenessEvidence {
        let keys = try CardLayout.keys.get()
        let certificate = try certificate(issuer: issuer, holder: keys.signer, signedBy: certificateSigner ?? keys.ca)
        let record = try birthDateRecord("19850401", key: keys.application, signedBy: recordSigner ?? keys.signer)
        let signature = try (challengeSigner ?? keys.application).sign(challenge)
        return CardGenuinenessEvidence(
            application: .cardSurface, certificate: certificate, keyRecord: record,
            keyRecordKind: .cardSurfaceBirthDate,
            challenge: challenge, challengeFromCard: false, challengeSignature: signature)
    }

    /// A trust holding the test CA under `TEST023` for the 確認AP.
    static func trust() throws -> CardVerifiableTrust {
        let ca = try CardLayout.keys.get().ca
        let rsa = try #require(try ca.subjectPublicKeyInfo.rsaPublicKey())
        let key = CardVerifiableCAKey(
            keyID: try CardVerifiableKeyID(keyID("TEST023")),
            publicKey: CardRSAPublicKey(exponent: rsa.publicExponent, modulus: rsa.modulus),
            hierarchy: .named("unit test"), role: .cardSurface)
        return CardVerifiableTrust.jlis.adding([key])
    }
}

@Suite("Card-verifiable certificates and signed records")
struct CardVerifiableTests {
    @Test("a CV certificate in the card's exact layout parses and verifies with the CA key made here")
    func certificate() throws {
        let keys = try CardLayout.keys.get()
        let bytes = try CardLayout.certificate(
            issuer: CardLayout.keyID("TEST023"), holder: keys.signer, signedBy: keys.ca)
        #expect(Array(bytes.prefix(5)) == [0x7F, 0x21, 0x82, 0x02, 0x33])
        let certificate = try CardVerifiableCertificate(encoded: bytes + [0xFF, 0xFF])
        #expect(certificate.body.count == 297)
        #expect(certificate.issuerKeyID.description == "TEST023/001")
        #expect(certificate.holderKeyID.number == "TESTSGN")
        #expect(certificate.publicKey.exponent == [0x01, 0x00, 0x01] && certificate.publicKey.bitLength == 2048)
        #expect(certificate.isSigned(by: try PublicKey(keys.ca.subjectPublicKeyInfo)))
        #expect(!certificate.isSigned(by: try PublicKey(keys.other.subjectPublicKeyInfo)))
        let caKey = try certificate.verify(with: try CardLayout.trust())
        #expect(caKey.hierarchy == .named("unit test"))
        #expect(throws: CardVerificationFailure.unknownCAKey(certificate.issuerKeyID)) {
            try certificate.verify(with: .jlis)
        }
    }

    @Test("CV certificates are parsed strictly: lengths, order, padding, trailing data")
    func strictness() throws {
        let keys = try CardLayout.keys.get()
        let good = try CardLayout.certificate(
            issuer: CardLayout.keyID("TEST023"), holder: keys.signer, signedBy: keys.ca)
        let body = Array(good[9..<(9 + 297)])
        let signature = Array(good[(9 + 297 + 5)...])
        func t(_ tag: UInt32, _ value: [UInt8], long: Bool) -> [UInt8] { CardLayout.tlv(tag, value, long: long) }
        let cases: [[UInt8]] = [
            t(0x7F21, t(0x5F4E, Array(body.dropLast()), long: true) + t(0x5F37, signature, long: true), long: true),
            t(0x7F21, t(0x5F4E, body, long: true) + t(0x5F37, Array(signature.dropLast()), long: true), long: true),
            t(0x7F21, t(0x5F37, signature, long: true) + t(0x5F4E, body, long: true), long: true),
            t(0x7F21, t(0x5F4E, body, long: true) + t(0x5F37, signature, long: true) + [0x00], long: true),
            good + [0x01, 0x02],
            // CardVerifiableFuzz's first finding: padding before the certificate was skipped.
            [0x00, 0x00] + good, [0xFF] + good,
            Array(good.prefix(100)),
            [0x7F, 0x4E] + Array(good.dropFirst(2)),
        ]
        for bytes in cases {
            #expect(throws: CardVerificationFailure.self) { try CardVerifiableCertificate(encoded: bytes) }
        }
    }

    @Test(
        "the J-LIS CV CA keys embedded are those of fixtures/card-ca/jlis-cvc-ca-keys.json",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func embeddedKeysEqualFixture() throws {
        struct File: Decodable {
            struct Key: Decodable {
                var keyIDHex: String
                var hierarchy: String
                var modulusHex: String
                var exponentHex: String

                enum CodingKeys: String, CodingKey {
                    case keyIDHex = "key_id_hex"
                    case hierarchy
                    case modulusHex = "modulus_hex"
                    case exponentHex = "exponent_hex"
                }
            }
            var keys: [Key]
        }
        let file = try JSONDecoder().decode(
            File.self, from: Data(try SharedFixtures.bytes("card-ca/jlis-cvc-ca-keys.json")))
        #expect(file.keys.count == 6)
        let embedded = CardVerifiableCAKey.jlisProduction + CardVerifiableCAKey.jpkiTestCards
        #expect(embedded.count == file.keys.count)
        for key in file.keys {
            let id = try CardVerifiableKeyID(try #require(Hex.decode(key.keyIDHex)))
            let found = try #require(embedded.first { $0.keyID == id }, "no embedded key \(id)")
            #expect(found.publicKey.modulus == Hex.decode(key.modulusHex), "\(id)")
            #expect(found.publicKey.exponent == Hex.decode(key.exponentHex), "\(id)")
            #expect(found.publicKey.bitLength == 2048)
            #expect((found.hierarchy == .jlisProduction) == (key.hierarchy == "production"), "\(id)")
        }
    }

    @Test("trust: J-LIS production keys by default; the test-card keys and others only when asked for by name")
    func trust() throws {
        let production = ["5000020/001", "5000023/001", "5000033/001"]
        #expect(CardVerifiableTrust.jlis.keys.map(\.keyID.description) == production)
        #expect(CardVerifiableTrust.jlis.keys.map(\.role) == [.masterFile, .cardSurface, .cardInfo])
        let test = try CardVerifiableKeyID(number: "6000023", group: "001")
        #expect(CardVerifiableTrust.jlis.key(for: test) == nil)
        #expect(CardVerifiableTrust.jlis.including(.jpkiTestCards).key(for: test)?.hierarchy == .jpkiTestCards)
        // Every byte counts: the same number with another padding is another key.
        let padded = try CardVerifiableKeyID(number: "5000023", group: "001", padding: [0, 0, 0, 1])
        #expect(CardVerifiableTrust.jlis.key(for: padded) == nil)
        #expect(padded.description == "5000023/001")
    }

    @Test("a signed record in the card's layout verifies with the certified key; a changed byte does not")
    func birthDateRecord() throws {
        let keys = try CardLayout.keys.get()
        let bytes = try CardLayout.birthDateRecord("19850401", key: keys.application, signedBy: keys.signer)
        let record = try CardSignedRecord(.cardSurfaceBirthDate, encoded: bytes + [0xFF, 0xFF, 0xFF])
        #expect(record.value(0xDF11).map(Array.init) == Array("19850401".utf8))
        #expect(
            record.applicationKey
                == CardRSAPublicKey(
                    exponent: [1, 0, 1],
                    modulus: try #require(try keys.application.subjectPublicKeyInfo.rsaPublicKey()).modulus))
        let signer = try PublicKey(keys.signer.subjectPublicKeyInfo)
        #expect(record.isSigned(by: signer))
        #expect(!record.isSigned(by: try PublicKey(keys.other.subjectPublicKeyInfo)))
        for index in [3, 10, 20, 200] {
            var tampered = bytes
            tampered[index] ^= 0x01
            let parsed = try? CardSignedRecord(.cardSurfaceBirthDate, encoded: tampered)
            #expect(parsed?.isSigned(by: signer) != true, "byte \(index)")
        }
    }

    @Test(
        "確認AP EF 0002: offsets from the file start, one DigestInfo of three SHA-256 digests; DF 29 and DF 2A not covered"
    )
    func entriesRecord() throws {
        let keys = try CardLayout.keys.get()
        let bytes = try CardLayout.entriesRecord(key: keys.application, signedBy: keys.signer)
        let record = try CardSignedRecord(.cardSurfaceEntries, encoded: bytes)
        #expect(Array(record.signedPayload.prefix(2)) == [0x30, 0x71])
        #expect(record.signedPayload.count == 115)
        let signer = try PublicKey(keys.signer.subjectPublicKeyInfo)
        #expect(record.isSigned(by: signer))
        // The expiry (DF 29) follows the signature: changing it keeps the signature valid.
        let expiry = try #require(record.objects.first { $0.tag == 0xDF29 })
        var expiryChanged = bytes
        expiryChanged[expiry.valueRange.lowerBound] ^= 0x01
        #expect(try CardSignedRecord(.cardSurfaceEntries, encoded: expiryChanged).isSigned(by: signer))
        // The photo (DF 27, group 3) is covered.
        let photo = try #require(record.objects.first { $0.tag == 0xDF27 })
        var photoChanged = bytes
        photoChanged[photo.valueRange.lowerBound + 10] ^= 0x01
        #expect(try !CardSignedRecord(.cardSurfaceEntries, encoded: photoChanged).isSigned(by: signer))
        // A wrong offset table is refused.
        var offsetChanged = bytes
        offsetChanged[9] ^= 0x01
        #expect(throws: CardVerificationFailure.self) {
            try CardSignedRecord(.cardSurfaceEntries, encoded: offsetChanged)
        }
    }

    @Test(
        "genuineness: the whole chain verifies; each forgery is the right typed failure; an unknown CA key is not verifiable"
    )
    func genuineness() throws {
        let keys = try CardLayout.keys.get()
        let trust = try CardLayout.trust()
        let challenge: [UInt8] = Array(0..<16)
        let genuine = try CardLayout.evidence().verify(expectedChallenge: challenge, trust: trust)
        #expect(genuine.status == .genuine)
        #expect(genuine.caKey?.keyID.description == "TEST023/001")
        #expect(genuine.checks.allSatisfy { $0.passed })

        let forged: [(CardGenuinenessEvidence, CardVerificationFailure)] = [
            (
                try CardLayout.evidence(certificateSigner: keys.other),
                .certificateSignatureInvalid(issuer: try CardVerifiableKeyID(CardLayout.keyID("TEST023")))
            ),
            (try CardLayout.evidence(recordSigner: keys.other), .recordSignatureInvalid(.cardSurfaceBirthDate)),
            (try CardLayout.evidence(challengeSigner: keys.other), .challengeSignatureInvalid),
        ]
        for (evidence, failure) in forged {
            let verdict = evidence.verify(expectedChallenge: challenge, trust: trust)
            #expect(verdict.status == .notGenuine)
            #expect(verdict.failure == failure)
        }
        // Another challenge than the one issued.
        #expect(try CardLayout.evidence().verify(expectedChallenge: [9], trust: trust).failure == .challengeMismatch)
        // A data byte changed in the record (the birth date).
        var changed = try CardLayout.evidence()
        if var record = changed.keyRecord {
            record[8] ^= 0x01
            changed.keyRecord = record
        }
        #expect(
            changed.verify(expectedChallenge: challenge, trust: trust).failure
                == .recordSignatureInvalid(.cardSurfaceBirthDate))
        // An unknown CA key: not verifiable, never genuine.
        let unknown = try CardLayout.evidence().verify(expectedChallenge: challenge, trust: .jlis)
        #expect(unknown.status == .notVerifiable)
        #expect(unknown.failure == .unknownCAKey(try CardVerifiableKeyID(CardLayout.keyID("TEST023"))))
        // No record: not verifiable.
        var withoutRecord = try CardLayout.evidence()
        withoutRecord.keyRecord = nil
        withoutRecord.keyRecordKind = nil
        let noRecord = withoutRecord.verify(expectedChallenge: challenge, trust: trust)
        #expect(noRecord.status == .notVerifiable)
        // The evidence and the verdict round-trip through JSON.
        let decoded = try JSONDecoder().decode(
            CardGenuinenessEvidence.self, from: try JSONEncoder().encode(try CardLayout.evidence()))
        #expect(decoded == (try CardLayout.evidence()))
        #expect(
            try JSONDecoder().decode(CardGenuinenessVerdict.self, from: try JSONEncoder().encode(genuine)) == genuine)
    }

    @Test("age from verified evidence: the signed birth date and the age on the day")
    func ageVerdict() throws {
        let trust = try CardLayout.trust()
        let challenge: [UInt8] = Array(0..<16)
        let evidence = try CardLayout.evidence()
        let day = try #require(GregorianDate(year: 2005, month: 3, day: 31))
        let adult = CardAgeVerdict.verify(
            evidence: evidence, expectedChallenge: challenge, minimumAge: 20, on: day, trust: trust)
        #expect(adult.age == 19 && !adult.isAtLeastMinimumAge)
        let birthday = try #require(GregorianDate(year: 2005, month: 4, day: 1))
        let twenty = CardAgeVerdict.verify(
            evidence: evidence, expectedChallenge: challenge, minimumAge: 20, on: birthday, trust: trust)
        #expect(twenty.age == 20 && twenty.isAtLeastMinimumAge)
        #expect(twenty.birthDate == GregorianDate(year: 1985, month: 4, day: 1))
        // Not genuine: no answer, whatever the date.
        let untrusted = CardAgeVerdict.verify(
            evidence: evidence, expectedChallenge: challenge, minimumAge: 20, on: birthday, trust: .jlis)
        #expect(!untrusted.isAtLeastMinimumAge)
    }
}

@Suite("Age by Japanese law (年齢計算ニ関スル法律)")
struct JapaneseAgeTests {
    static func date(_ text: String) -> GregorianDate? { GregorianDate(text) }

    @Test(
        "the age increases at the end of the day before the birthday; 29 February included",
        arguments: [
            ("1985-04-01", "2005-03-30", 19), ("1985-04-01", "2005-03-31", 19), ("1985-04-01", "2005-04-01", 20),
            ("1985-04-02", "2005-04-01", 19), ("1985-04-02", "2005-04-02", 20), ("1985-12-31", "2005-12-30", 19),
            ("1985-12-31", "2005-12-31", 20), ("1986-01-01", "2005-12-31", 19), ("1986-01-01", "2006-01-01", 20),
            // 29 February: one year older at the end of 28 February, so from 1 March in a common
            // year and from 29 February in a leap year.
            ("2004-02-29", "2022-02-28", 17), ("2004-02-29", "2022-03-01", 18), ("2004-02-29", "2024-02-28", 19),
            ("2004-02-29", "2024-02-29", 20), ("2000-02-29", "2100-02-28", 99), ("2000-02-29", "2100-03-01", 100),
            ("2007-12-04", "2025-12-03", 17), ("2007-12-04", "2025-12-04", 18), ("1985-04-01", "1985-04-01", 0),
        ])
    func age(birth: String, on: String, expected: Int) throws {
        let birthDate = try #require(Self.date(birth))
        #expect(birthDate.age(on: try #require(Self.date(on))) == expected)
    }

    @Test(
        "the day at whose end an age is reached is the day before the birthday (28 February for 29 February)",
        arguments: [
            ("1985-04-01", 20, "2005-03-31"), ("1985-04-02", 20, "2005-04-01"), ("1986-01-01", 20, "2005-12-31"),
            ("2004-02-29", 18, "2022-02-28"), ("2004-02-29", 20, "2024-02-28"), ("1985-03-01", 1, "1986-02-28"),
        ])
    func dayReaching(birth: String, age: Int, expected: String) throws {
        let birthDate = try #require(Self.date(birth))
        #expect(birthDate.dayReaching(age: age) == Self.date(expected))
    }

    @Test("no age before the birth; the era year as the card's keys take it; the day in Japan of an instant")
    func helpers() throws {
        let birth = try #require(Self.date("1985-04-01"))
        #expect(birth.age(on: try #require(Self.date("1985-03-31"))) == nil)
        #expect(birth.eraYYMMDD == "600401")
        #expect(Self.date("1989-01-07")?.eraYYMMDD == "640107")
        #expect(Self.date("1989-01-08")?.eraYYMMDD == "010108")
        #expect(Self.date("2019-04-30")?.eraYYMMDD == "310430")
        #expect(Self.date("2019-05-01")?.eraYYMMDD == "010501")
        #expect(Self.date("2020-02-24")?.eraYYMMDD == "020224")
        // 2026-12-03T15:00:00Z is 2026-12-04 00:00 in Japan; one second earlier still the 3rd.
        #expect(GregorianDate(japanStandardTimeAt: 1_796_310_000) == Self.date("2026-12-04"))
        #expect(GregorianDate(japanStandardTimeAt: 1_796_309_999) == Self.date("2026-12-03"))
        #expect(GregorianDate(japanStandardTimeAt: -9 * 3600) == Self.date("1970-01-01"))
        #expect(GregorianDate(japanStandardTimeAt: -9 * 3600 - 1) == Self.date("1969-12-31"))
    }

    @Test("BasicFourInformation.age(on:) from a signature certificate's birth date")
    func basicFourInformation() throws {
        let birthDate = try JPKIBirthDate("420040229")
        #expect(birthDate.age(on: try #require(Self.date("2022-02-28"))) == 17)
        #expect(birthDate.age(on: try #require(Self.date("2022-03-01"))) == 18)
    }
}
