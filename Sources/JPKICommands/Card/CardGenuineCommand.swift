import ArgumentParser
import Foundation
import JPKIASN1
import JPKICard
import JPKIX509

extension CardCommand {
    /// `jpki card genuine`.
    struct Genuine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that the card is a genuine J-LIS card (真正性確認); exit 0 genuine, 1 not.",
            discussion: """
                The card signs a challenge with a 券面 application's key, and the chain J-LIS CV CA \
                key → CV certificate → signed record with that key → signature is checked. The \
                check itself sends no PIN. The signed record with the key is behind a PIN or a \
                verification number on a real card, so it is read once, at enrolment: --enrol \
                (or --birth-date-pin) reads it first, a separate step that sends that one secret, \
                and --save-key-record keeps it; later checks take it with --key-record and send \
                nothing secret. Without a record the verdict is "not verifiable" (the evidence is \
                still collected). Exit 1 for not genuine or not verifiable.

                Enrolment methods: birth-date (確認AP EF 0001, the birth-date PIN YYMMDD in the era \
                year), number-a (確認AP, 照合番号A: the My Number), number-b (確認AP, 照合番号B: \
                --birth-date, --expiry-year and the security code as the PIN input), card-info-pin \
                (入力補助AP EF 0007, the 券面事項入力補助用 PIN). The secret comes from --pin-env \
                NAME, a no-echo prompt, or standard input.

                J-LIS's production CV CA keys are trusted; a simulator's only with \
                --trust-simulator-ca FILE.

                Examples:
                  jpki card genuine
                  BIRTH=600401 jpki card genuine --enrol birth-date --pin-env BIRTH --save-key-record record.json
                  jpki card genuine --key-record record.json --evidence-out evidence.json --json
                """)

        /// How enrolment reads the key record.
        enum Enrolment: String, ExpressibleByArgument, CaseIterable {
            case birthDate = "birth-date"
            case numberA = "number-a"
            case numberB = "number-b"
            case cardInfoPIN = "card-info-pin"
        }

        @Option(
            help: "Enrol first: read the key record with this secret (birth-date, number-a, number-b, card-info-pin).")
        var enrol: Enrolment?

        @Flag(help: "The same as --enrol birth-date.")
        var birthDatePIN = false

        @Option(
            name: .customLong("birth-date-pin-env"),
            help: ArgumentHelp("--enrol birth-date, the PIN from this environment variable.", valueName: "NAME"))
        var birthDatePINEnvironment: String?

        @Option(help: "For --enrol number-b: the holder's birth date, YYYY-MM-DD.")
        var birthDate: String?

        @Option(help: "For --enrol number-b: the card's expiry year, YYYY.")
        var expiryYear: Int?

        @Option(help: ArgumentHelp("The key record kept at enrolment (JSON): no secret is sent.", valueName: "FILE"))
        var keyRecord: String?

        @Option(help: ArgumentHelp("Write the key record read at enrolment here (JSON).", valueName: "FILE"))
        var saveKeyRecord: String?

        @Option(help: "The challenge to sign, hexadecimal (default: the card's GET CHALLENGE).")
        var challenge: String?

        @Option(help: ArgumentHelp("Write the evidence (JSON, for a server) here.", valueName: "FILE"))
        var evidenceOut: String?

        @OptionGroup var trustOptions: CardVerifiableTrustOptions
        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func validate() throws {
            var method = enrol
            if birthDatePIN || birthDatePINEnvironment != nil {
                if let method, method != .birthDate { throw ValidationError("--birth-date-pin is --enrol birth-date") }
                method = .birthDate
            }
            if method != nil && keyRecord != nil {
                throw ValidationError("--enrol reads a key record; --key-record gives one: not both")
            }
            if saveKeyRecord != nil && method == nil {
                throw ValidationError("--save-key-record needs --enrol (or --birth-date-pin)")
            }
            if (birthDate != nil || expiryYear != nil) && method != .numberB {
                throw ValidationError("--birth-date and --expiry-year are for --enrol number-b")
            }
        }

        /// The enrolment method, the shorthand flags included.
        var enrolment: Enrolment? { birthDatePIN || birthDatePINEnvironment != nil ? .birthDate : enrol }

        /// Reads the secret of `method` from the PIN input, or exits 2 (nothing sent to the card).
        func access(_ method: Enrolment) throws -> KeyRecordAccess {
            switch method {
            case .birthDate:
                let input =
                    birthDatePINEnvironment.map {
                        PINInput(environmentVariable: $0, optionName: "--birth-date-pin-env")
                    }
                    ?? pin.input
                let text = try input.read(prompt: "Birth-date PIN (YYMMDD, era year)")
                return .birthDate(try typedPIN { () throws(JPKICardError) in try BirthDatePIN(text) })
            case .numberA:
                return .cardSurface(
                    .verificationNumberA(try pin.read(prompt: "My Number", as: VerificationNumberA.init(myNumber:))))
            case .numberB:
                guard let birthDate, let date = CardDate(birthDate), let expiryYear else {
                    throw fail("--enrol number-b needs --birth-date YYYY-MM-DD and --expiry-year YYYY")
                }
                let code = try pin.input.read(prompt: "Security code")
                return .cardSurface(
                    .verificationNumberB(
                        try typedPIN { () throws(JPKICardError) in
                            try VerificationNumberB(birthDate: date, expiryYear: expiryYear, securityCode: code)
                        }))
            case .cardInfoPIN:
                return .cardInfo(.pin(try pin.read(prompt: "券面事項入力補助用 PIN", as: CardInfoPIN.init)))
            }
        }

        func run() async throws {
            let challengeBytes = try challenge.map(parseChallenge)
            let trust = try trustOptions.trust()
            var stored = try keyRecord.map(KeyRecordFile.read)
            let enrolmentAccess = try enrolment.map(access)
            let (myNumberCard, transport, _) = try await card.open(cardVerifiableTrust: trust)
            let lastTry = pin.lastTry
            let (enrolled, enrolmentCommands, check) = try await withCard(transport) {
                () async throws(JPKICardError) in
                var enrolled: CardSignedRecord?
                var enrolmentCommands = 0
                if let enrolmentAccess {
                    let before = await myNumberCard.channel.commandCount
                    enrolled = try await myNumberCard.readKeyRecord(enrolmentAccess, lastTry: lastTry)
                    enrolmentCommands = await myNumberCard.channel.commandCount - before
                }
                let check = try await myNumberCard.checkGenuineness(
                    challenge: challengeBytes, keyRecord: enrolled ?? stored)
                return (enrolled, enrolmentCommands, check)
            }
            if let enrolled {
                stored = enrolled
                if let saveKeyRecord { try KeyRecordFile.write(enrolled, to: saveKeyRecord) }
            }
            if let evidenceOut { try writeFile(try encodeEvidence(check.evidence), to: evidenceOut) }
            let verdict = check.verdict
            if card.json {
                var result: [String: AnyEncodable] = [
                    "status": AnyEncodable(verdict.status.rawValue),
                    "genuine": AnyEncodable(verdict.isGenuine), "verdict": AnyEncodable(verdict),
                    "keyRecord": AnyEncodable(check.evidence.keyRecordKind.map { "\($0)" }),
                    "challenge": AnyEncodable(Hex.encode(check.evidence.challenge)),
                    "commands": AnyEncodable(check.commandCount),
                ]
                if let enrolment, enrolled != nil {
                    result["enrolment"] = AnyEncodable(
                        ["method": AnyEncodable(enrolment.rawValue), "commands": AnyEncodable(enrolmentCommands)])
                }
                printJSON(result)
            } else {
                if let enrolment, let enrolled {
                    print(
                        "Enrolment: the key record (\(enrolled.kind)) read after the \(enrolment.rawValue) "
                            + "secret, \(enrolmentCommands) APDUs\(saveKeyRecord.map { " → \($0)" } ?? "")")
                }
                print("Genuineness: \(verdict.description)")
                print("No PIN was sent by the check (\(check.commandCount) APDUs).")
                if stored == nil {
                    print(
                        "Without the key record (read at enrolment: --enrol, or --key-record FILE) the card "
                            + "cannot be shown genuine, only \"not verifiable\".")
                }
            }
            if !verdict.isGenuine { throw ExitStatus.negative }
        }
    }
}

