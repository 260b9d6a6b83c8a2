import JPKIAPDU
import JPKIX509

/// The client of the 公的個人認証AP (JPKI AP, `D3 92 F0 00 26 01 00 00 00 01`): the token kind,
/// the four certificates, the two PINs and the two keys.
///
/// Each method sends exactly the commands public sources document for it (`JPKI-CARD.md`) and
/// assumes the application is selected (``select()``); ``MyNumberCard`` selects it once per
/// operation and serialises operations. Files are selected by file identifier (`00 A4 02 0C 02
/// FID`); certificates are read with 4 bytes of header, then the rest in one extended READ
/// BINARY (or 256-byte chunks when extended length does not work).
public struct JPKIApplication: Sendable {
    /// What EF 0006 says the token is.
    ///
    /// EF 0006 is a 160-byte PKCS #11 `CK_TOKEN_INFO`; its first 32 bytes, the label, name the
    /// token (space padded). The kind comes from the label alone: the manufacturer, model and
    /// serial fields after it are not part of the name.
    public enum TokenKind: Hashable, Sendable, CustomStringConvertible {
        /// `JPKIAPICCTOKEN2`: a My Number Card.
        case myNumberCard
        /// `JPKIAPICCTOKEN`: the older Juki card (住基カード).
        case jukiCard
        /// `JPKIAPGPSETOKEN`: the JPKI on an Android smartphone (スマホ用電子証明書): the
        /// authentication certificate is readable only after the authentication PIN, and there
        /// are no 券面 applications.
        case smartphone
        /// `JPKIAPIOSTOKEN`: the JPKI on an iPhone: no 券面 applications.
        case iPhone
        /// Any other token name.
        case unknown(String)

        /// The length of `CK_TOKEN_INFO.label`.
        public static let labelLength = 32

        /// The token of EF 0006: the label (the first 32 bytes; fewer when the file is shorter),
        /// trailing spaces, NULs and `FF`s removed.
        public init(tokenInfo bytes: [UInt8]) {
            var label = bytes.prefix(Self.labelLength)
            while let last = label.last, last == 0x20 || last == 0x00 || last == 0xFF { label = label.dropLast() }
            let name = String(decoding: label, as: UTF8.self)
            switch name {
            case "JPKIAPICCTOKEN2": self = .myNumberCard
            case "JPKIAPICCTOKEN": self = .jukiCard
            case "JPKIAPGPSETOKEN": self = .smartphone
            case "JPKIAPIOSTOKEN": self = .iPhone
            default: self = .unknown(name)
            }
        }

        /// Whether the token is a smartphone's (Android or iPhone): only the JPKI AP is there.
        public var isSmartphone: Bool { self == .smartphone || self == .iPhone }

        /// `my-number-card`, `juki-card`, `smartphone`, `iphone`, or the name.
        public var description: String {
            switch self {
            case .myNumberCard: return "my-number-card"
            case .jukiCard: return "juki-card"
            case .smartphone: return "smartphone"
            case .iPhone: return "iphone"
            case .unknown(let name): return "unknown (\(name))"
            }
        }
    }

    /// The four certificates of the AP.
    public enum CertificateKind: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// EF 000A: 利用者証明用電子証明書 (free on a card; after the auth PIN on a smartphone).
        case authentication
        /// EF 000B: its CA's certificate.
        case authenticationCA
        /// EF 0001: 署名用電子証明書 (after the signature PIN).
        case signature
        /// EF 0002: its CA's certificate.
        case signatureCA

        /// The certificate's EF.
        public var fileID: UInt16 {
            switch self {
            case .authentication: return 0x000A
            case .authenticationCA: return 0x000B
            case .signature: return 0x0001
            case .signatureCA: return 0x0002
            }
        }

        /// The PIN that may guard the certificate.
        public var guardingPIN: PINKind? {
            switch self {
            case .authentication: return .authentication
            case .signature: return .signature
            case .authenticationCA, .signatureCA: return nil
            }
        }

