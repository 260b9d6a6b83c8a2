import JPKIASN1
import JPKIX509

/// What `jpki x509 show` reports about one certificate.
struct CertificateReport: Encodable {
    struct PublicKey: Encodable {
        var algorithm: String
        var algorithmOID: String
        var bits: Int?
        var exponent: String?
        /// The named curve of an EC key (`P-256`, `P-384`, `P-521`).
        var curve: String?
    }

    struct ExtensionEntry: Encodable {
        var oid: String
        var name: String?
        var critical: Bool
        /// The decoded value, one line each, for the extensions this package types.
        var value: [String]?
        /// The value's DER in hexadecimal, for the others.
        var der: String?
        /// Why the value did not decode.
        var error: String?
    }

    struct Municipality: Encodable {
        var prefecture: String
        var city: String
        var purpose: String
    }

    struct FourInformation: Encodable {
        var name: String
        var familyName: String?
        var givenName: String?
        var nameSubstituteCharacters: String
        var sex: String
        var sexCode: String
        var birthDate: String
        var birthDateText: String
        var era: String
        var eraCode: Int
        var eraYear: Int?
        var japaneseBirthDate: String
        var birthDateConsistentWithEra: Bool
        var address: String
        var addressSubstituteCharacters: String
    }

    struct JPKI: Encodable {
        var kind: String
        var description: String
        var policy: String?
        var municipality: Municipality?
        var basicFourInformation: FourInformation?
    }

    var version: Int
    var serialNumber: String
    var signatureAlgorithm: String
    var signatureAlgorithmOID: String
    var issuer: String
    var subject: String
    var notBefore: String
    var notAfter: String
    var publicKey: PublicKey
    var sha256Fingerprint: String
    var selfIssued: Bool
    var extensions: [ExtensionEntry]
    var jpki: JPKI
    /// Messages for the parts that did not decode (printed as the final `error:` line).
    var problems: [String]

    enum CodingKeys: String, CodingKey {
        case version, serialNumber, signatureAlgorithm, signatureAlgorithmOID, issuer, subject, notBefore, notAfter
        case publicKey, sha256Fingerprint, selfIssued, extensions, jpki, errors
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(serialNumber, forKey: .serialNumber)
        try container.encode(signatureAlgorithm, forKey: .signatureAlgorithm)
        try container.encode(signatureAlgorithmOID, forKey: .signatureAlgorithmOID)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(subject, forKey: .subject)
        try container.encode(notBefore, forKey: .notBefore)
        try container.encode(notAfter, forKey: .notAfter)
        try container.encode(publicKey, forKey: .publicKey)
        try container.encode(sha256Fingerprint, forKey: .sha256Fingerprint)
        try container.encode(selfIssued, forKey: .selfIssued)
        try container.encode(extensions, forKey: .extensions)
        try container.encode(jpki, forKey: .jpki)
        if !problems.isEmpty { try container.encode(problems, forKey: .errors) }
    }

    init(_ certificate: Certificate) {
        var problems: [String] = []
        version = certificate.version.rawValue + 1
        serialNumber = certificate.serialNumberHex
        signatureAlgorithm = certificate.signatureAlgorithm.description
        signatureAlgorithmOID = certificate.signatureAlgorithm.algorithm.description
        issuer = certificate.issuer.description
        subject = certificate.subject.description
        notBefore = certificate.notBefore.description
        notAfter = certificate.notAfter.description
        let spki = certificate.subjectPublicKeyInfo
        let rsa = try? spki.rsaPublicKey()
        let curve = (try? spki.ellipticCurve()) ?? nil
        publicKey = PublicKey(
            algorithm: spki.algorithm.description, algorithmOID: spki.algorithm.algorithm.description,
            bits: rsa?.bitLength ?? curve?.bitLength, exponent: rsa.map { Self.decimal($0.publicExponent) },
            curve: curve?.rawValue)
        sha256Fingerprint = Hex.encode(certificate.sha256Fingerprint)
        selfIssued = certificate.isSelfIssued
        extensions = certificate.extensions.map { item in
            var entry = ExtensionEntry(oid: item.oid.description, name: item.oid.name, critical: item.critical)
            do throws(X509Error) {
                if let value = try item.decodedValue() {
                    entry.value = String(describing: value).split(separator: "\n").map(String.init)
                } else {
                    entry.der = Hex.encode(item.value)
                }
            } catch {
                entry.der = Hex.encode(item.value)
                entry.error = error.description
                problems.append(error.description)
            }
            return entry
        }
        let profile = certificate.jpkiProfile
        var jpki = JPKI(
            kind: profile.kind.identifier, description: profile.kind.description,
            policy: profile.policyIdentifier?.description)
        if let municipality = try? certificate.jpkiMunicipality {
            jpki.municipality = Municipality(
                prefecture: municipality.prefecture, city: municipality.city,
                purpose: municipality.purpose.description)
        }
        do throws(BasicFourInformationError) {
            if let information = try certificate.basicFourInformation {
                jpki.basicFourInformation = FourInformation(information)
            }
        } catch {
            if case .invalidExtension = error {
                // Already reported with the extension.
            } else {
                problems.append(error.description)
            }
        }
        self.jpki = jpki
        self.problems = problems
    }

