// Every rule of DER the reader enforces, each fed a minimal encoding that breaks it, with the
// exact rule and offset expected. Offsets are those of the offending element's first identifier
// octet (for trailing data: the first trailing octet), counted from the start of the input.

import JPKIASN1
import Testing

// MARK: Helpers

/// `30 len 05 00 <element>`: the element under test starts at offset 4, so a wrong offset in an
/// error cannot pass for the right one by accident.
private func afterNull(_ element: [UInt8]) -> [UInt8] {
    precondition(element.count + 2 < 0x80)
    return [0x30, UInt8(element.count + 2), 0x05, 0x00] + element
}

/// A primitive element of `tag` whose content is the ASCII `text`.
private func textElement(_ tag: UInt8, _ text: String) -> [UInt8] {
    let content = Array(text.utf8)
    precondition(content.count < 0x80)
    return [tag, UInt8(content.count)] + content
}

/// Expects `DER.validate` to reject `bytes` with `rule` at `offset`.
private func expectRejected(
    _ bytes: [UInt8], _ rule: DERError.Rule, at offset: Int, limits: DERLimits = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: DERError(rule, at: offset), sourceLocation: sourceLocation) {
        try DER.validate(bytes, limits: limits)
    }
}

/// Expects a content-rule violation in `element` to be caught both by `DER.validate` and by the
/// typed decoder `type`, at the element's offset (4, after a NULL inside a SEQUENCE).
private func expectContentRejected<Value: DERParseable>(
    _ element: [UInt8], _ rule: DERError.Rule, decodingAs type: Value.Type,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let input = afterNull(element)
    #expect(throws: DERError(rule, at: 4), "DER.validate", sourceLocation: sourceLocation) {
        try DER.validate(input)
    }
    #expect(throws: DERError(rule, at: 4), "decoder", sourceLocation: sourceLocation) {
        try DER.withReader(input) { reader throws(DERError) in
            try reader.readSequence { sequence throws(DERError) in
                _ = try sequence.read(.null)
                _ = try sequence.decode(Value.self)
            }
        }
    }
}

/// Expects `element` to be accepted by `DER.validate` and by the typed decoder.
private func expectContentAccepted<Value: DERParseable>(
    _ element: [UInt8], decodingAs type: Value.Type, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: Never.self, sourceLocation: sourceLocation) { try DER.validate(element) }
    #expect(throws: Never.self, sourceLocation: sourceLocation) { try DER.parse(Value.self, from: element) }
}

// MARK: Identifier and length octets

@Suite("DER header rules")
struct DERHeaderRuleTests {
    @Test func emptyInputIsTruncated() {
        expectRejected([], .truncated, at: 0)
    }

    @Test func truncatedHeader() {
        expectRejected([0x30], .truncated, at: 0)  // no length octet
        expectRejected([0x1F], .truncated, at: 0)  // high tag number form, no number
        expectRejected([0x9F, 0x81], .truncated, at: 0)  // tag number continues past the end
        expectRejected([0x04, 0x81], .truncated, at: 0)  // long form, no length octets
        expectRejected([0x04, 0x82, 0x01], .truncated, at: 0)  // long form, one of two length octets
    }

    @Test func truncatedContent() {
        expectRejected([0x04, 0x02, 0x41], .truncated, at: 0)
        expectRejected([0x30, 0x03, 0x05, 0x00], .truncated, at: 0)
        expectRejected([0x04, 0x81, 0x80] + [UInt8](repeating: 0x41, count: 127), .truncated, at: 0)
    }

    @Test func truncatedInsideNestedElementGivesThatElementsOffset() {
        // 30 05 { 05 00, 04 02 41 }: the SEQUENCE is complete, the OCTET STRING at 4 is not.
        expectRejected([0x30, 0x05, 0x05, 0x00, 0x04, 0x02, 0x41], .truncated, at: 4)
        // Two levels down: 30 06 { 30 04 { 05 00, 04 05 } }, the OCTET STRING at 6.
        expectRejected([0x30, 0x06, 0x30, 0x04, 0x05, 0x00, 0x04, 0x05], .truncated, at: 6)
        // A header cut by its parent's end: 30 03 { 05 00, 04 }.
        expectRejected([0x30, 0x03, 0x05, 0x00, 0x04], .truncated, at: 4)
    }

