import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// One PKITS test: what ``PKITSTable`` lists for it.
struct PKITSCase: Sendable, CustomStringConvertible {
    enum Expected: String, Sendable {
        case valid, invalid
    }

    /// The PKITS test policies, NIST-test-policy-1 to -6 (2.16.840.1.101.3.2.1.48.n).
    enum Policy: String, Sendable {
        case p1 = "2.16.840.1.101.3.2.1.48.1"
        case p2 = "2.16.840.1.101.3.2.1.48.2"
        case p3 = "2.16.840.1.101.3.2.1.48.3"
        case p6 = "2.16.840.1.101.3.2.1.48.6"

        var oid: ASN1ObjectIdentifier { ASN1ObjectIdentifier(stringLiteral: rawValue) }
    }

    /// `4.8.1.2` for subpart 2 of test 4.8.1.
    let number: String
    let name: String
    /// The certificate files (without `.crt`) after the trust anchor, the end entity last.
    let certificates: [String]
    /// The CRL files (without `.crl`).
    let crls: [String]
    let expected: Expected
    /// The initial settings.
    let settings: VerificationPolicy

    init(
        _ number: String, _ name: String, certificates: [String], crls: [String], _ expected: Expected,
        policies: [Policy]? = nil, explicitPolicy: Bool = false, mappingInhibit: Bool = false,
        anyPolicyInhibit: Bool = false
    ) {
        self.number = number
        self.name = name
        self.certificates = certificates
        self.crls = crls
        self.expected = expected
        settings = VerificationPolicy(
            userInitialPolicySet: policies.map { Set($0.map(\.oid)) } ?? [CertificatePolicies.anyPolicy],
            initialExplicitPolicy: explicitPolicy, initialPolicyMappingInhibit: mappingInhibit,
            initialAnyPolicyInhibit: anyPolicyInhibit)
    }

    /// `4.1.1` … `4.16.2`: the section, e.g. `4.8`.
    var section: String { number.split(separator: ".").prefix(2).joined(separator: ".") }

    var description: String { "\(number) \(name)" }
}

/// NIST PKITS through ``JPKIVerifier``: the anchor a custom anchor, the test's CRLs in a
/// ``CRLStore`` (hard-fail revocation, intermediates checked), at 2011-04-15 (PKITS's
/// publication; its certificates are valid from 2010 to 2030).
///
/// The suite passes when every test's verdict is the expected one, or is listed in
/// ``knownFailures`` with its reason; a listed test that starts to pass fails the suite too, so
/// that the list stays true.
@Suite(
    "NIST PKITS",
    .enabled(
        if: PKITSData.isAvailable,
        "cryptography-vectors is not installed (pip install cryptography-vectors==50.0.2): PKITS skipped"))
struct PKITSTests {
    /// The validation time.
    static let time = Date(timeIntervalSince1970: 1_302_825_600)  // 2011-04-15T00:00:00Z

    /// Tests whose verdict is not PKITS's yet, and why (none: keep the list for regressions that
    /// cannot be fixed at once).
    static let knownFailures: [String: String] = [:]

    static let sections = [
        "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12",
        "4.13", "4.14", "4.15", "4.16",
    ]

    /// Sections whose invalid paths are invalid for what the path holds, not for revocation.
    static let pathSections: Set<String> = [
        "4.1", "4.2", "4.3", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12", "4.13", "4.16",
    ]
    /// The tests of those sections about a CRL: the CA's keyUsage lacks cRLSign.
    static let crlTests: Set<String> = ["4.7.4", "4.7.5"]

    /// The verdict of `test`, with the report's reasons (or why it was not verified) and the
    /// codes of its failures.
    static func run(_ test: PKITSCase) async throws -> (valid: Bool, reasons: [String], codes: [String]) {
        let anchor = try Certificate(derEncoded: try PKITSData.bytes("certs", "TrustAnchorRootCertificate.crt"))
        var certificates: [Certificate] = []
        for file in test.certificates {
            do {
                certificates.append(try Certificate(derEncoded: try PKITSData.bytes("certs", file + ".crt")))
            } catch let error as X509Error {
                // A certificate the reader refuses never reaches the verifier: the path is invalid.
                return (false, ["\(file) does not parse: \(error)"], ["parse"])
            }
        }
        let leaf = try #require(certificates.last)
        let intermediates = Array(certificates.dropLast())
        let store = CRLStore(issuers: [anchor] + intermediates)
        var refused: [String] = []
        for file in test.crls {
            do {
                try store.update(derEncoded: try PKITSData.bytes("crls", file + ".crl"))
            } catch let error as CRLStoreError {
                refused.append("\(file) refused: \(error)")
            }
        }
        let verifier = JPKIVerifier(
            anchors: TrustAnchors(custom: [anchor]), intermediates: intermediates, revocation: .hardFail(store),
            policy: test.settings)
        let report = await verifier.verifyCertificate(leaf, at: time)
        return (report.isValid, report.reasons + refused, report.failures.map(\.code))
    }

    @Test("the table lists every RSA test once, its files exist")
    func table() throws {
        #expect(PKITSCase.all.count == 246)
        #expect(Set(PKITSCase.all.map(\.number)).count == PKITSCase.all.count)
        for test in PKITSCase.all {
            for file in test.certificates { _ = try PKITSData.bytes("certs", file + ".crt") }
            for file in test.crls { _ = try PKITSData.bytes("crls", file + ".crl") }
        }
        for number in Self.knownFailures.keys {
            #expect(PKITSCase.all.contains { $0.number == number }, "\(number) is not a PKITS test")
        }
    }

    @Test("each section: verdicts are PKITS's, or known failures", arguments: sections)
    func section(_ section: String) async throws {
        let tests = PKITSCase.all.filter { $0.section == section }
        var passed = 0
        var known: [String] = []
        for test in tests {
            let (valid, reasons, codes) = try await Self.run(test)
            let agrees = valid == (test.expected == .valid)
            if !valid, test.expected == .invalid, Self.pathSections.contains(section),
                !Self.crlTests.contains(test.number)
            {
                // Invalid for the reason the test is about, not only because a CRL is missing.
                #expect(
                    codes.contains { $0 != "revocation-unavailable" && $0 != "revoked" },
                    "\(test): invalid only for revocation: \(reasons)")
            }
            if let why = Self.knownFailures[test.number] {
                #expect(!agrees, "\(test) is listed as a known failure (\(why)) but now agrees with PKITS")
                known.append("\(test.number) (\(why))")
            } else {
                #expect(
                    agrees,
                    "\(test): expected \(test.expected.rawValue), got \(valid ? "valid" : "invalid"): \(reasons)")
            }
            if agrees { passed += 1 }
        }
        let list = known.isEmpty ? "" : "; known failures: " + known.joined(separator: ", ")
        print("PKITS \(section): \(passed)/\(tests.count) passed\(list)")
    }
}
