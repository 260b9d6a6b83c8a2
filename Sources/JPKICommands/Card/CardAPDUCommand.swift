import ArgumentParser
import JPKIAPDU
import JPKIASN1

extension CardCommand {
    /// `jpki card apdu HEX...`.
    struct SendAPDU: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apdu",
            abstract: "Send raw command APDUs and print the responses (like `opensc-tool -s`).",
            discussion: """
                Each argument is one command APDU in hexadecimal (spaces or colons allowed inside \
                quotes). `61 xx` responses are completed with GET RESPONSE and `6C xx` answered \
                with the right Le. The exit code is 1 when a response's status word is not 9000.

                Example: jpki card apdu 00A4040C0AD392F000260100000001 00A4020C020006 00B0000014
                """
        )

        @Option(help: "The reader to use (default: the first with a card).")
        var reader: String?

        @Flag(help: "Print the exchanges as JSON.")
        var json = false

        @Argument(help: "Command APDUs in hexadecimal.")
        var commands: [String]

        func run() async throws {
            var parsed: [[UInt8]] = []
            for text in commands {
                guard let bytes = Hex.decode(text), bytes.count >= 4 else {
                    throw fail("not a command APDU in hexadecimal: \(text)")
                }
                parsed.append(bytes)
            }
            let readerName = try await chooseReader(reader)
            let transport = PCSCTransport(reader: readerName)
            struct Exchange: Encodable {
                var command: String
                var response: String
                var statusWord: String
                var meaning: String
            }
            var exchanges: [Exchange] = []
            var allSucceeded = true
            do {
                _ = try await transport.connect()
                let channel = CardChannel(transport: transport)
                for command in parsed {
                    let response = try await channel.send(raw: command)
                    allSucceeded = allSucceeded && response.statusWord.isSuccess
                    let exchange = Exchange(
                        command: CommandAPDU.redactedHex(command), response: Hex.encode(response.data),
                        statusWord: Hex.encode([response.statusWord.sw1, response.statusWord.sw2]),
                        meaning: response.statusWord.description)
                    exchanges.append(exchange)
                    if !json {
                        print("→ \(exchange.command)")
                        print(
                            "← \(response.data.isEmpty ? "" : Hex.encode(response.data, separator: " ") + " ")\(response.statusWord)"
                        )
                    }
                }
                try? await transport.disconnect()
            } catch let error as APDUError {
                try? await transport.disconnect()
                throw fail(error.description)
            } catch let error as CardError {
                throw fail(error.description)
            }
            if json { printJSON(["reader": AnyEncodable(readerName), "exchanges": AnyEncodable(exchanges)]) }
            if !allSucceeded { throw ExitStatus.negative }
        }
    }
}
