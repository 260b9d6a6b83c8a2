import JPKIAPDU
import JPKIX509

/// The status words the card answers.
enum CardStatus {
    static let success: UInt16 = 0x9000
    static let endOfFile: UInt16 = 0x6282
    static let wrongLength: UInt16 = 0x6700
    static let incompatibleFile: UInt16 = 0x6981
    static let securityStatusNotSatisfied: UInt16 = 0x6982
    static let blocked: UInt16 = 0x6984
    static let conditionsNotSatisfied: UInt16 = 0x6985
    static let noCurrentEF: UInt16 = 0x6986
    static let incorrectData: UInt16 = 0x6A80
    static let fileNotFound: UInt16 = 0x6A82
    static let incorrectParameters: UInt16 = 0x6A86
    static let offsetOutsideFile: UInt16 = 0x6B00
    static let instructionNotSupported: UInt16 = 0x6D00
    static let classNotSupported: UInt16 = 0x6E00
    static let noPreciseDiagnosis: UInt16 = 0x6F00

    /// `63 Cx`.
    static func triesLeft(_ count: Int) -> UInt16 { 0x63C0 | UInt16(min(max(count, 0), 15)) }
}

extension VirtualMyNumberCard {
    /// One parsed command with what the raw bytes say about its form.
    struct Command {
        var apdu: CommandAPDU
        /// Written in the extended-length form.
        var isExtended: Bool
        /// Le asks for "as much as there is": short `00` or extended `00 00`.
        var wantsMaximum: Bool
    }

    /// Executes `bytes` with the lock held; returns the response and whether what persists
    /// changed.
    func execute(_ bytes: [UInt8]) -> ([UInt8], Bool) {
        guard bytes.count >= 4 else { return (status(CardStatus.wrongLength), false) }
        accountingStorage.record(ins: bytes[1], operation: currentOperation)
        guard let apdu = try? CommandAPDU(encoded: bytes) else { return (status(CardStatus.wrongLength), false) }
        if let overridden = faultStorage.override(for: apdu) { return ([overridden.sw1, overridden.sw2], false) }
        let isExtended = bytes.count >= 7 && bytes[4] == 0x00
        if isExtended && faultStorage.refuseExtendedLength { return (status(CardStatus.wrongLength), false) }
        let wantsMaximum = apdu.expectedLength == 65_536 || (!isExtended && apdu.expectedLength == 256)
        let command = Command(apdu: apdu, isExtended: isExtended, wantsMaximum: wantsMaximum)

        guard apdu.cla == 0x00 || apdu.cla == 0x80 else { return (status(CardStatus.classNotSupported), false) }
        let expectedClass: UInt8
        switch apdu.ins {
        case 0xA4, 0xB0, 0x20, 0x24, 0x84, 0x88: expectedClass = 0x00
        case 0x2A, 0xFC: expectedClass = 0x80
        default: return (status(CardStatus.instructionNotSupported), false)
        }
        guard apdu.cla == expectedClass else { return (status(CardStatus.classNotSupported), false) }
        switch apdu.ins {
        case 0xA4: return (select(command), false)
        case 0xB0: return (readBinary(command), false)
        case 0x20: return verify(command)
        case 0x24: return changeReferenceData(command)
        case 0x2A: return (computeDigitalSignature(command), false)
        case 0x84: return (getChallenge(command), false)
        case 0xFC: return (lastCommand(command), false)
        default: return (internalAuthenticate(command), false)
        }
    }

    private func status(_ word: UInt16) -> [UInt8] { [UInt8(word >> 8), UInt8(word & 0xFF)] }

    private func respond(_ data: [UInt8], _ word: UInt16 = CardStatus.success) -> [UInt8] { data + status(word) }

    /// The current EF of the selected application.
    private var currentFile: CardFile? {
        guard let application = session.application, let fileID = session.currentFile else { return nil }
        return state.files[application]?[fileID]
    }

    // MARK: SELECT

