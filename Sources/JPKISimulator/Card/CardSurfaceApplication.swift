import JPKIX509

extension VirtualMyNumberCard {
    /// 券面事項確認AP (card-surface confirmation, `D3 92 10 00 31 00 01 01 04 02`): the card's
    /// face as images, for checking a card shown at a counter.
    ///
    /// | EF | content | access |
    /// |---|---|---|
    /// | 0001 | `FF 10` { `DF 11` birth date `YYYYMMDD`, `DF 12` public key, `DF 13` signature } | after EF 0011, 0012 or 0013 |
    /// | 0002 | `FF 20` { `DF 21` header, `DF 22` birth date, `DF 23` sex, `DF 24` public key, `DF 25` name PNG, `DF 26` address PNG, `DF 27` face JPEG 2000, `DF 28` signature, `DF 29` expiry `YYYYMMDD`, `DF 2A` security-code PNG } | after 照合番号A or B (EF 0013, 0012) |
    /// | 0003 | AP info | free |
    /// | 0004 | CV certificate of the data signer | free |
    /// | 0005 | `FF 40` { `DF 41` My Number PNG, `DF 42` public key, `DF 43` signature } | after 照合番号A (EF 0013) |
    /// | 0011 | birth-date PIN `YYMMDD` | VERIFY |
    /// | 0012 | 照合番号B | VERIFY |
    /// | 0013 | 照合番号A | VERIFY |
    ///
    /// The simulator's conventions: the public key fields hold the data signer's key (`90`
    /// exponent, `91` modulus), also certified by EF 0004; each signature is RSA PKCS #1 v1.5
    /// SHA-256 over the objects before it in the same constructed object (for EF 0002: `DF 21`
    /// to `DF 27`). The My Number image needs 照合番号A: who knows only the face (照合番号B)
    /// does not learn the number from the back.
    public enum CardSurfaceApplication {
        /// The DF name.
        public static let aid = CardApplicationKind.cardSurface.aid
        /// EF 0001: the birth date object.
        public static let birthDateFile: UInt16 = 0x0001
        /// EF 0002: the card-face entries.
        public static let entriesFile: UInt16 = 0x0002
        /// EF 0003: AP info.
        public static let applicationInfoFile: UInt16 = 0x0003
        /// EF 0004: the CV certificate of the data signer.
        public static let certificateFile: UInt16 = 0x0004
        /// EF 0005: the My Number image object.
        public static let myNumberImageFile: UInt16 = 0x0005
        /// EF 0011: the birth-date PIN.
        public static let birthDatePINFile: UInt16 = 0x0011
        /// EF 0012: 照合番号B.
        public static let verificationNumberBFile: UInt16 = 0x0012
        /// EF 0013: 照合番号A.
        public static let verificationNumberAFile: UInt16 = 0x0013

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

        /// The EFs of the AP.
        static func files(persona: Persona, pki: TestPKI, cvCertificate: [UInt8]) throws(X509Error)
            -> [UInt16: CardFile]
        {
            let images = Images(persona: persona)
            let signer = pki.cardApplicationSignerKey
            guard let key = try signer.subjectPublicKeyInfo.rsaPublicKeyOrThrow() else {
                throw .invalidValue("the card-application signer's key is not RSA", offset: 0)
            }
            let publicKey = CardTLV.publicKey(key)
            let birthDate = Array(persona.birthDate.compactDigits.utf8)

            let birthBody = CardTLV.encode(0xDF11, birthDate) + CardTLV.encode(0xDF12, publicKey, longLength: true)
            let birthObject = CardTLV.encode(
                0xFF10, birthBody + CardTLV.encode(0xDF13, try signer.sign(birthBody), longLength: true),
                longLength: true)

            let signed = CardInfoApplication.withOffsetHeader([
                (0xDF22, birthDate), (0xDF23, [persona.sex.cardCode]), (0xDF24, publicKey), (0xDF25, images.name),
                (0xDF26, images.address), (0xDF27, images.facePhoto),
            ])
            let entries = CardTLV.encode(
                0xFF20,
                signed + CardTLV.encode(0xDF28, try signer.sign(signed), longLength: true)
                    + CardTLV.encode(0xDF29, Array(persona.cardExpiry.compactDigits.utf8))
                    + CardTLV.encode(0xDF2A, images.securityCode),
                longLength: true)
            // The header's offsets cover DF 22 to DF 27; DF 28 to DF 2A follow in that order.

            let numberBody =
                CardTLV.encode(0xDF41, images.myNumber) + CardTLV.encode(0xDF42, publicKey, longLength: true)
            let numberObject = CardTLV.encode(
                0xFF40, numberBody + CardTLV.encode(0xDF43, try signer.sign(numberBody), longLength: true),
                longLength: true)

            return [
                birthDateFile: .protected(
                    birthObject, by: [.cardSurfaceBirthDate, .cardSurfaceVerificationA, .cardSurfaceVerificationB]),
                entriesFile: .protected(entries, by: [.cardSurfaceVerificationA, .cardSurfaceVerificationB]),
                applicationInfoFile: .free(CardInfoApplication.applicationInfo),
                certificateFile: .free(cvCertificate),
                myNumberImageFile: .protected(numberObject, by: [.cardSurfaceVerificationA]),
                birthDatePINFile: CardFile(content: .pin(.cardSurfaceBirthDate)),
                verificationNumberBFile: CardFile(content: .pin(.cardSurfaceVerificationB)),
                verificationNumberAFile: CardFile(content: .pin(.cardSurfaceVerificationA)),
            ]
        }
    }
}
