import ArgumentParser
import JPKIAPDU
import JPKIASN1

extension CardCommand {
    /// `jpki card readers`.
    struct Readers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the readers, whether a card is present, and its ATR.",
            discussion: """
                Examples:
                  jpki card readers
                  jpki card readers --json
                """
        )

        @Flag(help: "Print the readers as JSON.")
        var json = false

        func run() async throws {
            let readers: [PCSC.Reader]
            do {
                readers = try await PCSC.readers()
            } catch {
                throw fail(error.description)
            }
            if json {
                struct Entry: Encodable {
                    var name: String
                    var cardPresent: Bool
                    var atr: String?
                }
                let entries = readers.map {
                    Entry(name: $0.name, cardPresent: $0.cardPresent, atr: $0.cardPresent ? Hex.encode($0.atr) : nil)
                }
                printJSON(["readers": entries])
                return
            }
            if readers.isEmpty { print("no readers") }
            for reader in readers {
                print(
                    reader.cardPresent
                        ? "\(reader.name): card \(Hex.encode(reader.atr, separator: " "))" : "\(reader.name): empty")
            }
        }
    }
}
