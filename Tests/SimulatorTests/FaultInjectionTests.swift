import Foundation
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import Testing

/// Fault injection and APDU accounting.
@Suite("Fault injection and APDU accounting")
struct FaultInjectionTests {
    @Test("refusing extended length: 67 00, and the channel falls back to 256-byte chunks")
    func refuseExtendedLength() async throws {
        let session = try await CardSession.sample()
        session.card.faults.refuseExtendedLength = true
        try await session.select(.jpki)
        try await session.selectFile(0x000A)
        #expect(try await session.raw("00 B0 00 00 00 06 00").statusWord == sw(0x6700))
        let certificate = session.card.authenticationCertificate.derEncoded
        session.card.resetAccounting()
        #expect(try await session.channel.readWholeFile() == certificate)
        #expect(await session.channel.extendedLength == .unsupported)
        // 4-byte header, the refused extended read, then ceil((size - 4) / 256) chunks.
        let chunks = (certificate.count - 4 + 255) / 256
        #expect(session.card.accounting.count(.readBinary) == 2 + chunks)
    }

    @Test("a chosen command answered with a chosen status word, after skipping some, a number of times")
    func statusWordOverride() async throws {
        let session = try await CardSession.sample()
        session.card.faults.statusWordOverrides = [
            .init(instruction: 0xA4, data: [0x00, 0x0A], statusWord: sw(0x6F00), skip: 1, times: 2)
        ]
        try await session.select(.jpki)
        #expect(try await session.selectFile(0x000A) == .success)
        #expect(try await session.selectFile(0x000A) == sw(0x6F00))
        #expect(try await session.selectFile(0x000B) == .success)
        #expect(try await session.selectFile(0x000A) == sw(0x6F00))
        #expect(try await session.selectFile(0x000A) == .success)
    }

    @Test("an override does not execute the command: a VERIFY answered 63 C0 consumes no try")
    func overrideDoesNotExecute() async throws {
        let session = try await CardSession.sample()
        session.card.faults.statusWordOverrides = [.init(instruction: 0x20, p2: 0x80, statusWord: sw(0x63C0))]
        #expect(try await session.verify(.jpkiAuthentication, "0000") == sw(0x63C0))
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 3)
        session.card.faults = FaultInjection()
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C3))
    }

    @Test("delayed responses")
    func delay() async throws {
        let session = try await CardSession.sample()
        session.card.faults.responseDelay = 0.05
        let start = Date()
        for _ in 0..<4 { try await session.select(.jpki) }
        #expect(Date().timeIntervalSince(start) >= 0.2)
    }

    @Test("removing the card after N APDUs in the in-process transport: the next command fails, state is lost")
    func removal() async throws {
        let session = try await CardSession.sample()
        #expect(try await session.verify(.jpkiAuthentication, "1234") == .success)
        session.transport.removeCard(afterCommands: 2)
        try await session.selectFile(0x000A)
        _ = try await session.raw("00 B0 00 00 04")
        await #expect(throws: CardError.cardRemoved) {
            try await session.transport.transmit([0x00, 0xB0, 0x00, 0x00, 0x04])
        }
        await #expect(throws: CardError.cardRemoved) {
            try await session.transport.transmit([0x00, 0xB0, 0x00, 0x00, 0x04])
        }
        await #expect(throws: APDUError.self) { try await session.channel.readWholeFile() }
        #expect(session.transport.isRemoved)
        session.transport.reinsertCard()
        _ = try await session.transport.connect()
        #expect(!session.card.isVerified(.jpkiAuthentication))
        #expect(try await session.query(.jpkiAuthentication) == sw(0x63C3))
    }

    @Test("accounting: commands per instruction, and per operation with counting(_:)")
    func accounting() async throws {
        let session = try await CardSession.sample()
        session.card.resetAccounting()
        let (certificate, used) = try await session.card.counting("read authentication certificate") {
            try await session.select(.jpki)
            return try await session.readFile(0x000A)
        }
        #expect(certificate == session.card.authenticationCertificate.derEncoded)
        #expect(used.total == 4)
        #expect(used.count(.select) == 2)
        #expect(used.count(.readBinary) == 2)
        #expect(used.byOperation == ["read authentication certificate": 4])
        let (_, signing) = try await session.card.counting("sign") {
            try await session.verify(.jpkiAuthentication, "1234")
            try await session.selectFile(0x0017)
            try await session.send(SignatureTests.signCommand(SignatureTests.digestInfo(.sha256, of: [1])))
        }
        #expect(signing.total == 5)
        #expect(signing.count(.verify) == 1)
        #expect(signing.count(.computeDigitalSignature) == 1)
        try await session.send("00 CA 01 01 00")
        let all = session.card.accounting
        #expect(all.total == 10)
        #expect(all.count(.other(0xCA)) == 1)
        #expect(all.byOperation == ["read authentication certificate": 4, "sign": 5])
        #expect(all.description.hasPrefix("10 APDUs: SELECT 5"))
        session.card.resetAccounting()
        #expect(session.card.accounting.total == 0)
    }

    @Test("the channel needs three APDUs to read a certificate after SELECT with extended length")
    func channelReadCost() async throws {
        let session = try await CardSession.sample()
        try await session.select(.jpki)
        let (_, used) = try await session.card.counting("read") { try await session.readFile(0x000B) }
        #expect(used.count(.select) == 1)
        #expect(used.count(.readBinary) == 2)
    }
}
