import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKISimulator
import JPKITestSupport
import Testing

/// The card client (JPKICard) and the simulated card (JPKISimulator) each write the card's
/// constants themselves, on purpose: the simulator is the oracle the client is tested against,
/// so it shares no constant with it (a wrong AID written once would pass every test). This test
/// keeps the two lists side by side and compares both with the facts of
/// `../shared/JPKI-CARD.md`.
@Suite(
    "Card constants: client, simulator and JPKI-CARD.md agree",
    .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct CardConstantsTests {
    static let documentURL = SharedFixtures.root.appendingPathComponent("../JPKI-CARD.md").standardizedFileURL

    static func document() throws -> String {
        try String(contentsOf: documentURL, encoding: .utf8)
    }

    /// The leading hex bytes of the first back-quoted group on the table row that starts with
    /// `label` (`00 20 00 80` of "`00 20 00 80 Lc <PIN in ASCII>`").
    static func tableBytes(_ text: String, row label: String) throws -> [UInt8] {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("| \(label)") }, "no row \(label)")
        let quoted = try #require(line.split(separator: "`").dropFirst().first, "no `…` on the row \(label)")
        let octets = quoted.split(separator: " ").prefix { $0.count == 2 && Hex.decode($0) != nil }
        return try #require(Hex.decode(octets.joined()), "not hex: \(quoted)")
    }

    @Test("the three AIDs")
    func applicationIdentifiers() throws {
        let text = try Self.document()
        let documented: [CardApplication: [UInt8]] = [
            .jpki: try Self.tableBytes(text, row: "JPKI AP (公的個人認証AP)"),
            .cardInfo: try Self.tableBytes(text, row: "券面事項入力補助AP"),
            .cardSurface: try Self.tableBytes(text, row: "券面事項確認AP"),
        ]
        let simulator: [CardApplication: CardApplicationKind] = [
            .jpki: .jpki, .cardInfo: .cardInfo, .cardSurface: .cardSurface,
        ]
        #expect(CardApplication.allCases.count == CardApplicationKind.allCases.count)
        for application in CardApplication.allCases {
            let simulated = try #require(simulator[application])
            #expect(application.aid == documented[application], "client \(application)")
            #expect(simulated.aid == documented[application], "simulator \(simulated)")
        }
    }

    @Test("the PINs: application and EF")
    func pinReferences() throws {
        let text = try Self.document()
        // JPKI AP: the files table names the PIN EFs.
        #expect(text.contains("| 0018 | auth PIN"))
        #expect(text.contains("| 001B | signature PIN"))
        // The 券面 APs list their PIN EFs in a sentence each.
        let cardInfo = try #require(
            text.range(of: "券面事項入力補助AP files:").map { String(text[$0.upperBound...].prefix(400)) })
        let cardSurface = try #require(
            text.range(of: "券面事項確認AP files:").map { String(text[$0.upperBound...].prefix(400)) })
        let documented: [(PINKind, CardApplication, UInt16, Bool)] = [
            (.authentication, .jpki, 0x0018, true),
            (.signature, .jpki, 0x001B, true),
            (.cardInfo, .cardInfo, 0x0011, cardInfo.contains("`0011` 4-digit PIN")),
            (.cardInfoVerificationA, .cardInfo, 0x0014, cardInfo.contains("`0014` 照合番号A")),
            (.cardInfoVerificationB, .cardInfo, 0x0015, cardInfo.contains("`0015` 照合番号B")),
            (.cardSurfaceBirthDate, .cardSurface, 0x0011, cardSurface.contains("`0011` birth-date read PIN")),
            (.cardSurfaceVerificationB, .cardSurface, 0x0012, cardSurface.contains("`0012` 照合番号B")),
            (.cardSurfaceVerificationA, .cardSurface, 0x0013, cardSurface.contains("`0013` 照合番号A")),
        ]
        let simulator: [PINKind: CardPIN] = [
            .authentication: .jpkiAuthentication, .signature: .jpkiSignature, .cardInfo: .cardInfo,
            .cardInfoVerificationA: .cardInfoVerificationA, .cardInfoVerificationB: .cardInfoVerificationB,
            .cardSurfaceBirthDate: .cardSurfaceBirthDate, .cardSurfaceVerificationB: .cardSurfaceVerificationB,
            .cardSurfaceVerificationA: .cardSurfaceVerificationA,
        ]
        #expect(documented.count == PINKind.allCases.count)
        #expect(PINKind.allCases.count == CardPIN.allCases.count)
        for (kind, application, fileID, inDocument) in documented {
            #expect(inDocument, "JPKI-CARD.md names EF \(fileID) for \(kind)")
            let pin = try #require(simulator[kind])
            #expect(kind.application == application && kind.fileID == fileID, "client \(kind)")
            #expect(pin.application.aid == application.aid && pin.fileID == fileID, "simulator \(pin)")
        }
    }

    @Test("the command headers: what the client sends is what the document says, and the simulator answers them")
    func commandHeaders() async throws {
        let text = try Self.document()
        let verify = try Self.tableBytes(text, row: "VERIFY")
        let change = try Self.tableBytes(text, row: "CHANGE REFERENCE DATA")
        let sign = try Self.tableBytes(text, row: "COMPUTE DIGITAL SIGNATURE")
        let select = try #require(Hex.decode("00 A4 04 0C"))
        #expect(text.contains("`00 A4 04 0C 0A <AID>`"))
        // The document writes the header first, then Lc and the data.
        let verifyHeader = Array(verify.prefix(4))
        #expect(verifyHeader == [0x00, 0x20, 0x00, 0x80])
        #expect(Array(change.prefix(4)) == [0x00, 0x24, 0x01, 0x80])
        let signHeader = Array(sign.prefix(4))
        #expect(signHeader == [0x80, 0x2A, 0x00, 0x80])
        // P2 0x80 | SFI names the key EF and saves its SELECT (confirmed on real cards): the client
        // sends 80 2A 00 97 for the authentication key.
        #expect(text.contains("`0x80 | SFI` (e.g. `97`, `9A`)"))
        let signBySFI: [UInt8] = [0x80, 0x2A, 0x00, 0x97]

        // The client, on the simulator: a log-in is SELECT, VERIFY and COMPUTE DIGITAL SIGNATURE
        // with exactly these headers.
        let session = try await TestSession.sample()
        _ = try await session.myNumberCard.authenticate(
            challenge: [UInt8](repeating: 0x11, count: 32), pin: try UserAuthenticationPIN("1234"))
        let headers = Set(session.transport.commands.compactMap { Hex.decode($0).map { Array($0.prefix(4)) } })
        #expect(headers.contains(verifyHeader))
        #expect(headers.contains(signBySFI))
        #expect(headers.contains(select))
        for header in headers where header[1] == 0x20 || header[1] == 0x2A {
            #expect(
                header == verifyHeader || header == signHeader || header == signBySFI,
                "client sent \(Hex.encode(header, separator: " "))")
        }
    }
}
