import ArgumentParser
import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKIX509

/// The options every card operation takes.
struct CardOptions: ParsableArguments {
    @Option(help: "The reader to use (default: the first with a card).")
    var reader: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// Connects to the card in the reader, or exits 2 with the reason. `cardVerifiableTrust` is
    /// the CV CA keys the genuineness checks trust (J-LIS's production keys by default).
    func open(cardVerifiableTrust: CardVerifiableTrust = .jlis) async throws -> (MyNumberCard, PCSCTransport, String) {
        let name = try await chooseReader(reader)
        let transport = PCSCTransport(reader: name)
        let card = MyNumberCard(transport: transport, cardVerifiableTrust: cardVerifiableTrust)
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

    /// Reads the PIN from ``input`` and types it with `make`, or exits 2 with the reason (nothing
    /// sent to the card).
    func read<PIN>(prompt: String, as make: (String) throws(JPKICardError) -> PIN) throws -> PIN {
        let text = try input.read(prompt: prompt)
        return try typedPIN { () throws(JPKICardError) in try make(text) }
    }
}

/// Runs `body`, turning a card error into its one-line message and exit code 2 (1 for data that
/// fail their integrity or authenticity check), and disconnecting afterwards.
func withCard<Result>(
    _ transport: PCSCTransport, _ body: () async throws(JPKICardError) -> Result
) async throws -> Result {
    do {
        let result = try await body()
        try? await transport.disconnect()
        return result
    } catch {
        try? await transport.disconnect()
        switch error {
        case .integrityCheckFailed, .authenticityCheckFailed:
            // A negative result: the card's data are not what the card (or J-LIS) vouches for.
            printError("error: \(error.description)")
            throw ExitStatus.negative
        default:
            break
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

/// The reader named `name`, or the first reader with a card; or exits 2 with the reason.
func chooseReader(_ name: String?) async throws -> String {
    do throws(CardError) {
        let readers = try await PCSC.readers()
        if let name {
            guard readers.contains(where: { $0.name == name }) else { throw .unknownReader(name) }
            return name
        }
        guard !readers.isEmpty else { throw .noReaders }
        guard let withCard = readers.first(where: \.cardPresent) else { throw .noCard }
        return withCard.name
    } catch {
        throw fail(error.description)
    }
}

/// The digest algorithm named by a `--digest` option (`sha256`, …), or exit 2 naming the choices.
func digestAlgorithm(_ name: String) throws -> DigestAlgorithm {
    guard let algorithm = DigestAlgorithm(rawValue: name) else {
        throw fail("unknown digest \(name) (\(DigestAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return algorithm
}

/// The CV CA keys a genuineness or age check trusts: J-LIS's production keys, and the
/// simulator's only when named with `--trust-simulator-ca` (never by default).
struct CardVerifiableTrustOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also trust the simulator's CV CA keys in this JSON file (`jpki sim --export DIR` writes DIR/cv-ca-keys.json). Never for a real card.",
            valueName: "FILE"))
    var trustSimulatorCA: String?

    /// The trust, or exit 2 when the file cannot be read.
    func trust() throws -> CardVerifiableTrust {
        guard let path = trustSimulatorCA else { return .jlis }
        let bytes = try InputFile.bytesOrExit(path)
        let keys: [CardVerifiableCAKey]
        do {
            keys = try JSONDecoder().decode([CardVerifiableCAKey].self, from: Data(bytes))
        } catch {
            throw fail("\(path): not a JSON array of CV CA keys (\(error.localizedDescription))")
        }
        guard !keys.isEmpty else { throw fail("\(path): no CV CA keys") }
        return CardVerifiableTrust.jlis.adding(keys)
    }
}
