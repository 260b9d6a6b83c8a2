import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// The six public J-LIS roots of `../shared/fixtures/jlis-ca`: they parse, their
/// self-signatures verify, their SHA-256 fingerprints are those of the fixtures' README, they
/// classify as J-LIS roots, and the builder reproduces their shape.
@Suite("J-LIS root CAs", .enabled(if: SharedFixtures.available, SharedFixtures.missing))
struct JLISRootTests {
    static let roots = [
        "auth_ca_2015", "auth_ca_2019", "auth_ca_2023", "sign_ca_2015", "sign_ca_2019", "sign_ca_2023",
    ]

    static func root(_ name: String) throws -> Certificate {
        try Certificate(pemEncoded: String(decoding: try SharedFixtures.bytes("jlis-ca/\(name).pem"), as: UTF8.self))
    }

    static func purpose(_ name: String) -> JPKIPurpose { name.hasPrefix("sign") ? .signature : .userAuthentication }

    /// The fingerprints listed in `fixtures/README.md`: `| name | 64 hex digits |` rows.
    static func readmeFingerprints() throws -> [String: String] {
        let text = String(decoding: try SharedFixtures.bytes("README.md"), as: UTF8.self)
        var table: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count == 2, roots.contains(cells[0]), cells[1].count == 64 { table[cells[0]] = cells[1] }
        }
        return table
    }

    @Test("the README lists a fingerprint for each root")
    func readmeListsEveryRoot() throws {
        #expect(try Set(Self.readmeFingerprints().keys) == Set(Self.roots))
    }

    @Test("parses, self-signature verifies, fingerprint matches the README", arguments: roots)
    func rootVerifies(name: String) throws {
        let certificate = try Self.root(name)
        #expect(certificate.version == .v3)
        #expect(certificate.isSelfIssued)
        #expect(certificate.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(certificate.isSignature(validFor: certificate))
        #expect(Hex.encode(certificate.sha256Fingerprint) == (try Self.readmeFingerprints()[name]))
        let key = try #require(try certificate.subjectPublicKeyInfo.rsaPublicKey())
        #expect(key.bitLength == 2048)
        #expect(key.publicExponent == [0x01, 0x00, 0x01])
    }

    @Test("classifies as a J-LIS root of its purpose", arguments: roots)
    func classifies(name: String) throws {
        let certificate = try Self.root(name)
        let purpose = Self.purpose(name)
        #expect(certificate.jpkiProfile.kind == .rootCA(purpose))
        #expect(certificate.jpkiProfile.policyIdentifier == nil)
        #expect(try certificate.basicFourInformation == nil)
        #expect(try certificate.jpkiMunicipality == nil)
    }

    @Test("typed extensions read as the JPKI profile says", arguments: roots)
    func extensions(name: String) throws {
        let certificate = try Self.root(name)
        let purpose = Self.purpose(name)
        let extensions = certificate.extensions
        #expect(try extensions.keyUsage == [.keyCertSign, .cRLSign])
        #expect(extensions[oid: KeyUsage.oid]?.critical == true)
        #expect(try extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(extensions[oid: BasicConstraints.oid]?.critical == true)
        #expect(
            try extensions.subjectAlternativeNames?.names
                == [.directoryName(try JPKICertificateBuilder.jlisDirectoryName(purpose))])
        let points = try #require(try extensions.crlDistributionPoints)
        #expect(points.points == [.init(name: .fullName([.directoryName(certificate.subject)]))])
        #expect(try extensions.authorityInformationAccess == nil)
        #expect(try extensions.subjectKeyIdentifier?.keyIdentifier.count == 20)
        #expect(certificate.subject == (try JPKICertificateBuilder.rootName(purpose)))
    }

    @Test("the builder's roots have the real roots' names and extensions", arguments: JPKIPurpose.allCases)
    func builderMatchesRealRoots(purpose: JPKIPurpose) throws {
        let pki = try TestPKI.shared.get()
        let built = purpose == .signature ? pki.signatureRoot : pki.authenticationRoot
        let real = try Self.root(purpose == .signature ? "sign_ca_2023" : "auth_ca_2023")
        #expect(built.subject == real.subject)
        #expect(built.issuer == real.issuer)
        #expect(built.extensions.map(\.oid) == real.extensions.map(\.oid))
        #expect(built.extensions.map(\.critical) == real.extensions.map(\.critical))
        // Every extension but the key identifier carries the same value.
        for (ours, theirs) in zip(built.extensions, real.extensions) where ours.oid != SubjectKeyIdentifier.oid {
            #expect(Array(ours.value) == Array(theirs.value), "\(ours.oid)")
        }
        #expect(built.isSignature(validFor: built))
        #expect(built.jpkiProfile.kind == .rootCA(purpose))
        #expect(built.serialNumberHex == real.serialNumberHex)
    }
}
