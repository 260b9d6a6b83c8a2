// libFuzzer target: a hostile card. The card's answers come from the input (CardFuzzKit's
// AnswerCoding: status words, 61xx and 6Cxx chains, truncated, oversized and malformed
// responses, transport failures), in order, whatever the command; the input also chooses up to
// four operations among every public operation of MyNumberCard and of the JPKI, card-info and
// card-surface AP clients (CardOperation), each with a flags byte (last-try policy, variants).
//
// Input: [extended-length choice] then, per operation, [selector][flags][answers…]; the
// transport answers at most 1,024 commands per input and says `cardRemoved` after that or at the
// end of the input, so every loop of the SDK is bounded by the input.
//
// Oracles (trap with a message):
//  - no crash, no hang (libFuzzer's -timeout), every error a JPKICardError that is not an
//    `invalidArgument` (the harness passes only valid arguments) nor a `malformedPIN`;
//  - the last-try guard: a VERIFY with data is sent only right after the retry query
//    `00 20 00 80` (GET RESPONSE rounds aside), when that query's final answer was `63 Cx` with
//    x ≥ 2, or x = 1 with `lastTry: .allow`, or `90 00` (the PIN is verified in this session, so
//    its counter is full: the card resets it on success), or `63 00` (a reference without a try
//    limit); never two VERIFYs with data in one call;
//  - no VERIFY at all (not even the retry query) in a genuineness check, nor in かざし without the
//    authentication PIN: the key record comes from an earlier enrolment call of the same input;
//  - CHANGE REFERENCE DATA only right after a VERIFY with data answered `90 00`; COMPUTE DIGITAL
//    SIGNATURE in the high-level signing calls only after such a VERIFY in the same call;
//  - errors that report the card's answers agree with them: `lastTryRefused` only when the query
//    answered `63 C1` under `.refuse` and nothing secret was sent; `wrongPIN(n)` only after a
//    secret was sent and answered `63 Cn`; `pinBlocked` only after `63 C0`, `69 83` or `69 84`;
//    `accessDenied` only after `69 82`;
//  - results: a returned signature is not empty and names the DigestInfo asked for; a returned My
//    Number has a valid check digit; the card-info parts returned are the ones asked for;
//  - every command sent is a well-formed APDU, and the channel's command count equals the
//    transport's;
//  - PINs never leak: every input runs twice, with two PIN sets of the same lengths; the
//    operations' results and errors (descriptions), every swift-log line (trace level, captured
//    by a LogHandler) and every non-secret command must be identical between the two runs, and
//    no PIN of more than four characters appears (ASCII or hex) in them unless the input or the
//    card's answers joined hold the PIN's bytes or that form's text (a card may echo what it was
//    given). A four-digit PIN's hex is eight decimal digits, which the SHA-256 digests the SDK
//    prints hold now and then: those PINs are left to the differential check.

import CardFuzzKit
import FuzzSupport
import JPKIAPDU
import JPKICard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (first, second) = runBlocking {
        (
            await HostileCardFuzz.run(bytes, pins: HostileCardFuzz.pinsA),
            await HostileCardFuzz.run(bytes, pins: HostileCardFuzz.pinsB)
        )
    }
    HostileCardFuzz.compare(first, second, bytes)
    // The two runs' texts are equal now: one search finds either set's PINs.
    HostileCardFuzz.checkNoPIN(first, input: bytes)
    return 0
}

/// What one run produced that must not depend on the PINs.
struct RunRecord: Sendable {
    var calls: [String] = []
    var logs: [String] = []
    var commands: [[UInt8]] = []
    /// The data of every response, status words removed, joined in order: what the card said.
    var cardData: [UInt8] = []
}

enum HostileCardFuzz {
    static let commandLimit = 1024

