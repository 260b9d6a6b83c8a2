import JPKIASN1
import JPKIX509
import Testing

/// The romanized partition names J-LIS writes in CRL distribution points and signature
/// certificates' subjects (`OU=Kanagawa-ken, CN=Yokohama-shi-Naka-ku CRLDP`).
@Suite("JPKI municipalities")
struct JPKIMunicipalityTests {
    @Test("prefectures and cities are romanized with their suffixes; ASCII and unknown names are kept")
    func romanization() {
        #expect(JPKIRomanization.prefecture("神奈川県") == "Kanagawa-ken")
        #expect(JPKIRomanization.prefecture("東京都") == "Tokyo-to")
        #expect(JPKIRomanization.prefecture("北海道") == "Hokkaido")
        #expect(JPKIRomanization.prefecture("大阪府") == "Osaka-fu")
        #expect(JPKIRomanization.city("横浜市中区") == "Yokohama-shi-Naka-ku")
        #expect(JPKIRomanization.city("新宿区") == "Shinjuku-ku")
        #expect(JPKIRomanization.city("大阪市北区") == "Osaka-shi-Kita-ku")
        #expect(JPKIRomanization.city("町田市") == "Machida-shi")
        #expect(JPKIRomanization.city("さいたま市") == "Saitama-shi")
        #expect(JPKIRomanization.city("Yokohama-shi-Naka-ku") == "Yokohama-shi-Naka-ku")
        #expect(JPKIRomanization.city("架空村") == "架空村")
        #expect(JPKIRomanization.city("横浜市架空区") == "横浜市架空区")
    }

    @Test("the distribution point is J-LIS's: romanized, CN ending in CRLDP; it reads back; equality is by partition")
    func distributionPoint() throws {
        let yokohama = JPKIMunicipality(prefecture: "神奈川県", city: "横浜市中区", purpose: .userAuthentication)
        let name = try yokohama.distributionPointName()
        #expect(
            name.description
                == "CN=Yokohama-shi-Naka-ku CRLDP,OU=Kanagawa-ken,OU=CRL Distribution Points,OU=JPKI for user authentication,O=JPKI,C=JP"
        )
        let read = try #require(JPKIMunicipality(distributionPointName: name))
        #expect(read.prefecture == "Kanagawa-ken" && read.city == "Yokohama-shi-Naka-ku")
        #expect(read.purpose == .userAuthentication)
        #expect(read == yokohama)
        #expect(Set([read, yokohama]).count == 1)
        #expect(read != JPKIMunicipality(prefecture: "神奈川県", city: "横浜市中区", purpose: .signature))
        #expect(read != JPKIMunicipality(prefecture: "神奈川県", city: "横浜市西区", purpose: .userAuthentication))
        // The form without the suffix (written by earlier versions) still reads.
        let legacy = DistinguishedName(
            name.relativeDistinguishedNames.dropLast() + [.init([try .init(type: .commonName, string: "Naka-ku")])])
        #expect(JPKIMunicipality(distributionPointName: legacy)?.city == "Naka-ku")
        // A CN that is only the suffix names no city.
        let empty = DistinguishedName(
            name.relativeDistinguishedNames.dropLast() + [.init([try .init(type: .commonName, string: " CRLDP")])])
        #expect(JPKIMunicipality(distributionPointName: empty) == nil)
    }
}
