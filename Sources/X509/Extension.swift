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
///
/// A certificate's list is kept as the positions of each extension's parts in the
/// certificate's bytes (one array of plain offsets, no reference counted per extension); an
/// ``Extension`` is made when one is asked for.
public struct Extensions: Hashable, Sendable, RandomAccessCollection {
    /// Where one extension's parts lie in ``Storage/encoded(_:_:)``'s bytes (indices of the
    /// slice's base).
    @usableFromInline
    struct Positions: Hashable, Sendable {
        @usableFromInline let oidStart: Int
        @usableFromInline let oidEnd: Int
        @usableFromInline let valueStart: Int
        @usableFromInline let valueEnd: Int
        @usableFromInline let critical: Bool
    }

    @usableFromInline
    enum Storage: Sendable {
        /// Extensions given as values.
        case list([Extension])
        /// Extensions read from `bytes`, at `positions`.
        case encoded(ArraySlice<UInt8>, [Positions])
    }

    @usableFromInline let storage: Storage

    /// The extensions in order.
    public var all: [Extension] { Array(self) }

    /// Extensions from a list; the caller guarantees no OID appears twice.
    public init(_ extensions: [Extension]) { storage = .list(extensions) }

    init(bytes: ArraySlice<UInt8>, positions: [Positions]) { storage = .encoded(bytes, positions) }

    /// The first index.
    public var startIndex: Int { 0 }
    /// Past the last index.
    public var endIndex: Int {
        switch storage {
        case .list(let list): return list.count
        case .encoded(_, let positions): return positions.count
        }
    }

    /// The extension at `position`.
    public subscript(position: Int) -> Extension {
        switch storage {
        case .list(let list): return list[position]
        case .encoded(let bytes, let positions):
            let item = positions[position]
            let oid = bytes.withUnsafeBytes { raw in
                ASN1ObjectIdentifier(
                    validatedContent: UnsafeRawBufferPointer(
                        rebasing: raw[(item.oidStart - bytes.startIndex)..<(item.oidEnd - bytes.startIndex)]))
            }
            return Extension(oid: oid, critical: item.critical, value: bytes[item.valueStart..<item.valueEnd])
        }
    }

    /// The extension with `oid`, or `nil`.
    public subscript(oid oid: ASN1ObjectIdentifier) -> Extension? {
        switch storage {
        case .list(let list): return list.first { $0.oid == oid }
        case .encoded(let bytes, let positions):
            let found = bytes.withUnsafeBytes { raw in
                positions.firstIndex { item in
                    oid.matches(
                        content: UnsafeRawBufferPointer(
                            rebasing: raw[(item.oidStart - bytes.startIndex)..<(item.oidEnd - bytes.startIndex)]))
                }
            }
            return found.map { self[$0] }
        }
    }

    /// Equal when the extensions are, in order.
    public static func == (lhs: Extensions, rhs: Extensions) -> Bool { lhs.elementsEqual(rhs) }

