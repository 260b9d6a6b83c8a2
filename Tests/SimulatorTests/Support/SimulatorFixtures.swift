import Foundation
import JPKIAPDU
import JPKISimulator
import JPKITestSupport
import JPKIX509

/// The expensive parts made once for the whole test run: a test PKI and one set of card
/// credentials for the sample persona (RSA key generation takes a while).
enum SimulatorFixtures {
    private static let shared: Result<(TestPKI, CardCredentials), any Error> = Result {
        let pki = try TestPKI()
        let credentials = try CardCredentials(issuingFor: .sample, pki: pki)
        return (pki, credentials)
    }

    /// The shared PKI.
    static func pki() throws -> TestPKI { try shared.get().0 }

    /// A fresh card of the sample persona with the shared credentials: full counters, nothing
    /// selected.
    static func sampleCard(token: Persona.Token = .myNumberCard) throws -> VirtualMyNumberCard {
        let (pki, credentials) = try shared.get()
        var persona = Persona.sample
        persona.token = token
        return try VirtualMyNumberCard(persona: persona, credentials: credentials, pki: pki)
    }
}

/// A connected in-process session with a card: the simulated transport and a channel over it.
struct CardSession {
    let card: VirtualMyNumberCard
    let transport: SimulatedCardTransport
    let channel: CardChannel

    /// Connects to `card` (powering it on).
    init(_ card: VirtualMyNumberCard) async throws {
        self.card = card
        transport = SimulatedCardTransport(card: card)
        channel = CardChannel(transport: transport)
        _ = try await transport.connect()
    }

    /// A session with a fresh sample card.
    static func sample(token: Persona.Token = .myNumberCard) async throws -> CardSession {
        try await CardSession(try SimulatorFixtures.sampleCard(token: token))
    }

    /// Sends `hex` through the channel (61xx / 6Cxx handled).
    @discardableResult
    func send(_ hex: String) async throws -> ResponseAPDU {
        try await channel.send(raw: bytes(hex))
    }

    /// Sends `command` through the channel.
    @discardableResult
    func send(_ command: CommandAPDU) async throws -> ResponseAPDU {
        try await channel.send(command)
    }

    /// Sends `hex` straight to the transport: the card's own answer, nothing completed.
    func raw(_ hex: String) async throws -> ResponseAPDU {
        try ResponseAPDU(encoded: try await transport.transmit(bytes(hex)))
    }

    /// SELECT of `application` by DF name.
    @discardableResult
    func select(_ application: CardApplicationKind) async throws -> StatusWord {
        try await send(try CommandAPDU.selectApplication(application.aid)).statusWord
    }

    /// SELECT of the EF `fileID`.
    @discardableResult
    func selectFile(_ fileID: UInt16) async throws -> StatusWord {
        try await send(CommandAPDU.selectFile(fileID)).statusWord
    }

    /// SELECT of the PIN's application and EF, then VERIFY with `value`.
    @discardableResult
    func verify(_ pin: CardPIN, _ value: String) async throws -> StatusWord {
        try await select(pin.application)
        try await selectFile(pin.fileID)
        return try await send(try CommandAPDU.verify(pin: Array(value.utf8))).statusWord
    }

    /// SELECT of the PIN's application and EF, then the retry query.
    func query(_ pin: CardPIN) async throws -> StatusWord {
        try await select(pin.application)
        try await selectFile(pin.fileID)
        return try await send(try CommandAPDU.verify()).statusWord
    }

    /// The whole EF `fileID` of the selected application (SELECT, then the channel's
    /// header-driven read).
    func readFile(_ fileID: UInt16) async throws -> [UInt8] {
        let status = try await selectFile(fileID)
        guard status.isSuccess else { throw APDUError.status(status, command: "SELECT \(fileID)") }
        return try await channel.readWholeFile()
    }

    /// `length` bytes of the current EF from `offset` in one READ BINARY: its response.
    func readBinary(offset: Int, length: Int, extended: Bool = false) async throws -> ResponseAPDU {
        let command = try CommandAPDU.readBinary(offset: offset, length: length)
        return try ResponseAPDU(encoded: try await transport.transmit(command.encoded(extended: extended)))
    }
}

/// The bytes of a hexadecimal string (spaces allowed).
func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.filter { $0 != 0x20 })
    var result: [UInt8] = []
    var index = 0
    while index + 1 < digits.count {
        let pair = String(decoding: digits[index...(index + 1)], as: UTF8.self)
        result.append(UInt8(pair, radix: 16) ?? 0)
        index += 2
    }
    return result
}

/// A status word from its 16-bit value.
func sw(_ value: UInt16) -> StatusWord { StatusWord(value) }

/// A temporary directory removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs a tool and returns its exit status and output.
@discardableResult
func runTool(_ path: String, _ arguments: [String], input: Data? = nil) throws -> ProcessResult {
    try ProcessRunner.run(URL(fileURLWithPath: path), arguments, input: input)
}
