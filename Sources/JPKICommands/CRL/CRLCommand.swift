import JPKIASN1
import ArgumentParser
import Foundation
import JPKIRevocationIndex
import JPKISimulator
import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `jpki crl …`: read CRLs, look serial numbers up, compare two CRLs, generate large ones.
struct CRLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl",
        abstract: "Certificate revocation lists: info, bulk lookups, differences, generation.",
        discussion: """
            CRL files may be DER (memory-mapped) or PEM. Serial numbers are written as OpenSSL \
            prints them: upper-case hexadecimal of the magnitude, `-` first when negative.
            """,
        subcommands: [Info.self, Lookup.self, Diff.self, Generate.self]
    )

    // MARK: info

    /// `jpki crl info FILE`.
    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a CRL's fields, extensions and entry statistics.",
            discussion: """
                Every entry is read and checked. With --issuer, the signature is verified too and \
                the exit code is 1 when it does not verify.

                Examples:
                  jpki crl info today.crl
                  jpki crl info --json today.crl
                """
        )

        @Argument(help: "A CRL file (DER or PEM).")
        var file: String

        @Option(help: "The issuer's certificate (PEM or DER), to verify the CRL's signature.")
        var issuer: String?

        @Flag(help: "List every entry (serial, date, reason).")
        var entries = false

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let crl = try loadCRL(file)
            var count = 0
            var reasons: [String: Int] = [:]
            var listed: [EntryOutput] = []
            let progress = Progress(label: "reading entries", enabled: crl.byteCount > 16 << 20)
            do {
                var iterator = crl.makeEntryIterator()
                while let entry = try iterator.next() {
                    count += 1
                    reasons[entry.reason?.description ?? "(none)", default: 0] += 1
                    if entries { listed.append(EntryOutput(entry)) }
                    if count & 0xFFFF == 0 { progress.update(Double(entry.offset) / Double(crl.byteCount)) }
                }
                progress.finish()
            } catch {
                progress.finish()
                throw fail(error.description)
            }
            var signatureValid: Bool?
            if let issuer {
                let certificate = try loadCertificate(issuer)
                signatureValid = crl.isSignature(validFor: certificate)
            }
            let output = InfoOutput(
                file: file, crl: crl, entryCount: count, reasons: reasons, signatureValid: signatureValid,
                entries: entries ? listed : nil)
            if json {
                printJSON(output)
            } else {
                output.printText()
            }
            if signatureValid == false { throw ExitStatus.negative }
        }
    }

    // MARK: lookup

    /// `jpki crl lookup --crl FILE --serials FILE`.
    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look many serial numbers up in a CRL.",
            discussion: """
                The serials file holds one hexadecimal serial per line (an optional 0x or - \
                prefix; blank lines are skipped). Prints each revoked serial with its revocation \
                date and reason, in the order of the file. Load time (reading and indexing the \
                CRL) and lookup time are measured inside the process and given with --json. Exit \
                code 1 when at least one serial is revoked, 0 when none is.

                Examples:
                  jpki crl lookup --crl today.crl --serials customers.txt
                  jpki crl lookup --crl today.crl --serials customers.txt --count-only --json
                """
        )

        @Option(help: "The CRL file (DER, memory-mapped, or PEM).")
        var crl: String

        @Option(help: "A file of serial numbers, one hexadecimal serial a line.")
        var serials: String

        @Flag(help: "Print only the number of revoked serials.")
        var countOnly = false

        @Option(help: "Threads for the bulk lookup.")
        var threads = 2

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let clock = ContinuousClock()
            let loadStart = clock.now
            let list = try loadCRL(crl)
            let progress = Progress(label: "indexing", enabled: list.byteCount > 16 << 20)
            let index: RevocationIndex
            do {
                index = try RevocationIndex(list, progress: { progress.update($0) })
                progress.finish()
            } catch {
                progress.finish()
                throw fail(error.description)
            }
            let loadSeconds = seconds(loadStart.duration(to: clock.now))

            let probes = try SerialFile.read(serials)
            var offsets = [UInt32](repeating: RevocationIndex.notRevoked, count: probes.values.count)
            var longOffsets: [Int?] = []
            let lookupStart = clock.now
            var revoked = probes.values.withUnsafeBufferPointer { values in
                offsets.withUnsafeMutableBufferPointer { index.lookup(values, into: $0, threads: threads) }
            }
            longOffsets = probes.long.map { index.entryOffset(serialNumber: $0.content) }
            revoked += longOffsets.lazy.filter { $0 != nil }.count
            let lookupSeconds = seconds(lookupStart.duration(to: clock.now))

            var results: [EntryOutput] = []
            if !countOnly {
                // Revoked serials in the order of the file.
                var hits: [(line: Int, offset: Int)] = []
                for (slot, offset) in offsets.enumerated() where offset != RevocationIndex.notRevoked {
                    hits.append((probes.valueLines[slot], Int(offset)))
                }
                for (slot, offset) in longOffsets.enumerated() {
                    if let offset { hits.append((probes.long[slot].line, offset)) }
                }
                hits.sort { $0.line < $1.line }
                results = hits.compactMap { hit in index.crl.entry(atOffset: hit.offset).map(EntryOutput.init) }
            }
            if json {
                struct Output: Encodable {
                    var crl: String
                    var entries: Int
                    var indexBytes: Int
                    var probes: Int
                    var revoked: Int
                    var loadSeconds: Double
                    var lookupSeconds: Double
                    var threads: Int
                    var results: [EntryOutput]?
                }
                printJSON(
                    Output(
                        crl: crl, entries: index.count, indexBytes: index.memoryFootprint,
                        probes: probes.values.count + probes.long.count, revoked: revoked, loadSeconds: loadSeconds,
                        lookupSeconds: lookupSeconds, threads: threads, results: countOnly ? nil : results))
            } else if countOnly {
                print(revoked)
            } else {
                var text = ""
                for result in results {
                    text += "\(result.serial) \(result.revocationDate) \(result.reason ?? "-")\n"
                }
                writeStandardOutput(text)
            }
            if revoked > 0 { throw ExitStatus.negative }
        }
    }

    // MARK: diff

    /// `jpki crl diff OLD NEW`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two CRLs: serials newly revoked, and serials no longer listed.",
            discussion: """
                Prints `+ SERIAL DATE REASON` for each serial the new CRL lists and the old one does \
                not, then `- SERIAL DATE REASON` for each serial the old CRL lists and the new one \
                does not, in the order of their CRL.

                Examples:
                  jpki crl diff yesterday.crl today.crl
                  jpki crl diff --json yesterday.crl today.crl | jq '.newlyRevoked[].serial'
                """
        )

        @Argument(help: "The older CRL.")
        var old: String

        @Argument(help: "The newer CRL.")
        var new: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let clock = ContinuousClock()
            let start = clock.now
            let oldIndex = try buildIndex(try loadCRL(old))
            let newIndex = try buildIndex(try loadCRL(new))
            if oldIndex.crl.issuer != newIndex.crl.issuer {
                printError(
                    "warning: the CRLs have different issuers (\(oldIndex.crl.issuer) and \(newIndex.crl.issuer))")
            }
            let diff = RevocationIndex.diff(old: oldIndex, new: newIndex)
            let elapsed = seconds(start.duration(to: clock.now))
            let added = diff.newlyRevoked.map(EntryOutput.init)
            let removed = diff.noLongerListed.map(EntryOutput.init)
            if json {
                struct Output: Encodable {
                    var old: String
                    var new: String
                    var oldEntries: Int
                    var newEntries: Int
                    var seconds: Double
                    var newlyRevoked: [EntryOutput]
                    var noLongerListed: [EntryOutput]
                }
                printJSON(
                    Output(
                        old: old, new: new, oldEntries: oldIndex.count, newEntries: newIndex.count, seconds: elapsed,
                        newlyRevoked: added, noLongerListed: removed))
            } else {
                var text = ""
                for entry in added { text += "+ \(entry.serial) \(entry.revocationDate) \(entry.reason ?? "-")\n" }
                for entry in removed { text += "- \(entry.serial) \(entry.revocationDate) \(entry.reason ?? "-")\n" }
                writeStandardOutput(text)
            }
        }
    }

    // MARK: generate

    /// `jpki crl generate --entries N --seed S --out FILE`.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a large signed CRL deterministically from a seed.",
            discussion: """
                Random 8-byte serials, UTCTime revocation dates and a reasonCode on every entry \
                (about 41.5 bytes an entry). Entry i of a seed never changes: --first K starts at \
                entry K of the seed's stream, so two CRLs of one seed overlap by a known range. \
                Writes FILE (DER), FILE.issuer.pem (a self-signed CA certificate that verifies it) \
                and FILE.key.pem (its key). With --key, that key signs (and the output is the \
                same on every run); otherwise a new RSA-2048 key is made.

                Examples:
                  jpki crl generate --entries 1000000 --seed 42 --out 1m.crl
                  jpki crl generate --entries 10 --seed 42 --first 5 --key 1m.crl.key.pem --out overlap.crl
                """
        )

        @Option(help: "The number of entries.")
        var entries: Int

        @Option(help: "The seed (a decimal or 0x-hexadecimal 64-bit number).")
        var seed: String

        @Option(help: "The index of the first entry in the seed's stream.")
        var first = 0

        @Option(help: "The CRL file to write (DER).")
        var out: String

        @Option(help: "An RSA private key (PEM or DER) to sign with.")
        var key: String?

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            guard entries >= 0, first >= 0 else { throw fail("--entries and --first must not be negative") }
            guard let seedValue = parseNumber(seed) else { throw fail("invalid seed \(seed)") }
            let signingKey: SigningKey
            do {
                if let key {
                    signingKey = try SigningKey(derEncoded: try readKey(key))
                } else {
                    signingKey = try SigningKey(generatingRSABits: 2048)
                }
            } catch {
                throw fail("\(error)")
            }
            var generator = CRLGenerator(entryCount: entries, seed: seedValue, firstEntry: first)
            let progress = Progress(label: "generating", enabled: entries >= 1_000_000)
            do {
                let issuerCertificate = try CRLGenerator.issuerCertificate(for: signingKey)
                generator.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try signingKey.subjectPublicKeyInfo)
                try generator.write(to: out, signingWith: signingKey, progress: { progress.update($0) })
                progress.finish()
                try writeText(
                    PEMDocument(label: "CERTIFICATE", der: issuerCertificate.derEncoded).pemString,
                    to: out + ".issuer.pem")
                try writeText(signingKey.pkcs8PEM, to: out + ".key.pem")
            } catch let error as X509Error {
                progress.finish()
                throw fail(error.description)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            if json {
                struct Output: Encodable {
                    var file: String
                    var issuer: String
                    var key: String
                    var entries: Int
                    var first: Int
                    var seed: String
                    var bytes: Int
                }
                printJSON(
                    Output(
                        file: out, issuer: out + ".issuer.pem", key: out + ".key.pem", entries: entries, first: first,
                        seed: seed, bytes: size))
            } else {
                print("wrote \(out): \(entries) entries, \(size) bytes; issuer \(out).issuer.pem, key \(out).key.pem")
            }
        }

        private func readKey(_ path: String) throws -> [UInt8] {
            let bytes = try InputFile(path: path).readBytes()
            guard PEMDocument.looksLikePEM(bytes) else { return bytes }
            let documents = try PEMDocument.parseAll(bytes: bytes)
            guard let document = documents.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
                throw CommandError.unreadableFile("\(path): no PRIVATE KEY")
            }
            return document.der
        }

        private func writeText(_ text: String, to path: String) throws {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw X509Error.invalidValue("cannot write \(path)", offset: 0)
            }
        }
    }
}

