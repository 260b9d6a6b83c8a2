import JPKIASN1
import JPKIX509

/// The relying party's inputs to path validation that RFC 5280 §6.1.1 leaves to it: which
/// certificate policies it accepts, the three initial policy flags, and the name subtrees it
/// permits or excludes from the start.
///
/// The default is RFC 5280's: any policy, every flag false, no name constrained; a path then
/// needs a valid policy only where a CA's policyConstraints asks for one.
///
/// ```swift
/// // Accept only paths valid for one policy, and require it explicitly.
/// let policy = VerificationPolicy(
///     userInitialPolicySet: ["2.16.840.1.101.3.2.1.48.1"], initialExplicitPolicy: true)
/// let verifier = JPKIVerifier(anchors: anchors, policy: policy)
/// ```
///
/// A J-LIS-shaped hierarchy is checked for its JPKI policies besides (the report's
/// ``VerificationReport/Check/Name/jpkiPolicy`` check), whatever this policy says.
public struct VerificationPolicy: Hashable, Sendable {
    /// user-initial-policy-set: the policies the relying party accepts; `[anyPolicy]` (the
    /// default) accepts any.
    public var userInitialPolicySet: Set<ASN1ObjectIdentifier>
    /// initial-explicit-policy: whether the path must be valid for at least one policy of
    /// ``userInitialPolicySet`` even when no CA requires an explicit policy.
    public var initialExplicitPolicy: Bool
    /// initial-policy-mapping-inhibit: whether policy mapping is refused from the start.
    public var initialPolicyMappingInhibit: Bool
    /// initial-any-policy-inhibit: whether anyPolicy in a certificate is ignored from the start
    /// (a CA's anyPolicy then matches no particular policy).
    public var initialAnyPolicyInhibit: Bool
    /// initial-permitted-subtrees: the name subtrees every certificate's names must lie in, per
    /// name form; `nil` (the default) permits every name.
    public var initialPermittedSubtrees: [NameConstraints.GeneralSubtree]?
    /// initial-excluded-subtrees: the name subtrees no certificate's name may lie in.
    public var initialExcludedSubtrees: [NameConstraints.GeneralSubtree]

    /// A policy with RFC 5280's defaults for whatever is not given.
    public init(
        userInitialPolicySet: Set<ASN1ObjectIdentifier> = [CertificatePolicies.anyPolicy],
        initialExplicitPolicy: Bool = false, initialPolicyMappingInhibit: Bool = false,
        initialAnyPolicyInhibit: Bool = false, initialPermittedSubtrees: [NameConstraints.GeneralSubtree]? = nil,
        initialExcludedSubtrees: [NameConstraints.GeneralSubtree] = []
    ) {
        self.userInitialPolicySet = userInitialPolicySet
        self.initialExplicitPolicy = initialExplicitPolicy
        self.initialPolicyMappingInhibit = initialPolicyMappingInhibit
        self.initialAnyPolicyInhibit = initialAnyPolicyInhibit
        self.initialPermittedSubtrees = initialPermittedSubtrees
        self.initialExcludedSubtrees = initialExcludedSubtrees
    }

    /// RFC 5280's defaults: any policy, no initial flag set, no initial name subtree.
    public static let rfc5280 = VerificationPolicy()

    /// Whether the user-initial-policy-set is `{anyPolicy}`.
    var acceptsAnyPolicy: Bool { userInitialPolicySet.contains(CertificatePolicies.anyPolicy) }

    /// Whether no initial policy setting can make a path fail: any policy accepted, no flag set.
    var hasDefaultPolicySettings: Bool {
        acceptsAnyPolicy && !initialExplicitPolicy && !initialPolicyMappingInhibit && !initialAnyPolicyInhibit
    }

    /// Whether no name is constrained from the start.
    var hasNoInitialNameConstraints: Bool { initialPermittedSubtrees == nil && initialExcludedSubtrees.isEmpty }
}