    private func select(_ command: Command) -> [UInt8] {
        let apdu = command.apdu
        guard apdu.p1 == 0x04 || apdu.p1 == 0x02, apdu.p2 == 0x0C else {
            return status(CardStatus.incorrectParameters)
        }
        if apdu.p1 == 0x04 {
            guard (1...16).contains(apdu.data.count) else { return status(CardStatus.wrongLength) }
            guard let application = CardApplicationKind(aid: apdu.data), state.files[application] != nil else {
                return status(CardStatus.fileNotFound)
            }
            if session.application != application { session.verified = [] }
            session.application = application
            session.currentFile = nil
            return status(CardStatus.success)
        }
        guard apdu.data.count == 2 else { return status(CardStatus.wrongLength) }
        let fileID = UInt16(apdu.data[0]) << 8 | UInt16(apdu.data[1])
        guard let application = session.application, state.files[application]?[fileID] != nil else {
            return status(CardStatus.fileNotFound)
        }
        session.currentFile = fileID
        return status(CardStatus.success)
    }

    // MARK: READ BINARY

    private func readBinary(_ command: Command) -> [UInt8] {
        let apdu = command.apdu
        guard apdu.data.isEmpty, let length = apdu.expectedLength else { return status(CardStatus.wrongLength) }
        // P1 bit 8 would name a short EF identifier: the card selects EFs by SELECT only.
        guard apdu.p1 & 0x80 == 0 else { return status(CardStatus.incorrectParameters) }
        let offset = Int(apdu.p1) << 8 | Int(apdu.p2)
        guard let file = currentFile else { return status(CardStatus.noCurrentEF) }
        guard case .binary(let bytes, let readableAfter) = file.content else {
            return status(CardStatus.incompatibleFile)
        }
        if var pins = readableAfter {
            if behaviorStorage.birthDateRecordNeedsBirthDatePIN, session.application == .cardSurface,
                session.currentFile == 0x0001
            {
                pins = [.cardSurfaceBirthDate]
            }
            if session.verified.isDisjoint(with: pins) { return status(CardStatus.securityStatusNotSatisfied) }
        }
        guard offset < bytes.count else { return status(CardStatus.offsetOutsideFile) }
        let count = min(length, bytes.count - offset)
        let data = Array(bytes[offset..<(offset + count)])
        return respond(data, count < length && !command.wantsMaximum ? CardStatus.endOfFile : CardStatus.success)
    }

    // MARK: VERIFY and CHANGE REFERENCE DATA

    private func verify(_ command: Command) -> ([UInt8], Bool) {
        let apdu = command.apdu
        guard apdu.p1 == 0x00, apdu.p2 == 0x80 else { return (status(CardStatus.incorrectParameters), false) }
        guard let file = currentFile, case .pin(let pin) = file.content else {
            return (status(CardStatus.noCurrentEF), false)
        }
        let left = state.retriesLeft[pin] ?? 0
        if apdu.data.isEmpty {
            // The retry query, exactly `00 20 00 80`: consumes no try. With an Le byte a real
            // card answers 67 00.
            guard apdu.expectedLength == nil else { return (status(CardStatus.wrongLength), false) }
            if session.verified.contains(pin) { return (status(CardStatus.success), false) }
            if left == 0 { return (status(behaviorStorage.blockedQueryStatus.value), false) }
            return (status(CardStatus.triesLeft(left)), false)
        }
        guard left > 0 else { return (status(behaviorStorage.blockedVerifyStatus.value), false) }
        if apdu.data == Array(pin.value(for: state.persona).utf8) {
            state.retriesLeft[pin] = pin.maximumTries
            session.verified.insert(pin)
            return (status(CardStatus.success), left != pin.maximumTries)
        }
        state.retriesLeft[pin] = left - 1
        session.verified.remove(pin)
        if left == 1 { return (status(behaviorStorage.blockingAttemptStatus.value), true) }
        return (status(CardStatus.triesLeft(left - 1)), true)
    }

    private func changeReferenceData(_ command: Command) -> ([UInt8], Bool) {
        let apdu = command.apdu
        guard apdu.p1 == 0x01, apdu.p2 == 0x80 else { return (status(CardStatus.incorrectParameters), false) }
        guard !apdu.data.isEmpty else { return (status(CardStatus.wrongLength), false) }
        guard let file = currentFile, case .pin(let pin) = file.content else {
            return (status(CardStatus.noCurrentEF), false)
        }
        guard (state.retriesLeft[pin] ?? 0) > 0 else { return (status(CardStatus.blocked), false) }
        guard session.verified.contains(pin) else { return (status(CardStatus.securityStatusNotSatisfied), false) }
        guard pin.isChangeable else { return (status(CardStatus.conditionsNotSatisfied), false) }
        guard apdu.data.allSatisfy({ $0 < 0x80 }), case let value = String(decoding: apdu.data, as: UTF8.self),
            pin.accepts(value)
        else { return (status(CardStatus.incorrectData), false) }
        switch pin {
        case .jpkiAuthentication: state.persona.authenticationPIN = value
        case .jpkiSignature: state.persona.signaturePIN = value
        case .cardInfo: state.persona.cardInfoPIN = value
        default: return (status(CardStatus.conditionsNotSatisfied), false)
        }
        return (status(CardStatus.success), true)
    }

