import JPKIASN1
import JPKIX509

extension VirtualMyNumberCard {
    /// 券面事項入力補助AP (card-info input support, `D3 92 10 00 31 00 01 01 04 08`): the My
    /// Number and the basic 4 information as text, for filling in forms.
    ///
    /// | EF | content | access |
    /// |---|---|---|
    /// | 0001 | `FF 10 0C` + the 12 digits + filler `FF FF` (17 bytes) | after EF 0011, 0014 or 0015 |
    /// | 0002 | `FF 20` { `DF 21` offsets, `DF 22` name, `DF 23` address, `DF 24` birth date `YYYYMMDD`, `DF 25` sex } | as 0001 |
    /// | 0003 | `FF 30 82 01 4B` { `DF 31` SHA-256 of EF 0001, `DF 32` SHA-256 of EF 0002, `DF 33` signature } | as 0001 |
    /// | 0004 | CV certificate of the municipality key, by the simulator's CA `SIM0033` | free |
    /// | 0005 | AP info | free |
    /// | 0007 | `FF 50` { `DF 51` the AP's key, `DF 52` signature } | as 0001 |
    /// | 0011 | PIN, 4 digits, 3 tries | VERIFY, CHANGE REFERENCE DATA |
    /// | 0013 | the AP's key: COMPUTE DIGITAL SIGNATURE `80 2A 00 00` (P2 `00`: this key), no PIN | |
    /// | 0014 | 照合番号A: the My Number | VERIFY |
    /// | 0015 | 照合番号B: birth date (era year `YYMMDD`) + expiry year + security code | VERIFY |
    ///
    /// As on real cards: `DF 31` is the SHA-256 of EF 0001 **as stored, filler included** (17
    /// bytes); `DF 32` the SHA-256 of EF 0002's `FF 20` value **without its `DF 21` offset
    /// table**; `DF 21` holds the 2-byte offsets, from the first byte of the file, of `DF 22` to
    /// `DF 25`; `DF 33` and `DF 52` are RSA PKCS #1 v1.5 SHA-256 signatures by the municipality
    /// key (certified by EF 0004) over the objects before them as written.
    public enum CardInfoApplication {
        /// The DF name.
        public static let aid = CardApplicationKind.cardInfo.aid
        /// EF 0001: My Number.
        public static let myNumberFile: UInt16 = 0x0001
        /// EF 0002: the basic 4 information.
        public static let basicFourInformationFile: UInt16 = 0x0002
        /// EF 0003: hashes and signature.
        public static let signatureFile: UInt16 = 0x0003
        /// EF 0004: the CV certificate.
        public static let certificateFile: UInt16 = 0x0004
        /// EF 0005: AP info.
        public static let applicationInfoFile: UInt16 = 0x0005
        /// EF 0007: the AP's key and its signature.
        public static let internalAuthenticationKeyFile: UInt16 = 0x0007
        /// EF 0011: the PIN.
        public static let pinFile: UInt16 = 0x0011
        /// EF 0013: the AP's key.
        public static let keyFile: UInt16 = 0x0013
        /// EF 0014: 照合番号A.
        public static let verificationNumberAFile: UInt16 = 0x0014
        /// EF 0015: 照合番号B.
        public static let verificationNumberBFile: UInt16 = 0x0015
        /// The size of EF 0003.
        public static let signatureFileLength = 336

        /// EF 0001 as stored: `FF 10 0C`, the 12 ASCII digits, and the filler `FF FF`.
        public static func myNumberFileContents(_ persona: Persona) -> [UInt8] {
            CardTLV.encode(0xFF10, Array(persona.myNumber.utf8)) + [0xFF, 0xFF]
        }

