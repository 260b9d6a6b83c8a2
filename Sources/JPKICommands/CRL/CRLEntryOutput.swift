import JPKIX509

extension CRLCommand {
    /// One entry as the commands print it.
    struct EntryOutput: Encodable {
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

        /// The entry as the text output prints it: `SERIAL DATE REASON` (`-` without a reason).
        var line: String { "\(serial) \(revocationDate) \(reason ?? "-")" }
    }
}
