import JPKIASN1

/// A GeneralName (RFC 5280 §4.2.1.6), every form.
public enum GeneralName: Hashable, Sendable, CustomStringConvertible {
    /// `[0] otherName`: a type OID and its value (the DER inside the `[0]` EXPLICIT wrapper).
    /// The JPKI puts the basic 4 information here.
    case otherName(type: ASN1ObjectIdentifier, value: ASN1Element)
    /// `[1] rfc822Name`.
    case rfc822Name(String)
    /// `[2] dNSName`.
    case dnsName(String)
    /// `[3] x400Address`, kept as DER.
    case x400Address(ASN1Element)
    /// `[4] directoryName`. The JPKI's CRL distribution points and issuerAltName use it.
    case directoryName(DistinguishedName)
    /// `[5] ediPartyName`, kept as DER.
    case ediPartyName(ASN1Element)
    /// `[6] uniformResourceIdentifier`.
    case uniformResourceIdentifier(String)
    /// `[7] iPAddress`: 4 or 16 octets (or 8 / 32 in name constraints).
    case ipAddress([UInt8])
    /// `[8] registeredID`.
    case registeredID(ASN1ObjectIdentifier)

    /// Decodes one GeneralName element.
    init(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError) {
        let tag = node.tag
        guard tag.tagClass == .contextSpecific else {
            throw DERError(
                .unexpectedTag(expected: .contextSpecific(0, constructed: true), found: tag), at: node.offset)
        }
        func ia5() throws(DERError) -> String {
            guard !tag.isConstructed else { throw DERError(.wrongConstructedBit, at: node.offset) }
            let content = reader.content(of: node)
            try ASN1CharacterString.Kind.ia5.validate(content, at: node.offset)
            return ASN1CharacterString.Kind.ia5.decode(content)
        }
        switch (tag.number, tag.isConstructed) {
        case (0, true):
            var fields = try reader.children(of: node)
            let type = try fields.decode(ASN1ObjectIdentifier.self)
            let value = try fields.readConstructed(.contextSpecific(0, constructed: true)) { inner throws(DERError) in
                try inner.decode(ASN1Element.self)
            }
            try fields.finish()
            self = .otherName(type: type, value: value)
        case (1, _): self = .rfc822Name(try ia5())
        case (2, _): self = .dnsName(try ia5())
        case (3, true): self = .x400Address(try ASN1Element(derNode: node, in: reader))
        case (4, true):
            var inner = try reader.children(of: node)
            let nameNode = try inner.readAny()
            try inner.finish()
            self = .directoryName(try DistinguishedName(node: nameNode, in: inner, bytes: bytes))
        case (5, true): self = .ediPartyName(try ASN1Element(derNode: node, in: reader))
        case (6, _): self = .uniformResourceIdentifier(try ia5())
        case (7, false): self = .ipAddress(Array(reader.content(of: node)))
        case (8, false):
            self = .registeredID(try ASN1ObjectIdentifier(content: reader.content(of: node), at: node.offset))
        default:
            throw DERError(.wrongConstructedBit, at: node.offset)
        }
    }

    /// Reads `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` from `node`.
    static func sequence(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError)
        -> [GeneralName]
    {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var names: [GeneralName] = []
        var elements = try reader.children(of: node)
        while let element = try elements.next() {
            names.append(try GeneralName(node: element, in: elements, bytes: bytes))
        }
        guard !names.isEmpty else {
            throw DERError(.missingElement(expected: .contextSpecific(0, constructed: true)), at: node.offset)
        }
        return names
    }

    /// The form as OpenSSL prints it, e.g. `DNS:example.com`, `DirName:C=JP,...`,
    /// `othername: 1.2.392.200149.8.5.5.1::番号　花子`.
    public var description: String {
        switch self {
        case .otherName(let type, let value):
            let text = (try? DER.parse(ASN1CharacterString.self, from: value.encoded))?.value
            return "othername: \(type)::\(text ?? Hex.encode(value.encoded))"
        case .rfc822Name(let text): return "email:\(text)"
        case .dnsName(let text): return "DNS:\(text)"
        case .x400Address: return "X400Name:<unsupported>"
        case .directoryName(let name): return "DirName:\(name)"
        case .ediPartyName: return "EdiPartyName:<unsupported>"
        case .uniformResourceIdentifier(let text): return "URI:\(text)"
        case .ipAddress(let bytes):
            if bytes.count == 4 { return "IP Address:" + bytes.map(String.init).joined(separator: ".") }
            if bytes.count == 16 {
                let groups = stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16, uppercase: true)
                }
                return "IP Address:" + groups.joined(separator: ":")
            }
            return "IP Address:<invalid length \(bytes.count)>"
        case .registeredID(let oid): return "Registered ID:\(oid)"
        }
    }
}

extension GeneralName: DERSerializable {
    /// Writes the GeneralName with its context-specific tag.
    public func serialize(into writer: inout DERWriter) {
        switch self {
        case .otherName(let type, let value):
            writer.writeConstructed(.contextSpecific(0, constructed: true)) { inner in
                inner.serialize(type)
                inner.serialize(value, explicitTag: .contextSpecific(0, constructed: true))
            }
        case .rfc822Name(let text):
            writer.writePrimitive(.contextSpecific(1, constructed: false), content: Array(text.utf8))
        case .dnsName(let text):
            writer.writePrimitive(.contextSpecific(2, constructed: false), content: Array(text.utf8))
        case .x400Address(let element), .ediPartyName(let element): writer.serialize(element)
        case .directoryName(let name):
            writer.writeConstructed(.contextSpecific(4, constructed: true)) { inner in inner.serialize(name) }
        case .uniformResourceIdentifier(let text):
            writer.writePrimitive(.contextSpecific(6, constructed: false), content: Array(text.utf8))
        case .ipAddress(let bytes): writer.writePrimitive(.contextSpecific(7, constructed: false), content: bytes)
        case .registeredID(let oid): writer.serialize(oid, implicitTag: .contextSpecific(8, constructed: false))
        }
    }
}
