// libFuzzer target: the parsers of the card's data files, reached through the public API. The
// card is honest at the APDU level (SELECT, READ BINARY at offsets with short or extended Le, the
// retry query answering 63 C3, every VERIFY accepted, COMPUTE DIGITAL SIGNATURE answering 256
// bytes); the files it serves come from the input: the token info, the four certificates, the My
// Number (`FF 10`), the basic 4 information (`FF 20` with `DF 21`…`DF 25`), the hash file
// (`FF 30`), the card-surface entries (`FF 20`) and the My Number image (`FF 40`).
//
// Input: [flags][operation selector][operation flags], then the files in the order the
// operation selects them, each [length (2 bytes)][bytes]. Flags bit 0: extended length refused
// by the card (chunked reads); bit 1: the hash file is made by the harness from the served My
// Number and basic-4 files (SHA-256 of the object each starts with, as the card's issuer would,
// and a signature DF 33 from the input), so that the parsers past the integrity check are reached.
//
// Oracles (trap with a message):
//  - no crash or hang; errors are typed and name the card's data (malformedData,
//    integrityCheckFailed, authenticityCheckFailed, status, accessDenied), never invalidArgument
//    nor a transport error;
//  - integrity: a My Number or basic 4 information is returned only when the hash file served
//    holds the SHA-256 of the object read from its file (the object's length read by this file's
//    own header parser);
//  - what is returned comes from the files: a certificate is exactly the object its file starts
//    with; the My Number's digits, the name and address text, the images of the card face are in
//    the file they were read from; a My Number has a valid check digit; an unknown token name is
//    in EF 0006.

import CardFuzzKit
import Foundation
import FuzzSupport
import JPKIAPDU
import JPKICard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    runBlocking { await CardFilesFuzz.run(bytes) }
    return 0
}

/// The honest card: files served from the input when first selected.
final class FileCard: CardTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var reader: FuzzReader
    let refuseExtended: Bool
    let computeHashes: Bool
    private var application: [UInt8]?
    private var current: UInt16?
    private(set) var served: [String: [UInt8]] = [:]
    private var commands = 0

    static let jpki: [UInt8] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
    static let cardInfo: [UInt8] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08]
    static let cardSurface: [UInt8] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02]
    static let pinFiles: [[UInt8]: Set<UInt16>] = [
        jpki: [0x0018, 0x001B], cardInfo: [0x0011, 0x0014, 0x0015], cardSurface: [0x0011, 0x0012, 0x0013],
    ]
    static let keyFiles: Set<UInt16> = [0x0017, 0x001A]

    init(reader: FuzzReader, refuseExtended: Bool, computeHashes: Bool) {
        self.reader = reader
        self.refuseExtended = refuseExtended
        self.computeHashes = computeHashes
    }

    func connect() async throws(CardError) -> [UInt8] { ScriptedTransport.atr }
    func disconnect() async throws(CardError) {}
    func reset() async throws(CardError) -> [UInt8] { ScriptedTransport.atr }

    static func key(_ application: [UInt8]?, _ file: UInt16) -> String {
        "\(hexString(application ?? [])):\(hexString([UInt8(file >> 8), UInt8(file & 0xFF)]))"
    }

    /// The bytes of `file` of the selected application, served from the input the first time.
    private func contents(_ file: UInt16) -> [UInt8] {
        let key = Self.key(application, file)
        if let bytes = served[key] { return bytes }
        let bytes: [UInt8]
        if computeHashes, application == Self.cardInfo, file == 0x0003 {
            // The card's layout: DF 31 and DF 32 (a file not served yet gets a zero digest), then
            // the signature DF 33 (256 bytes from the input: no fuzz input is signed by J-LIS, so
            // the data come back marked not verified, or refused under a required policy).
            var body: [UInt8] = []
            for (source, tag) in [(UInt16(0x0001), UInt8(0x31)), (0x0002, 0x32)] {
                if let data = served[Self.key(Self.cardInfo, source)], let length = objectLength(data),
                    length <= data.count
                {
                    body += [0xDF, tag, 0x20] + sha256(Array(data.prefix(length)))
                } else {
                    body += [0xDF, tag, 0x20] + [UInt8](repeating: 0, count: 32)
                }
            }
            var signature = reader.take(256)
            signature += [UInt8](repeating: 0, count: 256 - signature.count)
            body += [0xDF, 0x33, 0x82, 0x01, 0x00] + signature
            bytes = [0xFF, 0x30, 0x82, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
        } else {
            bytes = reader.take(reader.uint16())
        }
        served[key] = bytes
        return bytes
    }

    func transmit(_ bytes: [UInt8]) async throws(CardError) -> [UInt8] {
        lock.withLock { answer(bytes) }
    }

    private func answer(_ bytes: [UInt8]) -> [UInt8] {
        commands += 1
        guard commands <= 2048 else { return [0x6F, 0x00] }
        guard let command = try? CommandAPDU(encoded: bytes) else { return [0x67, 0x00] }
        let extended = bytes.count >= 7 && bytes[4] == 0x00
        if extended && refuseExtended { return [0x67, 0x00] }
        switch (command.cla, command.ins) {
        case (0x00, 0xA4) where command.p1 == 0x04:
            guard [Self.jpki, Self.cardInfo, Self.cardSurface].contains(command.data) else { return [0x6A, 0x82] }
            application = command.data
            current = nil
            return [0x90, 0x00]
        case (0x00, 0xA4) where command.p1 == 0x02 && command.data.count == 2:
            guard application != nil else { return [0x6A, 0x82] }
            current = UInt16(command.data[0]) << 8 | UInt16(command.data[1])
            return [0x90, 0x00]
        case (0x00, 0xB0):
            guard let file = current, let le = command.expectedLength else { return [0x69, 0x86] }
            let data = contents(file)
            let offset = Int(command.p1) << 8 | Int(command.p2)
            guard offset < data.count else { return [0x6B, 0x00] }
            let slice = Array(data[offset..<min(data.count, offset + le)])
            let wantsMaximum = le == 65_536 || (!extended && le == 256)
            return slice + (slice.count < le && !wantsMaximum ? [0x62, 0x82] : [0x90, 0x00])
        case (0x00, 0x20):
            guard let file = current, let application, Self.pinFiles[application]?.contains(file) == true else {
                return [0x69, 0x86]
            }
            return command.data.isEmpty ? [0x63, 0xC3] : [0x90, 0x00]
        case (0x00, 0x24): return [0x90, 0x00]
        case (0x80, 0x2A):
            guard let file = current, Self.keyFiles.contains(file) else { return [0x69, 0x86] }
            return [UInt8](repeating: 0x5A, count: 256) + [0x90, 0x00]
        default: return [0x6D, 0x00]
        }
    }

    func file(_ application: [UInt8], _ file: UInt16) -> [UInt8]? {
        lock.withLock { served[Self.key(application, file)] }
    }
}

