import Foundation
import JPKIASN1
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// Every scope a CRL can have (RFC 5280 §5.2.5, §6.3.3) and who may sign it, on CRLs made by
/// `CRLBuilder`: complete CRLs, distribution points (full and relative names), user / CA /
/// attribute certificates only, reason partitions, indirect CRLs, another key of the same CA,
/// separate CRL issuers.
@Suite("CRL scopes")
struct CRLScopeTests {
    /// A root, a CA under it, a CRL issuer under the root (cRLSign only) and a second key of
    /// the CA (a sibling certificate, same name), with builders for leaves and CRLs.
    final class PKI: Sendable {
        let rootKey: SigningKey
        let caKey: SigningKey
        let crlIssuerKey: SigningKey
        let newCAKey: SigningKey
        let root: Certificate
        let ca: Certificate
        let crlIssuer: Certificate
        let newCA: Certificate
        let rootName: DistinguishedName
        let caName: DistinguishedName
        let crlIssuerName: DistinguishedName

        init() throws {
            let h = try Hierarchy.shared()
            rootKey = h.otherKey
            caKey = h.intermediateKey
            crlIssuerKey = h.pki.authenticationRootKey
            newCAKey = h.pki.signatureRootKey
            rootName = try Hierarchy.name("Scope Root")
            caName = try Hierarchy.name("Scope CA")
            crlIssuerName = try Hierarchy.name("Scope CRL Issuer")
            func identified(_ key: SigningKey) throws -> Extension {
                SubjectKeyIdentifier(hashing: try key.subjectPublicKeyInfo).makeExtension()
            }
            root = try Hierarchy.certificate(
                subject: rootName, issuer: rootName, key: rootKey, issuerKey: rootKey,
                extensions: Hierarchy.caExtensions() + [try identified(rootKey)], serial: [0x01])
            ca = try Hierarchy.certificate(
                subject: caName, issuer: rootName, key: caKey, issuerKey: rootKey,
                extensions: Hierarchy.caExtensions() + [try identified(caKey)], serial: [0x02])
            crlIssuer = try Hierarchy.certificate(
                subject: crlIssuerName, issuer: rootName, key: crlIssuerKey, issuerKey: rootKey,
                extensions: [KeyUsage([.cRLSign]).makeExtension(critical: true), try identified(crlIssuerKey)],
                serial: [0x03])
            newCA = try Hierarchy.certificate(
                subject: caName, issuer: rootName, key: newCAKey, issuerKey: rootKey,
                extensions: Hierarchy.caExtensions() + [try identified(newCAKey)], serial: [0x04])
        }

        /// A leaf of the CA with `serial`, the distribution points given (none by default).
        func leaf(
            _ serial: UInt8, points: [CRLDistributionPoints.DistributionPoint]? = nil, isCA: Bool = false
        ) throws -> Certificate {
            let h = try Hierarchy.shared()
            var extensions = isCA ? Hierarchy.caExtensions() : Hierarchy.leafExtensions
            if let points { extensions.append(CRLDistributionPoints(points).makeExtension()) }
            return try Hierarchy.certificate(
                subject: try Hierarchy.name("Leaf \(serial)"), issuer: caName, key: h.leafKey, issuerKey: caKey,
                extensions: extensions, serial: [serial])
        }

        /// A CRL of `issuer` signed with `key`, number `number`, listing `entries`.
        static func crl(
            _ issuer: DistinguishedName, key: SigningKey, number: Int64 = 1, scope: IssuingDistributionPoint? = nil,
            entries: [CRLBuilder.Entry] = [], thisUpdate: Int64 = Hierarchy.now - 60, deltaOf base: Int64? = nil
        ) throws -> [UInt8] {
            var builder = CRLBuilder(
                issuer: issuer, thisUpdate: Hierarchy.time(thisUpdate), nextUpdate: Hierarchy.time(thisUpdate + 86_400))
            builder.crlNumber = ASN1Integer(number)
            builder.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try key.subjectPublicKeyInfo)
            builder.issuingDistributionPoint = scope
            builder.deltaCRLIndicator = base.map { ASN1Integer($0) }
            builder.entries = entries
            return try builder.signedDER(with: key)
        }

