import ArgumentParser
import Foundation
import JPKISimulator
import JPKIX509

extension CRLCommand {
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
            // The generator numbers entries first ..< first + entries.
            guard entries <= Int.max - first else { throw fail("--first + --entries must be at most \(Int.max)") }
            guard let seedValue = NumberText.unsigned64(seed) else { throw fail("invalid seed \(seed)") }
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
            let progress = ProgressBar(label: "generating", enabled: entries >= 1_000_000)
            do {
                let issuerCertificate = try CRLGenerator.issuerCertificate(for: signingKey)
                generator.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try signingKey.subjectPublicKeyInfo)
                try generator.write(to: out, signingWith: signingKey, progress: { progress.update($0) })
                progress.finish()
                try writeText(certificatePEM(issuerCertificate), to: out + ".issuer.pem")
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
            // A DER file is one document without a label.
            let documents = try InputFile(path: path).documents()
            guard let document = documents.first(where: { $0.label?.hasSuffix("PRIVATE KEY") ?? true }) else {
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