    @Test func indefiniteLength() {
        expectRejected([0x30, 0x80, 0x00, 0x00], .indefiniteLength, at: 0)
        expectRejected([0x30, 0x80], .indefiniteLength, at: 0)
        expectRejected(afterNull([0x30, 0x80]), .indefiniteLength, at: 4)
    }

    @Test func nonMinimalLength() {
        // 81 05: the short form fits.
        expectRejected([0x04, 0x81, 0x05, 0x41, 0x42, 0x43, 0x44, 0x45], .nonMinimalLength, at: 0)
        // 81 7F: the largest length that still fits the short form.
        expectRejected([0x04, 0x81, 0x7F] + [UInt8](repeating: 0x41, count: 127), .nonMinimalLength, at: 0)
        // 82 00 80: a leading zero length octet.
        expectRejected([0x04, 0x82, 0x00, 0x80] + [UInt8](repeating: 0x41, count: 128), .nonMinimalLength, at: 0)
        expectRejected(afterNull([0x04, 0x81, 0x01, 0x41]), .nonMinimalLength, at: 4)
    }

    @Test func minimalLongLengthsAreAccepted() throws {
        #expect(try DER.validate([0x04, 0x81, 0x80] + [UInt8](repeating: 0x41, count: 128)) == 1)
        #expect(try DER.validate([0x04, 0x82, 0x01, 0x00] + [UInt8](repeating: 0x41, count: 256)) == 1)
    }

    @Test func invalidLength() {
        expectRejected([0x04, 0xFF], .invalidLength, at: 0)
        expectRejected(afterNull([0x04, 0xFF]), .invalidLength, at: 4)
        // Eight length octets: more than a length that fits in memory.
        expectRejected([0x04, 0x88, 0x01, 0, 0, 0, 0, 0, 0, 0], .invalidLength, at: 0)
    }

    @Test func nonMinimalHighTagNumber() {
        // 1F 05: tag number 5 fits the low form.
        expectRejected([0x1F, 0x05, 0x00], .nonMinimalTagNumber, at: 0)
        // 1F 1E: 30 is the largest number of the low form.
        expectRejected([0x9F, 0x1E, 0x00], .nonMinimalTagNumber, at: 0)
        // 1F 80 1F: a leading 80 octet in the tag number.
        expectRejected([0x1F, 0x80, 0x1F, 0x00], .nonMinimalTagNumber, at: 0)
        expectRejected([0x9F, 0x80, 0x81, 0x00, 0x00], .nonMinimalTagNumber, at: 0)
        expectRejected(afterNull([0xBF, 0x80, 0x1F, 0x00]), .nonMinimalTagNumber, at: 4)
    }

    @Test func smallestHighTagNumberIsAccepted() throws {
        // [31]: 9F 1F, the first number that needs the high form.
        let node = try DER.withReader([0x9F, 0x1F, 0x00]) { reader throws(DERError) in try reader.readAny() }
        #expect(node.tag == .contextSpecific(31, constructed: false))
        #expect(node.headerLength == 3)
    }

    @Test func tagNumberTooLarge() {
        // 2^32: 1F 90 80 80 80 00.
        expectRejected([0x9F, 0x90, 0x80, 0x80, 0x80, 0x00, 0x00], .tagNumberTooLarge, at: 0)
        expectRejected(afterNull([0x9F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00]), .tagNumberTooLarge, at: 4)
    }

    @Test func largestTagNumberIsAccepted() throws {
        // 2^32 − 1: 1F 8F FF FF FF 7F.
        let node = try DER.withReader([0x9F, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x00]) { reader throws(DERError) in
            try reader.readAny()
        }
        #expect(node.tag == .contextSpecific(UInt32.max, constructed: false))
    }

    @Test func endOfContentsTag() {
        expectRejected([0x00, 0x00], .endOfContentsTag, at: 0)
        expectRejected([0x30, 0x02, 0x00, 0x00], .endOfContentsTag, at: 2)
        expectRejected(afterNull([0x00, 0x00]), .endOfContentsTag, at: 4)
    }

    @Test(
        "universal types DER requires primitive, encoded constructed",
        arguments: [
            0x21,  // BOOLEAN
            0x22,  // INTEGER
            0x23,  // BIT STRING
            0x24,  // OCTET STRING
            0x25,  // NULL
            0x26,  // OBJECT IDENTIFIER
            0x2A,  // ENUMERATED
            0x2C,  // UTF8String
            0x33,  // PrintableString
            0x36,  // IA5String
            0x37,  // UTCTime
            0x38,  // GeneralizedTime
            0x3E,  // BMPString
        ] as [UInt8])
    func constructedPrimitiveType(identifier: UInt8) {
        expectRejected([identifier, 0x00], .wrongConstructedBit, at: 0)
        expectRejected(afterNull([identifier, 0x00]), .wrongConstructedBit, at: 4)
    }

