import JPKIASN1
import JPKIX509

extension VirtualMyNumberCard {
    /// 券面事項確認AP (card-surface confirmation, `D3 92 10 00 31 00 01 01 04 02`): the card's
    /// face as images, for checking a card shown at a counter, and the card's genuineness.
    ///
    /// | EF | content | access |
    /// |---|---|---|
    /// | 0001 | `FF 10` { `DF 11` birth date `YYYYMMDD`, `DF 12` the AP's key, `DF 13` signature } | after EF 0011, 0012 or 0013 |
    /// | 0002 | `FF 20` { `DF 21` offsets, `DF 22` birth date, `DF 23` sex, `DF 24` the AP's key, `DF 25` name PNG, `DF 26` address PNG, `DF 27` face JPEG 2000, `DF 28` signature, `DF 29` expiry `YYYYMMDD`, `DF 2A` security-code PNG } | after 照合番号A or B (EF 0013, 0012) |
    /// | 0003 | AP info | free |
    /// | 0004 | CV certificate of the municipality key, by the simulator's CA `SIM0023` | free |
    /// | 0005 | `FF 40` { `DF 41` My Number PNG, `DF 42` the AP's key, `DF 43` signature } | after 照合番号A (EF 0013) |
    /// | 0011 | birth-date PIN: era year `YYMMDD` | VERIFY |
    /// | 0012 | 照合番号B | VERIFY |
    /// | 0013 | 照合番号A | VERIFY |
    /// | 001A | the AP's key: COMPUTE DIGITAL SIGNATURE `80 2A 00 00` (P2 `00`: this key), no PIN | |
    ///
    /// As on real cards: the records are signed (RSA PKCS #1 v1.5) by the municipality key that
    /// EF 0004 certifies; EF 0001 and 0005 over the SHA-256 of the objects before the signature,
    /// EF 0002 over one DigestInfo of three SHA-256 digests (`DF 22`–`DF 24`, `DF 25`–`DF 26`,
    /// `DF 27`), `DF 29` and `DF 2A` not covered; `DF 21` holds the 2-byte offsets, from the
    /// first byte of the file, of every object after it. The AP's key in `DF 12`, `DF 24` and
    /// `DF 42` is the key EF 001A signs challenges with.
    public enum CardSurfaceApplication {
        /// The DF name.
        public static let aid = CardApplicationKind.cardSurface.aid
        /// EF 0001: the birth date object.
        public static let birthDateFile: UInt16 = 0x0001
        /// EF 0002: the card-face entries.
        public static let entriesFile: UInt16 = 0x0002
        /// EF 0003: AP info.
        public static let applicationInfoFile: UInt16 = 0x0003
        /// EF 0004: the CV certificate.
        public static let certificateFile: UInt16 = 0x0004
        /// EF 0005: the My Number image object.
        public static let myNumberImageFile: UInt16 = 0x0005
        /// EF 0011: the birth-date PIN.
        public static let birthDatePINFile: UInt16 = 0x0011
        /// EF 0012: 照合番号B.
        public static let verificationNumberBFile: UInt16 = 0x0012
        /// EF 0013: 照合番号A.
        public static let verificationNumberAFile: UInt16 = 0x0013
        /// EF 001A: the AP's key.
        public static let keyFile: UInt16 = 0x001A

        /// The images of the card face, as the AP stores them.
        public struct Images: Sendable {
            /// The name (PNG).
            public var name: [UInt8]
            /// The address (PNG).
            public var address: [UInt8]
            /// The face photo (JPEG 2000, JP2 file format).
            public var facePhoto: [UInt8]
            /// The security code (PNG).
            public var securityCode: [UInt8]
            /// The My Number (PNG).
            public var myNumber: [UInt8]

            /// The images of `persona`; the photo is the bundled sample portrait.
            public init(persona: Persona) {
                name = CardFaceImage.png(persona.name)
                address = CardFaceImage.png(persona.address)
                facePhoto = SampleFacePhoto.jp2
                securityCode = CardFaceImage.png(persona.securityCode)
                myNumber = CardFaceImage.png(persona.myNumber)
            }
        }

