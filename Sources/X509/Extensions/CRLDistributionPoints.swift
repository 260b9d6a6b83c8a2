import JPKIASN1

/// The cRLDistributionPoints extension (RFC 5280 §4.2.1.13): where the CRLs that cover the
/// certificate are published.
///
/// ```
/// CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
///
/// DistributionPoint ::= SEQUENCE {
///      distributionPoint       [0]     DistributionPointName OPTIONAL,
///      reasons                 [1]     ReasonFlags OPTIONAL,
///      cRLIssuer               [2]     GeneralNames OPTIONAL }
///
/// DistributionPointName ::= CHOICE {
///      fullName                [0]     GeneralNames,
///      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
/// ```
///
/// J-LIS names each distribution point with a directoryName, no URL:
/// `C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points, OU=<prefecture>,
/// CN=<city>` for leaves (CRLs are partitioned by municipality: see ``JPKIMunicipality``).
public struct CRLDistributionPoints: ExtensionValue, RandomAccessCollection, CustomStringConvertible {
    /// One distribution point.
    public struct DistributionPoint: Hashable, Sendable, CustomStringConvertible {
        /// A DistributionPointName.
        public enum Name: Hashable, Sendable {
            /// `[0] fullName`: general names (a URI, or a directoryName for the JPKI).
            case fullName([GeneralName])
            /// `[1] nameRelativeToCRLIssuer`: an RDN appended to the CRL issuer's name.
            case nameRelativeToCRLIssuer(DistinguishedName.RelativeDistinguishedName)
        }

        /// Where the CRL is, when named.
        public var name: Name?
        /// The revocation reasons the CRL covers, or `nil` for all. ReasonFlags bit 0
        /// (`unused`) is reported as ``RevocationReason/unspecified``.
        public var reasons: Set<RevocationReason>?
        /// Who issues the CRL, when not the certificate's issuer.
        public var crlIssuer: [GeneralName]?

        /// A distribution point.
        public init(name: Name? = nil, reasons: Set<RevocationReason>? = nil, crlIssuer: [GeneralName]? = nil) {
            self.name = name
            self.reasons = reasons
            self.crlIssuer = crlIssuer
        }

        /// The directoryNames of the full name (the JPKI's form of a distribution point).
        public var directoryNames: [DistinguishedName] {
            guard case .fullName(let names) = name else { return [] }
            return names.compactMap {
                if case .directoryName(let name) = $0 { return name }
                return nil
            }
        }

