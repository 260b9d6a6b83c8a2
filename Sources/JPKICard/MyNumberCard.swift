import JPKIAPDU
import JPKIASN1
import JPKIX509
import Logging

/// A My Number Card: the high-level operations over its three applications, one at a time.
///
/// The actor owns a `CardChannel` and runs each operation as one PC/SC transaction:
/// SELECT of the operation's application (once), then exactly the commands the operation needs.
/// Because every operation selects its application, a card reset between operations costs
/// nothing; after a transport failure (card removed, card reset, reader gone) the next
/// operation reconnects first. Nothing involving a PIN is ever retried automatically.
///
/// ```swift
/// let card = MyNumberCard(transport: PCSCTransport(reader: "…"))
/// try await card.connect()
/// let pin = try UserAuthenticationPIN("1234")
/// let result = try await card.authenticate(challenge: challenge, pin: pin)
/// // result.signature verifies with result.certificate's key over SHA-256(challenge)
/// ```
public actor MyNumberCard {
    /// The channel the operations use (its `commandCount` counts their APDUs).
    public nonisolated let channel: CardChannel
    /// The CV CA keys that the checks of the 券面 data and of genuineness trust: J-LIS's
    /// production keys unless the card was made with others (a simulator's, asked for by name).
    public nonisolated let cardVerifiableTrust: CardVerifiableTrust
    /// What reads of 券面 data do when the card's CV certificate names an untrusted CA key.
    public nonisolated let authenticityPolicy: CardAuthenticityPolicy
    private var needsReconnect = false

    /// A card on `channel`, already connected.
    ///
    /// - Parameters:
    ///   - channel: the channel to the card.
    ///   - cardVerifiableTrust: the CV CA keys trusted (J-LIS's production keys by default).
    ///   - authenticityPolicy: ``CardAuthenticityPolicy/reported`` returns 券面 data whose CA key
    ///     is not trusted with that said; ``CardAuthenticityPolicy/required`` refuses them.
    public init(
        channel: CardChannel, cardVerifiableTrust: CardVerifiableTrust = .jlis,
        authenticityPolicy: CardAuthenticityPolicy = .reported
    ) {
        self.channel = channel
        self.cardVerifiableTrust = cardVerifiableTrust
        self.authenticityPolicy = authenticityPolicy
    }

    /// A card on `transport`; call ``connect()`` before the first operation.
    ///
    /// - Parameters:
    ///   - transport: how to reach the card (PC/SC, the simulator, a replay).
    ///   - extendedLength: `.unsupported` for readers known to refuse extended APDUs; `.unknown`
    ///     tries them once and falls back to 256-byte chunks.
    ///   - logger: where the channel's exchanges go at trace level; PINs are never logged
    ///     (VERIFY and CHANGE REFERENCE DATA appear redacted).
    ///   - cardVerifiableTrust: the CV CA keys trusted (J-LIS's production keys by default).
    ///   - authenticityPolicy: what reads of 券面 data do when the CA key is not trusted.
    public init(
        transport: any CardTransport, extendedLength: CardChannel.ExtendedLengthSupport = .unknown,
        logger: Logger = Logger(label: "jpki.card"), cardVerifiableTrust: CardVerifiableTrust = .jlis,
        authenticityPolicy: CardAuthenticityPolicy = .reported
    ) {
        self.channel = CardChannel(transport: transport, extendedLength: extendedLength, logger: logger)
        self.cardVerifiableTrust = cardVerifiableTrust
        self.authenticityPolicy = authenticityPolicy
    }

    /// Connects to (powers) the card and returns its ATR.
    @discardableResult
    public func connect() async throws(JPKICardError) -> [UInt8] {
        do {
            let atr = try await channel.transport.connect()
            needsReconnect = false
            return atr
        } catch {
            throw .transport(error, at: CardLocation(.jpki))
        }
    }

    // MARK: The application clients

    /// The JPKI AP client on this card's channel, for step-by-step use (outside the actor's
    /// serialisation: prefer the high-level calls).
    public nonisolated var jpki: JPKIApplication { JPKIApplication(channel: channel) }
    /// The 券面事項入力補助AP client.
    public nonisolated var cardInfo: CardInfoApplication { CardInfoApplication(channel: channel) }
    /// The 券面事項確認AP client.
    public nonisolated var cardSurface: CardSurfaceApplication { CardSurfaceApplication(channel: channel) }

    // MARK: JPKI AP

    /// The token kind (EF 0006): 3 APDUs.
    public func tokenKind() async throws(JPKICardError) -> JPKIApplication.TokenKind {
        try await perform(.jpki) { _ async throws(JPKICardError) in try await self.jpki.tokenKind() }
    }

    /// The user-authentication certificate: SELECT AP, SELECT EF 000A, 2 READ BINARY (4 APDUs
    /// with extended length). On a smartphone token the certificate needs the authentication
    /// PIN first: pass `pin` (3 more APDUs before the read).
    public func readAuthenticationCertificate(
        pin: UserAuthenticationPIN? = nil, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Certificate {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            if let pin { try await self.jpki.verify(pin, lastTry: lastTry) }
            return try await self.jpki.readCertificate(.authentication)
        }
    }

    /// The signature certificate, after the signature PIN.
    public func readSignatureCertificate(
        pin: SignaturePIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Certificate {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            try await self.jpki.verify(pin, lastTry: lastTry)
            return try await self.jpki.readCertificate(.signature)
        }
    }

    /// One of the four certificates. The signature certificate needs `signaturePIN`; the
    /// authentication certificate of a smartphone token needs `authenticationPIN`.
    public func readCertificate(
        _ kind: JPKIApplication.CertificateKind, authenticationPIN: UserAuthenticationPIN? = nil,
        signaturePIN: SignaturePIN? = nil, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Certificate {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            if kind == .signature, let signaturePIN { try await self.jpki.verify(signaturePIN, lastTry: lastTry) }
            if kind == .authentication, let authenticationPIN {
                try await self.jpki.verify(authenticationPIN, lastTry: lastTry)
            }
            return try await self.jpki.readCertificate(kind)
        }
    }

    /// A signature and the certificate of the key that made it.
    public struct Signature: Hashable, Sendable {
        /// The RSA PKCS #1 v1.5 signature (256 bytes for RSA-2048).
        public var signature: [UInt8]
        /// The certificate whose public key verifies it.
        public var certificate: Certificate
        /// What the card signed.
        public var digestInfo: DigestInfo
    }

    /// User authentication: signs `challenge` (a verifier's random bytes) with the
    /// user-authentication key, and returns the signature with the authentication certificate.
    ///
    /// The verifier checks the signature over `digest(challenge)` with the certificate's key
    /// (`openssl dgst -sha256 -verify`). The exact sequence, 8 APDUs with extended length:
    ///
    /// 1. SELECT the JPKI AP (`00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01`);
    /// 2. SELECT EF 0018, VERIFY without data (tries left; refuse when blocked, or one try left
    ///    without `lastTry: .allow`), VERIFY with the PIN;
    /// 3. COMPUTE DIGITAL SIGNATURE `80 2A 00 97` of the DigestInfo (P2 `0x80 | SFI` names EF
    ///    0017 and saves its SELECT; a card that refuses that form gets SELECT EF 0017 and P2
    ///    `80`);
    /// 4. SELECT EF 000A, READ BINARY of 4 bytes, READ BINARY of the rest.
    ///
    /// The certificate is read after the PIN, so the same sequence serves the smartphone token.
    public func authenticate(
        challenge: [UInt8], pin: UserAuthenticationPIN, digest: DigestAlgorithm = .sha256,
        lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Signature {
        guard !challenge.isEmpty else { throw .invalidArgument("the challenge is empty") }
        let digestInfo = DigestInfo(hashing: challenge, with: digest)
        return try await sign(digestInfo, key: .authentication) { () async throws(JPKICardError) in
            try await self.jpki.verify(pin, lastTry: lastTry)
        }
    }

    /// Signs `message` (hashed here with `digest`) with the signature key, and returns the
    /// signature with the signature certificate: SELECT AP; SELECT EF 001B, retry query,
    /// VERIFY; COMPUTE DIGITAL SIGNATURE `80 2A 00 9A`; SELECT EF 0001 and 2 READ BINARY (8).
    public func sign(
        message: [UInt8], pin: SignaturePIN, digest: DigestAlgorithm = .sha256, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Signature {
        try await sign(digestInfo: DigestInfo(hashing: message, with: digest), pin: pin, lastTry: lastTry)
    }

    /// Signs a DigestInfo computed by the caller with the signature key (as ``sign(message:pin:digest:lastTry:)``).
    public func sign(
        digestInfo: DigestInfo, pin: SignaturePIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Signature {
        try await sign(digestInfo, key: .signature) { () async throws(JPKICardError) in
            try await self.jpki.verify(pin, lastTry: lastTry)
        }
    }

    /// Signs a DigestInfo with the authentication key (e.g. a TLS client's CertificateVerify).
    public func signWithAuthenticationKey(
        digestInfo: DigestInfo, pin: UserAuthenticationPIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> Signature {
        try await sign(digestInfo, key: .authentication) { () async throws(JPKICardError) in
            try await self.jpki.verify(pin, lastTry: lastTry)
        }
    }

    private func sign(
        _ digestInfo: DigestInfo, key: JPKIApplication.Key,
        verify: @escaping @Sendable () async throws(JPKICardError) -> Void
    ) async throws(JPKICardError) -> Signature {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            try await verify()
            let signature = try await self.jpki.sign(digestInfo, with: key)
            let certificate = try await self.jpki.readCertificate(key == .authentication ? .authentication : .signature)
            return Signature(signature: signature, certificate: certificate, digestInfo: digestInfo)
        }
    }

    /// Changes the authentication PIN (VERIFY of `current`, then CHANGE REFERENCE DATA).
    public func changeAuthenticationPIN(
        from current: UserAuthenticationPIN, to new: UserAuthenticationPIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            try await self.jpki.changePIN(from: current, to: new, lastTry: lastTry)
        }
    }

    /// Changes the signature PIN.
    public func changeSignaturePIN(
        from current: SignaturePIN, to new: SignaturePIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) {
        try await perform(.jpki) { _ async throws(JPKICardError) in
            try await self.jpki.changePIN(from: current, to: new, lastTry: lastTry)
        }
    }

    /// Changes the 4-digit PIN of the 券面事項入力補助AP.
    public func changeCardInfoPIN(
        from current: CardInfoPIN, to new: CardInfoPIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) {
        try await perform(.cardInfo) { _ async throws(JPKICardError) in
            try await self.cardInfo.changePIN(from: current, to: new, lastTry: lastTry)
        }
    }

    // MARK: 券面事項入力補助AP

    /// The basic 4 information after the card-info PIN, checked against its hash in EF 0003 and
    /// EF 0003's signature (`DF 33`) against the key the CV certificate of EF 0004 certifies.
    public func readBasicInformation(pin: CardInfoPIN, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError)
        -> CardBasicInformation
    {
        try await readBasicInformation(access: .pin(pin), lastTry: lastTry)
    }

    /// The basic 4 information after the PIN or 照合番号A/B.
    public func readBasicInformation(
        access: CardInfoAccess, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> CardBasicInformation {
        let info = try await readCardInfo(access: access, myNumber: false, basicInformation: true, lastTry: lastTry)
        guard let information = info.basicInformation else {
            throw .malformedData("no basic 4 information", at: CardLocation(.cardInfo))
        }
        return information
    }

    /// The My Number after the card-info PIN, checked against its hash in EF 0003 (over EF 0001
    /// with its filler) and EF 0003's signature.
    public func readMyNumber(pin: CardInfoPIN, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) -> String {
        try await readMyNumber(access: .pin(pin), lastTry: lastTry)
    }

    /// The My Number after the PIN or 照合番号A/B.
    public func readMyNumber(access: CardInfoAccess, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError)
        -> String
    {
        let info = try await readCardInfo(access: access, myNumber: true, basicInformation: false, lastTry: lastTry)
        guard let number = info.myNumber else { throw .malformedData("no My Number", at: CardLocation(.cardInfo)) }
        return number
    }

    /// The My Number and the basic 4 information with one VERIFY, each checked against EF 0003,
    /// EF 0003's signature against EF 0004, and EF 0004 against ``cardVerifiableTrust``: the
    /// result's ``CardInfo/authenticity`` says what was verified and by which CA key.
    ///
    /// APDUs with the PIN and both files: SELECT AP; SELECT 0011, retry query, VERIFY; SELECT
    /// 0001 and 1 READ BINARY; SELECT 0002 and 2; SELECT 0003 and 2; SELECT 0004 and 2 (15).
    public func readCardInfo(
        access: CardInfoAccess, myNumber: Bool = true, basicInformation: Bool = true,
        lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> CardInfo {
        let trust = cardVerifiableTrust
        let policy = authenticityPolicy
        return try await perform(.cardInfo) { _ async throws(JPKICardError) in
            try await self.cardInfo.verify(access, lastTry: lastTry)
            return try await self.cardInfo.read(
                myNumber: myNumber, basicInformation: basicInformation, trust: trust, policy: policy)
        }
    }

    // MARK: 券面事項確認AP

    /// The card face after 照合番号B, or after 照合番号A with the My Number image; EF 0002's
    /// three-digest signature (and EF 0005's) checked against the key EF 0004 certifies, EF 0004
    /// against ``cardVerifiableTrust`` (see ``CardSurface/authenticity``).
    public func readCardSurface(
        access: CardSurfaceAccess, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) -> CardSurface {
        let trust = cardVerifiableTrust
        let policy = authenticityPolicy
        return try await perform(.cardSurface) { _ async throws(JPKICardError) in
            try await self.cardSurface.verify(access, lastTry: lastTry)
            if case .verificationNumberA = access {
                return try await self.cardSurface.readSurface(includeMyNumberImage: true, trust: trust, policy: policy)
            }
            return try await self.cardSurface.readSurface(includeMyNumberImage: false, trust: trust, policy: policy)
        }
    }

    // MARK: PINs

    /// The state of one PIN: SELECT of its AP, SELECT of its EF, the retry query (consumes no
    /// try).
    public func pinStatus(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        try await perform(kind.application) { channel async throws(JPKICardError) in
            try await channel.pinStatus(kind)
        }
    }

    /// The state of every PIN and verification number, application by application (each AP
    /// selected once); no try consumed. An application the card does not have (the 券面
    /// applications on a smartphone token) is left out.
    public func pinStatus() async throws(JPKICardError) -> [PINStatus] {
        var result: [PINStatus] = []
        for application in CardApplication.allCases {
            do {
                result += try await pinStatuses(of: application)
            } catch .applicationNotPresent where application != .jpki {
                continue
            }
        }
        return result
    }

    private func pinStatuses(of application: CardApplication) async throws(JPKICardError) -> [PINStatus] {
        let kinds = PINKind.allCases.filter { $0.application == application }
        return try await perform(application) { channel async throws(JPKICardError) in
            var statuses: [PINStatus] = []
            for kind in kinds { statuses.append(try await channel.pinStatus(kind)) }
            return statuses
        }
    }

    /// The token kind and every PIN's state, for a status display.
    public struct Status: Hashable, Sendable {
        /// EF 0006's token kind.
        public var tokenKind: JPKIApplication.TokenKind
        /// Every PIN and verification number of the applications present.
        public var pins: [PINStatus]
        /// The applications the card does not have (SELECT answered `6A 82`): the 券面
        /// applications on a smartphone token.
        public var absentApplications: [CardApplication] = []
    }

    /// The token kind and every PIN's state: 21 APDUs on a card (each application selected
    /// once, each PIN EF selected and queried), 9 on a smartphone token (the 券面 applications
    /// answer `6A 82` to SELECT and are reported absent); no try consumed.
    public func status() async throws(JPKICardError) -> Status {
        let jpkiKinds = PINKind.allCases.filter { $0.application == .jpki }
        var status = try await perform(.jpki) { channel async throws(JPKICardError) in
            let token = try await self.jpki.tokenKind()
            var pins: [PINStatus] = []
            for kind in jpkiKinds { pins.append(try await channel.pinStatus(kind)) }
            return Status(tokenKind: token, pins: pins)
        }
        for application in CardApplication.allCases where application != .jpki {
            do {
                status.pins += try await pinStatuses(of: application)
            } catch .applicationNotPresent {
                status.absentApplications.append(application)
            }
        }
        return status
    }

    // MARK: Running an operation

    /// Runs `body` as one transaction, after SELECT of `application` (and a reconnect when the
    /// previous operation lost the card).
    func perform<Result: Sendable>(
        _ application: CardApplication,
        _ body: @escaping @Sendable (ApplicationChannel) async throws(JPKICardError) -> Result
    ) async throws(JPKICardError) -> Result {
        if needsReconnect { try await reconnect(application) }
        let base = ApplicationChannel(channel: channel, application: application)
        do {
            return try await channel.transaction { _ in
                try await base.selectApplication()
                return try await body(base)
            }
        } catch let error as JPKICardError {
            noteFailure(error)
            throw error
        } catch let error as APDUError {
            let mapped = base.map(error, operation: "transaction", at: CardLocation(application))
            noteFailure(mapped)
            throw mapped
        } catch {
            throw .invalidArgument("unexpected error: \(error)")
        }
    }

    private func noteFailure(_ error: JPKICardError) {
        guard case .transport(let cause, _) = error else { return }
        switch cause {
        case .cardRemoved, .cardReset, .cardUnpowered, .noCard, .notConnected, .communicationError, .unresponsiveCard:
            needsReconnect = true
        default: break
        }
    }

    private func reconnect(_ application: CardApplication) async throws(JPKICardError) {
        try? await channel.transport.disconnect()
        do {
            _ = try await channel.transport.connect()
        } catch {
            throw .transport(error, at: CardLocation(application))
        }
        needsReconnect = false
    }
}
