import JPKIAPDU
import JPKIX509

/// Where a genuineness check gets the signed record that carries the 券面 application's key:
/// the link between J-LIS's CV certificate and the key that signs the challenge.
///
/// On a real card that record is behind a PIN or a verification number (確認AP EF 0001: the
/// birth-date PIN, 照合番号A or B; 入力補助AP EF 0007: the PIN, 照合番号A or B), so a check that
/// sends nothing (``none``) can collect the CV certificate and the challenge signature but cannot
/// say "genuine" — unless the verifier already holds the record from an earlier read
/// (``stored(_:)``, e.g. kept at enrolment).
public enum GenuinenessKeyRecord: Sendable {
    /// Read no record and send no PIN or verification number: the verdict is *not verifiable*.
    case none
    /// A record read from this card before (its signature is checked again).
    case stored(CardSignedRecord)
    /// 確認AP EF 0001 after the birth-date PIN (era year `YYMMDD`, printed on the card's face).
    case birthDate(BirthDatePIN)
    /// 確認AP EF 0001 after 照合番号A or B (EF 0002, the card face with its photo, when the card
    /// keeps EF 0001 behind the birth-date PIN only).
    case cardSurface(CardSurfaceAccess)
    /// 入力補助AP EF 0007 (the key only, no personal data) after its PIN or 照合番号A or B.
    case cardInfo(CardInfoAccess)

    /// The application whose key signs the challenge.
    var application: CardApplication? {
        switch self {
        case .none: return nil
        case .stored(let record): return record.kind.application == .cardInfo ? .cardInfo : .cardSurface
        case .birthDate, .cardSurface: return .cardSurface
        case .cardInfo: return .cardInfo
        }
    }
}

/// What ``MyNumberCard/checkGenuineness(challenge:keyRecord:application:lastTry:)`` found: the
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
    /// challenge with the application's own key (COMPUTE DIGITAL SIGNATURE `80 2A 00 00`, **no
    /// PIN**), and the chain J-LIS CV CA key → CV certificate (EF 0004) → signed record carrying
    /// the application's key → challenge signature is verified with ``cardVerifiableTrust``.
    ///
    /// APDUs in the 確認AP, measured on the simulator: SELECT AP; GET CHALLENGE (`00 84 00 00
    /// 10`, unless `challenge` is given); COMPUTE DIGITAL SIGNATURE; SELECT EF 0004 and 2 READ
    /// BINARY (6, or 5 with the caller's challenge); with ``GenuinenessKeyRecord/birthDate(_:)``
    /// also SELECT EF 0011, the retry query, VERIFY, SELECT EF 0001 and 2 READ BINARY (12). No
    /// PIN is sent unless `keyRecord` names one; the JPKI AP's PINs never are.
    ///
    /// - Parameters:
    ///   - challenge: the verifier's nonce (e.g. a server's); `nil` asks the card (GET
    ///     CHALLENGE, 16 bytes).
    ///   - keyRecord: where the record with the application's key comes from.
    ///   - application: the 券面 application to use with ``GenuinenessKeyRecord/none``
    ///     (the 確認AP by default); otherwise the record's.
    ///   - lastTry: whether a PIN the record needs may be sent when one try is left.
    /// - Returns: the evidence and the verdict. A verdict is never "genuine" unless every link
    ///   verified with a trusted CA key.
    /// - Throws: ``JPKICardError`` when the card cannot be asked (no 券面 application on a
    ///   smartphone token: ``JPKICardError/applicationNotPresent(_:)``; a wrong PIN; a transport
    ///   failure).
    public func checkGenuineness(
        challenge: [UInt8]? = nil, keyRecord: GenuinenessKeyRecord = .none, application: CardApplication? = nil,
        lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> GenuinenessCheck {
        if let challenge, challenge.isEmpty { throw .invalidArgument("the challenge is empty") }
        let target = keyRecord.application ?? application ?? .cardSurface
        guard target != .jpki else { throw .invalidArgument("the genuineness check runs in a 券面 application") }
        if let application, let recordApplication = keyRecord.application, application != recordApplication {
            throw .invalidArgument("the key record is of the \(recordApplication), not the \(application)")
        }
        let trust = cardVerifiableTrust
        let before = await channel.commandCount
        let evidence = try await perform(target) { base async throws(JPKICardError) in
            try await Self.collectEvidence(base, challenge: challenge, keyRecord: keyRecord, lastTry: lastTry)
        }
        let verdict = evidence.verify(expectedChallenge: evidence.challenge, trust: trust)
        return GenuinenessCheck(evidence: evidence, verdict: verdict, commandCount: await channel.commandCount - before)
    }

    /// かざし利用 in one call: the user-authentication certificate (no PIN on a card) and the
    /// genuineness evidence (see ``checkGenuineness(challenge:keyRecord:application:lastTry:)``),
    /// for the server to verify both.
    ///
    /// On an Android token the authentication certificate is behind the authentication PIN: the
    /// card answers `69 82`, and `authenticationPIN` is asked for it (the PIN is then verified
    /// and the certificate read) instead of failing; without it the call throws
    /// ``JPKICardError/accessDenied(_:needs:)``. A smartphone token has no 券面 applications:
    /// ``KazashiEvidence/genuineness`` is then `nil`.
    public func kazashi(
        challenge: [UInt8]? = nil, keyRecord: GenuinenessKeyRecord = .none,
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
            genuineness = try await checkGenuineness(challenge: challenge, keyRecord: keyRecord, lastTry: lastTry)
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
        let check = try await checkGenuineness(challenge: challenge, keyRecord: .birthDate(pin), lastTry: lastTry)
        let verdict = CardAgeVerdict.verify(
            evidence: check.evidence, expectedChallenge: check.evidence.challenge, minimumAge: minimumAge, on: day,
            trust: cardVerifiableTrust)
        return AgeVerification(verdict: verdict, evidence: check.evidence, commandCount: check.commandCount)
    }

    /// The commands of a genuineness check, in the selected 券面 application.
    private static func collectEvidence(
        _ base: ApplicationChannel, challenge given: [UInt8]?, keyRecord: GenuinenessKeyRecord, lastTry: LastTryPolicy
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
        var record: CardSignedRecord?
        switch keyRecord {
        case .none: record = nil
        case .stored(let stored): record = stored
        case .birthDate(let pin):
            try await base.verify(pin.secret, as: .cardSurfaceBirthDate, lastTry: lastTry)
            record = try await base.readSignedRecord(.cardSurfaceBirthDate, needs: .cardSurfaceBirthDate)
        case .cardSurface(let access):
            try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
            // EF 0001 is the smallest record with the key; a card that keeps it behind the
            // birth-date PIN only (69 82) gives the key in EF 0002 (the card face) instead.
            do {
                record = try await base.readSignedRecord(.cardSurfaceBirthDate, needs: access.kind)
            } catch .accessDenied {
                record = try await base.readSignedRecord(.cardSurfaceEntries, needs: access.kind)
            }
        case .cardInfo(let access):
            try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
            record = try await base.readSignedRecord(.cardInfoKey, needs: access.kind)
        }
        return CardGenuinenessEvidence(
            application: base.application == .cardInfo ? .cardInfo : .cardSurface, certificate: certificate,
            keyRecord: record?.encoded, keyRecordKind: record?.kind, challenge: challenge,
            challengeFromCard: given == nil, challengeSignature: signature)
    }
}
