import JPKIAPDU

/// The commands every application client needs, on one ``CardChannel``, with the channel's
/// errors turned into ``JPKICardError`` naming the application and EF.
struct ApplicationChannel: Sendable {
    let channel: CardChannel
    let application: CardApplication

    // MARK: Selection and reading

    /// SELECT of the application by DF name.
    /// - Throws: ``JPKICardError/applicationNotPresent(_:)`` when the card answers `6A 82` (a
    ///   smartphone token has only the JPKI AP).
    func selectApplication() async throws(JPKICardError) {
        let command: CommandAPDU
        do {
            command = try CommandAPDU.selectApplication(application.aid)
        } catch {
            throw .invalidArgument(error.description)
        }
        let response = try await send(command, operation: "SELECT application", at: CardLocation(application))
        switch response.statusWord.meaning {
        case .success: return
        case .fileNotFound: throw .applicationNotPresent(application)
        default: throw .status(response.statusWord, operation: "SELECT application", at: CardLocation(application))
        }
    }

    /// SELECT of the EF `fileID`.
    func selectFile(_ fileID: UInt16) async throws(JPKICardError) {
        try await expectSuccess(
            .selectFile(fileID), operation: "SELECT EF", at: CardLocation(application, fileID: fileID))
    }

    /// SELECT of `fileID`, then the whole TLV or DER object it holds: 4 bytes of header (8 in the
    /// 券面 applications, whose objects have 5-byte headers), then the rest in one extended READ
    /// BINARY or in 256-byte chunks.
    func readObject(_ fileID: UInt16, needs pin: PINKind? = nil, maximumLength: Int = 32_767)
        async throws(JPKICardError) -> [UInt8]
    {
        try await selectFile(fileID)
        let location = CardLocation(application, fileID: fileID)
        do {
            return try await channel.readWholeFile(
                maximumLength: maximumLength, probeLength: application == .jpki ? 4 : 8)
        } catch {
            throw map(error, operation: "READ BINARY", at: location, needs: pin)
        }
    }

    /// SELECT of `fileID`, then up to `length` bytes from its start (one short READ BINARY for
    /// 256 bytes or less).
    func readBytes(_ fileID: UInt16, length: Int) async throws(JPKICardError) -> [UInt8] {
        try await selectFile(fileID)
        do {
            return try await channel.readBinary(offset: 0, length: length)
        } catch {
            throw map(error, operation: "READ BINARY", at: CardLocation(application, fileID: fileID))
        }
    }

    // MARK: PINs

    /// SELECT of the PIN's EF and the retry query (VERIFY without data): consumes no try.
    func pinStatus(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        try await selectFile(kind.fileID)
        return try await queryPIN(kind)
    }

    /// The retry query on the current EF.
    private func queryPIN(_ kind: PINKind) async throws(JPKICardError) -> PINStatus {
        let command: CommandAPDU
        do {
            command = try CommandAPDU.verify()
        } catch {
            throw .invalidArgument(error.description)
        }
        let response = try await send(command, operation: "VERIFY (retry query)", at: kind.location)
        switch response.statusWord.meaning {
        case .success: return PINStatus(kind: kind, state: .verified)
        case .wrongPIN(let tries): return PINStatus(kind: kind, state: .triesLeft(tries))
        case .authenticationBlocked: return PINStatus(kind: kind, state: .blocked)
        case .verificationFailed where response.statusWord.value == 0x6300:
            return PINStatus(kind: kind, state: .triesLeft(0), hasTryLimit: false)
        default:
            throw .status(response.statusWord, operation: "VERIFY (retry query)", at: kind.location)
        }
    }

    /// SELECT of the PIN's EF, the retry query, then — unless the PIN is blocked, or one try is
    /// left and `lastTry` is ``LastTryPolicy/refuse`` — VERIFY with the secret. Never retried.
    /// Leaves the PIN's EF selected.
    func verify(_ secret: SecretBytes, as kind: PINKind, lastTry: LastTryPolicy) async throws(JPKICardError) {
        let status = try await pinStatus(kind)
        switch status.state {
        case _ where !status.hasTryLimit: break
        case .blocked: throw .pinBlocked(kind)
        case .triesLeft(let tries) where tries <= 1 && lastTry == .refuse: throw .lastTryRefused(kind)
        default: break
        }
        let response = try await sendSecret(ins: 0x20, p1: 0x00, p2: 0x80, secret: secret, kind: kind)
        try check(response, kind: kind, operation: "VERIFY")
    }

