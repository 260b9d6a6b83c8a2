import ArgumentParser
import JPKIRevocationIndex

extension CRLCommand {
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
            let index = try buildIndex(try loadCRL(crl))
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
                    text += result.line + "\n"
                }
                writeStandardOutput(text)
            }
            if revoked > 0 { throw ExitStatus.negative }
        }
    }
}