    // Two PIN sets, each secret the same length in both.
    static let pinsA = makePINs(
        "4711", "QZ7WX9KP3M", "8264", "123456789018", "85040120335678", "5930", "JR4TV8NB2C", "1597",
        "580412")
    static let pinsB = makePINs(
        "6283", "LK5HY2DG7F", "3049", "987654321000", "92111520310246", "7402", "PX9MC3WQ6R", "2468",
        "630907")

    // The forms each PIN of both sets could leak in, worked out once (they cost a third of a run
    // when each run rebuilt them). Four-digit PINs are left out: their hex form is eight decimal
    // digits, which a SHA-256 the SDK prints (a certificate's fingerprint, the DigestInfo of a
    // challenge it signs) holds about once in ten million digests; their leaks are the
    // differential check's to find.
    static let leakForms = (pinsA.texts + pinsB.texts).filter { $0.utf8.count > 4 || $0.contains(where: \.isLetter) }
        .map(LeakForms.init)

    static func makePINs(_ texts: String...) -> PINSet {
        do {
            return try PINSet(
                authentication: texts[0], signature: texts[1], cardInfo: texts[2], numberA: texts[3],
                numberB: texts[4], newAuthentication: texts[5], newSignature: texts[6], newCardInfo: texts[7],
                birthDate: texts[8])
        } catch {
            fuzzFailure("the harness's PINs are invalid: \(error)")
        }
    }

    static func run(_ input: [UInt8], pins: PINSet) async -> RunRecord {
        var reader = FuzzReader(input)
        let header = reader.byte()
        let transport = ScriptedTransport(reader: reader, limit: commandLimit)
        let capture = LogCapture()
        let card = MyNumberCard(
            transport: transport, extendedLength: header & 1 == 0 ? .unknown : .unsupported,
            logger: CapturingLogHandler.logger("fuzz.card", capture: capture))
        var record = RunRecord()
        var memory = OperationMemory()
        for _ in 0..<4 {
            guard let selector = transport.nextByte(), let flags = transport.nextByte() else { break }
            let start = transport.count
            let facts = await CardOperations.perform(
                CardOperation(selector: selector), flags: OperationFlags(flags), on: card, pins: pins,
                memory: &memory)
            let calls = Array(transport.transcript[start...])
            check(facts, calls, pins: pins, input: input)
            switch facts.outcome {
            case .success(let text): record.calls.append("\(facts.label): \(text)")
            case .failure(let error): record.calls.append("\(facts.label) failed: \(error)")
            }
        }
        let sent = await card.channel.commandCount
        let transcript = transport.transcript
        if sent != transcript.count {
            fail("the channel counted \(sent) commands, the transport received \(transcript.count)", input)
        }
        record.logs = capture.lines
        record.commands = transcript.map(\.command)
        for response in transcript.compactMap(\.response) { record.cardData += response.dropLast(2) }
        return record
    }

    // MARK: Oracles on one call

