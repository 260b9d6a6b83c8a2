// libFuzzer target: the simulator (VirtualMyNumberCard.process) fed command APDUs from the input.
// One card (made once: key generation is slow) is brought back to its initial state before each
// input: powered on, counters full, the sample persona's PINs, no faults.
//
// Input: [behavior][faults], then commands, each [length][bytes] (at most 64 per input). The
// behavior byte picks the card's answers where public sources are open (63 C0 or 69 84 for the
// blocking attempt and the blocked query) and may lower counters (bits 4–7: which PINs start at
// one try, or blocked); the faults byte may refuse extended length and add one status-word
// override (instruction and status from the next bytes).
//
// Oracles (trap with a message):
//  - every command is answered with at least a status word; data only with 90 00 or 62 82;
//  - READ BINARY never answers more than Le bytes;
//  - retry counters stay within 0…maximum and change only on a VERIFY with data, by one try down
//    for the selected PIN, or back to the maximum when the data is the PIN;
//  - a PIN becomes verified only by a VERIFY with its exact value answered 90 00;
//  - CHANGE REFERENCE DATA succeeds only for a PIN verified before it; COMPUTE DIGITAL SIGNATURE
//    in the JPKI AP succeeds only with a JPKI PIN verified (the 券面 applications sign genuineness
//    challenges without one), and answers 256 bytes.