/// The key record kept at enrolment, as `jpki card genuine --save-key-record` writes it: JSON
/// `{"kind": "cardSurfaceBirthDate", "record": "<hex>"}`.
struct KeyRecordFile: Codable {
    var kind: CardSignedRecord.Kind
    var record: String

    /// Reads and parses a key-record file, or exits 2 with the reason.
    static func read(_ path: String) throws -> CardSignedRecord {
        let bytes = try InputFile.bytesOrExit(path)
        let file: KeyRecordFile
        do {
            file = try JSONDecoder().decode(KeyRecordFile.self, from: Data(bytes))
        } catch {
            throw fail("\(path): not a key record file (\(error.localizedDescription))")
        }
        guard let encoded = Hex.decode(file.record), !encoded.isEmpty else {
            throw fail("\(path): the record is not hexadecimal bytes")
        }
        do {
            return try CardSignedRecord(file.kind, encoded: encoded)
        } catch {
            throw fail("\(path): not a \(file.kind) record (\(error))")
        }
    }

    /// Writes `record` to `path`.
    static func write(_ record: CardSignedRecord, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = KeyRecordFile(kind: record.kind, record: Hex.encode(record.encoded))
        let encoded: Data
        do {
            encoded = try encoder.encode(file)
        } catch {
            throw fail("cannot encode the key record: \(error.localizedDescription)")
        }
        try writeFile([UInt8](encoded), to: path)
    }
}

/// The evidence as a server reads it (`jpki verify genuineness`): JSON, sorted keys.
func encodeEvidence(_ evidence: CardGenuinenessEvidence) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
        return [UInt8](try encoder.encode(evidence))
    } catch {
        throw fail("cannot encode the evidence: \(error.localizedDescription)")
    }
}