    /// CHANGE REFERENCE DATA `00 24 01 80` with `newSecret`, on the PIN's EF (selected by the
    /// ``verify(_:as:lastTry:)`` that must precede it).
    func change(to newSecret: SecretBytes, as kind: PINKind) async throws(JPKICardError) {
        let response = try await sendSecret(ins: 0x24, p1: 0x01, p2: 0x80, secret: newSecret, kind: kind)
        try check(response, kind: kind, operation: "CHANGE REFERENCE DATA")
    }

    private func check(_ response: ResponseAPDU, kind: PINKind, operation: String) throws(JPKICardError) {
        switch response.statusWord.meaning {
        case .success: return
        case .wrongPIN(let tries): throw .wrongPIN(kind, triesLeft: tries)
        case .authenticationBlocked: throw .pinBlocked(kind)
        case .securityStatusNotSatisfied: throw .accessDenied(kind.location, needs: kind)
        default: throw .status(response.statusWord, operation: operation, at: kind.location)
        }
    }

    /// Sends a command whose data is the secret, then zeroes the copy of it that this function
    /// made. The channel logs such commands redacted.
    private func sendSecret(
        ins: UInt8, p1: UInt8, p2: UInt8, secret: SecretBytes, kind: PINKind
    ) async throws(JPKICardError) -> ResponseAPDU {
        var data = secret.copy()
        let result = await transmitSecret(ins: ins, p1: p1, p2: p2, data: data, kind: kind)
        // The command built from `data` is gone by now, so this zeroes the only buffer.
        SecretBytes.wipe(&data)
        return try result.get()
    }

    private func transmitSecret(
        ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8], kind: PINKind
    ) async -> Result<ResponseAPDU, JPKICardError> {
        do throws(JPKICardError) {
            let command: CommandAPDU
            do {
                command = try CommandAPDU(ins: ins, p1: p1, p2: p2, data: data)
            } catch {
                throw .invalidArgument(error.description)
            }
            return .success(
                try await send(command, operation: ins == 0x20 ? "VERIFY" : "CHANGE REFERENCE DATA", at: kind.location))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Exchanges

    /// Sends `command` and returns the response, whatever its status word.
    func send(_ command: CommandAPDU, operation: String, at location: CardLocation) async throws(JPKICardError)
        -> ResponseAPDU
    {
        do {
            return try await channel.send(command)
        } catch {
            throw map(error, operation: operation, at: location)
        }
    }

    /// Sends `command` and returns its data, or throws unless the card answered `90 00`.
    @discardableResult
    func expectSuccess(
        _ command: CommandAPDU, operation: String, at location: CardLocation, needs pin: PINKind? = nil
    ) async throws(JPKICardError) -> [UInt8] {
        let response = try await send(command, operation: operation, at: location)
        guard response.statusWord.isSuccess else {
            throw map(
                .status(response.statusWord, command: command.redactedDescription), operation: operation,
                at: location, needs: pin)
        }
        return response.data
    }

    /// The ``JPKICardError`` for a channel error.
    func map(_ error: APDUError, operation: String, at location: CardLocation, needs pin: PINKind? = nil)
        -> JPKICardError
    {
        switch error {
        case .transport(let cause): return .transport(cause, at: location)
        case .status(let word, _):
            switch word.meaning {
            case .securityStatusNotSatisfied: return .accessDenied(location, needs: pin)
            default: return .status(word, operation: operation, at: location)
            }
        case .unreadableFileHeader(let why): return .malformedData(why, at: location)
        case .malformedResponse(let bytes):
            return .malformedData("a response of \(bytes.count) bytes, without a status word", at: location)
        case .dataTooLong, .invalidExpectedLength, .invalidOffset, .malformedCommand:
            return .invalidArgument(error.description)
        }
    }
}