    @Test func constructedStringWithSegmentsIsRejected() {
        // The BER constructed form of an OCTET STRING: 24 06 { 04 01 41, 04 01 42 }.
        expectRejected([0x24, 0x06, 0x04, 0x01, 0x41, 0x04, 0x01, 0x42], .wrongConstructedBit, at: 0)
    }

    @Test func primitiveSequenceAndSet() {
        expectRejected([0x10, 0x00], .wrongConstructedBit, at: 0)
        expectRejected([0x11, 0x00], .wrongConstructedBit, at: 0)
        expectRejected(afterNull([0x10, 0x00]), .wrongConstructedBit, at: 4)
    }

    @Test func otherClassesMayBeEitherForm() throws {
        // [0] primitive and constructed, [APPLICATION 1], [PRIVATE 2].
        #expect(try DER.validate([0x30, 0x08, 0x80, 0x00, 0xA0, 0x00, 0x61, 0x00, 0xC2, 0x00]) == 5)
    }
}

// MARK: Trailing data, limits

@Suite("DER structure and limits")
struct DERStructureTests {
    @Test func trailingDataAfterOuterElement() {
        expectRejected([0x05, 0x00, 0x00], .trailingData, at: 2)
        expectRejected([0x30, 0x00, 0x30, 0x00], .trailingData, at: 2)
        #expect(throws: DERError(.trailingData, at: 2)) {
            try DER.parse(ASN1Null.self, from: [0x05, 0x00, 0x05, 0x00])
        }
        #expect(throws: DERError(.trailingData, at: 3)) {
            try ASN1Element(encoded: [0x02, 0x01, 0x05, 0xFF])
        }
    }

    @Test func trailingDataInsideSequenceLeftUnread() {
        // 30 06 { 02 01 01, 02 01 02 }: the body reads the first INTEGER only.
        let input: [UInt8] = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]
        #expect(throws: DERError(.trailingData, at: 5)) {
            try DER.withReader(input) { reader throws(DERError) in
                try reader.readSequence { sequence throws(DERError) in try sequence.readInteger(as: Int.self) }
            }
        }
        // Reading both is fine.
        #expect(throws: Never.self) {
            try DER.withReader(input) { reader throws(DERError) in
                try reader.readSequence { sequence throws(DERError) in
                    #expect(try sequence.readInteger(as: Int.self) == 1)
                    #expect(try sequence.readInteger(as: Int.self) == 2)
                }
            }
        }
    }

    @Test func finishReportsFirstUnreadElement() {
        #expect(throws: DERError(.trailingData, at: 2)) {
            try DER.withReader([0x05, 0x00, 0x02, 0x01, 0x00]) { reader throws(DERError) in
                _ = try reader.read(.null)
                try reader.finish()
            }
        }
    }

    @Test func depthLimit() throws {
        // 30 04 { 30 02 { 05 00 } }: the NULL at offset 4 is at depth 2.
        let nested: [UInt8] = [0x30, 0x04, 0x30, 0x02, 0x05, 0x00]
        expectRejected(nested, .depthLimitExceeded(limit: 1), at: 4, limits: DERLimits(maximumDepth: 1))
        expectRejected(nested, .depthLimitExceeded(limit: 0), at: 2, limits: DERLimits(maximumDepth: 0))
        #expect(try DER.validate(nested, limits: DERLimits(maximumDepth: 2)) == 3)
    }

    @Test func emptyElementAtTheDeepestLevelIsWithinTheLimit() throws {
        // SEQUENCE { SEQUENCE {} }: the inner one is at depth 1 and nests nothing.
        let bytes: [UInt8] = [0x30, 0x02, 0x30, 0x00]
        #expect(try DER.validate(bytes, limits: DERLimits(maximumDepth: 1)) == 2)
        // With content, the same shape goes one level deeper and is refused.
        let deeper: [UInt8] = [0x30, 0x04, 0x30, 0x02, 0x05, 0x00]
        expectRejected(deeper, .depthLimitExceeded(limit: 1), at: 4, limits: DERLimits(maximumDepth: 1))
        try DER.withReader(bytes, limits: DERLimits(maximumDepth: 1)) { reader throws(DERError) in
            var outer = try reader.children(of: try reader.read(.sequence))
            let inner = try outer.read(.sequence)
            #expect(try outer.children(of: inner).isAtEnd)
        }
    }

    @Test func depthLimitOnChildrenAndEncapsulated() {
        #expect(throws: DERError(.depthLimitExceeded(limit: 0), at: 2)) {
            try DER.withReader([0x30, 0x02, 0x05, 0x00], limits: DERLimits(maximumDepth: 0)) {
                reader throws(DERError) in
                let node = try reader.read(.sequence)
                _ = try reader.children(of: node)
            }
        }
        // An OCTET STRING encapsulating DER counts as one more level.
        #expect(throws: DERError(.depthLimitExceeded(limit: 0), at: 2)) {
            try DER.withReader([0x04, 0x02, 0x05, 0x00], limits: DERLimits(maximumDepth: 0)) {
                reader throws(DERError) in
                let node = try reader.read(.octetString)
                _ = try reader.encapsulated(in: node)
            }
        }
    }

    @Test func deepNestingUnderDefaultLimit() throws {
        // 65 nested SEQUENCEs: depths 0…64 pass the default limit of 64, 66 do not.
        func nest(_ levels: Int) -> [UInt8] {
            var bytes: [UInt8] = [0x05, 0x00]
            for _ in 0..<levels {
                let length = bytes.count
                bytes = (length < 0x80 ? [0x30, UInt8(length)] : [0x30, 0x81, UInt8(length)]) + bytes
            }
            return bytes
        }
        #expect(DERLimits.default.maximumDepth == 64)
        #expect(try DER.validate(nest(64)) == 65)
        // The NULL, at depth 65, is the last two octets.
        let tooDeep = nest(65)
        expectRejected(tooDeep, .depthLimitExceeded(limit: 64), at: tooDeep.count - 2)
    }

    @Test func sizeLimit() throws {
        let input: [UInt8] = [0x04, 0x02, 0x41, 0x42]
        expectRejected(input, .sizeLimitExceeded(limit: 3), at: 0, limits: DERLimits(maximumSize: 3))
        #expect(try DER.validate(input, limits: DERLimits(maximumSize: 4)) == 1)
        #expect(throws: DERError(.sizeLimitExceeded(limit: 3), at: 0)) {
            try DER.parse(ASN1OctetString.self, from: input, limits: DERLimits(maximumSize: 3))
        }
    }

    @Test func unexpectedTagFromRead() {
        #expect(throws: DERError(.unexpectedTag(expected: .integer, found: .null), at: 4)) {
            try DER.withReader(afterNull([0x05, 0x00])) { reader throws(DERError) in
                try reader.readSequence { sequence throws(DERError) in
                    _ = try sequence.read(.null)
                    _ = try sequence.read(.integer)
                }
            }
        }
        // A constructed [0] is not a primitive [0].
        let explicit = ASN1Tag.contextSpecific(0, constructed: true)
        let implicit = ASN1Tag.contextSpecific(0, constructed: false)
        #expect(throws: DERError(.unexpectedTag(expected: implicit, found: explicit), at: 0)) {
            try DER.withReader([0xA0, 0x00]) { reader throws(DERError) in _ = try reader.read(implicit) }
        }
    }

    @Test func missingElementFromRead() {
        // 30 02 { 05 00 }, then an INTEGER expected at offset 4, the end of the SEQUENCE.
        #expect(throws: DERError(.missingElement(expected: .integer), at: 4)) {
            try DER.withReader([0x30, 0x02, 0x05, 0x00]) { reader throws(DERError) in
                try reader.readSequence { sequence throws(DERError) in
                    _ = try sequence.read(.null)
                    _ = try sequence.read(.integer)
                }
            }
        }
        #expect(throws: DERError(.missingElement(expected: .sequence), at: 0)) {
            try DER.withReader([]) { reader throws(DERError) in _ = try reader.read(.sequence) }
        }
    }

    @Test func readIfPresentLeavesReaderOnMismatch() throws {
        let integer = try DER.withReader([0x02, 0x01, 0x07]) { reader throws(DERError) in
            #expect(try reader.readIfPresent(.null) == nil)
            #expect(reader.offset == 0)
            return try reader.readInteger(as: Int.self)
        }
        #expect(integer == 7)
    }

    @Test func setOfNotSorted() {
        // 31 06 { 02 01 02, 02 01 01 }: the second element, at offset 5, sorts before the first.
        let unsorted: [UInt8] = [0x31, 0x06, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01]
        #expect(throws: DERError(.setOfNotSorted, at: 5)) {
            try DER.withReader(unsorted) { reader throws(DERError) in try reader.readSetOf { _, _ throws(DERError) in }
            }
        }
        // Order is by encoding, not by value: 256 (02 02 01 00) sorts after 5 (02 01 05).
        let byValue: [UInt8] = [0x31, 0x07, 0x02, 0x01, 0x05, 0x02, 0x02, 0x01, 0x00]
        let byEncoding: [UInt8] = [0x31, 0x07, 0x02, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05]
        #expect(throws: Never.self) {
            try DER.withReader(byValue) { reader throws(DERError) in try reader.readSetOf { _, _ throws(DERError) in } }
        }
        #expect(throws: DERError(.setOfNotSorted, at: 6)) {
            try DER.withReader(byEncoding) { reader throws(DERError) in
                try reader.readSetOf { _, _ throws(DERError) in }
            }
        }
    }

    @Test func setOfAcceptsEqualElementsAndVisitsEach() throws {
        let set: [UInt8] = [0x31, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x03]
        var values: [Int] = []
        try DER.withReader(set) { reader throws(DERError) in
            try reader.readSetOf { node, inner throws(DERError) in values.append(try inner.integer(node, as: Int.self))
            }
        }
        #expect(values == [1, 1, 3])
    }
}

