import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

/// Every certificate of `x509-vectors/real-world`, `x509-vectors/custom` (with `ca/`) and
/// `jlis-ca` is read and agrees with `openssl x509` — serial, issuer, subject, validity, the
/// extensions' OIDs and critical flags, the subject and issuer alternative names — or is
/// rejected for a reason listed here.
@Suite(
    "Certificates against openssl x509",
    .enabled(if: SharedFixtures.available, SharedFixtures.missing),
    .enabled(if: OpenSSLCLI.available, "needs the openssl command line tool")
)
struct OpenSSLDifferentialTests {
    /// Files we reject as a whole: why, and whether OpenSSL rejects them too.
    static let rejected: [String: (reason: String, openSSLRejects: Bool)] = [
        "x509-vectors/real-world/badasn1time.pem": (
            "notAfter is a UTCTime without seconds (`YYMMDDHHMMZ`): DER requires `YYMMDDHHMMSSZ`", false
        ),
        "x509-vectors/real-world/cryptography-scts-tbs-precert.der": (
            "a TBSCertificate (the precertificate's signed part), not a Certificate", true
        ),
        "x509-vectors/real-world/v1_cert.pem": (
            "the outer signature algorithm (md5WithRSAEncryption with NULL parameters) differs from the signed "
                + "one (without parameters): RFC 5280 §4.1.1.2 requires the same AlgorithmIdentifier",
            false
        ),
        "x509-vectors/custom/invalid_utf8_common_name.pem": ("the commonName UTF8String is not valid UTF-8", false),
        "x509-vectors/custom/long-form-name-attribute.pem": (
            "a name attribute (2.5.12.13) whose value is [APPLICATION 32], not a universal type", true
        ),
        "x509-vectors/custom/name_attribute_unsupported_tag.pem": (
            "the commonName value is [APPLICATION 9], not a DirectoryString", true
        ),
        "x509-vectors/custom/invalid_version.pem": ("version 7 (v8): only v1, v2 and v3 exist", false),
        "x509-vectors/custom/mismatch_inner_outer_sig_algorithm.der": (
            "the outer and signed signature algorithms differ (RFC 5280 §4.1.1.2)", false
        ),
        "x509-vectors/custom/rsa_pss_cert_invalid_mgf.der": (
            "the outer RSASSA-PSS parameters (an MGF 1.2.3.4) differ from the signed ones (RFC 5280 §4.1.1.2)", false
        ),
        "x509-vectors/custom/rsa_pss_cert_no_sig_params.der": (
            "the outer RSASSA-PSS algorithm has no parameters, the signed one has (RFC 5280 §4.1.1.2)", false
        ),
        "x509-vectors/custom/rsa_pss_cert_unsupported_mgf_hash.der": (
            "the outer RSASSA-PSS parameters differ from the signed ones (RFC 5280 §4.1.1.2)", false
        ),
        "x509-vectors/custom/two_basic_constraints.pem": (
            "basicConstraints appears twice (RFC 5280 §4.2: an extension appears at most once)", false
        ),
    ]

