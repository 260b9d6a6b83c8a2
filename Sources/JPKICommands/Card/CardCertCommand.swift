import ArgumentParser
import Foundation
import JPKICard

extension CardCommand {
    /// `jpki card cert`.
    struct Cert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cert",
            abstract: "Read one of the four certificates of the JPKI AP.",
            discussion: """
                The signature certificate needs the signature PIN; on a smartphone token the \
                authentication certificate needs the authentication PIN (--verify-pin).

                Examples:
                  jpki card cert --kind auth --pem > auth.pem
                  SIGN_PIN=ABC123 jpki card cert --kind sign --pin-env SIGN_PIN --text
                """)

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case auth
            case authCA = "auth-ca"
            case sign
            case signCA = "sign-ca"

            var certificateKind: JPKIApplication.CertificateKind {
                switch self {
                case .auth: return .authentication
                case .authCA: return .authenticationCA
                case .sign: return .signature
                case .signCA: return .signatureCA
                }
            }
        }

        enum Format: String, EnumerableFlag {
            case pem
            case der
            case text
        }

        @Option(help: "auth, auth-ca, sign or sign-ca.")
        var kind: Kind

        @Flag(help: "Output format (default: PEM).")
        var format: Format = .pem

        @Option(help: "Write the certificate to this file instead of standard output.")
        var out: String?

        @Flag(help: "Verify the authentication PIN before reading (smartphone tokens).")
        var verifyPin = false

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            var signaturePIN: SignaturePIN?
            var authenticationPIN: UserAuthenticationPIN?
            if kind == .sign {
                signaturePIN = try pin.read(prompt: "Signature PIN", as: SignaturePIN.init)
            } else if kind == .auth && verifyPin {
                authenticationPIN = try pin.read(prompt: "Authentication PIN", as: UserAuthenticationPIN.init)
            }
            let (myNumberCard, transport, _) = try await card.open()
            let certificate = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.readCertificate(
                    kind.certificateKind, authenticationPIN: authenticationPIN, signaturePIN: signaturePIN,
                    lastTry: pin.lastTry)
            }
            if card.json {
                printJSON([
                    "kind": AnyEncodable(kind.rawValue), "pem": AnyEncodable(certificatePEM(certificate)),
                    "certificate": AnyEncodable(CertificateReport(certificate)),
                ])
                return
            }
            let output: [UInt8]
            switch format {
            case .pem: output = Array(certificatePEM(certificate).utf8)
            case .der: output = certificate.derEncoded
            case .text: output = Array((CertificateReport(certificate).text + "\n").utf8)
            }
            if let out {
                try writeFile(output, to: out)
            } else {
                FileHandle.standardOutput.write(Data(output))
            }
        }
    }
}
