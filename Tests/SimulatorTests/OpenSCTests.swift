import Foundation
import JPKIAPDU
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// Where OpenSC and pcscd are, and whether the vpcd reader 00 01 is there.
enum OpenSCEnvironment {
    /// The reader these tests use: "Virtual PCD 00 01" (port 35964), so they never meet the APDU
    /// tests, which use 00 00.
    static let reader = "Virtual PCD 00 01"
    static let port: UInt16 = 35964

    static let pkcs15Tool = ToolPaths.find(["/usr/bin/pkcs15-tool", "/usr/local/bin/pkcs15-tool"])
    static let pkcs11Tool = ToolPaths.find(["/usr/bin/pkcs11-tool", "/usr/local/bin/pkcs11-tool"])
    static let module = [
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/opensc-pkcs11.so", "/usr/local/lib/opensc-pkcs11.so",
    ].first { FileManager.default.fileExists(atPath: $0) }

    /// Whether pcscd lists the reader and OpenSC's tools and module are installed.
    static let available: Bool = {
        guard pkcs15Tool != nil, pkcs11Tool != nil, module != nil, OpenSSLCLI.available else { return false }
        let semaphore = DispatchSemaphore(value: 0)
        let found = Counter()
        Task {
            if let readers = try? await PCSC.readers(), readers.contains(where: { $0.name == reader }) {
                found.increment()
            }
            semaphore.signal()
        }
        semaphore.wait()
        return found.value > 0
    }()

    static let why: Comment =
        "needs pcscd with the vpcd reader \"Virtual PCD 00 01\", OpenSC (pkcs15-tool, pkcs11-tool, opensc-pkcs11.so) and openssl"

    /// The `jpki` executable built beside the tests.
    static var jpki: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("jpki")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}

/// OpenSC's jpki driver against the simulator through real pcscd and vpcd: what a JPKI user's
/// software stack does with a real card.
@Suite("OpenSC through pcscd and vpcd", .serialized, .enabled(if: OpenSCEnvironment.available, OpenSCEnvironment.why))
struct OpenSCTests {
    let reader = OpenSCEnvironment.reader

    /// Inserts a fresh sample card into reader 00 01, runs `body`, removes it and waits until
    /// pcscd sees the reader empty.
    func withInsertedCard(_ body: @Sendable (VirtualMyNumberCard) async throws -> Void) async throws {
        // The reader is shared with other test targets' tests, which run in the same process.
        try await VirtualReaderLock.shared.run(port: OpenSCEnvironment.port) {
            try await insertCard(body)
        }
    }

