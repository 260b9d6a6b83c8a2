import Foundation
import JPKIAPDU
import JPKIASN1
import JPKIX509

/// A test public key infrastructure shaped like J-LIS's: a root CA for signature certificates
/// and one for user-authentication certificates (same names, extensions and validity as the
/// 2023 generation of the real roots), leaves in the JPKI profile, CRLs partitioned by
/// municipality, and its own hierarchy of card-verifiable (CV) certificates for the card's 券面
/// applications: two CA keys (one per application, like J-LIS's `5000023` and `5000033`) under
/// 証明者鍵ID that cannot be mistaken for J-LIS's (`SIM0023`, `SIM0033`: letters where J-LIS writes
/// digits), and the municipality key (`SIMSIGN`) they certify, which signs the 券面 data.
///
/// Never trust these roots outside tests: their private keys are in the persona files.
///
/// ```swift
/// let pki = try TestPKI()
/// let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
/// try pki.revoke(card.signatureCertificate, reason: .affiliationChanged)
/// let crl = try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区")
/// ```
public final class TestPKI: @unchecked Sendable {
    /// A revoked certificate, as the PKI remembers it to write its CRLs.
    public struct Revocation: Codable, Hashable, Sendable {
        /// The certificate's serial number, in hexadecimal.
        public var serialNumberHex: String
        /// When it was revoked, in seconds since 1970.
        public var revocationTime: Int64
        /// The reason code (RFC 5280 CRLReason).
        public var reasonCode: Int
        /// `signature` or `userAuthentication`.
        public var purpose: String
        /// The municipality partition: prefecture.
        public var prefecture: String
        /// The municipality partition: city.
        public var city: String
    }

    /// A municipality that certificates were issued in, per purpose.
    public struct Partition: Codable, Hashable, Sendable {
        /// `signature` or `userAuthentication`.
        public var purpose: String
        /// The prefecture.
        public var prefecture: String
        /// The city.
        public var city: String

        /// The partition as the X509 module names it.
        public var municipality: JPKIMunicipality? {
            guard let purpose = JPKIPurpose(rawValue: purpose) else { return nil }
            return JPKIMunicipality(prefecture: prefecture, city: city, purpose: purpose)
        }
    }

    /// Everything the PKI needs to come back after a restart: keys (PKCS #8), certificates
    /// (DER), the serial counter and the revocations. Base64 in JSON.
    public struct Snapshot: Codable, Hashable, Sendable {
        /// The signature root's key.
        public var signatureRootKey: Data
        /// The signature root.
        public var signatureRoot: Data
        /// The authentication root's key.
        public var authenticationRootKey: Data
        /// The authentication root.
        public var authenticationRoot: Data
        /// The CV CA key of the 券面事項確認AP (`SIM0023`; the name is that of the first format,
        /// which had one CA key for both applications).
        public var cardApplicationCAKey: Data
        /// The CV CA key of the 券面事項入力補助AP (`SIM0033`); absent in older files, then made anew.
        public var cardInfoCAKey: Data?
        /// The key that signs the 券面 applications' data.
        public var cardApplicationSignerKey: Data
        /// The next serial number to issue.
        public var nextSerial: UInt64
        /// The revoked certificates.
        public var revocations: [Revocation]
        /// The municipalities certificates were issued in.
        public var partitions: [Partition]
    }

    /// The root CA of signature certificates: `C=JP, O=JPKI, OU=JPKI for digital signature,
    /// OU=Japan Agency for Local Authority Information Systems`.
    public let signatureRoot: Certificate
    /// Its private key.
    public let signatureRootKey: SigningKey
    /// The root CA of user-authentication certificates (`OU=JPKI for user authentication`).
    public let authenticationRoot: Certificate
    /// Its private key.
    public let authenticationRootKey: SigningKey
    /// The CV CA key of the 券面事項確認AP (証明者鍵ID ``cardSurfaceCAKeyID``): it signs the CV
    /// certificate in that application's EF 0004.
    public let cardSurfaceCAKey: SigningKey
    /// The CV CA key of the 券面事項入力補助AP (証明者鍵ID ``cardInfoCAKeyID``).
    public let cardInfoCAKey: SigningKey
    /// The municipality key (被証明者鍵ID ``cardApplicationSignerKeyID``) that both CV certificates
    /// certify and that signs the records of the 券面事項入力補助AP and 券面事項確認AP.
    public let cardApplicationSignerKey: SigningKey

    private let lock = NSLock()
    private var nextSerial: UInt64
    private var revocations: [Revocation]
    private var partitions: [Partition]

