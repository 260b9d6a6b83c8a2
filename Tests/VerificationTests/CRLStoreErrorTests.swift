import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// Each reason ``CRLStore`` refuses a CRL: the underlying error or the values compared are
/// reachable, typed, and the description says what and where.
@Suite("CRL store errors")
struct CRLStoreErrorTests {
    /// A self-signed CA named `name` (with cRLSign) and a CRL builder for it.
    static func authority(_ name: String) throws -> (ca: Certificate, name: DistinguishedName, key: SigningKey) {
        let h = try Hierarchy.shared()
        let distinguished = try Hierarchy.name(name)
        let ca = try Hierarchy.certificate(
            subject: distinguished, issuer: distinguished, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions())
        return (ca, distinguished, h.otherKey)
    }

    static func crl(
        _ issuer: DistinguishedName, thisUpdate: Int64, number: Int64?, deltaOf base: Int64? = nil,
        scope: IssuingDistributionPoint? = nil
    ) -> CRLBuilder {
        var builder = CRLBuilder(
            issuer: issuer, thisUpdate: Hierarchy.time(thisUpdate), nextUpdate: Hierarchy.time(thisUpdate + 86_400))
        builder.crlNumber = number.map { ASN1Integer($0) }
        builder.deltaCRLIndicator = base.map { ASN1Integer($0) }
        builder.issuingDistributionPoint = scope
        return builder
    }

    /// The error `body` throws, or `nil` (recorded as an issue) when it throws none.
    static func error(_ body: () throws(CRLStoreError) -> Void) -> CRLStoreError? {
        do {
            try body()
        } catch {
            return error
        }
        Issue.record("expected a CRLStoreError")
        return nil
    }

    @Test("a CRL that does not parse keeps the reader's X509Error, offset included")
    func malformed() throws {
        let garbage: [UInt8] = [0x30, 0x03, 0x02, 0x01]
        let expected: X509Error
        do {
            _ = try CertificateRevocationList(derEncoded: garbage)
            Issue.record("garbage parsed")
            return
        } catch {
            expected = error
        }
        let store = CRLStore(issuers: [])
        let error = try #require(Self.error { () throws(CRLStoreError) in try store.update(derEncoded: garbage) })
        #expect(error == .malformed(expected))
        guard case .malformed(let underlying) = error else { return }
        #expect(underlying == expected)
        #expect(error.description == "malformed CRL: \(expected)")
        #expect(error.description.contains("offset"))
        #expect(store.installed.isEmpty)
    }

    @Test("a CRL file that cannot be read, or that holds no CRL, is malformed with the reader's error")
    func malformedFile() throws {
        let store = CRLStore(issuers: [])
        let missing = "/nonexistent/jpki-\(UUID().uuidString).crl"
        let error = try #require(Self.error { () throws(CRLStoreError) in try store.update(contentsOfFile: missing) })
        guard case .malformed(.invalidValue(let what, offset: 0)) = error else {
            Issue.record("expected malformed(invalidValue), got \(error)")
            return
        }
        #expect(what.contains(missing))
        #expect(error.description.contains(missing))
        // A certificate is not a CRL: the parse error of the file's bytes.
        let h = try Hierarchy.shared()
        let url = try TemporaryFile.create(h.signatureCertificate.derEncoded, suffix: ".crl")
        defer { try? FileManager.default.removeItem(at: url) }
        let notCRL = try #require(Self.error { () throws(CRLStoreError) in try store.update(contentsOfFile: url.path) })
        let direct: X509Error
        do {
            _ = try CertificateRevocationList(derEncoded: h.signatureCertificate.derEncoded)
            Issue.record("a certificate parsed as a CRL")
            return
        } catch {
            direct = error
        }
        #expect(notCRL == .malformed(direct))
    }

    @Test("verification failures name the CRL's issuer")
    func issuerFailures() throws {
        let h = try Hierarchy.shared()
        let (ca, name, key) = try Self.authority("Errors CA")
        let unknown = try Self.crl(try Hierarchy.name("Unknown CA"), thisUpdate: Hierarchy.now, number: 1)
            .signedDER(with: key)
        let store = CRLStore(issuers: [ca])
        let error = try #require(Self.error { () throws(CRLStoreError) in try store.update(derEncoded: unknown) })
        #expect(error == .unknownIssuer(try Hierarchy.name("Unknown CA")))
        #expect(error.description == "no known issuer for CRL of CN=Unknown CA")
        let forged = try Self.crl(name, thisUpdate: Hierarchy.now, number: 1).signedDER(with: h.leafKey)
        let bad = try #require(Self.error { () throws(CRLStoreError) in try store.update(derEncoded: forged) })
        #expect(bad == .badSignature(issuer: name))
        #expect(bad.description == "CRL signature does not verify with the key of CN=Errors CA")
    }