    /// Certificates we read whose typed extension does not decode: the extension and why.
    /// (OpenSSL shows these certificates; where it cannot decode the extension either it prints
    /// the value as a raw dump.)
    static let rejectedExtensions: [String: [(oid: ASN1ObjectIdentifier, reason: String)]] = [
        "x509-vectors/real-world/belgian-eid-invalid-visiblestring.pem": [
            (
                CertificatePolicies.oid,
                "the user notice's explicitText VisibleString holds UTF-8 octets (é, ä), outside 20–7E"
            )
        ],
        "x509-vectors/real-world/utf8-dnsname.pem": [
            (SubjectAlternativeNames.oid, "a dNSName IA5String holds UTF-8 octets, outside IA5 (00–7F)")
        ],
        "x509-vectors/custom/inhibit_any_policy_negative.pem": [
            (InhibitAnyPolicy.oid, "a negative SkipCerts: InhibitAnyPolicy is INTEGER (0..MAX) (RFC 5280 §4.2.1.14)")
        ],
        "x509-vectors/real-world/wosign-bc-invalid.pem": [
            (BasicConstraints.oid, "pathLenConstraint without cA TRUE (RFC 5280 §4.2.1.9)")
        ],
        "x509-vectors/custom/alternate-rsa-sha1-oid.der": [
            (
                KeyUsage.oid,
                "the named bit list ends in three zero octets: DER removes trailing zero bits (X.690 11.2.2)"
            )
        ],
        "x509-vectors/custom/cp_invalid.pem": [
            (
                CertificatePolicies.oid,
                "a user notice qualifier whose value is an IA5String, not a UserNotice (OpenSSL dumps it raw)"
            )
        ],
        "x509-vectors/custom/cp_invalid2.der": [
            (
                CertificatePolicies.oid,
                "a CPS qualifier whose value is a SEQUENCE, not an IA5String (OpenSSL dumps it raw)"
            )
        ],
        "x509-vectors/custom/empty-eku.pem": [
            (ExtendedKeyUsage.oid, "an empty SEQUENCE: SIZE (1..MAX) (OpenSSL dumps it raw)")
        ],
        "x509-vectors/custom/malformed-ian.pem": [
            (IssuerAlternativeNames.oid, "a UTF8String where a GeneralName belongs (OpenSSL dumps it raw)")
        ],
        "x509-vectors/custom/malformed-san.pem": [
            (SubjectAlternativeNames.oid, "a UTF8String where a GeneralName belongs (OpenSSL dumps it raw)")
        ],
    ]

    /// Certificates whose subject or issuer alternative names OpenSSL cannot print, so there
    /// is nothing to compare: why.
    static let namesNotComparable: [String: String] = [
        "x509-vectors/real-world/san_edipartyname.der": "OpenSSL cannot decode the ediPartyName and dumps the value raw"
    ]

    static var files: [String] { CertificateFixtures.files }

