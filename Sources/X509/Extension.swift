import JPKIASN1

/// One extension of a certificate or CRL: its OID, criticality, and the DER inside its OCTET
/// STRING (a slice of the certificate's bytes).
public struct Extension: Hashable, Sendable {
    /// The extension's identifier.
    public var oid: ASN1ObjectIdentifier
    /// Whether a relying party that does not understand it must reject the certificate.
    public var critical: Bool
    /// The DER encoding inside the extnValue OCTET STRING.
    public var value: ArraySlice<UInt8>

    /// An extension.
    public init(oid: ASN1ObjectIdentifier, critical: Bool = false, value: ArraySlice<UInt8>) {
        self.oid = oid
        self.critical = critical
        self.value = value
    }

    /// Reads `SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`
    /// (a critical flag encoded as FALSE breaks DER's DEFAULT rule and is rejected).
    init(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError) {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var fields = try reader.children(of: node)
        oid = try fields.decode(ASN1ObjectIdentifier.self)
        if let flag = try fields.readIfPresent(.boolean) {
            let isCritical = try Bool(derNode: flag, in: fields)
            // DER: a DEFAULT value is never encoded.
            guard isCritical else { throw DERError(.invalidBoolean, at: flag.offset) }
            critical = true
        } else {
            critical = false
        }
        let octets = try fields.read(.octetString)
        try fields.finish()
        let start = bytes.startIndex
        value = bytes[(start + octets.contentOffset)..<(start + octets.endOffset)]
    }
}

extension Extension: DERSerializable {
    /// Writes the Extension SEQUENCE.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            sequence.serialize(oid)
            if critical { sequence.serialize(true) }
            sequence.writePrimitive(.octetString, content: value)
        }
    }
}

/// The extensions of a certificate or CRL, in order, with typed accessors.
///
/// The list is checked when the certificate is read (each extension well formed, no OID
/// twice); the typed accessors decode an extension's value when asked and throw
/// ``X509Error/invalidExtension(_:_:)`` when it does not decode.
public struct Extensions: Hashable, Sendable, RandomAccessCollection {
    /// The extensions in order.
    public let all: [Extension]

    /// Extensions from a list; the caller guarantees no OID appears twice.
    public init(_ extensions: [Extension]) { self.all = extensions }

    /// The first index.
    public var startIndex: Int { all.startIndex }
    /// Past the last index.
    public var endIndex: Int { all.endIndex }
    /// The extension at `position`.
    public subscript(position: Int) -> Extension { all[position] }

    /// The extension with `oid`, or `nil`.
    public subscript(oid oid: ASN1ObjectIdentifier) -> Extension? {
        all.first { $0.oid == oid }
    }

    /// Reads `SEQUENCE SIZE (1..MAX) OF Extension`, rejecting an OID seen twice: one array,
    /// sized by a first pass over the element headers.
    static func read(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(X509Error) -> Extensions {
        var all: [Extension] = []
        var duplicate: (ASN1ObjectIdentifier, Int)?
        do throws(DERError) {
            guard node.tag == .sequence else {
                throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
            }
            var counter = try reader.children(of: node)
            var count = 0
            while try counter.next() != nil { count += 1 }
            guard count > 0 else { throw DERError(.missingElement(expected: .sequence), at: node.contentOffset) }
            all.reserveCapacity(count)
            // A few extensions (the usual case) are compared pairwise; many go through a set.
            let useSet = count > 16
            var seen = Set<ASN1ObjectIdentifier>()
            if useSet { seen.reserveCapacity(count) }
            var elements = try reader.children(of: node)
            while let element = try elements.next() {
                let item = try Extension(node: element, in: elements, bytes: bytes)
                let repeated = useSet ? !seen.insert(item.oid).inserted : all.contains { $0.oid == item.oid }
                if repeated && duplicate == nil { duplicate = (item.oid, element.offset) }
                all.append(item)
            }
        } catch {
            throw .malformed(error)
        }
        if let (oid, offset) = duplicate { throw .duplicateExtension(oid, offset: offset) }
        return Extensions(all)
    }

    /// Reads an Extensions SEQUENCE (possibly empty), with each extension's offset.
    static func readList(
        _ node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>
    ) throws(DERError) -> [(Extension, Int)] {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var list: [(Extension, Int)] = []
        var elements = try reader.children(of: node)
        while let element = try elements.next() {
            list.append((try Extension(node: element, in: elements, bytes: bytes), element.offset))
        }
        return list
    }

    /// The extensions, or ``X509Error/duplicateExtension(_:offset:)`` for an OID seen twice.
    static func checkedUnique(_ list: [(Extension, Int)]) throws(X509Error) -> [Extension] {
        var seen = Set<ASN1ObjectIdentifier>(minimumCapacity: list.count)
        for (item, offset) in list where !seen.insert(item.oid).inserted {
            throw .duplicateExtension(item.oid, offset: offset)
        }
        return list.map(\.0)
    }
}