    /// Hashes the extensions in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for item in self { hasher.combine(item) }
    }

    /// Reads `SEQUENCE SIZE (1..MAX) OF Extension`, rejecting an OID seen twice: each
    /// extension's parts located and checked (``Extension/init(node:in:bytes:)``'s rules), into
    /// one array of positions sized by a first pass over the element headers.
    static func read(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(X509Error) -> Extensions {
        var positions: [Positions] = []
        var duplicate: (ASN1ObjectIdentifier, Int)?
        do throws(DERError) {
            guard node.tag == .sequence else {
                throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
            }
            var counter = try reader.children(of: node)
            var count = 0
            while try counter.next() != nil { count += 1 }
            guard count > 0 else { throw DERError(.missingElement(expected: .sequence), at: node.contentOffset) }
            positions.reserveCapacity(count)
            // A few extensions (the usual case) are compared pairwise; many go through a set.
            let useSet = count > 16
            var seen = Set<ASN1ObjectIdentifier>()
            if useSet { seen.reserveCapacity(count) }
            let start = bytes.startIndex
            var elements = try reader.children(of: node)
            // The one-pass read below stands for a reader one level down.
            let canDescend = elements.depth + 1 <= elements.limits.maximumDepth
            while let element = try elements.next() {
                guard element.tag == .sequence else {
                    throw DERError(.unexpectedTag(expected: .sequence, found: element.tag), at: element.offset)
                }
                // Offsets of the OID's content, the value's content and its end, and the flag.
                let oidRange: Range<Int>
                let valueRange: Range<Int>
                let critical: Bool
                if canDescend, let usual = Self.usualParts(elements.content(of: element)) {
                    let base = element.contentOffset
                    oidRange = (base + 2)..<(base + usual.oidEnd)
                    valueRange = (base + usual.valueStart)..<element.endOffset
                    critical = usual.critical
                } else {
                    var fields = try elements.children(of: element)
                    // As `decode(ASN1ObjectIdentifier.self)` reads it, without making the value.
                    let oidNode = try fields.readAny()
                    try ASN1ObjectIdentifier.expect(.objectIdentifier, on: oidNode)
                    try DERContentRules.checkObjectIdentifier(fields.content(of: oidNode), at: oidNode.offset)
                    var isCritical = false
                    if let flag = try fields.readIfPresent(.boolean) {
                        try DERContentRules.checkBoolean(fields.content(of: flag), at: flag.offset)
                        // DER: a DEFAULT value is never encoded.
                        guard fields.byte(at: flag.contentOffset) == 0xFF else {
                            throw DERError(.invalidBoolean, at: flag.offset)
                        }
                        isCritical = true
                    }
                    let octets = try fields.read(.octetString)
                    try fields.finish()
                    oidRange = oidNode.contentRange
                    valueRange = octets.contentRange
                    critical = isCritical
                }
                let oid = elements.bytes(in: oidRange)
                if duplicate == nil {
                    let repeated =
                        useSet
                        ? !seen.insert(ASN1ObjectIdentifier(validatedContent: oid)).inserted
                        : positions.contains { other in
                            other.oidEnd - other.oidStart == oid.count
                                && memcmpEqual(
                                    oid, elements.bytes(in: (other.oidStart - start)..<(other.oidEnd - start)))
                        }
                    if repeated { duplicate = (ASN1ObjectIdentifier(validatedContent: oid), element.offset) }
                }
                positions.append(
                    Positions(
                        oidStart: start + oidRange.lowerBound, oidEnd: start + oidRange.upperBound,
                        valueStart: start + valueRange.lowerBound, valueEnd: start + valueRange.upperBound,
                        critical: critical))
            }
        } catch {
            throw .malformed(error)
        }
        if let (oid, offset) = duplicate { throw .duplicateExtension(oid, offset: offset) }
        return Extensions(bytes: bytes, positions: positions)
    }

    /// The parts of an Extension SEQUENCE's `content` when it has the usual shape: an OBJECT
    /// IDENTIFIER with a one-octet length and valid content (from offset 2 to `oidEnd`), then
    /// `01 01 FF` (critical) or nothing, then an OCTET STRING with a minimal length of one to
    /// three octets whose content (from `valueStart`) ends the SEQUENCE. Everything this accepts
    /// the reader accepts to the same parts; `nil` says nothing (the reader then decides).
    @inline(__always)
    static func usualParts(_ content: UnsafeRawBufferPointer) -> (oidEnd: Int, critical: Bool, valueStart: Int)? {
        let count = content.count
        guard count >= 5, content[0] == 0x06, content[1] < 0x80 else { return nil }
        let oidEnd = 2 + Int(content[1])
        guard count - oidEnd >= 2 else { return nil }
        do {
            try DERContentRules.checkObjectIdentifier(UnsafeRawBufferPointer(rebasing: content[2..<oidEnd]), at: 0)
        } catch {
            return nil
        }
        var at = oidEnd
        var critical = false
        if content[at] == 0x01 {
            guard count - at >= 5, content[at + 1] == 0x01, content[at + 2] == 0xFF else { return nil }
            critical = true
            at += 3
        }
        guard content[at] == 0x04 else { return nil }
        let lengthOctet = content[at + 1]
        let length: Int
        let header: Int
        if lengthOctet < 0x80 {
            length = Int(lengthOctet)
            header = 2
        } else if lengthOctet == 0x81, count - at >= 3, content[at + 2] >= 0x80 {
            length = Int(content[at + 2])
            header = 3
        } else if lengthOctet == 0x82, count - at >= 4, content[at + 2] != 0 {
            length = Int(content[at + 2]) << 8 | Int(content[at + 3])
            header = 4
        } else {
            return nil
        }
        guard at + header + length == count else { return nil }
        return (oidEnd, critical, at + header)
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