        /// As OpenSSL prints it: `Full Name:`, `Relative Name:`, `Reasons:`, `CRL Issuer:`
        /// sections, one line each.
        public var description: String {
            var lines: [String] = []
            switch name {
            case .fullName(let names)?:
                lines.append("Full Name:")
                lines += names.map { "  \($0)" }
            case .nameRelativeToCRLIssuer(let rdn)?:
                lines.append("Relative Name:")
                lines.append("  \(rdn)")
            case nil: break
            }
            if let reasons {
                lines.append("Reasons: " + CRLDistributionPoints.reasonNames(reasons))
            }
            if let crlIssuer {
                lines.append("CRL Issuer:")
                lines += crlIssuer.map { "  \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The distribution points, in order.
    public var points: [DistributionPoint]

    /// Distribution points (at least one, for a valid encoding).
    public init(_ points: [DistributionPoint]) { self.points = points }

    /// cRLDistributionPoints, 2.5.29.31
    public static let oid = ASN1ObjectIdentifier.X509ExtensionID.crlDistributionPoints

    /// Decodes the SEQUENCE OF DistributionPoint.
    ///
    /// - Throws: `DERError` for malformed DER, an empty list, a distribution point with
    ///   neither a name nor a CRL issuer (RFC 5280 requires one of them), ReasonFlags with
    ///   trailing zero bits or bits beyond aACompromise (8), or a relative name whose SET is
    ///   empty or not in DER order.
    public init(derEncoded value: ArraySlice<UInt8>) throws(DERError) {
        points = try ExtensionDecoding.single(value) { node, reader throws(DERError) in
            try ExtensionDecoding.expect(.sequence, node)
            var elements = try reader.children(of: node)
            var points: [DistributionPoint] = []
            while let element = try elements.next() {
                points.append(try Self.decodePoint(element, in: elements, bytes: value))
            }
            guard !points.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            return points
        }
    }

    static func decodePoint(_ node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError)
        -> DistributionPoint
    {
        try ExtensionDecoding.expect(.sequence, node)
        var fields = try reader.children(of: node)
        var point = DistributionPoint()
        if let wrapper = try fields.readIfPresent(.contextSpecific(0, constructed: true)) {
            var inner = try fields.children(of: wrapper)
            point.name = try decodeName(&inner, bytes: bytes)
            try inner.finish()
        }
        if let flags = try fields.readIfPresent(.contextSpecific(1, constructed: false)) {
            point.reasons = try decodeReasons(flags, in: fields)
        }
        if let issuer = try fields.readIfPresent(.contextSpecific(2, constructed: true)) {
            point.crlIssuer = try ExtensionDecoding.generalNames(issuer, in: fields, bytes: bytes)
        }
        try fields.finish()
        guard point.name != nil || point.crlIssuer != nil else {
            throw DERError(.missingElement(expected: .contextSpecific(0, constructed: true)), at: node.offset)
        }
        return point
    }

    /// Reads a DistributionPointName CHOICE: the next element of `reader` (also the
    /// distributionPoint of a CRL's issuing distribution point).
    static func decodeName(_ reader: inout DERReader, bytes: ArraySlice<UInt8>) throws(DERError)
        -> DistributionPoint.Name
    {
        let choice = try reader.readAny()
        switch choice.tag {
        case .contextSpecific(0, constructed: true):
            return .fullName(try ExtensionDecoding.generalNames(choice, in: reader, bytes: bytes))
        case .contextSpecific(1, constructed: true):
            var attributes: [DistinguishedName.Attribute] = []
            var set = try reader.children(of: choice)
            var previous: DERNode?
            while let element = try set.next() {
                if let previous, !derOrdered(set.encoding(of: previous), set.encoding(of: element)) {
                    throw DERError(.setOfNotSorted, at: element.offset)
                }
                previous = element
                try ExtensionDecoding.expect(.sequence, element)
                var pair = try set.children(of: element)
                let type = try pair.decode(ASN1ObjectIdentifier.self)
                let valueNode = try pair.readAny()
                try pair.finish()
                if let kind = ASN1CharacterString.Kind(tag: valueNode.tag) {
                    try kind.validate(pair.content(of: valueNode), at: valueNode.offset)
                }
                attributes.append(.init(type: type, value: try ASN1Element(derNode: valueNode, in: pair)))
            }
            guard !attributes.isEmpty else { throw DERError(.missingElement(expected: .sequence), at: choice.offset) }
            return .nameRelativeToCRLIssuer(.init(attributes))
        default:
            throw DERError(
                .unexpectedTag(expected: .contextSpecific(0, constructed: true), found: choice.tag), at: choice.offset)
        }
    }

    /// The ReasonFlags bit of each reason (reason codes 9 and 10 are bits 7 and 8;
    /// removeFromCRL has none).
    static let reasonBits: [(RevocationReason, Int)] = [
        (.unspecified, 0), (.keyCompromise, 1), (.cACompromise, 2), (.affiliationChanged, 3), (.superseded, 4),
        (.cessationOfOperation, 5), (.certificateHold, 6), (.privilegeWithdrawn, 7), (.aACompromise, 8),
    ]

    /// Reads `[1] IMPLICIT ReasonFlags`.
    static func decodeReasons(_ node: DERNode, in reader: DERReader) throws(DERError) -> Set<RevocationReason> {
        let bits = try ExtensionDecoding.namedBits(node, in: reader, tag: node.tag, limit: 9)
        var reasons = Set<RevocationReason>()
        for (reason, bit) in reasonBits where bit < bits.count && bits[bit] { reasons.insert(reason) }
        return reasons
    }

    /// The ReasonFlags BIT STRING of `reasons`, without trailing zero bits.
    static func reasonFlags(_ reasons: Set<RevocationReason>) -> ASN1BitString {
        var bits = [Bool](repeating: false, count: 9)
        for (reason, bit) in reasonBits where reasons.contains(reason) { bits[bit] = true }
        return ASN1BitString(namedBits: bits)
    }

    /// The reasons in bit order with OpenSSL's names, e.g. `Key Compromise, CA Compromise`.
    static func reasonNames(_ reasons: Set<RevocationReason>) -> String {
        reasonBits.filter { reasons.contains($0.0) }.map {
            $0.0 == .unspecified ? "Unused" : $0.0.description
        }.joined(separator: ", ")
    }

    /// DER's SET OF order: octet-wise, the shorter padded with zeros.
    static func derOrdered(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count <= b.count || a[b.count...].allSatisfy { $0 == 0 }
    }

    /// Writes the SEQUENCE OF DistributionPoint.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            for point in points { Self.serialize(point, into: &sequence) }
        }
    }

    static func serialize(_ point: DistributionPoint, into writer: inout DERWriter) {
        writer.writeSequence { fields in
            if let name = point.name { serialize(name, into: &fields) }
            if let reasons = point.reasons {
                fields.serialize(reasonFlags(reasons), implicitTag: .contextSpecific(1, constructed: false))
            }
            if let issuer = point.crlIssuer {
                fields.writeConstructed(.contextSpecific(2, constructed: true)) { names in
                    for name in issuer { names.serialize(name) }
                }
            }
        }
    }

    /// Writes `[0] DistributionPointName` (the same field in a distribution point and in a CRL's
    /// issuing distribution point).
    static func serialize(_ name: DistributionPoint.Name, into writer: inout DERWriter) {
        writer.writeConstructed(.contextSpecific(0, constructed: true)) { wrapper in
            switch name {
            case .fullName(let names):
                wrapper.writeConstructed(.contextSpecific(0, constructed: true)) { inner in
                    for name in names { inner.serialize(name) }
                }
            case .nameRelativeToCRLIssuer(let rdn):
                wrapper.writeSetOf(rdn.attributes, tag: .contextSpecific(1, constructed: true))
            }
        }
    }

    /// The first index.
    public var startIndex: Int { points.startIndex }
    /// Past the last index.
    public var endIndex: Int { points.endIndex }
    /// The distribution point at `position`.
    public subscript(position: Int) -> DistributionPoint { points[position] }

    /// The distribution points as OpenSSL prints them.
    public var description: String { points.map(\.description).joined(separator: "\n") }
}

extension Extensions {
    /// The cRLDistributionPoints extension, decoded, or `nil` when absent.
    public var crlDistributionPoints: CRLDistributionPoints? {
        get throws(X509Error) { try decode(CRLDistributionPoints.self) }
    }
}
