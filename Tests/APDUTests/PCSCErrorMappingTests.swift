import CPCSC
import Testing

@testable import JPKIAPDU

/// The PC/SC return codes of pcsclite.h and the typed errors they become.
@Suite("PC/SC error mapping")
struct PCSCErrorMappingTests {
    @Test(
        "the codes a relying application must tell apart become distinct typed errors",
        arguments: [
            (UInt32(0x8010_0069), CardError.cardRemoved), (0x8010_0068, .cardReset), (0x8010_001D, .noService),
            (0x8010_001E, .noService), (0x8010_002E, .noReaders), (0x8010_000C, .noCard),
            (0x8010_000A, .timeout), (0x8010_000B, .sharingViolation), (0x8010_0002, .cancelled),
            (0x8010_0067, .cardUnpowered), (0x8010_0066, .unresponsiveCard), (0x8010_000F, .protocolMismatch),
            (0x8010_0008, .insufficientBuffer), (0x8010_0013, .communicationError), (0x8010_0003, .notConnected),
            (0x8010_0017, .readerUnavailable), (0x8010_0004, .rejectedByReader("SCARD_E_INVALID_PARAMETER")),
        ])
    func mapped(code: UInt32, expected: CardError) {
        #expect(PCSCReturnCode.error(LONG(bitPatternOf: code)) == expected)
    }

    @Test("success is no error; an unknown reader carries its name; an unknown code keeps its value")
    func specialCases() {
        #expect(PCSCReturnCode.error(0) == nil)
        #expect(PCSCReturnCode.error(LONG(bitPatternOf: 0x8010_0009), reader: "Reader 7") == .unknownReader("Reader 7"))
        #expect(PCSCReturnCode.error(LONG(bitPatternOf: 0x8010_00FF)) == .pcsc(name: "unknown", code: 0x8010_00FF))
        #expect(PCSCReturnCode.name(LONG(bitPatternOf: 0x8010_0069)) == "SCARD_W_REMOVED_CARD")
    }

    @Test("every SCARD_E_, SCARD_W_, SCARD_F_ and SCARD_P_ code of pcsclite.h is in the table")
    func complete() {
        // 0x80100001…0x80100031 except the unused 0x80100022, and 0x80100065…0x8010006F.
        let codes = (0x8010_0001...0x8010_0031).filter { $0 != 0x8010_0022 } + Array(0x8010_0065...0x8010_006F)
        for code in codes {
            #expect(PCSCReturnCode.table[UInt32(code)] != nil, "0x\(String(code, radix: 16)) is not mapped")
        }
        #expect(PCSCReturnCode.table.count == codes.count)
    }
}

extension LONG {
    /// A PC/SC return value from its 32-bit code, as pcsclite returns it on this platform.
    fileprivate init(bitPatternOf code: UInt32) {
        self = LONG(truncatingIfNeeded: Int64(code))
    }
}
