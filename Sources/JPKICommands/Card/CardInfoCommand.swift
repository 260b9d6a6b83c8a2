import ArgumentParser
import JPKICard

extension CardCommand {
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
            let cardInfoPIN = try pin.read(prompt: "Card-info PIN", as: CardInfoPIN.init)
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
}
