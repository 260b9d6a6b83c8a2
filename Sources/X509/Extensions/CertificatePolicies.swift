import JPKIASN1

/// The certificatePolicies extension (RFC 5280 §4.2.1.4): the policies under which the
/// certificate was issued, with optional qualifiers.
///
/// ```
/// certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
///
/// PolicyInformation ::= SEQUENCE {
///      policyIdentifier   CertPolicyId,
///      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
///
/// PolicyQualifierInfo ::= SEQUENCE {
///      policyQualifierId  PolicyQualifierId,
///      qualifier          ANY DEFINED BY policyQualifierId }
///
/// CPSuri ::= IA5String
///
/// UserNotice ::= SEQUENCE {
///      noticeRef        NoticeReference OPTIONAL,
///      explicitText     DisplayText OPTIONAL }
///
/// NoticeReference ::= SEQUENCE {
///      organization     DisplayText,
///      noticeNumbers    SEQUENCE OF INTEGER }
///
/// DisplayText ::= CHOICE { ia5String, visibleString, bmpString, utf8String }
/// ```
///
/// JPKI certificates name their kind here: `1.2.392.200149.8.5.1.1` (digital signature) and
/// `1.2.392.200149.8.5.1.3` (user authentication), or sub-arcs of them.
public struct CertificatePolicies: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// One policy with its qualifiers.
    public struct PolicyInformation: Hashable, Sendable, CustomStringConvertible {
        /// The policy's identifier.
        public var identifier: ASN1ObjectIdentifier
        /// The qualifiers, in order; empty when absent.
        public var qualifiers: [PolicyQualifier]

        /// A policy.
        public init(identifier: ASN1ObjectIdentifier, qualifiers: [PolicyQualifier] = []) {
            self.identifier = identifier
            self.qualifiers = qualifiers
        }

        /// As OpenSSL prints it: `Policy: <oid>`, then the qualifiers indented.
        public var description: String {
            let name = identifier == CertificatePolicies.anyPolicy ? "X509v3 Any Policy" : identifier.description
            var lines = ["Policy: \(name)"]
            for qualifier in qualifiers {
                lines += qualifier.description.split(separator: "\n", omittingEmptySubsequences: false).map {
                    "  \($0)"
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A policy qualifier: a CPS pointer, a user notice, or another kind kept as DER.
    public enum PolicyQualifier: Hashable, Sendable, CustomStringConvertible {
        /// id-qt-cps: the URI of the certification practice statement.
        case cps(String)
        /// id-qt-unotice: text for the relying party.
        case userNotice(UserNotice)
        /// Another qualifier: its identifier and the qualifier's DER.
        case other(identifier: ASN1ObjectIdentifier, qualifier: ASN1Element)

        /// The qualifier's identifier.
        public var identifier: ASN1ObjectIdentifier {
            switch self {
            case .cps: return CertificatePolicies.cpsQualifier
            case .userNotice: return CertificatePolicies.userNoticeQualifier
            case .other(let identifier, _): return identifier
            }
        }

        /// As OpenSSL prints it: `CPS: …`, `User Notice:` with its fields.
        public var description: String {
            switch self {
            case .cps(let uri): return "CPS: \(uri)"
            case .userNotice(let notice):
                let lines = notice.description.split(separator: "\n", omittingEmptySubsequences: false)
                return (["User Notice:"] + lines.map { "  \($0)" }).joined(separator: "\n")
            case .other(let identifier, let qualifier):
                return "\(identifier): \(Hex.encode(qualifier.encoded))"
            }
        }
    }

    /// The user notice qualifier.
    public struct UserNotice: Hashable, Sendable, CustomStringConvertible {
        /// A reference to numbered notices of an organization.
        public struct NoticeReference: Hashable, Sendable {
            /// The organization (a DisplayText).
            public var organization: ASN1CharacterString
            /// The notice numbers.
            public var noticeNumbers: [Int]

            /// A notice reference.
            public init(organization: ASN1CharacterString, noticeNumbers: [Int]) {
                self.organization = organization
                self.noticeNumbers = noticeNumbers
            }
        }

        /// The notice reference, when present.
        public var noticeReference: NoticeReference?
        /// The explicit text (a DisplayText), when present.
        public var explicitText: ASN1CharacterString?

        /// A user notice.
        public init(noticeReference: NoticeReference? = nil, explicitText: ASN1CharacterString? = nil) {
            self.noticeReference = noticeReference
            self.explicitText = explicitText
        }

        /// As OpenSSL prints it: `Organization:`, `Number(s):`, `Explicit Text:` lines.
        public var description: String {
            var lines: [String] = []
            if let noticeReference {
                lines.append("Organization: \(noticeReference.organization.value)")
                let numbers = noticeReference.noticeNumbers.map(String.init).joined(separator: ", ")
                lines.append("Number\(noticeReference.noticeNumbers.count > 1 ? "s" : ""): \(numbers)")
            }
            if let explicitText { lines.append("Explicit Text: \(explicitText.value)") }
            return lines.joined(separator: "\n")
        }
    }

    /// The policies, in order.
    public var policies: [PolicyInformation]

    /// Policies (at least one, for a valid encoding).
    public init(_ policies: [PolicyInformation]) { self.policies = policies }

    /// certificatePolicies, 2.5.29.32
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.certificatePolicies
    /// anyPolicy, 2.5.29.32.0
    public static let anyPolicy: ASN1ObjectIdentifier = "2.5.29.32.0"
    /// id-qt-cps, 1.3.6.1.5.5.7.2.1
    public static let cpsQualifier: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.2.1"
    /// id-qt-unotice, 1.3.6.1.5.5.7.2.2
    public static let userNoticeQualifier: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.2.2"

    /// The policy identifiers, in order.
    public var identifiers: [ASN1ObjectIdentifier] { policies.map(\.identifier) }

    /// Decodes the SEQUENCE OF PolicyInformation; CPS and user notice qualifiers are decoded,
    /// others kept as DER.
    ///
    /// - Throws: `DERError` for malformed DER, an empty list of policies or of
    ///   qualifiers, a CPS that is not an IA5String, a user notice that does not decode, or a
    ///   DisplayText of a type other than IA5String, VisibleString, BMPString, UTF8String.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        policies = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var elements = try reader.children(of: node)
            var policies: [PolicyInformation] = []
            while !elements.isAtEnd {
                policies.append(try elements.readSequence { fields throws(DERError) in try Self.decodePolicy(&fields) })
            }
            guard !policies.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            return policies
        }
    }

    static func decodePolicy(_ fields: inout DERReader) throws(DERError) -> PolicyInformation {
        let identifier = try fields.decode(ASN1ObjectIdentifier.self)
        var qualifiers: [PolicyQualifier] = []
        if let list = try fields.readIfPresent(.sequence) {
            var elements = try fields.children(of: list)
            while !elements.isAtEnd {
                qualifiers.append(
                    try elements.readSequence { info throws(DERError) in try Self.decodeQualifier(&info) })
            }
            guard !qualifiers.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: list.offset) }
        }
        return PolicyInformation(identifier: identifier, qualifiers: qualifiers)
    }

    static func decodeQualifier(_ info: inout DERReader) throws(DERError) -> PolicyQualifier {
        let identifier = try info.decode(ASN1ObjectIdentifier.self)
        let node = try info.readAny()
        switch identifier {
        case cpsQualifier:
            try ExtensionDecoding.expect(.ia5String, node)
            let content = info.content(of: node)
            try ASN1CharacterString.Kind.ia5.validate(content, at: node.offset)
            return .cps(ASN1CharacterString.Kind.ia5.decode(content))
        case userNoticeQualifier:
            try ExtensionDecoding.expect(.sequence, node)
            var fields = try info.children(of: node)
            var notice = UserNotice()
            if let reference = try fields.readIfPresent(.sequence) {
                var inner = try fields.children(of: reference)
                let organization = try decodeDisplayText(&inner)
                var numbers: [Int] = []
                try inner.readSequence { list throws(DERError) in
                    while !list.isAtEnd { numbers.append(try list.readInteger(as: Int.self)) }
                }
                try inner.finish()
                notice.noticeReference = .init(organization: organization, noticeNumbers: numbers)
            }
            if !fields.isAtEnd { notice.explicitText = try decodeDisplayText(&fields) }
            try fields.finish()
            return .userNotice(notice)
        default:
            return .other(identifier: identifier, qualifier: try ASN1Element(derNode: node, in: info))
        }
    }

    /// Reads a DisplayText: an IA5String, VisibleString, BMPString or UTF8String.
    static func decodeDisplayText(_ reader: inout DERReader) throws(DERError) -> ASN1CharacterString {
        let node = try reader.readAny()
        guard let kind = ASN1CharacterString.Kind(tag: node.tag), [.ia5, .visible, .bmp, .utf8].contains(kind) else {
            throw DERError(.unexpectedTag(expected: .utf8String, found: node.tag), at: node.offset)
        }
        return try ASN1CharacterString(derNode: node, in: reader)
    }

    /// Writes the SEQUENCE OF PolicyInformation.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for policy in policies {
                sequence.writeSequence { fields in
                    fields.serialize(policy.identifier)
                    guard !policy.qualifiers.isEmpty else { return }
                    fields.writeSequence { list in
                        for qualifier in policy.qualifiers { Self.serialize(qualifier, into: &list) }
                    }
                }
            }
        }
    }

    static func serialize(_ qualifier: PolicyQualifier, into writer: inout DERWriter) {
        writer.writeSequence { info in
            info.serialize(qualifier.identifier)
            switch qualifier {
            case .cps(let uri): info.writePrimitive(.ia5String, content: Array(uri.utf8))
            case .userNotice(let notice):
                info.writeSequence { fields in
                    if let reference = notice.noticeReference {
                        fields.writeSequence { inner in
                            inner.serialize(reference.organization)
                            inner.writeSequence { list in
                                for number in reference.noticeNumbers { list.serialize(number) }
                            }
                        }
                    }
                    if let text = notice.explicitText { fields.serialize(text) }
                }
            case .other(_, let element): info.serialize(element)
            }
        }
    }

    /// The first index.
    public var startIndex: Int { policies.startIndex }
    /// Past the last index.
    public var endIndex: Int { policies.endIndex }
    /// The policy at `position`.
    public subscript(position: Int) -> PolicyInformation { policies[position] }

    /// The policies as OpenSSL prints them.
    public var description: String { policies.map(\.description).joined(separator: "\n") }
}

extension Extensions {
    /// The certificatePolicies extension, decoded, or `nil` when absent.
    public var certificatePolicies: CertificatePolicies? {
        get throws(X509Error) { try decode(CertificatePolicies.self) }
    }
}
