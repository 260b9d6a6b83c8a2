// Writes the committed seeds of the card, channel, simulator and CMS fuzz targets from the
// simulator (a VirtualMyNumberCard of the sample persona and a fresh TestPKI), and the CMS
// target's fixed test anchor and CRL (Sources/CMSFuzz/CMSTestPKI.swift); the output replaces the
// seeds of Fuzz/seeds/{HostileCardFuzz,CardChannelFuzz,CardFilesFuzz,SimulatorFuzz,CMSFuzz}/.
//
// It is built like the fuzz targets (one build configuration for the package: libFuzzer
// supplies `main`), and does its work in `LLVMFuzzerInitialize`, then exits:
// `scripts/fuzz.sh --seeds` runs `FUZZ_SEEDS_ROOT=<repository root> Fuzz/bin/FuzzSeeds`.

import CardFuzzKit
import Foundation
import FuzzSupport
import JPKIAPDU
import JPKICard
import JPKISimulator
import JPKIVerification
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    guard let path = ProcessInfo.processInfo.environment["FUZZ_SEEDS_ROOT"] else {
        FileHandle.standardError.write(Data("FuzzSeeds: set FUZZ_SEEDS_ROOT to the repository root\n".utf8))
        exit(2)
    }
    let failure: String? = runBlocking {
        do {
            try await generateSeeds(root: URL(fileURLWithPath: path))
            return nil
        } catch {
            return "\(error)"
        }
    }
    if let failure {
        FileHandle.standardError.write(Data("FuzzSeeds failed: \(failure)\n".utf8))
        exit(1)
    }
    exit(0)
}

