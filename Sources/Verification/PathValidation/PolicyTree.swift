import JPKIASN1
import JPKIX509

/// RFC 5280's valid_policy_tree and the three policy counters, processed certificate by
/// certificate from the one the trust anchor issued (1) down to the leaf (n).
///
/// The tree is kept by depth: `levels[d]` holds the nodes of depth `d`, each naming its parent
/// in `levels[d - 1]`. Deleted nodes stay in place, marked dead, so that indices hold; the
/// tree is NULL once its root is dead.
struct PolicyTree {
    struct Node {
        /// valid_policy.
        var policy: ASN1ObjectIdentifier
        /// expected_policy_set.
        var expected: [ASN1ObjectIdentifier]
        /// The parent's index in the level above (-1 for the root).
        var parent: Int
        var alive = true
    }

    private(set) var levels: [[Node]]
    /// explicit_policy, inhibit_anyPolicy, policy_mapping (RFC 5280 §6.1.2 (d)–(f)).
    private(set) var explicitPolicy: Int
    private(set) var inhibitAnyPolicy: Int
    private(set) var policyMapping: Int
    /// n: the number of certificates below the trust anchor.
    let length: Int

    static let anyPolicy = CertificatePolicies.anyPolicy

    /// The initial state (RFC 5280 §6.1.2): a root of anyPolicy, the counters at n + 1 unless
    /// the initial flags set them to 0.
    init(length: Int, settings: VerificationPolicy) {
        self.length = length
        levels = [[Node(policy: Self.anyPolicy, expected: [Self.anyPolicy], parent: -1)]]
        explicitPolicy = settings.initialExplicitPolicy ? 0 : length + 1
        inhibitAnyPolicy = settings.initialAnyPolicyInhibit ? 0 : length + 1
        policyMapping = settings.initialPolicyMappingInhibit ? 0 : length + 1
    }

    /// Whether the tree is NULL.
    var isNull: Bool { levels[0][0].alive == false }

    /// RFC 5280 §6.1.3 (d)–(f) for certificate `i` (1-based): grows the tree by the
    /// certificate's policies, or makes it NULL when it has none; returns whether a valid
    /// policy is left or none is required yet.
    mutating func process(_ policies: CertificatePolicies?, certificate i: Int, isSelfIssued: Bool) -> Bool {
        if !isNull {
            if let policies {
                grow(policies, depth: i, isSelfIssued: isSelfIssued)
            } else {
                levels[0][0].alive = false
            }
        }
        return explicitPolicy > 0 || !isNull
    }

    private mutating func grow(_ policies: CertificatePolicies, depth i: Int, isSelfIssued: Bool) {
        let above = levels[i - 1]
        var level: [Node] = []
        var assertsAnyPolicy = false
        for policy in policies.identifiers {
            if policy == Self.anyPolicy {
                assertsAnyPolicy = true
                continue
            }
            if level.contains(where: { $0.policy == policy }) { continue }
            var matched = false
            for (index, node) in above.enumerated() where node.alive && node.expected.contains(policy) {
                level.append(Node(policy: policy, expected: [policy], parent: index))
                matched = true
            }
            if !matched, let index = above.firstIndex(where: { $0.alive && $0.policy == Self.anyPolicy }) {
                level.append(Node(policy: policy, expected: [policy], parent: index))
            }
        }
        if assertsAnyPolicy && (inhibitAnyPolicy > 0 || (i < length && isSelfIssued)) {
            for (index, node) in above.enumerated() where node.alive {
                for value in node.expected
                where !level.contains(where: { $0.parent == index && $0.policy == value }) {
                    level.append(Node(policy: value, expected: [value], parent: index))
                }
            }
        }
        levels.append(level)
        prune(above: i)
    }

    /// Deletes the childless nodes of depth below `depth`, from the deepest up (RFC 5280
    /// §6.1.3 (d)(3)).
    private mutating func prune(above depth: Int) {
        guard depth >= 1, depth < levels.count else { return }
        for d in stride(from: depth - 1, through: 0, by: -1) {
            let children = levels[d + 1]
            for index in levels[d].indices where levels[d][index].alive {
                if !children.contains(where: { $0.alive && $0.parent == index }) { levels[d][index].alive = false }
            }
        }
    }