// MARK: Content rules of primitive types

@Suite("DER content rules")
struct DERContentRuleTests {
    @Test func nonMinimalInteger() {
        expectContentRejected([0x02, 0x02, 0x00, 0x7F], .nonMinimalInteger, decodingAs: Int.self)
        expectContentRejected([0x02, 0x02, 0xFF, 0x80], .nonMinimalInteger, decodingAs: Int.self)
        expectContentRejected([0x02, 0x03, 0x00, 0x00, 0x80], .nonMinimalInteger, decodingAs: ASN1Integer.self)
        expectContentRejected([0x02, 0x02, 0x00, 0x00], .nonMinimalInteger, decodingAs: ASN1Integer.self)
        // ENUMERATED follows the same rule.
        expectRejected(afterNull([0x0A, 0x02, 0x00, 0x01]), .nonMinimalInteger, at: 4)
    }

    @Test func minimalIntegersWithSignOctetAreAccepted() {
        expectContentAccepted([0x02, 0x02, 0x00, 0x80], decodingAs: Int.self)
        expectContentAccepted([0x02, 0x02, 0xFF, 0x7F], decodingAs: Int.self)
        expectContentAccepted([0x02, 0x01, 0x00], decodingAs: ASN1Integer.self)
        expectContentAccepted([0x02, 0x01, 0xFF], decodingAs: ASN1Integer.self)
    }

