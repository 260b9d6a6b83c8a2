import ArgumentParser
import Foundation
import JPKIASN1
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// `jpki verify genuineness`.
    struct Genuineness: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "genuineness",
            abstract: "Verify a card's genuineness evidence (the server side of 真正性確認); exit 0 genuine, 1 not.",
            discussion: """
                EVIDENCE is the JSON `jpki card genuine --evidence-out` writes. --challenge is the \
                nonce this server issued for the check: evidence that answers another one is not \
                genuine. Without it the evidence's own challenge is taken, and a replayed evidence \
                cannot be told from a fresh one (said on standard error). J-LIS's production CV CA \
                keys are trusted; a simulator's only with --trust-simulator-ca FILE.

                Examples:
                  jpki verify genuineness evidence.json --challenge 00112233445566778899AABBCCDDEEFF
                  jpki verify genuineness evidence.json --trust-simulator-ca pki/cv-ca-keys.json --json
                """)

        @Argument(help: "The evidence, JSON.")
        var evidence: String

        @Option(help: "The challenge this server issued, hexadecimal.")
        var challenge: String?

        @OptionGroup var trustOptions: CardVerifiableTrustOptions

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            let (decoded, expected) = try loadEvidence(evidence, challenge: challenge)
            let trust = try trustOptions.trust()
            let verifier = JPKIVerifier(anchors: TrustAnchors(custom: []))
            let report = verifier.verifyGenuineness(evidence: decoded, challenge: expected, trust: trust)
            if json {
                printJSON(report)
            } else {
                print("Genuineness: \(report.verdict.description)")
                if let chain = report.chain {
                    print("CV certificate: \(chain.issuerKeyID) → \(chain.holderKeyID)")
                    print("CA key: \(chain.caKey ?? "none trusted")")
                }
                for check in report.verdict.checks {
                    print("  [\(check.passed ? "ok" : "FAILED")] \(check.name): \(check.detail)")
                }
            }
            if !report.isAccepted { throw ExitStatus.negative }
        }
    }
}

/// Reads the evidence JSON at `path` (`jpki card genuine|age --evidence-out`) and the challenge
/// the server issued (`--challenge`, hexadecimal; without it the evidence's own, with a warning
/// that a replay is not detected), or exits 2 with the reason.
func loadEvidence(_ path: String, challenge: String?) throws -> (CardGenuinenessEvidence, [UInt8]) {
    let bytes = try InputFile.bytesOrExit(path)
    let decoded: CardGenuinenessEvidence
    do {
        decoded = try JSONDecoder().decode(CardGenuinenessEvidence.self, from: Data(bytes))
    } catch {
        throw fail("\(path): not genuineness evidence (\(error.localizedDescription))")
    }
    guard let challenge else {
        printError("warning: no --challenge: the evidence's own challenge is used (a replay is not detected)")
        return (decoded, decoded.challenge)
    }
    return (decoded, try parseChallenge(challenge))
}
