import JPKIASN1

extension DistinguishedName {
    /// Whether the two names are the same name under RFC 5280 §7.1: the same RDNs in the same
    /// order, each with the same attributes, string values compared after RFC 4518's
    /// preparation as far as X.509 paths need it: case-insensitively, with leading, trailing
    /// and repeated inner white space insignificant, and whatever their string type
    /// (a PrintableString equals the UTF8String of the same text).
    ///
    /// Names whose encodings are equal match without further work (the common case: CAs copy
    /// their subject into the issuer field byte for byte); otherwise the two encodings are
    /// walked in place, without a copy for ASCII values.
    ///
    /// ```swift
    /// certificate.issuer.matches(caCertificate.subject)
    /// ```
    public func matches(_ other: DistinguishedName) -> Bool {
        if derEncoded.count == other.derEncoded.count, derEncoded.elementsEqual(other.derEncoded) { return true }
        return NameMatching.compare(derEncoded, other.derEncoded, prefix: false)
    }

    /// Whether this name lies in the directory subtree rooted at `base` (RFC 5280 §4.2.1.10):
    /// its first RDNs (from the most significant) match all of `base`'s, as ``matches(_:)``
    /// compares them. Every name is within the empty name.
    public func isWithin(subtree base: DistinguishedName) -> Bool {
        NameMatching.compare(base.derEncoded, derEncoded, prefix: true)
    }

    /// A text that every name ``matches(_:)`` finds equal to this one shares, for tables of
    /// names looked up by RFC 5280 §7.1 comparison: per RDN, its attributes' types and values
    /// (string values prepared as ``matches(_:)`` prepares them, other values in hexadecimal),
    /// sorted. Names with the same key may still differ: confirm with ``matches(_:)``.
    package var matchingKey: String {
        relativeDistinguishedNames.map { rdn in
            rdn.attributes.map { attribute in
                let value = attribute.value
                guard let kind = ASN1CharacterString.Kind(tag: value.tag) else {
                    return "\(attribute.type)=#\(Hex.encode(value.encoded))"
                }
                let text = kind.decode(value.encoded[value.headerLength...])
                return "\(attribute.type)=\(String(String.UnicodeScalarView(StringPreparation.prepared(text))))"
            }.sorted().joined(separator: "+")
        }.joined(separator: ",")
    }
}

/// RFC 5280 §7.1 comparison of names, over their DER.
enum NameMatching {
    /// Whether `a` equals `b` (or, with `prefix`, the first RDNs of `b`); `false` when either
    /// does not parse.
    static func compare(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, prefix: Bool) -> Bool {
        let outcome = try? DER.withReader(a) { first throws(DERError) -> Bool in
            try DER.withReader(b) { second throws(DERError) -> Bool in
                try compareNames(&first, &second, prefix: prefix)
            }
        }
        return outcome ?? false
    }

    private static func compareNames(_ a: inout DERReader, _ b: inout DERReader, prefix: Bool) throws(DERError)
        -> Bool
    {
        var left = try a.children(of: try a.read(.sequence))
        var right = try b.children(of: try b.read(.sequence))
        while let rdnA = try left.next() {
            guard let rdnB = try right.next() else { return false }
            guard try compareRDNs(rdnA, in: left, rdnB, in: right) else { return false }
        }
        return prefix || right.isAtEnd
    }

    /// Whether two RDNs (SETs) hold the same attributes, in any order.
    private static func compareRDNs(_ a: DERNode, in left: DERReader, _ b: DERNode, in right: DERReader)
        throws(DERError) -> Bool
    {
        var countA = 0
        var countB = 0
        var attributesA = try left.children(of: a)
        while try attributesA.next() != nil { countA += 1 }
        var attributesB = try right.children(of: b)
        while try attributesB.next() != nil { countB += 1 }
        guard countA == countB else { return false }
        attributesA = try left.children(of: a)
        while let attributeA = try attributesA.next() {
            var found = false
            attributesB = try right.children(of: b)
            while let attributeB = try attributesB.next() {
                if try compareAttributes(attributeA, in: attributesA, attributeB, in: attributesB) {
                    found = true
                    break
                }
            }
            guard found else { return false }
        }
        return true
    }

    /// Whether two AttributeTypeAndValue SEQUENCEs have the same type and matching values.
    private static func compareAttributes(
        _ a: DERNode, in left: DERReader, _ b: DERNode, in right: DERReader
    ) throws(DERError) -> Bool {
        var fieldsA = try left.children(of: a)
        var fieldsB = try right.children(of: b)
        let typeA = try fieldsA.read(.objectIdentifier)
        let typeB = try fieldsB.read(.objectIdentifier)
        guard same(fieldsA.content(of: typeA), fieldsB.content(of: typeB)) else { return false }
        let valueA = try fieldsA.readAny()
        let valueB = try fieldsB.readAny()
        if same(fieldsA.encoding(of: valueA), fieldsB.encoding(of: valueB)) { return true }
        guard let kindA = ASN1CharacterString.Kind(tag: valueA.tag),
            let kindB = ASN1CharacterString.Kind(tag: valueB.tag)
        else { return false }
        return StringPreparation.equal(fieldsA.content(of: valueA), kindA, fieldsB.content(of: valueB), kindB)
    }

    static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

/// The parts of RFC 4518's string preparation that X.509 name matching relies on: case
/// folding and insignificant white space.
enum StringPreparation {
    /// Kinds whose octets are ASCII characters when they are below 0x80.
    private static func isSingleOctet(_ kind: ASN1CharacterString.Kind) -> Bool {
        switch kind {
        case .utf8, .printable, .ia5, .visible, .numeric, .teletex: return true
        case .bmp, .universal: return false
        }
    }

    /// Whether two string values are equal once prepared.
    static func equal(
        _ a: UnsafeRawBufferPointer, _ kindA: ASN1CharacterString.Kind, _ b: UnsafeRawBufferPointer,
        _ kindB: ASN1CharacterString.Kind
    ) -> Bool {
        if isSingleOctet(kindA), isSingleOctet(kindB), a.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) {
            return equalASCII(a, b)
        }
        return prepared(kindA.decode(a)) == prepared(kindB.decode(b))
    }

    /// ASCII white space: space, and the controls RFC 4518 §2.2 maps to it.
    @inline(__always)
    private static func isSpace(_ octet: UInt8) -> Bool { octet == 0x20 || (0x09...0x0D).contains(octet) }

    @inline(__always)
    private static func lower(_ octet: UInt8) -> UInt8 { (0x41...0x5A).contains(octet) ? octet | 0x20 : octet }

    /// Compares two ASCII strings case-insensitively, spaces trimmed and runs of them folded.
    private static func equalASCII(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var i = a.startIndex
        var endA = a.endIndex
        var j = b.startIndex
        var endB = b.endIndex
        while i < endA, isSpace(a[i]) { i += 1 }
        while endA > i, isSpace(a[endA - 1]) { endA -= 1 }
        while j < endB, isSpace(b[j]) { j += 1 }
        while endB > j, isSpace(b[endB - 1]) { endB -= 1 }
        while i < endA && j < endB {
            let x = a[i]
            let y = b[j]
            if isSpace(x) || isSpace(y) {
                guard isSpace(x) && isSpace(y) else { return false }
                while i < endA, isSpace(a[i]) { i += 1 }
                while j < endB, isSpace(b[j]) { j += 1 }
                continue
            }
            guard lower(x) == lower(y) else { return false }
            i += 1
            j += 1
        }
        return i == endA && j == endB
    }

    /// Any text, lower-cased, white space trimmed and each run of it made one space.
    static func prepared(_ text: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return result
    }
}
