import JPKIASN1
import JPKIX509

extension CRLCommand {
    /// What `jpki crl info` prints.
    struct InfoOutput: Encodable {
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
            file: String, crl: CertificateRevocationList, entryCount: Int, reasons: [String: Int],
            signatureValid: Bool?, entries: [EntryOutput]?
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

        /// The issuing distribution point, one field a line.
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

        /// Prints the text output of `jpki crl info`.
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
                for entry in entries { text += entry.line + "\n" }
            }
            writeStandardOutput(text)
        }
    }
}