    /// RFC 5280 §6.1.4 (b) for certificate `i`'s policyMappings (anyPolicy mappings refused
    /// before, (a)).
    mutating func map(_ mappings: PolicyMappings, certificate i: Int) {
        guard !isNull, i < levels.count else { return }
        var issuerPolicies: [ASN1ObjectIdentifier] = []
        for mapping in mappings where !issuerPolicies.contains(mapping.issuerDomainPolicy) {
            issuerPolicies.append(mapping.issuerDomainPolicy)
        }
        for issuerPolicy in issuerPolicies {
            let subjectPolicies = mappings.filter { $0.issuerDomainPolicy == issuerPolicy }.map(\.subjectDomainPolicy)
            if policyMapping > 0 {
                var found = false
                for index in levels[i].indices where levels[i][index].alive && levels[i][index].policy == issuerPolicy {
                    levels[i][index].expected = subjectPolicies
                    found = true
                }
                if !found,
                    let any = levels[i].firstIndex(where: { $0.alive && $0.policy == Self.anyPolicy })
                {
                    levels[i].append(
                        Node(policy: issuerPolicy, expected: subjectPolicies, parent: levels[i][any].parent))
                }
            } else {
                for index in levels[i].indices where levels[i][index].policy == issuerPolicy {
                    levels[i][index].alive = false
                }
            }
        }
        if policyMapping == 0 { prune(above: i) }
    }

    /// RFC 5280 §6.1.4 (h)–(j): the counters after certificate `i`, for the next one.
    mutating func prepareNext(isSelfIssued: Bool, constraints: PolicyConstraints?, inhibit: InhibitAnyPolicy?) {
        if !isSelfIssued {
            if explicitPolicy > 0 { explicitPolicy -= 1 }
            if policyMapping > 0 { policyMapping -= 1 }
            if inhibitAnyPolicy > 0 { inhibitAnyPolicy -= 1 }
        }
        if let required = constraints?.requireExplicitPolicy, required < explicitPolicy { explicitPolicy = required }
        if let inhibited = constraints?.inhibitPolicyMapping, inhibited < policyMapping { policyMapping = inhibited }
        if let skip = inhibit?.skipCerts, skip < inhibitAnyPolicy { inhibitAnyPolicy = skip }
    }

    /// RFC 5280 §6.1.5 (a), (b), (g): the counter after the leaf, and the tree intersected
    /// with the user-initial-policy-set; returns whether the path is valid for the policies.
    mutating func wrapUp(leafConstraints: PolicyConstraints?, userInitialPolicySet: Set<ASN1ObjectIdentifier>) -> Bool {
        if explicitPolicy > 0 { explicitPolicy -= 1 }
        if leafConstraints?.requireExplicitPolicy == 0 { explicitPolicy = 0 }
        if !isNull && !userInitialPolicySet.contains(Self.anyPolicy) { intersect(with: userInitialPolicySet) }
        return explicitPolicy > 0 || !isNull
    }

    private mutating func intersect(with accepted: Set<ASN1ObjectIdentifier>) {
        let depth = levels.count - 1
        guard depth >= 1 else { return }
        // The valid_policy_node_set: the nodes whose parent is an anyPolicy node. Those of a
        // policy the relying party does not accept go, with their descendants.
        var inNodeSet: Set<ASN1ObjectIdentifier> = []
        for d in 1...depth {
            for index in levels[d].indices where levels[d][index].alive {
                let node = levels[d][index]
                guard node.parent >= 0, levels[d - 1][node.parent].policy == Self.anyPolicy else { continue }
                if node.policy != Self.anyPolicy && !accepted.contains(node.policy) {
                    levels[d][index].alive = false
                } else {
                    inNodeSet.insert(node.policy)
                }
            }
            if d < depth { killOrphans(below: d) }
        }
        killOrphans(below: depth - 1)
        // An anyPolicy leaf stands for every accepted policy not already in the set.
        if let any = levels[depth].firstIndex(where: { $0.alive && $0.policy == Self.anyPolicy }) {
            let parent = levels[depth][any].parent
            for policy in accepted.sorted(by: { $0.description < $1.description }) where !inNodeSet.contains(policy) {
                levels[depth].append(Node(policy: policy, expected: [policy], parent: parent))
            }
            levels[depth][any].alive = false
        }
        prune(above: depth)
    }