    static func check(_ facts: CallFacts, _ calls: [TranscriptEntry], pins: PINSet, input: [UInt8]) {
        func failCall(_ message: String) -> Never {
            let lines = calls.suffix(12).map { entry in
                "  → \(CommandAPDU.redactedHex(entry.command)) ← \(entry.response.map(hexString) ?? "\(entry.answer)")"
            }
            fail("\(facts.label): \(message)\n\(lines.joined(separator: "\n"))", input)
        }
        for problem in facts.problems { failCall(problem) }

        let parsed = calls.map { try? CommandAPDU(encoded: $0.command) }
        var verifies = 0
        var verifiedOK = false
        let secretLengths = Set(pins.texts.map(\.utf8.count))
        for (index, entry) in calls.enumerated() {
            guard let command = parsed[index] else {
                failCall("a malformed command was sent: \(CommandAPDU.redactedHex(entry.command))")
            }
            if command.carriesSecret, !secretLengths.contains(command.data.count) {
                failCall("a secret command with \(command.data.count) bytes, no PIN of that length")
            }
            if facts.sendsNoVerify, command.ins == 0x20 {
                failCall("a VERIFY sent by a call that sends no PIN")
            }
            let isVerify = command.ins == 0x20 && !command.data.isEmpty
            if isVerify {
                verifies += 1
                if verifies > 1 { failCall("a second VERIFY with data in one call") }
                guard let query = queryAnswer(before: index, calls, parsed) else {
                    failCall("a VERIFY with data not right after the retry query")
                }
                let allowed: Bool
                switch query {
                case 0x9000: allowed = true
                // "63 00": a reference without a try limit (PINStatus.hasTryLimit false); the
                // guard has no last try to protect.
                case 0x6300: allowed = true
                case 0x63C2...0x63CF: allowed = true
                case 0x63C1: allowed = facts.lastTry == .allow
                default: allowed = false
                }
                if !allowed {
                    failCall(
                        "VERIFY sent after the retry query answered \(hexString([UInt8(query >> 8), UInt8(query & 0xFF)])) (lastTry \(facts.lastTry))"
                    )
                }
                if finalStatus(of: index, calls, parsed) == 0x9000 { verifiedOK = true }
            }
            if command.ins == 0x24 {
                guard index > 0, let previous = lastSecretCommand(before: index, parsed), parsed[previous]?.ins == 0x20,
                    finalStatus(of: previous, calls, parsed) == 0x9000
                else { failCall("CHANGE REFERENCE DATA not right after a VERIFY answered 90 00") }
            }
            if command.cla == 0x80, command.ins == 0x2A, facts.signsAfterVerify, !verifiedOK {
                failCall("COMPUTE DIGITAL SIGNATURE without a successful VERIFY in the call")
            }
        }

        guard case .failure(let error) = facts.outcome else { return }
        let secretsSent = parsed.contains { $0?.carriesSecret == true }
        let lastStatus = calls.last?.statusWord
        switch error {
        case .invalidArgument(let why): failCall("invalidArgument for valid arguments: \(why)")
        case .malformedPIN: failCall("malformedPIN for valid PINs")
        case .lastTryRefused:
            if secretsSent { failCall("lastTryRefused after a secret was sent") }
            if facts.lastTry == .allow { failCall("lastTryRefused although the caller allowed the last try") }
            if lastStatus != 0x63C1 { failCall("lastTryRefused, but the card's last answer was not 63 C1") }
        case .wrongPIN(_, let tries):
            if !secretsSent { failCall("wrongPIN without a secret sent") }
            if lastStatus != 0x63C0 | UInt16(tries) { failCall("wrongPIN(\(tries)) but the card answered otherwise") }
        case .pinBlocked:
            if lastStatus.map({ [0x63C0, 0x6983, 0x6984].contains($0) }) != true {
                failCall("pinBlocked, but the card's last answer was not 63 C0, 69 83 or 69 84")
            }
        case .accessDenied:
            if lastStatus != 0x6982 { failCall("accessDenied, but the card's last answer was not 69 82") }
        default: break
        }
    }

    /// The final status word of the retry query that the command at `index` follows: the
    /// previous command, after any GET RESPONSE rounds, must be a VERIFY without data.
    static func queryAnswer(before index: Int, _ calls: [TranscriptEntry], _ parsed: [CommandAPDU?]) -> UInt16? {
        guard index > 0, let answer = calls[index - 1].statusWord else { return nil }
        var position = index - 1
        while position >= 0, let command = parsed[position], command.ins == 0xC0 { position -= 1 }
        guard position >= 0, let command = parsed[position], command.ins == 0x20, command.data.isEmpty else {
            return nil
        }
        return answer
    }

    /// The status word that ends the exchange of the command at `index` (its GET RESPONSE
    /// rounds included), or `nil` when it failed.
    static func finalStatus(of index: Int, _ calls: [TranscriptEntry], _ parsed: [CommandAPDU?]) -> UInt16? {
        var position = index
        while position + 1 < calls.count, let next = parsed[position + 1], next.ins == 0xC0 { position += 1 }
        return calls[position].statusWord
    }

