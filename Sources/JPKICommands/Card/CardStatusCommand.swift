import ArgumentParser
import JPKICard

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
}
