import Foundation
import JPKIAPDU
import JPKIASN1
import JPKIX509

/// A test public key infrastructure shaped like J-LIS's: a root CA for signature certificates
/// and one for user-authentication certificates (same names, extensions and validity as the
/// real roots), leaves in the profile of the certificates read off real cards (see
/// ``JPKICertificateBuilder``), CRLs partitioned by municipality, and its own hierarchy of
/// card-verifiable (CV) certificates for the card's 券面 applications: two CA keys (one per
/// application, like J-LIS's `5000023` and `5000033`) under 証明者鍵ID that cannot be mistaken
/// for J-LIS's (`SIM0023`, `SIM0033`: letters where J-LIS writes digits), and the municipality
/// key (`SIMSIGN`) they certify, which signs the 券面 data.
///
/// Like J-LIS, the PKI may have several generations of roots (by default only 2023's): the
/// generations of one kind share one subject name and differ by key, and each leaf chains to
/// the generation that issued it (the newest one whose validity had begun, unless asked for
/// another).
///
/// Never trust these roots outside tests: their private keys are in the persona files.
///
/// ```swift
/// let pki = try TestPKI()
/// let card = try VirtualMyNumberCard(persona: .sample, pki: pki)
/// try pki.revoke(card.signatureCertificate, reason: .affiliationChanged)
/// let crl = try pki.crlDER(purpose: .signature, prefecture: "東京都", city: "千代田区")
///
/// let rollover = try TestPKI(generations: [2015, 2019, 2023])
/// let old = try rollover.issueAuthenticationCertificate(for: .sample, publicKey: key, generation: 2019)
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
        /// The generation (year) of the root that issued the certificate; `nil` in snapshots of
        /// single-generation PKIs (the current generation).
        public var generation: Int?
    }

    /// One generation of the roots: a signature root and a user-authentication root with
    /// J-LIS's names, and their keys.
    public struct Generation: Sendable {
        /// The year, e.g. 2023.
        public let year: Int
        /// The root CA of signature certificates.
        public let signatureRoot: Certificate
        /// Its private key.
        public let signatureRootKey: SigningKey
        /// The root CA of user-authentication certificates.
        public let authenticationRoot: Certificate
        /// Its private key.
        public let authenticationRootKey: SigningKey

        /// The root of `purpose`.
        public func root(_ purpose: JPKIPurpose) -> Certificate {
            purpose == .signature ? signatureRoot : authenticationRoot
        }

        /// The root key of `purpose`.
        public func rootKey(_ purpose: JPKIPurpose) -> SigningKey {
            purpose == .signature ? signatureRootKey : authenticationRootKey
        }
    }

    /// A generation other than the current one, saved: keys (PKCS #8) and roots (DER).
    public struct GenerationSnapshot: Codable, Hashable, Sendable {
        /// The year.
        public var year: Int
        /// The signature root's key.
        public var signatureRootKey: Data
        /// The signature root.
        public var signatureRoot: Data
        /// The authentication root's key.
        public var authenticationRootKey: Data
        /// The authentication root.
        public var authenticationRoot: Data
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
        /// The year of the current generation (the roots above); `nil` means 2023.
        public var currentGeneration: Int?
        /// The older generations, oldest first; `nil` when there are none.
        public var olderGenerations: [GenerationSnapshot]?
    }

    /// The root CA of signature certificates of the current (newest) generation: `C=JP, O=JPKI,
    /// OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems`.
    public let signatureRoot: Certificate
    /// Its private key.
    public let signatureRootKey: SigningKey
    /// The root CA of user-authentication certificates of the current generation
    /// (`OU=JPKI for user authentication`).
    public let authenticationRoot: Certificate
    /// Its private key.
    public let authenticationRootKey: SigningKey
    /// The generations of roots, oldest first; the last is the current one (``signatureRoot``,
    /// ``authenticationRoot``).
    public let generations: [Generation]
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

    /// The validity of the current roots: that of J-LIS's 2023 generation, 2023-07-16 to
    /// 2033-07-15 14:59:59 UTC.
    public static let rootValidity: (notBefore: Int64, notAfter: Int64) = (1_689_465_600, 2_005_052_399)

    /// The validity of a generation's roots: J-LIS's for 2015 (2015-10-20 to 2025-10-19
    /// 14:59:59 UTC), 2019 (2019-09-14 to 2029-09-14 14:59:59) and 2023 (2023-07-16 to
    /// 2033-07-15 14:59:59); for another year, January 1st of the year and ten years.
    public static func rootValidity(generation year: Int) -> (notBefore: Int64, notAfter: Int64) {
        switch year {
        case 2015: return (1_445_299_200, 1_760_885_999)
        case 2019: return (1_568_419_200, 1_884_092_399)
        case 2023: return rootValidity
        default:
            let start = ASN1Time.daysSince1970(year: year, month: 1, day: 1) * 86_400
            return (start, ASN1Time.daysSince1970(year: year + 10, month: 1, day: 1) * 86_400 - 9 * 3600 - 1)
        }
    }

    /// A new PKI with fresh RSA-2048 keys, a signature root and an authentication root for each
    /// year of `generations` (by default J-LIS's current one, 2023): two key generations a
    /// year, and two for the 券面 applications' signer.
    ///
    /// - Throws: ``X509Error`` when `generations` is empty or names a year twice, or a key cannot
    ///   be generated or a root not signed.
    public init(generations years: [Int] = [2023]) throws(X509Error) {
        let ordered = years.sorted()
        guard !ordered.isEmpty, Set(ordered).count == ordered.count else {
            throw .invalidValue("TestPKI generations must be distinct years, at least one", offset: 0)
        }
        var made: [Generation] = []
        for (index, year) in ordered.enumerated() {
            made.append(try Self.makeGeneration(year, index: index))
        }
        guard let current = made.last else { throw .invalidValue("no generation", offset: 0) }
        generations = made
        signatureRootKey = current.signatureRootKey
        authenticationRootKey = current.authenticationRootKey
        signatureRoot = current.signatureRoot
        authenticationRoot = current.authenticationRoot
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
        var made: [Generation] = []
        for older in snapshot.olderGenerations ?? [] {
            made.append(
                Generation(
                    year: older.year, signatureRoot: try Certificate(derEncoded: [UInt8](older.signatureRoot)),
                    signatureRootKey: try SigningKey(derEncoded: [UInt8](older.signatureRootKey)),
                    authenticationRoot: try Certificate(derEncoded: [UInt8](older.authenticationRoot)),
                    authenticationRootKey: try SigningKey(derEncoded: [UInt8](older.authenticationRootKey))))
        }
        made.append(
            Generation(
                year: snapshot.currentGeneration ?? 2023, signatureRoot: signatureRoot,
                signatureRootKey: signatureRootKey, authenticationRoot: authenticationRoot,
                authenticationRootKey: authenticationRootKey))
        generations = made
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
                revocations: revocations, partitions: partitions, currentGeneration: currentGeneration.year,
                olderGenerations: generations.count > 1
                    ? generations.dropLast().map {
                        GenerationSnapshot(
                            year: $0.year, signatureRootKey: Data($0.signatureRootKey.pkcs8DER),
                            signatureRoot: Data($0.signatureRoot.derEncoded),
                            authenticationRootKey: Data($0.authenticationRootKey.pkcs8DER),
                            authenticationRoot: Data($0.authenticationRoot.derEncoded))
                    } : nil)
        }
    }

    /// The current generation: the newest.
    public var currentGeneration: Generation {
        generations[generations.count - 1]
    }

    /// The root of `purpose` of the current generation.
    public func root(_ purpose: JPKIPurpose) -> Certificate {
        purpose == .signature ? signatureRoot : authenticationRoot
    }

    /// The root key of `purpose` of the current generation.
    public func rootKey(_ purpose: JPKIPurpose) -> SigningKey {
        purpose == .signature ? signatureRootKey : authenticationRootKey
    }

    /// The generation of `year`.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the PKI has no such generation.
    public func generation(_ year: Int) throws(X509Error) -> Generation {
        guard let found = generations.first(where: { $0.year == year }) else {
            throw .invalidValue("the TestPKI has no \(year) generation", offset: 0)
        }
        return found
    }

    /// The generation that issues at `now` when none is asked for: the newest whose roots'
    /// validity has begun (the oldest when none has).
    func issuingGeneration(_ year: Int?, at now: Int64) throws(X509Error) -> Generation {
        if let year { return try generation(year) }
        return generations.last { $0.signatureRoot.notBefore.secondsSince1970 <= now } ?? generations[0]
    }

    // MARK: Issuing

    /// The OCSP responder the PKI's user-authentication certificates name in their AIA, as
    /// J-LIS's name `http://ocspauthnorm.jpki.go.jp`: a name under `.invalid`, which never
    /// resolves, so that a client never asks J-LIS about a test certificate.
    public static let authenticationOCSPResponder = "http://ocspauthnorm.jpki-sim.invalid"

    /// Issues the signature certificate (署名用電子証明書) of `persona` for `publicKey`: subject
    /// `C=JP, L=<prefecture>, L=<city>, CN=<28-digit issuance number>` (romanized place
    /// names), the basic 4 information as subjectAltName otherNames, the municipality's CRL
    /// distribution point, valid from `now` to the fifth birthday after issuance (at most the
    /// card's expiry and the root's end); signed by the root of `generation` (by default the
    /// newest whose validity has begun at `now`).
    ///
    /// - Throws: ``X509Error`` when the persona's data do not fit the profile, or the PKI has no
    ///   such generation.
    public func issueSignatureCertificate(
        for persona: Persona, publicKey: SubjectPublicKeyInfo, at now: Int64 = TestPKI.now(), generation: Int? = nil
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
        let issuer = try issuingGeneration(generation, at: now)
        let (notBefore, notAfter) = validity(for: persona, at: now, root: issuer.signatureRoot)
        let builder = try JPKICertificateBuilder.signatureCertificate(
            subjectPublicKeyInfo: publicKey, identifier: Self.randomIssuanceNumber(),
            municipality: JPKIMunicipality(prefecture: persona.prefecture, city: persona.city, purpose: .signature),
            information: information, serialNumber: takeSerial(), notBefore: notBefore, notAfter: notAfter,
            issuer: issuer.signatureRoot, ocspResponder: nil)
        record(Partition(purpose: JPKIPurpose.signature.rawValue, prefecture: persona.prefecture, city: persona.city))
        return try builder.sign(with: issuer.signatureRootKey)
    }

    /// Issues the user-authentication certificate (利用者証明用電子証明書) of `persona` for
    /// `publicKey`: subject `C=JP, CN=<23-character opaque identifier>`, no personal data,
    /// extendedKeyUsage clientAuth, the OCSP responder ``authenticationOCSPResponder``, the
    /// municipality's CRL distribution point; signed by the root of `generation` (by default
    /// the newest whose validity has begun at `now`).
    ///
    /// - Throws: ``X509Error`` when the certificate cannot be built or signed, or the PKI has
    ///   no such generation.
    public func issueAuthenticationCertificate(
        for persona: Persona, publicKey: SubjectPublicKeyInfo, at now: Int64 = TestPKI.now(), generation: Int? = nil
    ) throws(X509Error) -> Certificate {
        let issuer = try issuingGeneration(generation, at: now)
        let (notBefore, notAfter) = validity(for: persona, at: now, root: issuer.authenticationRoot)
        let builder = try JPKICertificateBuilder.userAuthenticationCertificate(
            subjectPublicKeyInfo: publicKey, identifier: Self.randomIdentifier(),
            municipality: JPKIMunicipality(
                prefecture: persona.prefecture, city: persona.city, purpose: .userAuthentication),
            serialNumber: takeSerial(), notBefore: notBefore, notAfter: notAfter, issuer: issuer.authenticationRoot,
            ocspResponder: Self.authenticationOCSPResponder)
        record(
            Partition(
                purpose: JPKIPurpose.userAuthentication.rawValue, prefecture: persona.prefecture, city: persona.city))
        return try builder.sign(with: issuer.authenticationRootKey)
    }

    /// The validity J-LIS gives a leaf issued at `now`: from `now` (less a minute) to the end of
    /// the holder's fifth birthday after issuance (in Japan), cut at the card's expiry and at
    /// the end of `root` (by default the current signature root).
    func validity(for persona: Persona, at now: Int64, root: Certificate? = nil) -> (ASN1Time, ASN1Time) {
        let root = root ?? signatureRoot
        let issued = ASN1Time(secondsSince1970: now)
        let birthday = CalendarDate(year: issued.year, month: persona.birthDate.month, day: 1)
        let birthdayThisYear = CalendarDate(
            year: issued.year, month: birthday.month,
            day: min(persona.birthDate.day, ASN1Time.daysIn(month: birthday.month, year: issued.year)))
        let issuedDate = CalendarDate(year: issued.year, month: issued.month, day: issued.day)
        let fifth = birthdayThisYear.adding(years: birthdayThisYear > issuedDate ? 4 : 5)
        var end = fifth.endInJapan
        end = min(end, persona.cardExpiry.endInJapan, root.notAfter.secondsSince1970)
        let start = max(now - 60, root.notBefore.secondsSince1970)
        return (ASN1Time(secondsSince1970: start), ASN1Time(secondsSince1970: max(end, start + 1)))
    }

    // MARK: Revocation

    /// Revokes `certificate` (issued by one of the roots, of any generation) at `time` for
    /// `reason`: it appears in the CRL of the municipality its CRL distribution point names,
    /// signed by the root that issued it. Moving house revokes the signature certificate with
    /// ``JPKIX509/RevocationReason/affiliationChanged``.
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the certificate names no
    ///   municipality or is not of this PKI.
    public func revoke(
        _ certificate: Certificate, reason: RevocationReason = .affiliationChanged, at time: Int64 = TestPKI.now()
    ) throws(X509Error) {
        guard let municipality = try certificate.jpkiMunicipality else {
            throw .invalidValue("the certificate names no JPKI municipality", offset: 0)
        }
        guard
            let issuer = generations.last(where: { certificate.isSignature(validFor: $0.root(municipality.purpose)) })
        else {
            throw .invalidValue("the certificate is not issued by this PKI's \(municipality.purpose) root", offset: 0)
        }
        let serial = certificate.serialNumberHex
        let year = issuer.year
        lock.withLock {
            guard
                !revocations.contains(where: {
                    $0.serialNumberHex == serial && $0.purpose == municipality.purpose.rawValue
                        && ($0.generation ?? currentGeneration.year) == year
                })
            else { return }
            revocations.append(
                Revocation(
                    serialNumberHex: serial, revocationTime: time, reasonCode: reason.rawValue,
                    purpose: municipality.purpose.rawValue, prefecture: municipality.prefecture,
                    city: municipality.city, generation: year))
        }
    }

    /// Whether `certificate` has been revoked.
    public func isRevoked(_ certificate: Certificate) -> Bool {
        let serial = certificate.serialNumberHex
        return lock.withLock { revocations.contains { $0.serialNumberHex == serial } }
    }

    /// The revoked certificates, in order of revocation.
    public var revokedCertificates: [Revocation] { lock.withLock { revocations } }

    /// The municipalities (per purpose) the PKI issued certificates in or revoked some of; one
    /// value per partition (``JPKIX509/JPKIMunicipality`` compares romanized names), named as
    /// first seen.
    public var municipalities: [JPKIMunicipality] {
        lock.withLock {
            var seen: [JPKIMunicipality] = []
            for partition in partitions
                + revocations.map({
                    Partition(purpose: $0.purpose, prefecture: $0.prefecture, city: $0.city)
                })
            {
                guard let municipality = partition.municipality, !seen.contains(municipality) else { continue }
                seen.append(municipality)
            }
            return seen
        }
    }

    /// The DER CRL of one municipality, signed by the root of `purpose` of `generation` (by
    /// default the current one): the revoked certificates of that partition issued by that
    /// root, with their reason codes; an issuing distribution point naming the partition (the
    /// same directoryName as the leaves' CRL distribution point) with onlyContainsUserCerts; the
    /// root's key identifier; a CRL number (`thisUpdate`); and `nextUpdate` a day later (J-LIS
    /// publishes daily). The names may be given in Japanese or romanized.
    ///
    /// - Throws: ``X509Error`` when the CRL cannot be signed, or the PKI has no such generation.
    public func crlDER(
        purpose: JPKIPurpose, prefecture: String, city: String, thisUpdate: Int64 = TestPKI.now(),
        generation: Int? = nil
    ) throws(X509Error) -> [UInt8] {
        let partition = JPKIMunicipality(prefecture: prefecture, city: city, purpose: purpose)
        let pointName: DistinguishedName
        do {
            pointName = try partition.distributionPointName()
        } catch {
            throw .malformed(error)
        }
        return try crl(
            purpose: purpose, thisUpdate: thisUpdate, generation: generation,
            scope: IssuingDistributionPoint(
                distributionPoint: .fullName([.directoryName(pointName)]), onlyContainsUserCerts: true)
        ) { $0.municipality == partition }
    }

    /// The DER of a complete CRL of the root of `purpose` of `generation` (by default the
    /// current one): no issuing distribution point, every certificate that root issued and
    /// that was revoked by `thisUpdate`, whatever its municipality; a CRL number and a next
    /// update a day later.
    ///
    /// - Throws: ``X509Error`` when the CRL cannot be signed, or the PKI has no such generation.
    public func completeCRLDER(purpose: JPKIPurpose, thisUpdate: Int64 = TestPKI.now(), generation: Int? = nil)
        throws(X509Error) -> [UInt8]
    {
        try crl(purpose: purpose, thisUpdate: thisUpdate, generation: generation, scope: nil) { _ in true }
    }

    private func crl(
        purpose: JPKIPurpose, thisUpdate: Int64, generation year: Int?, scope: IssuingDistributionPoint?,
        listing: (Partition) -> Bool
    ) throws(X509Error) -> [UInt8] {
        var issuerGeneration = currentGeneration
        if let year { issuerGeneration = try generation(year) }
        let issuer = issuerGeneration.root(purpose)
        var builder = CRLBuilder(
            issuer: issuer.subject, thisUpdate: ASN1Time(secondsSince1970: thisUpdate),
            nextUpdate: ASN1Time(secondsSince1970: thisUpdate + 86_400))
        builder.crlNumber = ASN1Integer(thisUpdate)
        builder.authorityKeyIdentifier =
            (try? issuer.extensions.subjectKeyIdentifier)??.keyIdentifier
            ?? CRLBuilder.keyIdentifier(of: issuer.subjectPublicKeyInfo)
        builder.issuingDistributionPoint = scope
        let current = currentGeneration.year
        let listed = lock.withLock {
            revocations.filter {
                $0.purpose == purpose.rawValue && ($0.generation ?? current) == issuerGeneration.year
                    && $0.revocationTime <= thisUpdate
                    && listing(Partition(purpose: $0.purpose, prefecture: $0.prefecture, city: $0.city))
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
        return try builder.signedDER(with: issuerGeneration.rootKey(purpose))
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

    /// The roots of generation `year`, the `index`-th generation made (their serial numbers:
    /// `0x01`, `0x02` for the first, then `0x11`, `0x12`, …).
    private static func makeGeneration(_ year: Int, index: Int) throws(X509Error) -> Generation {
        let signatureKey = try SigningKey(generatingRSABits: 2048)
        let authenticationKey = try SigningKey(generatingRSABits: 2048)
        let validity = rootValidity(generation: year)
        let serial = UInt8(truncatingIfNeeded: index * 0x10)
        return Generation(
            year: year,
            signatureRoot: try makeRoot(.signature, key: signatureKey, serial: [serial + 1], validity: validity),
            signatureRootKey: signatureKey,
            authenticationRoot: try makeRoot(
                .userAuthentication, key: authenticationKey, serial: [serial + 2], validity: validity),
            authenticationRootKey: authenticationKey)
    }

    private static func makeRoot(
        _ purpose: JPKIPurpose, key: SigningKey, serial: [UInt8], validity: (notBefore: Int64, notAfter: Int64)
    ) throws(X509Error) -> Certificate {
        try JPKICertificateBuilder.rootCA(
            purpose: purpose, subjectPublicKeyInfo: try key.subjectPublicKeyInfo, serialNumber: serial,
            notBefore: ASN1Time(secondsSince1970: validity.notBefore),
            notAfter: ASN1Time(secondsSince1970: validity.notAfter)
        ).sign(with: key)
    }

    /// 23 random characters of A–Z and 0–9: the opaque identifier in a user-authentication
    /// certificate's common name.
    static func randomIdentifier() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<23).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// 28 random digits: the issuance number in a signature certificate's common name.
    static func randomIssuanceNumber() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<28).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
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
