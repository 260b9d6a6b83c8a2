import ArgumentParser
import JPKICard

extension CardCommand {
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
                let myNumber = try pin.read(prompt: "My Number", as: VerificationNumberA.init(myNumber:))
                access = .verificationNumberA(myNumber)
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
}