func generateSeeds(root: URL) async throws {
    let seeds = root.appendingPathComponent("Fuzz/seeds")
    let now: Int64 = 1_748_736_000

    /// Empties a target's seed directory of what this program wrote before; the inputs kept
    /// from findings (`finding-*`) stay.
    func reset(_ target: String) throws -> URL {
        let directory = seeds.appendingPathComponent(target)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where !name.hasPrefix("finding-") {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        return directory
    }

    func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }

    /// The sample persona's secrets, as the simulator expects them.
    let persona = Persona.sample
    let simulatorPINs = try PINSet(
        authentication: persona.authenticationPIN, signature: persona.signaturePIN, cardInfo: persona.cardInfoPIN,
        numberA: persona.verificationNumberA, numberB: persona.verificationNumberB, newAuthentication: "5930",
        newSignature: "JR4TV8NB2C", newCardInfo: "1597", birthDate: persona.birthDatePIN)

    let pki = try TestPKI()
    let pristine = try VirtualMyNumberCard(persona: persona, pki: pki, at: now)

    /// A card as made, counters full (the PIN changes of a seed are not kept).
    func freshCard() throws -> VirtualMyNumberCard {
        try VirtualMyNumberCard(persona: persona, credentials: pristine.credentials, pki: pki)
    }

    /// The operations with the flags that reach their successful path on the simulator.
    var operations: [(CardOperation, UInt8, String)] = []
    for operation in CardOperation.allCases {
        switch operation {
        case .readAuthenticationCertificate:
            operations += [(operation, 0x00, "nopin"), (operation, 0x02, "pin")]
        case .readCertificate:
            for kind in 0..<4 { operations.append((operation, UInt8(kind << 1) | 0x18, "kind\(kind)")) }
        case .authenticate, .signMessage, .signDigestInfo, .signWithAuthenticationKey:
            operations += [(operation, 0x00, "sha256"), (operation, 0x02, "sha1")]
        case .readBasicInformationAccess, .readMyNumber:
            for variant in 0..<3 { operations.append((operation, UInt8(variant << 1), "access\(variant)")) }
        case .readCardInfo:
            for variant in 0..<3 { operations.append((operation, UInt8(variant << 1) | 0x60, "access\(variant)")) }
        case .readCardSurface:
            operations += [(operation, 0x00, "numberB"), (operation, 0x02, "numberA")]
        case .pinStatusOne:
            for kind in 0..<PINKind.allCases.count { operations.append((operation, UInt8(kind << 1), "kind\(kind)")) }
        case .jpkiClient:
            for variant in 0..<10 { operations.append((operation, UInt8(variant << 1) | 0x20, "variant\(variant)")) }
        case .cardInfoClient:
            for variant in 0..<7 { operations.append((operation, UInt8(variant << 1) | 0x60, "variant\(variant)")) }
        case .cardSurfaceClient:
            for variant in 0..<6 { operations.append((operation, UInt8(variant << 1) | 0x20, "variant\(variant)")) }
        case .readKeyRecord:
            for variant in 0..<3 { operations.append((operation, UInt8(variant << 1), "access\(variant)")) }
        case .checkGenuineness:
            for variant in [0, 2] { operations.append((operation, UInt8(variant << 1) | 0x20, "variant\(variant)")) }
        case .kazashi:
            operations += [(operation, 0x00, "nopin"), (operation, 0x40, "card-challenge")]
        case .verifyAge:
            operations += [(operation, 0x00, "card-challenge"), (operation, 0x20, "caller-challenge")]
        default:
            operations.append((operation, 0x00, "default"))
        }
    }

    let hostile = try reset("HostileCardFuzz")
    let files = try reset("CardFilesFuzz")
    let simulator = try reset("SimulatorFuzz")
    var written = 0
    var simulatorSeeds = 0
    for (operation, flags, name) in operations {
        for extended in [true, false] {
            let card = try freshCard()
            let recorder = RecordingTransport(SimulatedCardTransport(card: card))
            let myNumberCard = MyNumberCard(transport: recorder, extendedLength: extended ? .unknown : .unsupported)
            var seed: [UInt8] = [extended ? 0 : 1]
            if operation == .jpkiClient || operation == .cardInfoClient || operation == .cardSurfaceClient {
                // The AP clients assume their AP selected and verified: the seed's first two
                // operations select it and verify through the same client (a PIN, number A).
                let verifyFlags: UInt8 =
                    switch operation {
                    case .jpkiClient: 6 << 1
                    case .cardInfoClient: 9 << 1
                    default: 2 << 1 | 0x20
                    }
                for preludeFlags in [UInt8(0), verifyFlags] {
                    _ = await CardOperations.perform(
                        operation, flags: OperationFlags(preludeFlags), on: myNumberCard, pins: simulatorPINs)
                    seed += [operation.rawValue, preludeFlags] + recorder.drainEncoded()
                }
            }
            let facts = await CardOperations.perform(
                operation, flags: OperationFlags(flags), on: myNumberCard, pins: simulatorPINs)
            let commands = recorder.commands
            seed += [operation.rawValue, flags] + recorder.drainEncoded()
            let base = "\(operation)-\(name)\(extended ? "" : "-chunked")"
            if seed.count <= 16_384 {
                try write(seed, base + ".bin", in: hostile)
                written += 1
            }
            if case .failure(let error) = facts.outcome {
                print("   note: \(facts.label) (\(name)) fails on the simulator: \(error)")
            }
            // The simulator target: the same commands, each [length][bytes].
            if extended {
                var commandSeed: [UInt8] = [0, 0]
                for command in commands where command.count <= 255 { commandSeed += [UInt8(command.count)] + command }
                try write(commandSeed, "\(operation)-\(name).apdus", in: simulator)
                simulatorSeeds += 1
            }
            // The files target: the files in the order the operation first reads them.
            if extended {
                var application: CardApplicationKind?
                var current: UInt16?
                var order: [(CardApplicationKind, UInt16)] = []
                for command in commands {
                    guard let apdu = try? CommandAPDU(encoded: command) else { continue }
                    if apdu.ins == 0xA4, apdu.p1 == 0x04 { application = CardApplicationKind(aid: apdu.data) }
                    if apdu.ins == 0xA4, apdu.p1 == 0x02, apdu.data.count == 2 {
                        current = UInt16(apdu.data[0]) << 8 | UInt16(apdu.data[1])
                    }
                    if apdu.ins == 0xB0, let application, let current,
                        !order.contains(where: { $0.0 == application && $0.1 == current }),
                        !(application == .cardInfo && current == 0x0003)
                    {
                        order.append((application, current))
                    }
                }
                var fileSeed: [UInt8] = [2, operation.rawValue, flags]
                for (application, file) in order {
                    let contents = pristine.fileContents(application, file) ?? []
                    fileSeed += [UInt8(contents.count >> 8 & 0xFF), UInt8(contents.count & 0xFF)] + contents
                }
                if !order.isEmpty, fileSeed.count <= 16_384 { try write(fileSeed, base + ".files", in: files) }
            }
        }
    }
    print("HostileCardFuzz: \(written) seeds; SimulatorFuzz: \(simulatorSeeds)")

    // The last-try paths: a PIN with one try left, refused and allowed; a blocked PIN.
    for (tries, flags, name) in [(1, UInt8(0), "last-try-refused"), (1, 1, "last-try-allowed"), (0, 0, "blocked")] {
        let card = try freshCard()
        card.setRetriesLeft(tries, for: .jpkiAuthentication)
        let recorder = RecordingTransport(SimulatedCardTransport(card: card))
        let myNumberCard = MyNumberCard(transport: recorder)
        _ = await CardOperations.perform(
            .authenticate, flags: OperationFlags(flags), on: myNumberCard, pins: simulatorPINs)
        try write(
            [0, CardOperation.authenticate.rawValue, flags] + recorder.drainEncoded(), "authenticate-\(name).bin",
            in: hostile)
    }

    // CardChannelFuzz: reads of the authentication certificate, extended and chunked, recorded after
    // the selection; GET RESPONSE and 6C chains written by hand.
    let channelSeeds = try reset("CardChannelFuzz")
    for extended in [true, false] {
        let card = try freshCard()
        let recorder = RecordingTransport(SimulatedCardTransport(card: card))
        let channel = CardChannel(transport: recorder, extendedLength: extended ? .unknown : .unsupported)
        _ = try await channel.sendExpectingSuccess(.selectApplication(CardApplication.jpki.aid))
        _ = try await channel.sendExpectingSuccess(.selectFile(0x000A))
        _ = recorder.drainEncoded()
        _ = try await channel.readWholeFile()
        try write(
            [extended ? 0 : 1, 1, 0x00, 0x7F, 0xFF] + recorder.drainEncoded(),
            "readWholeFile\(extended ? "" : "-chunked").bin", in: channelSeeds)
        _ = try await channel.readBinary(offset: 16, length: 600)
        try write(
            [extended ? 0 : 1, 0, 0x00, 0x10, 0x00, 0x02, 0x58] + recorder.drainEncoded(),
            "readBinary\(extended ? "" : "-chunked").bin", in: channelSeeds)
    }
    // send: 61 10 then GET RESPONSE data; 6C 08 then the data.
    try write(
        [0, 2, 0x00, 0x20] + AnswerCoding.encode(.response([0x61, 0x10]))
            + AnswerCoding.encode(.response([UInt8](repeating: 0x41, count: 16) + [0x90, 0x00])), "send-61.bin",
        in: channelSeeds)
    try write(
        [0, 2, 0x00, 0x20] + AnswerCoding.encode(.response([0x6C, 0x08]))
            + AnswerCoding.encode(.response([UInt8](repeating: 0x42, count: 8) + [0x90, 0x00])), "send-6C.bin",
        in: channelSeeds)
    try write(
        [0, 3, 0x01] + AnswerCoding.encode(.response([0x6C, 0x04])) + AnswerCoding.encode(.response([0x90, 0x00])),
        "verify-6C.bin", in: channelSeeds)

    // CMS: a signature root, two signature certificates (one revoked), the municipality's CRL, and
    // messages signed as a card signs.
    let cmsSeeds = try reset("CMSFuzz")
    let cmsPKI = try TestPKI()
    let leafKey = try SigningKey(generatingRSABits: 2048)
    let issued: Int64 = 1_735_689_600
    let good = try cmsPKI.issueSignatureCertificate(
        for: persona, publicKey: try leafKey.subjectPublicKeyInfo, at: issued)
    let revoked = try cmsPKI.issueSignatureCertificate(
        for: persona, publicKey: try leafKey.subjectPublicKeyInfo, at: issued)
    try cmsPKI.revoke(revoked, reason: .keyCompromise, at: now - 86_400)
    let crl = try cmsPKI.crlDER(
        purpose: .signature, prefecture: persona.prefecture, city: persona.city, thisUpdate: now - 3600)
    let document = Array("請求書 No. 42\nTotal: 10,000 JPY\n".utf8)
    for (certificate, name) in [(good, "good"), (revoked, "revoked")] {
        for detached in [false, true] where name == "good" || !detached {
            let builder = CMSSignedDataBuilder(
                content: document, signerCertificate: certificate, detached: detached,
                signingTime: Date(timeIntervalSince1970: TimeInterval(now - 60)))
            let der = builder.build(signature: try leafKey.sign(builder.signedAttributesDER))
            try write([detached ? 1 : 0] + der, "\(name)-\(detached ? "detached" : "attached").der", in: cmsSeeds)
        }
    }
    /// Base64 of `bytes` as a Swift array of string literals of 76 characters (one a line).
    func literal(_ bytes: [UInt8]) -> String {
        let text = Data(bytes).base64EncodedString()
        var lines: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            lines.append("        \"\(text[index..<end])\",")
            index = end
        }
        return "[\n" + lines.joined(separator: "\n") + "\n    ].joined()"
    }
    let anchorSource = """
        // Generated by FuzzSeeds (scripts/fuzz.sh --seeds) with the seeds of Fuzz/seeds/CMSFuzz/:
        // the signature root of a TestPKI made for the fuzz target and its CRL of the sample
        // persona's municipality (thisUpdate 2025-05-31T23:00:00Z), base64 DER. Test data: no
        // secret here.

        enum CMSTestPKI {
            static let root = \(literal(cmsPKI.signatureRoot.derEncoded))
            static let crl = \(literal(crl))
        }

        """
    try anchorSource.write(
        to: root.appendingPathComponent("Fuzz/SDKFuzz/Sources/CMSFuzz/CMSTestPKI.swift"), atomically: true,
        encoding: .utf8)
    print("CMSFuzz: seeds and CMSTestPKI.swift written")
}
