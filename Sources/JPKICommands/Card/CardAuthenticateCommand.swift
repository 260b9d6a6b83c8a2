import ArgumentParser
import JPKIASN1
import JPKICard

extension CardCommand {
    /// `jpki card authenticate`.
    struct Authenticate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a verifier's challenge with the user-authentication key (authentication PIN).",
            discussion: """
                The signature is PKCS #1 v1.5 over the challenge's digest: it verifies with \
                `openssl dgst -sha256 -verify KEY -signature SIG CHALLENGE` and the \
                authentication certificate's public key.

                Examples:
                  AUTH_PIN=1234 jpki card authenticate --challenge 00112233445566778899AABBCCDDEEFF --pin-env AUTH_PIN --json
                """)

        @Option(help: "The challenge in hexadecimal.")
        var challenge: String

        @Option(help: "The digest: sha1, sha224, sha256, sha384 or sha512.")
        var digest: String = "sha256"

        @Option(help: "Write the signature (binary) to this file.")
        var out: String?

        @Option(help: "Write the authentication certificate (PEM) to this file.")
        var certificateOut: String?

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            guard let challengeBytes = Hex.decode(challenge), !challengeBytes.isEmpty else {
                throw fail("not a challenge in hexadecimal: \(challenge)")
            }
            let algorithm = try digestAlgorithm(digest)
            let authenticationPIN = try pin.read(prompt: "Authentication PIN", as: UserAuthenticationPIN.init)
            let (myNumberCard, transport, _) = try await card.open()
            let result = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.authenticate(
                    challenge: challengeBytes, pin: authenticationPIN, digest: algorithm, lastTry: pin.lastTry)
            }
            try printSignature(result, out: out, certificateOut: certificateOut, json: card.json)
        }
    }
}
