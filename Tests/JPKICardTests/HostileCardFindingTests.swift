import JPKIAPDU
import JPKICard
import Testing

/// What HostileCardFuzz (Fuzz/SDKFuzz) found through MyNumberCard, kept as regression tests.
@Suite("Hostile card findings: MyNumberCard")
struct HostileCardFindingTests {
    /// A card answering the VERIFY with the PIN `6C 04` got the PIN twice in one authenticate
    /// call (the channel re-issued the command with Le = 4). Now the PIN is sent once and the
    /// call fails with the card's status word.
    @Test("VERIFY answered 6C xx: the PIN is sent once, the call fails with the status")
    func verifyAnswered6C() async throws {
        let select = try CommandAPDU.selectApplication(CardApplication.jpki.aid)
        let query = try CommandAPDU.verify()
        let verify = try CommandAPDU.verify(pin: Array("1234".utf8))
        let mock = MockTransport(script: [
            .init(command: select.encoded(), response: [0x90, 0x00]),
            .init(command: CommandAPDU.selectFile(0x0018).encoded(), response: [0x90, 0x00]),
            .init(command: query.encoded(), response: [0x63, 0xC3]),
            .init(command: verify.encoded(), response: [0x6C, 0x04]),
        ])
        let card = MyNumberCard(transport: mock)
        await #expect(
            throws: JPKICardError.status(StatusWord(0x6C04), operation: "VERIFY", at: PINKind.authentication.location)
        ) {
            _ = try await card.authenticate(challenge: [1, 2, 3], pin: try UserAuthenticationPIN("1234"))
        }
        #expect(mock.receivedCommands.filter { $0.count > 4 && $0[1] == 0x20 }.count == 1)
        #expect(mock.unusedExchanges.isEmpty)
    }
}
