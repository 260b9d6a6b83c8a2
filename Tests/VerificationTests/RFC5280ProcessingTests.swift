import Foundation
import JPKIASN1
import JPKIX509
import Testing

@testable import JPKIVerification

/// RFC 5280 §6.1 beyond the basics, on hand-built hierarchies: certificate policies (the
/// valid-policy tree, mappings, constraints, the initial settings of ``VerificationPolicy``),
/// name constraints, self-issued certificates, name chaining by RFC 5280 §7.1, the anchor's own
/// extensions. One test per failure reason at least.
@Suite("RFC 5280 processing")
struct RFC5280ProcessingTests {
    static let policy1: ASN1ObjectIdentifier = "1.3.6.1.4.1.55555.1.1"
    static let policy2: ASN1ObjectIdentifier = "1.3.6.1.4.1.55555.1.2"

    static func policies(_ oids: ASN1ObjectIdentifier...) -> Extension {
        CertificatePolicies(oids.map { .init(identifier: $0) }).makeExtension()
    }

    /// Root → CA (`caExtensions` besides a CA's) → leaf (`leafExtensions` besides keyUsage),
    /// verified with `policy`.
    static func verify(
        ca caExtensions: [Extension], leaf leafExtensions: [Extension] = [],
        caName: DistinguishedName? = nil, leafIssuer: DistinguishedName? = nil,
        leafSubject: DistinguishedName? = nil, rootExtensions: [Extension] = Hierarchy.caExtensions(),
        policy: VerificationPolicy = .rfc5280
    ) async throws -> (report: VerificationReport, ca: Certificate, leaf: Certificate, root: Certificate) {
        let h = try Hierarchy.shared()
        let rootName = try Hierarchy.name("RFC 5280 Root")
        let caName = try caName ?? Hierarchy.name("RFC 5280 CA")
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey, extensions: rootExtensions,
            serial: [1])
        let ca = try Hierarchy.certificate(
            subject: caName, issuer: rootName, key: h.intermediateKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions() + caExtensions, serial: [2])
        let leaf = try Hierarchy.certificate(
            subject: try leafSubject ?? Hierarchy.name("RFC 5280 Leaf"), issuer: leafIssuer ?? caName, key: h.leafKey,
            issuerKey: h.intermediateKey, extensions: Hierarchy.leafExtensions + leafExtensions, serial: [3])
        let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]), intermediates: [ca], policy: policy)
        return (await verifier.verifyCertificate(leaf, at: Hierarchy.nowDate), ca, leaf, root)
    }

    // MARK: Certificate policies

    @Test("default settings: policies are recorded, not required; the tree is built when a CA constrains them")
    func defaultSettings() async throws {
        let plain = try await Self.verify(ca: [], leaf: [])
        #expect(plain.report.isValid, "\(plain.report.reasons)")
        #expect(plain.report.checks.contains { $0.name == .certificatePolicies && $0.passed })
        let constrained = try await Self.verify(
            ca: [Self.policies(Self.policy1), PolicyConstraints(inhibitPolicyMapping: 0).makeExtension()],
            leaf: [Self.policies(Self.policy1)])
        #expect(constrained.report.isValid, "\(constrained.report.reasons)")
        let detail = constrained.report.checks.first { $0.name == .certificatePolicies }?.detail
        #expect(detail == "valid for \(Self.policy1)")
    }

    @Test("requireExplicitPolicy 0 in a CA: a leaf of another policy is invalid")
    func requireExplicitPolicy() async throws {
        let constraint = PolicyConstraints(requireExplicitPolicy: 0).makeExtension(critical: true)
        let valid = try await Self.verify(
            ca: [Self.policies(Self.policy1), constraint], leaf: [Self.policies(Self.policy1)])
        #expect(valid.report.isValid, "\(valid.report.reasons)")
        let other = try await Self.verify(
            ca: [Self.policies(Self.policy1), constraint], leaf: [Self.policies(Self.policy2)])
        #expect(other.report.failures == [.explicitPolicyRequired(CertificateReference(other.leaf, position: 0))])
        #expect(other.report.failures.map(\.code) == ["explicit-policy-required"])
    }

    @Test("initial-explicit-policy and the user-initial-policy-set")
    func initialSettings() async throws {
        let explicit = VerificationPolicy(initialExplicitPolicy: true)
        let none = try await Self.verify(ca: [], leaf: [], policy: explicit)
        #expect(none.report.failures == [.explicitPolicyRequired(CertificateReference(none.ca, position: 1))])
        let both = try await Self.verify(
            ca: [Self.policies(Self.policy1, Self.policy2)], leaf: [Self.policies(Self.policy2)], policy: explicit)
        #expect(both.report.isValid, "\(both.report.reasons)")
        let onlyOne = VerificationPolicy(userInitialPolicySet: [Self.policy1], initialExplicitPolicy: true)
        let refused = try await Self.verify(
            ca: [Self.policies(Self.policy1, Self.policy2)], leaf: [Self.policies(Self.policy2)], policy: onlyOne)
        #expect(refused.report.failures == [.explicitPolicyRequired(CertificateReference(refused.leaf, position: 0))])
        // Without initial-explicit-policy, a path valid for no accepted policy is still valid.
        let lenient = try await Self.verify(
            ca: [Self.policies(Self.policy1, Self.policy2)], leaf: [Self.policies(Self.policy2)],
            policy: VerificationPolicy(userInitialPolicySet: [Self.policy1]))
        #expect(lenient.report.isValid, "\(lenient.report.reasons)")
    }

    @Test("policy mapping: the leaf's policy maps back to the accepted one, unless mapping is inhibited")
    func policyMapping() async throws {
        let mapping = PolicyMappings([.init(issuerDomainPolicy: Self.policy1, subjectDomainPolicy: Self.policy2)])
            .makeExtension(critical: true)
        let accept1 = VerificationPolicy(userInitialPolicySet: [Self.policy1], initialExplicitPolicy: true)
        let mapped = try await Self.verify(
            ca: [Self.policies(Self.policy1), mapping], leaf: [Self.policies(Self.policy2)], policy: accept1)
        #expect(mapped.report.isValid, "\(mapped.report.reasons)")
        var inhibited = accept1
        inhibited.initialPolicyMappingInhibit = true
        let refused = try await Self.verify(
            ca: [Self.policies(Self.policy1), mapping], leaf: [Self.policies(Self.policy2)], policy: inhibited)
        #expect(refused.report.failures.map(\.code) == ["explicit-policy-required"])
    }

    @Test("a mapping from or to anyPolicy is invalid")
    func anyPolicyMapping() async throws {
        let mapping = PolicyMappings([
            .init(issuerDomainPolicy: CertificatePolicies.anyPolicy, subjectDomainPolicy: Self.policy2)
        ]).makeExtension()
        let result = try await Self.verify(
            ca: [Self.policies(CertificatePolicies.anyPolicy), mapping], leaf: [Self.policies(Self.policy2)])
        #expect(result.report.failures == [.anyPolicyMapping(CertificateReference(result.ca, position: 1))])
        #expect(result.report.failures.map(\.code) == ["any-policy-mapping"])
    }

    @Test("inhibitAnyPolicy: anyPolicy below the CA no longer counts as a policy")
    func inhibitAnyPolicy() async throws {
        let explicit = VerificationPolicy(initialExplicitPolicy: true)
        let any = Self.policies(CertificatePolicies.anyPolicy)
        let allowed = try await Self.verify(ca: [any], leaf: [any], policy: explicit)
        #expect(allowed.report.isValid, "\(allowed.report.reasons)")
        // The CA's own anyPolicy still stands for the leaf's explicit policy (RFC 5280 §6.1.3
        // (d)(1)(ii)); the leaf's anyPolicy no longer counts.
        let inhibit = InhibitAnyPolicy(skipCerts: 0).makeExtension(critical: true)
        let explicitLeaf = try await Self.verify(
            ca: [any, inhibit], leaf: [Self.policies(Self.policy1)], policy: explicit)
        #expect(explicitLeaf.report.isValid, "\(explicitLeaf.report.reasons)")
        let inhibited = try await Self.verify(ca: [any, inhibit], leaf: [any], policy: explicit)
        #expect(inhibited.report.failures.map(\.code) == ["explicit-policy-required"])
        var initiallyInhibited = explicit
        initiallyInhibited.initialAnyPolicyInhibit = true
        let initial = try await Self.verify(ca: [any], leaf: [Self.policies(Self.policy1)], policy: initiallyInhibited)
        #expect(initial.report.failures.map(\.code) == ["explicit-policy-required"])
    }

    @Test("a malformed policyConstraints is a malformed extension of the certificate-policies check")
    func malformedPolicyConstraints() async throws {
        // Not critical: the extensions check leaves it to the policy processing that reads it.
        let broken = Extension(oid: PolicyConstraints.oid, critical: false, value: [0x30, 0x00][...])
        let result = try await Self.verify(ca: [broken])
        #expect(result.report.failures.map(\.code) == ["malformed-extension"])
        #expect(result.report.checks.contains { $0.name == .certificatePolicies && !$0.passed })
    }

    @Test("a critical extension that does not decode is a malformed extension, even where nothing else reads it")
    func malformedCriticalExtension() async throws {
        let broken = Extension(oid: CertificatePolicies.oid, critical: true, value: [0x30, 0x00][...])
        let result = try await Self.verify(ca: [broken])
        #expect(result.report.failures.map(\.code) == ["malformed-extension"])
        #expect(result.report.checks.contains { $0.name == .extensions && $0.position == 1 && !$0.passed })
    }

    // MARK: Name constraints

    static func constraints(
        permitted: [GeneralName]? = nil, excluded: [GeneralName]? = nil, critical: Bool = true
    ) -> Extension {
        NameConstraints(
            permittedSubtrees: permitted?.map { .init(base: $0) }, excludedSubtrees: excluded?.map { .init(base: $0) }
        ).makeExtension(critical: critical)
    }

    static func alternativeNames(_ names: GeneralName...) -> Extension {
        SubjectAlternativeNames(names).makeExtension()
    }

    @Test("permitted dNSName and directoryName subtrees: names inside pass, names outside are not permitted")
    func permitted() async throws {
        let dns = Self.constraints(permitted: [.dnsName("example.com")])
        let inside = try await Self.verify(ca: [dns], leaf: [Self.alternativeNames(.dnsName("www.Example.com"))])
        #expect(inside.report.isValid, "\(inside.report.reasons)")
        #expect(inside.report.checks.contains { $0.name == .nameConstraints && $0.passed })
        let outside = try await Self.verify(ca: [dns], leaf: [Self.alternativeNames(.dnsName("example.org"))])
        #expect(
            outside.report.failures == [
                .nameNotPermitted(CertificateReference(outside.leaf, position: 0), name: "DNS:example.org")
            ])
        #expect(outside.report.failures.map(\.code) == ["name-not-permitted"])
        let directory = Self.constraints(permitted: [.directoryName(try Hierarchy.name("Somewhere else"))])
        let named = try await Self.verify(ca: [directory])
        #expect(named.report.failures.map(\.code) == ["name-not-permitted"])
    }

    @Test("excluded rfc822Name, iPAddress and URI subtrees, the subject's emailAddress included")
    func excluded() async throws {
        let mail = Self.constraints(excluded: [.rfc822Name(".bad.example")])
        let excluded = try await Self.verify(ca: [mail], leaf: [Self.alternativeNames(.rfc822Name("a@mx.bad.example"))])
        #expect(
            excluded.report.failures == [
                .nameExcluded(CertificateReference(excluded.leaf, position: 0), name: "email:a@mx.bad.example")
            ])
        #expect(excluded.report.failures.map(\.code) == ["name-excluded"])
        let subject = DistinguishedName([
            .init([try .init(type: .commonName, string: "Mail Leaf")]),
            .init([try .init(type: PathValidator.emailAddress, string: "b@x.bad.example", kind: .ia5)]),
        ])
        let inSubject = try await Self.verify(ca: [mail], leafSubject: subject)
        #expect(inSubject.report.failures.map(\.code) == ["name-excluded"])
        let network = Self.constraints(excluded: [.ipAddress([10, 0, 0, 0, 255, 0, 0, 0])])
        let address = try await Self.verify(ca: [network], leaf: [Self.alternativeNames(.ipAddress([10, 1, 2, 3]))])
        #expect(address.report.failures.map(\.code) == ["name-excluded"])
        let elsewhere = try await Self.verify(
            ca: [network], leaf: [Self.alternativeNames(.ipAddress([192, 168, 0, 1]))])
        #expect(elsewhere.report.isValid, "\(elsewhere.report.reasons)")
        let uri = Self.constraints(excluded: [.uniformResourceIdentifier(".bad.example")])
        let link = try await Self.verify(
            ca: [uri], leaf: [Self.alternativeNames(.uniformResourceIdentifier("https://www.bad.example:8443/x"))])
        #expect(link.report.failures.map(\.code) == ["name-excluded"])
    }

    @Test("a critical constraint on a form not processed is invalid; a non-critical one is ignored")
    func unsupportedForm() async throws {
        let registered = GeneralName.registeredID("1.2.3.4")
        let critical = try await Self.verify(ca: [Self.constraints(permitted: [registered])])
        #expect(
            critical.report.failures == [
                .unsupportedNameConstraint(CertificateReference(critical.ca, position: 1), form: "registeredID")
            ])
        #expect(critical.report.failures.map(\.code) == ["unsupported-name-constraint"])
        let lenient = try await Self.verify(ca: [Self.constraints(permitted: [registered], critical: false)])
        #expect(lenient.report.isValid, "\(lenient.report.reasons)")
    }

    @Test("initial subtrees of the verification policy constrain every certificate")
    func initialSubtrees() async throws {
        let policy = VerificationPolicy(initialExcludedSubtrees: [.init(base: .dnsName("example.org"))])
        let result = try await Self.verify(
            ca: [], leaf: [Self.alternativeNames(.dnsName("host.example.org"))], policy: policy)
        #expect(result.report.failures.map(\.code) == ["name-excluded"])
    }

    // MARK: Self-issued certificates, name chaining, the anchor

    @Test("a self-issued certificate (key rollover) does not count against pathLenConstraint")
    func selfIssuedPathLength() async throws {
        let h = try Hierarchy.shared()
        let rootName = try Hierarchy.name("Rollover Root")
        let caName = try Hierarchy.name("Rollover CA")
        let root = try Hierarchy.certificate(
            subject: rootName, issuer: rootName, key: h.otherKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(), serial: [1])
        let oldCA = try Hierarchy.certificate(
            subject: caName, issuer: rootName, key: h.intermediateKey, issuerKey: h.otherKey,
            extensions: Hierarchy.caExtensions(pathLength: 0), serial: [2])
        // The CA's new key, certified by its old one: same name, self-issued.
        let newKey = try SigningKey(generatingRSABits: 2048)
        let rollover = try Hierarchy.certificate(
            subject: caName, issuer: caName, key: newKey, issuerKey: h.intermediateKey,
            extensions: Hierarchy.caExtensions(), serial: [3])
        let leaf = try Hierarchy.certificate(
            subject: try Hierarchy.name("Rollover Leaf"), issuer: caName, key: h.leafKey, issuerKey: newKey,
            extensions: Hierarchy.leafExtensions, serial: [4])
        let report = await JPKIVerifier(anchors: TrustAnchors(custom: [root]), intermediates: [oldCA, rollover])
            .verifyCertificate(leaf, at: Hierarchy.nowDate)
        #expect(report.isValid, "\(report.reasons)")
        #expect(report.chain.count == 4)
        #expect(report.checks.contains { $0.name == .pathLength && $0.passed && $0.position == 2 })
    }

    @Test("an issuer name that differs in case and spaces and string type from the CA's subject chains")
    func nameChainingByRFC5280() async throws {
        let caName = DistinguishedName([
            .init([try .init(type: .countryName, string: "JP", kind: .printable)]),
            .init([try .init(type: .organizationName, string: "Chaining Test CA", kind: .printable)]),
        ])
        let issuer = DistinguishedName([
            .init([try .init(type: .countryName, string: "jp", kind: .printable)]),
            .init([try .init(type: .organizationName, string: "  CHAINING   test ca ", kind: .utf8)]),
        ])
        let result = try await Self.verify(ca: [], caName: caName, leafIssuer: issuer)
        #expect(result.report.isValid, "\(result.report.reasons)")
        let reordered = DistinguishedName(caName.relativeDistinguishedNames.reversed())
        let broken = try await Self.verify(ca: [], caName: caName, leafIssuer: reordered)
        #expect(broken.report.failures.map(\.code) == ["issuer-name-mismatch"])
    }

    @Test("the trust anchor's own unknown critical extension makes the path invalid")
    func anchorCriticalExtension() async throws {
        let odd = Extension(oid: "1.2.3.4.5.6.7", critical: true, value: [0x05, 0x00][...])
        let result = try await Self.verify(ca: [], rootExtensions: Hierarchy.caExtensions() + [odd])
        #expect(
            result.report.failures == [
                .unknownCriticalExtension(CertificateReference(result.root, position: 2), oid: "1.2.3.4.5.6.7")
            ])
    }

    @Test("the new failures encode and decode like the others")
    func coding() throws {
        let h = try Hierarchy.shared()
        let reference = CertificateReference(h.signatureCertificate, position: 0)
        let failures: [VerificationFailure] = [
            .explicitPolicyRequired(reference), .anyPolicyMapping(reference),
            .nameNotPermitted(reference, name: "DNS:a"), .nameExcluded(reference, name: "email:b@c"),
            .unsupportedNameConstraint(reference, form: "otherName"),
        ]
        let data = try JSONEncoder().encode(failures)
        #expect(try JSONDecoder().decode([VerificationFailure].self, from: data) == failures)
        #expect(Set(failures.map(\.code)).count == failures.count)
        #expect(failures.allSatisfy { $0.description.contains("certificate 0") })
    }
}