    /// The report as text, one field a line.
    var text: String {
        var lines = [
            "Version: \(version)",
            "Serial number: \(serialNumber)",
            "Signature algorithm: \(signatureAlgorithm)",
            "Issuer: \(issuer)",
            "Subject: \(subject)",
            "Not before: \(notBefore)",
            "Not after: \(notAfter)",
        ]
        var key = "Public key: \(publicKey.algorithm)"
        if let curve = publicKey.curve { key += " \(curve)" }
        if let bits = publicKey.bits { key += ", \(bits) bit" }
        if let exponent = publicKey.exponent { key += ", exponent \(exponent)" }
        lines.append(key)
        lines.append("SHA-256 fingerprint: \(sha256Fingerprint)")
        if !extensions.isEmpty {
            lines.append("Extensions:")
            for entry in extensions {
                let name = entry.name.map { "\($0) (\(entry.oid))" } ?? entry.oid
                lines.append("  \(name)\(entry.critical ? ": critical" : ":")")
                if let value = entry.value { lines += value.map { "    \($0)" } }
                if let der = entry.der { lines.append("    DER: \(der)") }
                if let error = entry.error { lines.append("    error: \(error)") }
            }
        }
        lines.append("JPKI: \(jpki.description)\(jpki.policy.map { " (policy \($0))" } ?? "")")
        if let municipality = jpki.municipality {
            lines.append("CRL partition: \(municipality.prefecture) \(municipality.city) (\(municipality.purpose))")
        }
        if let information = jpki.basicFourInformation {
            lines.append("Basic 4 information:")
            lines.append("  Name: \(information.name)")
            lines.append("  Name substitute-character flags: \(information.nameSubstituteCharacters)")
            lines.append("  Sex: \(information.sex) (\(information.sexCode))")
            lines.append(
                "  Birth date: \(information.birthDate) (\(information.era)\(information.eraYear.map { " \($0)" } ?? ""), "
                    + "\(information.japaneseBirthDate))")
            lines.append("  Address: \(information.address)")
            lines.append("  Address substitute-character flags: \(information.addressSubstituteCharacters)")
        }
        return lines.joined(separator: "\n")
    }

    /// An unsigned big-endian magnitude in decimal (small exponents; hexadecimal beyond 64 bits).
    static func decimal(_ magnitude: [UInt8]) -> String {
        guard magnitude.count <= 8 else { return "0x" + Hex.encode(magnitude) }
        return String(magnitude.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }
}

extension CertificateReport.FourInformation {
    init(_ information: BasicFourInformation) {
        let date = information.birthDate
        self.init(
            name: information.name, familyName: information.familyName, givenName: information.givenName,
            nameSubstituteCharacters: information.nameSubstituteCharacters.description,
            sex: information.sex.description, sexCode: information.sex.code,
            birthDate: date.isoDate,
            birthDateText: date.text, era: date.era.description, eraCode: date.era.rawValue, eraYear: date.eraYear,
            japaneseBirthDate: date.japaneseDescription, birthDateConsistentWithEra: date.isConsistentWithEra,
            address: information.address,
            addressSubstituteCharacters: information.addressSubstituteCharacters.description)
    }
}