    // MARK: Signing

    /// The largest input of an RSA-2048 PKCS #1 v1.5 type-1 block: 256 − 11.
    static let maximumSignatureInput = 245

    private func computeDigitalSignature(_ command: Command) -> [UInt8] {
        let apdu = command.apdu
        guard apdu.p1 == 0x00 else { return status(CardStatus.incorrectParameters) }
        guard let application = session.application else { return status(CardStatus.noCurrentEF) }
        let key: CardKey
        switch apdu.p2 {
        case 0x00:
            // P2 00: the application's default key; the JPKI AP has none.
            switch application {
            case .cardSurface: key = .cardSurface
            case .cardInfo: key = .cardInfo
            case .jpki: return status(CardStatus.incorrectParameters)
            }
        case 0x80:
            guard let file = currentFile, case .key(let selected) = file.content else {
                return status(CardStatus.noCurrentEF)
            }
            key = selected
        case 0x81...0x9E:
            // 0x80 | SFI: the key EF whose file identifier is the SFI, without a SELECT.
            let fileID = UInt16(apdu.p2 & 0x1F)
            guard let file = state.files[application]?[fileID], case .key(let named) = file.content else {
                return status(CardStatus.fileNotFound)
            }
            key = named
        default:
            return status(CardStatus.incorrectParameters)
        }
        if let pin = key.pin, !session.verified.contains(pin) {
            return status(CardStatus.securityStatusNotSatisfied)
        }
        if key.pin == nil, let forger = state.forgeries.challengeSigner {
            return sign(apdu.data, with: forger, command: command)
        }
        return sign(apdu.data, with: state.credentials.signingKey(key), command: command)
    }

    /// INTERNAL AUTHENTICATE: the 券面 applications' keys answer `69 85` (real cards prove their
    /// genuineness with COMPUTE DIGITAL SIGNATURE instead); the JPKI AP does not know it.
    private func internalAuthenticate(_ command: Command) -> [UInt8] {
        guard let application = session.application, application != .jpki else {
            return status(CardStatus.instructionNotSupported)
        }
        return status(CardStatus.conditionsNotSatisfied)
    }

    /// GET CHALLENGE `00 84 00 00 Le`: 8 or 16 random bytes.
    private func getChallenge(_ command: Command) -> [UInt8] {
        let apdu = command.apdu
        guard apdu.p1 == 0x00, apdu.p2 == 0x00 else { return status(CardStatus.incorrectParameters) }
        guard apdu.data.isEmpty, let length = apdu.expectedLength, length == 8 || length == 16 else {
            return status(CardStatus.wrongLength)
        }
        var generator = SystemRandomNumberGenerator()
        return respond((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// `80 FC 00 00`, the iPhone token's "last command": `90 00` there, `67 00` on a card.
    private func lastCommand(_ command: Command) -> [UInt8] {
        guard state.persona.token == .iPhone else { return status(CardStatus.wrongLength) }
        guard command.apdu.p1 == 0x00, command.apdu.p2 == 0x00 else { return status(CardStatus.incorrectParameters) }
        return status(CardStatus.success)
    }

    private func sign(_ input: [UInt8], with key: SigningKey, command: Command) -> [UInt8] {
        guard (1...Self.maximumSignatureInput).contains(input.count) else { return status(CardStatus.wrongLength) }
        guard let signature = try? key.signPaddedDigestInfo(input) else {
            return status(CardStatus.noPreciseDiagnosis)
        }
        if let length = command.apdu.expectedLength, length < signature.count, !command.wantsMaximum {
            return status(0x6C00 | UInt16(signature.count & 0xFF))
        }
        return respond(signature)
    }
}