    @Test("a rollback says which of thisUpdate or the CRL number went back, and to what")
    func rollback() throws {
        let (ca, name, key) = try Self.authority("Rollback CA")
        let store = CRLStore(issuers: [ca])
        try store.update(
            derEncoded: try Self.crl(name, thisUpdate: Hierarchy.now - 60, number: 10).signedDER(with: key))
        let older = try Self.crl(name, thisUpdate: Hierarchy.now - 3600, number: 11).signedDER(with: key)
        let byTime = try #require(Self.error { () throws(CRLStoreError) in try store.update(derEncoded: older) })
        #expect(
            byTime
                == .olderThanInstalled(
                    issuer: name,
                    .thisUpdate(Hierarchy.date(Hierarchy.now - 3600), installed: Hierarchy.date(Hierarchy.now - 60))))
        #expect(
            byTime.description
                == "CRL of CN=Rollback CA older than the one in service: "
                + "thisUpdate 2025-05-31T23:00:00Z before 2025-05-31T23:59:00Z")
        let lower = try Self.crl(name, thisUpdate: Hierarchy.now - 60, number: 9).signedDER(with: key)
        let byNumber = try #require(Self.error { () throws(CRLStoreError) in try store.update(derEncoded: lower) })
        #expect(byNumber == .olderThanInstalled(issuer: name, .crlNumber(ASN1Integer(9), installed: ASN1Integer(10))))
        guard case .olderThanInstalled(_, .crlNumber(let number, let installed)) = byNumber else { return }
        #expect(CRLStore.compare(number, installed) < 0)
        #expect(store.installed.map(\.crlNumber) == [Hex.encode(ASN1Integer(10).contentBytes)])
    }

    @Test("a delta CRL that does not apply says why: no base, a base too old, a number not above the base's")
    func deltaMismatch() throws {
        let (ca, name, key) = try Self.authority("Delta Errors CA")
        let store = CRLStore(issuers: [ca])
        let delta = try Self.crl(name, thisUpdate: Hierarchy.now - 30, number: 11, deltaOf: 10).signedDER(with: key)
        #expect(
            Self.error { () throws(CRLStoreError) in try store.update(derEncoded: delta) }
                == .deltaWithoutBase(issuer: name, .noCompleteCRL))
        try store.update(
            derEncoded: try Self.crl(name, thisUpdate: Hierarchy.now - 60, number: 10).signedDER(with: key))
        let ahead = try Self.crl(name, thisUpdate: Hierarchy.now - 30, number: 13, deltaOf: 12).signedDER(with: key)
        let tooOld = Self.error { () throws(CRLStoreError) in try store.update(derEncoded: ahead) }
        #expect(
            tooOld
                == .deltaWithoutBase(
                    issuer: name, .baseOlderThanDelta(baseCRLNumber: ASN1Integer(12), installed: ASN1Integer(10))))
        #expect(tooOld?.description.contains("older than base CRL 0C") == true)
        let stale = try Self.crl(name, thisUpdate: Hierarchy.now - 30, number: 10, deltaOf: 10).signedDER(with: key)
        #expect(
            Self.error { () throws(CRLStoreError) in try store.update(derEncoded: stale) }
                == .deltaWithoutBase(
                    issuer: name, .notNewerThanBase(crlNumber: ASN1Integer(10), installed: ASN1Integer(10))))
        #expect(try store.update(derEncoded: delta).isDelta)
    }

    @Test("a CRL without a CRL number, or with a critical one, is refused as non-conforming (RFC 5280 §5.2.3)")
    func nonConforming() throws {
        let (ca, name, key) = try Self.authority("Number CA")
        let store = CRLStore(issuers: [ca])
        let unnumbered = try Self.crl(name, thisUpdate: Hierarchy.now, number: nil).signedDER(with: key)
        let missing = Self.error { () throws(CRLStoreError) in try store.update(derEncoded: unnumbered) }
        #expect(missing == .nonConforming(issuer: name, .noCRLNumber))
        #expect(missing?.description == "non-conforming CRL of CN=Number CA: no CRL number")
        var critical = Self.crl(name, thisUpdate: Hierarchy.now, number: nil)
        var writer = DERWriter()
        writer.serialize(ASN1Integer(7))
        critical.extraExtensions = [
            Extension(oid: CertificateRevocationList.ExtensionID.crlNumber, critical: true, value: writer.bytes[...])
        ]
        let criticalDER = try critical.signedDER(with: key)
        let flagged = Self.error { () throws(CRLStoreError) in try store.update(derEncoded: criticalDER) }
        #expect(flagged == .nonConforming(issuer: name, .criticalCRLNumber))
        #expect(store.installed.isEmpty)
    }

    @Test("an indirect CRL whose entry names its certificate issuer by no directoryName is refused, the entry located")
    func certificateIssuerWithoutDirectoryName() throws {
        let (ca, name, key) = try Self.authority("Indirect CA")
        let store = CRLStore(issuers: [ca])
        func entry(_ serial: Int64, _ issuer: GeneralName?) -> CRLBuilder.Entry {
            .init(
                serialNumber: ASN1Integer(serial), revocationDate: Hierarchy.time(Hierarchy.now - 3600),
                reason: .keyCompromise, certificateIssuer: issuer.map { [$0] })
        }
        var builder = Self.crl(
            name, thisUpdate: Hierarchy.now, number: 1, scope: IssuingDistributionPoint(indirectCRL: true))
        builder.entries = [entry(1, nil), entry(2, .uniformResourceIdentifier("http://ca.example/"))]
        let der = try builder.signedDER(with: key)
        let error = Self.error { () throws(CRLStoreError) in try store.update(derEncoded: der) }
        guard case .nonConforming(let issuer, .certificateIssuerWithoutDirectoryName(let offset)) = error else {
            Issue.record("expected certificateIssuerWithoutDirectoryName, got \(String(describing: error))")
            return
        }
        #expect(issuer == name)
        let entries = try CertificateRevocationList(derEncoded: der).entries()
        #expect(offset == entries.last?.offset)
        #expect(error?.description.contains("has no directoryName") == true)
        #expect(store.installed.isEmpty)
        // The same entry naming a directoryName installs.
        builder.entries = [entry(1, nil), entry(2, .directoryName(try Hierarchy.name("Other CA")))]
        try store.update(derEncoded: try builder.signedDER(with: key))
        #expect(store.installed.count == 1)
    }
}
