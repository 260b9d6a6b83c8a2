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
                The card signs a challenge with its 券面事項確認AP key (no PIN), and the chain \
                J-LIS CV CA key → CV certificate → signed record with that key → signature is \
                checked. The record is behind the birth-date PIN: without --birth-date-pin or \
                --birth-date-pin-env nothing secret is sent, and the verdict is "not verifiable" \
                (the evidence is still collected). Exit 1 for not genuine or not verifiable.

                J-LIS's production CV CA keys are trusted; a simulator's only with \
                --trust-simulator-ca FILE.

                Examples:
                  jpki card genuine
                  BIRTH=600401 jpki card genuine --birth-date-pin-env BIRTH --evidence-out evidence.json --json
                  jpki card genuine --birth-date-pin --trust-simulator-ca pki/cv-ca-keys.json
                """)

        @Flag(
            help: "Read the key record after the birth-date PIN (era year YYMMDD): a no-echo prompt, or standard input."
        )
        var birthDatePIN = false

        @Option(
            name: .customLong("birth-date-pin-env"),
            help: ArgumentHelp("Read the birth-date PIN from this environment variable.", valueName: "NAME"))
        var birthDatePINEnvironment: String?

        @Flag(help: "Send the birth-date PIN even when only one try is left.")
        var allowLastTry = false

        @Option(help: "The challenge to sign, hexadecimal (default: the card's GET CHALLENGE).")
        var challenge: String?

        @Option(help: ArgumentHelp("Write the evidence (JSON, for a server) here.", valueName: "FILE"))
        var evidenceOut: String?

        @OptionGroup var trustOptions: CardVerifiableTrustOptions
        @OptionGroup var card: CardOptions

        func run() async throws {
            var challengeBytes: [UInt8]?
            if let challenge {
                guard let bytes = Hex.decode(challenge), !bytes.isEmpty else {
                    throw fail("--challenge: not hexadecimal bytes")
                }
                challengeBytes = bytes
            }
            let trust = try trustOptions.trust()
            var keyRecord = GenuinenessKeyRecord.none
            if birthDatePIN || birthDatePINEnvironment != nil {
                let input = PINInput(environmentVariable: birthDatePINEnvironment, optionName: "--birth-date-pin-env")
                let text = try input.read(prompt: "Birth-date PIN (YYMMDD, era year)")
                keyRecord = .birthDate(try typedPIN { () throws(JPKICardError) in try BirthDatePIN(text) })
            }
            let (myNumberCard, transport, _) = try await card.open(cardVerifiableTrust: trust)
            let policy: LastTryPolicy = allowLastTry ? .allow : .refuse
            let check = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.checkGenuineness(
                    challenge: challengeBytes, keyRecord: keyRecord, lastTry: policy)
            }
            if let evidenceOut { try writeFile(try encodeEvidence(check.evidence), to: evidenceOut) }
            let verdict = check.verdict
            if card.json {
                printJSON(
                    [
                        "status": AnyEncodable(verdict.status.rawValue),
                        "genuine": AnyEncodable(verdict.isGenuine), "verdict": AnyEncodable(verdict),
                        "keyRecord": AnyEncodable(check.evidence.keyRecordKind.map { "\($0)" }),
                        "challenge": AnyEncodable(Hex.encode(check.evidence.challenge)),
                        "commands": AnyEncodable(check.commandCount),
                    ])
            } else {
                print("Genuineness: \(verdict.description)")
                if case .none = keyRecord {
                    print(
                        "No PIN was sent: without the key record (after the birth-date PIN) the card cannot be "
                            + "shown genuine, only \"not verifiable\".")
                }
                print("APDUs: \(check.commandCount)")
            }
            if !verdict.isGenuine { throw ExitStatus.negative }
        }
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
