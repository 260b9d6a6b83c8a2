import Foundation
import JPKIAPDU
import JPKISimulator
import Testing

/// The PC/SC backend against real pcscd with vsmartcard's vpcd driver and a card served by
/// ``VPCDBridge``.
@Suite(
    "PC/SC through pcscd and vpcd", .serialized,
    .enabled(if: PCSCEnvironment.available, "pcscd with the vpcd reader is not running (see .ci/run)"))
struct PCSCIntegrationTests {
    let reader = PCSCEnvironment.readerName

    /// Inserts `card`, runs `body`, removes the card.
    func withInsertedCard<Result: Sendable>(
        _ card: TestCard, _ body: @Sendable (VPCDBridge) async throws -> Result
    ) async throws -> Result {
        try await PCSCEnvironment.reader.withCard(card, body)
    }

    /// Stops `bridge` and waits until pcscd sees the reader empty, so that the next test starts
    /// from an empty reader.
    func remove(_ bridge: VPCDBridge) async throws {
        bridge.stop()
        try await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(10))
    }

    @Test("lists both vpcd readers")
    func listsReaders() async throws {
        let names = try await PCSC.readers().map(\.name)
        #expect(names.contains("Virtual PCD 00 00"))
        #expect(names.contains("Virtual PCD 00 01"))
    }

    @Test("a card inserted while waiting is seen within a second, with its ATR")
    func seesInsertion() async throws {
        try await PCSCEnvironment.withReader {
            let card = TestCard()
            let bridge = VPCDBridge(card: card, port: PCSCEnvironment.port)
            // The reader is empty to begin with.
            #expect(try await PCSC.readers().first { $0.name == reader }?.cardPresent == false)
            let waiter = Task { () async throws -> (PCSC.Reader, ContinuousClock.Instant) in
                let found = try await PCSC.waitForCard(in: reader, timeout: .seconds(10))
                return (found, ContinuousClock.now)
            }
            try await Task.sleep(for: .milliseconds(300))
            let inserted = ContinuousClock.now
            try bridge.start()
            let (found, seenAt) = try await waiter.value
            try await remove(bridge)
            #expect(found.name == reader)
            #expect(found.atr == card.atr)
            #expect(inserted.duration(to: seenAt) < .seconds(1))
        }
    }

    @Test("waiting for a card in an empty reader times out with the typed error")
    func waitTimesOut() async throws {
        await PCSCEnvironment.withReader {
            await #expect(throws: CardError.timeout) {
                _ = try await PCSC.waitForCard(in: reader, timeout: .milliseconds(300))
            }
        }
    }

    @Test("a 2 KB response is read with one extended READ BINARY")
    func extendedRead() async throws {
        let card = TestCard()
        try await withInsertedCard(card) { _ in
            let transport = PCSCTransport(reader: reader)
            #expect(try await transport.connect() == card.atr)
            let channel = CardChannel(transport: transport)
            _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0001))
            let before = await channel.commandCount
            let data = try await channel.readBinary(offset: 0, length: 2048)
            #expect(data == TestCard.derObject(total: 2048))
            #expect(await channel.commandCount - before == 1)
            #expect(await channel.extendedLength == .supported)
            #expect(card.receivedCommands.last == [0x00, 0xB0, 0x00, 0x00, 0x00, 0x08, 0x00])
            try await transport.disconnect()
        }
    }

    @Test("a card removed in the middle of a read gives cardRemoved, and a later insert works")
    func removalMidOperation() async throws {
        let card = TestCard(supportsExtendedLength: false)
        try await withInsertedCard(card) { bridge in
            let transport = PCSCTransport(reader: reader)
            _ = try await transport.connect()
            let channel = CardChannel(transport: transport, extendedLength: .unsupported)
            _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0001))
            // The whole-file read takes 1 + 8 chunk commands; the card leaves after 3 of them.
            bridge.removeCard(afterCommands: 3)
            do {
                _ = try await channel.readWholeFile()
                Issue.record("the read finished although the card was removed")
            } catch let error as APDUError {
                #expect(error == .transport(.cardRemoved))
            }
            // Insert again: a new connection works.
            try await remove(bridge)
            try bridge.start()
            _ = try await PCSC.waitForCard(in: reader, timeout: .seconds(10))
            try? await transport.disconnect()
            let again = PCSCTransport(reader: reader)
            _ = try await again.connect()
            let channel2 = CardChannel(transport: again, extendedLength: .unsupported)
            _ = try await channel2.sendExpectingSuccess(.selectApplication(TestCard.aid))
            _ = try await channel2.sendExpectingSuccess(.selectFile(0x0002))
            #expect(try await channel2.readWholeFile() == TestCard.derObject(total: 1742))
            try await again.disconnect()
        }
    }

    @Test("reset, then the next command works: the card forgot its state")
    func resetAndReconnect() async throws {
        let card = TestCard()
        try await withInsertedCard(card) { _ in
            let transport = PCSCTransport(reader: reader)
            _ = try await transport.connect()
            let channel = CardChannel(transport: transport)
            _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
            _ = try await channel.sendExpectingSuccess(.verify(pin: Array("1234".utf8)))
            #expect(card.isVerified)
            let cycles = card.powerCycles
            #expect(try await channel.reset() == card.atr)
            #expect(card.powerCycles > cycles)
            #expect(!card.isVerified)
            // Nothing is selected after the reset; selecting again works.
            let response = try await channel.send(.selectFile(0x0018))
            #expect(response.statusWord.meaning == .fileNotFound)
            _ = try await channel.sendExpectingSuccess(.selectApplication(TestCard.aid))
            _ = try await channel.sendExpectingSuccess(.selectFile(0x0018))
            #expect(try await channel.send(.verify()).statusWord == StatusWord(0x63C3))
            try await transport.disconnect()
        }
    }

    @Test("transmitting before connect gives notConnected; an unknown reader gives unknownReader")
    func errorsWithoutConnection() async throws {
        let transport = PCSCTransport(reader: reader)
        await #expect(throws: CardError.notConnected) { _ = try await transport.transmit([0x00, 0xA4, 0x00, 0x00]) }
        let nowhere = PCSCTransport(reader: "No Such Reader 99")
        await #expect(throws: CardError.unknownReader("No Such Reader 99")) { _ = try await nowhere.connect() }
    }
}