// MARK: Helpers

/// Reads a CRL (a DER file is memory-mapped), or exits with code 2.
private func loadCRL(_ path: String) throws -> CertificateRevocationList {
    do {
        return try CertificateRevocationList(contentsOfFile: path)
    } catch {
        throw fail("\(path): \(error.description)")
    }
}

/// Indexes a CRL, with progress on a terminal, or exits with code 2.
private func buildIndex(_ crl: CertificateRevocationList) throws -> RevocationIndex {
    let progress = Progress(label: "indexing", enabled: crl.byteCount > 16 << 20)
    defer { progress.finish() }
    do {
        return try RevocationIndex(crl, progress: { progress.update($0) })
    } catch {
        throw fail(error.description)
    }
}

/// Reads a certificate (PEM or DER), or exits with code 2.
private func loadCertificate(_ path: String) throws -> Certificate {
    do {
        let documents = try InputFile(path: path).documents()
        guard let document = documents.first(where: { $0.label == nil || $0.label == "CERTIFICATE" }) else {
            throw fail("\(path): no CERTIFICATE")
        }
        return try Certificate(derEncoded: document.der)
    } catch let error as CommandError {
        throw fail(error.description)
    } catch let error as X509Error {
        throw fail("\(path): \(error.description)")
    }
}