/// SHA-256 through the SDK's public DigestInfo.
func sha256(_ bytes: [UInt8]) -> [UInt8] { DigestInfo(hashing: bytes, with: .sha256).digest }

enum CardFilesFuzz {
    static let pins: PINSet = {
        do {
            return try PINSet(
                authentication: "4711", signature: "QZ7WX9KP3M", cardInfo: "8264", numberA: "123456789018",
                numberB: "85040120335678", newAuthentication: "5930", newSignature: "JR4TV8NB2C", newCardInfo: "1597",
                birthDate: "580412")
        } catch {
            fuzzFailure("the harness's PINs are invalid: \(error)")
        }
    }()

    static func run(_ input: [UInt8]) async {
        var reader = FuzzReader(input)
        let flags = reader.byte()
        let selector = reader.byte()
        let operationFlags = OperationFlags(reader.byte())
        let card = FileCard(reader: reader, refuseExtended: flags & 1 == 1, computeHashes: flags & 2 == 2)
        let myNumberCard = MyNumberCard(
            transport: card, logger: CapturingLogHandler.logger("fuzz.files", capture: LogCapture()))
        let operation = CardOperation(selector: selector)
        let facts = await CardOperations.perform(operation, flags: operationFlags, on: myNumberCard, pins: pins)
        for problem in facts.problems { fail("\(facts.label): \(problem)", input) }
        switch facts.outcome {
        case .failure(let error):
            switch error {
            case .malformedData, .integrityCheckFailed, .authenticityCheckFailed, .status, .accessDenied:
                _ = error.description
            default: fail("\(facts.label): unexpected error \(error)", input)
            }
        case .success(let text):
            checkSuccess(facts.label, text, card: card, input)
        }
    }

    /// What a successful call returned comes from the files, past their integrity check.
    static func checkSuccess(_ label: String, _ text: String, card: FileCard, _ input: [UInt8]) {
        let readsCardInfo =
            label.contains("MyNumber") || label.contains("BasicInformation") || label.contains("CardInfo")
            || label == "cardInfo.read"
        if readsCardInfo {
            for (file, tag) in [(UInt16(0x0001), UInt8(0x31)), (0x0002, 0x32)] {
                if let bytes = card.file(FileCard.cardInfo, file) {
                    checkHashed(bytes, tag: tag, card: card, label, input)
                }
            }
        }
        let returnsCertificate =
            (label.lowercased().contains("certificate") && !label.contains("DER")) || label.hasPrefix("authenticate")
            || label.hasPrefix("sign")
        guard returnsCertificate else { return }
        for file: UInt16 in [0x000A, 0x000B, 0x0001, 0x0002] {
            guard let der = card.file(FileCard.jpki, file), let length = objectLength(der), length <= der.count else {
                continue
            }
            if text.contains(hexString(sha256(Array(der.prefix(length))))) { return }
        }
        fail("\(label): the certificate returned is no file's object: \(text.prefix(200))", input)
    }

    /// The file's object must have its SHA-256 under `DF tag` in the hash file served.
    static func checkHashed(_ file: [UInt8], tag: UInt8, card: FileCard, _ label: String, _ input: [UInt8]) {
        guard let length = objectLength(file), length <= file.count else {
            fail("\(label): a result from a file whose object does not read", input)
        }
        let digest = sha256(Array(file.prefix(length)))
        guard let hashes = card.file(FileCard.cardInfo, 0x0003), containsRun(hashes, digest) else {
            fail("\(label): data returned without its hash (DF \(hexString([tag]))) in EF 0003", input)
        }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        fuzzFailure(message, input: input, target: "CardFilesFuzz")
    }
}