    /// The validity of the roots: that of J-LIS's 2023 generation, 2023-07-16 to
    /// 2033-07-15 14:59:59 UTC.
    public static let rootValidity: (notBefore: Int64, notAfter: Int64) = (1_689_465_600, 2_005_052_399)

    /// A new PKI with fresh RSA-2048 keys (four key generations: about a second).
    ///
    /// - Throws: ``X509Error`` when a key cannot be generated or a root not signed.
    public init() throws(X509Error) {
        let signatureKey = try SigningKey(generatingRSABits: 2048)
        let authenticationKey = try SigningKey(generatingRSABits: 2048)
        signatureRootKey = signatureKey
        authenticationRootKey = authenticationKey
        signatureRoot = try Self.makeRoot(.signature, key: signatureKey, serial: [0x01])
        authenticationRoot = try Self.makeRoot(.userAuthentication, key: authenticationKey, serial: [0x02])
        cardSurfaceCAKey = try SigningKey(generatingRSABits: 2048)
        cardInfoCAKey = try SigningKey(generatingRSABits: 2048)
        cardApplicationSignerKey = try SigningKey(generatingRSABits: 2048)
        var random = SystemRandomNumberGenerator()
        nextSerial = 0x0100_0000 + UInt64.random(in: 0..<0x00FF_0000, using: &random)
        revocations = []
        partitions = []
    }

    /// The PKI saved in `snapshot`.
    ///
    /// - Throws: ``X509Error`` when a key or certificate does not decode.
    public init(snapshot: Snapshot) throws(X509Error) {
        signatureRootKey = try SigningKey(derEncoded: [UInt8](snapshot.signatureRootKey))
        signatureRoot = try Certificate(derEncoded: [UInt8](snapshot.signatureRoot))
        authenticationRootKey = try SigningKey(derEncoded: [UInt8](snapshot.authenticationRootKey))
        authenticationRoot = try Certificate(derEncoded: [UInt8](snapshot.authenticationRoot))
        cardSurfaceCAKey = try SigningKey(derEncoded: [UInt8](snapshot.cardApplicationCAKey))
        if let key = snapshot.cardInfoCAKey {
            cardInfoCAKey = try SigningKey(derEncoded: [UInt8](key))
        } else {
            cardInfoCAKey = try SigningKey(generatingRSABits: 2048)
        }
        cardApplicationSignerKey = try SigningKey(derEncoded: [UInt8](snapshot.cardApplicationSignerKey))
        nextSerial = snapshot.nextSerial
        revocations = snapshot.revocations
        partitions = snapshot.partitions
    }

    /// The PKI's state, to save.
    public var snapshot: Snapshot {
        lock.withLock {
            Snapshot(
                signatureRootKey: Data(signatureRootKey.pkcs8DER),
                signatureRoot: Data(signatureRoot.derEncoded),
                authenticationRootKey: Data(authenticationRootKey.pkcs8DER),
                authenticationRoot: Data(authenticationRoot.derEncoded),
                cardApplicationCAKey: Data(cardSurfaceCAKey.pkcs8DER),
                cardInfoCAKey: Data(cardInfoCAKey.pkcs8DER),
                cardApplicationSignerKey: Data(cardApplicationSignerKey.pkcs8DER),
                nextSerial: nextSerial,
                revocations: revocations, partitions: partitions)
        }
    }

    /// The root of `purpose`.
    public func root(_ purpose: JPKIPurpose) -> Certificate {
        purpose == .signature ? signatureRoot : authenticationRoot
    }

    /// The root key of `purpose`.
    public func rootKey(_ purpose: JPKIPurpose) -> SigningKey {
        purpose == .signature ? signatureRootKey : authenticationRootKey
    }

    // MARK: Issuing

