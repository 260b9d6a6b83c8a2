import JPKIAPDU
import JPKIX509

/// How the signed record that carries a 券面 application's key is read at enrolment
/// (``MyNumberCard/readKeyRecord(_:lastTry:)``): the link between J-LIS's CV certificate and the
/// key that signs a genuineness challenge.
///
/// On a real card that record is behind a PIN or a verification number printed on the card
/// (確認AP EF 0001: the birth-date PIN, 照合番号A or B; 入力補助AP EF 0007: the PIN, 照合番号A or
/// B): no public source puts it anywhere a verifier can read without one. The かざし flow
/// therefore reads it once, at enrolment (a counter, a first visit), and keeps it; every later
/// genuineness check (``MyNumberCard/checkGenuineness(challenge:keyRecord:application:)``) then
/// sends no PIN at all.
public enum KeyRecordAccess: Sendable {
    /// 確認AP EF 0001 after the birth-date PIN (era year `YYMMDD`, printed on the card's face):
    /// the J-LIS-signed birth date and the key, no name, address or photo.
    case birthDate(BirthDatePIN)
    /// 確認AP EF 0001 after 照合番号A or B (EF 0002, the card face with its photo, when the card
    /// keeps EF 0001 behind the birth-date PIN only).
    case cardSurface(CardSurfaceAccess)
    /// 入力補助AP EF 0007 (the key only, no personal data) after its PIN or 照合番号A or B.
    case cardInfo(CardInfoAccess)

    /// The application whose key the record carries.
    public var application: CardApplication {
        switch self {
        case .birthDate, .cardSurface: return .cardSurface
        case .cardInfo: return .cardInfo
        }
    }
}

/// Where the evidence of one visit to the card gets its key record.
enum KeyRecordSource: Sendable {
    /// None: the verdict is *not verifiable*.
    case none
    /// A record read from this card before (its signature is checked again).
    case stored(CardSignedRecord)
    /// Read in the same visit (the age check: the birth-date PIN, then EF 0001).
    case read(KeyRecordAccess)
}

/// What ``MyNumberCard/checkGenuineness(challenge:keyRecord:application:)`` found: the
/// evidence (for a server: `CardGenuinenessEvidence` is `Codable`) and the verdict with its
/// reason, the CV chain and the CA key.
public struct GenuinenessCheck: Hashable, Sendable {
    /// What the card gave.
    public var evidence: CardGenuinenessEvidence
    /// Genuine, not genuine (which check failed) or not verifiable (why), with the CA key used.
    public var verdict: CardGenuinenessVerdict
    /// The APDUs the check sent.
    public var commandCount: Int
}

/// かざし利用 (tap-only use) in one call: the user-authentication certificate (read without a
/// PIN on a card) and the card's genuineness evidence, ready for the server.
public struct KazashiEvidence: Hashable, Sendable {
    /// The user-authentication certificate (EF 000A).
    public var authenticationCertificate: Certificate
    /// The genuineness check, or `nil` on a smartphone token (it has no 券面 applications).
    public var genuineness: GenuinenessCheck?
    /// The APDUs sent.
    public var commandCount: Int
}

/// What ``MyNumberCard/verifyAge(atLeast:on:pin:challenge:lastTry:)`` found.
public struct AgeVerification: Hashable, Sendable {
    /// The verdict: at least the age or not, the signed birth date, the genuineness verdict.
    public var verdict: CardAgeVerdict
    /// The evidence for a server: the 確認AP's CV certificate, its EF 0001 (the J-LIS-signed birth
    /// date and the application key, no name, address or photo), the challenge and its signature.
    public var evidence: CardGenuinenessEvidence
    /// The APDUs sent.
    public var commandCount: Int
}

extension MyNumberCard {
    /// Checks that the card is a genuine J-LIS card: in a 券面 application, the card signs a
    /// challenge with the application's own key (COMPUTE DIGITAL SIGNATURE `80 2A 00 00`), and
    /// the chain J-LIS CV CA key → CV certificate (EF 0004) → signed record carrying the
    /// application's key → challenge signature is verified with ``cardVerifiableTrust``.
    ///
    /// **No PIN or verification number is ever sent**: no VERIFY at all. The signed record with
    /// the application's key is behind one on a real card, so it is read once, at enrolment
    /// (``readKeyRecord(_:lastTry:)``), and given here as `keyRecord`. Without it the evidence is
    /// still collected, and the verdict is *not verifiable*, never "genuine".
    ///
    /// APDUs, measured on the simulator: SELECT AP; GET CHALLENGE (`00 84 00 00 10`, unless
    /// `challenge` is given); COMPUTE DIGITAL SIGNATURE; SELECT EF 0004 and 2 READ BINARY (6, or
    /// 5 with the caller's challenge).
    ///
    /// - Parameters:
    ///   - challenge: the verifier's nonce (e.g. a server's); `nil` asks the card (GET
    ///     CHALLENGE, 16 bytes).
    ///   - keyRecord: the record read at enrolment (its signature is checked again), or `nil`.
    ///   - application: the 券面 application to ask when there is no record (the 確認AP by
    ///     default); with a record, the record's application, and another one is refused.
    /// - Returns: the evidence and the verdict. A verdict is never "genuine" unless every link
    ///   verified with a trusted CA key.
    /// - Throws: ``JPKICardError`` when the card cannot be asked (no 券面 application on a
    ///   smartphone token: ``JPKICardError/applicationNotPresent(_:)``; a transport failure).
    public func checkGenuineness(
        challenge: [UInt8]? = nil, keyRecord: CardSignedRecord? = nil, application: CardApplication? = nil
    ) async throws(JPKICardError) -> GenuinenessCheck {
        try await checkGenuineness(
            challenge: challenge, source: keyRecord.map { .stored($0) } ?? .none, application: application,
            lastTry: .refuse)
    }