    @Test func emptyInteger() {
        expectContentRejected([0x02, 0x00], .emptyInteger, decodingAs: Int.self)
        expectContentRejected([0x02, 0x00], .emptyInteger, decodingAs: ASN1Integer.self)
        expectRejected(afterNull([0x0A, 0x00]), .emptyInteger, at: 4)
    }

    @Test func booleanNotZeroOrFF() {
        expectContentRejected([0x01, 0x01, 0x01], .invalidBoolean, decodingAs: Bool.self)
        expectContentRejected([0x01, 0x01, 0x7F], .invalidBoolean, decodingAs: Bool.self)
        expectContentRejected([0x01, 0x01, 0xFE], .invalidBoolean, decodingAs: Bool.self)
    }

    @Test func booleanWrongLength() {
        expectContentRejected([0x01, 0x00], .invalidBoolean, decodingAs: Bool.self)
        expectContentRejected([0x01, 0x02, 0xFF, 0xFF], .invalidBoolean, decodingAs: Bool.self)
        expectContentRejected([0x01, 0x02, 0x00, 0x00], .invalidBoolean, decodingAs: Bool.self)
    }

    @Test func nullWithContent() {
        expectContentRejected([0x05, 0x01, 0x00], .invalidNull, decodingAs: ASN1Null.self)
    }

    @Test func bitStringEmpty() {
        expectContentRejected([0x03, 0x00], .invalidBitString, decodingAs: ASN1BitString.self)
    }