    private func insertCard(_ body: @Sendable (VirtualMyNumberCard) async throws -> Void) async throws {
        let card = try SimulatorFixtures.sampleCard()
        try await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(15))
        let bridge = VPCDBridge(card: card, port: OpenSCEnvironment.port)
        try bridge.start()
        do {
            _ = try await PCSC.waitForCard(in: reader, timeout: .seconds(15))
            try await body(card)
        } catch {
            bridge.stop()
            try? await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(15))
            throw error
        }
        bridge.stop()
        try await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(15))
    }

    func pkcs15(_ arguments: [String]) throws -> ProcessResult {
        try runTool(OpenSCEnvironment.pkcs15Tool ?? "pkcs15-tool", ["--reader", reader] + arguments)
    }

    func pkcs11(_ arguments: [String]) throws -> ProcessResult {
        try runTool(
            OpenSCEnvironment.pkcs11Tool ?? "pkcs11-tool", ["--module", OpenSCEnvironment.module ?? ""] + arguments)
    }

    /// The PKCS #11 slot ID (e.g. `0x5`) of the token labelled `label` in this test's reader.
    func slot(label: String) throws -> String? {
        let listed = try pkcs11(["--list-slots"])
        var current: String?
        for line in listed.output.split(separator: "\n") {
            if line.hasPrefix("Slot ") {
                // "Slot 2 (0x5): Virtual PCD 00 01"
                current =
                    line.contains(reader)
                    ? line.split(separator: "(").dropFirst().first?.split(separator: ")").first.map(String.init) : nil
            } else if let id = current, line.contains("token label"), line.hasSuffix(label) {
                return id
            }
        }
        return nil
    }

    /// The "Tries left" values of `pkcs15-tool --list-pins`, in order (authentication, signature).
    func triesLeft() throws -> [Int] {
        let result = try pkcs15(["--list-pins"])
        #expect(result.status == 0, "\(result.error)")
        return result.output.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains("Tries left") else { return nil }
            return Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
        }
    }

    /// The DER of a PEM certificate file.
    func der(ofPEM url: URL) throws -> [UInt8] {
        try Certificate(pemEncoded: String(decoding: try Data(contentsOf: url), as: UTF8.self)).derEncoded
    }

    @Test("pkcs15-tool --list-certificates lists the four certificates; the signature one is read only after its PIN")
    func listCertificates() async throws {
        try await withInsertedCard { card in
            let listed = try pkcs15(["--list-certificates"])
            #expect(listed.status == 0, "\(listed.error)")
            #expect(listed.output.contains("X.509 Certificate [User Authentication Certificate]"))
            #expect(listed.output.contains("X.509 Certificate [Digital Signature Certificate]"))
            #expect(listed.output.contains("X.509 Certificate [User Authentication Certificate CA]"))
            #expect(listed.output.contains("X.509 Certificate [Digital Signature Certificate CA]"))
            let authenticationSerial = card.authenticationCertificate.serialNumberHex
            let signatureSerial = card.signatureCertificate.serialNumberHex
            #expect(listed.output.contains(authenticationSerial))
            // Without the PIN the signature certificate cannot be read (69 82): no serial shown.
            #expect(!listed.output.contains(signatureSerial))
            card.reset()
            let unlocked = try pkcs15(["--verify-pin", "--auth-id", "02", "--pin", "ABC123", "--list-certificates"])
            #expect(unlocked.status == 0, "\(unlocked.error)")
            #expect(unlocked.output.contains(signatureSerial))
        }
    }

    @Test("pkcs15-tool --read-certificate returns the simulator's certificates byte for byte")
    func readCertificates() async throws {
        try await withInsertedCard { card in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            for (id, expected) in [
                ("01", card.authenticationCertificate), ("03", card.credentials.authenticationCACertificate),
                ("04", card.credentials.signatureCACertificate),
            ] {
                let file = directory.appendingPathComponent("\(id).pem")
                let result = try pkcs15(["--read-certificate", id, "--output", file.path])
                #expect(result.status == 0, "\(id): \(result.error)")
                #expect(try der(ofPEM: file) == expected.derEncoded)
            }
            // The signature certificate: refused without the PIN, read after it.
            card.reset()
            let refused = try pkcs15([
                "--read-certificate", "02", "--output", directory.appendingPathComponent("x").path,
            ])
            #expect(refused.status != 0)
            card.reset()
            let file = directory.appendingPathComponent("02.pem")
            let result = try pkcs15([
                "--verify-pin", "--auth-id", "02", "--pin", "ABC123", "--read-certificate", "02", "--output", file.path,
            ])
            #expect(result.status == 0, "\(result.error)")
            #expect(try der(ofPEM: file) == card.signatureCertificate.derEncoded)
        }
    }

    @Test("pkcs11-tool --login --sign --mechanism SHA256-RSA-PKCS with the auth key verifies with openssl dgst -verify")
    func signWithPKCS11() async throws {
        try await withInsertedCard { card in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let data = directory.appendingPathComponent("data.txt")
            try Data("ログインの挑戦 challenge 12345".utf8).write(to: data)
            let signature = directory.appendingPathComponent("signature.bin")
            let publicKey = directory.appendingPathComponent("auth-public.pem")
            try Data(
                PEMDocument(
                    label: "PUBLIC KEY", der: Array(card.authenticationCertificate.subjectPublicKeyInfo.derEncoded)
                )
                .pemString.utf8
            ).write(to: publicKey)
            card.resetAccounting()
            let signed = try pkcs11([
                "--slot-description", reader, "--login", "--pin", "1234", "--sign", "--mechanism", "SHA256-RSA-PKCS",
                "--input-file", data.path, "--output-file", signature.path,
            ])
            #expect(signed.status == 0, "\(signed.output) \(signed.error)")
            #expect(try Data(contentsOf: signature).count == 256)
            #expect(card.accounting.count(.computeDigitalSignature) == 1)
            let verified = try OpenSSLCLI.run([
                "dgst", "-sha256", "-verify", publicKey.path, "-signature", signature.path, data.path,
            ])
            #expect(verified.status == 0, "\(verified.output) \(verified.error)")
            #expect(verified.output.contains("Verified OK"))

            // The signature key, through its own token (slot) and PIN.
            card.reset()
            let signaturePublicKey = directory.appendingPathComponent("sign-public.pem")
            try Data(
                PEMDocument(label: "PUBLIC KEY", der: Array(card.signatureCertificate.subjectPublicKeyInfo.derEncoded))
                    .pemString.utf8
            ).write(to: signaturePublicKey)
            let slot = try #require(try slot(label: "JPKI (Digital Signature PIN)"))
            let signedDocument = try pkcs11([
                "--slot", slot, "--login", "--pin", "ABC123", "--sign", "--id", "02",
                "--mechanism", "SHA256-RSA-PKCS", "--input-file", data.path, "--output-file", signature.path,
            ])
            #expect(signedDocument.status == 0, "\(signedDocument.output) \(signedDocument.error)")
            let documentVerified = try OpenSSLCLI.run([
                "dgst", "-sha256", "-verify", signaturePublicKey.path, "-signature", signature.path, data.path,
            ])
            #expect(documentVerified.output.contains("Verified OK"), "\(documentVerified.error)")
        }
    }

    @Test("wrong PINs decrement the counters that pkcs15-tool --list-pins shows; a right one restores them")
    func wrongPINs() async throws {
        try await withInsertedCard { card in
            #expect(try triesLeft() == [3, 5])
            let wrong = try pkcs15(["--verify-pin", "--auth-id", "01", "--pin", "0000"])
            #expect(wrong.status != 0)
            #expect(try triesLeft() == [2, 5])
            #expect(card.retriesLeft(.jpkiAuthentication) == 2)
            _ = try pkcs15(["--verify-pin", "--auth-id", "02", "--pin", "WRONG9"])
            _ = try pkcs15(["--verify-pin", "--auth-id", "02", "--pin", "WRONG8"])
            #expect(try triesLeft() == [2, 3])
            let right = try pkcs15(["--verify-pin", "--auth-id", "01", "--pin", "1234"])
            #expect(right.status == 0, "\(right.error)")
            card.reset()
            #expect(try triesLeft() == [3, 3])
        }
    }

    @Test(
        "jpki sim serves a persona file through vpcd, saves its counters, and stops on SIGINT",
        .enabled(if: OpenSCEnvironment.jpki != nil, "needs the jpki executable beside the tests"))
    func simCommand() async throws {
        try await VirtualReaderLock.shared.run(port: OpenSCEnvironment.port) { try await runSimCommand() }
    }

    private func runSimCommand() async throws {
        let executable = try #require(OpenSCEnvironment.jpki)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let personaFile = directory.appendingPathComponent("persona.json")
        try SimulatorFixtures.sampleCard().save(to: personaFile)
        try await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(15))

        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "sim", "--persona", personaFile.path, "--vpcd", "127.0.0.1:\(OpenSCEnvironment.port)", "--export",
            directory.appendingPathComponent("export").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        do {
            _ = try await PCSC.waitForCard(in: reader, timeout: .seconds(20))
            #expect(try triesLeft() == [3, 5])
            _ = try pkcs15(["--verify-pin", "--auth-id", "01", "--pin", "9999"])
            #expect(try triesLeft() == [2, 5])
            let exported = try der(ofPEM: directory.appendingPathComponent("export/authentication.pem"))
            let file = directory.appendingPathComponent("read.pem")
            _ = try pkcs15(["--read-certificate", "01", "--output", file.path])
            #expect(try der(ofPEM: file) == exported)
            // The CV CA keys for `jpki card genuine --trust-simulator-ca`: both of the simulator's.
            let keys = try JSONDecoder().decode(
                [CardVerifiableCAKey].self,
                from: Data(contentsOf: directory.appendingPathComponent("export/cv-ca-keys.json")))
            #expect(keys.map(\.role) == [.cardSurface, .cardInfo])
        } catch {
            process.interrupt()
            process.waitUntilExit()
            throw error
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try await PCSC.waitForCardRemoval(in: reader, timeout: .seconds(15))
        let summary = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(summary.contains("Virtual PCD 00 01"))
        let loaded = try VirtualMyNumberCard.load(from: personaFile)
        #expect(loaded.retriesLeft(.jpkiAuthentication) == 2)
    }
}