    /// Issues the signature certificate (署名用電子証明書) of `persona` for `publicKey`: subject
    /// `C=JP, L=<prefecture>, L=<city>, CN=<identifier>`, the basic 4 information as
    /// subjectAltName otherNames, the municipality's CRL distribution point, valid from `now`
    /// to the fifth birthday after issuance (at most the card's expiry and the root's end).
    ///
    /// - Throws: ``X509Error`` when the persona's data do not fit the profile.
    public func issueSignatureCertificate(
        for persona: Persona, publicKey: SubjectPublicKeyInfo, at now: Int64 = TestPKI.now()
    ) throws(X509Error) -> Certificate {
        let information: BasicFourInformation
        do {
            let birth = persona.birthDate
            information = BasicFourInformation(
                name: persona.name, sex: BasicFourInformation.Sex(rawValue: persona.sex.certificateCode) ?? .unknown,
                birthDate: try JPKIBirthDate(
                    era: JapaneseEra.era(year: birth.year, month: birth.month, day: birth.day), year: birth.year,
                    month: birth.month, day: birth.day),
                address: persona.address)
        } catch {
            throw .invalidValue("persona: \(error)", offset: 0)
        }
        let (notBefore, notAfter) = validity(for: persona, at: now)
        let builder = try JPKICertificateBuilder.signatureCertificate(
            subjectPublicKeyInfo: publicKey, identifier: Self.randomIdentifier(),
            municipality: JPKIMunicipality(prefecture: persona.prefecture, city: persona.city, purpose: .signature),
            information: information, serialNumber: takeSerial(), notBefore: notBefore, notAfter: notAfter,
            issuer: signatureRoot)
        record(Partition(purpose: JPKIPurpose.signature.rawValue, prefecture: persona.prefecture, city: persona.city))
        return try builder.sign(with: signatureRootKey)
    }

    /// Issues the user-authentication certificate (利用者証明用電子証明書) of `persona` for
    /// `publicKey`: subject `C=JP, CN=<opaque identifier>`, no personal data, the
    /// municipality's CRL distribution point.
    ///
    /// - Throws: ``X509Error`` when the certificate cannot be built or signed.
    public func issueAuthenticationCertificate(
        for persona: Persona, publicKey: SubjectPublicKeyInfo, at now: Int64 = TestPKI.now()
    ) throws(X509Error) -> Certificate {
        let (notBefore, notAfter) = validity(for: persona, at: now)
        let builder = try JPKICertificateBuilder.userAuthenticationCertificate(
            subjectPublicKeyInfo: publicKey, identifier: Self.randomIdentifier(),
            municipality: JPKIMunicipality(
                prefecture: persona.prefecture, city: persona.city, purpose: .userAuthentication),
            serialNumber: takeSerial(), notBefore: notBefore, notAfter: notAfter, issuer: authenticationRoot)
        record(
            Partition(
                purpose: JPKIPurpose.userAuthentication.rawValue, prefecture: persona.prefecture, city: persona.city))
        return try builder.sign(with: authenticationRootKey)
    }

    /// The validity J-LIS gives a leaf issued at `now`: from `now` (less a minute) to the end of
    /// the holder's fifth birthday after issuance (in Japan), cut at the card's expiry and at
    /// the root's end.
    func validity(for persona: Persona, at now: Int64) -> (ASN1Time, ASN1Time) {
        let issued = ASN1Time(secondsSince1970: now)
        let birthday = CalendarDate(year: issued.year, month: persona.birthDate.month, day: 1)
        let birthdayThisYear = CalendarDate(
            year: issued.year, month: birthday.month,
            day: min(persona.birthDate.day, ASN1Time.daysIn(month: birthday.month, year: issued.year)))
        let issuedDate = CalendarDate(year: issued.year, month: issued.month, day: issued.day)
        let fifth = birthdayThisYear.adding(years: birthdayThisYear > issuedDate ? 4 : 5)
        var end = fifth.endInJapan
        end = min(end, persona.cardExpiry.endInJapan, Self.rootValidity.notAfter)
        let start = max(now - 60, Self.rootValidity.notBefore)
        return (ASN1Time(secondsSince1970: start), ASN1Time(secondsSince1970: max(end, start + 1)))
    }

    // MARK: Revocation

    /// Revokes `certificate` (issued by one of the roots) at `time` for `reason`: it appears
    /// in the CRL of the municipality its CRL distribution point names. Moving house revokes
    /// the signature certificate with ``JPKIX509/RevocationReason/affiliationChanged``.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the certificate names no
    ///   municipality or is not of this PKI.
    public func revoke(
        _ certificate: Certificate, reason: RevocationReason = .affiliationChanged, at time: Int64 = TestPKI.now()
    ) throws(X509Error) {
        guard let municipality = try certificate.jpkiMunicipality else {
            throw .invalidValue("the certificate names no JPKI municipality", offset: 0)
        }
        guard certificate.isSignature(validFor: root(municipality.purpose)) else {
            throw .invalidValue("the certificate is not issued by this PKI's \(municipality.purpose) root", offset: 0)
        }
        let serial = certificate.serialNumberHex
        lock.withLock {
            guard
                !revocations.contains(where: {
                    $0.serialNumberHex == serial && $0.purpose == municipality.purpose.rawValue
                })
            else { return }
            revocations.append(
                Revocation(
                    serialNumberHex: serial, revocationTime: time, reasonCode: reason.rawValue,
                    purpose: municipality.purpose.rawValue, prefecture: municipality.prefecture,
                    city: municipality.city))
        }
    }

