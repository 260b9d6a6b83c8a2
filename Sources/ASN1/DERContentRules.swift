/// The content rules of DER for each primitive universal type, checked on content octets.
///
/// ``check(_:content:at:)`` throws the ``DERError`` for the element at `offset` when `content`
/// breaks the rule of its type. The typed decoders and ``DER/validate(_:limits:)`` share the
/// same checks.
public enum DERContentRules {
    /// BOOLEAN: exactly one octet, `00` or `FF`.
    @inlinable
    package static func checkBoolean(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard content.count == 1, content[0] == 0x00 || content[0] == 0xFF else {
            throw DERError(.invalidBoolean, at: offset)
        }
    }

    /// INTEGER and ENUMERATED: at least one octet; the first nine bits neither all zero nor all
    /// one.
    @inlinable
    package static func checkInteger(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard content.count > 0 else { throw DERError(.emptyInteger, at: offset) }
        if content.count > 1 {
            let first = content[0]
            let secondHigh = content[1] & 0x80
            if (first == 0x00 && secondHigh == 0) || (first == 0xFF && secondHigh != 0) {
                throw DERError(.nonMinimalInteger, at: offset)
            }
        }
    }

    /// BIT STRING: an unused-bits octet 0…7, no unused bits without data, unused bits zero.
    @inlinable
    package static func checkBitString(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard content.count > 0 else { throw DERError(.invalidBitString, at: offset) }
        let unused = content[0]
        guard unused <= 7 else { throw DERError(.invalidBitString, at: offset) }
        if content.count == 1 {
            if unused != 0 { throw DERError(.invalidBitString, at: offset) }
        } else if unused > 0 {
            let mask = UInt8((1 << unused) - 1)
            if content[content.count - 1] & mask != 0 { throw DERError(.invalidBitString, at: offset) }
        }
    }

    /// NULL: no content.
    @inlinable
    package static func checkNull(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        if content.count != 0 { throw DERError(.invalidNull, at: offset) }
    }

    /// OBJECT IDENTIFIER: non-empty; no sub-identifier starts with `80`; the last octet ends a
    /// sub-identifier.
    @inlinable
    package static func checkObjectIdentifier(_ content: UnsafeRawBufferPointer, at offset: Int) throws(DERError) {
        guard content.count > 0, content[content.count - 1] & 0x80 == 0 else {
            throw DERError(.invalidObjectIdentifier, at: offset)
        }
        var startOfArc = true
        for octet in content {
            if startOfArc && octet == 0x80 { throw DERError(.invalidObjectIdentifier, at: offset) }
            startOfArc = octet & 0x80 == 0
        }
    }

    /// Checks the content of the primitive element `node` of a universal type by that type's
    /// rules (`content` is the node's content, valid during the call). Types without content
    /// rules (OCTET STRING, unknown types) pass.
    @inlinable
    package static func check(_ node: DERNode, content: UnsafeRawBufferPointer) throws(DERError) {
        guard node.tag.tagClass == .universal, !node.tag.isConstructed else { return }
        switch node.tag.number {
        case ASN1UniversalType.boolean.rawValue: try checkBoolean(content, at: node.offset)
        case ASN1UniversalType.integer.rawValue, ASN1UniversalType.enumerated.rawValue:
            try checkInteger(content, at: node.offset)
        case ASN1UniversalType.bitString.rawValue: try checkBitString(content, at: node.offset)
        case ASN1UniversalType.null.rawValue: try checkNull(content, at: node.offset)
        case ASN1UniversalType.objectIdentifier.rawValue: try checkObjectIdentifier(content, at: node.offset)
        case ASN1UniversalType.utcTime.rawValue, ASN1UniversalType.generalizedTime.rawValue:
            try ASN1Time.check(content, tag: node.tag, at: node.offset)
        default:
            if let kind = ASN1CharacterString.Kind(tag: node.tag) {
                try kind.validate(content, at: node.offset)
            }
        }
    }

    /// Checks `content`, the content octets of a primitive element with `tag`, by the rules of
    /// its universal type: BOOLEAN, INTEGER, ENUMERATED, BIT STRING, NULL, OBJECT IDENTIFIER,
    /// UTCTime, GeneralizedTime and the character strings. Other tags, constructed ones and
    /// those of other classes, pass.
    ///
    /// - Parameter offset: the element's offset, reported in the error.
    /// - Throws: the ``DERError`` of the rule broken, at `offset`.
    public static func check(_ tag: ASN1Tag, content: some Collection<UInt8>, at offset: Int = 0) throws(DERError) {
        try withContiguousBytes(content) { raw throws(DERError) in
            // The node only carries the tag and the offset to the rules (DER.walk's entry point).
            try check(DERNode(tag: tag, offset: offset, headerLength: 0, contentLength: raw.count), content: raw)
        }
    }
}

/// Calls `body` with the octets of `bytes` in contiguous memory, valid during the call: in place
/// when the collection stores them contiguously (arrays, slices), else from a copy.
@usableFromInline
func withContiguousBytes<Value, Failure: Error>(
    _ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Value
) throws(Failure) -> Value {
    func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Value, Failure> {
        do throws(Failure) {
            return .success(try body(UnsafeRawBufferPointer(buffer)))
        } catch {
            return .failure(error)
        }
    }
    if let outcome = bytes.withContiguousStorageIfAvailable(run) { return try outcome.get() }
    return try Array(bytes).withUnsafeBufferPointer(run).get()
}
