import JPKIASN1
import JPKIX509

/// RFC 5280's permitted_subtrees and excluded_subtrees (§6.1.2 (b), (c)), gathered from the
/// nameConstraints of the CAs of a path, and the test of a certificate's names against them
/// (§6.1.3 (b), (c)).
///
/// The permitted subtrees are kept as one list per CA rather than intersected: a name of a
/// form must lie in one of the subtrees of that form of every list that has some, which is
/// what their intersection permits.
struct NameConstraintState {
    /// Each list constrains the forms it holds subtrees of, and no other.
    private(set) var permitted: [[GeneralName]] = []
    private(set) var excluded: [GeneralName] = []

    /// The state before any CA: the verification policy's initial subtrees.
    init(permitted: [NameConstraints.GeneralSubtree]?, excluded: [NameConstraints.GeneralSubtree]) {
        if let permitted { self.permitted.append(permitted.map(\.base).filter(Self.isSupported)) }
        self.excluded = excluded.map(\.base).filter(Self.isSupported)
    }

    /// The forms this check compares: directoryName, dNSName, rfc822Name, iPAddress, URI.
    static func isSupported(_ name: GeneralName) -> Bool {
        switch name {
        case .directoryName, .dnsName, .rfc822Name, .ipAddress, .uniformResourceIdentifier: return true
        case .otherName, .x400Address, .ediPartyName, .registeredID: return false
        }
    }

    /// The name of an unsupported form, for the report.
    static func formName(_ name: GeneralName) -> String {
        switch name {
        case .otherName: return "otherName"
        case .x400Address: return "x400Address"
        case .ediPartyName: return "ediPartyName"
        case .registeredID: return "registeredID"
        case .directoryName: return "directoryName"
        case .dnsName: return "dNSName"
        case .rfc822Name: return "rfc822Name"
        case .ipAddress: return "iPAddress"
        case .uniformResourceIdentifier: return "uniformResourceIdentifier"
        }
    }

    /// RFC 5280 §6.1.4 (g): adds a CA's constraints. Subtrees of forms not compared are left
    /// out (the caller refuses them first when the extension is critical).
    mutating func add(_ constraints: NameConstraints) {
        if let permittedSubtrees = constraints.permittedSubtrees {
            permitted.append(permittedSubtrees.map(\.base).filter(Self.isSupported))
        }
        if let excludedSubtrees = constraints.excludedSubtrees {
            excluded += excludedSubtrees.map(\.base).filter(Self.isSupported)
        }
    }

    /// Whether nothing is constrained.
    var isEmpty: Bool { permitted.allSatisfy(\.isEmpty) && excluded.isEmpty }

    enum Violation {
        case notPermitted(GeneralName)
        case excluded(GeneralName)
    }

    /// The first of `names` outside the permitted or inside the excluded subtrees.
    func violation(among names: [GeneralName]) -> Violation? {
        for name in names {
            for list in permitted where list.contains(where: { Self.sameForm($0, name) }) {
                if !list.contains(where: { Self.matches(name, subtree: $0) }) { return .notPermitted(name) }
            }
            if excluded.contains(where: { Self.sameForm($0, name) && Self.matches(name, subtree: $0) }) {
                return .excluded(name)
            }
        }
        return nil
    }

    static func sameForm(_ a: GeneralName, _ b: GeneralName) -> Bool {
        switch (a, b) {
        case (.directoryName, .directoryName), (.dnsName, .dnsName), (.rfc822Name, .rfc822Name),
            (.ipAddress, .ipAddress), (.uniformResourceIdentifier, .uniformResourceIdentifier):
            return true
        default: return false
        }
    }

    /// Whether `name` lies in the subtree whose base is `base` (both of the same form).
    static func matches(_ name: GeneralName, subtree base: GeneralName) -> Bool {
        switch (name, base) {
        case (.directoryName(let name), .directoryName(let base)): return name.isWithin(subtree: base)
        case (.dnsName(let name), .dnsName(let base)): return dnsName(name, within: base)
        case (.rfc822Name(let name), .rfc822Name(let base)): return mailbox(name, within: base)
        case (.uniformResourceIdentifier(let name), .uniformResourceIdentifier(let base)):
            guard let authority = host(ofURI: name) else { return false }
            return host(authority, within: base)
        case (.ipAddress(let name), .ipAddress(let base)): return address(name, within: base)
        default: return false
        }
    }

    /// dNSName: the name is the base or has more labels on its left; a base with a leading
    /// period admits only names below it; the empty base admits every name.
    static func dnsName(_ name: String, within base: String) -> Bool {
        let name = trimmingDot(name.lowercased())
        let base = base.lowercased()
        if base.isEmpty { return true }
        if base.hasPrefix(".") { return name.hasSuffix(base) }
        return name == base || name.hasSuffix("." + base)
    }