    /// Whether `certificate` has been revoked.
    public func isRevoked(_ certificate: Certificate) -> Bool {
        let serial = certificate.serialNumberHex
        return lock.withLock { revocations.contains { $0.serialNumberHex == serial } }
    }

    /// The revoked certificates, in order of revocation.
    public var revokedCertificates: [Revocation] { lock.withLock { revocations } }

    /// The municipalities (per purpose) the PKI issued certificates in or revoked some of.
    public var municipalities: [JPKIMunicipality] {
        lock.withLock {
            var seen: [Partition] = []
            for partition in partitions
                + revocations.map({
                    Partition(purpose: $0.purpose, prefecture: $0.prefecture, city: $0.city)
                }) where !seen.contains(partition)
            {
                seen.append(partition)
            }
            return seen.compactMap(\.municipality)
        }
    }

    /// The DER CRL of one municipality, signed by the root of `purpose`: the revoked
    /// certificates of that partition with their reason codes, an issuing distribution point
    /// naming the partition (the same directoryName as the leaves' CRL distribution point),
    /// the root's key identifier, a CRL number, and `nextUpdate` a day later (J-LIS publishes
    /// daily).
    ///
    /// - Throws: ``X509Error`` when the CRL cannot be signed.
    public func crlDER(
        purpose: JPKIPurpose, prefecture: String, city: String, thisUpdate: Int64 = TestPKI.now()
    ) throws(X509Error) -> [UInt8] {
        let issuer = root(purpose)
        let partition = JPKIMunicipality(prefecture: prefecture, city: city, purpose: purpose)
        let pointName: DistinguishedName
        do {
            pointName = try partition.distributionPointName()
        } catch {
            throw .malformed(error)
        }
        var builder = CRLBuilder(
            issuer: issuer.subject, thisUpdate: ASN1Time(secondsSince1970: thisUpdate),
            nextUpdate: ASN1Time(secondsSince1970: thisUpdate + 86_400))
        builder.crlNumber = ASN1Integer(thisUpdate)
        builder.authorityKeyIdentifier =
            (try? issuer.extensions.subjectKeyIdentifier)??.keyIdentifier
            ?? CRLBuilder.keyIdentifier(of: issuer.subjectPublicKeyInfo)
        builder.issuingDistributionPoint = IssuingDistributionPoint(
            distributionPoint: .fullName([.directoryName(pointName)]), onlyContainsUserCerts: true)
        let listed = lock.withLock {
            revocations.filter {
                $0.purpose == purpose.rawValue && $0.prefecture == prefecture && $0.city == city
                    && $0.revocationTime <= thisUpdate
            }
        }
        for revocation in listed {
            guard let serial = Hex.decode(revocation.serialNumberHex) else { continue }
            builder.entries.append(
                CRLBuilder.Entry(
                    serialNumber: ASN1Integer(unsignedMagnitude: serial),
                    revocationDate: ASN1Time(secondsSince1970: revocation.revocationTime),
                    reason: RevocationReason(rawValue: revocation.reasonCode)))
        }
        return try builder.signedDER(with: rootKey(purpose))
    }

    // MARK: The 券面 applications' CV hierarchy

    /// The name of the simulator's CV hierarchy: ask for it by this name.
    public static let cardVerifiableHierarchy = CardVerifiableHierarchy.named("JPKISimulator")

    /// 証明者鍵ID of the 券面事項確認AP's CV CA: `"SIM0023" 08 05 "001" 00 00 00 00`.
    public static let cardSurfaceCAKeyID = keyID("SIM0023")
    /// 証明者鍵ID of the 券面事項入力補助AP's CV CA: `"SIM0033" 08 05 "001" 00 00 00 00`.
    public static let cardInfoCAKeyID = keyID("SIM0033")
    /// 被証明者鍵ID of the municipality key that signs the 券面 records.
    public static let cardApplicationSignerKeyID = keyID("SIMSIGN")

    /// A key reference in J-LIS's layout: 7 characters, `08 05`, `001`, 4 zero bytes.
    static func keyID(_ number: String) -> [UInt8] {
        Array(number.utf8) + [0x08, 0x05] + Array("001".utf8) + [0, 0, 0, 0]
    }

