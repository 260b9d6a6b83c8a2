extension VerificationReport.Check {
    /// What a check is about: the RFC 5280 path validation steps, the JPKI rules, revocation,
    /// and the signatures over what a My Number Card signed.
    ///
    /// Encoded as its ``rawValue``, the kebab-case name reports have always carried
    /// (`trust-anchor`, `validity`, `revocation`, …), so the JSON of a report does not change.
    /// A report read from JSON may carry a name this version does not list: it decodes all the
    /// same, and compares unequal to every static member.
    ///
    /// ```swift
    /// let revocation = report.checks.filter { $0.name == .revocation }
    /// ```
    public struct Name: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The name as reports write it, e.g. `trust-anchor`.
        public let rawValue: String

        /// The check named `rawValue`.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        // Codable as a single string: the standard library's conformance of a String-backed
        // RawRepresentable.

        /// The ``rawValue``.
        public var description: String { rawValue }

        // MARK: Path building and validation (RFC 5280 §6)

        /// `trust-anchor`: the chain ends in a trust anchor (a pinned J-LIS root, or a custom
        /// anchor), and not in a self-signed certificate the verifier does not trust.
        public static let trustAnchor = Name(rawValue: "trust-anchor")
        /// `path`: a chain could be built from the certificate to a trust anchor (recorded only
        /// when it could not: no issuer, or a signature that does not verify).
        public static let path = Name(rawValue: "path")
        /// `signature`: the certificate's signature verifies with its issuer's key.
        public static let signature = Name(rawValue: "signature")
        /// `issuer-name`: name chaining: the certificate's issuer name is its issuer's subject.
        public static let nameChaining = Name(rawValue: "issuer-name")
        /// `validity`: the validation time is within the certificate's notBefore–notAfter.
        public static let validity = Name(rawValue: "validity")
        /// `critical-extensions`: every extension marked critical is one the verifier processes.
        public static let criticalExtensions = Name(rawValue: "critical-extensions")
        /// `extensions`: the extensions the checks read (basicConstraints, keyUsage,
        /// certificatePolicies) decode (recorded only when one does not).
        public static let extensions = Name(rawValue: "extensions")
        /// `basic-constraints`: an issuing certificate is a CA (basicConstraints cA TRUE).
        public static let basicConstraints = Name(rawValue: "basic-constraints")
        /// `key-usage`: an issuing certificate's keyUsage allows keyCertSign.
        public static let issuerKeyUsage = Name(rawValue: "key-usage")
        /// `path-length`: a CA's pathLenConstraint allows the intermediates below it.
        public static let pathLength = Name(rawValue: "path-length")
        /// `certificate-policies`: the path's certificate policies, policy mappings and policy
        /// constraints leave a valid policy where one is required (RFC 5280 §6.1.3 (d)–(f),
        /// §6.1.4 (a), (b), (h)–(j), §6.1.5; the settings of ``VerificationPolicy``).
        public static let certificatePolicies = Name(rawValue: "certificate-policies")
        /// `name-constraints`: each certificate's names lie within the permitted and outside the
        /// excluded subtrees of the CAs above it (RFC 5280 §6.1.3 (b), (c), §6.1.4 (g)).
        public static let nameConstraints = Name(rawValue: "name-constraints")

        // MARK: The leaf's use

        /// `policy`: the leaf carries the certificate policy of its J-LIS root's kind (signature
        /// or user authentication), and that kind is the one the operation needs.
        public static let jpkiPolicy = Name(rawValue: "policy")
        /// `leaf-key-usage`: the leaf's keyUsage allows its use (digitalSignature; and
        /// nonRepudiation for a JPKI signature certificate).
        public static let leafKeyUsage = Name(rawValue: "leaf-key-usage")

        // MARK: Revocation

        /// `revocation`: a CRL or OCSP response says the certificate is not revoked (or, under
        /// soft-fail, no source could tell).
        public static let revocation = Name(rawValue: "revocation")

        // MARK: What the card signed

        /// `data-signature`: the signature over the log-in challenge or the document verifies
        /// with the leaf's key.
        public static let dataSignature = Name(rawValue: "data-signature")
        /// `basic-four-information`: the signature certificate's basic 4 information (name,
        /// sex, birth date, address) decodes.
        public static let basicFourInformation = Name(rawValue: "basic-four-information")

        // MARK: CMS SignedData

        /// `cms-structure`: the message is a CMS SignedData.
        public static let cmsStructure = Name(rawValue: "cms-structure")
        /// `content`: there is content to check the signature against (attached, or given for a
        /// detached signature), and a detached content given agrees with the attached one.
        public static let cmsContent = Name(rawValue: "content")
        /// `signer-certificate`: the certificate a SignerInfo names is in the message or among
        /// the intermediates given.
        public static let cmsSignerCertificate = Name(rawValue: "signer-certificate")
        /// `message-digest`: the messageDigest signed attribute is the content's digest.
        public static let cmsMessageDigest = Name(rawValue: "message-digest")
        /// `content-type`: the contentType signed attribute is the encapsulated content's type.
        public static let cmsContentType = Name(rawValue: "content-type")
        /// `cms-signature`: the SignerInfo's signature verifies with the signer certificate's key.
        public static let cmsSignature = Name(rawValue: "cms-signature")
    }
}
