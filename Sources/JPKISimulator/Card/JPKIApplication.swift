extension VirtualMyNumberCard {
    /// 公的個人認証AP (the JPKI AP, `D3 92 F0 00 26 01 00 00 00 01`): the certificates, keys and
    /// PINs of the JPKI.
    ///
    /// | EF | content | access |
    /// |---|---|---|
    /// | 0001 | signature certificate (DER) | after the signature PIN, else `69 82` |
    /// | 0002 | signature CA certificate | free |
    /// | 0006 | token info: a 160-byte PKCS #11 `CK_TOKEN_INFO`, its 32-byte label the token name | free |
    /// | 0008 | `8F 8F 00`: both certificates present | free |
    /// | 000A | user-authentication certificate | free (Android token: after the auth PIN) |
    /// | 000B | user-authentication CA certificate | free |
    /// | 0017 | authentication key | COMPUTE DIGITAL SIGNATURE after the auth PIN |
    /// | 0018 | authentication PIN (4 digits, 3 tries) | VERIFY, CHANGE REFERENCE DATA |
    /// | 001A | signature key | COMPUTE DIGITAL SIGNATURE after the signature PIN |
    /// | 001B | signature PIN (6–16 of A–Z 0–9, 5 tries) | VERIFY, CHANGE REFERENCE DATA |
    public enum JPKIApplication {
        /// The DF name.
        public static let aid = CardApplicationKind.jpki.aid
        /// EF 0001: the signature certificate.
        public static let signatureCertificateFile: UInt16 = 0x0001
        /// EF 0002: the signature CA certificate.
        public static let signatureCACertificateFile: UInt16 = 0x0002
        /// EF 0006: the token info.
        public static let tokenInfoFile: UInt16 = 0x0006
        /// EF 000A: the user-authentication certificate.
        public static let authenticationCertificateFile: UInt16 = 0x000A
        /// EF 000B: the user-authentication CA certificate.
        public static let authenticationCACertificateFile: UInt16 = 0x000B
        /// EF 0017: the authentication key.
        public static let authenticationKeyFile: UInt16 = 0x0017
        /// EF 0018: the authentication PIN.
        public static let authenticationPINFile: UInt16 = 0x0018
        /// EF 001A: the signature key.
        public static let signatureKeyFile: UInt16 = 0x001A
        /// EF 001B: the signature PIN.
        public static let signaturePINFile: UInt16 = 0x001B
        /// EF 0008: which certificates are present.
        public static let certificatePresenceFile: UInt16 = 0x0008
        /// The size of EF 0006: a PKCS #11 `CK_TOKEN_INFO` with 4-byte `CK_ULONG`s.
        public static let tokenInfoLength = 160

        /// EF 0006: a `CK_TOKEN_INFO`: `label` (32 bytes, the token name space padded),
        /// `manufacturerID` (32), `model` (16), `serialNumber` (16), `flags` and the ten counters
        /// (4 bytes each, big-endian), hardware and firmware versions (2 + 2), `utcTime` (16).
        public static func tokenInfo(_ token: Persona.Token) -> [UInt8] {
            func text(_ value: String, _ count: Int) -> [UInt8] {
                let bytes = Array(value.utf8.prefix(count))
                return bytes + [UInt8](repeating: 0x20, count: count - bytes.count)
            }
            func ulong(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
            let counters: [UInt32] = [0x0000_040D, 1, 0, 1, 0, 16, 4, 0, 0, 0, 0]
            let info =
                text(token.name, 32) + text("JPKISimulator", 32) + text("VirtualMyNumber", 16)
                + text("SIM0000000000001", 16) + counters.flatMap(ulong) + [0x01, 0x00, 0x01, 0x00]
                + text("", 16)
            return info
        }

        /// The EFs of the AP for `persona` with `credentials`.
        static func files(persona: Persona, credentials: CardCredentials) -> [UInt16: CardFile] {
            let authenticationCertificate = credentials.authenticationCertificate.derEncoded
            return [
                signatureCertificateFile: .protected(
                    credentials.signatureCertificate.derEncoded, by: [.jpkiSignature]),
                signatureCACertificateFile: .free(credentials.signatureCACertificate.derEncoded),
                tokenInfoFile: .free(tokenInfo(persona.token)),
                certificatePresenceFile: .free([0x8F, 0x8F, 0x00]),
                authenticationCertificateFile: persona.token == .smartphone
                    ? .protected(authenticationCertificate, by: [.jpkiAuthentication])
                    : .free(authenticationCertificate),
                authenticationCACertificateFile: .free(credentials.authenticationCACertificate.derEncoded),
                authenticationKeyFile: CardFile(content: .key(.jpkiAuthentication)),
                authenticationPINFile: CardFile(content: .pin(.jpkiAuthentication)),
                signatureKeyFile: CardFile(content: .key(.jpkiSignature)),
                signaturePINFile: CardFile(content: .pin(.jpkiSignature)),
            ]
        }
    }
}