    /// Kills the nodes of depth `d + 1` whose parent is dead.
    private mutating func killOrphans(below d: Int) {
        guard d >= 0, d + 1 < levels.count else { return }
        for index in levels[d + 1].indices where levels[d + 1][index].alive {
            if !levels[d][levels[d + 1][index].parent].alive { levels[d + 1][index].alive = false }
        }
    }

    /// The valid policies at the leaf's depth, for the report.
    var leafPolicies: [ASN1ObjectIdentifier] {
        guard !isNull, let last = levels.last else { return [] }
        return last.filter(\.alive).map(\.policy)
    }
}

extension PathValidator {
    /// Whether `certificate` carries an extension that can make policy processing fail.
    static func constrainsPolicies(_ certificate: Certificate) -> Bool {
        certificate.extensions.contains {
            $0.oid == ASN1ObjectIdentifier.X509ExtensionID.policyConstraints
                || $0.oid == ASN1ObjectIdentifier.X509ExtensionID.policyMappings
                || $0.oid == ASN1ObjectIdentifier.X509ExtensionID.inhibitAnyPolicy
        }
    }

    /// RFC 5280's certificate policy processing over `path` (leaf first, anchor last), recorded
    /// as the `certificate-policies` check.
    ///
    /// With the default settings and no policyConstraints, policyMappings or inhibitAnyPolicy in
    /// the path, explicit_policy cannot reach 0, so no policy can make the path invalid: the
    /// tree is then not built.
    func checkPolicies(_ path: [Certificate], report: inout VerificationReport) {
        let last = path.count - 1
        guard last > 0 else { return }
        if policy.hasDefaultPolicySettings, !path[..<last].contains(where: Self.constrainsPolicies) {
            report.pass(.certificatePolicies, nil, "no policy constraint in the path")
            return
        }
        var tree = PolicyTree(length: last, settings: policy)
        for i in 1...last {
            let position = last - i
            let certificate = path[position]
            lazy var reference = CertificateReference(certificate, position: position)
            let policies: CertificatePolicies?
            let mappings: PolicyMappings?
            let constraints: PolicyConstraints?
            let inhibit: InhibitAnyPolicy?
            do {
                policies = try certificate.extensions.certificatePolicies
                mappings = try certificate.extensions.policyMappings
                constraints = try certificate.extensions.policyConstraints
                inhibit = try certificate.extensions.inhibitAnyPolicy
            } catch {
                report.fail(.certificatePolicies, position, Self.malformed(error, reference))
                return
            }
            let isSelfIssued = certificate.isSelfIssued
            guard tree.process(policies, certificate: i, isSelfIssued: isSelfIssued) else {
                report.fail(.certificatePolicies, position, .explicitPolicyRequired(reference))
                return
            }
            if i == last {
                guard tree.wrapUp(leafConstraints: constraints, userInitialPolicySet: policy.userInitialPolicySet)
                else {
                    report.fail(.certificatePolicies, position, .explicitPolicyRequired(reference))
                    return
                }
                break
            }
            if let mappings {
                if mappings.contains(where: {
                    $0.issuerDomainPolicy == PolicyTree.anyPolicy || $0.subjectDomainPolicy == PolicyTree.anyPolicy
                }) {
                    report.fail(.certificatePolicies, position, .anyPolicyMapping(reference))
                    return
                }
                tree.map(mappings, certificate: i)
            }
            tree.prepareNext(isSelfIssued: isSelfIssued, constraints: constraints, inhibit: inhibit)
        }
        let valid = tree.leafPolicies
        report.pass(
            .certificatePolicies, nil,
            valid.isEmpty
                ? "no explicit policy required" : "valid for " + valid.map(\.description).joined(separator: ", "))
    }
}
