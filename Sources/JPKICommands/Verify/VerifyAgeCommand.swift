import ArgumentParser
import Foundation
import JPKICard
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify age`.
    struct Age: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "age",
            abstract: "Verify a card's age evidence (the server side of 年齢確認); exit 0 old enough, 1 not.",
            discussion: """
                EVIDENCE is the JSON `jpki card age --evidence-out` writes: the 券面事項確認AP's CV \
                certificate, its EF 0001 (the J-LIS-signed birth date, no name, address or photo) \
                and the card's signature over the challenge. The answer is "yes" only when the card \
                is genuine and the holder is at least --at-least years old on --on (today in Japan \
                by default), by Japanese law (年齢計算ニ関スル法律: the age increases at the end of \
                the day before the birthday). --challenge is the nonce this server issued. J-LIS's \
                production CV CA keys are trusted; a simulator's only with --trust-simulator-ca FILE.

                Examples:
                  jpki verify age evidence.json --at-least 20 --challenge 00112233445566778899AABBCCDDEEFF
                  jpki verify age evidence.json --at-least 18 --on 2026-04-01 --trust-simulator-ca pki/cv-ca-keys.json --json
                """)

        @Argument(help: "The evidence, JSON.")
        var evidence: String

        @OptionGroup var age: AgeOptions

        @Option(help: "The challenge this server issued, hexadecimal.")
        var challenge: String?

        @OptionGroup var trustOptions: CardVerifiableTrustOptions

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            let day = try age.day()
            guard let date = day.gregorianDate else { throw fail("--on \(day): not a date") }
            let (decoded, expected) = try loadEvidence(evidence, challenge: challenge)
            let trust = try trustOptions.trust()
            let verifier = JPKIVerifier(anchors: TrustAnchors(custom: []))
            let report = verifier.verifyAge(
                evidence: decoded, challenge: expected, atLeast: age.atLeast, on: date, trust: trust)
            if json {
                printJSON(report)
            } else {
                let answer = report.age?.isAtLeastMinimumAge == true ? "yes" : "no"
                print("At least \(age.atLeast) on \(date): \(answer)")
                print("Birth date: \(report.age?.birthDate.map { "\($0)" } ?? "unknown")")
                print("Genuineness: \(report.verdict.description)")
            }
            if !report.isAccepted { throw ExitStatus.negative }
        }
    }
}
