import ArgumentParser
import Foundation
import JPKIASN1
import JPKICard
import JPKIX509

extension CardCommand {
    /// `jpki card age`.
    struct Age: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that the holder is at least an age (年齢確認); exit 0 old enough, 1 not.",
            discussion: """
                Sends the birth-date PIN (era year YYMMDD, read like a PIN) to read the J-LIS-signed \
                birth date (EF 0001: no name, address or photo), has the card sign a challenge and \
                checks the chain to J-LIS's CV CA key. Prints only the verdict and the birth date. \
                The answer is "yes" only for a genuine card: a simulator's CA is trusted only with \
                --trust-simulator-ca FILE. The age follows Japanese law (年齢計算ニ関スル法律).

                Examples:
                  jpki card age --at-least 20
                  BIRTH=600401 jpki card age --at-least 18 --on 2026-04-01 --pin-env BIRTH --json
                  jpki card age --at-least 20 --evidence-out age.json   (then: jpki verify age age.json --at-least 20)
                """)

        @OptionGroup var age: AgeOptions

        @Option(help: "The challenge to sign, hexadecimal (default: the card's GET CHALLENGE).")
        var challenge: String?

        @Option(help: ArgumentHelp("Write the evidence (JSON, for `jpki verify age`) here.", valueName: "FILE"))
        var evidenceOut: String?

        @OptionGroup var trustOptions: CardVerifiableTrustOptions
        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            let date = try age.day()
            let challengeBytes = try challenge.map(parseChallenge)
            let trust = try trustOptions.trust()
            let birthDatePIN = try pin.read(prompt: "Birth-date PIN (YYMMDD, era year)", as: BirthDatePIN.init)
            let (myNumberCard, transport, _) = try await card.open(cardVerifiableTrust: trust)
            let minimumAge = age.atLeast
            let result = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.verifyAge(
                    atLeast: minimumAge, on: date, pin: birthDatePIN, challenge: challengeBytes, lastTry: pin.lastTry)
            }
            if let evidenceOut { try writeFile(try encodeEvidence(result.evidence), to: evidenceOut) }
            let verdict = result.verdict
            if card.json {
                printJSON(
                    [
                        "atLeast": AnyEncodable(minimumAge), "on": AnyEncodable(date.description),
                        "isAtLeastMinimumAge": AnyEncodable(verdict.isAtLeastMinimumAge),
                        "birthDate": AnyEncodable(verdict.birthDate.map { "\($0)" }),
                        "genuineness": AnyEncodable(verdict.genuineness.status.rawValue),
                    ])
            } else {
                print("At least \(minimumAge) on \(date): \(verdict.isAtLeastMinimumAge ? "yes" : "no")")
                print("Birth date: \(verdict.birthDate.map { "\($0)" } ?? "unknown")")
                if !verdict.genuineness.isGenuine { print("Genuineness: \(verdict.genuineness.description)") }
            }
            if !verdict.isAtLeastMinimumAge { throw ExitStatus.negative }
        }
    }
}

/// `--at-least N [--on DATE]`: the age asked for and the day it is computed for, the card's
/// check (`jpki card age`) and the server's (`jpki verify age`) alike.
struct AgeOptions: ParsableArguments {
    @Option(help: "The minimum age.")
    var atLeast: Int

    @Option(help: "The day to compute the age on, YYYY-MM-DD (default: today in Japan).")
    var on: String?

    func validate() throws {
        guard atLeast >= 0 else { throw ValidationError("--at-least: a negative age") }
    }

    /// The day of `--on`, or today in Japan; exits 2 for a date that does not exist.
    func day() throws -> CardDate {
        guard let on else { return try todayInJapan() }
        guard let parsed = CardDate(on) else { throw fail("--on \(on): not a date YYYY-MM-DD") }
        return parsed
    }
}

/// A `--challenge` value: hexadecimal bytes, not empty; exits 2 otherwise.
func parseChallenge(_ text: String) throws -> [UInt8] {
    guard let bytes = Hex.decode(text), !bytes.isEmpty else { throw fail("--challenge: not hexadecimal bytes") }
    return bytes
}

/// Today's date in Japan (Asia/Tokyo), or exit 2.
func todayInJapan() throws -> CardDate {
    var calendar = Calendar(identifier: .gregorian)
    guard let zone = TimeZone(identifier: "Asia/Tokyo") else { throw fail("no Asia/Tokyo time zone") }
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    guard let year = parts.year, let month = parts.month, let day = parts.day,
        let date = CardDate(year: year, month: month, day: day)
    else { throw fail("cannot tell today's date") }
    return date
}
