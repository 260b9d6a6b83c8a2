import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509

/// What `openssl x509` prints about one certificate, parsed for the differential tests.
struct OpenSSLCertificateText {
    /// One extension header of `-text`: its OID (from OpenSSL's name), criticality, and the
    /// value lines under it.
    struct ExtensionHeader: Equatable, CustomStringConvertible {
        var oid: String
        var critical: Bool
        var lines: [String]

        static func == (lhs: ExtensionHeader, rhs: ExtensionHeader) -> Bool {
            lhs.oid == rhs.oid && lhs.critical == rhs.critical
        }

        var description: String { "\(oid)\(critical ? " critical" : "")" }
    }

    var serial: String
    var subject: String
    var issuer: String
    var notBefore: String
    var notAfter: String
    var extensions: [ExtensionHeader]

    /// Runs `openssl x509` on `der`; `nil` when OpenSSL cannot read it.
    static func read(_ der: [UInt8]) throws -> OpenSSLCertificateText? {
        let file = try TemporaryFile.create(der)
        defer { try? FileManager.default.removeItem(at: file) }
        let fields = try OpenSSLCLI.run([
            "x509", "-inform", "DER", "-in", file.path, "-noout", "-serial", "-subject", "-issuer", "-startdate",
            "-enddate", "-nameopt", "RFC2253,-esc_msb",
        ])
        guard fields.status == 0 else { return nil }
        let text = try OpenSSLCLI.run([
            "x509", "-inform", "DER", "-in", file.path, "-noout", "-text", "-certopt", "no_pubkey,no_sigdump",
        ])
        guard text.status == 0 else { return nil }
        var values: [String: String] = [:]
        for line in fields.output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            if values[key] == nil { values[key] = String(line[line.index(after: equals)...]) }
        }
        return OpenSSLCertificateText(
            serial: values["serial"] ?? "", subject: values["subject"] ?? "", issuer: values["issuer"] ?? "",
            notBefore: values["notBefore"] ?? "", notAfter: values["notAfter"] ?? "",
            extensions: Self.extensionHeaders(text.output))
    }

    /// The headers of the `X509v3 extensions:` section: 12 spaces, the name, `:` and
    /// ` critical` when critical; value lines are indented further.
    static func extensionHeaders(_ text: String) -> [ExtensionHeader] {
        var headers: [ExtensionHeader] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "        X509v3 extensions:" {
                inside = true
                continue
            }
            guard inside else { continue }
            // The section ends with the signature algorithm; raw dumps of undecodable values may
            // hold line breaks, so shorter indents alone do not end it.
            if line.hasPrefix("    Signature") { break }
            let indent = line.prefix(while: { $0 == " " }).count
            if indent == 12 && line.dropFirst(12).first != " " {
                var header = line.dropFirst(12)
                let critical = header.hasSuffix(": critical")
                header =
                    critical ? header.dropLast(": critical".count) : header.dropLast(header.hasSuffix(": ") ? 2 : 1)
                headers.append(
                    ExtensionHeader(oid: OpenSSLObjects.oid(forName: String(header)), critical: critical, lines: []))
            } else if !headers.isEmpty {
                headers[headers.count - 1].lines.append(String(line.dropFirst(16)))
            }
        }
        for index in headers.indices {
            while headers[index].lines.last?.isEmpty == true { headers[index].lines.removeLast() }
        }
        return headers
    }

    /// The serial as OpenSSL prints it: the magnitude in hexadecimal, `-` for negatives.
    static func serial(_ content: ArraySlice<UInt8>) -> String {
        var bytes = Array(content)
        let negative = (bytes.first ?? 0) & 0x80 != 0
        if negative {
            // Two's complement: invert and add one.
            var carry = 1
            for index in bytes.indices.reversed() {
                let value = Int(~bytes[index]) + carry
                bytes[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
        }
        while bytes.count > 1 && bytes[0] == 0 { bytes.removeFirst() }
        return (negative ? "-" : "") + Hex.encode(bytes)
    }

    /// A time as OpenSSL prints it: `Oct 20 03:08:13 2015 GMT`.
    static func time(_ time: ASN1Time) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = time.day < 10 ? " \(time.day)" : "\(time.day)"
        let fraction = time.fractionDigits.isEmpty ? "" : ".\(time.fractionDigits)"
        return "\(months[time.month - 1]) \(day) \(two(time.hour)):\(two(time.minute)):\(two(time.second))\(fraction) "
            + "\(time.year) GMT"
    }
}

/// OpenSSL's names of objects (`openssl list -objects`), to map what it prints back to OIDs.
enum OpenSSLObjects {
    /// Short and long names to dotted OIDs, and OIDs to short names.
    static let table: (byName: [String: String], shortName: [String: String], longName: [String: String]) = {
        var byName: [String: String] = [:]
        var shortName: [String: String] = [:]
        var longName: [String: String] = [:]
        guard let run = try? OpenSSLCLI.run(["list", "-objects"]) else { return ([:], [:], [:]) }
        for line in run.output.split(separator: "\n") {
            guard let equals = line.range(of: " = ") else { continue }
            let short = String(line[..<equals.lowerBound])
            let rest = String(line[equals.upperBound...])
            let long: String
            let oid: String
            if let comma = rest.range(of: ", ", options: .backwards) {
                long = String(rest[..<comma.lowerBound])
                oid = String(rest[comma.upperBound...])
            } else {
                long = short
                oid = rest
            }
            guard !oid.isEmpty, oid.allSatisfy({ $0.isNumber || $0 == "." }) else { continue }
            byName[short] = byName[short] ?? oid
            byName[long] = byName[long] ?? oid
            shortName[oid] = shortName[oid] ?? short
            longName[oid] = longName[oid] ?? long
        }
        return (byName, shortName, longName)
    }()