/// A decimal or `0x` hexadecimal unsigned 64-bit number.
private func parseNumber(_ text: String) -> UInt64? {
    if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
    return UInt64(text)
}

private func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}

/// Writes `text` to standard output at once.
private func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// One entry as the commands print it.
private struct EntryOutput: Encodable {
    var serial: String
    var revocationDate: String
    var reason: String?
    var invalidityDate: String?

    init(_ entry: CRLEntry) {
        serial = entry.serialNumberHex
        revocationDate = entry.revocationDate.description
        reason = entry.reason?.description
        invalidityDate = entry.invalidityDate?.description
    }
}

/// What `jpki crl info` prints.
private struct InfoOutput: Encodable {
    struct ExtensionOutput: Encodable {
        var oid: String
        var name: String?
        var critical: Bool
    }

    var file: String
    var bytes: Int
    var version: Int
    var signatureAlgorithm: String
    var issuer: String
    var thisUpdate: String
    var nextUpdate: String?
    var crlNumber: String?
    var deltaCRLIndicator: String?
    var authorityKeyIdentifier: String?
    var issuingDistributionPoint: [String]?
    var extensions: [ExtensionOutput]
    var entryCount: Int
    var reasons: [String: Int]
    var signatureValid: Bool?
    var entries: [EntryOutput]?

