import ArgumentParser

extension CRLCommand {
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
            let progress = ProgressBar(label: "reading entries", enabled: crl.byteCount > 16 << 20)
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
}
