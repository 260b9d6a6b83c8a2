import JPKIASN1
import Logging

/// A channel to one card over a ``CardTransport``: the ISO 7816-4 response handling that every
/// command needs, done once.
///
/// - `61 xx` responses are completed with GET RESPONSE rounds and the data joined;
/// - `6C xx` responses are answered by re-issuing the command with Le = `xx`, except for a
///   command carrying a secret (VERIFY or CHANGE REFERENCE DATA with a PIN), which is never sent
///   twice: its `6C xx` is returned as the answer;
/// - READ BINARY beyond 256 bytes uses one extended-length command and, when the reader or the
///   card refuses it (`67 00`, or the reader rejects the APDU), falls back to 256-byte chunks
///   and remembers that for the rest of the session;
/// - every exchange is logged at trace level with PIN data redacted;
/// - commands are serialised: an exchange, or a whole ``transaction(_:)``, never interleaves
///   with another task's commands.
public actor CardChannel {
    /// Whether extended-length APDUs work with this reader and card.
    public enum ExtendedLengthSupport: Sendable, Equatable {
        /// Not tried yet: the next long read tries it.
        case unknown
        /// An extended READ BINARY succeeded.
        case supported
        /// Refused once: reads use 256-byte chunks for the rest of the session.
        case unsupported
    }

    /// The transport the channel drives.
    public let transport: any CardTransport
    /// What the session has learnt about extended length.
    public private(set) var extendedLength: ExtendedLengthSupport
    /// The number of command APDUs sent (GET RESPONSE and re-issues included).
    public private(set) var commandCount = 0

    private let logger: Logger
    private let mutex = AsyncMutex()
    @TaskLocal private static var transactionOwner: ObjectIdentifier?

    /// The largest Le of a short READ BINARY.
    public static let shortChunkLength = 256

    /// A channel over `transport`.
    ///
    /// - Parameters:
    ///   - extendedLength: `.unsupported` to never try extended APDUs (some readers), `.unknown`
    ///     to find out on the first long read.
    ///   - logger: where exchanges go, at trace level, with PINs redacted.
    public init(
        transport: any CardTransport, extendedLength: ExtendedLengthSupport = .unknown,
        logger: Logger = Logger(label: "jpki.apdu")
    ) {
        self.transport = transport
        self.extendedLength = extendedLength
        self.logger = logger
    }

    // MARK: Exchanges

    /// Sends `command` and returns the complete response: `61 xx` rounds fetched and joined,
    /// a `6C xx` answered by re-sending with the exact Le (unless the command carries a secret: a
    /// PIN is never sent twice). The status word is not checked.
    public func send(_ command: CommandAPDU) async throws(APDUError) -> ResponseAPDU {
        try await exclusively { () async throws(APDUError) -> ResponseAPDU in
            try await self.exchange(command)
        }
    }

    /// Sends `command` and returns its data, or throws ``APDUError/status(_:command:)`` unless
    /// the card answered `90 00`.
    public func sendExpectingSuccess(_ command: CommandAPDU) async throws(APDUError) -> [UInt8] {
        try await send(command).requireSuccess(for: command)
    }

    /// Sends raw command bytes (as `opensc-tool -s` does), with the same `61 xx` / `6C xx`
    /// handling when the bytes parse as a command APDU.
    public func send(raw bytes: [UInt8]) async throws(APDUError) -> ResponseAPDU {
        if let command = try? CommandAPDU(encoded: bytes) {
            // Keep the form the bytes came in: a short-fitting command given extended stays extended.
            let extended = command.encoded() != bytes
            return try await exclusively { () async throws(APDUError) -> ResponseAPDU in
                try await self.exchange(command, extended: extended)
            }
        }
        return try await exclusively { () async throws(APDUError) -> ResponseAPDU in
            try ResponseAPDU(encoded: try await self.transmit(bytes, logAs: CommandAPDU.redactedHex(bytes)))
        }
    }

    /// Runs `body` with exclusive access to the card: PC/SC transaction begun before and ended
    /// after, and no other task's command in between.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (CardChannel) async throws -> Result
    ) async throws -> Result {
        if Self.transactionOwner == ObjectIdentifier(self) { return try await body(self) }
        await mutex.acquire()
        defer { mutex.release() }
        do {
            try await transport.beginTransaction()
        } catch {
            throw APDUError.transport(error)
        }
        do {
            let result = try await Self.$transactionOwner.withValue(ObjectIdentifier(self)) {
                try await body(self)
            }
            try? await transport.endTransaction()
            return result
        } catch {
            try? await transport.endTransaction()
            throw error
        }
    }

    /// Resets the card and returns the ATR; the card's security state is gone.
    public func reset() async throws(APDUError) -> [UInt8] {
        do {
            let atr = try await transport.reset()
            logger.trace("card reset, ATR \(Hex.encode(atr))")
            return atr
        } catch {
            throw .transport(error)
        }
    }

    // MARK: Reading files

    /// READ BINARY of `length` bytes of the current EF from `offset`: one extended command when
    /// it may work, otherwise 256-byte chunks. Stops early, without error, at the end of the
    /// file (`62 82` or a short answer). Never returns more than `length` bytes, whatever the
    /// card answers.
    public func readBinary(offset: Int, length: Int) async throws(APDUError) -> [UInt8] {
        try await exclusively { () async throws(APDUError) -> [UInt8] in
            try await self.readBinaryLocked(offset: offset, length: length)
        }
    }

    /// Reads the whole current EF when it holds one BER-TLV or DER object (a certificate, the
    /// card's data objects): reads the first 4 bytes, learns the object's length from its header
    /// (reading a few more bytes when the header is longer), then reads the rest in one
    /// extended READ BINARY or in 256-byte chunks.
    ///
    /// - Parameters:
    ///   - maximumLength: a bound on the object's size (EFs are small); a header announcing more
    ///     is an error.
    ///   - probeLength: how many bytes the first READ BINARY asks for: 4 covers a certificate's
    ///     `30 82 HH LL`; 8 covers the 券面 applications' 5-byte headers (`FF 20 82 HH LL`,
    ///     `7F 21 82 02 33`) in one command.
    public func readWholeFile(maximumLength: Int = 32_767, probeLength: Int = 4) async throws(APDUError) -> [UInt8] {
        try await exclusively { () async throws(APDUError) -> [UInt8] in
            var bytes = try await self.readBinaryLocked(offset: 0, length: max(4, min(probeLength, 256)))
            var total: Int?
            while total == nil {
                switch Self.fileLength(fromPrefix: bytes) {
                case .success(let length): total = length
                case .failure(let error):
                    guard error.rule == .truncated, bytes.count >= 4, bytes.count < 8 else {
                        throw .unreadableFileHeader(error.description)
                    }
                    let more = try await self.readBinaryLocked(offset: bytes.count, length: 8 - bytes.count)
                    guard !more.isEmpty else { throw .unreadableFileHeader("file ends inside the header") }
                    bytes += more
                }
            }
            let length = total ?? 0
            guard length <= maximumLength else {
                throw .unreadableFileHeader("header announces \(length) bytes, more than \(maximumLength)")
            }
            if length > bytes.count {
                bytes += try await self.readBinaryLocked(offset: bytes.count, length: length - bytes.count)
            }
            guard bytes.count >= length else {
                throw .unreadableFileHeader("file ends after \(bytes.count) of \(length) bytes")
            }
            return Array(bytes.prefix(length))
        }
    }

    // MARK: Internals (called with the mutex held)

    /// The length of the TLV object that `prefix` starts with, header included.
    static func fileLength(fromPrefix prefix: [UInt8]) -> Result<Int, DERError> {
        do throws(DERError) {
            let header = try BERTLV.readHeader(prefix[...])
            return .success(header.headerLength + header.valueLength)
        } catch {
            return .failure(error)
        }
    }

    private func readBinaryLocked(offset: Int, length: Int) async throws(APDUError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(length)
        var position = offset
        var remaining = length
        while remaining > 0 {
            if remaining > Self.shortChunkLength && extendedLength != .unsupported {
                let command = try CommandAPDU.readBinary(offset: position, length: remaining)
                let response: ResponseAPDU
                do {
                    response = try await exchange(command)
                } catch .transport(.rejectedByReader(let why)) {
                    logger.debug("extended READ BINARY rejected by the reader (\(why)); using 256-byte chunks")
                    extendedLength = .unsupported
                    continue
                }
                if case .wrongLength = response.statusWord.meaning {
                    logger.debug("extended READ BINARY refused by the card (6700); using 256-byte chunks")
                    extendedLength = .unsupported
                    continue
                }
                // A card answering more than asked for: keep what was asked for.
                let data = try readData(response, command: command).prefix(remaining)
                extendedLength = .supported
                result += data
                if data.isEmpty || response.statusWord.meaning == .endOfFileReached { break }
                position += data.count
                remaining -= data.count
            } else {
                let chunk = min(remaining, Self.shortChunkLength)
                let command = try CommandAPDU.readBinary(offset: position, length: chunk)
                let response = try await exchange(command)
                let data = try readData(response, command: command).prefix(chunk)
                result += data
                if data.isEmpty || data.count < chunk || response.statusWord.meaning == .endOfFileReached { break }
                position += data.count
                remaining -= data.count
            }
        }
        return result
    }

    private func readData(_ response: ResponseAPDU, command: CommandAPDU) throws(APDUError) -> [UInt8] {
        switch response.statusWord.meaning {
        case .success, .endOfFileReached: return response.data
        default: throw .status(response.statusWord, command: command.redactedDescription)
        }
    }

    /// One command with its `61 xx` / `6C xx` follow-ups. A command carrying a secret is not
    /// re-issued on `6C xx`: a card answering VERIFY so (a hostile or broken one) would otherwise
    /// get the PIN twice, and may count two tries.
    private func exchange(_ command: CommandAPDU, extended: Bool = false) async throws(APDUError) -> ResponseAPDU {
        let bytes = command.encoded(extended: extended)
        var response = try ResponseAPDU(encoded: try await transmit(bytes, logAs: CommandAPDU.redactedHex(bytes)))
        if case .wrongExpectedLength(let exact) = response.statusWord.meaning, !command.carriesSecret {
            let reissued = try command.withExpectedLength(exact)
            response = try ResponseAPDU(
                encoded: try await transmit(reissued.encoded(), logAs: reissued.redactedDescription))
        }
        var data = response.data
        var rounds = 0
        while case .moreDataAvailable(let count) = response.statusWord.meaning {
            rounds += 1
            guard rounds <= 256 else { throw .status(response.statusWord, command: "GET RESPONSE (endless 61xx)") }
            let getResponse = try CommandAPDU.getResponse(length: count)
            response = try ResponseAPDU(
                encoded: try await transmit(getResponse.encoded(), logAs: getResponse.redactedDescription))
            data += response.data
        }
        return ResponseAPDU(data: data, statusWord: response.statusWord)
    }

    private func transmit(_ bytes: [UInt8], logAs text: String) async throws(APDUError) -> [UInt8] {
        commandCount += 1
        logger.trace("→ \(text)")
        do {
            let response = try await transport.transmit(bytes)
            if logger.logLevel <= .trace {
                logger.trace("← \((try? ResponseAPDU(encoded: response))?.description ?? Hex.encode(response))")
            }
            return response
        } catch {
            logger.trace("✕ \(error)")
            throw .transport(error)
        }
    }

    /// Runs `body` holding the mutex, unless this task already holds it in a transaction.
    private func exclusively<Result>(
        _ body: () async throws(APDUError) -> Result
    ) async throws(APDUError) -> Result {
        if Self.transactionOwner == ObjectIdentifier(self) { return try await body() }
        await mutex.acquire()
        defer { mutex.release() }
        return try await body()
    }
}
