import JPKIASN1

/// The issuing distribution point extension of a CRL (RFC 5280 §5.2.5): which distribution
/// point the CRL is for, and which certificates and reasons it covers.
///
/// ```
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
public struct IssuingDistributionPoint: Hashable, Sendable {
    /// A DistributionPointName: a full name, or a name relative to the CRL issuer (the type of
    /// a certificate's ``CRLDistributionPoints``, so the two compare directly).
    public typealias Name = CRLDistributionPoints.DistributionPoint.Name

    /// The distribution point, when named.
    public var distributionPoint: Name?
    /// The CRL lists end-entity certificates only.
    public var onlyContainsUserCerts: Bool
    /// The CRL lists CA certificates only.
    public var onlyContainsCACerts: Bool
    /// The reasons the CRL covers, or `nil` for all of them. ReasonFlags bit 0 (`unused`) is
    /// reported as ``RevocationReason/unspecified``.
    public var onlySomeReasons: Set<RevocationReason>?
    /// The CRL may list certificates of other issuers (entries name them with certificateIssuer).
    public var indirectCRL: Bool
    /// The CRL lists attribute certificates only.
    public var onlyContainsAttributeCerts: Bool

    /// An issuing distribution point.
    public init(
        distributionPoint: Name? = nil, onlyContainsUserCerts: Bool = false, onlyContainsCACerts: Bool = false,
        onlySomeReasons: Set<RevocationReason>? = nil, indirectCRL: Bool = false,
        onlyContainsAttributeCerts: Bool = false
    ) {
        self.distributionPoint = distributionPoint
        self.onlyContainsUserCerts = onlyContainsUserCerts
        self.onlyContainsCACerts = onlyContainsCACerts
        self.onlySomeReasons = onlySomeReasons
        self.indirectCRL = indirectCRL
        self.onlyContainsAttributeCerts = onlyContainsAttributeCerts
    }

    /// Decodes the extension value (the DER inside the extnValue OCTET STRING).
    ///
    /// - Throws: `DERError` for malformed DER, a DEFAULT FALSE encoded, an empty
    ///   SEQUENCE (RFC 5280 forbids it), or more than one of the `onlyContains…` flags set.
    public init(derEncoded value: [UInt8]) throws(DERError) {
        self = try DER.withReader(value) { reader throws(DERError) in
            let node = try reader.read(.sequence)
            try reader.finish()
            guard node.contentLength > 0 else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
            var fields = try reader.children(of: node)
            var point = IssuingDistributionPoint()
            if let wrapper = try fields.readIfPresent(.contextSpecific(0, constructed: true)) {
                var inner = try fields.children(of: wrapper)
                point.distributionPoint = try CRLDistributionPoints.decodeName(&inner, bytes: value[...])
                try inner.finish()
            }
            point.onlyContainsUserCerts = try Self.readFlag(1, from: &fields)
            point.onlyContainsCACerts = try Self.readFlag(2, from: &fields)
            if let flags = try fields.readIfPresent(.contextSpecific(3, constructed: false)) {
                point.onlySomeReasons = try CRLDistributionPoints.decodeReasons(flags, in: fields)
            }
            point.indirectCRL = try Self.readFlag(4, from: &fields)
            point.onlyContainsAttributeCerts = try Self.readFlag(5, from: &fields)
            try fields.finish()
            let exclusive = [point.onlyContainsUserCerts, point.onlyContainsCACerts, point.onlyContainsAttributeCerts]
            guard exclusive.filter({ $0 }).count <= 1 else { throw DERError(.invalidBoolean, at: node.offset) }
            return point
        }
    }

    /// Reads `[number] IMPLICIT BOOLEAN DEFAULT FALSE`: DER encodes only TRUE.
    private static func readFlag(_ number: UInt32, from fields: inout DERReader) throws(DERError) -> Bool {
        guard let node = try fields.readIfPresent(.contextSpecific(number, constructed: false)) else { return false }
        guard try Bool(derNode: node, in: fields, withTag: node.tag) else {
            throw DERError(.invalidBoolean, at: node.offset)
        }
        return true
    }

}

extension IssuingDistributionPoint: DERSerializable {
    /// Writes the IssuingDistributionPoint SEQUENCE (the extension value).
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            if let distributionPoint { CRLDistributionPoints.serialize(distributionPoint, into: &sequence) }
            if onlyContainsUserCerts { sequence.serialize(true, implicitTag: .contextSpecific(1, constructed: false)) }
            if onlyContainsCACerts { sequence.serialize(true, implicitTag: .contextSpecific(2, constructed: false)) }
            if let onlySomeReasons {
                sequence.serialize(
                    CRLDistributionPoints.reasonFlags(onlySomeReasons),
                    implicitTag: .contextSpecific(3, constructed: false))
            }
            if indirectCRL { sequence.serialize(true, implicitTag: .contextSpecific(4, constructed: false)) }
            if onlyContainsAttributeCerts {
                sequence.serialize(true, implicitTag: .contextSpecific(5, constructed: false))
            }
        }
    }
}