        /// A record `FF nn` { fields…, `signatureTag` signature over the fields as written }.
        static func signedRecord(
            _ tag: UInt32, _ fields: [(UInt32, [UInt8])], signatureTag: UInt32, signer: SigningKey
        ) throws(X509Error) -> [UInt8] {
            let body = fields.flatMap { CardTLV.encode($0.0, $0.1, longLength: $0.1.count > 255) }
            return CardTLV.encode(
                tag, body + CardTLV.encode(signatureTag, try signer.sign(body), longLength: true), longLength: true)
        }

        /// EF 0002: the entries with their offset table and the three-digest signature.
        static func entries(persona: Persona, images: Images, applicationKey: [UInt8], signer: SigningKey)
            throws(X509Error) -> [UInt8]
        {
            let birthDate = Array(persona.birthDate.compactDigits.utf8)
            let covered = [
                CardTLV.encode(0xDF22, birthDate), CardTLV.encode(0xDF23, [persona.sex.cardCode]),
                CardTLV.encode(0xDF24, applicationKey, longLength: true),
                CardTLV.encode(0xDF25, images.name, longLength: true),
                CardTLV.encode(0xDF26, images.address, longLength: true),
                CardTLV.encode(0xDF27, images.facePhoto, longLength: true),
            ]
            let digests =
                DigestAlgorithm.sha256.hash(covered[0...2].flatMap { $0 })
                + DigestAlgorithm.sha256.hash(covered[3...4].flatMap { $0 }) + DigestAlgorithm.sha256.hash(covered[5])
            // DigestInfo { sha256, OCTET STRING of 96 bytes }: 30 71 30 0D 06 09 … 05 00 04 60.
            let digestInfo =
                [0x30, 0x71, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]
                + [0x04, 0x60] + digests
            let signature = try signer.signPaddedDigestInfo(digestInfo)
            let objects =
                covered + [
                    CardTLV.encode(0xDF28, signature, longLength: true),
                    CardTLV.encode(0xDF29, Array(persona.cardExpiry.compactDigits.utf8)),
                    CardTLV.encode(0xDF2A, images.securityCode, longLength: true),
                ]
            return CardTLV.withOffsetTable(0xFF20, objects: objects)
        }

        /// The EFs of the AP.
        static func files(persona: Persona, credentials: CardCredentials, pki: TestPKI, forgeries: CardForgeries)
            throws(X509Error) -> [UInt16: CardFile]
        {
            let images = Images(persona: persona)
            let signer = forgeries.recordSigner(.cardSurface) ?? pki.cardApplicationSignerKey
            guard let key = try credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKeyOrThrow() else {
                throw .invalidValue("the application key is not RSA", offset: 0)
            }
            let applicationKey = CardTLV.publicKey(key)
            let birthDate = Array(persona.birthDate.compactDigits.utf8)
            let birthObject = try signedRecord(
                0xFF10, [(0xDF11, birthDate), (0xDF12, applicationKey)], signatureTag: 0xDF13, signer: signer)
            let numberObject = try signedRecord(
                0xFF40, [(0xDF41, images.myNumber), (0xDF42, applicationKey)], signatureTag: 0xDF43, signer: signer)
            return [
                birthDateFile: .protected(
                    birthObject, by: [.cardSurfaceBirthDate, .cardSurfaceVerificationA, .cardSurfaceVerificationB]),
                entriesFile: .protected(
                    try entries(persona: persona, images: images, applicationKey: applicationKey, signer: signer),
                    by: [.cardSurfaceVerificationA, .cardSurfaceVerificationB]),
                applicationInfoFile: .free(CardInfoApplication.applicationInfo),
                certificateFile: .free(try forgeries.certificate(for: .cardSurface, pki: pki)),
                myNumberImageFile: .protected(numberObject, by: [.cardSurfaceVerificationA]),
                birthDatePINFile: CardFile(content: .pin(.cardSurfaceBirthDate)),
                verificationNumberBFile: CardFile(content: .pin(.cardSurfaceVerificationB)),
                verificationNumberAFile: CardFile(content: .pin(.cardSurfaceVerificationA)),
                keyFile: CardFile(content: .key(.cardSurface)),
            ]
        }
    }
}
