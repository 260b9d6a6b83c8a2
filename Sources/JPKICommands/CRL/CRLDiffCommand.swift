import ArgumentParser
import JPKIRevocationIndex

extension CRLCommand {
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
                for entry in added { text += "+ \(entry.line)\n" }
                for entry in removed { text += "- \(entry.line)\n" }
                writeStandardOutput(text)
            }
        }
    }
}