    @Test func bitStringUnusedAboveSeven() {
        expectContentRejected([0x03, 0x02, 0x08, 0x00], .invalidBitString, decodingAs: ASN1BitString.self)
        expectContentRejected([0x03, 0x02, 0xFF, 0x00], .invalidBitString, decodingAs: ASN1BitString.self)
    }

    @Test func bitStringUnusedBitsWithoutData() {
        expectContentRejected([0x03, 0x01, 0x01], .invalidBitString, decodingAs: ASN1BitString.self)
        expectContentRejected([0x03, 0x01, 0x07], .invalidBitString, decodingAs: ASN1BitString.self)
    }

    @Test func bitStringNonZeroUnusedBits() {
        expectContentRejected([0x03, 0x02, 0x01, 0x01], .invalidBitString, decodingAs: ASN1BitString.self)
        expectContentRejected([0x03, 0x02, 0x07, 0xC0], .invalidBitString, decodingAs: ASN1BitString.self)
        expectContentRejected([0x03, 0x03, 0x04, 0xFF, 0x08], .invalidBitString, decodingAs: ASN1BitString.self)
    }

    @Test func validBitStringsAreAccepted() {
        expectContentAccepted([0x03, 0x01, 0x00], decodingAs: ASN1BitString.self)
        expectContentAccepted([0x03, 0x02, 0x07, 0x80], decodingAs: ASN1BitString.self)
        expectContentAccepted([0x03, 0x03, 0x04, 0xFF, 0xF0], decodingAs: ASN1BitString.self)
    }

    @Test func objectIdentifierEmpty() {
        expectContentRejected([0x06, 0x00], .invalidObjectIdentifier, decodingAs: ASN1ObjectIdentifier.self)
    }

    @Test func objectIdentifierLeading80() {
        expectContentRejected(
            [0x06, 0x02, 0x80, 0x01], .invalidObjectIdentifier, decodingAs: ASN1ObjectIdentifier.self)
        // In a later arc: 1.2 then 80 01.
        expectContentRejected(
            [0x06, 0x03, 0x2A, 0x80, 0x01], .invalidObjectIdentifier, decodingAs: ASN1ObjectIdentifier.self)
    }

    @Test func objectIdentifierTruncatedArc() {
        expectContentRejected([0x06, 0x01, 0x81], .invalidObjectIdentifier, decodingAs: ASN1ObjectIdentifier.self)
        expectContentRejected(
            [0x06, 0x03, 0x2A, 0x86, 0xC8], .invalidObjectIdentifier, decodingAs: ASN1ObjectIdentifier.self)
    }

    @Test func objectIdentifierWithAnArcOf80InsideIsAccepted() {
        // 1.2.840 is 2A 86 48; 2.5.4.128 ends with 81 00 (an 80 octet that is not leading is fine).
        expectContentAccepted([0x06, 0x03, 0x2A, 0x86, 0x48], decodingAs: ASN1ObjectIdentifier.self)
        expectContentAccepted([0x06, 0x04, 0x55, 0x04, 0x81, 0x00], decodingAs: ASN1ObjectIdentifier.self)
        // 2.5.4.16384: 81 80 00, an 80 octet inside an arc.
        expectContentAccepted([0x06, 0x05, 0x55, 0x04, 0x81, 0x80, 0x00], decodingAs: ASN1ObjectIdentifier.self)
    }
}

// MARK: Times

@Suite("DER time forms")
struct DERTimeRuleTests {
    private func expectUTCTimeRejected(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectContentRejected(
            textElement(0x17, text), .invalidTime, decodingAs: ASN1Time.self, sourceLocation: sourceLocation)
    }

    private func expectGeneralizedTimeRejected(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectContentRejected(
            textElement(0x18, text), .invalidTime, decodingAs: ASN1Time.self, sourceLocation: sourceLocation)
    }

    @Test func utcTimeWrongLength() {
        expectUTCTimeRejected("2501011200Z")  // seconds omitted (BER allows it, DER does not)
        expectUTCTimeRejected("25010112000Z")
        expectUTCTimeRejected("2501011200000Z")
        expectUTCTimeRejected("")
    }

    @Test func utcTimeMissingZ() {
        expectUTCTimeRejected("2501011200000")
        expectUTCTimeRejected("250101120000z")
        expectUTCTimeRejected("250101120000")
    }