        /// `authentication`, `authentication CA`, …
        public var description: String {
            switch self {
            case .authentication: return "authentication certificate"
            case .authenticationCA: return "authentication CA certificate"
            case .signature: return "signature certificate"
            case .signatureCA: return "signature CA certificate"
            }
        }
    }

    /// The two private keys.
    public enum Key: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        /// EF 0017: the user-authentication key, after the authentication PIN.
        case authentication
        /// EF 001A: the signature key, after the signature PIN.
        case signature

        /// The key's EF.
        public var fileID: UInt16 { self == .authentication ? 0x0017 : 0x001A }
        /// The PIN to verify before the key signs.
        public var pin: PINKind { self == .authentication ? .authentication : .signature }

        /// `authentication key`, `signature key`.
        public var description: String { "\(rawValue) key" }
    }

    /// EF 0006: the token info.
    public static let tokenInfoFile: UInt16 = 0x0006

    let base: ApplicationChannel

    /// A client on `channel`.
    public init(channel: CardChannel) {
        base = ApplicationChannel(channel: channel, application: .jpki)
    }

    /// SELECT of the AP by DF name: 1 APDU. A reset or selecting another AP forgets its PINs.
    public func select() async throws(JPKICardError) {
        try await base.selectApplication()
    }

    /// The token kind from EF 0006: SELECT and one READ BINARY.
    public func tokenKind() async throws(JPKICardError) -> TokenKind {
        TokenKind(tokenInfo: try await base.readBytes(Self.tokenInfoFile, length: 256))
    }

    /// The DER of a certificate: SELECT and 2 READ BINARY with extended length (header, then
    /// the rest), or 1 + ⌈(n − 4) / 256⌉ in chunk mode.
    ///
    /// - Throws: ``JPKICardError/accessDenied(_:needs:)`` for the signature certificate before
    ///   the signature PIN (and the smartphone's authentication certificate before the auth PIN).
    public func readCertificateDER(_ kind: CertificateKind) async throws(JPKICardError) -> [UInt8] {
        try await base.readObject(kind.fileID, needs: kind.guardingPIN)
    }

    /// A certificate, parsed.
    public func readCertificate(_ kind: CertificateKind) async throws(JPKICardError) -> Certificate {
        let der = try await readCertificateDER(kind)
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw .malformedData("the \(kind) does not parse: \(error)", at: CardLocation(.jpki, fileID: kind.fileID))
        }
    }

    /// The state of the authentication or signature PIN: SELECT and the retry query, which
    /// consumes no try.
    public func pinStatus(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        guard kind.application == .jpki else { throw .invalidArgument("the \(kind) is not a PIN of the JPKI AP") }
        return try await base.pinStatus(kind)
    }

    /// Verifies the authentication PIN: SELECT EF 0018, the retry query, VERIFY (3 APDUs). The
    /// PIN is not sent when it is blocked, or when one try is left and `lastTry` is `.refuse`.
    public func verify(_ pin: UserAuthenticationPIN, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) {
        try await base.verify(pin.secret, as: .authentication, lastTry: lastTry)
    }

    /// Verifies the signature PIN: SELECT EF 001B, the retry query, VERIFY (3 APDUs).
    public func verify(_ pin: SignaturePIN, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) {
        try await base.verify(pin.secret, as: .signature, lastTry: lastTry)
    }

    /// Changes the authentication PIN: verifies `current`, then CHANGE REFERENCE DATA (4 APDUs).
    public func changePIN(
        from current: UserAuthenticationPIN, to new: UserAuthenticationPIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) {
        try await verify(current, lastTry: lastTry)
        try await base.change(to: new.secret, as: .authentication)
    }

    /// Changes the signature PIN: verifies `current`, then CHANGE REFERENCE DATA (4 APDUs).
    public func changePIN(
        from current: SignaturePIN, to new: SignaturePIN, lastTry: LastTryPolicy = .refuse
    ) async throws(JPKICardError) {
        try await verify(current, lastTry: lastTry)
        try await base.change(to: new.secret, as: .signature)
    }

    /// Signs `digestInfo` with `key`, whose PIN must be verified in this session: COMPUTE DIGITAL
    /// SIGNATURE `80 2A 00 P2 Lc DigestInfo 00` with P2 = `0x80 | SFI` (`97` for EF 0017, `9A`
    /// for EF 001A), which names the key EF and saves its SELECT (1 APDU). A card that does not
    /// know that form (`6A 86`, `6A 81`) gets SELECT of the key EF and P2 `80` instead (2 more).
    /// The card applies PKCS #1 v1.5 padding; the result is the RSA signature (256 bytes for
    /// RSA-2048).
    public func sign(_ digestInfo: DigestInfo, with key: Key) async throws(JPKICardError) -> [UInt8] {
        let location = CardLocation(.jpki, fileID: key.fileID)
        let named = try Self.signCommand(digestInfo, p2: 0x80 | UInt8(key.fileID & 0x1F))
        let response = try await base.send(named, operation: "COMPUTE DIGITAL SIGNATURE", at: location)
        let signature: [UInt8]
        switch response.statusWord.meaning {
        case .incorrectParameters, .functionNotSupported:
            try await base.selectFile(key.fileID)
            signature = try await base.expectSuccess(
                try Self.signCommand(digestInfo, p2: 0x80), operation: "COMPUTE DIGITAL SIGNATURE", at: location,
                needs: key.pin)
        case .success:
            signature = response.data
        default:
            throw base.map(
                .status(response.statusWord, command: named.redactedDescription),
                operation: "COMPUTE DIGITAL SIGNATURE",
                at: location, needs: key.pin)
        }
        guard !signature.isEmpty else { throw .malformedData("an empty signature", at: location) }
        return signature
    }

    /// `80 2A 00 p2 Lc DigestInfo 00`.
    static func signCommand(_ digestInfo: DigestInfo, p2: UInt8) throws(JPKICardError) -> CommandAPDU {
        do {
            return try CommandAPDU(
                cla: 0x80, ins: 0x2A, p1: 0x00, p2: p2, data: digestInfo.encoded, expectedLength: 256)
        } catch {
            throw .invalidArgument(error.description)
        }
    }
}