    init(
        file: String, crl: CertificateRevocationList, entryCount: Int, reasons: [String: Int], signatureValid: Bool?,
        entries: [EntryOutput]?
    ) {
        self.file = file
        bytes = crl.byteCount
        version = crl.version.rawValue + 1
        signatureAlgorithm = crl.signatureAlgorithm.description
        issuer = crl.issuer.description
        thisUpdate = crl.thisUpdate.description
        nextUpdate = crl.nextUpdate?.description
        crlNumber = crl.crlNumber.map { Self.decimal($0) }
        deltaCRLIndicator = crl.deltaCRLIndicator.map { Self.decimal($0) }
        authorityKeyIdentifier = crl.authorityKeyIdentifier.map { Hex.encode($0, separator: ":") }
        issuingDistributionPoint = crl.issuingDistributionPoint.map(Self.describe)
        extensions = crl.extensions.map {
            ExtensionOutput(oid: $0.oid.description, name: $0.oid.name, critical: $0.critical)
        }
        self.entryCount = entryCount
        self.reasons = reasons
        self.signatureValid = signatureValid
        self.entries = entries
    }

    /// A non-negative INTEGER in decimal.
    static func decimal(_ integer: ASN1Integer) -> String {
        var digits: [UInt8] = [0]
        for byte in integer.magnitude {
            var carry = Int(byte)
            for index in digits.indices.reversed() {
                let value = Int(digits[index]) * 256 + carry
                digits[index] = UInt8(value % 10)
                carry = value / 10
            }
            while carry > 0 {
                digits.insert(UInt8(carry % 10), at: 0)
                carry /= 10
            }
        }
        let text = String(digits.drop { $0 == 0 }.map { Character(String($0)) })
        return text.isEmpty ? "0" : text
    }

    static func describe(_ point: IssuingDistributionPoint) -> [String] {
        var lines: [String] = []
        switch point.distributionPoint {
        case .fullName(let names): lines.append("fullName: " + names.map(\.description).joined(separator: ", "))
        case .nameRelativeToCRLIssuer(let rdn): lines.append("nameRelativeToCRLIssuer: \(rdn)")
        case nil: break
        }
        if point.onlyContainsUserCerts { lines.append("onlyContainsUserCerts") }
        if point.onlyContainsCACerts { lines.append("onlyContainsCACerts") }
        if point.onlyContainsAttributeCerts { lines.append("onlyContainsAttributeCerts") }
        if point.indirectCRL { lines.append("indirectCRL") }
        if let reasons = point.onlySomeReasons {
            lines.append(
                "onlySomeReasons: "
                    + reasons.sorted { $0.rawValue < $1.rawValue }.map(\.description).joined(separator: ", "))
        }
        return lines
    }

