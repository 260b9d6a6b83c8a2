import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509

/// What `openssl crl -text -noout` says about a CRL: the fields the differential tests compare.
struct OpenSSLCRLText {
    struct Entry: Equatable, CustomStringConvertible {
        var serial: String
        var revocationDate: String
        var reason: String?
        var invalidityDate: String?

        var description: String {
            "\(serial) \(revocationDate) \(reason ?? "-") \(invalidityDate ?? "-")"
        }
    }

    var version: Int?
    var lastUpdate: String?
    var nextUpdate: String?
    var entries: [Entry] = []

    /// Runs `openssl crl -text -noout` on `der` and reads its output.
    static func of(_ der: [UInt8]) throws -> OpenSSLCRLText {
        let file = try TemporaryFile.create(der)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", file.path, "-text", "-noout"])
        return parse(run.output)
    }

    static func parse(_ text: String) -> OpenSSLCRLText {
        var result = OpenSSLCRLText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var index = 0
        var pending: String?  // the extension whose value is on the next line
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("Version ") {
                result.version = Int(line.dropFirst("Version ".count).prefix { $0.isNumber })
            } else if line.hasPrefix("Last Update: ") {
                result.lastUpdate = String(line.dropFirst("Last Update: ".count))
            } else if line.hasPrefix("Next Update: ") {
                result.nextUpdate = String(line.dropFirst("Next Update: ".count))
            } else if line.hasPrefix("Serial Number: ") {
                result.entries.append(
                    Entry(serial: String(line.dropFirst("Serial Number: ".count)), revocationDate: "", reason: nil))
            } else if line.hasPrefix("Revocation Date: "), !result.entries.isEmpty {
                result.entries[result.entries.count - 1].revocationDate = String(
                    line.dropFirst("Revocation Date: ".count))
            } else if line.hasPrefix("X509v3 CRL Reason Code:") {
                pending = "reason"
            } else if line.hasPrefix("Invalidity Date:") {
                pending = "invalidity"
            } else if let kind = pending, !result.entries.isEmpty {
                if kind == "reason" { result.entries[result.entries.count - 1].reason = line }
                if kind == "invalidity" { result.entries[result.entries.count - 1].invalidityDate = line }
                pending = nil
            }
            index += 1
        }
        return result
    }

    /// A time as OpenSSL prints it: `Jan  1 00:00:00 2015 GMT`.
    static func format(_ time: ASN1Time) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = time.day < 10 ? " \(time.day)" : "\(time.day)"
        let fraction = time.fractionDigits.isEmpty ? "" : ".\(time.fractionDigits)"
        return
            "\(months[time.month - 1]) \(day) \(two(time.hour)):\(two(time.minute)):\(two(time.second))\(fraction) \(time.year) GMT"
    }

    /// Ours, in the same form.
    static func entry(_ entry: CRLEntry) -> Entry {
        Entry(
            serial: entry.serialNumberHex, revocationDate: format(entry.revocationDate),
            reason: entry.reason?.description, invalidityDate: entry.invalidityDate.map(format))
    }
}
