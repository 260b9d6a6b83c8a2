import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// CRLs written by ``CRLBuilder`` and ``CRLGenerator``: read back, verified by `openssl crl
/// -CAfile`, and described by `openssl crl -text` as we read them.
@Suite struct CRLBuilderTests {
    static let key = Result { try SigningKey(generatingRSABits: 2048) }
    static let date = ASN1Time(secondsSince1970: 1_735_689_600)  // 2025-01-01

    /// Writes `crl` and the issuer certificate of `key` to temporary files and runs
    /// `openssl crl -CAfile` on them.
    static func openSSLVerifies(_ der: [UInt8], key: SigningKey) throws -> Bool {
        let issuer = try CRLGenerator.issuerCertificate(for: key)
        let crlFile = try TemporaryFile.create(der)
        let caFile = try TemporaryFile.create(
            Array(PEMDocument(label: "CERTIFICATE", der: issuer.derEncoded).pemString.utf8), suffix: ".pem")
        defer {
            try? FileManager.default.removeItem(at: crlFile)
            try? FileManager.default.removeItem(at: caFile)
        }
        let run = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", crlFile.path, "-CAfile", caFile.path, "-noout"])
        return run.status == 0 && run.error.contains("verify OK")
    }

    @Test(.enabled(if: OpenSSLCLI.available, "needs the openssl command"))
    func generatedCRLVerifiesWithOpenSSL() throws {
        let key = try Self.key.get()
        var generator = CRLGenerator(entryCount: 20_000, seed: 42)
        generator.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try key.subjectPublicKeyInfo)
        var der = try generator.signedDER(with: key)
        #expect(try Self.openSSLVerifies(der, key: key))
        let crl = try CertificateRevocationList(derEncoded: der)
        #expect(crl.isSignature(validFor: try CRLGenerator.issuerCertificate(for: key)))
        // About 41.5 bytes an entry.
        #expect(abs(Double(crl.entriesByteCount) / 20_000 - 41.5) < 0.5)
        // The entries are openssl's.
        let reference = try OpenSSLCRLText.of(der)
        #expect(try crl.entries().map(OpenSSLCRLText.entry) == reference.entries)
        #expect(reference.entries.count == 20_000)
        // A byte changed in an entry: the signature no longer verifies.
        der[der.count / 2] ^= 0x01
        if let tampered = try? CertificateRevocationList(derEncoded: der) {
            #expect(!tampered.isSignature(validFor: try CRLGenerator.issuerCertificate(for: key)))
        }
    }

    @Test("entries at stream index UInt64.max / 3 (its three draws at UInt64.max and past) and Int.max: no trap")
    func generatorEntriesAtHugeIndices() {
        let generator = CRLGenerator(entryCount: 1, seed: 7)
        for index in [6_148_914_691_236_517_204, 6_148_914_691_236_517_205, Int.max] {
            let entry = generator.entry(streamIndex: index)
            #expect(entry.serialNumber != 0)
            #expect(entry == generator.entry(streamIndex: index))
        }
    }

    @Test func generatorIsDeterministic() throws {
        let a = CRLGenerator(entryCount: 1000, seed: 7).tbsCertListDER()
        let b = CRLGenerator(entryCount: 1000, seed: 7).tbsCertListDER()
        let c = CRLGenerator(entryCount: 1000, seed: 8).tbsCertListDER()
        #expect(a == b)
        #expect(a != c)
        // Entry i of a seed does not depend on where the CRL starts.
        let shifted = CRLGenerator(entryCount: 10, seed: 7, firstEntry: 990)
        #expect(Array(shifted.entries) == Array(CRLGenerator(entryCount: 1000, seed: 7).entries.suffix(10)))
        // Serials are random 8-byte values; every entry has a reason; dates are UTCTime in the
        // five years before thisUpdate.
        let crl = try CertificateRevocationList(
            derEncoded: try CRLGenerator(entryCount: 1000, seed: 7).signedDER(with: try Self.key.get()))
        for entry in try crl.entries() {
            #expect(entry.reason != nil)
            #expect(entry.revocationDate.form == .utcTime)
            #expect(entry.revocationDate < crl.thisUpdate)
            #expect(entry.revocationDate.secondsSince1970 >= crl.thisUpdate.secondsSince1970 - 5 * 365 * 86_400)
        }
    }

    @Test(.enabled(if: OpenSSLCLI.available, "needs the openssl command"))
    func builtCRLWithEveryFeatureAgreesWithOpenSSL() throws {
        let key = try Self.key.get()
        let issuer = try CRLGenerator.issuerCertificate(for: key)
        var builder = CRLBuilder(
            issuer: issuer.subject, thisUpdate: Self.date, nextUpdate: ASN1Time(secondsSince1970: 1_735_776_000))
        builder.crlNumber = try ASN1Integer(twosComplement: [
            0x00, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
        ])
        builder.deltaCRLIndicator = ASN1Integer(41)
        builder.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: issuer.subjectPublicKeyInfo)
        builder.issuingDistributionPoint = IssuingDistributionPoint(
            distributionPoint: .fullName([.uniformResourceIdentifier("http://crl.example.jp/a.crl")]),
            onlyContainsUserCerts: true, onlySomeReasons: [.keyCompromise, .affiliationChanged, .aACompromise])
        builder.entries = RevocationReason.allCases.enumerated().map { index, reason in
            CRLBuilder.Entry(
                serialNumber: ASN1Integer(UInt64(index * 1000 + 1)),
                revocationDate: ASN1Time(secondsSince1970: 1_700_000_000 + Int64(index)),
                reason: reason, invalidityDate: index % 2 == 0 ? ASN1Time(secondsSince1970: 1_690_000_000) : nil)
        }
        builder.entries.append(.init(serialNumber: ASN1Integer(-5), revocationDate: Self.date))
        builder.entries.append(
            .init(
                serialNumber: ASN1Integer(unsignedMagnitude: [UInt8](repeating: 0x9C, count: 20)),
                revocationDate: Self.date))
        let der = try builder.signedDER(with: key)
        #expect(try Self.openSSLVerifies(der, key: key))
        let crl = try CertificateRevocationList(derEncoded: der)
        #expect(crl.crlNumber == builder.crlNumber)
        #expect(crl.deltaCRLIndicator?.value(as: Int.self) == 41)
        #expect(crl.authorityKeyIdentifier == builder.authorityKeyIdentifier)
        #expect(crl.issuingDistributionPoint == builder.issuingDistributionPoint)
        #expect(crl.nextUpdate == builder.nextUpdate)
        let entries = try crl.entries()
        #expect(entries.map(\.reason) == builder.entries.map(\.reason))
        let reference = try OpenSSLCRLText.of(der)
        #expect(entries.map(OpenSSLCRLText.entry) == reference.entries)
        #expect(entries[entries.count - 2].serialNumberHex == "-05")
        let index = try RevocationIndex(crl)
        #expect(index.lookup(serialNumber: [0xFB])?.revocationDate == Self.date)
        #expect(index.lookup(3001)?.reason == .affiliationChanged)
    }

    @Test func readingRejectsWhatRFC5280Forbids() throws {
        let key = try Self.key.get()
        let issuer = CRLGenerator.defaultIssuer
        // An unknown critical CRL extension (§5.2).
        var builder = CRLBuilder(issuer: issuer, thisUpdate: Self.date)
        builder.extraExtensions = [Extension(oid: "1.2.3.4", critical: true, value: [0x05, 0x00][...])]
        #expect(throws: X509Error.self) { try builder.sign(with: key) }
        // An unknown non-critical one is kept.
        builder.extraExtensions = [Extension(oid: "1.2.3.4", value: [0x05, 0x00][...])]
        #expect(try builder.sign(with: key).extensions.map(\.oid) == ["1.2.3.4"])
        // The same CRL extension twice.
        builder.crlNumber = ASN1Integer(1)
        builder.extraExtensions = [Extension(oid: "2.5.29.20", value: [0x02, 0x01, 0x02][...])]
        #expect(throws: X509Error.self) { try builder.sign(with: key) }
        // A v1 CRL with CRL extensions.
        builder.extraExtensions = []
        builder.version = .v1
        #expect(throws: X509Error.self) { try builder.sign(with: key) }
        // A negative CRL number.
        builder.version = .v2
        builder.crlNumber = ASN1Integer(-1)
        #expect(throws: X509Error.self) { try builder.sign(with: key) }
        // fractional seconds in thisUpdate.
        builder.crlNumber = nil
        builder.thisUpdate = try ASN1Time(
            year: 2030, month: 1, day: 1, hour: 0, minute: 0, second: 0, fractionDigits: "5")
        #expect {
            try builder.sign(with: key)
        } throws: { error in
            guard case .malformed(let inner) = error as? X509Error else { return false }
            return inner.rule == .invalidTime
        }
        // An IDP claiming both user and CA certificates only.
        builder.thisUpdate = Self.date
        builder.issuingDistributionPoint = IssuingDistributionPoint(
            onlyContainsUserCerts: true, onlyContainsCACerts: true)
        #expect(throws: X509Error.self) { try builder.sign(with: key) }
    }

    @Test func entryIterationIsLazyAndStopsAtTheFirstBadEntry() throws {
        let key = try Self.key.get()
        var builder = CRLBuilder(issuer: CRLGenerator.defaultIssuer, thisUpdate: Self.date)
        let bad = Extension(oid: "2.5.29.21", value: [0x0A, 0x01, 0x07][...])  // reason 7 is unassigned
        builder.entries = [
            .init(serialNumber: ASN1Integer(1), revocationDate: Self.date),
            .init(serialNumber: ASN1Integer(2), revocationDate: Self.date, extraExtensions: [bad]),
            .init(serialNumber: ASN1Integer(3), revocationDate: Self.date),
        ]
        let crl = try builder.sign(with: key)  // the header reads: entries are not read yet
        var iterator = crl.makeEntryIterator()
        #expect(try iterator.next()?.serialNumberValue == 1)
        #expect(throws: X509Error.self) { try iterator.next() }
        #expect(try iterator.next() == nil)
        var again = crl.makeEntryIterator()
        let first = try #require(try again.next())
        #expect(crl.entry(atOffset: first.offset)?.serialNumber == [0x01])
        #expect(crl.entry(atOffset: first.offset + 1) == nil)
        #expect(first.derEncoded.count == first.encodedLength)
    }

    @Test func manyEntryExtensionsAreCheckedForDuplicates() throws {
        let key = try Self.key.get()
        let distinct = (1...20).map {
            Extension(oid: try! ASN1ObjectIdentifier(arcs: [1, 2, 3, UInt64($0)]), value: [0x05, 0x00][...])
        }
        var builder = CRLBuilder(issuer: CRLGenerator.defaultIssuer, thisUpdate: Self.date)
        builder.entries = [.init(serialNumber: ASN1Integer(1), revocationDate: Self.date, extraExtensions: distinct)]
        #expect(try builder.sign(with: key).entries().first?.extensions.count == 20)
        for duplicate in [3, 15] {
            builder.entries[0].extraExtensions = distinct + [distinct[duplicate]]
            let crl = try builder.sign(with: key)
            #expect(throws: X509Error.self) { try crl.entries() }
            #expect(throws: X509Error.self) { try RevocationIndex(crl) }
        }
    }
}
