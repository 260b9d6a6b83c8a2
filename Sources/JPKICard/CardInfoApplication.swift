import JPKIASN1
import JPKIAPDU

/// The client of the 券面事項入力補助AP (card-info input support, `D3 92 10 00 31 00 01 01 04
/// 08`): the My Number and the basic 4 information as text, after the 4-digit PIN or 照合番号A/B.
///
/// The data are checked against the SHA-256 hashes the card keeps in EF 0003 (`FF 30` { `DF 31`
/// My Number hash, `DF 32` basic-4 hash, `DF 33` signature }): a mismatch is
/// ``JPKICardError/integrityCheckFailed(_:at:)``, never accepted. (The `DF 33` signature over the
/// hashes is not checked: its key and format are not public.)
///
/// Methods assume the AP is selected (``select()``); ``MyNumberCard`` does that once per
/// operation.
public struct CardInfoApplication: Sendable {
    /// EF 0001: `FF 10` My Number.
    public static let myNumberFile: UInt16 = 0x0001
    /// EF 0002: `FF 20` basic 4 information.
    public static let basicInformationFile: UInt16 = 0x0002
    /// EF 0003: `FF 30` hashes and signature.
    public static let hashFile: UInt16 = 0x0003

    let base: ApplicationChannel

    /// A client on `channel`.
    public init(channel: CardChannel) {
        base = ApplicationChannel(channel: channel, application: .cardInfo)
    }

    /// SELECT of the AP by DF name: 1 APDU.
    public func select() async throws(JPKICardError) {
        try await base.selectApplication()
    }

    /// The state of the PIN or a verification number of this AP (no try consumed).
    public func pinStatus(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        guard kind.application == .cardInfo else { throw .invalidArgument("the \(kind) is not of the card-info AP") }
        return try await base.pinStatus(kind)
    }

    /// Verifies the PIN or a verification number: SELECT, the retry query, VERIFY (3 APDUs).
    public func verify(_ access: CardInfoAccess, lastTry: LastTryPolicy = .refuse) async throws(JPKICardError) {
        try await base.verify(access.secret, as: access.kind, lastTry: lastTry)
    }

    /// Changes the 4-digit PIN: verifies `current`, then CHANGE REFERENCE DATA.
    public func changePIN(from current: CardInfoPIN, to new: CardInfoPIN, lastTry: LastTryPolicy = .refuse)
        async throws(JPKICardError)
    {
        try await base.verify(current.secret, as: .cardInfo, lastTry: lastTry)
        try await base.change(to: new.secret, as: .cardInfo)
    }

    /// Reads what is asked for and EF 0003, and checks each against its hash (after
    /// ``verify(_:lastTry:)``): 2 APDUs per file (SELECT, READ BINARY of the header; the rest of
    /// a file longer than 4 bytes takes one more).
    public func read(myNumber: Bool = true, basicInformation: Bool = true) async throws(JPKICardError) -> CardInfo {
        var info = CardInfo()
        var checks: [(file: UInt16, tag: UInt32, data: [UInt8])] = []
        if myNumber {
            let bytes = try await base.readObject(Self.myNumberFile)
            info.myNumber = try Self.parseMyNumber(bytes)
            checks.append((Self.myNumberFile, 0xDF31, bytes))
        }
        if basicInformation {
            let bytes = try await base.readObject(Self.basicInformationFile)
            info.basicInformation = try Self.parseBasicInformation(bytes)
            checks.append((Self.basicInformationFile, 0xDF32, bytes))
        }
        guard !checks.isEmpty else { return info }
        let hashLocation = CardLocation(.cardInfo, fileID: Self.hashFile)
        let hashes = try CardObjects.root(try await base.readObject(Self.hashFile), tag: 0xFF30, at: hashLocation)
        for check in checks {
            let expected = try CardObjects.child(hashes, check.tag, at: hashLocation)
            let actual = DigestAlgorithm.sha256.hash(check.data)
            guard expected == actual else {
                throw .integrityCheckFailed(
                    "its SHA-256 is not the hash recorded in EF 0003 (\(check.tag == 0xDF31 ? "DF 31" : "DF 32"))",
                    at: CardLocation(.cardInfo, fileID: check.file))
            }
        }
        return info
    }

    /// The My Number (after ``verify(_:lastTry:)``), checked against its hash.
    public func readMyNumber() async throws(JPKICardError) -> String {
        guard let number = try await read(myNumber: true, basicInformation: false).myNumber else {
            throw .malformedData("no My Number", at: CardLocation(.cardInfo, fileID: Self.myNumberFile))
        }
        return number
    }

    /// The basic 4 information (after ``verify(_:lastTry:)``), checked against its hash.
    public func readBasicInformation() async throws(JPKICardError) -> CardBasicInformation {
        guard let information = try await read(myNumber: false, basicInformation: true).basicInformation else {
            throw .malformedData(
                "no basic 4 information", at: CardLocation(.cardInfo, fileID: Self.basicInformationFile))
        }
        return information
    }

    /// EF 0001's object `FF 10` { 12 ASCII digits }.
    static func parseMyNumber(_ bytes: [UInt8]) throws(JPKICardError) -> String {
        let location = CardLocation(.cardInfo, fileID: myNumberFile)
        let object = try CardObjects.root(bytes, tag: 0xFF10, at: location)
        let number = String(decoding: object.value, as: UTF8.self)
        guard MyNumberCheckDigit.isValid(number) else {
            throw .malformedData("not 12 digits with a valid check digit", at: location)
        }
        return number
    }

    /// EF 0002's object `FF 20` { `DF 21` header, `DF 22` name, `DF 23` address, `DF 24` birth
    /// date, `DF 25` sex }.
    static func parseBasicInformation(_ bytes: [UInt8]) throws(JPKICardError) -> CardBasicInformation {
        let location = CardLocation(.cardInfo, fileID: basicInformationFile)
        let object = try CardObjects.root(bytes, tag: 0xFF20, at: location)
        return CardBasicInformation(
            name: try CardObjects.text(object, 0xDF22, at: location),
            address: try CardObjects.text(object, 0xDF23, at: location),
            birthDate: try CardObjects.date(object, 0xDF24, at: location),
            sex: try CardObjects.sex(object, 0xDF25, at: location))
    }
}
