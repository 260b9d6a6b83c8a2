import JPKIAPDU
import JPKIX509

/// The client of the 券面事項確認AP (card-surface confirmation, `D3 92 10 00 31 00 01 01 04
/// 02`): the card's face as data and images, for checking a card shown at a counter; the
/// J-LIS-signed birth date for an age check; the application key for a genuineness check.
///
/// With 照合番号B (birth date, expiry year, security code, all on the face): birth date, sex,
/// expiry, name and address images, face photo, security-code image. With 照合番号A (the My
/// Number) also the My Number image of the back. With the birth-date PIN only EF 0001, the birth
/// date. Every record read is checked: its signature with the key the CV certificate of EF 0004
/// certifies (EF 0002's over three SHA-256 digests in one DigestInfo), the CV certificate with
/// the J-LIS CV CA key its 証明者鍵ID names (`5000023`).
///
/// Methods assume the AP is selected (``select()``); ``MyNumberCard`` does that once per
/// operation.
public struct CardSurfaceApplication: Sendable {
    /// EF 0001: `FF 10` the birth date and the AP's key, signed.
    public static let birthDateFile: UInt16 = 0x0001
    /// EF 0002: `FF 20` card-face entries.
    public static let entriesFile: UInt16 = 0x0002
    /// EF 0004: the CV certificate.
    public static let certificateFile: UInt16 = 0x0004
    /// EF 0005: `FF 40` My Number image.
    public static let myNumberImageFile: UInt16 = 0x0005
    /// The largest EF read: the entries hold a photo and images (tens of kilobytes).
    static let maximumFileLength = 65_535

    let base: ApplicationChannel

    /// A client on `channel`.
    public init(channel: CardChannel) {
        base = ApplicationChannel(channel: channel, application: .cardSurface)
    }

    /// SELECT of the AP by DF name: 1 APDU.
    public func select() async throws(JPKICardError) {
        try await base.selectApplication()
    }

    /// The state of a verification number or the birth-date PIN of this AP (no try consumed).
    public func pinStatus(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        guard kind.application == .cardSurface else {
            throw .invalidArgument("the \(kind) is not of the card-surface AP")
        }
        return try await base.pinStatus(kind)
    }

    /// Verifies 照合番号A or B: SELECT, the retry query, VERIFY (3 APDUs).
    public func verify(_ access: CardSurfaceAccess, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) {
        try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
    }

    /// Verifies the birth-date PIN (era year `YYMMDD`): SELECT, the retry query, VERIFY.
    public func verify(_ pin: BirthDatePIN, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) {
        try await base.verify(pin.secret, as: .cardSurfaceBirthDate, lastTry: lastTry)
    }

    /// The card face (after ``verify(_:lastTry:)-(CardSurfaceAccess,_)``); the My Number image
    /// too when `includeMyNumberImage` (needs 照合番号A). EF 0002, EF 0001 (when the card lets
    /// the verification number read it; its birth date must be EF 0002's) and EF 0005 are
    /// checked with the key EF 0004 certifies, and EF 0004 with `trust`.
    public func readSurface(
        includeMyNumberImage: Bool, trust: CardVerifiableTrust = .jlis, policy: CardAuthenticityPolicy = .reported
    ) async throws(JPKICardError) -> CardSurface {
        let location = CardLocation(.cardSurface, fileID: Self.entriesFile)
        let entries = try await base.readSignedRecord(
            .cardSurfaceEntries, needs: .cardSurfaceVerificationB, maximumLength: Self.maximumFileLength)
        func value(_ tag: UInt32) -> [UInt8] { entries.value(tag).map(Array.init) ?? [] }
        func date(_ tag: UInt32) throws(JPKICardError) -> CardDate {
            guard let date = CardDate(String(decoding: value(tag), as: UTF8.self)), value(tag).count == 8 else {
                throw .malformedData("object \(Hex4.tag(tag)) is not a date YYYYMMDD", at: location)
            }
            return date
        }
        guard let sex = CardSex(cardCode: value(0xDF23)) else {
            throw .malformedData("object DF 23 is not a sex code 1, 2 or 9", at: location)
        }
        var surface = CardSurface(
            birthDate: try date(0xDF22), sex: sex, expiry: try date(0xDF29), nameImage: value(0xDF25),
            addressImage: value(0xDF26), facePhoto: value(0xDF27), securityCodeImage: value(0xDF2A),
            myNumberImage: nil)
        var records = [entries]
        // EF 0001 (the birth date, signed) opens with 照合番号A or B per the project's card notes;
        // one public survey of a card found it behind the birth-date PIN only. Reading it costs
        // no try: a card that refuses (69 82) is not asked again, and the entries stand alone.
        do throws(JPKICardError) {
            let birth = try await base.readSignedRecord(.cardSurfaceBirthDate, needs: .cardSurfaceBirthDate)
            guard birth.value(0xDF11).map(Array.init) == value(0xDF22) else {
                throw JPKICardError.integrityCheckFailed(
                    "the birth date of EF 0001 (DF 11) is not that of EF 0002 (DF 22)",
                    at: CardLocation(.cardSurface, fileID: Self.birthDateFile))
            }
            records.append(birth)
        } catch .accessDenied {
            // Not readable with this verification number on this card.
        }
        if includeMyNumberImage {
            let image = try await base.readSignedRecord(
                .cardSurfaceMyNumberImage, needs: .cardSurfaceVerificationA, maximumLength: Self.maximumFileLength)
            surface.myNumberImage = image.value(0xDF41).map(Array.init)
            records.append(image)
        }
        let certificate = try await base.readCardVerifiableCertificate()
        surface.authenticity = try base.verifyAuthenticity(
            certificate: certificate, records: records, trust: trust, policy: policy)
        return surface
    }

    /// EF 0001 (after the birth-date PIN or a verification number): the birth date and the AP's
    /// key, as signed; not yet checked.
    public func readBirthDateRecord() async throws(JPKICardError) -> CardSignedRecord {
        try await base.readSignedRecord(.cardSurfaceBirthDate, needs: .cardSurfaceBirthDate)
    }
}

/// Tags in text.
enum Hex4 {
    /// `DF 22` for 0xDF22.
    static func tag(_ tag: UInt32) -> String {
        let text = String(tag, radix: 16, uppercase: true)
        return text.count == 4 ? "\(text.prefix(2)) \(text.suffix(2))" : text
    }
}