    @Test("the fixture folders hold the expected certificates")
    func inventory() {
        #expect(Self.files.count > 120)
        for path in Self.rejected.keys { #expect(Self.files.contains(path), "\(path) is not a fixture") }
        for path in Self.rejectedExtensions.keys { #expect(Self.files.contains(path), "\(path) is not a fixture") }
    }

    @Test("read and compared with openssl x509, or rejected for a listed reason", arguments: files)
    func agreesWithOpenSSL(path: String) throws {
        let documents = try CertificateFixtures.documents(path)
        #expect(!documents.isEmpty, "\(path) holds no certificate")
        for (index, der) in documents.enumerated() {
            let label = documents.count > 1 ? "\(path) #\(index + 1)" : path
            let openssl = try OpenSSLCertificateText.read(der)
            let certificate: Certificate
            do {
                certificate = try Certificate(derEncoded: der)
            } catch {
                let expected = try #require(Self.rejected[path], "\(label) rejected: \(error)")
                if expected.openSSLRejects { #expect(openssl == nil, "\(label): OpenSSL should reject it too") }
                continue
            }
            #expect(Self.rejected[path] == nil, "\(label) was read but should be rejected")
            let reference = try #require(openssl, "\(label): OpenSSL cannot read it, we can")
            compare(certificate, with: reference, label: label, path: path)
        }
    }

    private func compare(_ certificate: Certificate, with openssl: OpenSSLCertificateText, label: String, path: String)
    {
        #expect(OpenSSLCertificateText.serial(certificate.serialNumber) == openssl.serial, "\(label): serial")
        expectNames(certificate.subject, openssl.subject, "\(label): subject")
        expectNames(certificate.issuer, openssl.issuer, "\(label): issuer")
        #expect(OpenSSLCertificateText.time(certificate.notBefore) == openssl.notBefore, "\(label): notBefore")
        #expect(OpenSSLCertificateText.time(certificate.notAfter) == openssl.notAfter, "\(label): notAfter")

        let ours = certificate.extensions.map {
            OpenSSLCertificateText.ExtensionHeader(oid: $0.oid.description, critical: $0.critical, lines: [])
        }
        #expect(ours == openssl.extensions, "\(label): extension OIDs and critical flags")

        let allowed = Self.rejectedExtensions[path] ?? []
        for item in certificate.extensions {
            do {
                if let value = try item.decodedValue(),
                    let header = openssl.extensions.first(where: { $0.oid == item.oid.description }),
                    let expected = Self.openSSLValue(value)
                {
                    #expect(expected == header.lines, "\(label): \(item.oid) value")
                }
                #expect(
                    !allowed.contains { $0.oid == item.oid }, "\(label): \(item.oid) decoded but is listed as rejected")
            } catch {
                #expect(allowed.contains { $0.oid == item.oid }, "\(label): \(item.oid) does not decode: \(error)")
            }
        }

        guard Self.namesNotComparable[path] == nil else { return }
        for (oid, names) in [
            (SubjectAlternativeNames.oid, try? certificate.extensions.subjectAlternativeNames?.names),
            (IssuerAlternativeNames.oid, try? certificate.extensions.issuerAlternativeNames?.names),
        ] {
            guard let names, let header = openssl.extensions.first(where: { $0.oid == oid.description }) else {
                continue
            }
            let rendered = names.map(Self.openSSLForm).joined(separator: ", ")
            #expect(rendered == header.lines.joined(separator: "\n"), "\(label): \(oid) entries")
        }
    }

    /// The value lines OpenSSL prints for the typed extensions whose layout does not depend on
    /// its version (`nil` for the others: their values are checked against the vectors in
    /// ``TypedExtensionTests``).
    static func openSSLValue(_ value: any ExtensionValue) -> [String]? {
        switch value {
        case let usage as KeyUsage: return [usage.description]
        case let constraints as BasicConstraints: return [constraints.description]
        case let identifier as SubjectKeyIdentifier: return [identifier.description]
        case let usages as ExtendedKeyUsage:
            return [usages.map { OpenSSLObjects.longName($0) }.joined(separator: ", ")]
        case let access as AuthorityInformationAccess:
            return access.map { "\(OpenSSLObjects.longName($0.method)) - \(openSSLForm($0.location))" }
        case let identifier as AuthorityKeyIdentifier:
            var lines: [String] = []
            if let key = identifier.keyIdentifier {
                let hex = Hex.encode(key, separator: ":")
                lines.append(
                    identifier.authorityCertIssuer == nil && identifier.authorityCertSerialNumber == nil
                        ? hex : "keyid:" + hex)
            }
            lines += (identifier.authorityCertIssuer ?? []).map(openSSLForm)
            if let serial = identifier.authorityCertSerialNumber {
                lines.append("serial:" + Hex.encode(serial.drop(while: { $0 == 0 }), separator: ":"))
            }
            return lines
        case let policies as CertificatePolicies:
            var lines: [String] = []
            for policy in policies {
                lines.append("Policy: " + OpenSSLObjects.longName(policy.identifier))
                for qualifier in policy.qualifiers {
                    switch qualifier {
                    case .cps(let uri): lines.append("  CPS: \(uri)")
                    case .userNotice(let notice):
                        lines.append("  User Notice:")
                        if let reference = notice.noticeReference {
                            lines.append("    Organization: \(reference.organization.value)")
                            let numbers = reference.noticeNumbers.map(String.init).joined(separator: ", ")
                            lines.append("    Number\(reference.noticeNumbers.count > 1 ? "s" : ""): \(numbers)")
                        }
                        if let text = notice.explicitText {
                            // OpenSSL 3.0 prints BMPString text as nothing.
                            lines.append("    Explicit Text: \(text.kind == .bmp ? "" : text.value)")
                        }
                    case .other: return nil
                    }
                }
            }
            return lines
        default: return nil
        }
    }

    /// A general name as OpenSSL's `-text` prints it (directory names in one-line form).
    static func openSSLForm(_ name: GeneralName) -> String {
        if case .directoryName(let directory) = name { return "DirName:" + OneLineName.render(directory) }
        return name.description
    }

    private func expectNames(_ name: DistinguishedName, _ text: String, _ label: String) {
        let theirs = RFC2253.parse(text)
        let ours = RFC2253.render(name)
        let ourDER = name.relativeDistinguishedNames.reversed().map { $0.attributes.map(\.value.encoded) }
        var agree = theirs.count == ours.count
        for (index, rdn) in theirs.enumerated() where agree {
            guard rdn.count == ours[index].count else {
                agree = false
                break
            }
            for (position, attribute) in rdn.enumerated()
            where !RFC2253.agrees(attribute, ours[index][position], der: ourDER[index][position]) {
                agree = false
            }
        }
        #expect(agree, "\(label): openssl \(theirs) vs ours \(ours)")
    }
}
