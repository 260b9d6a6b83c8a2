import JPKIASN1

/// The distinguished names J-LIS uses, as sequences of single-attribute RDNs.
package enum JPKINames {
    /// `Japan Agency for Local Authority Information Systems`.
    package static let agency = "Japan Agency for Local Authority Information Systems"
    /// `公的個人認証サービス`.
    package static let serviceName = "公的個人認証サービス"
    /// `地方公共団体情報システム機構` (J-LIS).
    package static let agencyJapanese = "地方公共団体情報システム機構"
    /// `CRL Distribution Points`.
    package static let crlDistributionPoints = "CRL Distribution Points"

    /// The RDNs of a J-LIS root's subject (and issuer):
    /// `C=JP, O=JPKI, OU=JPKI for …, OU=Japan Agency for Local Authority Information Systems`.
    package static func root(_ purpose: JPKIPurpose) -> [(ASN1ObjectIdentifier, String)] {
        [
            (.countryName, "JP"), (.organizationName, "JPKI"), (.organizationalUnitName, purpose.organizationalUnit),
            (.organizationalUnitName, agency),
        ]
    }

    /// The RDNs of J-LIS's directoryName in the roots' subjectAltName and the leaves'
    /// issuerAltName: `C=JP, O=公的個人認証サービス, OU=公的個人認証サービス署名用, OU=地方公共団体情報システム機構`.
    package static func jlisDirectoryName(_ purpose: JPKIPurpose) -> [(ASN1ObjectIdentifier, String)] {
        [
            (.countryName, "JP"), (.organizationName, serviceName),
            (.organizationalUnitName, purpose.japaneseOrganizationalUnit), (.organizationalUnitName, agencyJapanese),
        ]
    }

    /// ` CRLDP`: the end of the common name of a leaf's CRL distribution point.
    package static let crlDistributionPointSuffix = " CRLDP"

    /// The RDNs of a leaf's CRL distribution point: `C=JP, O=JPKI, OU=JPKI for …,
    /// OU=CRL Distribution Points, OU=<prefecture>, CN=<city> CRLDP`.
    package static func municipality(_ purpose: JPKIPurpose, prefecture: String, city: String)
        -> [(ASN1ObjectIdentifier, String)]
    {
        municipalityParts(purpose, prefecture: prefecture, commonName: city + crlDistributionPointSuffix)
    }

    /// The RDNs of a CRL distribution point whose common name is `commonName`.
    package static func municipalityParts(_ purpose: JPKIPurpose, prefecture: String, commonName: String)
        -> [(ASN1ObjectIdentifier, String)]
    {
        [
            (.countryName, "JP"), (.organizationName, "JPKI"), (.organizationalUnitName, purpose.organizationalUnit),
            (.organizationalUnitName, crlDistributionPoints), (.organizationalUnitName, prefecture),
            (.commonName, commonName),
        ]
    }

    /// A Name of single-attribute RDNs: countryName as a PrintableString, every other value as
    /// a UTF8String, as J-LIS encodes them.
    package static func make(_ parts: [(ASN1ObjectIdentifier, String)]) throws(DERError) -> DistinguishedName {
        var rdns: [DistinguishedName.RelativeDistinguishedName] = []
        for (type, value) in parts {
            let kind: ASN1CharacterString.Kind = type == .countryName ? .printable : .utf8
            rdns.append(.init([try DistinguishedName.Attribute(type: type, string: value, kind: kind)]))
        }
        return DistinguishedName(rdns)
    }

    /// The (type, text) of each RDN when every RDN has exactly one attribute with a string
    /// value; `nil` otherwise.
    package static func parts(of name: DistinguishedName) -> [(ASN1ObjectIdentifier, String)]? {
        var parts: [(ASN1ObjectIdentifier, String)] = []
        for rdn in name.relativeDistinguishedNames {
            guard rdn.attributes.count == 1, let text = rdn.attributes[0].stringValue else { return nil }
            parts.append((rdn.attributes[0].type, text))
        }
        return parts
    }

    /// Whether `name` is exactly the single-attribute RDNs `expected` (string types aside).
    package static func matches(_ name: DistinguishedName, _ expected: [(ASN1ObjectIdentifier, String)]) -> Bool {
        guard let parts = parts(of: name), parts.count == expected.count else { return false }
        return zip(parts, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
