import JPKIASN1
import JPKIX509
import Testing

/// policyMappings, policyConstraints and inhibitAnyPolicy (RFC 5280 §4.2.1.5, .11, .14), and
/// the RFC 5280 §7.1 comparison of names that path validation chains with.
@Suite("Policy extensions and name matching")
struct PolicyExtensionTests {
    let typed = TypedExtensionTests()
    static let policy1: ASN1ObjectIdentifier = "2.16.840.1.101.3.2.1.48.1"
    static let policy2: ASN1ObjectIdentifier = "2.16.840.1.101.3.2.1.48.2"

    @Test("policyMappings: pairs of policy OIDs, at least one")
    func policyMappings() throws {
        let mappings = PolicyMappings([.init(issuerDomainPolicy: Self.policy1, subjectDomainPolicy: Self.policy2)])
        try typed.roundTrip(
            mappings, critical: true,
            der: "30 1A 30 18 06 0A 60 86 48 01 65 03 02 01 30 01 06 0A 60 86 48 01 65 03 02 01 30 02")
        #expect(mappings.description == "2.16.840.1.101.3.2.1.48.1:2.16.840.1.101.3.2.1.48.2")
        typed.rejects(PolicyMappings.self, "30 00", .missingElement(expected: .sequence))
    }

    @Test("policyConstraints: either count, never an empty SEQUENCE nor a negative count")
    func policyConstraints() throws {
        try typed.roundTrip(PolicyConstraints(requireExplicitPolicy: 0), critical: true, der: "30 03 80 01 00")
        try typed.roundTrip(PolicyConstraints(inhibitPolicyMapping: 2), der: "30 03 81 01 02")
        try typed.roundTrip(
            PolicyConstraints(requireExplicitPolicy: 1, inhibitPolicyMapping: 5), der: "30 06 80 01 01 81 01 05")
        #expect(
            PolicyConstraints(requireExplicitPolicy: 1, inhibitPolicyMapping: 5).description
                == "Require Explicit Policy:1, Inhibit Policy Mapping:5")
        typed.rejects(
            PolicyConstraints.self, "30 00", .missingElement(expected: .contextSpecific(0, constructed: false)))
        typed.rejects(PolicyConstraints.self, "30 03 80 01 FF", .integerOverflow)
    }

    @Test("inhibitAnyPolicy: a SkipCerts INTEGER, not negative")
    func inhibitAnyPolicy() throws {
        try typed.roundTrip(InhibitAnyPolicy(skipCerts: 1), critical: true, der: "02 01 01")
        typed.rejects(InhibitAnyPolicy.self, "02 01 FF", .integerOverflow)
    }

    static func name(_ rdns: [(ASN1ObjectIdentifier, String, ASN1CharacterString.Kind)]) throws -> DistinguishedName {
        DistinguishedName(try rdns.map { .init([try .init(type: $0.0, string: $0.1, kind: $0.2)]) })
    }

    @Test("names match case-insensitively, white space folded, across string types; order and values count")
    func nameMatching() throws {
        let base = try Self.name([
            (.countryName, "US", .printable), (.organizationName, "Test Certificates 2011", .printable),
        ])
        let spaced = try Self.name([
            (.countryName, "US", .printable), (.organizationName, "  Test   Certificates 2011 ", .printable),
        ])
        let upper = try Self.name([
            (.countryName, "us", .printable), (.organizationName, "TEST CERTIFICATES 2011", .utf8),
        ])
        let reordered = try Self.name([
            (.organizationName, "Test Certificates 2011", .printable), (.countryName, "US", .printable),
        ])
        let other = try Self.name([
            (.countryName, "US", .printable), (.organizationName, "Test Certificates 2012", .printable),
        ])
        let japanese = try Self.name([(.countryName, "JP", .printable), (.localityName, "千代田区", .utf8)])
        #expect(base.matches(base))
        #expect(base.matches(spaced) && spaced.matches(base))
        #expect(base.matches(upper))
        #expect(!base.matches(reordered))
        #expect(!base.matches(other))
        #expect(japanese.matches(try Self.name([(.countryName, "jp", .printable), (.localityName, "千代田区", .utf8)])))
        #expect(!japanese.matches(try Self.name([(.countryName, "JP", .printable), (.localityName, "港区", .utf8)])))
        let longer = try Self.name([
            (.countryName, "US", .printable), (.organizationName, "test certificates 2011", .utf8),
            (.commonName, "Leaf", .printable),
        ])
        #expect(!base.matches(longer))
        #expect(longer.isWithin(subtree: base))
        #expect(!base.isWithin(subtree: longer))
        #expect(longer.isWithin(subtree: DistinguishedName([])))
        #expect(!other.isWithin(subtree: base))
        // The lookup key: the same for names that match, and here different for those that do not.
        #expect(spaced.matchingKey == base.matchingKey && upper.matchingKey == base.matchingKey)
        #expect(reordered.matchingKey != base.matchingKey && other.matchingKey != base.matchingKey)
        #expect(longer.matchingKey != base.matchingKey)
        let multiValued = DistinguishedName([
            .init([
                try .init(type: .commonName, string: "A  b", kind: .printable),
                try .init(type: .organizationName, string: "o", kind: .utf8),
            ])
        ])
        let swapped = DistinguishedName([
            .init([
                try .init(type: .organizationName, string: "O", kind: .printable),
                try .init(type: .commonName, string: "a B", kind: .utf8),
            ])
        ])
        #expect(multiValued.matches(swapped) && multiValued.matchingKey == swapped.matchingKey)
    }
}