    func printText() {
        var text = "file: \(file) (\(bytes) bytes)\n"
        text += "version: \(version)\n"
        text += "signature algorithm: \(signatureAlgorithm)\n"
        text += "issuer: \(issuer)\n"
        text += "this update: \(thisUpdate)\n"
        text += "next update: \(nextUpdate ?? "none")\n"
        if let crlNumber { text += "CRL number: \(crlNumber)\n" }
        if let deltaCRLIndicator { text += "delta CRL indicator (base CRL number): \(deltaCRLIndicator)\n" }
        if let authorityKeyIdentifier { text += "authority key identifier: \(authorityKeyIdentifier)\n" }
        if let issuingDistributionPoint {
            text += "issuing distribution point:\n"
            for line in issuingDistributionPoint { text += "    \(line)\n" }
        }
        for item in extensions {
            text += "extension: \(item.name ?? item.oid)\(item.critical ? " (critical)" : "")\n"
        }
        text += "entries: \(entryCount)\n"
        for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { text += "    \(reason): \(count)\n" }
        if let signatureValid { text += "signature: \(signatureValid ? "valid" : "INVALID")\n" }
        if let entries {
            for entry in entries { text += "\(entry.serial) \(entry.revocationDate) \(entry.reason ?? "-")\n" }
        }
        writeStandardOutput(text)
    }
}

/// The serial numbers of a `--serials` file.
private struct SerialFile {
    /// Serials below 2⁶⁴ (non-negative, at most 16 hex digits after leading zeros).
    var values: [UInt64] = []
    /// The line (from 1) of each of `values`.
    var valueLines: [Int] = []
    /// Longer or negative serials, as INTEGER content octets.
    var long: [(line: Int, content: [UInt8])] = []

    /// Reads `path`, or exits with code 2 naming the first bad line.
    static func read(_ path: String) throws -> SerialFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile(path: path).readBytes()
        } catch {
            throw fail(error.description)
        }
        var file = SerialFile()
        file.values.reserveCapacity(bytes.count / 17 + 1)
        file.valueLines.reserveCapacity(bytes.count / 17 + 1)
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            if !file.add(bytes[start..<end], line: line) {
                throw fail("\(path):\(line): not a hexadecimal serial number")
            }
            start = end + 1
            line += 1
        }
        return file
    }

    /// Adds one line; `false` when it is not a serial.
    private mutating func add(_ text: ArraySlice<UInt8>, line: Int) -> Bool {
        var digits = text[...]
        while let last = digits.last, last == 0x0D || last == 0x20 || last == 0x09 { digits = digits.dropLast() }
        while let first = digits.first, first == 0x20 || first == 0x09 { digits = digits.dropFirst() }
        if digits.isEmpty { return true }
        var negative = false
        if digits.first == 0x2D {
            negative = true
            digits = digits.dropFirst()
        }
        if digits.count >= 2, digits.first == 0x30, digits[digits.startIndex + 1] | 0x20 == 0x78 {
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty else { return false }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(digits.count)
        for digit in digits {
            switch digit {
            case 0x30...0x39: nibbles.append(digit - 0x30)
            case 0x41...0x46: nibbles.append(digit - 0x41 + 10)
            case 0x61...0x66: nibbles.append(digit - 0x61 + 10)
            default: return false
            }
        }
        let significant = nibbles.drop { $0 == 0 }
        if !negative && significant.count <= 16 {
            values.append(significant.reduce(0) { $0 << 4 | UInt64($1) })
            valueLines.append(line)
            return true
        }
        // The magnitude's octets, then two's complement.
        var magnitude: [UInt8] = []
        var nibbleList = Array(significant)
        if nibbleList.count % 2 == 1 { nibbleList.insert(0, at: 0) }
        for index in stride(from: 0, to: nibbleList.count, by: 2) {
            magnitude.append(nibbleList[index] << 4 | nibbleList[index + 1])
        }
        var content = [0] + magnitude
        if negative {
            content = content.map { ~$0 }
            var index = content.count - 1
            while index >= 0 {
                let (sum, overflow) = content[index].addingReportingOverflow(1)
                content[index] = sum
                if !overflow { break }
                index -= 1
            }
        }
        long.append((line, content))
        return true
    }
}

/// A progress display on standard error, only when it is a terminal.
private final class Progress {
    let label: String
    let enabled: Bool
    private var shown = -1

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int(fraction * 100)
        guard percent != shown else { return }
        shown = percent
        FileHandle.standardError.write(Data("\r\(label) \(percent)%".utf8))
    }

    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = -1
    }
}