        /// EF 0002's object: `FF 20` { `DF 21` offsets, `DF 22` name (UTF-8), `DF 23` address
        /// (UTF-8), `DF 24` birth date `YYYYMMDD`, `DF 25` sex (`1`, `2`, `9`) }, minimal lengths.
        public static func basicFourInformationObject(_ persona: Persona) -> [UInt8] {
            CardTLV.withOffsetTable(
                0xFF20,
                objects: [
                    CardTLV.encode(0xDF22, Array(persona.name.utf8)),
                    CardTLV.encode(0xDF23, Array(persona.address.utf8)),
                    CardTLV.encode(0xDF24, Array(persona.birthDate.compactDigits.utf8)),
                    CardTLV.encode(0xDF25, [persona.sex.cardCode]),
                ], longLength: false)
        }

        /// What EF 0003's `DF 32` hashes: EF 0002's `FF 20` value after the `DF 21` object.
        static func basicFourInformationDigestInput(_ object: [UInt8]) -> [UInt8] {
            guard let outer = try? BERTLV.parse(object).first, let table = try? BERTLV.parse(outer.value).first,
                table.rawTag == 0xDF21
            else { return object }
            return Array(outer.value[table.value.endIndex...])
        }

        /// EF 0003's object for the files EF 0001 (as stored) and EF 0002, signed by `signer`.
        static func signatureObject(
            myNumberFile: [UInt8], basicFourInformation: [UInt8], signer: SigningKey
        ) throws(X509Error) -> [UInt8] {
            let hashes =
                CardTLV.encode(0xDF31, DigestAlgorithm.sha256.hash(myNumberFile))
                + CardTLV.encode(
                    0xDF32, DigestAlgorithm.sha256.hash(basicFourInformationDigestInput(basicFourInformation)))
            let signature = try signer.sign(hashes)
            return CardTLV.encode(
                0xFF30, hashes + CardTLV.encode(0xDF33, signature, longLength: true), longLength: true)
        }

        /// The EFs of the AP.
        static func files(persona: Persona, credentials: CardCredentials, pki: TestPKI, forgeries: CardForgeries)
            throws(X509Error) -> [UInt16: CardFile]
        {
            let readers: Set<CardPIN> = [.cardInfo, .cardInfoVerificationA, .cardInfoVerificationB]
            let signer = forgeries.recordSigner(.cardInfo) ?? pki.cardApplicationSignerKey
            let myNumber = myNumberFileContents(persona)
            let information = basicFourInformationObject(persona)
            let signature = try signatureObject(
                myNumberFile: myNumber, basicFourInformation: information, signer: signer)
            guard let key = try credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKeyOrThrow()
            else { throw .invalidValue("the application key is not RSA", offset: 0) }
            let keyObject = CardTLV.encode(0xDF51, CardTLV.publicKey(key), longLength: true)
            let keySignature = try signer.sign(keyObject)
            return [
                myNumberFile: .protected(myNumber, by: readers),
                basicFourInformationFile: .protected(information, by: readers),
                signatureFile: .protected(CardTLV.padded(signature, to: signatureFileLength), by: readers),
                certificateFile: .free(try forgeries.certificate(for: .cardInfo, pki: pki)),
                applicationInfoFile: .free(applicationInfo),
                internalAuthenticationKeyFile: .protected(
                    CardTLV.encode(
                        0xFF50, keyObject + CardTLV.encode(0xDF52, keySignature, longLength: true), longLength: true),
                    by: readers),
                pinFile: CardFile(content: .pin(.cardInfo)),
                keyFile: CardFile(content: .key(.cardInfo)),
                verificationNumberAFile: CardFile(content: .pin(.cardInfoVerificationA)),
                verificationNumberBFile: CardFile(content: .pin(.cardInfoVerificationB)),
            ]
        }

        /// The AP-info EF of both 券面 applications. Its real contents are not public: the
        /// simulator stores a version object `FF 01 03 DF 01 01 01`.
        static let applicationInfo: [UInt8] = [0xFF, 0x01, 0x03, 0xDF, 0x01, 0x01, 0x01]
    }
}
