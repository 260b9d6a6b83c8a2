import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// The basic 4 information of JPKI signature certificates: every era, sex code and substitute
/// flag, the malformed values, and a generated certificate that `openssl x509` also shows.
@Suite("Basic 4 information")
struct BasicFourInformationTests {
    // MARK: Birth dates and eras

    /// One date in each era, with the era year and the Japanese form.
    static let eraDates:
        [(text: String, era: JapaneseEra, year: Int, month: Int, day: Int, eraYear: Int?, japanese: String)] = [
            ("019000101", .unknown, 1900, 1, 1, nil, "1900年1月1日"),
            ("118680125", .meiji, 1868, 1, 25, 1, "明治元年1月25日"),
            ("119120729", .meiji, 1912, 7, 29, 45, "明治45年7月29日"),
            ("219120730", .taisho, 1912, 7, 30, 1, "大正元年7月30日"),
            ("219261224", .taisho, 1926, 12, 24, 15, "大正15年12月24日"),
            ("319261225", .showa, 1926, 12, 25, 1, "昭和元年12月25日"),
            ("319650415", .showa, 1965, 4, 15, 40, "昭和40年4月15日"),
            ("319890107", .showa, 1989, 1, 7, 64, "昭和64年1月7日"),
            ("419890108", .heisei, 1989, 1, 8, 1, "平成元年1月8日"),
            ("420000229", .heisei, 2000, 2, 29, 12, "平成12年2月29日"),
            ("420190430", .heisei, 2019, 4, 30, 31, "平成31年4月30日"),
            ("520190501", .reiwa, 2019, 5, 1, 1, "令和元年5月1日"),
            ("520240229", .reiwa, 2024, 2, 29, 6, "令和6年2月29日"),
        ]

