import JPKIAPDU
import JPKIASN1
import ArgumentParser
import Foundation
import JPKICard
import JPKIX509

/// The options every card operation takes.
struct CardOptions: ParsableArguments {
    @Option(help: "The reader to use (default: the first with a card).")
    var reader: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// Connects to the card in the reader, or exits 2 with the reason.
    func open() async throws -> (MyNumberCard, PCSCTransport, String) {
        let name: String
        do {
            name = try await chooseReader(reader)
        } catch {
            throw fail(error.description)
        }
        let transport = PCSCTransport(reader: name)
        let card = MyNumberCard(transport: transport)
        do {
            try await card.connect()
        } catch {
            throw fail(error.description)
        }
        return (card, transport, name)
    }
}

/// The options of commands that send a PIN.
struct PINOptions: ParsableArguments {
    @Option(
        name: .customLong("pin-env"),
        help: ArgumentHelp("Read the PIN from this environment variable.", valueName: "NAME")
    )
    var pinEnvironment: String?

    @Flag(help: "Send the PIN even when only one try is left (a wrong PIN then blocks it).")
    var allowLastTry = false

    var input: PINInput { PINInput(environmentVariable: pinEnvironment, optionName: "--pin-env") }
    var lastTry: LastTryPolicy { allowLastTry ? .allow : .refuse }
}

/// Runs `body`, turning a card error into its one-line message and exit code 2 (1 for data that
/// fail their integrity check), and disconnecting afterwards.
func withCard<Result>(
    _ transport: PCSCTransport, _ body: () async throws(JPKICardError) -> Result
) async throws -> Result {
    do {
        let result = try await body()
        try? await transport.disconnect()
        return result
    } catch {
        try? await transport.disconnect()
        if case .integrityCheckFailed = error {
            // A negative result: the card's data are not what the card itself vouches for.
            printError("error: \(error.description)")
            throw ExitStatus.negative
        }
        throw fail(error.description)
    }
}

/// Makes a typed PIN from text, or exits 2 with the reason (nothing sent to the card).
func typedPIN<PIN>(_ make: () throws(JPKICardError) -> PIN) throws -> PIN {
    do {
        return try make()
    } catch {
        throw fail(error.description)
    }
}

/// Writes `bytes` to `path`, or exits 2.
func writeFile(_ bytes: [UInt8], to path: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    } catch {
        throw fail("cannot write \(path): \(error.localizedDescription)")
    }
}

/// The PEM of a certificate.
func certificatePEM(_ certificate: Certificate) -> String {
    PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString
}

