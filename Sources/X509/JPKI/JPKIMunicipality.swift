import JPKIASN1

/// The municipality whose CRL covers a JPKI leaf certificate: J-LIS partitions its CRLs by
/// municipality and names each partition in the certificates' CRL distribution point, as the
/// directoryName `C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points,
/// OU=<prefecture>, CN=<city> CRLDP` with romanized names (`OU=Kanagawa-ken,
/// CN=Yokohama-shi-Naka-ku CRLDP`; `OU=JPKI for user authentication` for authentication
/// certificates). See ``JPKIRomanization``.
///
/// Two values are equal when they name the same partition: the names are compared romanized,
/// so `東京都 千代田区` equals `Tokyo-to Chiyoda-ku`.
public struct JPKIMunicipality: Hashable, Sendable, CustomStringConvertible {
    /// The prefecture (都道府県), e.g. `東京都`.
    public var prefecture: String
    /// The city, ward, town or village (市区町村), e.g. `千代田区`.
    public var city: String
    /// Whose CRLs: signature or user-authentication certificates.
    public var purpose: JPKIPurpose

    /// A municipality partition.
    public init(prefecture: String, city: String, purpose: JPKIPurpose = .signature) {
        self.prefecture = prefecture
        self.city = city
        self.purpose = purpose
    }

    /// The municipality named by a distribution point's directoryName, or `nil` when the name
    /// is not of J-LIS's form. The city is read without its ` CRLDP` suffix (a name without
    /// the suffix, as older versions of this package wrote, is read too).
    public init?(distributionPointName name: DistinguishedName) {
        guard let parts = JPKINames.parts(of: name), parts.count == 6,
            let purpose = JPKIPurpose.allCases.first(where: { parts[2].1 == $0.organizationalUnit })
        else { return nil }
        let prefecture = parts[4].1
        let commonName = parts[5].1
        let city =
            commonName.hasSuffix(JPKINames.crlDistributionPointSuffix)
            ? String(commonName.dropLast(JPKINames.crlDistributionPointSuffix.count)) : commonName
        guard !city.isEmpty,
            JPKINames.matches(
                name, JPKINames.municipalityParts(purpose, prefecture: prefecture, commonName: commonName))
        else { return nil }
        self.init(prefecture: prefecture, city: city, purpose: purpose)
    }

    /// The first municipality named by the full names of `distributionPoints`, or `nil`.
    public init?(_ distributionPoints: CRLDistributionPoints) {
        for point in distributionPoints {
            for name in point.directoryNames {
                if let found = JPKIMunicipality(distributionPointName: name) {
                    self = found
                    return
                }
            }
        }
        return nil
    }

    /// The distribution point's directoryName for this municipality, romanized as J-LIS
    /// writes it: `C=JP, O=JPKI, OU=JPKI for …, OU=CRL Distribution Points, OU=Tokyo-to,
    /// CN=Chiyoda-ku CRLDP`.
    ///
    /// - Throws: never for text that is valid Unicode; the signature reflects the name
    ///   builder's.
    public func distributionPointName() throws(DERError) -> DistinguishedName {
        let names = romanized
        return try JPKINames.make(JPKINames.municipality(purpose, prefecture: names.prefecture, city: names.city))
    }

    /// The same partition with romanized names (``JPKIRomanization``), e.g. `Tokyo-to
    /// Chiyoda-ku` for `東京都 千代田区`.
    public var romanized: JPKIMunicipality {
        JPKIMunicipality(
            prefecture: JPKIRomanization.prefecture(prefecture), city: JPKIRomanization.city(city), purpose: purpose)
    }

    /// `<prefecture> <city>`.
    public var description: String { "\(prefecture) \(city)" }

    /// Whether the two name the same partition (romanized names and purpose equal).
    public static func == (lhs: JPKIMunicipality, rhs: JPKIMunicipality) -> Bool {
        guard lhs.purpose == rhs.purpose else { return false }
        if lhs.prefecture == rhs.prefecture && lhs.city == rhs.city { return true }
        let (left, right) = (lhs.romanized, rhs.romanized)
        return left.prefecture == right.prefecture && left.city == right.city
    }

    /// Hashes the romanized names and the purpose.
    public func hash(into hasher: inout Hasher) {
        let names = romanized
        hasher.combine(names.prefecture)
        hasher.combine(names.city)
        hasher.combine(purpose)
    }
}

extension Certificate {
    /// The municipality of the certificate's CRL distribution point, or `nil` when it names
    /// none of J-LIS's form.
    ///
    /// - Throws: ``X509Error/invalidExtension(_:_:)`` when cRLDistributionPoints does not
    ///   decode.
    public var jpkiMunicipality: JPKIMunicipality? {
        get throws(X509Error) {
            guard let points = try extensions.crlDistributionPoints else { return nil }
            return JPKIMunicipality(points)
        }
    }
}