    /// The OID OpenSSL means by `name` (a dotted OID stays as it is).
    static func oid(forName name: String) -> String {
        if name.allSatisfy({ $0.isNumber || $0 == "." }) { return name }
        return table.byName[name] ?? name
    }

    /// OpenSSL's long name of `oid` (what `-text` prints), or the dotted OID.
    static func longName(_ oid: ASN1ObjectIdentifier) -> String {
        table.longName[oid.description] ?? oid.description
    }

    /// OpenSSL's short name of `oid`, or the dotted OID.
    static func shortName(_ oid: ASN1ObjectIdentifier) -> String {
        table.shortName[oid.description] ?? oid.description
    }
}

/// RFC 2253 text as OpenSSL prints it with `-nameopt RFC2253,-esc_msb`, split into RDNs.
enum RFC2253 {
    /// One attribute: the OID and the value, either text or (after `#`) the DER in hex.
    struct Attribute: Equatable, CustomStringConvertible {
        var oid: String
        var value: String
        var description: String { "\(oid)=\(value)" }
    }

    /// The RDNs in printed order (most specific first), each a list of attributes.
    static func parse(_ text: String) -> [[Attribute]] {
        var rdns: [[Attribute]] = []
        var current: [Attribute] = []
        var type = ""
        var value = ""
        var readingValue = false
        var hexValue = false
        var bytes: [UInt8] = []
        func flushValue() {
            value += String(decoding: bytes, as: UTF8.self)
            bytes.removeAll()
        }
        func finishAttribute() {
            flushValue()
            current.append(
                Attribute(oid: OpenSSLObjects.oid(forName: type), value: hexValue ? value.uppercased() : value))
            type = ""
            value = ""
            readingValue = false
            hexValue = false
        }
        var scalars = Array(text.utf8)[...]
        while let octet = scalars.popFirst() {
            if !readingValue {
                if octet == UInt8(ascii: "=") {
                    readingValue = true
                    if scalars.first == UInt8(ascii: "#") {
                        hexValue = true
                        value = "#"
                        scalars = scalars.dropFirst()
                    }
                } else {
                    type.append(Character(Unicode.Scalar(octet)))
                }
                continue
            }
            switch octet {
            case UInt8(ascii: "\\"):
                guard let next = scalars.popFirst() else { break }
                if let high = hexDigit(next), let second = scalars.first, let low = hexDigit(second) {
                    scalars = scalars.dropFirst()
                    bytes.append(high << 4 | low)
                } else {
                    bytes.append(next)
                }
            case UInt8(ascii: ","):
                finishAttribute()
                rdns.append(current)
                current = []
            case UInt8(ascii: "+"):
                finishAttribute()
            default:
                bytes.append(octet)
            }
        }
        if readingValue || !type.isEmpty {
            finishAttribute()
        }
        if !current.isEmpty { rdns.append(current) }
        return rdns
    }

    private static func hexDigit(_ octet: UInt8) -> UInt8? {
        switch octet {
        case 0x30...0x39: return octet - 0x30
        case 0x41...0x46: return octet - 0x41 + 10
        case 0x61...0x66: return octet - 0x61 + 10
        default: return nil
        }
    }

    /// Our name in the same shape: RDNs from the last to the first; string values as text,
    /// other values as `#` and the DER in hex.
    static func render(_ name: DistinguishedName) -> [[Attribute]] {
        name.relativeDistinguishedNames.reversed().map { rdn in
            rdn.attributes.map { attribute in
                Attribute(
                    oid: attribute.type.description,
                    value: attribute.stringValue ?? "#" + Hex.encode(attribute.value.encoded))
            }
        }
    }

    /// Whether OpenSSL's attribute agrees with ours: the same OID and text, or OpenSSL dumped
    /// the value's DER (it does for types it does not know).
    static func agrees(_ openssl: Attribute, _ ours: Attribute, der: [UInt8]) -> Bool {
        guard openssl.oid == ours.oid else { return false }
        return openssl.value == ours.value || openssl.value == "#" + Hex.encode(der)
    }
}

/// `X509_NAME_oneline`, which OpenSSL uses for DirName entries of general names: `/TYPE=value`
/// per attribute, octets outside 20–7E as `\xHH`, entries that would pass 255 characters dropped.
enum OneLineName {
    static func render(_ name: DistinguishedName) -> String {
        var text = ""
        for attribute in name.attributes {
            var value = ""
            for octet in attribute.value.content {
                switch octet {
                case UInt8(ascii: "/"), UInt8(ascii: "+"): value += "\\" + String(Unicode.Scalar(octet))
                case 0x20...0x7E: value.append(Character(Unicode.Scalar(octet)))
                default: value += "\\x" + Hex.encode([octet])
                }
            }
            let entry = "/\(OpenSSLObjects.shortName(attribute.type))=\(value)"
            if text.utf8.count + entry.utf8.count > 255 { break }
            text += entry
        }
        return text
    }
}