extension CardCommand {
    /// `jpki card status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the token kind and the tries left of every PIN (no try is consumed).",
            discussion: """
                Examples:
                  jpki card status
                  jpki card status --reader "Virtual PCD 00 01" --json
                """)

        @OptionGroup var card: CardOptions

        func run() async throws {
            let (myNumberCard, transport, reader) = try await card.open()
            let status = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.status()
            }
            if card.json {
                struct PIN: Encodable {
                    var pin: String
                    var state: String
                    var triesLeft: Int?
                }
                let pins = status.pins.map { status -> PIN in
                    let state: String
                    switch status.state {
                    case .triesLeft: state = "tries-left"
                    case .verified: state = "verified"
                    case .blocked: state = "blocked"
                    }
                    return PIN(pin: status.kind.rawValue, state: state, triesLeft: status.triesLeft)
                }
                printJSON([
                    "reader": AnyEncodable(reader), "token": AnyEncodable(status.tokenKind.description),
                    "pins": AnyEncodable(pins),
                ])
                return
            }
            print("Reader: \(reader)")
            print("Token: \(status.tokenKind)")
            for pin in status.pins { print(pin.description) }
        }
    }

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
                let text = try pin.input.read(prompt: "Signature PIN")
                signaturePIN = try typedPIN { () throws(JPKICardError) in try SignaturePIN(text) }
            } else if kind == .auth && verifyPin {
                let text = try pin.input.read(prompt: "Authentication PIN")
                authenticationPIN = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(text) }
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

    /// `jpki card info`.
    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the basic 4 information and the My Number (券面事項入力補助AP, 4-digit PIN).",
            discussion: """
                The data are checked against the SHA-256 hashes the card keeps (EF 0003).

                Examples:
                  jpki card info
                  INFO_PIN=1234 jpki card info --pin-env INFO_PIN --json
                """)

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            let text = try pin.input.read(prompt: "Card-info PIN")
            let cardInfoPIN = try typedPIN { () throws(JPKICardError) in try CardInfoPIN(text) }
            let (myNumberCard, transport, _) = try await card.open()
            let info = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.readCardInfo(access: .pin(cardInfoPIN), lastTry: pin.lastTry)
            }
            guard let information = info.basicInformation, let myNumber = info.myNumber else {
                throw fail("the card returned no information")
            }
            if card.json {
                printJSON([
                    "name": information.name, "address": information.address,
                    "birthDate": information.birthDate.description, "sex": information.sex.description,
                    "myNumber": myNumber,
                ])
                return
            }
            print("Name: \(information.name)")
            print("Address: \(information.address)")
            print("Birth date: \(information.birthDate)")
            print("Sex: \(information.sex) (\(information.sex.japaneseDescription))")
            print("My Number: \(myNumber)")
        }
    }

    /// `jpki card surface`.
    struct Surface: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the card face (券面事項確認AP) with 照合番号B, or 照合番号A for the My Number image.",
            discussion: """
                照合番号B is built from --birth-date, --expiry-year and the security code, which \
                is read like a PIN. With --with-my-number, the My Number (照合番号A) is read like a \
                PIN instead and the My Number image is available.

                Examples:
                  jpki card surface --birth-date 1985-04-01 --expiry-year 2033 --photo face.jp2 --name-image name.png
                  CODE=5678 jpki card surface --birth-date 1985-04-01 --expiry-year 2033 --pin-env CODE --json
                """)

        @Option(help: "The holder's birth date, YYYY-MM-DD (for 照合番号B).")
        var birthDate: String?

        @Option(help: "The card's expiry year, YYYY (for 照合番号B).")
        var expiryYear: Int?

        @Flag(help: "Use 照合番号A (the My Number, read like a PIN) and read the My Number image too.")
        var withMyNumber = false

        @Option(help: "Write the face photo (JPEG 2000) here.")
        var photo: String?

        @Option(help: "Write the name image (PNG) here.")
        var nameImage: String?

        @Option(help: "Write the address image (PNG) here.")
        var addressImage: String?

        @Option(help: "Write the security-code image (PNG) here.")
        var securityCodeImage: String?

        @Option(help: "Write the My Number image (PNG) here (needs --with-my-number).")
        var myNumberImage: String?

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            if myNumberImage != nil && !withMyNumber { throw fail("--my-number-image needs --with-my-number") }
            let access: CardSurfaceAccess
            if withMyNumber {
                let text = try pin.input.read(prompt: "My Number")
                access = .verificationNumberA(
                    try typedPIN { () throws(JPKICardError) in try VerificationNumberA(myNumber: text) })
            } else {
                guard let birthDate, let date = CardDate(birthDate), let expiryYear else {
                    throw fail("照合番号B needs --birth-date YYYY-MM-DD and --expiry-year YYYY (or use --with-my-number)")
                }
                let code = try pin.input.read(prompt: "Security code")
                access = .verificationNumberB(
                    try typedPIN { () throws(JPKICardError) in
                        try VerificationNumberB(birthDate: date, expiryYear: expiryYear, securityCode: code)
                    })
            }
            let (myNumberCard, transport, _) = try await card.open()
            let surface = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.readCardSurface(access: access, lastTry: pin.lastTry)
            }
            let outputs: [(String?, [UInt8]?)] = [
                (photo, surface.facePhoto), (nameImage, surface.nameImage), (addressImage, surface.addressImage),
                (securityCodeImage, surface.securityCodeImage), (myNumberImage, surface.myNumberImage),
            ]
            for case (let path?, let bytes?) in outputs { try writeFile(bytes, to: path) }
            if card.json {
                var result: [String: AnyEncodable] = [
                    "birthDate": AnyEncodable(surface.birthDate.description),
                    "sex": AnyEncodable(surface.sex.description), "expiry": AnyEncodable(surface.expiry.description),
                    "facePhotoBytes": AnyEncodable(surface.facePhoto.count),
                    "nameImageBytes": AnyEncodable(surface.nameImage.count),
                    "addressImageBytes": AnyEncodable(surface.addressImage.count),
                    "securityCodeImageBytes": AnyEncodable(surface.securityCodeImage.count),
                ]
                if let image = surface.myNumberImage { result["myNumberImageBytes"] = AnyEncodable(image.count) }
                printJSON(result)
                return
            }
            print("Birth date: \(surface.birthDate)")
            print("Sex: \(surface.sex) (\(surface.sex.japaneseDescription))")
            print("Expiry: \(surface.expiry)")
            print("Face photo: \(surface.facePhoto.count) bytes\(photo.map { " → \($0)" } ?? "")")
            print("Name image: \(surface.nameImage.count) bytes\(nameImage.map { " → \($0)" } ?? "")")
            print("Address image: \(surface.addressImage.count) bytes\(addressImage.map { " → \($0)" } ?? "")")
            print(
                "Security-code image: \(surface.securityCodeImage.count) bytes"
                    + (securityCodeImage.map { " → \($0)" } ?? ""))
            if let image = surface.myNumberImage {
                print("My Number image: \(image.count) bytes\(myNumberImage.map { " → \($0)" } ?? "")")
            }
        }
    }

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

        @Option(help: "The digest: sha1, sha256, sha384 or sha512.")
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
            guard let algorithm = SignatureDigest(rawValue: digest) else {
                throw fail("unknown digest \(digest) (sha1, sha256, sha384, sha512)")
            }
            let text = try pin.input.read(prompt: "Authentication PIN")
            let authenticationPIN = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(text) }
            let (myNumberCard, transport, _) = try await card.open()
            let result = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.authenticate(
                    challenge: challengeBytes, pin: authenticationPIN, digest: algorithm, lastTry: pin.lastTry)
            }
            try printSignature(result, out: out, certificateOut: certificateOut, json: card.json)
        }
    }

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

        @Option(help: "The digest: sha1, sha256, sha384 or sha512.")
        var digest: String = "sha256"

        @Option(help: "Write the signature certificate (PEM) to this file.")
        var certificateOut: String?

        @OptionGroup var card: CardOptions
        @OptionGroup var pin: PINOptions

        func run() async throws {
            let message: [UInt8]
            do {
                message = try InputFile(path: file).readBytes()
            } catch {
                throw fail(error.description)
            }
            guard let algorithm = SignatureDigest(rawValue: digest) else {
                throw fail("unknown digest \(digest) (sha1, sha256, sha384, sha512)")
            }
            let text = try pin.input.read(prompt: "Signature PIN")
            let signaturePIN = try typedPIN { () throws(JPKICardError) in try SignaturePIN(text) }
            let (myNumberCard, transport, _) = try await card.open()
            let result = try await withCard(transport) { () async throws(JPKICardError) in
                try await myNumberCard.sign(
                    message: message, pin: signaturePIN, digest: algorithm, lastTry: pin.lastTry)
            }
            try printSignature(result, out: out, certificateOut: certificateOut, json: card.json)
        }
    }

    /// `jpki card pin …`.
    struct PIN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin", abstract: "Manage the card's PINs.", subcommands: [Change.self])

        /// `jpki card pin change`.
        struct Change: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change the authentication, signature or card-info PIN.",
                discussion: """
                    The current PIN comes from --pin-env, the new one from --new-pin-env; \
                    otherwise from a no-echo prompt (the new PIN asked twice), or from the first \
                    two lines of standard input.

                    Examples:
                      jpki card pin change --kind auth
                      printf '1234\\n5678\\n' | jpki card pin change --kind auth
                    """)

            enum Kind: String, ExpressibleByArgument, CaseIterable {
                case auth
                case sign
                case cardInfo = "card-info"
            }

            @Option(help: "auth, sign or card-info.")
            var kind: Kind

            @Option(
                name: .customLong("new-pin-env"),
                help: ArgumentHelp("Read the new PIN from this environment variable.", valueName: "NAME"))
            var newPINEnvironment: String?

            @OptionGroup var card: CardOptions
            @OptionGroup var pin: PINOptions

            func run() async throws {
                let current = try pin.input.read(prompt: "Current PIN")
                let newInput = PINInput(environmentVariable: newPINEnvironment, optionName: "--new-pin-env")
                let new = try newInput.read(prompt: "New PIN")
                if newPINEnvironment == nil && isatty(STDIN_FILENO) == 1 {
                    guard try newInput.read(prompt: "New PIN again") == new else {
                        throw fail("the new PINs differ; nothing was changed")
                    }
                }
                let change: @Sendable (MyNumberCard) async throws(JPKICardError) -> Void
                switch kind {
                case .auth:
                    let old = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(current) }
                    let replacement = try typedPIN { () throws(JPKICardError) in try UserAuthenticationPIN(new) }
                    let policy = pin.lastTry
                    change = { card async throws(JPKICardError) in
                        try await card.changeAuthenticationPIN(from: old, to: replacement, lastTry: policy)
                    }
                case .sign:
                    let old = try typedPIN { () throws(JPKICardError) in try SignaturePIN(current) }
                    let replacement = try typedPIN { () throws(JPKICardError) in try SignaturePIN(new) }
                    let policy = pin.lastTry
                    change = { card async throws(JPKICardError) in
                        try await card.changeSignaturePIN(from: old, to: replacement, lastTry: policy)
                    }
                case .cardInfo:
                    let old = try typedPIN { () throws(JPKICardError) in try CardInfoPIN(current) }
                    let replacement = try typedPIN { () throws(JPKICardError) in try CardInfoPIN(new) }
                    let policy = pin.lastTry
                    change = { card async throws(JPKICardError) in
                        try await card.changeCardInfoPIN(from: old, to: replacement, lastTry: policy)
                    }
                }
                let (myNumberCard, transport, _) = try await card.open()
                try await withCard(transport) { () async throws(JPKICardError) in try await change(myNumberCard) }
                if card.json {
                    printJSON(["changed": kind.rawValue])
                } else {
                    print("The \(kind.rawValue) PIN was changed.")
                }
            }
        }
    }
}

/// Writes or prints a signature and its certificate.
private func printSignature(_ result: MyNumberCard.Signature, out: String?, certificateOut: String?, json: Bool) throws
{
    if let out { try writeFile(result.signature, to: out) }
    if let certificateOut { try writeFile(Array(certificatePEM(result.certificate).utf8), to: certificateOut) }
    if json {
        printJSON([
            "signature": Hex.encode(result.signature), "digest": result.digestInfo.algorithm.rawValue,
            "digestInfo": Hex.encode(result.digestInfo.encoded), "certificate": certificatePEM(result.certificate),
            "subject": result.certificate.subject.description,
        ])
        return
    }
    print("Signature (\(result.digestInfo.algorithm)): \(Hex.encode(result.signature))")
    print("Certificate: \(result.certificate.subject)")
}
