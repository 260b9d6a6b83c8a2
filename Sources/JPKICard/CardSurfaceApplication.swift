import JPKIAPDU

/// The client of the 券面事項確認AP (card-surface confirmation, `D3 92 10 00 31 00 01 01 04
/// 02`): the card's face as data and images, for checking a card shown at a counter.
///
/// With 照合番号B (birth date, expiry year, security code, all on the face): birth date, sex,
/// expiry, name and address images, face photo, security-code image. With 照合番号A (the My
/// Number) also the My Number image of the back.
///
/// Methods assume the AP is selected (``select()``); ``MyNumberCard`` does that once per
/// operation.
public struct CardSurfaceApplication: Sendable {
    /// EF 0002: `FF 20` card-face entries.
    public static let entriesFile: UInt16 = 0x0002
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

    /// The card face (after ``verify(_:lastTry:)``); the My Number image too when
    /// `includeMyNumberImage` (needs 照合番号A).
    public func readSurface(includeMyNumberImage: Bool) async throws(JPKICardError) -> CardSurface {
        let location = CardLocation(.cardSurface, fileID: Self.entriesFile)
        let entries = try CardObjects.root(
            try await readLarge(Self.entriesFile, needs: .cardSurfaceVerificationB), tag: 0xFF20, at: location)
        var surface = CardSurface(
            birthDate: try CardObjects.date(entries, 0xDF22, at: location),
            sex: try CardObjects.sex(entries, 0xDF23, at: location),
            expiry: try CardObjects.date(entries, 0xDF29, at: location),
            nameImage: try CardObjects.child(entries, 0xDF25, at: location),
            addressImage: try CardObjects.child(entries, 0xDF26, at: location),
            facePhoto: try CardObjects.child(entries, 0xDF27, at: location),
            securityCodeImage: try CardObjects.child(entries, 0xDF2A, at: location),
            myNumberImage: nil)
        if includeMyNumberImage {
            let imageLocation = CardLocation(.cardSurface, fileID: Self.myNumberImageFile)
            let object = try CardObjects.root(
                try await readLarge(Self.myNumberImageFile, needs: .cardSurfaceVerificationA), tag: 0xFF40,
                at: imageLocation)
            surface.myNumberImage = try CardObjects.child(object, 0xDF41, at: imageLocation)
        }
        return surface
    }

    private func readLarge(_ fileID: UInt16, needs pin: PINKind) async throws(JPKICardError) -> [UInt8] {
        try await base.readObject(fileID, needs: pin, maximumLength: Self.maximumFileLength)
    }
}
