import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKITestSupport
import JPKIX509
import Testing

/// Every CRL of `../shared/fixtures/x509-vectors/custom/` (read in place): parsed or rejected as
/// its name says, and, when parsed, its entries (serials, dates, reasons, invalidity dates) and
/// times equal `openssl crl -text`'s; the index finds every entry.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct CRLFixtureTests {
    /// What must happen to a fixture.
    enum Expected: Sendable {
        /// Reads, its entries read, and it can be indexed.
        case parses
        /// Reading the CRL fails with this error.
        case rejected(X509Error, because: String)
        /// The CRL reads, but reading its entries fails with this error.
        case entryRejected(X509Error, because: String)
        /// Everything reads, but the entry with this unrecognized critical extension is surfaced
        /// by the iterators and makes `validateEntries()` and `RevocationIndex` fail
        /// (RFC 5280 §5.3: the CRL must not be used).
        case unusable(ASN1ObjectIdentifier, X509Error)
    }

    static let folder = "x509-vectors/custom"

    /// Every CRL of the folder (`crl_*` and `*_crl.*`) with what must happen to it. A CRL in the
    /// folder and not here fails the test.
    static let expectations: [String: Expected] = [
        "crl_all_reasons.pem": .parses,
        "crl_almost_10k.pem": .parses,
        "crl_bad_version.pem": .rejected(
            .unsupportedVersion(2, offset: 7), because: "version INTEGER 2 (v3): CRLs are v1 or v2 (RFC 5280 §5.1.2.1)"),
        "crl_delta_crl_indicator.pem": .parses,
        "crl_dup_entry_ext.pem": .entryRejected(
            .duplicateExtension("2.5.29.21", offset: 138), because: "reasonCode twice in one entry (RFC 5280 §4.2)"),
        "crl_empty.pem": .parses,
        "crl_empty_no_sequence.der": .parses,
        "crl_ian_aia_aki.pem": .parses,
        "crl_idp_fullname_indirect_crl.pem": .parses,
        "crl_idp_fullname_only.pem": .parses,
        "crl_idp_fullname_only_aa.pem": .parses,
        "crl_idp_fullname_only_user.pem": .parses,
        "crl_idp_only_ca.pem": .parses,
        "crl_idp_reasons_only.pem": .parses,
        "crl_idp_relative_user_all_reasons.pem": .parses,
        "crl_idp_relativename_only.pem": .parses,
        "crl_inner_outer_mismatch.der": .rejected(
            .signatureAlgorithmMismatch(offset: 109),
            because: "TBSCertList says sha1WithRSA, the outer algorithm sha256WithRSA (RFC 5280 §5.1.1.2)"),
        "crl_inval_cert_issuer_entry_ext.pem": .entryRejected(
            .invalidExtension("2.5.29.29", DERError(.truncated, at: 135)),
            because: "certificateIssuer with an empty value: GeneralNames needs one name"),
        "crl_inval_date_fractional_seconds.der": .entryRejected(
            .invalidExtension("2.5.29.24", DERError(.invalidTime, at: 69)),
            because: "invalidityDate 20240101000000.5Z: RFC 5280 GeneralizedTime has no fractional seconds"),
        "crl_invalid_time.der": .rejected(
            .malformed(DERError(.invalidTime, at: 45)), because: "thisUpdate UTCTime 18102813516Z: 11 digits"),
        "crl_issuer_invalid_printable_string.der": .rejected(
            .malformed(DERError(.invalidString(.printableString), at: 94)),
            because: "issuer CN PrintableString \"<edited>\": < and > are not PrintableString characters"),
        "crl_md2_unknown_crit_entry_ext.pem": .unusable(
            "1.2.3.4", .invalidValue("unrecognized critical CRL entry extension 1.2.3.4", offset: 102)),
        "crl_no_next_update.pem": .parses,
        "crl_unrecognized_extension.der": .parses,
        "crl_unsupported_reason.pem": .entryRejected(
            .invalidValue("reason code 12 is not a CRLReason", offset: 135),
            because: "reasonCode 12: CRLReason is 0–10 but 7"),
        "invalid_signature_crl.pem": .parses,
        "valid_signature_crl.pem": .parses,
    ]

    static var files: [String] {
        SharedFixtures.files(in: folder).filter { $0.hasPrefix("crl_") || $0.contains("_crl.") }
    }

    static func load(_ name: String) throws -> [UInt8] {
        let bytes = try SharedFixtures.bytes("\(folder)/\(name)")
        guard name.hasSuffix(".pem") else { return bytes }
        let documents = try PEMDocument.parseAll(bytes: bytes)
        return try #require(documents.first { $0.label == "X509 CRL" }).der
    }

    @Test func everyCRLOfTheFolderHasAnExpectation() {
        #expect(Set(Self.files) == Set(Self.expectations.keys))
        #expect(Self.files.count == 27)
    }

    @Test(arguments: CRLFixtureTests.files)
    func outcome(_ name: String) throws {
        let expected = try #require(Self.expectations[name], "no expectation for \(name)")
        let der = try Self.load(name)
        let crl: CertificateRevocationList
        do {
            crl = try CertificateRevocationList(derEncoded: der)
        } catch {
            guard case .rejected(let expectedError, _) = expected else {
                Issue.record("\(name): unexpected rejection \(error)")
                return
            }
            #expect(error == expectedError, "\(name)")
            return
        }
        if case .rejected(let expectedError, _) = expected {
            Issue.record("\(name) read, expected \(expectedError)")
            return
        }
        do {
            let entries = try crl.entries()
            switch expected {
            case .entryRejected(let expectedError, _):
                Issue.record("\(name): entries read, expected \(expectedError)")
            case .unusable(let oid, let expectedError):
                #expect(entries.contains { $0.unrecognizedCriticalExtension == oid })
                #expect(throws: expectedError) { try crl.validateEntries() }
                #expect(throws: expectedError) { try RevocationIndex(crl) }
            case .parses:
                try checkAgainstOpenSSL(name, crl, entries, der)
                try checkIndex(name, crl, entries)
            case .rejected:
                break
            }
        } catch {
            guard case .entryRejected(let expectedError, _) = expected else {
                Issue.record("\(name): unexpected rejection of an entry: \(error)")
                return
            }
            #expect(error as? X509Error == expectedError, "\(name)")
            // The index reads every entry too, and stops at the same one.
            #expect(throws: expectedError) { try RevocationIndex(crl) }
        }
    }

    func checkAgainstOpenSSL(
        _ name: String, _ crl: CertificateRevocationList, _ entries: [CRLEntry], _ der: [UInt8]
    ) throws {
        guard OpenSSLCLI.available else { return }
        let reference = try OpenSSLCRLText.of(der)
        #expect(reference.version == crl.version.rawValue + 1, "\(name)")
        #expect(reference.lastUpdate == OpenSSLCRLText.format(crl.thisUpdate), "\(name)")
        #expect(reference.nextUpdate == (crl.nextUpdate.map(OpenSSLCRLText.format) ?? "NONE"), "\(name)")
        let ours = entries.map(OpenSSLCRLText.entry)
        #expect(ours.count == reference.entries.count, "\(name)")
        #expect(ours == reference.entries, "\(name)")
    }

    func checkIndex(_ name: String, _ crl: CertificateRevocationList, _ entries: [CRLEntry]) throws {
        let index = try RevocationIndex(crl)
        #expect(index.count == entries.count, "\(name)")
        for entry in entries {
            let found = index.lookup(serialNumber: entry.serialNumber)
            #expect(found?.serialNumber == entry.serialNumber, "\(name) \(entry.serialNumberHex)")
        }
    }

    // MARK: Fields of particular fixtures

    static func crl(_ name: String) throws -> CertificateRevocationList {
        try CertificateRevocationList(derEncoded: try load(name))
    }

    @Test func allReasons() throws {
        let entries = try Self.crl("crl_all_reasons.pem").entries()
        #expect(entries.count == 12)
        #expect(entries.first?.reason == nil)
        #expect(entries.compactMap(\.reason) == RevocationReason.allCases + [.keyCompromise])
        let second = try #require(entries.dropFirst().first)
        #expect(second.invalidityDate?.description == "2015-01-01T00:00:00Z")
        #expect(second.certificateIssuer?.map(\.description) == ["DirName:CN=cryptography.io,C=US"])
        #expect(second.extensions.map(\.oid.description) == ["2.5.29.24", "2.5.29.29", "2.5.29.21"])
    }

    @Test func deltaCRLIndicatorAndNumber() throws {
        let crl = try Self.crl("crl_delta_crl_indicator.pem")
        #expect(crl.crlNumber?.value(as: UInt64.self) == 12_345_678_901_234_567_891)
        #expect(crl.deltaCRLIndicator?.value(as: UInt64.self) == 12_345_678_901_234_567_890)
        #expect(crl.extensions[oid: CertificateRevocationList.ExtensionID.deltaCRLIndicator]?.critical == true)
    }

    @Test func issuingDistributionPoints() throws {
        let fullName = try #require(try Self.crl("crl_idp_fullname_only.pem").issuingDistributionPoint)
        #expect(fullName.distributionPoint == .fullName([.uniformResourceIdentifier("http://myhost.com/myca.crl")]))
        #expect(fullName.onlySomeReasons == nil && !fullName.indirectCRL)
        #expect(try Self.crl("crl_idp_fullname_indirect_crl.pem").issuingDistributionPoint?.indirectCRL == true)
        #expect(
            try Self.crl("crl_idp_fullname_only_aa.pem").issuingDistributionPoint?.onlyContainsAttributeCerts == true)
        #expect(try Self.crl("crl_idp_fullname_only_user.pem").issuingDistributionPoint?.onlyContainsUserCerts == true)
        let onlyCA = try #require(try Self.crl("crl_idp_only_ca.pem").issuingDistributionPoint)
        #expect(onlyCA.onlyContainsCACerts)
        guard case .nameRelativeToCRLIssuer(let rdn) = onlyCA.distributionPoint else {
            Issue.record("expected a name relative to the CRL issuer")
            return
        }
        #expect(rdn.description == "O=PyCA")
        #expect(try Self.crl("crl_idp_reasons_only.pem").issuingDistributionPoint?.onlySomeReasons == [.keyCompromise])
        let all = try #require(try Self.crl("crl_idp_relative_user_all_reasons.pem").issuingDistributionPoint)
        #expect(all.onlyContainsUserCerts)
        #expect(
            all.onlySomeReasons == [
                .keyCompromise, .cACompromise, .affiliationChanged, .superseded, .cessationOfOperation,
                .certificateHold, .privilegeWithdrawn, .aACompromise,
            ])
    }

    @Test func authorityKeyIdentifierAndOtherExtensions() throws {
        let crl = try Self.crl("crl_ian_aia_aki.pem")
        #expect(crl.authorityKeyIdentifier.map { Hex.encode($0) } == "7975BB843ACB2CDE7A09BE311B43BC1C2A4D5358")
        #expect(crl.crlNumber?.value(as: Int.self) == 1)
        #expect(crl.extensions.map(\.oid.description) == ["2.5.29.20", "2.5.29.35", "2.5.29.18", "1.3.6.1.5.5.7.1.1"])
        // An AuthorityKeyIdentifier with no field (`30 00`) is well formed.
        #expect(try Self.crl("crl_empty.pem").authorityKeyIdentifier == nil)
        let unknown = try Self.crl("crl_unrecognized_extension.der")
        #expect(unknown.extensions.first?.oid == "1.2.3.4.5")
        #expect(unknown.extensions.first?.critical == false)
        #expect(Array(unknown.extensions.first?.value ?? []) == Array("abcdef".utf8))
    }

    @Test func emptyAndAbsentLists() throws {
        let noSequence = try Self.crl("crl_empty_no_sequence.der")
        #expect(!noSequence.hasEntries)
        #expect(try noSequence.entries().isEmpty)
        #expect(try RevocationIndex(noSequence).count == 0)
        #expect(try Self.crl("crl_no_next_update.pem").nextUpdate == nil)
        #expect(try Self.crl("crl_almost_10k.pem").validateEntries() == 9_999)
    }

    @Test func signatures() throws {
        let issuerBytes = try SharedFixtures.bytes("\(Self.folder)/valid_signature_cert.pem")
        let issuer = try Certificate(pemEncoded: String(decoding: issuerBytes, as: UTF8.self))
        #expect(try Self.crl("valid_signature_crl.pem").isSignature(validFor: issuer))
        #expect(try !Self.crl("invalid_signature_crl.pem").isSignature(validFor: issuer))
        // The md2 CRL reads, but its algorithm is not one this package verifies.
        #expect(try !Self.crl("crl_md2_unknown_crit_entry_ext.pem").isSignature(validFor: issuer))
    }

    @Test func memoryMappedFixtureReadsTheSame() throws {
        let path = SharedFixtures.url("\(Self.folder)/crl_empty_no_sequence.der").path
        let mapped = try CertificateRevocationList(contentsOfFile: path)
        #expect(mapped.isMemoryMapped)
        #expect(mapped.derEncoded == (try Self.load("crl_empty_no_sequence.der")))
        let pem = try CertificateRevocationList(
            contentsOfFile: SharedFixtures.url("\(Self.folder)/crl_all_reasons.pem").path)
        #expect(!pem.isMemoryMapped)
        #expect(try pem.entries().count == 12)
    }
}