    /// Enrolment for かざし: reads the signed record that carries a 券面 application's key
    /// after the PIN or verification number `access` names (the only secret sent), and checks
    /// nothing yet — keep the record, and give it to every later
    /// ``checkGenuineness(challenge:keyRecord:application:)``, which verifies its signature.
    ///
    /// APDUs in the 確認AP with the birth-date PIN, measured on the simulator: SELECT AP, SELECT
    /// EF 0011, the retry query, VERIFY, SELECT EF 0001 and 2 READ BINARY (7).
    ///
    /// - Throws: ``JPKICardError`` for a wrong PIN (with the tries left), the last try refused,
    ///   a record that does not parse, a smartphone token (no 券面 applications).
    public func readKeyRecord(
        _ access: KeyRecordAccess, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> CardSignedRecord {
        try await perform(access.application) { base async throws(JPKICardError) in
            try await Self.readKeyRecord(base, access: access, lastTry: lastTry)
        }
    }

    /// The genuineness check with a record from `source`.
    func checkGenuineness(
        challenge: [UInt8]?, source: KeyRecordSource, application: CardApplication?, lastTry: LastTryPolicy
    ) async throws(JPKICardError) -> GenuinenessCheck {
        if let challenge, challenge.isEmpty { throw .invalidArgument("the challenge is empty") }
        let recordApplication: CardApplication?
        switch source {
        case .none: recordApplication = nil
        case .stored(let record): recordApplication = record.kind.application == .cardInfo ? .cardInfo : .cardSurface
        case .read(let access): recordApplication = access.application
        }
        let target = recordApplication ?? application ?? .cardSurface
        guard target != .jpki else { throw .invalidArgument("the genuineness check runs in a 券面 application") }
        if let application, let recordApplication, application != recordApplication {
            throw .invalidArgument("the key record is of the \(recordApplication), not the \(application)")
        }
        let trust = cardVerifiableTrust
        let before = await channel.commandCount
        let evidence = try await perform(target) { base async throws(JPKICardError) in
            try await Self.collectEvidence(base, challenge: challenge, source: source, lastTry: lastTry)
        }
        let verdict = evidence.verify(expectedChallenge: evidence.challenge, trust: trust)
        return GenuinenessCheck(evidence: evidence, verdict: verdict, commandCount: await channel.commandCount - before)
    }

    /// かざし利用 in one call: the user-authentication certificate (no PIN on a card) and the
    /// genuineness evidence (see ``checkGenuineness(challenge:keyRecord:application:)``), for
    /// the server to verify both. The 券面 applications get no PIN: give the key record read at
    /// enrolment, or the genuineness verdict is *not verifiable*.
    ///
    /// On an Android token the authentication certificate is behind the authentication PIN: the
    /// card answers `69 82`, and `authenticationPIN` is asked for it (the PIN is then verified
    /// and the certificate read) instead of failing; without it the call throws
    /// ``JPKICardError/accessDenied(_:needs:)``. A smartphone token has no 券面 applications:
    /// ``KazashiEvidence/genuineness`` is then `nil`.
    public func kazashi(
        challenge: [UInt8]? = nil, keyRecord: CardSignedRecord? = nil,
        authenticationPIN: (@Sendable () async -> UserAuthenticationPIN?)? = nil, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> KazashiEvidence {
        let before = await channel.commandCount
        let certificate: Certificate
        do {
            certificate = try await readAuthenticationCertificate()
        } catch .accessDenied(let location, let needs) {
            guard let authenticationPIN, let pin = await authenticationPIN() else {
                throw .accessDenied(location, needs: needs ?? .authentication)
            }
            certificate = try await readAuthenticationCertificate(pin: pin, lastTry: lastTry)
        }
        var genuineness: GenuinenessCheck?
        do {
            genuineness = try await checkGenuineness(challenge: challenge, keyRecord: keyRecord)
        } catch .applicationNotPresent {
            genuineness = nil
        }
        return KazashiEvidence(
            authenticationCertificate: certificate, genuineness: genuineness,
            commandCount: await channel.commandCount - before)
    }

    /// Age verification: is the holder at least `minimumAge` on `date`? Reads the 券面事項確認AP's
    /// EF 0001 — the J-LIS-signed birth date, without name, address or photo — after the
    /// birth-date PIN (the only secret sent), has the card sign a challenge with the key that
    /// same record carries, and checks the chain to ``cardVerifiableTrust``. The age follows
    /// Japanese law (年齢計算ニ関スル法律: the age increases at the end of the day before the
    /// birthday; 29 February included): see `GregorianDate.age(on:)`.
    ///
    /// 12 APDUs with the card's challenge (11 with the caller's). The verdict is "yes" only for a
    /// genuine card; the evidence lets a server decide itself (`JPKIVerifier.verifyAge`).
    /// Technology, not certification: the card's signed data say how old the card's holder is,
    /// not who presented the card.
    public func verifyAge(
        atLeast minimumAge: Int, on date: CardDate, pin: BirthDatePIN, challenge: [UInt8]? = nil,
        lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> AgeVerification {
        guard minimumAge >= 0 else { throw .invalidArgument("a negative age") }
        guard let day = date.gregorianDate else { throw .invalidArgument("\(date) is not a date") }
        let check = try await checkGenuineness(
            challenge: challenge, source: .read(.birthDate(pin)), application: nil, lastTry: lastTry)
        let verdict = CardAgeVerdict.verify(
            evidence: check.evidence, expectedChallenge: check.evidence.challenge, minimumAge: minimumAge, on: day,
            trust: cardVerifiableTrust)
        return AgeVerification(verdict: verdict, evidence: check.evidence, commandCount: check.commandCount)
    }

    /// The commands of a genuineness check, in the selected 券面 application.
    private static func collectEvidence(
        _ base: ApplicationChannel, challenge given: [UInt8]?, source: KeyRecordSource, lastTry: LastTryPolicy
    ) async throws(JPKICardError) -> CardGenuinenessEvidence {
        let location = CardLocation(base.application)
        let challenge: [UInt8]
        if let given {
            challenge = given
        } else {
            let command: CommandAPDU
            do {
                command = try CommandAPDU(ins: 0x84, p1: 0x00, p2: 0x00, expectedLength: 16)
            } catch {
                throw .invalidArgument(error.description)
            }
            challenge = try await base.expectSuccess(command, operation: "GET CHALLENGE", at: location)
            guard !challenge.isEmpty else { throw .malformedData("an empty challenge", at: location) }
        }
        let sign: CommandAPDU
        do {
            sign = try CommandAPDU(
                cla: 0x80, ins: 0x2A, p1: 0x00, p2: 0x00, data: DigestInfo(hashing: challenge).encoded,
                expectedLength: 256)
        } catch {
            throw .invalidArgument(error.description)
        }
        let signature = try await base.expectSuccess(sign, operation: "COMPUTE DIGITAL SIGNATURE", at: location)
        let certificate = try await base.readObject(CardInfoApplication.certificateFile)
        let record: CardSignedRecord?
        switch source {
        case .none: record = nil
        case .stored(let stored): record = stored
        case .read(let access): record = try await readKeyRecord(base, access: access, lastTry: lastTry)
        }
        return CardGenuinenessEvidence(
            application: base.application == .cardInfo ? .cardInfo : .cardSurface, certificate: certificate,
            keyRecord: record?.encoded, keyRecordKind: record?.kind, challenge: challenge,
            challengeFromCard: given == nil, challengeSignature: signature)
    }

    /// VERIFY with `access`, then the record with the application's key, in the selected 券面
    /// application.
    private static func readKeyRecord(
        _ base: ApplicationChannel, access: KeyRecordAccess, lastTry: LastTryPolicy
    ) async throws(JPKICardError) -> CardSignedRecord {
        switch access {
        case .birthDate(let pin):
            try await base.verify(pin.secret, as: .cardSurfaceBirthDate, lastTry: lastTry)
            return try await base.readSignedRecord(.cardSurfaceBirthDate, needs: .cardSurfaceBirthDate)
        case .cardSurface(let access):
            try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
            // EF 0001 is the smallest record with the key; a card that keeps it behind the
            // birth-date PIN only (69 82) gives the key in EF 0002 (the card face) instead.
            do {
                return try await base.readSignedRecord(.cardSurfaceBirthDate, needs: access.kind)
            } catch .accessDenied {
                return try await base.readSignedRecord(.cardSurfaceEntries, needs: access.kind)
            }
        case .cardInfo(let access):
            try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
            return try await base.readSignedRecord(.cardInfoKey, needs: access.kind)
        }
    }
}
