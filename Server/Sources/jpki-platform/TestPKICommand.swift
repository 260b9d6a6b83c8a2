import ArgumentParser
import Foundation
import JPKIASN1
import JPKICard
import JPKIPlatform
import JPKISimulator
import JPKIX509

/// `jpki-platform test-pki`: the simulator's test PKI and card for trying the platform out.
struct TestPKICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-pki",
        abstract: "A simulated My Number Card and its test PKI, for trying the platform (never trusted by default).",
        subcommands: [Initialize.self, Revoke.self, Sign.self, LogInBodies.self])

    /// `test-pki init DIR`.
    struct Initialize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Make a test PKI and a card of 番号 花子 in DIR (card.json), with the day's CRLs in DIR/crl.")

        @Argument(help: "The directory.")
        var directory: String

        func run() async throws {
            let folder = TestPKIDirectory(path: directory)
            let card = try folder.create()
            let files = try folder.writeCRLs(
                of: card, day: TestPKIDirectory.day(offset: -1), thisUpdate: TestPKI.now() - 7200)
            print("card: \(folder.cardPath) (authentication PIN 1234, signature PIN ABC123)")
            for file in files { print("CRL: \(file)") }
        }
    }

    /// `test-pki revoke DIR`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract:
                "Revoke the card's signature certificate (a move: affiliationChanged) and write the next day's CRLs.")

        @Argument(help: "The directory made by test-pki init.")
        var directory: String

        func run() async throws {
            let folder = TestPKIDirectory(path: directory)
            let card = try folder.loadCard()
            do {
                try card.pki.revoke(card.credentials.signatureCertificate, reason: .affiliationChanged)
                try card.save(to: URL(fileURLWithPath: folder.cardPath))
            } catch {
                throw commandFailure("cannot revoke: \(error)")
            }
            let files = try folder.writeCRLs(of: card, day: folder.nextDay(), thisUpdate: TestPKI.now())
            print("revoked: signature certificate, serial \(card.credentials.signatureCertificate.serialNumberHex)")
            for file in files { print("CRL: \(file)") }
        }
    }

    /// `test-pki sign DIR`.
    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract:
                "Sign a challenge with the simulated card (through its APDUs, with its PINs) and print the request body.",
            discussion: """
                --for login prints {challengeId, certificate, signature} for POST /v1/login;
                --for registration prints the body of POST /v1/customers (both keys sign).
                """)

        @Argument(help: "The directory made by test-pki init.")
        var directory: String

        @Option(help: "The challenge's identifier.")
        var challengeId: String?

        @Option(help: "The challenge (base64), as POST /v1/challenges gave it.")
        var challenge: String?

        @Option(
            help: "The JSON POST /v1/challenges answered (a file, or - for standard input), instead of the two above.")
        var challengeResponse: String?

        @Option(name: .customLong("for"), help: "login or registration.")
        var operation: String = "login"

        func run() async throws {
            var (challengeId, challenge) = (self.challengeId, self.challenge)
            if let source = challengeResponse {
                let data =
                    source == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: source)
                guard let data,
                    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let id = object["challengeId"] as? String, let bytes = object["challenge"] as? String
                else {
                    throw ValidationError("--challenge-response: not the JSON of POST /v1/challenges")
                }
                (challengeId, challenge) = (id, bytes)
            }
            guard let challengeId, let challenge else {
                throw ValidationError("give --challenge-response, or --challenge-id and --challenge")
            }
            guard let nonce = Data(base64Encoded: challenge).map(Array.init), !nonce.isEmpty else {
                throw ValidationError("--challenge: not base64")
            }
            let card = try TestPKIDirectory(path: directory).loadCard()
            let reader = MyNumberCard(transport: SimulatedCardTransport(card: card))
            let persona = card.persona
            var body: [String: String] = ["challengeId": challengeId]
            do {
                _ = try await reader.connect()
                let authentication = try await reader.authenticate(
                    challenge: nonce, pin: try UserAuthenticationPIN(persona.authenticationPIN))
                switch operation {
                case "login":
                    body["certificate"] = Data(authentication.certificate.derEncoded).base64EncodedString()
                    body["signature"] = Data(authentication.signature).base64EncodedString()
                case "registration":
                    let signature = try await reader.sign(message: nonce, pin: try SignaturePIN(persona.signaturePIN))
                    body["signatureCertificate"] = Data(signature.certificate.derEncoded).base64EncodedString()
                    body["signature"] = Data(signature.signature).base64EncodedString()
                    body["authenticationCertificate"] = Data(authentication.certificate.derEncoded)
                        .base64EncodedString()
                    body["authenticationSignature"] = Data(authentication.signature).base64EncodedString()
                default:
                    throw ValidationError("--for: login or registration")
                }
            } catch let error as JPKICardError {
                throw commandFailure("the simulated card: \(error)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(body), as: UTF8.self))
        }
    }
}

