import JPKIAPDU
import Testing

/// What the card fuzz targets (Fuzz/SDKFuzz: CardChannelFuzz, HostileCardFuzz) found, each kept
/// as a regression test.
@Suite("Hostile card findings: CardChannel")
struct HostileCardChannelFindingTests {
    /// CardChannelFuzz, verify-6C seed: a VERIFY with a PIN answered `6C 04` was re-issued with
    /// Le = 4, sending the PIN a second time (a card that counts the first try and asks again
    /// would cost two tries for one call). A command carrying a secret is now never re-issued: the
    /// `6C xx` is the answer.
    @Test("a VERIFY with data answered 6C xx is not sent again")
    func verifyNotReissuedOn6C() async throws {
        let verify = try CommandAPDU.verify(pin: Array("1234".utf8))
        let mock = MockTransport(script: [.init(command: verify.encoded(), response: [0x6C, 0x04])])
        let channel = CardChannel(transport: mock)
        let response = try await channel.send(verify)
        #expect(response.statusWord == StatusWord(0x6C04))
        #expect(mock.receivedCommands == [verify.encoded()])
        #expect(await channel.commandCount == 1)
        // CHANGE REFERENCE DATA likewise.
        let change = try CommandAPDU(ins: 0x24, p1: 0x01, p2: 0x80, data: Array("5678".utf8))
        let changeMock = MockTransport(script: [.init(command: change.encoded(), response: [0x6C, 0x00])])
        let changeResponse = try await CardChannel(transport: changeMock).send(change)
        #expect(changeResponse.statusWord == StatusWord(0x6C00))
        #expect(changeMock.receivedCommands.count == 1)
    }

    @Test("the retry query (VERIFY without data) answered 6C xx is still re-issued with Le = xx")
    func queryStillReissued() async throws {
        let query = try CommandAPDU.verify()
        let mock = MockTransport(script: [
            .init(command: query.encoded(), response: [0x6C, 0x02]),
            .init(command: query.encoded() + [0x02], response: [0x63, 0xC3]),
        ])
        let response = try await CardChannel(transport: mock).send(query)
        #expect(response.statusWord == StatusWord(0x63C3))
        #expect(mock.unusedExchanges.isEmpty)
    }
}

@Suite("Hostile card findings: READ BINARY")
struct HostileCardReadFindingTests {
    /// CardChannelFuzz: readBinary(offset: 16, length: 600) returned 625 bytes when the card
    /// answered a chunk with more bytes than its Le. A read now returns at most what was asked.
    @Test("a card answering more than Le: readBinary returns exactly the length asked for")
    func oversizedAnswers() async throws {
        let mock = MockTransport(script: [
            .init(
                command: [0x00, 0xB0, 0x00, 0x10, 0x00], response: [UInt8](repeating: 0x41, count: 281) + [0x90, 0x00]),
            .init(
                command: [0x00, 0xB0, 0x01, 0x10, 0x00], response: [UInt8](repeating: 0x42, count: 256) + [0x90, 0x00]),
            .init(
                command: [0x00, 0xB0, 0x02, 0x10, 0x58], response: [UInt8](repeating: 0x43, count: 200) + [0x90, 0x00]),
        ])
        let channel = CardChannel(transport: mock, extendedLength: .unsupported)
        let bytes = try await channel.readBinary(offset: 16, length: 600)
        #expect(bytes.count == 600)
        #expect(
            bytes == [UInt8](repeating: 0x41, count: 256) + [UInt8](repeating: 0x42, count: 256)
                + [UInt8](repeating: 0x43, count: 88))
        // Extended: one answer of 700 bytes to a read of 600.
        let extended = MockTransport(script: [
            .init(
                command: [0x00, 0xB0, 0x00, 0x00, 0x00, 0x02, 0x58],
                response: [UInt8](repeating: 0x44, count: 700) + [0x90, 0x00])
        ])
        #expect(try await CardChannel(transport: extended).readBinary(offset: 0, length: 600).count == 600)
    }
}
