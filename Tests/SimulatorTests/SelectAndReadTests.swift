import Foundation
import JPKIAPDU
import JPKISimulator
import Testing

/// SELECT and READ BINARY as the command table describes them, and the status words of what
/// the card does not do.
@Suite("SELECT and READ BINARY")
struct SelectAndReadTests {
    @Test("SELECT by DF name 00 A4 04 0C of the three applications")
    func selectApplications() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.send("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01").statusWord == .success)
        #expect(try await session.send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08").statusWord == .success)
        #expect(try await session.send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02").statusWord == .success)
    }

    @Test("SELECT of an unknown AID (the unconfirmed 住基AP included) is 6A 82 and keeps the selection")
    func selectUnknownApplication() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01").statusWord == sw(0x6A82))
        #expect(try await session.send("00 A4 04 0C 07 A0 00 00 00 03 10 10").statusWord == sw(0x6A82))
        #expect(try await session.selectFile(0x000A) == .success)
    }

    @Test("SELECT of an EF by file id 00 A4 02 0C 02 FID; unknown EF 6A 82; no application selected 6A 82")
    func selectFiles() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.send("00 A4 02 0C 02 00 0A").statusWord == sw(0x6A82))
        try await session.select(.jpki)
        #expect(try await session.send("00 A4 02 0C 02 00 0A").statusWord == .success)
        #expect(try await session.send("00 A4 02 0C 02 00 99").statusWord == sw(0x6A82))
    }

    @Test(
        "SELECT with other P1/P2 is refused with 6A 86 (selection by path P1=09 included)",
        arguments: [
            "00 A4 09 0C 04 3F 00 00 0A",  // by path
            "00 A4 08 0C 02 00 0A",  // path from MF
            "00 A4 00 0C 02 3F 00",  // MF / by id
            "00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01",  // FCI requested
            "00 A4 02 04 02 00 0A",  // FCP requested
        ])
    func selectRefused(command: String) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6A86))
    }

    @Test(
        "SELECT with a wrong Lc is 67 00", arguments: ["00 A4 02 0C 03 00 0A 00", "00 A4 02 0C 01 0A", "00 A4 04 0C"])
    func selectWrongLength(command: String) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.send(command).statusWord == sw(0x6700))
    }

    @Test("READ BINARY at offsets: short Le 1…255 and Le 00 (256)")
    func readAtOffsets() async throws {
        let session = try await CardSession.sample()
        let certificate = session.card.authenticationCertificate.derEncoded
        try await session.select(.jpki)
        try await session.selectFile(0x000A)
        for (offset, length) in [(0, 4), (4, 255), (259, 256), (1000, 17), (certificate.count - 3, 3)] {
            let response = try await session.readBinary(offset: offset, length: length)
            #expect(response.statusWord == .success)
            #expect(response.data == Array(certificate[offset..<(offset + length)]))
        }
        #expect(try await session.raw("00 B0 00 00 00").data.count == 256)
    }

    @Test("READ BINARY with an extended Le reads a whole certificate in one command (00 B0 00 04 00 HH LL)")
    func readExtended() async throws {
        let session = try await CardSession.sample()
        let certificate = session.card.authenticationCertificate.derEncoded
        try await session.select(.jpki)
        try await session.selectFile(0x000A)
        let rest = certificate.count - 4
        let response = try await session.raw(
            "00 B0 00 04 00 \(String(format: "%02X %02X", rest >> 8, rest & 0xFF))")
        #expect(response.statusWord == .success)
        #expect(response.data == Array(certificate[4...]))
        let all = try await session.raw("00 B0 00 00 00 00 00")
        #expect(all.statusWord == .success)
        #expect(all.data == certificate)
        // The channel does the same: one extended READ BINARY after the 4-byte header.
        session.card.resetAccounting()
        #expect(try await session.readFile(0x000A) == certificate)
        #expect(session.card.accounting.count(.readBinary) == 2)
    }

    @Test("READ BINARY past the end: what there is, with 62 82 for a specific Le, 90 00 for Le 00; 6B 00 beyond")
    func readPastTheEnd() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        try await session.selectFile(0x0006)
        // EF 0006 is 160 bytes and ends with 16 spaces (CK_TOKEN_INFO.utcTime).
        let tail = try await session.raw("00 B0 00 9E 10")
        #expect(tail.statusWord == sw(0x6282))
        #expect(tail.data == [0x20, 0x20])
        let maximum = try await session.raw("00 B0 00 9E 00")
        #expect(maximum.statusWord == .success)
        #expect(maximum.data.count == 2)
        #expect(try await session.raw("00 B0 00 A0 01").statusWord == sw(0x6B00))
        #expect(try await session.raw("00 B0 7F FF 01").statusWord == sw(0x6B00))
    }

    @Test(
        "READ BINARY errors: no current EF 69 86, SFI in P1 6A 86, no Le or with data 67 00",
        arguments: [
            ("00 B0 00 00 04", false, UInt16(0x6986)), ("00 B0 86 00 04", true, 0x6A86), ("00 B0 00 00", true, 0x6700),
            ("00 B0 00 00 01 00 04", true, 0x6700),
        ])
    func readErrors(command: String, selectEF: Bool, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        if selectEF { try await session.selectFile(0x000A) }
        #expect(try await session.raw(command).statusWord == sw(expected))
    }

    @Test(
        "other instructions 6D 00, other classes 6E 00, malformed APDUs 67 00",
        arguments: [
            ("00 CA 01 01 00", UInt16(0x6D00)),  // GET DATA
            ("80 84 00 00 08", 0x6E00),  // GET CHALLENGE with CLA 80
            ("00 22 41 B6 03 84 01 01", 0x6D00),  // MSE: the card has none
            ("00 C0 00 00 10", 0x6D00),  // GET RESPONSE: nothing pending
            ("00 2A 9E 9A 03 01 02 03 00", 0x6E00),  // ISO PSO with CLA 00
            ("80 B0 00 00 04", 0x6E00), ("90 A4 04 0C 02 00 01", 0x6E00), ("FF CA 00 00 00", 0x6E00),
            ("0C B0 00 00 04", 0x6E00),  // secure messaging
            ("00 A4 04", 0x6700), ("00 A4 04 0C 05 D3 92", 0x6700),
        ])
    func otherStatusWords(command: String, expected: UInt16) async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        #expect(try await session.raw(command).statusWord == sw(expected))
    }

    @Test("power off / reset clears the selection and the security state; counters stay")
    func resetClearsSession() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C2))
        try await session.selectFile(0x0001)
        _ = try await session.channel.reset()
        #expect(try await session.raw("00 B0 00 00 04").statusWord == sw(0x6986))
        #expect(try await session.selectFile(0x0001) == sw(0x6A82))
        try await session.select(.jpki)
        try await session.selectFile(0x0001)
        #expect(try await session.raw("00 B0 00 00 04").statusWord == sw(0x6982))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C2))
        session.card.powerOff()
        session.card.powerOn()
        #expect(try await session.raw("00 B0 00 00 04").statusWord == sw(0x6986))
    }

    @Test("selecting another application clears the security state; re-selecting the same keeps it")
    func selectionClearsSecurityState() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiSignature, "ABC123") == .success)
        try await session.select(.jpki)
        try await session.selectFile(0x0001)
        #expect(try await session.raw("00 B0 00 00 04").statusWord == .success)
        try await session.select(.cardInfo)
        try await session.select(.jpki)
        try await session.selectFile(0x0001)
        #expect(try await session.raw("00 B0 00 00 04").statusWord == sw(0x6982))
    }

    @Test("the ATR is the one OpenSC's jpki driver matches, or the newer cards' on request")
    func answerToReset() async throws {
        let card = try SimulatorFixtures.sampleCard()
        #expect(card.atr == [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14])
        let transport = SimulatedCardTransport(card: card)
        #expect(try await transport.connect() == card.atr)
        let pki = try SimulatorFixtures.pki()
        let newer = try VirtualMyNumberCard(
            persona: .sample, credentials: card.credentials, pki: pki, atr: VirtualMyNumberCard.newerATR)
        #expect(newer.atr.count == 19)
    }
}
