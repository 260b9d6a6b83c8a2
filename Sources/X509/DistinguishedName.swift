import JPKIASN1

/// An X.501 Name: a sequence of relative distinguished names, kept as its DER bytes.
///
/// Equality and hashing use the DER encoding (DER is canonical, and J-LIS encodes names the same
/// way in a certificate and in the certificate it chains to). ``description`` renders RFC 4514
/// with Japanese text preserved: `CN=…,L=千代田区,L=東京都,C=JP`.
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// The Name's DER encoding (the outer SEQUENCE included): a slice of the certificate's
    /// bytes, not a copy.
    public let derEncoded: ArraySlice<UInt8>

    /// One attribute: its type and value.
    public struct Attribute: Hashable, Sendable, CustomStringConvertible {
        /// The attribute type, e.g. commonName `2.5.4.3`.
        public var type: ASN1ObjectIdentifier
        /// The value's DER encoding.
        public var value: ASN1Element

        /// An attribute.
        public init(type: ASN1ObjectIdentifier, value: ASN1Element) {
            self.type = type
            self.value = value
        }

        /// An attribute with a string value of `kind`.
        public init(type: ASN1ObjectIdentifier, string: String, kind: ASN1CharacterString.Kind = .utf8) throws(DERError)
        {
            var writer = DERWriter()
            writer.serialize(try ASN1CharacterString(string, kind: kind))
            self.type = type
            self.value = try ASN1Element(encoded: writer.bytes)
        }

        /// The value as text when it is a character string, otherwise `nil`.
        public var stringValue: String? {
            (try? DER.parse(ASN1CharacterString.self, from: value.encoded))?.value
        }

        /// `TYPE=value` in RFC 4514 form.
        public var description: String {
            let name = DistinguishedName.shortNames[type] ?? type.description
            if let text = stringValue { return "\(name)=\(DistinguishedName.escape(text))" }
            return "\(name)=#\(Hex.encode(value.encoded))"
        }
    }

    /// A set of attributes (usually one).
    public struct RelativeDistinguishedName: Hashable, Sendable, CustomStringConvertible {
        /// The attributes.
        public var attributes: [Attribute]

        /// An RDN.
        public init(_ attributes: [Attribute]) { self.attributes = attributes }

        /// The attributes joined by `+`.
        public var description: String { attributes.map(\.description).joined(separator: "+") }
    }

    /// Checks that `node` is a Name — `SEQUENCE OF SET OF SEQUENCE { type, value }`, each SET
    /// non-empty and in DER order, string values valid for their type — without allocating.
    static func validate(_ node: DERNode, in reader: DERReader) throws(DERError) {
        // The usual shape (one attribute per RDN, short lengths, a string value) in one pass
        // over the octets; anything else, valid or not, goes through the reader below, which
        // names the rule broken.
        if node.tag == .sequence, reader.depth + 4 <= reader.limits.maximumDepth,
            isUsualValidName(reader.content(of: node))
        {
            return
        }
        try validateByReader(node, in: reader)
    }

    /// ``validate(_:in:)`` element by element with the reader, for every shape.
    static func validateByReader(_ node: DERNode, in reader: DERReader) throws(DERError) {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var sequence = try reader.children(of: node)
        while !sequence.isAtEnd {
            var count = 0
            try sequence.readSetOf { element, set throws(DERError) in
                guard element.tag == .sequence else {
                    throw DERError(.unexpectedTag(expected: .sequence, found: element.tag), at: element.offset)
                }
                var fields = try set.children(of: element)
                let type = try fields.read(.objectIdentifier)
                try DERContentRules.checkObjectIdentifier(fields.content(of: type), at: type.offset)
                let value = try fields.readAny()
                try fields.finish()
                // X.520's attribute types are all universal types (DirectoryString and the
                // like); OpenSSL rejects other classes too.
                guard value.tag.tagClass == .universal else {
                    throw DERError(.unexpectedTag(expected: .utf8String, found: value.tag), at: value.offset)
                }
                if let kind = ASN1CharacterString.Kind(tag: value.tag) {
                    try kind.validate(fields.content(of: value), at: value.offset)
                } else {
                    // Another universal type (rare in names): still DER throughout.
                    _ = try ASN1Element(derNode: value, in: fields)
                }
                count += 1
            }
            guard count > 0 else { throw DERError(.missingElement(expected: .sequence), at: sequence.offset) }
        }
    }

    /// Whether `content`, a Name's content octets, is RDNs of exactly one attribute each, every
    /// length in one octet, each type a valid OBJECT IDENTIFIER and each value a character
    /// string valid for its type: the shape of nearly every Name, which ``validate(_:in:)``
    /// would accept. `false` says nothing (the reader then decides).
    @inline(__always)
    static func isUsualValidName(_ content: UnsafeRawBufferPointer) -> Bool {
        let count = content.count
        var i = 0
        while i < count {
            // SET (31) holding one SEQUENCE (30) { OBJECT IDENTIFIER (06), string }, exactly.
            guard count - i >= 2, content[i] == 0x31, content[i + 1] < 0x80 else { return false }
            let end = i + 2 + Int(content[i + 1])
            guard end <= count, end - i >= 6, content[i + 2] == 0x30, Int(content[i + 3]) == end - i - 4,
                content[i + 4] == 0x06
            else { return false }
            let oidLength = Int(content[i + 5])
            let oidStart = i + 6
            let valueAt = oidStart + oidLength
            guard oidLength < 0x80, end - valueAt >= 2, Int(content[valueAt + 1]) == end - valueAt - 2,
                let kind = ASN1CharacterString.Kind(usualTagOctet: content[valueAt])
            else { return false }
            do {
                try DERContentRules.checkObjectIdentifier(
                    UnsafeRawBufferPointer(rebasing: content[oidStart..<valueAt]), at: 0)
                try kind.validate(UnsafeRawBufferPointer(rebasing: content[(valueAt + 2)..<end]), at: 0)
            } catch {
                return false
            }
            i = end
        }
        return true
    }

    /// The Name that `node` (read by `reader` over `bytes`) is, validated, as a slice of `bytes`.
    init(node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) throws(DERError) {
        try Self.validate(node, in: reader)
        let start = bytes.startIndex
        self.derEncoded = bytes[(start + node.offset)..<(start + node.endOffset)]
    }

    /// The relative distinguished names, from the most significant (usually `C=`) down.
    public var relativeDistinguishedNames: [RelativeDistinguishedName] {
        let parsed: [RelativeDistinguishedName]? = try? DER.withReader(derEncoded) { reader throws(DERError) in
            var rdns: [RelativeDistinguishedName] = []
            var sequence = try reader.children(of: try reader.read(.sequence))
            while !sequence.isAtEnd {
                var attributes: [Attribute] = []
                try sequence.readSetOf { element, set throws(DERError) in
                    var fields = try set.children(of: element)
                    let type = try fields.decode(ASN1ObjectIdentifier.self)
                    let value = try fields.decode(ASN1Element.self)
                    attributes.append(Attribute(type: type, value: value))
                }
                rdns.append(RelativeDistinguishedName(attributes))
            }
            return rdns
        }
        return parsed ?? []
    }

    /// A Name from its DER encoding.
    public init(derEncoded bytes: [UInt8]) throws(DERError) {
        self = try DER.withReader(bytes) { reader throws(DERError) in
            let node = try reader.read(.sequence)
            try reader.finish()
            return try DistinguishedName(node: node, in: reader, bytes: bytes[...])
        }
    }

    /// A Name from RDNs (most significant first), encoded in DER.
    public init(_ rdns: [RelativeDistinguishedName]) {
        var writer = DERWriter()
        writer.writeSequence { sequence in
            for rdn in rdns { sequence.writeSetOf(rdn.attributes) }
        }
        self.derEncoded = writer.bytes[...]
    }

    /// Every attribute in order.
    public var attributes: [Attribute] { relativeDistinguishedNames.flatMap(\.attributes) }

    /// The string values of the attributes of `type`, in order.
    public func values(of type: ASN1ObjectIdentifier) -> [String] {
        attributes.filter { $0.type == type }.compactMap(\.stringValue)
    }

    /// The last common name, or `nil`.
    public var commonName: String? { values(of: .commonName).last }

    /// RFC 4514: the RDNs from the last to the first, joined by commas.
    public var description: String { relativeDistinguishedNames.reversed().map(\.description).joined(separator: ",") }

    /// Equal when the DER encodings are.
    public static func == (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool {
        lhs.derEncoded.elementsEqual(rhs.derEncoded)
    }

    /// Hashes the DER encoding.
    public func hash(into hasher: inout Hasher) {
        derEncoded.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static let shortNames: [ASN1ObjectIdentifier: String] = [
        .commonName: "CN", .localityName: "L", .stateOrProvinceName: "ST", .organizationName: "O",
        .organizationalUnitName: "OU", .countryName: "C", "2.5.4.9": "STREET", "0.9.2342.19200300.100.1.25": "DC",
        "0.9.2342.19200300.100.1.1": "UID",
    ]

    /// RFC 4514 §2.4 escaping.
    static func escape(_ value: String) -> String {
        var result = ""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case ",", "+", "\"", "\\", "<", ">", ";", "=": result += "\\\(scalar)"
            case "#" where index == 0: result += "\\#"
            case " " where index == 0 || index == scalars.count - 1: result += "\\ "
            case "\u{0}": result += "\\00"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension DistinguishedName.Attribute: DERSerializable {
    /// Writes `SEQUENCE { type, value }`.
    public func serialize(into writer: inout DERWriter) {
        writer.writeSequence { sequence in
            sequence.serialize(type)
            sequence.serialize(value)
        }
    }
}

extension DistinguishedName: DERSerializable {
    /// Writes the Name's DER.
    public func serialize(into writer: inout DERWriter) {
        writer.appendEncoded(derEncoded)
    }
}

extension ASN1ObjectIdentifier {
    /// commonName, 2.5.4.3
    public static let commonName: ASN1ObjectIdentifier = "2.5.4.3"
    /// countryName, 2.5.4.6
    public static let countryName: ASN1ObjectIdentifier = "2.5.4.6"
    /// localityName, 2.5.4.7
    public static let localityName: ASN1ObjectIdentifier = "2.5.4.7"
    /// stateOrProvinceName, 2.5.4.8
    public static let stateOrProvinceName: ASN1ObjectIdentifier = "2.5.4.8"
    /// organizationName, 2.5.4.10
    public static let organizationName: ASN1ObjectIdentifier = "2.5.4.10"
    /// organizationalUnitName, 2.5.4.11
    public static let organizationalUnitName: ASN1ObjectIdentifier = "2.5.4.11"
}