    @Test func utcTimeNonDigit() {
        expectUTCTimeRejected("25O101120000Z")
        expectUTCTimeRejected("2501 1120000Z")
        expectUTCTimeRejected("25010112000AZ")
        expectUTCTimeRejected("-50101120000Z")
    }

    @Test func utcTimeImpossibleDates() {
        expectUTCTimeRejected("251301120000Z")  // month 13
        expectUTCTimeRejected("250001120000Z")  // month 0
        expectUTCTimeRejected("250100120000Z")  // day 0
        expectUTCTimeRejected("250230120000Z")  // 30 February
        expectUTCTimeRejected("250431120000Z")  // 31 April
        expectUTCTimeRejected("250229120000Z")  // 29 February 2025, not a leap year
        expectUTCTimeRejected("250101240000Z")  // hour 24
        expectUTCTimeRejected("250101126000Z")  // minute 60
    }

    @Test func utcTimeLeapDaysAccepted() {
        expectContentAccepted(textElement(0x17, "240229120000Z"), decodingAs: ASN1Time.self)
        expectContentAccepted(textElement(0x17, "000229000000Z"), decodingAs: ASN1Time.self)  // 2000: /400
    }

    @Test func utcTimeWithTimeZoneOffsetRejected() {
        expectUTCTimeRejected("250101120000+0900")
        expectUTCTimeRejected("2501011200+0900")
        expectUTCTimeRejected("250101120000-0000")
    }

    @Test func generalizedTimeFractionWithTrailingZero() {
        expectGeneralizedTimeRejected("20250101120000.50Z")
        expectGeneralizedTimeRejected("20250101120000.0Z")
    }

    @Test func generalizedTimeDotWithoutDigits() {
        expectGeneralizedTimeRejected("20250101120000.Z")
    }

    @Test func generalizedTimeCommaInsteadOfDot() {
        expectGeneralizedTimeRejected("20250101120000,5Z")
    }

    @Test func generalizedTimeWithoutZ() {
        expectGeneralizedTimeRejected("20250101120000")
        expectGeneralizedTimeRejected("20250101120000.5")
        expectGeneralizedTimeRejected("20250101120000+0900")
    }

    @Test func generalizedTimeOtherViolations() {
        expectGeneralizedTimeRejected("202501011200Z")  // no seconds
        expectGeneralizedTimeRejected("20250101120000.5aZ")  // non-digit fraction
        expectGeneralizedTimeRejected("21000229000000Z")  // 2100 is not a leap year
        expectGeneralizedTimeRejected("20251301000000Z")
    }

    @Test func generalizedTimeValidFractionAccepted() throws {
        expectContentAccepted(textElement(0x18, "20250101120000.5Z"), decodingAs: ASN1Time.self)
        let time = try DER.parse(ASN1Time.self, from: textElement(0x18, "20250101120000.125Z"))
        #expect(time.fractionDigits == "125")
        #expect(time.second == 0)
        #expect(time.form == .generalizedTime)
    }
}

// MARK: Character strings

@Suite("DER character sets")
struct DERStringRuleTests {
    private func expectStringRejected(
        _ element: [UInt8], _ tag: ASN1Tag, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectContentRejected(
            element, .invalidString(tag), decodingAs: ASN1CharacterString.self, sourceLocation: sourceLocation)
    }

    @Test func printableStringOutsideSet() {
        expectStringRejected(textElement(0x13, "a*b"), .printableString)
        expectStringRejected(textElement(0x13, "user@example"), .printableString)
        expectStringRejected(textElement(0x13, "a_b"), .printableString)
        expectStringRejected(textElement(0x13, "a&b"), .printableString)
    }

    @Test func printableStringFullSetAccepted() {
        let all = "ABCXYZ abcxyz 0189 '()+,-./:=?"
        expectContentAccepted(textElement(0x13, all), decodingAs: ASN1CharacterString.self)
    }

    @Test func ia5AboveHex7F() {
        expectStringRejected([0x16, 0x02, 0x41, 0x80], .ia5String)
        expectContentAccepted([0x16, 0x02, 0x00, 0x7F], decodingAs: ASN1CharacterString.self)
    }

    @Test func visibleStringControlCharacter() {
        expectStringRejected([0x1A, 0x02, 0x41, 0x0A], .visibleString)
        expectStringRejected([0x1A, 0x01, 0x7F], .visibleString)
        expectStringRejected([0x1A, 0x01, 0x1F], .visibleString)
    }

