import JPKIASN1
import JPKIX509

extension VirtualMyNumberCard {
    /// 券面事項入力補助AP (card-info input support, `D3 92 10 00 31 00 01 01 04 08`): the My
    /// Number and the basic 4 information as text, for filling in forms.
    ///
    /// | EF | content | access |
    /// |---|---|---|
    /// | 0001 | `FF 10 0C` + the 12 digits + `FF FF` (17 bytes) | after EF 0011, 0014 or 0015 |
    /// | 0002 | `FF 20 82 HH LL` { `DF 21` header, `DF 22` name, `DF 23` address, `DF 24` birth date `YYYYMMDD`, `DF 25` sex } | as 0001 |
    /// | 0003 | `FF 30 82 HH LL` { `DF 31` SHA-256 of EF 0001's object, `DF 32` SHA-256 of EF 0002's object, `DF 33` signature }, `FF` padded to 336 bytes | as 0001 |
    /// | 0004 | CV certificate of the data signer `7F 21` { `5F 4E`, `5F 37` } | free |
    /// | 0005 | AP info | free |
    /// | 0007 | `FF 50` { `DF 51` internal-authentication public key, `DF 52` signature } | free |
    /// | 0011 | PIN, 4 digits, 3 tries | VERIFY, CHANGE REFERENCE DATA |
    /// | 0014 | 照合番号A: the My Number | VERIFY |
    /// | 0015 | 照合番号B: birth `YYMMDD` + expiry year + security code | VERIFY |
    ///
    /// The simulator's conventions where public sources are silent: `DF 21` holds the 2-byte
    /// offsets of `DF 22`…`DF 25` inside the `FF 20` value; `DF 33` is an RSA PKCS #1 v1.5
    /// SHA-256 signature by the data signer (its key in EF 0004) over the `DF 31` and `DF 32`
    /// objects; `DF 52` likewise over the `DF 51` object; public keys are `90` exponent and `91`
    /// modulus.
    public enum CardInfoApplication {
        /// The DF name.
        public static let aid = CardApplicationKind.cardInfo.aid
        /// EF 0001: My Number.
        public static let myNumberFile: UInt16 = 0x0001
        /// EF 0002: the basic 4 information.
        public static let basicFourInformationFile: UInt16 = 0x0002
        /// EF 0003: hashes and signature.
        public static let signatureFile: UInt16 = 0x0003
        /// EF 0004: the CV certificate of the data signer.
        public static let certificateFile: UInt16 = 0x0004
        /// EF 0005: AP info.
        public static let applicationInfoFile: UInt16 = 0x0005
        /// EF 0007: the internal-authentication public key and its signature.
        public static let internalAuthenticationKeyFile: UInt16 = 0x0007
        /// EF 0011: the PIN.
        public static let pinFile: UInt16 = 0x0011
        /// EF 0014: 照合番号A.
        public static let verificationNumberAFile: UInt16 = 0x0014
        /// EF 0015: 照合番号B.
        public static let verificationNumberBFile: UInt16 = 0x0015
        /// The size of EF 0003 (what `myna` reads).
        public static let signatureFileLength = 336

        /// EF 0001's object: `FF 10 0C` and the 12 ASCII digits (without the `FF FF` padding).
        public static func myNumberObject(_ persona: Persona) -> [UInt8] {
            CardTLV.encode(0xFF10, Array(persona.myNumber.utf8))
        }

        /// EF 0002's object: `FF 20 82 HH LL` { `DF 21` offsets, `DF 22` name (UTF-8), `DF 23`
        /// address (UTF-8), `DF 24` birth date `YYYYMMDD`, `DF 25` sex (`1`, `2`, `9`) }.
        public static func basicFourInformationObject(_ persona: Persona) -> [UInt8] {
            let fields: [(UInt32, [UInt8])] = [
                (0xDF22, Array(persona.name.utf8)), (0xDF23, Array(persona.address.utf8)),
                (0xDF24, Array(persona.birthDate.compactDigits.utf8)), (0xDF25, [persona.sex.cardCode]),
            ]
            return CardTLV.encode(0xFF20, withOffsetHeader(fields), longLength: true)
        }

        /// EF 0003's object for the objects of EF 0001 and EF 0002, signed by `signer`.
        static func signatureObject(
            myNumber: [UInt8], basicFourInformation: [UInt8], signer: SigningKey
        ) throws(X509Error) -> [UInt8] {
            let hashes =
                CardTLV.encode(0xDF31, DigestAlgorithm.sha256.hash(myNumber))
                + CardTLV.encode(0xDF32, DigestAlgorithm.sha256.hash(basicFourInformation))
            let signature = try signer.sign(hashes)
            return CardTLV.encode(
                0xFF30, hashes + CardTLV.encode(0xDF33, signature, longLength: true), longLength: true)
        }

        /// The EFs of the AP.
        static func files(
            persona: Persona, credentials: CardCredentials, pki: TestPKI, cvCertificate: [UInt8]
        ) throws(X509Error) -> [UInt16: CardFile] {
            let readers: Set<CardPIN> = [.cardInfo, .cardInfoVerificationA, .cardInfoVerificationB]
            let myNumber = myNumberObject(persona)
            let information = basicFourInformationObject(persona)
            let signature = try signatureObject(
                myNumber: myNumber, basicFourInformation: information, signer: pki.cardApplicationSignerKey)
            guard let key = try credentials.internalAuthenticationKey.subjectPublicKeyInfo.rsaPublicKeyOrThrow()
            else { throw .invalidValue("the internal-authentication key is not RSA", offset: 0) }
            let keyObject = CardTLV.encode(0xDF51, CardTLV.publicKey(key), longLength: true)
            let keySignature = try pki.cardApplicationSignerKey.sign(keyObject)
            return [
                myNumberFile: .protected(myNumber + [0xFF, 0xFF], by: readers),
                basicFourInformationFile: .protected(information, by: readers),
                signatureFile: .protected(CardTLV.padded(signature, to: signatureFileLength), by: readers),
                certificateFile: .free(cvCertificate),
                applicationInfoFile: .free(applicationInfo),
                internalAuthenticationKeyFile: .free(
                    CardTLV.encode(
                        0xFF50, keyObject + CardTLV.encode(0xDF52, keySignature, longLength: true), longLength: true)),
                pinFile: CardFile(content: .pin(.cardInfo)),
                verificationNumberAFile: CardFile(content: .pin(.cardInfoVerificationA)),
                verificationNumberBFile: CardFile(content: .pin(.cardInfoVerificationB)),
            ]
        }

        /// The AP-info EF of both 券面 applications. Its real contents are not public: the
        /// simulator stores a version object `FF 01 03 DF 01 01 01`.
        static let applicationInfo: [UInt8] = [0xFF, 0x01, 0x03, 0xDF, 0x01, 0x01, 0x01]

        /// A `DF 21` header of the 2-byte offsets (inside the enclosing value) of `fields`,
        /// followed by the fields.
        static func withOffsetHeader(_ fields: [(UInt32, [UInt8])]) -> [UInt8] {
            let encoded = fields.map { CardTLV.encode($0.0, $0.1) }
            let headerLength = CardTLV.encode(0xDF21, [UInt8](repeating: 0, count: 2 * fields.count)).count
            var offsets: [UInt8] = []
            var position = headerLength
            for field in encoded {
                offsets += [UInt8(position >> 8 & 0xFF), UInt8(position & 0xFF)]
                position += field.count
            }
            return CardTLV.encode(0xDF21, offsets) + encoded.flatMap { $0 }
        }
    }
}