    /// The secret command just before `index`, skipping GET RESPONSE rounds only.
    static func lastSecretCommand(before index: Int, _ parsed: [CommandAPDU?]) -> Int? {
        var position = index - 1
        while position >= 0, let command = parsed[position], command.ins == 0xC0 { position -= 1 }
        guard position >= 0, parsed[position]?.carriesSecret == true else { return nil }
        return position
    }

    // MARK: PIN leaks

    /// A PIN and the forms it would leak in, as bytes: its hex (upper and lower case, with and
    /// without spaces) and, when it holds a letter (digit strings also print as numbers and
    /// hex), its ASCII.
    struct LeakForms: Sendable {
        let pin: String
        let bytes: [UInt8]
        let hex: [UInt8]
        let forms: [[UInt8]]

        init(_ pin: String) {
            self.pin = pin
            bytes = Array(pin.utf8)
            hex = hexBytes(bytes)
            let spaced = bytes.map { hexString([$0]) }.joined(separator: " ")
            let hexText = String(decoding: hex, as: UTF8.self)
            var texts = [hexText, hexText.lowercased(), spaced, spaced.lowercased()]
            if pin.contains(where: \.isLetter) { texts.append(pin) }
            forms = texts.map { Array($0.utf8) }
        }
    }

    static func checkNoPIN(_ record: RunRecord, input: [UInt8]) {
        let texts = record.calls + record.logs
        // One search over all the text's bytes per form (Swift String searches cost most of a run).
        let haystack = Array(texts.joined(separator: "\n").utf8)
        // The card may echo what it sent: a PIN whose bytes the input or the card's answers
        // joined hold (at any nibble alignment, as hex prints; answers joined, as the SDK joins
        // GET RESPONSE rounds and chunked reads), or a form whose text they hold (a fuzzed file
        // that spells a PIN's spaced hex), is left to the differential check, which covers every leak.
        let sources = [input, record.cardData]
        let sourcesHex = sources.map(hexBytes)
        for pin in leakForms
        where !sources.contains(where: { containsRun($0, pin.bytes) })
            && !sourcesHex.contains(where: { containsRun($0, pin.hex) })
        {
            for form in pin.forms
            where containsRun(haystack, form) && !sources.contains(where: { containsRun($0, form) }) {
                let text = String(decoding: form, as: UTF8.self)
                let leak = texts.first { $0.contains(text) } ?? ""
                fail("the PIN \(pin.pin) appears as \(text) in: \(leak)", input)
            }
        }
    }

    static func compare(_ first: RunRecord, _ second: RunRecord, _ input: [UInt8]) {
        if first.calls != second.calls {
            fail("the results depend on the PINs: \(first.calls) vs \(second.calls)", input)
        }
        if first.logs != second.logs {
            let difference = zip(first.logs, second.logs).first { $0 != $1 }
            fail(
                "the log depends on the PINs (\(first.logs.count) vs \(second.logs.count) lines): \(difference.map { "\($0.0) | \($0.1)" } ?? "")",
                input)
        }
        guard first.commands.count == second.commands.count else {
            fail("the commands sent depend on the PINs: \(first.commands.count) vs \(second.commands.count)", input)
        }
        for (a, b) in zip(first.commands, second.commands) where a != b {
            guard let x = try? CommandAPDU(encoded: a), let y = try? CommandAPDU(encoded: b), x.carriesSecret,
                y.carriesSecret, x.data.count == y.data.count, x.ins == y.ins, x.p1 == y.p1, x.p2 == y.p2
            else {
                fail("a non-secret command depends on the PINs: \(hexString(a.prefix(8)))…", input)
            }
        }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        fuzzFailure(message, input: input, target: "HostileCardFuzz")
    }
}
