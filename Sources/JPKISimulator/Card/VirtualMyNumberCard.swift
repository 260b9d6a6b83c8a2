import Foundation
import JPKIAPDU
import JPKIX509

/// A software My Number Card at the APDU level: the JPKI AP, the 券面事項入力補助AP and the
/// 券面事項確認AP with their files, PINs and keys, behaving as public sources document the
/// real card (`JPKI-CARD.md`), so that software written against it works on a real card.
///
/// - SELECT by DF name (`00 A4 04 0C Lc AID`) and of an EF by file identifier
///   (`00 A4 02 0C 02 FID`); other P1 values (selection by path `09`, MF `00`) and P2 other
///   than `0C` are refused with `6A 86`; unknown AIDs and EFs with `6A 82`.
/// - READ BINARY at an offset, short Le (`00` = up to 256) or extended Le; reading past the
///   end returns what there is, with `62 82` when a specific Le asked for more.
/// - VERIFY with the PIN in ASCII after selecting the PIN's EF; the query without data (exactly
///   `00 20 00 80`; with an Le byte `67 00`) returns `63 Cx` (x tries left) or `90 00` when
///   verified in this session; a wrong PIN decrements the counter (`63 Cx`); the VERIFY that
///   uses up the counter answers `63 C0`, and every later VERIFY and retry query `69 84`, as
///   observed on real cards (``behavior`` can change both answers).
/// - Files behind a PIN answer `69 82` before it is verified (the signature certificate before
///   the signature PIN; the Android token's authentication certificate before the auth PIN).
/// - CHANGE REFERENCE DATA `00 24 01 80` after a VERIFY of the same PIN.
/// - GET CHALLENGE `00 84 00 00 Le` (Le `08` or `10`): random bytes.
/// - COMPUTE DIGITAL SIGNATURE `80 2A 00 P2 Lc DigestInfo 00`: PKCS #1 v1.5 type-1 padding
///   applied to the data, 256-byte result. P2 `80`: the selected key EF; P2 `0x80 | SFI`
///   (`97`, `9A`): the key EF named, no SELECT needed; P2 `00` in a 券面 application: the
///   application's own key (確認AP EF 001A, 入力補助AP EF 0013), **without a PIN**. The JPKI
///   keys need their PIN (`69 82`); P1 other than `00` is `6A 86`.
/// - INTERNAL AUTHENTICATE (`00 88`) in the 券面 applications: `69 85`, as on real cards.
/// - `80 FC 00 00` ("last command"): `90 00` on the iPhone token, `67 00` on a card.
/// - Smartphone tokens (Android, iPhone) have only the JPKI AP: SELECT of a 券面 application
///   is `6A 82`.
/// - `6D 00` for other instructions, `6E 00` for other classes, `67 00` for wrong lengths.
/// - Power off and reset forget the selection and the security state; selecting another
///   application forgets the security state too. Retry counters persist.
///
/// The card counts the commands it receives (``accounting``) and can be told to misbehave
/// (``faults``).
///
/// ```swift
/// let pki = try TestPKI()
/// let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
/// let channel = CardChannel(transport: SimulatedCardTransport(card: card))
/// ```
public final class VirtualMyNumberCard: VirtualCard, @unchecked Sendable {
    /// The ATR that OpenSC's jpki driver recognises: `3B E0 00 FF 81 31 FE 45 14`.
    public static let defaultATR: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]
    /// The ATR of newer cards: `3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B`.
    public static let newerATR: [UInt8] = [
        0x3B, 0xDA, 0x13, 0xFF, 0x81, 0x31, 0xFB, 0x46, 0x80, 0x12, 0x39, 0x2F, 0x31, 0xC1, 0x73, 0xC6, 0x01, 0xC0,
        0x3B,
    ]

    /// The answer to reset.
    public let atr: [UInt8]
    /// The PKI that issued the card's certificates and signs its 券面 data.
    public let pki: TestPKI

    let lock = NSLock()
    var state: CardState
    var session = Session()
    var faultStorage = FaultInjection()
    var behaviorStorage = CardBehavior()
    var accountingStorage = APDUAccounting()
    var currentOperation: String?
    private var changeHandler: (@Sendable (VirtualMyNumberCard) -> Void)?

    /// What persists: the holder, the keys and certificates, the counters, the files, the
    /// forgeries.
    struct CardState {
        var persona: Persona
        var credentials: CardCredentials
        var retriesLeft: [CardPIN: Int]
        var files: [CardApplicationKind: [UInt16: CardFile]]
        var forgeries = CardForgeries()
    }

    /// What a reset forgets.
    struct Session {
        var application: CardApplicationKind?
        var currentFile: UInt16?
        var verified: Set<CardPIN> = []
    }

    /// A new card for `persona`: fresh keys, certificates issued by `pki` at `now`, full retry
    /// counters.
    ///
    /// - Throws: ``SimulatorError`` when the persona is invalid or the PKI cannot issue.
    public convenience init(
        persona: Persona = .sample, pki: TestPKI, atr: [UInt8] = VirtualMyNumberCard.defaultATR,
        at now: Int64 = TestPKI.now()
    ) throws(SimulatorError) {
        do {
            try persona.validate()
        } catch {
            throw .persona(error)
        }
        let credentials: CardCredentials
        do {
            credentials = try CardCredentials(issuingFor: persona, pki: pki, at: now)
        } catch {
            throw .certificate(error)
        }
        try self.init(persona: persona, credentials: credentials, pki: pki, atr: atr)
    }

    /// A card with given credentials and counters (e.g. loaded from a persona file).
    ///
    /// - Parameter retriesLeft: the counters; missing ones are full.
    /// - Throws: ``SimulatorError`` when the persona is invalid or the 券面 data cannot be
    ///   signed.
    public init(
        persona: Persona, credentials: CardCredentials, pki: TestPKI, retriesLeft: [CardPIN: Int] = [:],
        atr: [UInt8] = VirtualMyNumberCard.defaultATR
    ) throws(SimulatorError) {
        do {
            try persona.validate()
        } catch {
            throw .persona(error)
        }
        var counters: [CardPIN: Int] = [:]
        for pin in CardPIN.allCases {
            counters[pin] = min(max(retriesLeft[pin] ?? pin.maximumTries, 0), pin.maximumTries)
        }
        self.atr = atr
        self.pki = pki
        self.state = CardState(
            persona: persona, credentials: credentials, retriesLeft: counters,
            files: try Self.buildFiles(persona: persona, credentials: credentials, pki: pki))
    }

    static func buildFiles(
        persona: Persona, credentials: CardCredentials, pki: TestPKI, forgeries: CardForgeries = CardForgeries()
    ) throws(SimulatorError) -> [CardApplicationKind: [UInt16: CardFile]] {
        // A smartphone token has only the JPKI AP: SELECT of a 券面 application answers 6A 82.
        guard !persona.token.isSmartphone else {
            return [.jpki: JPKIApplication.files(persona: persona, credentials: credentials)]
        }
        do {
            return [
                .jpki: JPKIApplication.files(persona: persona, credentials: credentials),
                .cardInfo: try CardInfoApplication.files(
                    persona: persona, credentials: credentials, pki: pki, forgeries: forgeries),
                .cardSurface: try CardSurfaceApplication.files(
                    persona: persona, credentials: credentials, pki: pki, forgeries: forgeries),
            ]
        } catch {
            throw .certificate(error)
        }
    }

    /// Makes the card carry `forgery` from now on (its files rewritten, the forger's key made
    /// once), to test that verifiers refuse it; the PIN counters and the session are kept.
    ///
    /// - Throws: ``SimulatorError`` when the forger's key cannot be made or a file not signed.
    public func forge(_ forgery: CardForgery) throws(SimulatorError) {
        var forgeries = lock.withLock { state.forgeries }
        if forgeries.forgerKey == nil {
            do {
                forgeries.forgerKey = try SigningKey(generatingRSABits: 2048)
            } catch {
                throw .certificate(error)
            }
        }
        forgeries.forgeries.insert(forgery)
        let (persona, credentials) = lock.withLock { (state.persona, state.credentials) }
        let files = try Self.buildFiles(persona: persona, credentials: credentials, pki: pki, forgeries: forgeries)
        lock.withLock {
            state.forgeries = forgeries
            state.files = files
        }
    }

    /// The forgeries the card carries.
    public var forgeries: Set<CardForgery> { lock.withLock { state.forgeries.forgeries } }

    // MARK: What the card holds

    /// The holder, with the PINs as they are now (after any CHANGE REFERENCE DATA).
    public var persona: Persona { lock.withLock { state.persona } }

    /// The keys and certificates.
    public var credentials: CardCredentials { lock.withLock { state.credentials } }

    /// The user-authentication certificate (JPKI AP EF 000A).
    public var authenticationCertificate: Certificate { credentials.authenticationCertificate }

    /// The signature certificate (JPKI AP EF 0001).
    public var signatureCertificate: Certificate { credentials.signatureCertificate }

    /// The tries left for `pin` (0: blocked).
    public func retriesLeft(_ pin: CardPIN) -> Int { lock.withLock { state.retriesLeft[pin] ?? 0 } }

    /// All retry counters.
    public var retryCounters: [CardPIN: Int] { lock.withLock { state.retriesLeft } }

    /// Whether `pin` is verified in the current session.
    public func isVerified(_ pin: CardPIN) -> Bool { lock.withLock { session.verified.contains(pin) } }

    /// The application the last SELECT made current, or `nil` after a reset (for tests and the
    /// fuzz oracles: a 券面 application signs challenges without a PIN, the JPKI AP never does).
    public var selectedApplication: CardApplicationKind? { lock.withLock { session.application } }

    /// The bytes of an EF, whatever its access conditions (for tests), or `nil` for a PIN or
    /// key EF or an unknown one.
    public func fileContents(_ application: CardApplicationKind, _ fileID: UInt16) -> [UInt8]? {
        lock.withLock {
            guard let file = state.files[application]?[fileID], case .binary(let bytes, _) = file.content else {
                return nil
            }
            return bytes
        }
    }

    /// Test hook: replaces the bytes of a transparent EF, keeping its access conditions, as on a
    /// corrupted or tampered card (e.g. a 券面 data file that no longer matches its hash).
    ///
    /// - Returns: `false` (and changes nothing) for a PIN or key EF or an unknown one.
    @discardableResult
    public func replaceFileContents(_ application: CardApplicationKind, _ fileID: UInt16, with bytes: [UInt8]) -> Bool {
        lock.withLock {
            guard let file = state.files[application]?[fileID], case .binary(_, let readableAfter) = file.content else {
                return false
            }
            state.files[application]?[fileID] = CardFile(content: .binary(bytes, readableAfter: readableAfter))
            return true
        }
    }

    /// Sets the counter of `pin` (e.g. to test a blocked PIN, or to unblock it as the municipal
    /// office does).
    public func setRetriesLeft(_ count: Int, for pin: CardPIN) {
        lock.withLock {
            state.retriesLeft[pin] = min(max(count, 0), pin.maximumTries)
            if count <= 0 { session.verified.remove(pin) }
        }
        notifyChange()
    }

    // MARK: Life events

    /// The holder moves: the signature certificate is revoked (listed in the old
    /// municipality's CRL with `reason`), a new signature key is generated and a certificate
    /// with the new address issued; the 券面 applications show the new address. The
    /// user-authentication certificate stays valid, as in the JPKI.
    ///
    /// - Returns: the new signature certificate.
    /// - Throws: ``SimulatorError`` when the new address is invalid or the PKI cannot issue.
    @discardableResult
    public func move(
        to address: String, prefecture: String, city: String, reason: RevocationReason = .affiliationChanged,
        at now: Int64 = TestPKI.now()
    ) throws(SimulatorError) -> Certificate {
        var persona = self.persona
        persona.address = address
        persona.prefecture = prefecture
        persona.city = city
        do {
            try persona.validate()
        } catch {
            throw .persona(error)
        }
        var credentials = self.credentials
        do {
            try pki.revoke(credentials.signatureCertificate, reason: reason, at: now)
            credentials.signatureKey = try SigningKey(generatingRSABits: 2048)
            credentials.signatureCertificate = try pki.issueSignatureCertificate(
                for: persona, publicKey: try credentials.signatureKey.subjectPublicKeyInfo, at: now)
        } catch {
            throw .certificate(error)
        }
        let forgeries = lock.withLock { state.forgeries }
        let files = try Self.buildFiles(persona: persona, credentials: credentials, pki: pki, forgeries: forgeries)
        lock.withLock {
            state.persona = persona
            state.credentials = credentials
            state.files = files
            session = Session()
        }
        notifyChange()
        return credentials.signatureCertificate
    }

    /// Calls `handler` after every change of what persists (PIN counters, PINs, a move), e.g.
    /// to save the persona file.
    public func onStateChange(_ handler: @escaping @Sendable (VirtualMyNumberCard) -> Void) {
        lock.withLock { changeHandler = handler }
    }

    func notifyChange() {
        let handler = lock.withLock { changeHandler }
        handler?(self)
    }

    // MARK: Faults and accounting

    /// The faults the card shows; change them at any time.
    public var faults: FaultInjection {
        get { lock.withLock { faultStorage } }
        set { lock.withLock { faultStorage = newValue } }
    }

    /// How the card answers where public sources disagree or are silent; change it to test
    /// that a client copes with either answer.
    public var behavior: CardBehavior {
        get { lock.withLock { behaviorStorage } }
        set { lock.withLock { behaviorStorage = newValue } }
    }

    /// The commands received since the card was made or ``resetAccounting()``.
    public var accounting: APDUAccounting { lock.withLock { accountingStorage } }

    /// Forgets the counted commands.
    public func resetAccounting() {
        lock.withLock { accountingStorage = APDUAccounting() }
    }

    /// Runs `body`, counting the commands it sends under the operation `label`, and returns its
    /// result with those counts.
    public func counting<Result>(
        _ label: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> (Result, APDUAccounting) {
        let (before, previous) = lock.withLock { () -> (APDUAccounting, String?) in
            let previous = currentOperation
            currentOperation = label
            return (accountingStorage, previous)
        }
        defer { lock.withLock { currentOperation = previous } }
        let result = try await body()
        let after = accounting
        return (result, after.since(before))
    }

    // MARK: VirtualCard

    /// Power on: nothing selected, nothing verified.
    public func powerOn() {
        lock.withLock { session = Session() }
    }

    /// Power off: the session is forgotten.
    public func powerOff() {
        lock.withLock { session = Session() }
    }

    /// Warm reset: the session is forgotten.
    public func reset() {
        lock.withLock { session = Session() }
    }

    /// Answers one command APDU.
    public func process(_ command: [UInt8]) -> [UInt8] {
        let delay = lock.withLock { faultStorage.responseDelay }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let (response, changed) = lock.withLock { execute(command) }
        if changed { notifyChange() }
        return response
    }
}