    /// rfc822Name: a base with `@` names one mailbox; a host base, the mailboxes on that host;
    /// a base starting with a period, the mailboxes on the hosts below that domain.
    static func mailbox(_ name: String, within base: String) -> Bool {
        guard let at = name.lastIndex(of: "@") else { return false }
        let local = name[..<at]
        let domain = name[name.index(after: at)...].lowercased()
        if let baseAt = base.lastIndex(of: "@") {
            return local == base[..<baseAt] && domain == base[base.index(after: baseAt)...].lowercased()
        }
        let base = base.lowercased()
        if base.hasPrefix(".") { return domain.hasSuffix(base) }
        return domain == base
    }

    /// URI: the host of the URI is the base, or lies below it when the base starts with a period.
    static func host(_ host: String, within base: String) -> Bool {
        let host = trimmingDot(host.lowercased())
        let base = base.lowercased()
        if base.hasPrefix(".") { return host.hasSuffix(base) }
        return host == base
    }

    /// The host of a URI with an authority (`scheme://[userinfo@]host[:port]/…`), or `nil`.
    static func host(ofURI uri: String) -> String? {
        guard let separator = uri.range(of: "://") else { return nil }
        var authority = uri[separator.upperBound...]
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            authority = authority[..<end]
        }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
        return authority.isEmpty ? nil : String(authority)
    }

    /// iPAddress: an address of the base's family whose masked bits are the base's.
    static func address(_ address: [UInt8], within base: [UInt8]) -> Bool {
        guard base.count == address.count * 2 else { return false }
        for index in address.indices {
            let mask = base[address.count + index]
            if address[index] & mask != base[index] & mask { return false }
        }
        return true
    }

    private static func trimmingDot(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}

extension PathValidator {
    /// The emailAddress attribute of a name (PKCS #9), 1.2.840.113549.1.9.1.
    static let emailAddress: ASN1ObjectIdentifier = "1.2.840.113549.1.9.1"

    /// RFC 5280's name constraint processing over `path` (leaf first, anchor last), recorded as
    /// the `name-constraints` check. Nothing is built when no CA of the path has
    /// nameConstraints and the verification policy constrains no name.
    func checkNameConstraints(_ path: [Certificate], report: inout VerificationReport) {
        let last = path.count - 1
        guard last > 0 else { return }
        let constrained = path[1..<last].contains {
            $0.extensions[oid: ASN1ObjectIdentifier.X509ExtensionID.nameConstraints] != nil
        }
        guard constrained || !policy.hasNoInitialNameConstraints else {
            report.pass(.nameConstraints, nil, "no name constraint in the path")
            return
        }
        var state = NameConstraintState(
            permitted: policy.initialPermittedSubtrees, excluded: policy.initialExcludedSubtrees)
        for i in 1...last {
            let position = last - i
            let certificate = path[position]
            lazy var reference = CertificateReference(certificate, position: position)
            let isSelfIssued = certificate.isSelfIssued
            if !state.isEmpty && (i == last || !isSelfIssued) {
                let names: [GeneralName]
                do {
                    names = try Self.names(of: certificate)
                } catch {
                    report.fail(.nameConstraints, position, Self.malformed(error, reference))
                    return
                }
                switch state.violation(among: names) {
                case .notPermitted(let name)?:
                    report.fail(.nameConstraints, position, .nameNotPermitted(reference, name: name.description))
                    return
                case .excluded(let name)?:
                    report.fail(.nameConstraints, position, .nameExcluded(reference, name: name.description))
                    return
                case nil: break
                }
            }
            guard i < last, let found = certificate.extensions[oid: NameConstraints.oid] else { continue }
            let constraints: NameConstraints
            do {
                constraints = try NameConstraints(found)
            } catch {
                report.fail(.nameConstraints, position, Self.malformed(error, reference))
                return
            }
            if found.critical,
                let unsupported = ((constraints.permittedSubtrees ?? []) + (constraints.excludedSubtrees ?? []))
                    .first(where: { !NameConstraintState.isSupported($0.base) })
            {
                report.fail(
                    .nameConstraints, position,
                    .unsupportedNameConstraint(reference, form: NameConstraintState.formName(unsupported.base)))
                return
            }
            state.add(constraints)
        }
        report.pass(.nameConstraints, nil, "names within the constraints")
    }

    /// The names constraints apply to: the subject (unless empty), each emailAddress in it as
    /// an rfc822Name, and the subjectAltName entries.
    static func names(of certificate: Certificate) throws(X509Error) -> [GeneralName] {
        var names: [GeneralName] = []
        let subject = certificate.subject
        if subject.derEncoded.count > 2 {
            names.append(.directoryName(subject))
            for attribute in subject.attributes where attribute.type == emailAddress {
                if let text = attribute.stringValue { names.append(.rfc822Name(text)) }
            }
        }
        if let alternatives = try certificate.extensions.subjectAlternativeNames { names += alternatives.names }
        return names
    }
}