import Foundation
import FuzzSupport
import JPKIAPDU
import JPKISimulator

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    SimulatorFuzz.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum SimulatorFuzz {
    static let pki: TestPKI = {
        do {
            return try TestPKI()
        } catch {
            fuzzFailure("no TestPKI: \(error)")
        }
    }()
    /// The card; made again (with new keys: slow) only when its PINs cannot be put back.
    nonisolated(unsafe) static var card: VirtualMyNumberCard = makeCard()

    static func makeCard() -> VirtualMyNumberCard {
        do {
            return try VirtualMyNumberCard(persona: .sample, pki: pki, at: 1_748_736_000)
        } catch {
            fuzzFailure("no card: \(error)")
        }
    }

    /// Puts back the sample persona's PINs that an input changed, through the card's own
    /// commands (a new card would cost key generation): SELECT, VERIFY with the current value,
    /// CHANGE REFERENCE DATA to the sample's.
    static func restorePINs() {
        card.faults = FaultInjection()
        for pin in [CardPIN.jpkiAuthentication, .jpkiSignature, .cardInfo] {
            let current = pin.value(for: card.persona)
            let original = pin.value(for: .sample)
            guard current != original else { continue }
            card.powerOn()
            card.setRetriesLeft(pin.maximumTries, for: pin)
            let fileID = [UInt8(pin.fileID >> 8), UInt8(pin.fileID & 0xFF)]
            let aid = pin.application.aid
            _ = card.process([0x00, 0xA4, 0x04, 0x0C, UInt8(aid.count)] + aid)
            _ = card.process([0x00, 0xA4, 0x02, 0x0C, 0x02] + fileID)
            _ = card.process([0x00, 0x20, 0x00, 0x80, UInt8(current.utf8.count)] + Array(current.utf8))
            _ = card.process([0x00, 0x24, 0x01, 0x80, UInt8(original.utf8.count)] + Array(original.utf8))
        }
        if card.persona != .sample { card = makeCard() }
    }

    static func run(_ input: [UInt8]) {
        restorePINs()
        let card = self.card
        var reader = FuzzReader(input)
        let behaviorByte = reader.byte()
        let faultsByte = reader.byte()
        card.powerOn()
        for (index, pin) in CardPIN.allCases.enumerated() {
            var tries = pin.maximumTries
            if behaviorByte >> 4 != 0, index % 4 == Int(behaviorByte >> 4) % 4 {
                tries = behaviorByte & 0x80 != 0 ? 0 : 1
            }
            card.setRetriesLeft(tries, for: pin)
        }
        card.behavior = CardBehavior(
            blockingAttemptStatus: StatusWord(behaviorByte & 1 == 0 ? 0x63C0 : 0x6984),
            blockedQueryStatus: StatusWord(behaviorByte & 2 == 0 ? 0x63C0 : 0x6984))
        var faults = FaultInjection()
        faults.refuseExtendedLength = faultsByte & 1 == 1
        if faultsByte & 2 == 2 {
            faults.statusWordOverrides = [
                .init(
                    instruction: reader.byte(), statusWord: StatusWord(UInt16(reader.uint16())),
                    skip: Int(faultsByte >> 4), times: Int(faultsByte >> 2 & 3))
            ]
        }
        card.faults = faults

        for _ in 0..<64 {
            guard !reader.isAtEnd else { break }
            let command = reader.take(Int(reader.byte()))
            let persona = card.persona
            let before = card.retryCounters
            let verifiedBefore = Set(CardPIN.allCases.filter { card.isVerified($0) })
            let application = card.selectedApplication
            let response = card.process(command)
            check(
                command, response, persona: persona, before: before, verifiedBefore: verifiedBefore,
                application: application, input)
        }
    }

    static func check(
        _ bytes: [UInt8], _ response: [UInt8], persona: Persona, before: [CardPIN: Int], verifiedBefore: Set<CardPIN>,
        application: CardApplicationKind?, _ input: [UInt8]
    ) {
        func failCommand(_ message: String) -> Never {
            fail(
                "\(message) (command \(hexString(bytes.prefix(40))), response \(hexString(response.suffix(40))))", input
            )
        }
        guard response.count >= 2 else { failCommand("an answer without a status word") }
        let status = UInt16(response[response.count - 2]) << 8 | UInt16(response[response.count - 1])
        let dataCount = response.count - 2
        if dataCount > 0, status != 0x9000, status != 0x6282 {
            failCommand("data with status \(hexString(response.suffix(2)))")
        }
        let command = try? CommandAPDU(encoded: bytes)
        if command == nil, dataCount > 0 { failCommand("data for a malformed command") }

        let after = card.retryCounters
        let verifiedAfter = Set(CardPIN.allCases.filter { card.isVerified($0) })
        let isVerifyWithData = command.map { $0.cla == 0x00 && $0.ins == 0x20 && !$0.data.isEmpty } ?? false
        for pin in CardPIN.allCases {
            let old = before[pin] ?? -1
            let new = after[pin] ?? -1
            guard (0...pin.maximumTries).contains(new) else { failCommand("\(pin) has \(new) tries") }
            if new == old { continue }
            guard isVerifyWithData, let command else {
                failCommand("\(pin)'s counter changed \(old) → \(new) without a VERIFY")
            }
            let right = command.data == Array(pin.value(for: persona).utf8)
            if right ? new != pin.maximumTries : new != old - 1 {
                failCommand(
                    "\(pin)'s counter went \(old) → \(new) on a VERIFY with the \(right ? "right" : "wrong") PIN")
            }
        }
        for pin in verifiedAfter.subtracting(verifiedBefore) {
            guard isVerifyWithData, let command, command.data == Array(pin.value(for: persona).utf8), status == 0x9000
            else {
                failCommand("\(pin) became verified without a VERIFY of its value answered 90 00")
            }
        }
        guard let command else { return }
        switch (command.cla, command.ins) {
        case (0x00, 0xB0):
            if let le = command.expectedLength, dataCount > le {
                failCommand("READ BINARY answered \(dataCount) > Le \(le) bytes")
            }
        case (0x00, 0x24) where status == 0x9000:
            let changed = CardPIN.allCases.filter { $0.value(for: card.persona) != $0.value(for: persona) }
            for pin in changed where !verifiedBefore.contains(pin) {
                failCommand("\(pin) changed without being verified")
            }
        case (0x80, 0x2A) where status == 0x9000:
            // The 券面 applications sign a genuineness challenge with their own key, no PIN; the
            // JPKI AP's keys sign only after their PIN.
            guard
                application == .cardSurface || application == .cardInfo
                    || verifiedBefore.contains(.jpkiAuthentication) || verifiedBefore.contains(.jpkiSignature)
            else {
                failCommand("a JPKI AP signature without a verified PIN")
            }
            if dataCount != 256 { failCommand("a signature of \(dataCount) bytes") }
        default: break
        }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        fuzzFailure(message, input: input, target: "SimulatorFuzz")
    }
}