/// A test PKI's directory: `card.json` (the card with its PKI) and `crl/`.
struct TestPKIDirectory {
    let path: String

    var cardPath: String { (path as NSString).appendingPathComponent("card.json") }
    var crlPath: String { (path as NSString).appendingPathComponent("crl") }

    /// Makes a new PKI and card (refusing to overwrite one).
    func create() throws -> VirtualMyNumberCard {
        guard !FileManager.default.fileExists(atPath: cardPath) else {
            throw commandFailure("\(cardPath) exists: use another directory, or remove it first")
        }
        do {
            try FileManager.default.createDirectory(atPath: crlPath, withIntermediateDirectories: true)
            let card = try VirtualMyNumberCard(persona: .sample, pki: try TestPKI())
            try card.save(to: URL(fileURLWithPath: cardPath))
            return card
        } catch let error as ExitCode {
            throw error
        } catch {
            throw commandFailure("cannot make the test PKI in \(path): \(error)")
        }
    }

    /// The card (and its PKI) kept here.
    func loadCard() throws -> VirtualMyNumberCard {
        do {
            return try VirtualMyNumberCard.load(from: URL(fileURLWithPath: cardPath))
        } catch {
            throw commandFailure("\(cardPath): \(error) (make it with jpki-platform test-pki init \(path))")
        }
    }

    /// Writes one CRL per partition for `day`, issued at `thisUpdate`; returns the files.
    func writeCRLs(of card: VirtualMyNumberCard, day: String, thisUpdate: Int64) throws -> [String] {
        var files: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: crlPath, withIntermediateDirectories: true)
            var counts: [String: Int] = [:]
            for municipality in card.pki.municipalities {
                let purpose = municipality.purpose == .signature ? "signature" : "authentication"
                counts[purpose, default: 0] += 1
                let der = try card.pki.crlDER(
                    purpose: municipality.purpose, prefecture: municipality.prefecture, city: municipality.city,
                    thisUpdate: thisUpdate)
                let file = (crlPath as NSString).appendingPathComponent("\(purpose)-\(counts[purpose] ?? 1).\(day).crl")
                try Data(der).write(to: URL(fileURLWithPath: file), options: .atomic)
                files.append(file)
            }
        } catch {
            throw commandFailure("cannot write the CRLs to \(crlPath): \(error)")
        }
        return files
    }

    /// The day after the newest day in `crl/`.
    func nextDay() -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: crlPath)) ?? []
        let newest = names.compactMap { CRLDirectory.parseFileName($0)?.day }.max()
        guard let newest, let date = Self.formatter.date(from: newest) else { return Self.day(offset: 0) }
        return Self.formatter.string(from: date.addingTimeInterval(86_400))
    }

    /// Today (UTC) plus `offset` days, `YYYY-MM-DD`.
    static func day(offset: Int) -> String {
        formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    private static var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }
}
