import ArgumentParser
import Foundation
import JPKIAPDU
import JPKICard
import JPKIPDF
import JPKIRevocationIndex
import JPKISimulator
import JPKIVerification
import JPKIX509

/// `jpki demo`: the whole JPKI story on the built-in simulated card (or a card in a reader), as
/// a narrative or as JSON.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole JPKI story on the simulated card (or a real one), step by step.",
        discussion: """
            With no options, a My Number Card is simulated in this process (番号 花子, fresh keys \
            and certificates from a test PKI shaped like J-LIS's) and the story runs on it: the \
            card's token and PIN tries; the user-authentication certificate read without a PIN \
            (かざし) and validated; a server challenge signed by the card and verified (chain to \
            the test root, CRL checked); the basic 4 information from the card-info application; \
            a document signed as CMS and verified, with the signer's 4 information; a one-page PDF \
            signed on the card (PAdES B-B, or B-T with a signature timestamp from --tsa) in the two \
            phases of jpki pdf sign and verified; an age check (the birth-date PIN, the \
            J-LIS-signed birth date); かざし with no PIN, the card's \
            genuineness checked with the key record kept from the age check (the simulator's CV \
            CA trusted because it is the simulated card); then a move that revokes the signature \
            certificate, the next day's CRL, the CRL diff, and the verifier saying revoked; last, \
            a forged card caught by the genuineness check. Each step shows its APDUs and time.

            With --reader, the card steps run on the card in that reader (PINs from --*-pin-env \
            variables, a no-echo prompt, or standard input), anchored on the six J-LIS roots \
            embedded in jpki (the card's CA certificates are named when they are among them) and \
            on --anchor files; CRLs come from --crl files only, and the steps say which were used. \
            The PDF, age, かざし, move and forgery steps are not run there.

            --tsa URL makes the PDF step PAdES B-T with that RFC 3161 timestamp authority; the \
            TSA's chain is verified against --tsa-anchor files (the demo's anchors when none is \
            given, which a public TSA's root is not). --pdf-out saves the signed PDF.

            Examples:
              jpki demo
              jpki demo --json
              jpki demo --tsa http://timestamp.example/ --tsa-anchor tsa-root.pem --pdf-out demo-signed.pdf
              AUTH=1234 SIGN=ABC123 INFO=1234 jpki demo --reader "Virtual PCD 00 01" \\
                  --auth-pin-env AUTH --sign-pin-env SIGN --card-info-pin-env INFO --crl auth-13101.crl

            Exit codes: 0 every step as expected, 1 a verification came out otherwise, 2 an error.
            """
    )

    @Flag(help: "Print the steps as JSON.")
    var json = false

    @Option(help: "Run the card steps on the card in this reader instead of the simulated card.")
    var reader: String?

    @Option(
        name: .customLong("auth-pin-env"),
        help: ArgumentHelp("With --reader: the environment variable holding the authentication PIN.", valueName: "NAME")
    )
    var authenticationPINEnvironment: String?

    @Option(
        name: .customLong("sign-pin-env"),
        help: ArgumentHelp("With --reader: the environment variable holding the signature PIN.", valueName: "NAME"))
    var signaturePINEnvironment: String?

    @Option(
        name: .customLong("card-info-pin-env"),
        help: ArgumentHelp("With --reader: the environment variable holding the card-info PIN.", valueName: "NAME"))
    var cardInfoPINEnvironment: String?

    @Option(
        help: "With --reader: a trust anchor certificate (PEM or DER) besides the embedded J-LIS roots; repeatable.")
    var anchor: [String] = []

    @Option(help: "With --reader: a CRL (DER or PEM) to check revocation with; repeatable.")
    var crl: [String] = []

    @Option(help: "An RFC 3161 timestamp authority's URL: the PDF step signs PAdES B-T (B-B without it).")
    var tsa: String?

    @Option(
        name: .customLong("tsa-anchor"),
        help: "A trust anchor (PEM or DER) for the timestamp authority's chain; repeatable.")
    var timestampAnchors: [String] = []

    @Option(name: .customLong("pdf-out"), help: "Write the PDF the demo signed here.")
    var pdfOut: String?

    init() {}

    func run() async throws {
        let start = ContinuousClock.now
        let now = Date()
        let narrate: ((DemoStep) -> Void)? = json ? nil : { Self.print($0) }
        let story: DemoStory
        let cardDescription: String
        let pdf = try pdfSettings()
        do {
            if let reader {
                (story, cardDescription) = try await realCard(reader, narrate: narrate)
            } else {
                (story, cardDescription) = try await simulatedCard(now: now, pdf: pdf, narrate: narrate)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("demo setup: \(error)")
        }
        if !json {
            Swift.print("jpki demo on \(cardDescription)")
            Swift.print("  trust anchors: \(story.side.anchorsDescription)")
            Swift.print("  CRLs: \(story.side.crlDescription)")
            Swift.print("")
        }
        var failure: String?
        do {
            try await story.run(now: now)
        } catch {
            failure = "\(error)"
        }
        let elapsed = ContinuousClock.now - start
        let total = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let allAsExpected = failure == nil && story.steps.allSatisfy(\.ok)
        let apdus = story.steps.map(\.apdus).reduce(0, +)
        if json {
            printJSON(
                DemoReport(
                    card: cardDescription, steps: story.steps, totalAPDUs: apdus, totalMilliseconds: total,
                    ok: allAsExpected))
        } else {
            Swift.print(
                String(format: "%d steps, %d APDUs, %.0f ms in all (setup included): ", story.steps.count, apdus, total)
                    + (allAsExpected ? "every step as expected" : "NOT as expected"))
        }
        if let failure { throw fail(failure) }
        if !allAsExpected { throw ExitStatus.negative }
    }

    /// Prints a step as a paragraph.
    static func print(_ step: DemoStep) {
        let counts = String(format: "%d APDU%@, %.1f ms", step.apdus, step.apdus == 1 ? "" : "s", step.milliseconds)
        Swift.print("\(step.number). \(step.title)  [\(counts)]\(step.ok ? "" : "  ← NOT AS EXPECTED")")
        for line in step.lines { Swift.print("   \(line)") }
        Swift.print("")
    }

    /// The PDF step's TSA, its anchors and the output path, from --tsa, --tsa-anchor, --pdf-out.
    func pdfSettings() throws -> DemoPDFSettings {
        var settings = DemoPDFSettings(outputPath: pdfOut)
        if let tsa {
            guard let url = URL(string: tsa), url.scheme == "http" || url.scheme == "https" else {
                throw fail("--tsa: not an http(s) URL: \(tsa)")
            }
            settings.timestampAuthority = TimestampClient(url: url)
        }
        if !timestampAnchors.isEmpty {
            let roots = try timestampAnchors.flatMap { try VerifyCommand.certificates($0) }
            settings.timestampVerifier = JPKIVerifier(anchors: TrustAnchors(custom: roots))
        }
        return settings
    }

    // MARK: The simulated card

    /// A simulated card of the sample persona, its test PKI's roots as anchors, and that PKI's
    /// CRLs of the persona's municipality in a CRL store.
    func simulatedCard(
        now: Date, pdf: DemoPDFSettings, narrate: ((DemoStep) -> Void)?
    ) async throws -> (DemoStory, String) {
        let today = Int64(now.timeIntervalSince1970)
        let pki = try TestPKI()
        let simulated = try VirtualMyNumberCard(persona: .sample, pki: pki, at: today - 86_400)
        // The simulator's CV CA keys are trusted because this is the simulated card (never by default).
        let card = MyNumberCard(
            transport: SimulatedCardTransport(card: simulated), cardVerifiableTrust: pki.cardVerifiableTrust)
        try await card.connect()
        let anchors = TrustAnchors(custom: [pki.signatureRoot, pki.authenticationRoot])
        let crls = CRLStore(anchors: anchors)
        let persona = simulated.persona
        var loaded: [String] = []
        for purpose in [JPKIPurpose.userAuthentication, .signature] {
            let installed = try crls.update(
                derEncoded: try pki.crlDER(
                    purpose: purpose, prefecture: persona.prefecture, city: persona.city, thisUpdate: today))
            loaded.append("\(purpose) \(persona.prefecture)\(persona.city) (\(installed.entryCount) entries)")
        }
        let side = DemoVerifierSide(
            anchors: anchors, crls: crls, verifier: JPKIVerifier(anchors: anchors, revocation: .hardFail(crls)),
            anchorsDescription: "the simulator's test roots (J-LIS-shaped, not the real J-LIS roots)",
            crlDescription: "today's CRLs of the persona's municipality: " + loaded.joined(separator: "; "))
        let pins = DemoPINs(
            authenticationText: { persona.authenticationPIN }, signatureText: { persona.signaturePIN },
            cardInfoText: { persona.cardInfoPIN }, birthDateText: { persona.birthDatePIN })
        let story = DemoStory(card: card, simulated: simulated, side: side, pins: pins, pdf: pdf, narrate: narrate)
        return (story, "the simulated My Number Card of \(persona.name) (in-process, no reader)")
    }

    // MARK: A real card

    /// The card in `readerName`; anchors: the embedded J-LIS roots (the card's CA certificates
    /// named when among them) and --anchor; CRLs from --crl.
    func realCard(_ readerName: String, narrate: ((DemoStep) -> Void)?) async throws -> (DemoStory, String) {
        let transport = PCSCTransport(reader: readerName)
        let card = MyNumberCard(transport: transport)
        do {
            try await card.connect()
        } catch {
            throw fail("\(readerName): \(error)")
        }
        var anchors = TrustAnchors.jlis
        var anchorNotes = ["the six J-LIS roots embedded in jpki"]
        for kind in [JPKIApplication.CertificateKind.authenticationCA, .signatureCA] {
            let certificate = try await card.readCertificate(kind)
            if let root = JLISRoot.identify(certificate) {
                anchorNotes.append("the card's \(kind) certificate is the \(root)")
            } else {
                anchorNotes.append("the card's \(kind) certificate is not a J-LIS root, not trusted")
            }
        }
        for path in anchor {
            for document in try InputFile.documentsOrExit(path, labels: ["CERTIFICATE"], kind: "certificate") {
                do {
                    anchors = anchors.adding(custom: try Certificate(derEncoded: document.der))
                } catch {
                    throw fail("\(path): \(error)")
                }
                anchorNotes.append("\(path) (custom)")
            }
        }
        let crls = CRLStore(anchors: anchors)
        var crlNotes: [String] = []
        for path in crl {
            guard FileManager.default.isReadableFile(atPath: path) else { throw fail("\(path): cannot read") }
            do {
                let installed = try crls.update(contentsOfFile: path)
                crlNotes.append("\(path) (\(installed.entryCount) entries, thisUpdate \(installed.thisUpdate))")
            } catch {
                // A CRL that is there but unusable is a negative result, not a usage error.
                printError("invalid: CRL \(path): \(error)")
                throw ExitStatus.negative
            }
        }
        let revocation: RevocationPolicy = crl.isEmpty ? .none : .hardFail(crls)
        let side = DemoVerifierSide(
            anchors: anchors, crls: crls, verifier: JPKIVerifier(anchors: anchors, revocation: revocation),
            anchorsDescription: anchorNotes.joined(separator: "; "),
            crlDescription: crlNotes.isEmpty
                ? "none given (--crl): revocation is NOT checked" : crlNotes.joined(separator: "; "))
        let authentication = PINInput(environmentVariable: authenticationPINEnvironment, optionName: "--auth-pin-env")
        let signature = PINInput(environmentVariable: signaturePINEnvironment, optionName: "--sign-pin-env")
        let cardInfo = PINInput(environmentVariable: cardInfoPINEnvironment, optionName: "--card-info-pin-env")
        let cache = PINCache()
        let pins = DemoPINs(
            authenticationText: { try cache.value("auth") { try authentication.read(prompt: "Authentication PIN") } },
            signatureText: { try cache.value("sign") { try signature.read(prompt: "Signature PIN") } },
            cardInfoText: { try cache.value("info") { try cardInfo.read(prompt: "Card-info PIN") } })
        let story = DemoStory(card: card, simulated: nil, side: side, pins: pins, narrate: narrate)
        return (story, "the card in \(readerName)")
    }
}

/// Asks for each PIN once per run (the demo uses the signature PIN twice).
final class PINCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    func value(_ key: String, _ read: () throws -> String) throws -> String {
        if let known = lock.withLock({ values[key] }) { return known }
        let value = try read()
        lock.withLock { values[key] = value }
        return value
    }
}
