import ArgumentParser
import JPKICard

extension CardCommand {
    /// `jpki card sign`.
    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a file with the signature key (signature PIN).",
            discussion: """
                The file is hashed here; the card signs the DigestInfo (PKCS #1 v1.5). The \
                signature verifies with `openssl dgst -sha256 -verify KEY -signature SIG FILE` and \
                the signature certificate's public key.

                Examples:
                  jpki card sign contract.pdf --out contract.sig
                  jpki card cert --kind sign --pem > sign.pem && openssl x509 -in sign.pem -pubkey -noout > sign.pub
                  openssl dgst -sha256 -verify sign.pub -signature contract.sig contract.pdf
                """)

        @Argument(help: "The file to sign.")
        var file: String

        @Option(help: "Write the signature (binary) to this file.")
        var out: String

        @Option(help: "The digest: sha1, sha224, sha256, sha384 or sha512.")
        var digest: String = "sha256"

        @Option(help: "Write the signature certificate (PEM) to this file.")
        var certificateOut: String?

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            let message = try InputFile.bytesOrExit(file)
            let algorithm = try digestAlgorithm(digest)
            let signaturePIN = try pin.read(prompt: "Signature PIN", as: SignaturePIN.init)
            let (myNumberCard, transport, _) = try await card.open()
            let result = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.sign(
                    message: message, pin: signaturePIN, digest: algorithm, lastTry: pin.lastTry)
            }
            try printSignature(result, out: out, certificateOut: certificateOut, json: card.json)
        }
    }
}
