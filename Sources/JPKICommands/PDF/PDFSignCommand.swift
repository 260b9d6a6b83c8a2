import ArgumentParser
import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKIPDF
import JPKISimulator
import JPKIX509

/// `jpki pdf sign IN.pdf --out OUT.pdf`.
struct PDFSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a PDF with the card's signature key in an incremental update (PAdES).",
        discussion: """
            The original bytes stay untouched: the signature field (invisible; with --visible \
            PAGE,X,Y,WIDTH,HEIGHT a box in points on that page showing who signed and when, or \
            the --visible-text lines), the signature dictionary and the CMS are appended. Levels: b-b (the signature), b-t (with a \
            signature timestamp from --tsa), b-lt (then a DSS with the chain and the CRLs), b-lta \
            (then a document timestamp from --tsa). The signature PIN comes from --pin-env, a \
            no-echo prompt, or standard input.

            With --simulated, a My Number Card is simulated in this process (番号 花子, a fresh \
            test PKI); its PIN is the sample persona's unless --pin-env names one, and --root-out \
            saves the test PKI's signature root to verify the result with.

            Examples:
              jpki pdf sign contract.pdf --out signed.pdf --reason 承認
              jpki pdf sign contract.pdf --out signed.pdf --level b-lta --tsa http://tsa.example/ --crl sign.crl
              jpki pdf sign contract.pdf --out signed.pdf --simulated --root-out root.pem
              jpki pdf sign contract.pdf --out signed.pdf --visible 1,360,72,200,60

            Exit codes: 0 signed, 2 bad input or an error.
            """)

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case bB = "b-b"
        case bT = "b-t"
        case bLT = "b-lt"
        case bLTA = "b-lta"
    }

    @Argument(help: "The PDF to sign.")
    var file: String

    @Option(help: "Write the signed PDF here.")
    var out: String

    @Flag(help: "Sign with a simulated My Number Card (in-process) instead of a card in a reader.")
    var simulated = false

    @Option(help: "The PAdES level: b-b, b-t, b-lt or b-lta.")
    var level: Level = .bB

    @Option(help: "The RFC 3161 timestamp authority's URL (b-t, b-lta).")
    var tsa: String?

    @Option(help: "/Reason.")
    var reason: String?

    @Option(help: "/Location.")
    var location: String?

    @Option(help: "/ContactInfo.")
    var contactInfo: String?

    @Option(help: "Write adbe for /SubFilter /adbe.pkcs7.detached (older readers) instead of PAdES.")
    var compat: String?

    @Option(name: .customLong("crl"), help: "A CRL (DER) to put in the DSS (b-lt, b-lta); repeatable.")
    var crls: [String] = []

    @Option(
        help: ArgumentHelp(
            "A visible signature: the page (from 1) and the box's lower-left corner, width and height in points.",
            valueName: "PAGE,X,Y,WIDTH,HEIGHT"))
    var visible: String?

    @Option(name: .customLong("visible-text"), help: "With --visible: a line of text in the box; repeatable.")
    var visibleText: [String] = []

    @Option(help: "With --simulated: write the test PKI's signature root (PEM) here.")
    var rootOut: String?

    @OptionGroup var card: CardOptions
    @OptionGroup var pin: PINOptions

    func run() async throws {
        let input: PDFDocument
        do {
            input = try PDFDocument(contentsOfFile: file)
        } catch {
            throw fail("\(file): \(error)")
        }
        var format = PDFSignatureOptions.Format.pades
        if let compat {
            guard compat == "adbe" else { throw fail("--compat: only adbe (adbe.pkcs7.detached)") }
            format = .adbePKCS7
        }
        var authority: TimestampClient?
        if let tsa {
            guard let url = URL(string: tsa), url.scheme == "http" || url.scheme == "https" else {
                throw fail("--tsa: not an http(s) URL: \(tsa)")
            }
            authority = TimestampClient(url: url)
        }
        if level != .bB, authority == nil { throw fail("--level \(level.rawValue) needs --tsa URL") }
        var appearance: PDFSignatureAppearance?
        if let visible {
            do {
                appearance = try PDFSignatureAppearance(parsing: visible)
            } catch {
                throw fail("--visible: \(error)")
            }
            if !visibleText.isEmpty { appearance?.lines = visibleText }
        } else if !visibleText.isEmpty {
            throw fail("--visible-text needs --visible PAGE,X,Y,WIDTH,HEIGHT")
        }
        var crlData: [[UInt8]] = []
        for path in crls {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
            crlData.append([UInt8](data))
        }
        let (signer, simulatedPKI) = try await makeSigner()
        if let simulatedPKI {
            if let rootOut { try writeFile(Array(certificatePEM(simulatedPKI.signatureRoot).utf8), to: rootOut) }
            if crlData.isEmpty, level == .bLT || level == .bLTA {
                let persona = Persona.sample
                crlData.append(
                    try simulatedPKI.crlDER(purpose: .signature, prefecture: persona.prefecture, city: persona.city))
            }
        }
        let options = PDFSignatureOptions(
            format: format, reason: reason, location: location, contactInfo: contactInfo,
            timestampAuthority: level == .bB ? nil : authority, appearance: appearance)
        var signed: [UInt8]
        do {
            signed = try await PDFSigning.sign(input, with: signer, options: options)
            if level == .bLT || level == .bLTA {
                let chain = try await signer.certificateChain()
                let roots = simulatedPKI.map { [$0.signatureRoot] } ?? []
                signed = try PDFSigning.addDocumentSecurityStore(
                    to: try PDFDocument(bytes: signed), certificates: chain + roots, crls: crlData)
            }
            if level == .bLTA, let authority {
                signed = try await PDFSigning.addDocumentTimestamp(
                    to: try PDFDocument(bytes: signed), authority: authority)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
        try writeFile(signed, to: out)
        if card.json {
            printJSON(["out": out, "level": level.rawValue, "bytes": "\(signed.count)"])
        } else {
            print("signed \(file) → \(out) (\(level.rawValue.uppercased()), \(signed.count) bytes)")
        }
    }

    /// The card in the reader, or the simulated one, as a signer.
    private func makeSigner() async throws -> (any PDFSigner, TestPKI?) {
        if simulated {
            do {
                let pki = try TestPKI()
                let virtual = try VirtualMyNumberCard(persona: .sample, pki: pki, at: TestPKI.now() - 86_400)
                let myNumberCard = MyNumberCard(transport: SimulatedCardTransport(card: virtual))
                try await myNumberCard.connect()
                let text =
                    pin.pinEnvironment == nil
                    ? virtual.persona.signaturePIN : try pin.input.read(prompt: "Signature PIN")
                let signaturePIN = try typedPIN { () throws(JPKICardError) in try SignaturePIN(text) }
                return (CardPDFSigner(card: myNumberCard, pin: signaturePIN, lastTry: pin.lastTry), pki)
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("simulated card: \(error)")
            }
        }
        let text = try pin.input.read(prompt: "Signature PIN")
        let signaturePIN = try typedPIN { () throws(JPKICardError) in try SignaturePIN(text) }
        let (myNumberCard, _, _) = try await card.open()
        return (CardPDFSigner(card: myNumberCard, pin: signaturePIN, lastTry: pin.lastTry), nil)
    }
}