        /// An entry revoked an hour ago.
        static func entry(
            _ serial: Int64, _ reason: RevocationReason = .keyCompromise, issuer: DistinguishedName? = nil
        ) -> CRLBuilder.Entry {
            .init(
                serialNumber: ASN1Integer(serial), revocationDate: Hierarchy.time(Hierarchy.now - 3600), reason: reason,
                certificateIssuer: issuer.map { [.directoryName($0)] })
        }

        func store() -> CRLStore { CRLStore(issuers: [root, ca, crlIssuer, newCA]) }
    }

    static let pki: Result<PKI, any Error> = Result { try PKI() }

    static func status(_ store: CRLStore, _ leaf: Certificate, issuer: Certificate) -> RevocationStatus {
        store.check(leaf, issuer: issuer, at: Hierarchy.nowDate)
    }

    static func unavailableDetail(_ status: RevocationStatus) -> String? {
        if case .unavailable(let detail) = status { return detail }
        return nil
    }

    static func revokedReason(_ status: RevocationStatus) -> RevocationReason?? {
        if case .revoked(let reason, _, _) = status { return .some(reason) }
        return nil
    }

    // MARK: Complete CRLs and distribution points

    @Test("a complete CRL (no issuing distribution point) revokes and clears the certificates of its issuer")
    func completeCRL() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let installed = try store.update(derEncoded: try PKI.crl(p.caName, key: p.caKey, entries: [PKI.entry(0x10)]))
        #expect(installed.scope == "complete")
        // With and without distribution points of their own: a complete CRL covers them all.
        let named = CRLDistributionPoints.DistributionPoint(name: .fullName([.uniformResourceIdentifier("http://x/1")]))
        for points in [nil, [named]] {
            let revoked = try p.leaf(0x10, points: points)
            let good = try p.leaf(0x11, points: points)
            #expect(Self.revokedReason(Self.status(store, revoked, issuer: p.ca)) == .some(.keyCompromise))
            guard case .good(let evidence) = Self.status(store, good, issuer: p.ca) else {
                Issue.record("expected good")
                continue
            }
            #expect(evidence.scope == "complete")
            #expect(evidence.issuer == "CN=Scope CA")
        }
    }

    @Test("the JPKI: a complete CRL of a root revokes and clears leaves of every municipality; the verifier says so")
    func jpkiCompleteCRL() async throws {
        let h = try Hierarchy.shared()
        let pki = try TestPKI()
        let key = try h.leafKey.subjectPublicKeyInfo
        let revoked = try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: Hierarchy.issued)
        let good = try pki.issueSignatureCertificate(for: .sample, publicKey: key, at: Hierarchy.issued)
        try pki.revoke(revoked, reason: .keyCompromise, at: Hierarchy.now - 86_400)
        let store = CRLStore(issuers: [pki.signatureRoot])
        let crl = try pki.completeCRLDER(purpose: .signature, thisUpdate: Hierarchy.now - 60)
        #expect(try CertificateRevocationList(derEncoded: crl).issuingDistributionPoint == nil)
        try store.update(derEncoded: crl)
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [pki.signatureRoot]), revocation: .hardFail(store))
        let report = await verifier.verifyCertificate(revoked, at: Hierarchy.nowDate)
        #expect(report.failures.map(\.code) == ["revoked"])
        let clear = await verifier.verifyCertificate(good, at: Hierarchy.nowDate)
        #expect(clear.isValid, "\(clear.reasons)")
        #expect(clear.revocation.first?.evidence?.scope == "complete")
    }

    @Test("a CRL whose issuing distribution point names another partition does not answer")
    func otherPartition() async throws {
        let h = try Hierarchy.shared()
        let store = CRLStore(anchors: h.anchors)
        let installed = try store.update(
            derEncoded: try h.pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "港区", thisUpdate: Hierarchy.now - 60))
        #expect(installed.distributionPoint?.contains("CN=Minato-ku CRLDP") == true)
        #expect(installed.scope.contains("user certificates only"))
        let status = store.check(h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.nowDate)
        let detail = try #require(Self.unavailableDetail(status))
        #expect(detail.contains("no CRL of"))
        #expect(detail.contains("Chiyoda-ku CRLDP"))
        // The partition's own CRL answers, and the evidence names its scope.
        try store.update(
            derEncoded: try h.pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60))
        guard
            case .good(let evidence) = store.check(
                h.signatureCertificate, issuer: h.pki.signatureRoot, at: Hierarchy.nowDate)
        else {
            Issue.record("expected good")
            return
        }
        #expect(evidence.scope?.contains("Chiyoda-ku CRLDP") == true)
        #expect(evidence.scope?.contains("user certificates only") == true)
    }

    @Test("a distribution point named relative to the CRL issuer matches its full name")
    func relativeName() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let rdn = DistinguishedName.RelativeDistinguishedName([try .init(type: .commonName, string: "Part 7")])
        try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey,
                scope: IssuingDistributionPoint(distributionPoint: .nameRelativeToCRLIssuer(rdn)),
                entries: [PKI.entry(0x12)]))
        let full = GeneralName.directoryName(DistinguishedName(p.caName.relativeDistinguishedNames + [rdn]))
        let relative = try p.leaf(0x12, points: [.init(name: .nameRelativeToCRLIssuer(rdn))])
        let fullNamed = try p.leaf(0x13, points: [.init(name: .fullName([full]))])
        let other = try p.leaf(
            0x14,
            points: [
                .init(
                    name: .nameRelativeToCRLIssuer(.init([try .init(type: .commonName, string: "Part 8")])))
            ])
        #expect(Self.revokedReason(Self.status(store, relative, issuer: p.ca)) != nil)
        #expect(Self.status(store, fullNamed, issuer: p.ca).isGood)
        #expect(Self.unavailableDetail(Self.status(store, other, issuer: p.ca)) != nil)
    }

    @Test("a delta CRL applies over the base of its own scope; a delta of another scope has no base")
    func deltaPerScope() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let part = GeneralName.uniformResourceIdentifier("http://x/part")
        let scope = IssuingDistributionPoint(distributionPoint: .fullName([part]))
        try store.update(derEncoded: try PKI.crl(p.caName, key: p.caKey, number: 10, scope: scope))
        let leaf = try p.leaf(0x15, points: [.init(name: .fullName([part]))])
        #expect(Self.status(store, leaf, issuer: p.ca).isGood)
        // A delta of the complete scope (no IDP) finds no base of that scope.
        #expect(throws: CRLStoreError.deltaWithoutBase(issuer: p.caName, .noCompleteCRL)) {
            try store.update(derEncoded: try PKI.crl(p.caName, key: p.caKey, number: 11, deltaOf: 10))
        }
        // The delta of the partition applies over the partition's base.
        let installed = try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey, number: 11, scope: scope, entries: [PKI.entry(0x15)], deltaOf: 10))
        #expect(installed.isDelta)
        guard case .revoked(_, _, let evidence) = Self.status(store, leaf, issuer: p.ca) else {
            Issue.record("expected revoked by the delta")
            return
        }
        #expect(evidence.kind == "delta-crl")
        #expect(
            evidence.scope == "distribution point http://x/part" || evidence.scope?.contains("http://x/part") == true)
    }

    // MARK: Kinds of certificates

    @Test("onlyContainsUserCerts: answers for end-entity certificates, not for CAs")
    func onlyUserCertificates() throws {
        let p = try Self.pki.get()
        let store = p.store()
        try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey, scope: IssuingDistributionPoint(onlyContainsUserCerts: true)))
        #expect(Self.status(store, try p.leaf(0x20), issuer: p.ca).isGood)
        let detail = Self.unavailableDetail(Self.status(store, try p.leaf(0x21, isCA: true), issuer: p.ca))
        #expect(detail?.contains("end-entity certificates only") == true)
    }

    @Test("onlyContainsCACerts: answers for CA certificates, not for end entities")
    func onlyCACertificates() throws {
        let p = try Self.pki.get()
        let store = p.store()
        try store.update(
            derEncoded: try PKI.crl(
                p.rootName, key: p.rootKey, scope: IssuingDistributionPoint(onlyContainsCACerts: true),
                entries: [PKI.entry(0x04, .cACompromise)]))
        #expect(Self.status(store, p.ca, issuer: p.root).isGood)
        #expect(Self.revokedReason(Self.status(store, p.newCA, issuer: p.root)) == .some(.cACompromise))
        let detail = Self.unavailableDetail(Self.status(store, p.crlIssuer, issuer: p.root))
        #expect(detail?.contains("CA certificates only") == true)
    }

    @Test("onlyContainsAttributeCerts: installed, answers for no public-key certificate")
    func onlyAttributeCertificates() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let installed = try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey, scope: IssuingDistributionPoint(onlyContainsAttributeCerts: true)))
        #expect(installed.scope == "attribute certificates only")
        #expect(Self.unavailableDetail(Self.status(store, try p.leaf(0x22), issuer: p.ca)) != nil)
    }

    // MARK: Reasons

    @Test("onlySomeReasons: a certificate is covered only once the CRLs together cover every reason")
    func reasonPartitions() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let compromise: Set<RevocationReason> = [.keyCompromise, .cACompromise, .aACompromise]
        let routine: Set<RevocationReason> = [
            .affiliationChanged, .superseded, .cessationOfOperation, .certificateHold, .privilegeWithdrawn,
        ]
        let first = try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey, scope: IssuingDistributionPoint(onlySomeReasons: compromise),
                entries: [PKI.entry(0x30, .keyCompromise)]))
        #expect(first.scope == "reasons: keyCompromise, cACompromise, aACompromise")
        let good = try p.leaf(0x31)
        let missing = try #require(Self.unavailableDetail(Self.status(store, good, issuer: p.ca)))
        #expect(missing.contains("do not cover every reason"))
        #expect(missing.contains("affiliationChanged"))
        // A revocation in the partition at hand is an answer all the same.
        #expect(Self.revokedReason(Self.status(store, try p.leaf(0x30), issuer: p.ca)) == .some(.keyCompromise))
        // The other partition completes the coverage (one index per scope: both stay in service).
        try store.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey, scope: IssuingDistributionPoint(onlySomeReasons: routine),
                entries: [PKI.entry(0x32, .superseded)]))
        #expect(store.installed.count == 2)
        #expect(Self.status(store, good, issuer: p.ca).isGood)
        #expect(Self.revokedReason(Self.status(store, try p.leaf(0x32), issuer: p.ca)) == .some(.superseded))
        // A distribution point for some reasons only leaves the other reasons undetermined.
        let keyOnly = try p.leaf(
            0x33, points: [.init(name: .fullName([.uniformResourceIdentifier("http://x/keys")]), reasons: compromise)])
        let narrow = CRLStore(issuers: [p.ca])
        try narrow.update(
            derEncoded: try PKI.crl(
                p.caName, key: p.caKey,
                scope: IssuingDistributionPoint(
                    distributionPoint: .fullName([.uniformResourceIdentifier("http://x/keys")]),
                    onlySomeReasons: compromise)))
        #expect(Self.unavailableDetail(Self.status(narrow, keyOnly, issuer: p.ca)) != nil)
    }

    // MARK: Indirect CRLs and other signers

    @Test("an indirect CRL answers by certificate issuer and serial number for the CA that names its issuer")
    func indirectCRL() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let point = GeneralName.uniformResourceIdentifier("http://crl.example/indirect.crl")
        let installed = try store.update(
            derEncoded: try PKI.crl(
                p.crlIssuerName, key: p.crlIssuerKey,
                scope: IssuingDistributionPoint(distributionPoint: .fullName([point]), indirectCRL: true),
                entries: [PKI.entry(0x41), PKI.entry(0x40, .affiliationChanged, issuer: p.caName)]))
        #expect(installed.scope.hasSuffix("indirect"))
        #expect(installed.entryCount == 2)
        let delegated = [
            CRLDistributionPoints.DistributionPoint(
                name: .fullName([point]), crlIssuer: [.directoryName(p.crlIssuerName)])
        ]
        // The entry after certificateIssuer belongs to the CA; the first to the CRL issuer itself.
        #expect(
            Self.revokedReason(Self.status(store, try p.leaf(0x40, points: delegated), issuer: p.ca))
                == .some(.affiliationChanged))
        #expect(Self.status(store, try p.leaf(0x41, points: delegated), issuer: p.ca).isGood)
        // A certificate whose distribution point does not delegate to the CRL issuer is not covered.
        let direct = try p.leaf(0x40, points: [.init(name: .fullName([point]))])
        #expect(Self.unavailableDetail(Self.status(store, direct, issuer: p.ca)) != nil)
        // A CRL issuer not tied to the certificate's CA does not answer for it.
        let stranger = CRLStore(issuers: [p.ca, p.crlIssuer])
        try stranger.update(
            derEncoded: try PKI.crl(
                p.crlIssuerName, key: p.crlIssuerKey,
                scope: IssuingDistributionPoint(distributionPoint: .fullName([point]), indirectCRL: true)))
        #expect(Self.unavailableDetail(Self.status(stranger, try p.leaf(0x41, points: delegated), issuer: p.ca)) != nil)
    }

    @Test(
        "a CRL signed with another key of the same CA (picked by the CRL's AKI) answers for the old key's certificates")
    func newKeyOfTheSameCA() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let installed = try store.update(
            derEncoded: try PKI.crl(p.caName, key: p.newCAKey, entries: [PKI.entry(0x50)]))
        #expect(installed.signer == "CN=Scope CA, serial 04")
        #expect(Self.revokedReason(Self.status(store, try p.leaf(0x50), issuer: p.ca)) != nil)
        #expect(Self.status(store, try p.leaf(0x51), issuer: p.ca).isGood)
        // Without the certificate tying the new key to the CA (the root that certified both), no answer.
        let untied = CRLStore(issuers: [p.ca, p.newCA])
        try untied.update(derEncoded: try PKI.crl(p.caName, key: p.newCAKey))
        #expect(Self.unavailableDetail(Self.status(untied, try p.leaf(0x51), issuer: p.ca)) != nil)
    }

    @Test("generations of self-signed roots with one name stay apart: one's CRL does not answer for the other's leaves")
    func generationsStayApart() throws {
        let h = try Hierarchy.shared()
        let pki = try TestPKI(generations: [2019, 2023])
        let key = try h.leafKey.subjectPublicKeyInfo
        let old = try pki.issueSignatureCertificate(
            for: .sample, publicKey: key, at: Hierarchy.issued, generation: 2019)
        let new = try pki.issueSignatureCertificate(
            for: .sample, publicKey: key, at: Hierarchy.issued, generation: 2023)
        let roots = pki.generations.map(\.signatureRoot)
        let store = CRLStore(issuers: roots)
        try store.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60, generation: 2023))
        #expect(store.check(new, issuer: roots[1], at: Hierarchy.nowDate).isGood)
        #expect(Self.unavailableDetail(store.check(old, issuer: roots[0], at: Hierarchy.nowDate)) != nil)
        try pki.revoke(old, reason: .keyCompromise, at: Hierarchy.now - 600)
        try store.update(
            derEncoded: try pki.crlDER(
                purpose: .signature, prefecture: "東京都", city: "千代田区", thisUpdate: Hierarchy.now - 60, generation: 2019))
        #expect(Self.revokedReason(store.check(old, issuer: roots[0], at: Hierarchy.nowDate)) == .some(.keyCompromise))
        #expect(store.check(new, issuer: roots[1], at: Hierarchy.nowDate).isGood)
        #expect(store.installed.count == 2)
    }

    @Test(
        "the scoped CRLs verify with openssl crl -CAfile, and openssl agrees on the indirect CRL's revocation",
        .enabled(if: OpenSSLCLI.available, "needs openssl"))
    func openSSLAgrees() throws {
        let p = try Self.pki.get()
        let point = GeneralName.uniformResourceIdentifier("http://crl.example/indirect.crl")
        let indirect = try PKI.crl(
            p.crlIssuerName, key: p.crlIssuerKey,
            scope: IssuingDistributionPoint(distributionPoint: .fullName([point]), indirectCRL: true),
            entries: [PKI.entry(0x60, .keyCompromise, issuer: p.caName)])
        let partitioned = try PKI.crl(
            p.caName, key: p.caKey, scope: IssuingDistributionPoint(onlySomeReasons: [.keyCompromise]))
        let pem = { (certificate: Certificate) in
            Array(PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString.utf8)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-scope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let root = try write(pem(p.root), "root.pem")
        let chain = try write(pem(p.ca) + pem(p.crlIssuer), "untrusted.pem")
        let indirectPath = try write(indirect, "indirect.der")
        for (crl, issuer) in [
            (indirectPath, try write(pem(p.crlIssuer), "issuer.pem")),
            (try write(partitioned, "part.der"), try write(pem(p.ca), "ca.pem")),
        ] {
            let check = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", crl, "-CAfile", issuer, "-noout"])
            #expect((check.output + check.error).contains("verify OK"), "\(check.error)")
        }
        let delegated = [
            CRLDistributionPoints.DistributionPoint(
                name: .fullName([point]), crlIssuer: [.directoryName(p.crlIssuerName)])
        ]
        let leaf = try write(pem(try p.leaf(0x60, points: delegated)), "leaf.pem")
        let crlPEM = try OpenSSLCLI.run(["crl", "-inform", "DER", "-in", indirectPath])
        let crls = try write(Array(crlPEM.output.utf8), "crls.pem")
        let verdict = try OpenSSLCLI.run([
            "verify", "-crl_check", "-extended_crl", "-CAfile", root, "-untrusted", chain, "-CRLfile", crls, leaf,
        ])
        #expect(verdict.status != 0)
        #expect((verdict.output + verdict.error).contains("revoked"), "\(verdict.output) \(verdict.error)")
        let store = p.store()
        try store.update(derEncoded: indirect)
        #expect(Self.revokedReason(Self.status(store, try p.leaf(0x60, points: delegated), issuer: p.ca)) != nil)
    }

    // MARK: Names compared as RFC 5280 §7.1 says

    @Test("a certificate naming its issuer in another case, white space or string type finds the issuer's CRL")
    func issuerNameVariants() throws {
        let p = try Self.pki.get()
        let h = try Hierarchy.shared()
        let store = p.store()
        try store.update(derEncoded: try PKI.crl(p.caName, key: p.caKey, entries: [PKI.entry(0x50)]))
        let point = CRLDistributionPoints.DistributionPoint(name: .fullName([.uniformResourceIdentifier("http://x/7")]))
        let variants: [(String, ASN1CharacterString.Kind)] = [
            ("scope ca", .utf8), ("  Scope   CA ", .utf8), ("SCOPE CA", .printable), ("Scope CA", .printable),
        ]
        for (text, kind) in variants {
            let issuer = DistinguishedName([.init([try .init(type: .commonName, string: text, kind: kind)])])
            #expect(issuer != p.caName && issuer.matches(p.caName))
            // Without and with a distribution point of their own: the complete CRL answers.
            for points in [nil, [point]] {
                var extensions = Hierarchy.leafExtensions
                if let points { extensions.append(CRLDistributionPoints(points).makeExtension()) }
                func leaf(_ serial: UInt8) throws -> Certificate {
                    try Hierarchy.certificate(
                        subject: try Hierarchy.name("Leaf \(serial)"), issuer: issuer, key: h.leafKey,
                        issuerKey: p.caKey, extensions: extensions, serial: [serial])
                }
                #expect(
                    Self.revokedReason(Self.status(store, try leaf(0x50), issuer: p.ca)) == .some(.keyCompromise),
                    "\(text)")
                guard case .good(let evidence) = Self.status(store, try leaf(0x51), issuer: p.ca) else {
                    Issue.record("\(text): expected good")
                    continue
                }
                #expect(evidence.issuer == "CN=Scope CA")
            }
        }
        // A name that only looks alike is not the issuer's.
        let stranger = try Hierarchy.certificate(
            subject: try Hierarchy.name("Leaf"), issuer: try Hierarchy.name("Scope CA 2"), key: h.leafKey,
            issuerKey: p.caKey, extensions: Hierarchy.leafExtensions, serial: [0x51])
        #expect(Self.unavailableDetail(Self.status(store, stranger, issuer: p.ca))?.contains("no CRL of") == true)
    }

    @Test("a CRL naming its issuer in another encoding than the CA's certificate is verified and answers")
    func crlIssuerNameVariant() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let attribute = try DistinguishedName.Attribute(type: .commonName, string: "SCOPE  CA", kind: .printable)
        let printable = DistinguishedName([.init([attribute])])
        // Asked before the CRL is there: no CRL (and the store must not remember that once it is).
        #expect(Self.unavailableDetail(Self.status(store, try p.leaf(0x52), issuer: p.ca)) != nil)
        let installed = try store.update(derEncoded: try PKI.crl(printable, key: p.caKey, entries: [PKI.entry(0x52)]))
        #expect(installed.signer.contains("CN=Scope CA"))
        // The CA's own leaves name the CA's subject byte for byte: found by §7.1 comparison.
        #expect(Self.revokedReason(Self.status(store, try p.leaf(0x52), issuer: p.ca)) == .some(.keyCompromise))
        guard case .good = Self.status(store, try p.leaf(0x53), issuer: p.ca) else {
            Issue.record("expected good")
            return
        }
    }

    @Test("an indirect CRL: its certificateIssuer and the certificate's cRLIssuer compare as RFC 5280 §7.1 says")
    func indirectNameVariants() throws {
        let p = try Self.pki.get()
        let store = p.store()
        let point = GeneralName.uniformResourceIdentifier("http://crl.example/variants.crl")
        let caVariant = DistinguishedName([.init([try .init(type: .commonName, string: "SCOPE  ca", kind: .printable)])]
        )
        try store.update(
            derEncoded: try PKI.crl(
                p.crlIssuerName, key: p.crlIssuerKey,
                scope: IssuingDistributionPoint(distributionPoint: .fullName([point]), indirectCRL: true),
                entries: [PKI.entry(0x40, .affiliationChanged, issuer: caVariant)]))
        let issuerVariant = DistinguishedName([
            .init([try .init(type: .commonName, string: " scope crl  ISSUER", kind: .utf8)])
        ])
        for crlIssuer in [p.crlIssuerName, issuerVariant] {
            let delegated = [
                CRLDistributionPoints.DistributionPoint(
                    name: .fullName([point]), crlIssuer: [.directoryName(crlIssuer)])
            ]
            #expect(
                Self.revokedReason(Self.status(store, try p.leaf(0x40, points: delegated), issuer: p.ca))
                    == .some(.affiliationChanged), "\(crlIssuer)")
            #expect(Self.status(store, try p.leaf(0x42, points: delegated), issuer: p.ca).isGood, "\(crlIssuer)")
        }
    }
}