    /// The CV certificate of the municipality key as EF 0004 of `application` holds it:
    /// `7F 21 82 02 33` { `5F 4E 82 01 29` { 証明者鍵ID (16), 被証明者鍵ID (16), `90` exponent,
    /// `91` modulus }, `5F 37 82 01 00` signature }, the signature (RSA PKCS #1 v1.5, SHA-256)
    /// by the application's CA key over the 297 bytes of the `5F 4E` value.
    ///
    /// - Parameters:
    ///   - application: the 券面 application whose EF 0004 is made.
    ///   - signer: the key that signs, when not the application's CA key (a forgery).
    ///   - issuerKeyID: the 証明者鍵ID written, when not the application's CA's (a forgery).
    /// - Throws: ``X509Error`` when the key cannot sign.
    public func cardVerifiableCertificate(
        for application: CardApplicationKind, signedBy signer: SigningKey? = nil, issuerKeyID: [UInt8]? = nil
    ) throws(X509Error) -> [UInt8] {
        guard let key = try cardApplicationSignerKey.subjectPublicKeyInfo.rsaPublicKeyOrThrow() else {
            throw .invalidValue("the card-application signer's key is not RSA", offset: 0)
        }
        let issuer = issuerKeyID ?? (application == .cardInfo ? Self.cardInfoCAKeyID : Self.cardSurfaceCAKeyID)
        let body = issuer + Self.cardApplicationSignerKeyID + CardTLV.publicKey(key)
        let signature = try (signer ?? caKey(for: application)).sign(body)
        return CardTLV.encode(
            0x7F21,
            CardTLV.encode(0x5F4E, body, longLength: true) + CardTLV.encode(0x5F37, signature, longLength: true),
            longLength: true)
    }

    /// The CV CA key of `application`'s EF 0004.
    public func caKey(for application: CardApplicationKind) -> SigningKey {
        application == .cardInfo ? cardInfoCAKey : cardSurfaceCAKey
    }

    /// The simulator's CV CA keys, in the hierarchy ``cardVerifiableHierarchy``: add them to a
    /// trust by name (`CardVerifiableTrust.jlis.adding(pki.cardVerifiableCAKeys)`).
    public var cardVerifiableCAKeys: [CardVerifiableCAKey] {
        var keys: [CardVerifiableCAKey] = []
        for (key, id, role) in [
            (cardSurfaceCAKey, Self.cardSurfaceCAKeyID, CardVerifiableCAKey.Role.cardSurface),
            (cardInfoCAKey, Self.cardInfoCAKeyID, .cardInfo),
        ] {
            guard let rsa = try? key.subjectPublicKeyInfo.rsaPublicKey(), let keyID = try? CardVerifiableKeyID(id)
            else { continue }
            keys.append(
                CardVerifiableCAKey(
                    keyID: keyID, publicKey: CardRSAPublicKey(exponent: rsa.publicExponent, modulus: rsa.modulus),
                    hierarchy: Self.cardVerifiableHierarchy, role: role))
        }
        return keys
    }

    /// J-LIS's production CV CA keys and this simulator's: what a client of the simulated card
    /// trusts to check its 券面 data and its genuineness.
    public var cardVerifiableTrust: CardVerifiableTrust { CardVerifiableTrust.jlis.adding(cardVerifiableCAKeys) }

    // MARK: Helpers

    /// The current time in whole seconds since 1970.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private func takeSerial() -> [UInt8] {
        let serial = lock.withLock { () -> UInt64 in
            let value = nextSerial
            nextSerial += 1
            return value
        }
        var bytes: [UInt8] = []
        var value = serial
        repeat {
            bytes.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        } while value > 0
        return bytes
    }

    private func record(_ partition: Partition) {
        lock.withLock {
            if !partitions.contains(partition) { partitions.append(partition) }
        }
    }

    private static func makeRoot(_ purpose: JPKIPurpose, key: SigningKey, serial: [UInt8]) throws(X509Error)
        -> Certificate
    {
        try JPKICertificateBuilder.rootCA(
            purpose: purpose, subjectPublicKeyInfo: try key.subjectPublicKeyInfo, serialNumber: serial,
            notBefore: ASN1Time(secondsSince1970: rootValidity.notBefore),
            notAfter: ASN1Time(secondsSince1970: rootValidity.notAfter)
        ).sign(with: key)
    }

    /// 20 random characters of A–Z and 0–9: an opaque certificate identifier.
    static func randomIdentifier() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

extension SubjectPublicKeyInfo {
    /// The RSA key, the DER error mapped to ``X509Error``.
    func rsaPublicKeyOrThrow() throws(X509Error) -> RSAPublicKey? {
        do {
            return try rsaPublicKey()
        } catch {
            throw .malformed(error)
        }
    }
}