    @Test("every era digit decodes to its era and the Gregorian date", arguments: eraDates.indices)
    func eras(index: Int) throws {
        let expected = Self.eraDates[index]
        let date = try JPKIBirthDate(expected.text)
        #expect(date.era == expected.era)
        #expect(date.era.rawValue == Int(String(expected.text.first ?? "x")))
        #expect((date.year, date.month, date.day) == (expected.year, expected.month, expected.day))
        #expect(date.eraYear == expected.eraYear)
        #expect(date.japaneseDescription == expected.japanese)
        #expect(date.isConsistentWithEra)
        #expect(date.text == expected.text)
        #expect(
            try JPKIBirthDate(era: expected.era, year: expected.year, month: expected.month, day: expected.day) == date)
    }

    @Test("all six era codes are covered")
    func allEras() {
        #expect(Set(Self.eraDates.map(\.era)) == Set(JapaneseEra.allCases))
        #expect(JapaneseEra.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5])
        #expect(JapaneseEra.allCases.map(\.japaneseName) == ["", "明治", "大正", "昭和", "平成", "令和"])
        #expect(JapaneseEra.showa.lastDay! == (1989, 1, 7))
        #expect(JapaneseEra.heisei.lastDay! == (2019, 4, 30))
        #expect(JapaneseEra.reiwa.lastDay == nil)
        #expect(JapaneseEra.era(year: 1989, month: 1, day: 7) == .showa)
        #expect(JapaneseEra.era(year: 1989, month: 1, day: 8) == .heisei)
        #expect(JapaneseEra.era(year: 1800, month: 1, day: 1) == .unknown)
    }

    @Test("a date outside its era decodes but is flagged")
    func eraMismatch() throws {
        let date = try JPKIBirthDate("420190501")  // Heisei digit, a Reiwa date
        #expect(!date.isConsistentWithEra)
        #expect(date.era == .heisei)
        #expect(try JPKIBirthDate("019650415").isConsistentWithEra)
    }

    @Test(
        "malformed birth dates are rejected",
        arguments: [
            "", "31965041", "3196504150", "619650415", "919650415", "31965A415", "３19650415", "319651315", "319650015",
            "319650400", "319650431", "319570229", "319000229", "300000101", " 19650415", "-19650415",
        ])
    func malformedBirthDates(text: String) {
        #expect(throws: BasicFourInformationError.invalidBirthDate(text)) { try JPKIBirthDate(text) }
    }

    // MARK: Sex and substitute flags

    @Test("sex codes 1, 2, 3")
    func sexCodes() throws {
        #expect(try BasicFourInformation.Sex(code: "1") == .male)
        #expect(try BasicFourInformation.Sex(code: "2") == .female)
        #expect(try BasicFourInformation.Sex(code: "3") == .unknown)
        #expect(BasicFourInformation.Sex.allCases.map(\.code) == ["1", "2", "3"])
        #expect(BasicFourInformation.Sex.allCases.map(\.japaneseDescription) == ["男", "女", "不明"])
    }

    @Test("other sex codes are rejected", arguments: ["", "0", "4", "9", "12", "01", "a", "１", " 1"])
    func invalidSexCodes(code: String) {
        #expect(throws: BasicFourInformationError.invalidSex(code)) { try BasicFourInformation.Sex(code: code) }
    }

    @Test(
        "substitute flags are strings of 0 and 1",
        arguments: [
            ("0", [false]), ("1", [true]), ("0010", [false, false, true, false]), ("", []),
            ("111", [true, true, true]),
        ]
    )
    func substituteFlags(text: String, flags: [Bool]) throws {
        for field in [BasicFourInformation.Field.nameSubstituteCharacters, .addressSubstituteCharacters] {
            let parsed = try BasicFourInformation.SubstituteCharacterFlags(text, field: field)
            #expect(parsed.flags == flags)
            #expect(parsed.description == text)
            #expect(parsed.containsSubstitutes == flags.contains(true))
        }
    }

    @Test("other substitute flags are rejected, naming the field", arguments: ["2", "01a", " 0", "0 ", "true", "０"])
    func invalidSubstituteFlags(text: String) {
        for field in [BasicFourInformation.Field.nameSubstituteCharacters, .addressSubstituteCharacters] {
            #expect(throws: BasicFourInformationError.invalidSubstituteCharacterFlags(field, text)) {
                try BasicFourInformation.SubstituteCharacterFlags(text, field: field)
            }
        }
    }

    // MARK: Decoding from general names

    static func otherName(_ field: BasicFourInformation.Field, _ text: String, kind: ASN1CharacterString.Kind = .utf8)
        throws -> GeneralName
    {
        var writer = DERWriter()
        writer.serialize(try ASN1CharacterString(text, kind: kind))
        return .otherName(type: field.oid, value: try ASN1Element(encoded: writer.bytes))
    }

    static func names(replacing field: BasicFourInformation.Field? = nil, with text: String? = nil) throws
        -> [GeneralName]
    {
        let values: [BasicFourInformation.Field: String] = [
            .name: "番号　太郎", .nameSubstituteCharacters: "00000", .sex: "1", .birthDate: "419900101",
            .address: "北海道札幌市中央区北1条西2丁目", .addressSubstituteCharacters: "0",
        ]
        var names: [GeneralName] = [.dnsName("example.jp")]
        for candidate in BasicFourInformation.Field.allCases {
            if candidate == field, text == nil { continue }
            names.append(try otherName(candidate, candidate == field ? text ?? "" : values[candidate] ?? ""))
        }
        return names
    }

    @Test("the six otherNames decode; other names are ignored")
    func decodes() throws {
        let information = try BasicFourInformation(generalNames: try Self.names())
        #expect(information.name == "番号　太郎")
        #expect(information.familyName == "番号")
        #expect(information.givenName == "太郎")
        #expect(information.nameSubstituteCharacters.flags == [false, false, false, false, false])
        #expect(information.sex == .male)
        #expect(information.birthDate == (try JPKIBirthDate(era: .heisei, year: 1990, month: 1, day: 1)))
        #expect(information.address == "北海道札幌市中央区北1条西2丁目")
        #expect(!information.addressSubstituteCharacters.containsSubstitutes)
        // Built otherNames decode to the same information.
        #expect(try BasicFourInformation(generalNames: try information.otherNames()) == information)
    }

    @Test("every sex code decodes from a certificate's otherNames", arguments: BasicFourInformation.Sex.allCases)
    func sexFromNames(sex: BasicFourInformation.Sex) throws {
        let information = try BasicFourInformation(generalNames: try Self.names(replacing: .sex, with: sex.code))
        #expect(information.sex == sex)
    }

    @Test("every era decodes from a certificate's otherNames", arguments: eraDates.indices)
    func eraFromNames(index: Int) throws {
        let text = Self.eraDates[index].text
        let information = try BasicFourInformation(generalNames: try Self.names(replacing: .birthDate, with: text))
        #expect(information.birthDate.era == Self.eraDates[index].era)
    }

    @Test("each missing field is reported", arguments: BasicFourInformation.Field.allCases)
    func missingField(field: BasicFourInformation.Field) throws {
        var names = try Self.names()
        names.removeAll {
            if case .otherName(let type, _) = $0 { return type == field.oid }
            return false
        }
        #expect(throws: BasicFourInformationError.missingField(field)) { try BasicFourInformation(generalNames: names) }
    }

    @Test("each repeated field is reported", arguments: BasicFourInformation.Field.allCases)
    func duplicateField(field: BasicFourInformation.Field) throws {
        let names = try Self.names() + [try Self.otherName(field, "1")]
        #expect(throws: BasicFourInformationError.duplicateField(field)) {
            try BasicFourInformation(generalNames: names)
        }
    }

    @Test("a value that is not a UTF8String is reported", arguments: BasicFourInformation.Field.allCases)
    func notUTF8(field: BasicFourInformation.Field) throws {
        var names = try Self.names()
        let index = try #require(
            names.firstIndex {
                if case .otherName(let type, _) = $0 { return type == field.oid }
                return false
            })
        names[index] = try Self.otherName(field, "1", kind: .printable)
        #expect(throws: BasicFourInformationError.notUTF8String(field)) {
            try BasicFourInformation(generalNames: names)
        }
    }

    @Test("malformed values are reported by field")
    func malformedValues() throws {
        #expect(throws: BasicFourInformationError.invalidSex("9")) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .sex, with: "9"))
        }
        #expect(throws: BasicFourInformationError.invalidBirthDate("419900230")) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .birthDate, with: "419900230"))
        }
        #expect(throws: BasicFourInformationError.invalidSubstituteCharacterFlags(.nameSubstituteCharacters, "0x")) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .nameSubstituteCharacters, with: "0x"))
        }
        #expect(throws: BasicFourInformationError.invalidSubstituteCharacterFlags(.addressSubstituteCharacters, "2")) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .addressSubstituteCharacters, with: "2"))
        }
        #expect(throws: BasicFourInformationError.emptyField(.name)) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .name, with: ""))
        }
        #expect(throws: BasicFourInformationError.emptyField(.address)) {
            try BasicFourInformation(generalNames: try Self.names(replacing: .address, with: ""))
        }
    }

    @Test("the field OIDs are 1.2.392.200149.8.5.5.1 to .6 in the table's order")
    func fieldOIDs() {
        #expect(
            BasicFourInformation.Field.allCases.map(\.oid.description)
                == (1...6).map { "1.2.392.200149.8.5.5.\($0)" })
        #expect(BasicFourInformation.Field(oid: "1.2.392.200149.8.5.5.4") == .birthDate)
        #expect(BasicFourInformation.Field(oid: "1.2.392.200149.8.5.5.7") == nil)
    }

    // MARK: A generated signature certificate

    @Test("a generated signature certificate carries the 4 information, the profile and the municipality")
    func generatedCertificate() throws {
        let pki = try TestPKI.shared.get()
        let certificate = pki.signatureCertificate
        #expect(try certificate.basicFourInformation == pki.information)
        #expect(certificate.jpkiProfile.kind == .signatureCertificate)
        #expect(certificate.jpkiProfile.policyIdentifier == "1.2.392.200149.8.5.1.1.20")
        #expect(try certificate.jpkiMunicipality == TestPKI.municipality)
        #expect(certificate.subject.description == "CN=SIGN0123456789ABCDEF,L=Chiyoda-ku,L=Tokyo-to,C=JP")
        #expect(certificate.issuer == pki.signatureRoot.subject)
        #expect(certificate.isSignature(validFor: pki.signatureRoot))
        #expect(try certificate.extensions.keyUsage == [.digitalSignature, .nonRepudiation])
        #expect(certificate.extensions[oid: KeyUsage.oid]?.critical == true)
        #expect(try certificate.extensions.basicConstraints == nil)
        #expect(
            try certificate.extensions.issuerAlternativeNames?.names
                == pki.signatureRoot.extensions.subjectAlternativeNames?.names)
        #expect(
            try certificate.extensions.authorityKeyIdentifier?.keyIdentifier
                == pki.signatureRoot.extensions.subjectKeyIdentifier?.keyIdentifier)
        let points = try #require(try certificate.extensions.crlDistributionPoints)
        #expect(
            points.first?.directoryNames.first?.description
                == "CN=Chiyoda-ku CRLDP,OU=Tokyo-to,OU=CRL Distribution Points,OU=JPKI for digital signature,O=JPKI,C=JP"
        )

        let authentication = pki.authenticationCertificate
        #expect(authentication.jpkiProfile.kind == .userAuthenticationCertificate)
        #expect(try authentication.basicFourInformation == nil)
        #expect(try authentication.extensions.keyUsage == [.digitalSignature])
        #expect(authentication.subject.description == "CN=AUTH0123456789ABCDEF,C=JP")
        #expect(
            try authentication.jpkiMunicipality
                == JPKIMunicipality(prefecture: "東京都", city: "千代田区", purpose: .userAuthentication))
        #expect(authentication.isSignature(validFor: pki.authenticationRoot))
        // A leaf under the wrong root's name, or a root, is no leaf.
        #expect(pki.signatureRoot.jpkiProfile.kind == .rootCA(.signature))
    }

    @Test(
        "openssl x509 -text shows the generated certificate with the same otherName values",
        .enabled(if: OpenSSLCLI.available, "needs the openssl command line tool"))
    func opensslShowsOtherNames() throws {
        let pki = try TestPKI.shared.get()
        let file = try TemporaryFile.create(pki.signatureCertificate.derEncoded)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try OpenSSLCLI.run(["x509", "-inform", "DER", "-in", file.path, "-noout", "-text"])
        #expect(run.status == 0, "\(run.error)")
        let headers = OpenSSLCertificateText.extensionHeaders(run.output)
        let san = try #require(headers.first { $0.oid == SubjectAlternativeNames.oid.description })
        // `othername: <oid>::<value>` entries, separated by ", ".
        var printed: [String: String] = [:]
        for entry in san.lines.joined().components(separatedBy: ", ") {
            guard entry.hasPrefix("othername: "), let separator = entry.range(of: "::") else { continue }
            printed[String(entry[entry.index(entry.startIndex, offsetBy: 11)..<separator.lowerBound])] = String(
                entry[separator.upperBound...])
        }
        for field in BasicFourInformation.Field.allCases {
            #expect(printed[field.oid.description] == pki.information.text(of: field), "\(field)")
        }
        #expect(run.output.contains("Digital Signature, Non Repudiation"))
        #expect(run.output.contains("1.2.392.200149.8.5.1.1.20"))

        // And the chain verifies with OpenSSL.
        let root = try TemporaryFile.create(
            Array(PEMDocument(label: "CERTIFICATE", der: pki.signatureRoot.derEncoded).pemString.utf8), suffix: ".pem")
        let leaf = try TemporaryFile.create(
            Array(PEMDocument(label: "CERTIFICATE", der: pki.signatureCertificate.derEncoded).pemString.utf8),
            suffix: ".pem")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: leaf)
        }
        let verify = try OpenSSLCLI.run(["verify", "-attime", "1767225600", "-CAfile", root.path, leaf.path])
        #expect(verify.status == 0, "\(verify.output) \(verify.error)")
    }
}
