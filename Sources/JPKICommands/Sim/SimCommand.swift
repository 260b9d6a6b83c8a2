import ArgumentParser
import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509

/// `jpki sim`: run the software My Number Card behind vpcd, so that pcscd (and every PC/SC
/// application, OpenSC included) sees a card in the reader.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the simulated My Number Card behind vpcd until interrupted.",
        discussion: """
            The card appears in the vpcd reader of the port given ("Virtual PCD 00 00" for \
            35963, "00 01" for 35964). With --persona, the card is loaded from the file, or made \
            and saved there when the file does not exist; PIN counters and changed PINs are \
            saved as they change, so the same card comes back after a restart. Without it, a new \
            card of the sample persona 番号 花子 is made for this run only.

            Sample PINs: authentication 1234, signature ABC123. Stop with Ctrl-C.

            Examples:
              jpki sim --persona hanako.json --export pki/
              jpki sim --vpcd 127.0.0.1:35964 --token smartphone --refuse-extended
              (in another shell) jpki card status --reader "Virtual PCD 00 01"
            """
    )

    @Option(help: "The persona file (JSON): loaded when it exists, created otherwise.")
    var persona: String?

    @Option(help: "Where vpcd listens, HOST:PORT.")
    var vpcd = "127.0.0.1:35963"

    @Option(help: "The token the JPKI AP reports: card, juki or smartphone (new cards only).")
    var token = "card"

    @Flag(help: "Use the ATR of newer cards instead of the one OpenSC matches.")
    var newerATR = false

    @Option(name: .customLong("delay-ms"), help: "Fault injection: delay every response by this many milliseconds.")
    var delayMilliseconds = 0

    @Flag(help: "Fault injection: answer extended-length APDUs with 6700.")
    var refuseExtended = false

    @Option(help: "Fault injection: remove the card after this many command APDUs.")
    var removeAfter: Int?

    @Option(help: "Write the roots, the card's certificates and the CRLs (PEM/DER) to this directory.")
    var export: String?

    @Flag(help: "Print the card's summary as JSON.")
    var json = false

    func run() async throws {
        let (host, port) = try parseAddress(vpcd)
        let card: VirtualMyNumberCard
        do {
            card = try makeCard()
        } catch {
            throw fail(error.description)
        }
        card.faults = FaultInjection(
            responseDelay: Double(max(0, delayMilliseconds)) / 1000, refuseExtendedLength: refuseExtended)
        if let path = persona {
            let url = URL(fileURLWithPath: path)
            card.onStateChange { card in
                do {
                    try card.save(to: url)
                } catch {
                    printError("warning: \(error)")
                }
            }
        }
        if let export {
            do {
                try exportFiles(of: card, to: URL(fileURLWithPath: export))
            } catch {
                throw fail("cannot export to \(export): \(error)")
            }
        }
        let bridge = VPCDBridge(card: card, host: host, port: port)
        do {
            try bridge.start()
        } catch {
            throw fail("\(error) (is pcscd running with vsmartcard-vpcd?)")
        }
        if let removeAfter { bridge.removeCard(afterCommands: removeAfter) }
        printSummary(card, host: host, port: port)
        fflush(nil)  // every stream: scripts read the summary while the card runs

        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        let monitor = Task {
            // Reconnect when vpcd drops the connection (pcscd restarted).
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                if !bridge.isRunning && removeAfter == nil { try? bridge.start() }
            }
        }
        await signals.wait()
        monitor.cancel()
        bridge.stop()
        if let path = persona {
            do {
                try card.save(to: URL(fileURLWithPath: path))
            } catch {
                throw fail(error.description)
            }
        }
        if !json { printError("card removed; bye") }
    }

    private func makeCard() throws(SimulatorError) -> VirtualMyNumberCard {
        if let path = persona, FileManager.default.fileExists(atPath: path) {
            return try VirtualMyNumberCard.load(from: URL(fileURLWithPath: path))
        }
        var sample = Persona.sample
        switch token {
        case "card": sample.token = .myNumberCard
        case "juki": sample.token = .jukiCard
        case "smartphone": sample.token = .smartphone
        default: throw .persona(.invalidField("token", "card, juki or smartphone"))
        }
        let pki: TestPKI
        do {
            pki = try TestPKI()
        } catch {
            throw .certificate(error)
        }
        let card = try VirtualMyNumberCard(
            persona: sample, pki: pki, atr: newerATR ? VirtualMyNumberCard.newerATR : VirtualMyNumberCard.defaultATR)
        if let path = persona { try card.save(to: URL(fileURLWithPath: path)) }
        return card
    }

    private func parseAddress(_ text: String) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw fail("--vpcd must be HOST:PORT, e.g. 127.0.0.1:35963")
        }
        let host = String(text[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    private func printSummary(_ card: VirtualMyNumberCard, host: String, port: UInt16) {
        let persona = card.persona
        let credentials = card.credentials
        struct Summary: Encodable {
            var vpcd: String
            var reader: String
            var atr: String
            var name: String
            var address: String
            var myNumber: String
            var authenticationPIN: String
            var signaturePIN: String
            var authenticationCertificateSerial: String
            var signatureCertificateSerial: String
            var retriesLeft: [String: Int]
        }
        let summary = Summary(
            vpcd: "\(host):\(port)", reader: port >= 35963 ? "Virtual PCD 00 \(hex2(Int(port) - 35963))" : "vpcd",
            atr: Hex.encode(card.atr, separator: " "), name: persona.name, address: persona.address,
            myNumber: persona.myNumber, authenticationPIN: persona.authenticationPIN,
            signaturePIN: persona.signaturePIN,
            authenticationCertificateSerial: credentials.authenticationCertificate.serialNumberHex,
            signatureCertificateSerial: credentials.signatureCertificate.serialNumberHex,
            retriesLeft: Dictionary(uniqueKeysWithValues: card.retryCounters.map { ($0.key.rawValue, $0.value) }))
        if json {
            printJSON(summary)
            return
        }
        print("simulated My Number Card in \(summary.reader) (vpcd \(summary.vpcd)), ATR \(summary.atr)")
        print("  holder:  \(persona.name), \(persona.address), born \(persona.birthDate)")
        print("  PINs:    authentication \(persona.authenticationPIN), signature \(persona.signaturePIN)")
        print(
            "  tries:   authentication \(card.retriesLeft(.jpkiAuthentication)), signature \(card.retriesLeft(.jpkiSignature))"
        )
        print(
            "  certificates: authentication serial \(summary.authenticationCertificateSerial), "
                + "signature serial \(summary.signatureCertificateSerial)")
        print("stop with Ctrl-C")
    }

    private func hex2(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    private func exportFiles(of card: VirtualMyNumberCard, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let credentials = card.credentials
        func pem(_ certificate: Certificate) -> Data { Data(certificatePEM(certificate).utf8) }
        try pem(card.pki.signatureRoot).write(to: directory.appendingPathComponent("signature-root.pem"))
        try pem(card.pki.authenticationRoot).write(to: directory.appendingPathComponent("authentication-root.pem"))
        try pem(credentials.signatureCertificate).write(to: directory.appendingPathComponent("signature.pem"))
        try pem(credentials.authenticationCertificate).write(
            to: directory.appendingPathComponent("authentication.pem"))
        for (index, municipality) in card.pki.municipalities.enumerated() {
            let der = try card.pki.crlDER(
                purpose: municipality.purpose, prefecture: municipality.prefecture, city: municipality.city)
            let name = municipality.purpose == .signature ? "signature" : "authentication"
            try Data(der).write(to: directory.appendingPathComponent("crl-\(name)-\(index + 1).der"))
        }
        // The simulator's CV CA keys, for `jpki card genuine --trust-simulator-ca` (never trusted by default).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(card.pki.cardVerifiableCAKeys).write(to: directory.appendingPathComponent("cv-ca-keys.json"))
    }
}
