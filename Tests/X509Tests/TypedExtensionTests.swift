import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// The typed extensions: each round-trips build → DER → parse, writes DER as RFC 5280 and
/// X.690 say (DEFAULT values omitted, named bit lists without trailing zeros), and rejects
/// encodings that break those rules.
@Suite("Typed extensions")
struct TypedExtensionTests {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.replacingOccurrences(of: " ", with: "").utf8)
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
    }

    /// Builds the extension, reads it back through ``Extensions``, and checks the DER when given.
    func roundTrip<Value: ExtensionValue>(
        _ value: Value, critical: Bool = false, der: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let built = value.makeExtension(critical: critical)
        #expect(built.oid == Value.oid, sourceLocation: sourceLocation)
        #expect(built.critical == critical, sourceLocation: sourceLocation)
        if let der { #expect(Array(built.value) == Self.bytes(der), sourceLocation: sourceLocation) }
        #expect(try Value(built) == value, sourceLocation: sourceLocation)
        #expect(try Value(derEncoded: Array(built.value)) == value, sourceLocation: sourceLocation)
        #expect(try Extensions([built]).decode(Value.self) == value, sourceLocation: sourceLocation)
        let decoded = try #require(try built.decodedValue(), sourceLocation: sourceLocation)
        #expect(decoded as? Value == value, sourceLocation: sourceLocation)
        #expect(Array(built.value) == value.derEncoded, sourceLocation: sourceLocation)
    }

    /// Decoding `hex` as `type` fails with `rule`.
    func rejects<Value: ExtensionValue>(
        _ type: Value.Type, _ hex: String, _ rule: DERError.Rule, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try Value(derEncoded: Self.bytes(hex))
            Issue.record("\(hex) decoded as \(value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(hex): \(error)", sourceLocation: sourceLocation)
        }
        let wrapped = Extension(oid: Value.oid, value: Self.bytes(hex)[...])
        #expect(sourceLocation: sourceLocation) {
            try Value(wrapped)
        } throws: { error in
            guard case .invalidExtension(let oid, _) = error as? X509Error else { return false }
            return oid == Value.oid
        }
    }

    // MARK: basicConstraints

    @Test("basicConstraints: cA FALSE is the DEFAULT and is never encoded")
    func basicConstraints() throws {
        try roundTrip(BasicConstraints.notCertificateAuthority, der: "3000")
        try roundTrip(BasicConstraints.isCertificateAuthority(maxPathLength: nil), critical: true, der: "30030101FF")
        try roundTrip(
            BasicConstraints.isCertificateAuthority(maxPathLength: 0), critical: true, der: "30060101FF020100")
        try roundTrip(BasicConstraints.isCertificateAuthority(maxPathLength: 300), der: "30070101FF0202012C")
        #expect(BasicConstraints.isCertificateAuthority(maxPathLength: 2).description == "CA:TRUE, pathlen:2")
        #expect(BasicConstraints.notCertificateAuthority.description == "CA:FALSE")
        rejects(BasicConstraints.self, "3003010100", .invalidBoolean)  // cA FALSE encoded
        rejects(BasicConstraints.self, "3006010100020101", .invalidBoolean)
        rejects(BasicConstraints.self, "3003020101", .missingElement(expected: .boolean))  // pathLen without cA
        rejects(BasicConstraints.self, "30060101FF0201FF", .integerOverflow)  // negative
        rejects(BasicConstraints.self, "3003010101", .invalidBoolean)  // BOOLEAN not FF
        rejects(BasicConstraints.self, "30070101FF02020001", .nonMinimalInteger)
        rejects(BasicConstraints.self, "30060201000101FF", .missingElement(expected: .boolean))  // wrong order
        rejects(BasicConstraints.self, "3100", .unexpectedTag(expected: .sequence, found: .set))
        rejects(BasicConstraints.self, "30000500", .trailingData)
    }

    // MARK: keyUsage

    @Test("keyUsage: named bits, no trailing zero bits")
    func keyUsage() throws {
        try roundTrip(KeyUsage.digitalSignature, critical: true, der: "03020780")
        try roundTrip(KeyUsage([.digitalSignature, .nonRepudiation]), critical: true, der: "030206C0")
        try roundTrip(KeyUsage([.keyCertSign, .cRLSign]), critical: true, der: "03020106")
        try roundTrip(KeyUsage.decipherOnly, der: "0303070080")
        try roundTrip(
            KeyUsage([
                .digitalSignature, .nonRepudiation, .keyEncipherment, .dataEncipherment, .keyAgreement, .keyCertSign,
                .cRLSign, .encipherOnly, .decipherOnly,
            ]), der: "030307FF80")
        try roundTrip(KeyUsage([]), der: "030100")
        #expect(KeyUsage([.keyCertSign, .cRLSign]).description == "Certificate Sign, CRL Sign")
        rejects(KeyUsage.self, "03020680", .invalidBitString)  // a trailing zero bit
        rejects(KeyUsage.self, "030500B0000000", .invalidBitString)  // trailing zero octets
        rejects(KeyUsage.self, "030200", .truncated)
        rejects(KeyUsage.self, "03020781", .invalidBitString)  // unused bit set
        rejects(KeyUsage.self, "030400000001", .invalidBitString)  // bit 23: beyond 15
        rejects(KeyUsage.self, "040180", .unexpectedTag(expected: .bitString, found: .octetString))
    }

    // MARK: extKeyUsage

    @Test("extKeyUsage: one or more purposes")
    func extendedKeyUsage() throws {
        try roundTrip(
            ExtendedKeyUsage([ExtendedKeyUsage.clientAuth]), der: "300A06082B06010505070302")
        try roundTrip(ExtendedKeyUsage([ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.clientAuth, "1.2.3.4"]))
        #expect(ExtendedKeyUsage([ExtendedKeyUsage.clientAuth]).description == "TLS Web Client Authentication")
        rejects(ExtendedKeyUsage.self, "3000", .missingElement(expected: .objectIdentifier))
        rejects(ExtendedKeyUsage.self, "3003020101", .unexpectedTag(expected: .objectIdentifier, found: .integer))
    }

    // MARK: key identifiers

    @Test("subjectKeyIdentifier and authorityKeyIdentifier")
    func keyIdentifiers() throws {
        let identifier: [UInt8] = Array(0..<20)
        try roundTrip(SubjectKeyIdentifier(keyIdentifier: identifier), der: "0414" + Hex.encode(identifier))
        try roundTrip(AuthorityKeyIdentifier(keyIdentifier: identifier), der: "30168014" + Hex.encode(identifier))
        let issuer = try DistinguishedName(derEncoded: Self.bytes("300F310D300B06035504030C0474657374"))
        try roundTrip(
            AuthorityKeyIdentifier(
                keyIdentifier: [1, 2], authorityCertIssuer: [.directoryName(issuer)],
                authorityCertSerialNumber: [0x00, 0xC9]),
            der: "301D80020102A113A411300F310D300B06035504030C0474657374820200C9")
        try roundTrip(AuthorityKeyIdentifier(), der: "3000")
        #expect(AuthorityKeyIdentifier(keyIdentifier: [0xAB, 0xCD]).description == "AB:CD")
        rejects(
            AuthorityKeyIdentifier.self, "3002A100", .missingElement(expected: .contextSpecific(0, constructed: true)))
        rejects(AuthorityKeyIdentifier.self, "300482020001", .nonMinimalInteger)
        rejects(AuthorityKeyIdentifier.self, "3003040100", .trailingData)
        rejects(SubjectKeyIdentifier.self, "030100", .unexpectedTag(expected: .octetString, found: .bitString))
        // Method 1: the SHA-1 of the key's bits.
        let pki = try TestPKI.shared.get()
        let key = pki.signatureRoot.subjectPublicKeyInfo
        #expect(SubjectKeyIdentifier(hashing: key).keyIdentifier.count == 20)
        #expect(try pki.signatureRoot.extensions.subjectKeyIdentifier == SubjectKeyIdentifier(hashing: key))
    }

    // MARK: alternative names

    @Test("subjectAltName and issuerAltName: every GeneralName form")
    func alternativeNames() throws {
        let name = try DistinguishedName(derEncoded: Self.bytes("300F310D300B06035504030C0474657374"))
        let other = try ASN1Element(encoded: Self.bytes("0C03616263"))
        let names: [GeneralName] = [
            .otherName(type: "1.2.3.4", value: other), .rfc822Name("a@example.jp"), .dnsName("example.jp"),
            .directoryName(name), .uniformResourceIdentifier("https://example.jp/"), .ipAddress([127, 0, 0, 1]),
            .ipAddress(Array(repeating: 0, count: 15) + [1]), .registeredID("1.2.3.4.5"),
            .x400Address(try ASN1Element(encoded: Self.bytes("A3023000"))),
            .ediPartyName(try ASN1Element(encoded: Self.bytes("A50481026162"))),
        ]
        try roundTrip(SubjectAlternativeNames(names))
        try roundTrip(IssuerAlternativeNames(names))
        try roundTrip(SubjectAlternativeNames([.dnsName("a")]), der: "3003820161")
        rejects(SubjectAlternativeNames.self, "3000", .missingElement(expected: .contextSpecific(0, constructed: true)))
        rejects(IssuerAlternativeNames.self, "3000", .missingElement(expected: .contextSpecific(0, constructed: true)))
        rejects(SubjectAlternativeNames.self, "30038201FF", .invalidString(.ia5String))
        rejects(
            SubjectAlternativeNames.self, "30050C03616263",
            .unexpectedTag(expected: .contextSpecific(0, constructed: true), found: .utf8String))
    }

    // MARK: cRLDistributionPoints

    @Test("cRLDistributionPoints: full names, relative names, reasons, CRL issuers")
    func crlDistributionPoints() throws {
        let name = try DistinguishedName(derEncoded: Self.bytes("300F310D300B06035504030C0474657374"))
        let rdn = try #require(name.relativeDistinguishedNames.first)
        let points = CRLDistributionPoints([
            .init(name: .fullName([.uniformResourceIdentifier("http://crl.example.jp/a.crl")])),
            .init(
                name: .nameRelativeToCRLIssuer(rdn), reasons: [.keyCompromise, .cACompromise],
                crlIssuer: [.directoryName(name)]),
            .init(
                reasons: Set(RevocationReason.allCases).subtracting([.removeFromCRL]), crlIssuer: [.directoryName(name)]
            ),
            .init(name: .fullName([.directoryName(name)]), reasons: []),
        ])
        try roundTrip(points)
        try roundTrip(
            CRLDistributionPoints([.init(name: .fullName([.uniformResourceIdentifier("a")]))]),
            der: "30093007A005A003860161")
        // Reasons keyCompromise + cACompromise: bits 1 and 2, five unused bits.
        try roundTrip(
            CRLDistributionPoints([
                .init(name: .fullName([.uniformResourceIdentifier("a")]), reasons: [.keyCompromise, .cACompromise])
            ]),
            der: "300D300BA005A00386016181020560")
        rejects(CRLDistributionPoints.self, "3000", .missingElement(expected: .sequence))
        rejects(
            CRLDistributionPoints.self, "30023000", .missingElement(expected: .contextSpecific(0, constructed: true)))
        rejects(
            CRLDistributionPoints.self, "3006300481020560",
            .missingElement(expected: .contextSpecific(0, constructed: true)))
        // Reasons with a trailing zero bit.
        rejects(CRLDistributionPoints.self, "300D300BA005A00386016181020440", .invalidBitString)
        // An empty full name.
        rejects(
            CRLDistributionPoints.self, "30063004A002A000",
            .missingElement(expected: .contextSpecific(0, constructed: true)))
        // A relative name whose SET is not in DER order.
        rejects(
            CRLDistributionPoints.self,
            "30223020A01EA11C300D06035504030C06746573743131300B06035504030C0474657374",
            .setOfNotSorted)
    }

    // MARK: authorityInfoAccess

    @Test("authorityInfoAccess: OCSP and CA issuers")
    func authorityInformationAccess() throws {
        let access = AuthorityInformationAccess([
            .init(
                method: AuthorityInformationAccess.ocsp, location: .uniformResourceIdentifier("http://ocsp.example.jp")),
            .init(
                method: AuthorityInformationAccess.caIssuers,
                location: .uniformResourceIdentifier("http://example.jp/ca.cer")),
        ])
        try roundTrip(access)
        #expect(access.ocspLocations == [.uniformResourceIdentifier("http://ocsp.example.jp")])
        #expect(access.description.hasPrefix("OCSP - URI:http://ocsp.example.jp\nCA Issuers - URI:"))
        rejects(AuthorityInformationAccess.self, "3000", .missingElement(expected: .sequence))
        rejects(AuthorityInformationAccess.self, "300C300A06082B06010505073001", .truncated)  // no location
    }

    // MARK: certificatePolicies

    @Test("certificatePolicies: policy OIDs with CPS and user notice qualifiers")
    func certificatePolicies() throws {
        let policies = CertificatePolicies([
            .init(identifier: ASN1ObjectIdentifier.JPKI.signaturePolicy),
            .init(
                identifier: "1.2.392.200149.8.5.1.3.30",
                qualifiers: [
                    .cps("https://www.jpki.go.jp/cps"),
                    .userNotice(
                        .init(
                            noticeReference: .init(
                                organization: try ASN1CharacterString("J-LIS", kind: .utf8), noticeNumbers: [1, 2]),
                            explicitText: try ASN1CharacterString("利用者証明用", kind: .utf8))),
                    .userNotice(.init()),
                    .userNotice(.init(explicitText: try ASN1CharacterString("visible", kind: .visible))),
                    .other(identifier: "1.2.3.4", qualifier: try ASN1Element(encoded: [0x05, 0x00])),
                ]),
        ])
        try roundTrip(policies, critical: true)
        try roundTrip(
            CertificatePolicies([.init(identifier: ASN1ObjectIdentifier.JPKI.signaturePolicy)]),
            der: "300E300C060A2A83088C9B5508050101")
        #expect(policies.identifiers.first == ASN1ObjectIdentifier.JPKI.signaturePolicy)
        rejects(CertificatePolicies.self, "3000", .missingElement(expected: .sequence))
        // An empty qualifier list.
        rejects(CertificatePolicies.self, "3009300706032A03043000", .missingElement(expected: .sequence))
        // A CPS that is a UTF8String.
        rejects(
            CertificatePolicies.self, "3018301606032A0304300F300D06082B060105050702010C0161",
            .unexpectedTag(expected: .ia5String, found: .utf8String))
    }

    // MARK: nameConstraints

    @Test("nameConstraints: minimum 0 is the DEFAULT and is never encoded")
    func nameConstraints() throws {
        let constraints = NameConstraints(
            permittedSubtrees: [
                .init(base: .dnsName("example.jp")), .init(base: .ipAddress([192, 168, 0, 0, 255, 255, 0, 0])),
            ],
            excludedSubtrees: [.init(base: .dnsName("bad.example.jp"), minimum: 1, maximum: 3)])
        try roundTrip(constraints, critical: true)
        try roundTrip(NameConstraints(permittedSubtrees: [.init(base: .dnsName("a"))]), der: "3007A0053003820161")
        try roundTrip(
            NameConstraints(excludedSubtrees: [.init(base: .dnsName("a"), maximum: 0)]), der: "300AA1083006820161810100"
        )
        #expect(constraints.permittedSubtrees?[1].ipRange?.mask == [255, 255, 0, 0])
        #expect(constraints.permittedSubtrees?[1].description == "IP:192.168.0.0/255.255.0.0")
        rejects(NameConstraints.self, "300AA0083006820161800100", .nonMinimalInteger)  // minimum 0 encoded
        rejects(NameConstraints.self, "3000", .missingElement(expected: .contextSpecific(0, constructed: true)))
        rejects(NameConstraints.self, "3002A000", .missingElement(expected: .sequence))
        rejects(NameConstraints.self, "300AA00830068201618101FF", .integerOverflow)
    }

    // MARK: fixtures

    static func fixture(_ name: String) throws -> Certificate {
        let documents = try CertificateFixtures.documents("x509-vectors/custom/\(name)")
        return try Certificate(derEncoded: try #require(documents.first))
    }

    @Test(
        "fixture values decode as cryptography's vectors describe",
        .enabled(if: SharedFixtures.available, SharedFixtures.missing))
    func fixtureValues() throws {
        #expect(
            try Self.fixture("bc_path_length_zero.pem").extensions.basicConstraints
                == .isCertificateAuthority(maxPathLength: 0))
        #expect(
            try Self.fixture("all_key_usages.pem").extensions.keyUsage
                == [
                    .digitalSignature, .nonRepudiation, .keyEncipherment, .dataEncipherment, .keyAgreement,
                    .keyCertSign,
                    .cRLSign, .encipherOnly, .decipherOnly,
                ])
        let notice = try #require(
            try Self.fixture("cp_user_notice_with_notice_reference.pem").extensions.certificatePolicies)
        #expect(notice.identifiers == ["2.16.840.1.12345.1.2.3.4.1"])
        #expect(notice[0].qualifiers.count == 3)
        #expect(notice[0].qualifiers[0] == .cps("http://example.com/cps"))
        guard case .userNotice(let userNotice) = notice[0].qualifiers[2] else {
            Issue.record("no user notice")
            return
        }
        #expect(userNotice.noticeReference?.organization.value == "my org")
        #expect(userNotice.noticeReference?.noticeNumbers == [1, 2, 3, 4])
        #expect(userNotice.explicitText?.value == "thing")
        let all = try #require(try Self.fixture("cdp_all_reasons.pem").extensions.crlDistributionPoints)
        #expect(all[0].reasons == Set(RevocationReason.allCases).subtracting([.removeFromCRL, .unspecified]))
        let access = try #require(try Self.fixture("aia_ocsp_ca_issuers.pem").extensions.authorityInformationAccess)
        #expect(
            access.map(\.method) == [
                AuthorityInformationAccess.ocsp, AuthorityInformationAccess.ocsp, AuthorityInformationAccess.caIssuers,
            ])
        let aki = try #require(try Self.fixture("authority_key_identifier.pem").extensions.authorityKeyIdentifier)
        #expect(aki.keyIdentifier != nil)
        #expect(aki.authorityCertIssuer != nil)
        #expect(aki.authorityCertSerialNumber != nil)
        let constraints = try #require(try Self.fixture("nc_permitted_excluded.pem").extensions.nameConstraints)
        #expect(constraints.permittedSubtrees != nil)
        #expect(constraints.excludedSubtrees != nil)
    }
}