    @Test func numericStringLetter() {
        expectStringRejected(textElement(0x12, "12A4"), .numericString)
        expectStringRejected(textElement(0x12, "1-2"), .numericString)
        expectContentAccepted(textElement(0x12, "0123 456789"), decodingAs: ASN1CharacterString.self)
    }

    @Test func badUTF8() {
        expectStringRejected([0x0C, 0x01, 0xFF], .utf8String)
        expectStringRejected([0x0C, 0x02, 0xC0, 0x80], .utf8String)  // overlong NUL
        expectStringRejected([0x0C, 0x03, 0xED, 0xA0, 0x80], .utf8String)  // encoded surrogate
        expectStringRejected([0x0C, 0x02, 0xE3, 0x81], .utf8String)  // truncated sequence
        expectStringRejected([0x0C, 0x01, 0x80], .utf8String)  // lone continuation octet
    }

    @Test func characterSetsOctetByOctet() {
        // Each one-octet string of each type, against the sets of X.680 (TeletexString is read as
        // ISO 8859-1, so every octet passes).
        let printable = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?".utf8)
        let sets: [(tag: UInt8, allows: (UInt8) -> Bool)] = [
            (0x13, { printable.contains($0) }),
            (0x16, { $0 < 0x80 }),
            (0x1A, { (0x20...0x7E).contains($0) }),
            (0x12, { $0 == 0x20 || (0x30...0x39).contains($0) }),
            (0x0C, { $0 < 0x80 }),  // one octet is UTF-8 only when it is ASCII
            (0x14, { _ in true }),
        ]
        for (tag, allows) in sets {
            for value in 0...255 {
                let octet = UInt8(value)
                let accepted = (try? DER.validate([tag, 0x01, octet])) != nil
                #expect(accepted == allows(octet), "tag \(tag), octet \(octet)")
            }
        }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 15, 16, 23])
    func invalidOctetAtAnyPosition(position: Int) {
        func string(_ tag: UInt8, filler: Character, bad: UInt8) -> [UInt8] {
            var content = [UInt8](repeating: filler.asciiValue!, count: 24)
            content[position] = bad
            return [tag, UInt8(content.count)] + content
        }
        expectStringRejected(string(0x13, filler: "A", bad: 0x2A), .printableString)
        expectStringRejected(string(0x13, filler: "A", bad: 0xC1), .printableString)
        expectStringRejected(string(0x16, filler: "A", bad: 0x80), .ia5String)
        expectStringRejected(string(0x1A, filler: "A", bad: 0x7F), .visibleString)
        expectStringRejected(string(0x12, filler: "1", bad: 0x41), .numericString)
        expectStringRejected(string(0x0C, filler: "A", bad: 0xFF), .utf8String)
        expectStringRejected(string(0x0C, filler: "A", bad: 0x80), .utf8String)
    }

    @Test func utf8AfterLongASCIIRun() {
        let ascii = Array("ABCDEFGHIJKLMNOPQ".utf8)
        expectContentAccepted([0x0C, 0x1A] + ascii + Array("日本語".utf8), decodingAs: ASN1CharacterString.self)
        expectStringRejected([0x0C, 0x19] + ascii + Array("日本".utf8) + [0xC0, 0x80], .utf8String)
        expectStringRejected([0x0C, 0x13] + ascii + [0xE3, 0x81], .utf8String)
        expectStringRejected([0x0C, 0x14] + ascii + [0xE6, 0x97, 0x41], .utf8String)  // "日" cut by an "A"
    }

    @Test func bmpStringOddLength() {
        expectStringRejected([0x1E, 0x03, 0x00, 0x41, 0x00], .bmpString)
    }

    @Test func bmpStringSurrogate() {
        expectStringRejected([0x1E, 0x04, 0xD8, 0x3D, 0xDE, 0x00], .bmpString)
        expectStringRejected([0x1E, 0x02, 0xDF, 0xFF], .bmpString)
    }

    @Test func universalStringLength() {
        expectStringRejected([0x1C, 0x03, 0x00, 0x00, 0x41], .universalString)
        expectStringRejected([0x1C, 0x05, 0x00, 0x00, 0x00, 0x41, 0x00], .universalString)
    }

    @Test func universalStringNotAScalar() {
        expectStringRejected([0x1C, 0x04, 0x00, 0x00, 0xD8, 0x00], .universalString)
        expectStringRejected([0x1C, 0x04, 0x00, 0x11, 0x00, 0x00], .universalString)
    }
}
