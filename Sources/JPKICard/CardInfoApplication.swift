import JPKIAPDU
import JPKIASN1
import JPKIX509

/// The client of the 券面事項入力補助AP (card-info input support, `D3 92 10 00 31 00 01 01 04
/// 08`): the My Number and the basic 4 information as text, after the 4-digit PIN or 照合番号A/B.
///
/// The data are checked as J-LIS signed them. EF 0003 (`FF 30` { `DF 31`, `DF 32`, `DF 33` })
/// holds the SHA-256 of EF 0001 **as stored, filler included** and of EF 0002's `FF 20` value
/// **without its `DF 21` offset table**, and `DF 33` signs those two objects with the key that
/// the CV certificate of EF 0004 certifies; the CV certificate is checked with the J-LIS CV CA key
/// its 証明者鍵ID names (`5000033`). A hash mismatch is
/// ``JPKICardError/integrityCheckFailed(_:at:)``, a signature that does not verify
/// ``JPKICardError/authenticityCheckFailed(_:at:)``: never accepted.
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
    /// EF 0004: the CV certificate.
    public static let certificateFile: UInt16 = 0x0004
    /// EF 0007: `FF 50` the AP's key and its signature.
    public static let keyRecordFile: UInt16 = 0x0007

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

    /// Reads what is asked for, EF 0003 and EF 0004 (after ``verify(_:lastTry:)``), checks each
    /// file against its hash, `DF 33` against the certified key and the CV certificate against
    /// `trust`.
    ///
    /// APDUs: EF 0001 SELECT and one READ BINARY (the whole file, filler included); EF 0002
    /// SELECT and 2 READ BINARY; EF 0003 and EF 0004 SELECT and 3 READ BINARY each (their
    /// headers are 5 bytes).
    public func read(
        myNumber: Bool = true, basicInformation: Bool = true, trust: CardVerifiableTrust = .jlis,
        policy: CardAuthenticityPolicy = .reported
    ) async throws(JPKICardError) -> CardInfo {
        var info = CardInfo()
        var checks: [(file: UInt16, tag: UInt32, input: [UInt8])] = []
        if myNumber {
            // The hash covers the file as stored: the object and its filler.
            let bytes = try await base.readBytes(Self.myNumberFile, length: CardChannel.shortChunkLength)
            info.myNumber = try Self.parseMyNumber(bytes)
            checks.append((Self.myNumberFile, 0xDF31, bytes))
        }
        if basicInformation {
            let bytes = try await base.readObject(Self.basicInformationFile)
            info.basicInformation = try Self.parseBasicInformation(bytes)
            checks.append((Self.basicInformationFile, 0xDF32, try Self.basicInformationDigestInput(bytes)))
        }
        guard !checks.isEmpty else { return info }
        let record = try await base.readSignedRecord(.cardInfoHashes, needs: nil)
        for check in checks {
            let expected = record.value(check.tag).map(Array.init) ?? []
            guard expected == DigestAlgorithm.sha256.hash(check.input) else {
                throw .integrityCheckFailed(
                    "its SHA-256 is not the hash recorded in EF 0003 (\(check.tag == 0xDF31 ? "DF 31" : "DF 32"))",
                    at: CardLocation(.cardInfo, fileID: check.file))
            }
        }
        let certificate = try await base.readCardVerifiableCertificate()
        info.authenticity = try base.verifyAuthenticity(
            certificate: certificate, records: [record], trust: trust, policy: policy)
        return info
    }

    /// The My Number (after ``verify(_:lastTry:)``), checked against its hash and signature.
    public func readMyNumber(trust: CardVerifiableTrust = .jlis, policy: CardAuthenticityPolicy = .reported)
        async throws(JPKICardError) -> String
    {
        guard
            let number = try await read(myNumber: true, basicInformation: false, trust: trust, policy: policy).myNumber
        else {
            throw .malformedData("no My Number", at: CardLocation(.cardInfo, fileID: Self.myNumberFile))
        }
        return number
    }

    /// The basic 4 information (after ``verify(_:lastTry:)``), checked against its hash and
    /// signature.
    public func readBasicInformation(trust: CardVerifiableTrust = .jlis, policy: CardAuthenticityPolicy = .reported)
        async throws(JPKICardError) -> CardBasicInformation
    {
        guard
            let information = try await read(myNumber: false, basicInformation: true, trust: trust, policy: policy)
                .basicInformation
        else {
            throw .malformedData(
                "no basic 4 information", at: CardLocation(.cardInfo, fileID: Self.basicInformationFile))
        }
        return information
    }

    /// EF 0007, the record carrying the AP's key (after the PIN or a verification number).
    public func readKeyRecord() async throws(JPKICardError) -> CardSignedRecord {
        try await base.readSignedRecord(.cardInfoKey, needs: nil)
    }

    /// EF 0001 as stored: `FF 10 0C` { 12 ASCII digits } and filler.
    static func parseMyNumber(_ bytes: [UInt8]) throws(JPKICardError) -> String {
        let location = CardLocation(.cardInfo, fileID: myNumberFile)
        let object = try CardObjects.root(bytes, tag: 0xFF10, at: location)
        let number = String(decoding: object.value, as: UTF8.self)
        guard MyNumberCheckDigit.isValid(number) else {
            throw .malformedData("not 12 digits with a valid check digit", at: location)
        }
        return number
    }

    /// EF 0002's object `FF 20` { `DF 21` offsets, `DF 22` name, `DF 23` address, `DF 24` birth
    /// date, `DF 25` sex }; the offsets (from the first byte of the file) must be where the
    /// objects are.
    static func parseBasicInformation(_ bytes: [UInt8]) throws(JPKICardError) -> CardBasicInformation {
        let location = CardLocation(.cardInfo, fileID: basicInformationFile)
        let object = try CardObjects.root(bytes, tag: 0xFF20, at: location)
        try CardObjects.checkOffsetTable(object, tableTag: 0xDF21, at: location)
        return CardBasicInformation(
            name: try CardObjects.text(object, 0xDF22, at: location),
            address: try CardObjects.text(object, 0xDF23, at: location),
            birthDate: try CardObjects.date(object, 0xDF24, at: location),
            sex: try CardObjects.sex(object, 0xDF25, at: location))
    }

    /// What `DF 32` hashes: EF 0002's `FF 20` value after the `DF 21` offset table.
    static func basicInformationDigestInput(_ bytes: [UInt8]) throws(JPKICardError) -> [UInt8] {
        let location = CardLocation(.cardInfo, fileID: basicInformationFile)
        let object = try CardObjects.root(bytes, tag: 0xFF20, at: location)
        let children: [BERTLV]
        do {
            children = try object.children()
        } catch {
            throw .malformedData(error.description, at: location)
        }
        guard let table = children.first, table.rawTag == 0xDF21 else {
            throw .malformedData("the offset table DF 21 is not the first object", at: location)
        }
        return Array(object.value[table.value.endIndex...])
    }
}
