import JPKIASN1

/// The municipality whose CRL covers a JPKI leaf certificate: J-LIS partitions its CRLs by
/// municipality and names each partition in the certificates' CRL distribution point, as the
/// directoryName `C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points,
/// OU=<prefecture>, CN=<city>` (`OU=JPKI for user authentication` for authentication
/// certificates).
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
    /// is not of J-LIS's form.
    public init?(distributionPointName name: DistinguishedName) {
        guard let parts = JPKINames.parts(of: name), parts.count == 6,
            let purpose = JPKIPurpose.allCases.first(where: { parts[2].1 == $0.organizationalUnit })
        else { return nil }
        let prefecture = parts[4].1
        let city = parts[5].1
        guard JPKINames.matches(name, JPKINames.municipality(purpose, prefecture: prefecture, city: city)) else {
            return nil
        }
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

    /// The distribution point's directoryName for this municipality.
    ///
    /// - Throws: never for text that is valid Unicode; the signature reflects the name
    ///   builder's.
    public func distributionPointName() throws(DERError) -> DistinguishedName {
        try JPKINames.make(JPKINames.municipality(purpose, prefecture: prefecture, city: city))
    }

    /// `<prefecture> <city>`.
    public var description: String { "\(prefecture) \(city)" }
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
