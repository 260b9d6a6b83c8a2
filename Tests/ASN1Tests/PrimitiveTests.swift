// The primitive types: decoding, checked conversions, encoding, and the DER writer. Expected
// encodings come from X.690 (minimal two's complement, minimal lengths, high tag numbers, SET OF
// order) and from well-known identifiers; expected instants from the Gregorian calendar.

import JPKIASN1
import Testing

// MARK: Helpers

/// The DER encoding of `value`.
private func encoded(_ value: some DERSerializable) -> [UInt8] {
    var writer = DERWriter()
    value.serialize(into: &writer)
    return writer.bytes
}

/// Reads an INTEGER with `content` as `type`; the INTEGER sits at offset 4 (after a NULL in a
/// SEQUENCE), so errors must carry offset 4.
private func readInteger<Value: FixedWidthInteger>(_ content: [UInt8], as type: Value.Type) throws(DERError) -> Value {
    let input: [UInt8] = [0x30, UInt8(content.count + 4), 0x05, 0x00, 0x02, UInt8(content.count)] + content
    return try DER.withReader(input) { reader throws(DERError) in
        try reader.readSequence { sequence throws(DERError) in
            _ = try sequence.read(.null)
            return try sequence.readInteger(as: Value.self)
        }
    }
}

private func oid(_ dotted: String) throws -> ASN1ObjectIdentifier {
    try ASN1ObjectIdentifier(dotted: dotted)
}

private func oid(content: [UInt8]) throws -> ASN1ObjectIdentifier {
    try DER.parse(ASN1ObjectIdentifier.self, from: [0x06, UInt8(content.count)] + content)
}

private func time(_ tag: UInt8, _ text: String) throws -> ASN1Time {
    try DER.parse(ASN1Time.self, from: [tag, UInt8(text.utf8.count)] + Array(text.utf8))
}

/// Bytes that serialize as they are: for SET OF ordering of arbitrary encodings.
private struct RawEncoding: DERSerializable {
    var bytes: [UInt8]
    func serialize(into writer: inout DERWriter) { writer.appendEncoded(bytes) }
}

// MARK: INTEGER

@Suite("INTEGER")
struct IntegerTests {
    @Test func int8Boundaries() throws {
        #expect(try readInteger([0x7F], as: Int8.self) == 127)
        #expect(try readInteger([0x80], as: Int8.self) == -128)
        #expect(try readInteger([0xFF], as: Int8.self) == -1)
        #expect(try readInteger([0x00], as: Int8.self) == 0)
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0x00, 0x80], as: Int8.self) }  // 128
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0xFF, 0x7F], as: Int8.self) }  // −129
    }

    @Test func uint8Boundaries() throws {
        #expect(try readInteger([0x00], as: UInt8.self) == 0)
        #expect(try readInteger([0x7F], as: UInt8.self) == 127)
        // 0x80 needs a leading 00 in DER; it does not count against the width.
        #expect(try readInteger([0x00, 0x80], as: UInt8.self) == 128)
        #expect(try readInteger([0x00, 0xFF], as: UInt8.self) == 255)
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0x01, 0x00], as: UInt8.self) }  // 256
    }

    @Test func negativeIntoUnsignedOverflows() {
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0xFF], as: UInt8.self) }
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0x80], as: UInt8.self) }
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0xFF], as: UInt64.self) }
        #expect(throws: DERError(.integerOverflow, at: 4)) {
            try readInteger([0x80, 0, 0, 0, 0, 0, 0, 0], as: UInt64.self)
        }
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0xFE, 0x00], as: UInt32.self) }
    }

    @Test func int64Boundaries() throws {
        let max: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let min: [UInt8] = [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        #expect(try readInteger(max, as: Int64.self) == Int64.max)
        #expect(try readInteger(min, as: Int64.self) == Int64.min)
        // 2^63 and −2^63 − 1 need nine octets.
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0x00] + min, as: Int64.self) }
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0xFF] + max, as: Int64.self) }
    }

    @Test func uint64Boundaries() throws {
        let ones = [UInt8](repeating: 0xFF, count: 8)
        #expect(try readInteger([0x00] + ones, as: UInt64.self) == UInt64.max)
        #expect(try readInteger([0x00, 0x80, 0, 0, 0, 0, 0, 0, 0], as: UInt64.self) == 1 << 63)
        // 2^64.
        #expect(throws: DERError(.integerOverflow, at: 4)) {
            try readInteger([0x01, 0, 0, 0, 0, 0, 0, 0, 0], as: UInt64.self)
        }
    }

    @Test func otherWidths() throws {
        #expect(try readInteger([0x7F, 0xFF], as: Int16.self) == Int16.max)
        #expect(throws: DERError(.integerOverflow, at: 4)) { try readInteger([0x00, 0x80, 0x00], as: Int16.self) }
        #expect(try readInteger([0x00, 0xFF, 0xFF], as: UInt16.self) == UInt16.max)
        #expect(try readInteger([0x80, 0x00, 0x00, 0x00], as: Int32.self) == Int32.min)
        #expect(try readInteger([0x01, 0x00, 0x00, 0x00, 0x00], as: Int.self) == 1 << 32)
    }

    @Test func integerChecksTheTag() {
        #expect(throws: DERError(.unexpectedTag(expected: .integer, found: .null), at: 0)) {
            try DER.withReader([0x05, 0x00]) { reader throws(DERError) in
                let node = try reader.readAny()
                return try reader.integer(node, as: Int.self)
            }
        }
    }

    @Test func implicitlyTaggedInteger() throws {
        let tag = ASN1Tag.contextSpecific(1, constructed: false)
        var writer = DERWriter()
        writer.serialize(300, implicitTag: tag)
        #expect(writer.bytes == [0x81, 0x02, 0x01, 0x2C])
        let value = try DER.withReader(writer.bytes) { reader throws(DERError) in
            try reader.decode(Int.self, implicitTag: tag)
        }
        #expect(value == 300)
        #expect(throws: DERError(.unexpectedTag(expected: .integer, found: tag), at: 0)) {
            try DER.parse(Int.self, from: writer.bytes)
        }
    }

    @Test func fixedWidthEncodingsAreMinimal() {
        #expect(encoded(0) == [0x02, 0x01, 0x00])
        #expect(encoded(127) == [0x02, 0x01, 0x7F])
        #expect(encoded(128) == [0x02, 0x02, 0x00, 0x80])
        #expect(encoded(256) == [0x02, 0x02, 0x01, 0x00])
        #expect(encoded(-1) == [0x02, 0x01, 0xFF])
        #expect(encoded(-128) == [0x02, 0x01, 0x80])
        #expect(encoded(-129) == [0x02, 0x02, 0xFF, 0x7F])
        #expect(encoded(UInt8(0)) == [0x02, 0x01, 0x00])
        #expect(encoded(UInt8(255)) == [0x02, 0x02, 0x00, 0xFF])
        #expect(encoded(Int8.min) == [0x02, 0x01, 0x80])
        #expect(encoded(Int64.max) == [0x02, 0x08, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(encoded(Int64.min) == [0x02, 0x08, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        #expect(encoded(UInt64.max) == [0x02, 0x09, 0x00] + [UInt8](repeating: 0xFF, count: 8))
    }

    @Test(arguments: [0, 1, -1, 127, 128, -128, -129, 255, 256, 32_767, -32_768, 1 << 40, Int64.max, Int64.min])
    func int64RoundTrip(value: Int64) throws {
        #expect(try DER.parse(Int64.self, from: encoded(value)) == value)
        #expect(try DER.validate(encoded(value)) == 1)
    }

    @Test(arguments: [0, 1, 127, 128, 255, 256, 1 << 63, UInt64.max])
    func uint64RoundTrip(value: UInt64) throws {
        #expect(try DER.parse(UInt64.self, from: encoded(value)) == value)
    }
}

@Suite("ASN1Integer")
struct ASN1IntegerTests {
    @Test func twosComplementIsMinimized() throws {
        #expect(try ASN1Integer(twosComplement: [0x00, 0x00, 0x7F]).contentBytes == [0x7F])
        #expect(try ASN1Integer(twosComplement: [0xFF, 0xFF, 0x80]).contentBytes == [0x80])
        #expect(try ASN1Integer(twosComplement: [0x00, 0x80]).contentBytes == [0x00, 0x80])
        #expect(try ASN1Integer(twosComplement: [0xFF, 0x7F]).contentBytes == [0xFF, 0x7F])
        #expect(try ASN1Integer(twosComplement: [0x00, 0x00]).contentBytes == [0x00])
        #expect(try ASN1Integer(twosComplement: [0xFF, 0xFF]).contentBytes == [0xFF])
        #expect(throws: DERError(.emptyInteger, at: 0)) { try ASN1Integer(twosComplement: []) }
    }

    @Test func unsignedMagnitudeGetsSignOctet() {
        #expect(ASN1Integer(unsignedMagnitude: [0x80]).contentBytes == [0x00, 0x80])
        #expect(ASN1Integer(unsignedMagnitude: [0x7F]).contentBytes == [0x7F])
        #expect(ASN1Integer(unsignedMagnitude: [0x00, 0x00, 0x01]).contentBytes == [0x01])
        #expect(ASN1Integer(unsignedMagnitude: [0xFF, 0xFF]).contentBytes == [0x00, 0xFF, 0xFF])
        #expect(ASN1Integer(unsignedMagnitude: []).contentBytes == [0x00])
    }

    @Test func fromFixedWidth() {
        #expect(ASN1Integer(0).contentBytes == [0x00])
        #expect(ASN1Integer(-129).contentBytes == [0xFF, 0x7F])
        #expect(ASN1Integer(UInt8(200)).contentBytes == [0x00, 0xC8])
        #expect(ASN1Integer(Int64.min).contentBytes == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(ASN1Integer(UInt64.max).contentBytes == [0x00] + [UInt8](repeating: 0xFF, count: 8))
    }

    @Test func valueAs() throws {
        let x128 = try ASN1Integer(twosComplement: [0x00, 0x80])
        #expect(x128.value(as: UInt8.self) == 128)
        #expect(x128.value(as: Int8.self) == nil)
        #expect(x128.value(as: Int16.self) == 128)
        let minus128 = try ASN1Integer(twosComplement: [0x80])
        #expect(minus128.value(as: Int8.self) == -128)
        #expect(minus128.value(as: UInt8.self) == nil)
        #expect(minus128.value(as: Int64.self) == -128)
        let x256 = try ASN1Integer(twosComplement: [0x01, 0x00])
        #expect(x256.value(as: UInt8.self) == nil)
        #expect(x256.value(as: UInt16.self) == 256)
        #expect(ASN1Integer(UInt64.max).value(as: UInt64.self) == UInt64.max)
        #expect(ASN1Integer(UInt64.max).value(as: Int64.self) == nil)
        #expect(ASN1Integer(Int64.min).value(as: Int64.self) == Int64.min)
    }

    @Test func signAndMagnitude() throws {
        let positive = ASN1Integer(unsignedMagnitude: [0xC3, 0xF1])
        #expect(!positive.isNegative)
        #expect(Array(positive.magnitude) == [0xC3, 0xF1])
        #expect(positive.description == "00C3F1")
        let negative = try ASN1Integer(twosComplement: [0xFF, 0x7F])
        #expect(negative.isNegative)
        #expect(ASN1Integer(0).magnitude.elementsEqual([0x00]))
    }

    @Test func largeSerialRoundTrip() throws {
        // A 20-octet serial number with its sign octet, as CAs issue them.
        let content: [UInt8] = [0x00] + (1...20).map { UInt8(0x80 + $0) }
        let der: [UInt8] = [0x02, UInt8(content.count)] + content
        let serial = try DER.parse(ASN1Integer.self, from: der)
        #expect(serial.contentBytes == content)
        #expect(Array(serial.magnitude) == Array(content.dropFirst()))
        #expect(encoded(serial) == der)
        #expect(serial.value(as: UInt64.self) == nil)
    }
}

// MARK: BOOLEAN, NULL, BIT STRING, OCTET STRING, whole elements

@Suite("BOOLEAN, NULL, BIT STRING, OCTET STRING")
struct SimplePrimitiveTests {
    @Test func booleans() throws {
        #expect(try DER.parse(Bool.self, from: [0x01, 0x01, 0xFF]) == true)
        #expect(try DER.parse(Bool.self, from: [0x01, 0x01, 0x00]) == false)
        #expect(encoded(true) == [0x01, 0x01, 0xFF])
        #expect(encoded(false) == [0x01, 0x01, 0x00])
        var writer = DERWriter()
        writer.serialize(true, implicitTag: .contextSpecific(1, constructed: false))
        #expect(writer.bytes == [0x81, 0x01, 0xFF])
    }

    @Test func null() throws {
        #expect(encoded(ASN1Null()) == [0x05, 0x00])
        var writer = DERWriter()
        writer.writeNull()
        writer.serialize(ASN1Null(), implicitTag: .contextSpecific(0, constructed: false))
        #expect(writer.bytes == [0x05, 0x00, 0x80, 0x00])
        #expect(try DER.parse(ASN1Null.self, from: [0x05, 0x00]) == ASN1Null())
        #expect(throws: DERError(.unexpectedTag(expected: .null, found: .integer), at: 0)) {
            try DER.parse(ASN1Null.self, from: [0x02, 0x01, 0x00])
        }
    }

    @Test func bitStringDecoding() throws {
        let one = try DER.parse(ASN1BitString.self, from: [0x03, 0x02, 0x07, 0x80])
        #expect(one.bytes == [0x80])
        #expect(one.unusedBits == 7)
        #expect(one.bit(0))
        #expect(!one.bit(1))
        #expect(!one.bit(-1))
        let empty = try DER.parse(ASN1BitString.self, from: [0x03, 0x01, 0x00])
        #expect(empty.bytes.isEmpty)
        #expect(!empty.bit(0))
        let key = try DER.parse(ASN1BitString.self, from: [0x03, 0x03, 0x00, 0x30, 0x00])
        #expect(key.bytes == [0x30, 0x00])
        #expect(key.unusedBits == 0)
        #expect(key.bit(2) && key.bit(3) && !key.bit(4) && !key.bit(15))
    }

    @Test func bitStringNamedBits() {
        // KeyUsage digitalSignature + nonRepudiation: 03 02 06 C0.
        #expect(encoded(ASN1BitString(namedBits: [true, true])) == [0x03, 0x02, 0x06, 0xC0])
        // digitalSignature + keyEncipherment (bit 2): 03 02 05 A0; trailing false bits dropped.
        #expect(encoded(ASN1BitString(namedBits: [true, false, true, false, false])) == [0x03, 0x02, 0x05, 0xA0])
        // decipherOnly (bit 8) spills into a second octet: 03 03 07 00 80.
        let decipherOnly = [Bool](repeating: false, count: 8) + [true]
        #expect(encoded(ASN1BitString(namedBits: decipherOnly)) == [0x03, 0x03, 0x07, 0x00, 0x80])
        #expect(encoded(ASN1BitString(namedBits: [false, false])) == [0x03, 0x01, 0x00])
        #expect(encoded(ASN1BitString(namedBits: [Bool](repeating: true, count: 8))) == [0x03, 0x02, 0x00, 0xFF])
    }

    @Test func bitStringUnusedBitsChecked() throws {
        #expect(throws: DERError(.invalidBitString, at: 0)) { try ASN1BitString(bytes: [0x00], unusedBits: 8) }
        #expect(throws: DERError(.invalidBitString, at: 0)) { try ASN1BitString(bytes: [0x00], unusedBits: -1) }
        #expect(throws: DERError(.invalidBitString, at: 0)) { try ASN1BitString(bytes: [0x81], unusedBits: 1) }
        #expect(throws: DERError(.invalidBitString, at: 0)) { try ASN1BitString(bytes: [], unusedBits: 3) }
        let valid = try ASN1BitString(bytes: [0xF0], unusedBits: 4)
        #expect(encoded(valid) == [0x03, 0x02, 0x04, 0xF0])
        #expect(try DER.parse(ASN1BitString.self, from: encoded(valid)) == valid)
    }

    @Test func octetString() throws {
        let value = ASN1OctetString([0x01, 0x02, 0x03])
        #expect(encoded(value) == [0x04, 0x03, 0x01, 0x02, 0x03])
        #expect(try DER.parse(ASN1OctetString.self, from: [0x04, 0x03, 0x01, 0x02, 0x03]) == value)
        var writer = DERWriter()
        writer.serialize(value, implicitTag: .contextSpecific(4, constructed: false))
        #expect(writer.bytes == [0x84, 0x03, 0x01, 0x02, 0x03])
    }

    @Test func wholeElements() throws {
        let element = try ASN1Element(encoded: [0x30, 0x03, 0x02, 0x01, 0x05])
        #expect(element.tag == .sequence)
        #expect(element.headerLength == 2)
        #expect(Array(element.content) == [0x02, 0x01, 0x05])
        #expect(encoded(element) == [0x30, 0x03, 0x02, 0x01, 0x05])
        let long = try ASN1Element(encoded: [0x04, 0x81, 0x80] + [UInt8](repeating: 7, count: 128))
        #expect(long.headerLength == 3)
        #expect(long.content.count == 128)
    }

    @Test func readerViews() throws {
        let input: [UInt8] = [0x30, 0x05, 0x04, 0x03, 0x41, 0x42, 0x43]
        try DER.withReader(input) { reader throws(DERError) in
            let peeked = try reader.peek()
            #expect(peeked?.offset == 0)
            #expect(reader.offset == 0)
            let sequence = try reader.read(.sequence)
            #expect(reader.isAtEnd)
            #expect(try reader.next() == nil)
            var children = try reader.children(of: sequence)
            let string = try children.read(.octetString)
            #expect(string.tag == .octetString)
            #expect([string.offset, string.headerLength, string.contentLength] == [2, 2, 3])
            #expect(children.contentBytes(of: string) == [0x41, 0x42, 0x43])
            #expect(children.encodedBytes(of: string) == Array(input[2...]))
            // The views: spans of the input, no copies.
            children.withContent(of: string) { content in
                #expect(content.count == 3)
                #expect(content[0] == 0x41 && content[2] == 0x43)
            }
            let encodedCount = children.withEncoding(of: string) { $0.count }
            #expect(encodedCount == 5)
            // The package's unchecked views agree.
            #expect(Array(children.content(of: string)) == [0x41, 0x42, 0x43])
            #expect(Array(children.encoding(of: string)) == Array(input[2...]))
            #expect(children.byte(at: string.contentOffset) == 0x41)
            #expect(string.encodedRange == 2..<7)
            #expect(throws: DERError(.wrongConstructedBit, at: 2)) { try children.children(of: string) }
        }
    }

    @Test func walkVisitsDepthFirst() throws {
        // 30 07 { 30 03 { 02 01 05 }, 05 00 }
        let input: [UInt8] = [0x30, 0x07, 0x30, 0x03, 0x02, 0x01, 0x05, 0x05, 0x00]
        var visits: [[Int]] = []
        try DER.walk(input) { node, depth throws(DERError) in visits.append([node.offset, depth]) }
        #expect(visits == [[0, 0], [2, 1], [4, 2], [7, 1]])
        #expect(try DER.validate(input) == 4)
    }

    @Test func encapsulatedDER() throws {
        // A BIT STRING holding 30 03 02 01 05 after its unused-bits octet, as SPKI keys are held.
        let input: [UInt8] = [0x03, 0x06, 0x00, 0x30, 0x03, 0x02, 0x01, 0x05]
        let value = try DER.withReader(input) { reader throws(DERError) in
            let node = try reader.read(.bitString)
            var inner = try reader.encapsulated(in: node, skipping: 1)
            let result = try inner.readSequence { sequence throws(DERError) in try sequence.readInteger(as: Int.self) }
            try inner.finish()
            return result
        }
        #expect(value == 5)
    }
}

// MARK: OBJECT IDENTIFIER

@Suite("OBJECT IDENTIFIER")
struct ObjectIdentifierTests {
    @Test func dottedParseAndRender() throws {
        let sha256WithRSA = try oid("1.2.840.113549.1.1.11")
        #expect(sha256WithRSA.contentBytes == [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B])
        #expect(sha256WithRSA.description == "1.2.840.113549.1.1.11")
        #expect(sha256WithRSA.arcs == [1, 2, 840, 113_549, 1, 1, 11])
        #expect(try oid("2.5.4.3").contentBytes == [0x55, 0x04, 0x03])
        #expect(
            try oid("0.9.2342.19200300.100.1.25").contentBytes == [
                0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19,
            ])
        // X.690's example 2.999.3: the first sub-identifier 1079 takes two octets.
        #expect(try oid("2.999.3").contentBytes == [0x88, 0x37, 0x03])
        #expect(
            try oid("1.2.392.200149.8.5.5.1").contentBytes == [
                0x2A, 0x83, 0x08, 0x8C, 0x9B, 0x55, 0x08, 0x05, 0x05, 0x01,
            ])
    }

    @Test func decodedFromDERRendersDotted() throws {
        #expect(try oid(content: [0x55, 0x1D, 0x13]).description == "2.5.29.19")
        #expect(try oid(content: [0x88, 0x37, 0x03]).description == "2.999.3")
        #expect(try oid(content: [0x27]).description == "0.39")
        #expect(try oid(content: [0x28]).description == "1.0")
        #expect(try oid(content: [0x50]).description == "2.0")
    }

    @Test func arcsBeyond64Bits() throws {
        // 2.25.<a UUID as a 128-bit integer> (X.667's example), encoded by hand: 69, then the
        // 128-bit arc in base 128.
        let uuidArc = "329800735698586629295641978511506172918"
        let content: [UInt8] = [
            0x69, 0x83, 0xF0, 0x9D, 0xA7, 0xEB, 0xCF, 0xDE, 0xE0, 0xC7, 0xA1, 0xA7, 0xB2, 0xC0, 0x94, 0x8C, 0xC8,
            0xF9, 0xD7, 0x76,
        ]
        let uuid = try oid(content: content)
        #expect(uuid.description == "2.25." + uuidArc)
        #expect(uuid.arcs == nil)
        #expect(uuid.contentBytes == content)
        // The dotted form is limited to 64-bit arcs.
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try oid("2.25." + uuidArc) }
    }

    @Test("arcs of 128 octets in decimal; of 129 and 1,000,000 octets named by their length")
    func arcsTooLongForDecimal() throws {
        func arc(octets: Int) -> [UInt8] { [UInt8](repeating: 0xFF, count: octets - 1) + [0x7F] }
        func oid(content: [UInt8]) throws -> ASN1ObjectIdentifier {
            var writer = DERWriter()
            writer.writePrimitive(.objectIdentifier, content: content)
            return try DER.parse(ASN1ObjectIdentifier.self, from: writer.bytes)
        }
        // 2^(7·128) − 1, which has 270 decimal digits.
        let longest = try oid(content: [0x2A] + arc(octets: 128))
        let parts = longest.description.split(separator: ".")
        #expect(parts.count == 3 && parts[0] == "1" && parts[1] == "2")
        #expect(parts.last?.count == 270 && parts.last?.allSatisfy(\.isNumber) == true)
        #expect(try oid(content: [0x2A] + arc(octets: 129) + [0x03]).description == "1.2.{arc of 129 octets}.3")
        // A first sub-identifier that long is 80 + Y: X is 2.
        #expect(try oid(content: arc(octets: 129)).description == "2.{arc of 129 octets}")
        // A megabyte arc (quadratic in decimal: minutes before).
        #expect(try oid(content: arc(octets: 1_000_000)).description == "2.{arc of 1000000 octets}")
    }

    @Test func firstSubidentifierBeyond64Bits() throws {
        // 2.(2^64 − 81): the first sub-identifier is 2^64 − 1, still 64 bits.
        let largest = try oid(content: [0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(largest.description == "2.18446744073709551535")
        #expect(largest == (try oid("2.18446744073709551535")))
        // 2.(2^64 − 80): the first sub-identifier is 2^64.
        let beyond = try oid(content: [0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(beyond.description == "2.18446744073709551536")
        #expect(beyond.arcs == nil)
        // 2.10^20: 10^20 + 80 in base 128.
        let huge = try oid(content: [0x8A, 0xEB, 0xE3, 0xD7, 0xC5, 0xD6, 0x98, 0xC0, 0x80, 0x50])
        #expect(huge.description == "2.100000000000000000000")
    }

    @Test func inlineAndLongIdentifiersCompareAndHash() throws {
        // "1.2" then n arcs of 1: 1 + n content octets. 31 arcs fit inline (32), 32 do not (33),
        // 40 give 41 octets.
        func dotted(_ n: Int) -> String { "1.2" + String(repeating: ".1", count: n) }
        let inline32 = try oid(dotted(31))
        let long33 = try oid(dotted(32))
        let long41 = try oid(dotted(40))
        #expect(inline32.contentBytes.count == ASN1ObjectIdentifier.inlineCapacity)
        #expect(long33.contentBytes.count == 33)
        #expect(long41.contentBytes.count == 41)
        for id in [inline32, long33, long41] {
            let fromDER = try oid(content: id.contentBytes)
            #expect(fromDER == id)
            #expect(fromDER.hashValue == id.hashValue)
            #expect(fromDER.description == id.description)
        }
        #expect(inline32 != long33)
        #expect(long33 != long41)
        #expect(Set([inline32, long33, long41, try oid(dotted(32)), try oid(content: long41.contentBytes)]).count == 3)
        // Two long identifiers that differ only past the inline capacity.
        #expect(try oid(dotted(38) + ".2") != (try oid(dotted(38) + ".3")))
    }

    @Test func lengthMattersNotOnlyOctets() throws {
        // 2A and 2A 00 (1.2 and 1.2.0) hold the same octets up to zero padding.
        let short = try oid("1.2")
        let longer = try oid("1.2.0")
        #expect(short.contentBytes == [0x2A])
        #expect(longer.contentBytes == [0x2A, 0x00])
        #expect(short != longer)
        #expect(Set([short, longer]).count == 2)
        #expect(short < longer)
    }

    @Test func matchesContent() throws {
        let commonName = try oid("2.5.4.3")
        let long = try oid("1.2" + String(repeating: ".127", count: 40))
        [UInt8]([0x55, 0x04, 0x03]).withUnsafeBytes { #expect(commonName.matches(content: $0)) }
        [UInt8]([0x55, 0x04]).withUnsafeBytes { #expect(!commonName.matches(content: $0)) }
        [UInt8]([0x55, 0x04, 0x03, 0x00]).withUnsafeBytes { #expect(!commonName.matches(content: $0)) }
        [UInt8]([0x55, 0x04, 0x04]).withUnsafeBytes { #expect(!commonName.matches(content: $0)) }
        [UInt8]([]).withUnsafeBytes { #expect(!commonName.matches(content: $0)) }
        long.contentBytes.withUnsafeBytes { #expect(long.matches(content: $0)) }
        (long.contentBytes.dropLast() + [0x7E]).withUnsafeBytes { #expect(!long.matches(content: $0)) }
    }

    @Test func wellKnownNames() throws {
        let sha256WithRSA = try oid("1.2.840.113549.1.1.11")
        #expect(sha256WithRSA.name == "sha256WithRSAEncryption")
        #expect(ASN1ObjectIdentifier.wellKnown(named: "sha256WithRSAEncryption") == sha256WithRSA)
        #expect(try oid("2.5.4.3").name == "commonName")
        #expect(ASN1ObjectIdentifier.wellKnown(named: "commonName")?.contentBytes == [0x55, 0x04, 0x03])
        #expect(ASN1ObjectIdentifier.wellKnown(named: "sha256")?.description == "2.16.840.1.101.3.4.2.1")
        #expect(try oid("1.2.3.4").name == nil)
        #expect(ASN1ObjectIdentifier.wellKnown(named: "noSuchName") == nil)
    }

    @Test(arguments: [
        "", "1", "3.1", "4.0", "0.40", "1.40", "1..2", "1.2.", ".1.2", "1.02", "01.2", "1.2.a", "1.2.-3", "1.2.+3",
        " 1.2", "1.2 ", "1,2", "1.2.18446744073709551616", "2.5.4.3\n", "١.٢",
    ])
    func invalidDottedStrings(text: String) {
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try ASN1ObjectIdentifier(dotted: text) }
    }

    @Test(arguments: ["0.0", "0.39", "1.39", "2.40", "2.999", "1.2.0", "1.2.18446744073709551615"])
    func validDottedEdgeCases(text: String) throws {
        #expect(try oid(text).description == text)
    }

    @Test func fromArcs() throws {
        #expect(try ASN1ObjectIdentifier(arcs: [2, 5, 4, 3]) == (try oid("2.5.4.3")))
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try ASN1ObjectIdentifier(arcs: [1]) }
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try ASN1ObjectIdentifier(arcs: [3, 1]) }
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try ASN1ObjectIdentifier(arcs: [1, 40]) }
        let literal: ASN1ObjectIdentifier = "1.2.840.113549.1.1.1"
        #expect(literal.name == "rsaEncryption")
    }

    @Test func orderAndEncoding() throws {
        let ids = [try oid("2.5.4.10"), try oid("1.2.840"), try oid("2.5.4.3")]
        #expect(ids.sorted().map(\.description) == ["1.2.840", "2.5.4.3", "2.5.4.10"])
        #expect(encoded(try oid("2.5.4.3")) == [0x06, 0x03, 0x55, 0x04, 0x03])
        var writer = DERWriter()
        writer.serialize(try oid("2.5.4.3"), implicitTag: .contextSpecific(8, constructed: false))
        #expect(writer.bytes == [0x88, 0x03, 0x55, 0x04, 0x03])
    }
}

// MARK: Times

@Suite("UTCTime and GeneralizedTime")
struct TimeTests {
    @Test func epoch() throws {
        let utc = try time(0x17, "700101000000Z")
        #expect(utc.secondsSince1970 == 0)
        #expect(utc.form == .utcTime)
        #expect(try time(0x18, "19700101000000Z").secondsSince1970 == 0)
        #expect(try time(0x18, "19691231235959Z").secondsSince1970 == -1)
    }

    @Test func leapDay2000() throws {
        // 2000-02-29: 30 years with 7 leap days, then 31 + 28 days.
        let t = try time(0x17, "000229000000Z")
        #expect((t.year, t.month, t.day) == (2000, 2, 29))
        #expect(t.secondsSince1970 == 951_782_400)
    }

    @Test func utcTimeCenturyWindow() throws {
        let last = try time(0x17, "491231235959Z")
        #expect((last.year, last.month, last.day, last.hour, last.minute, last.second) == (2049, 12, 31, 23, 59, 59))
        #expect(last.secondsSince1970 == 2_524_607_999)
        let first = try time(0x17, "500101000000Z")
        #expect(first.year == 1950)
        #expect(first.secondsSince1970 == -631_152_000)
        #expect(try time(0x18, "20500101000000Z").secondsSince1970 == 2_524_608_000)
    }

    @Test(
        arguments: [
            0, -1, 951_782_400, 2_524_607_999, 2_524_608_000, -631_152_000, -631_152_001, 1_709_210_096, 4_102_444_800,
        ] as [Int64])
    func secondsRoundTrip(seconds: Int64) throws {
        let t = ASN1Time(secondsSince1970: seconds)
        #expect(t.secondsSince1970 == seconds)
        // Through its own DER encoding too.
        #expect(try DER.parse(ASN1Time.self, from: encoded(t)) == t)
    }

    @Test func secondsToCalendar() {
        let t = ASN1Time(secondsSince1970: 1_709_210_096)
        #expect((t.year, t.month, t.day, t.hour, t.minute, t.second) == (2024, 2, 29, 12, 34, 56))
        #expect(t.description == "2024-02-29T12:34:56Z")
        let before = ASN1Time(secondsSince1970: -1)
        #expect(
            (before.year, before.month, before.day, before.hour, before.minute, before.second) == (
                1969, 12, 31, 23, 59, 59
            ))
    }

    @Test func formFollowsRFC5280() {
        let endOf2049 = ASN1Time(secondsSince1970: 2_524_607_999)
        #expect(endOf2049.form == .utcTime)
        #expect(endOf2049.encodedContent == Array("491231235959Z".utf8))
        #expect(endOf2049.tag == .utcTime)
        let start2050 = ASN1Time(secondsSince1970: 2_524_608_000)
        #expect(start2050.form == .generalizedTime)
        #expect(start2050.encodedContent == Array("20500101000000Z".utf8))
        #expect(encoded(start2050) == [0x18, 0x0F] + Array("20500101000000Z".utf8))
        let end1949 = ASN1Time(secondsSince1970: -631_152_001)
        #expect(end1949.form == .generalizedTime)
        #expect(end1949.encodedContent == Array("19491231235959Z".utf8))
    }

    @Test func calendarInitializerChecks() throws {
        #expect(throws: DERError(.invalidTime, at: 0)) {
            try ASN1Time(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0)
        }
        #expect(throws: DERError(.invalidTime, at: 0)) {
            try ASN1Time(year: 2050, month: 1, day: 1, hour: 0, minute: 0, second: 0, form: .utcTime)
        }
        #expect(throws: DERError(.invalidTime, at: 0)) {
            try ASN1Time(year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0, fractionDigits: "50")
        }
        #expect(throws: DERError(.invalidTime, at: 0)) {
            try ASN1Time(year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0, fractionDigits: "5x")
        }
        #expect(throws: DERError(.invalidTime, at: 0)) {
            try ASN1Time(
                year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0, fractionDigits: "5", form: .utcTime)
        }
        let t = try ASN1Time(year: 2025, month: 1, day: 1, hour: 12, minute: 0, second: 0, fractionDigits: "5")
        #expect(t.encodedContent == Array("20250101120000.5Z".utf8))
        #expect(t.description == "2025-01-01T12:00:00.5Z")
        #expect(try time(0x18, "20250101120000.5Z") == t)
    }

    @Test func ordering() throws {
        let utcLast = try time(0x17, "491231235959Z")
        let generalizedNext = try time(0x18, "20500101000000Z")
        #expect(utcLast < generalizedNext)
        #expect(!(generalizedNext < utcLast))
        let whole = try time(0x18, "20250101120000Z")
        let fortyFive = try time(0x18, "20250101120000.45Z")
        let half = try time(0x18, "20250101120000.5Z")
        let fiftyOne = try time(0x18, "20250101120000.51Z")
        let nextSecond = try time(0x18, "20250101120001Z")
        let shuffled = [nextSecond, half, whole, fiftyOne, fortyFive]
        #expect(shuffled.sorted() == [whole, fortyFive, half, fiftyOne, nextSecond])
        #expect(try time(0x17, "250101120000Z") < fortyFive)
        #expect(!(whole < whole))
    }

    @Test func equalityIsTheInstantWhateverTheForm() throws {
        let utc = try time(0x17, "491231235959Z")
        let generalized = try time(0x18, "20491231235959Z")
        #expect(utc.form == .utcTime && generalized.form == .generalizedTime)
        #expect(utc == generalized)
        #expect(Set([utc, generalized]).count == 1)
        #expect(!(utc < generalized) && !(generalized < utc))
        let withFraction = try time(0x18, "20491231235959.5Z")
        #expect(withFraction != generalized)
        #expect(generalized < withFraction)
    }

    @Test func daysInMonth() {
        #expect(ASN1Time.daysIn(month: 2, year: 1900) == 28)
        #expect(ASN1Time.daysIn(month: 2, year: 2000) == 29)
        #expect(ASN1Time.daysIn(month: 2, year: 2024) == 29)
        #expect(ASN1Time.daysIn(month: 2, year: 2023) == 28)
        #expect(ASN1Time.daysIn(month: 4, year: 2023) == 30)
        #expect(ASN1Time.daysIn(month: 12, year: 2023) == 31)
        #expect(ASN1Time.daysSince1970(year: 2000, month: 1, day: 1) == 10_957)
    }

    @Test func otherTagIsUnexpected() {
        #expect(throws: DERError(.unexpectedTag(expected: .utcTime, found: .octetString), at: 0)) {
            try DER.parse(ASN1Time.self, from: [0x04, 0x00])
        }
    }
}

// MARK: Character strings

@Suite("Character strings")
struct CharacterStringTests {
    private func decode(_ tag: UInt8, _ content: [UInt8]) throws -> ASN1CharacterString {
        try DER.parse(ASN1CharacterString.self, from: [tag, UInt8(content.count)] + content)
    }

    @Test func decodesEachKind() throws {
        let name = try decode(0x0C, Array("番号　花子".utf8))
        #expect(name.kind == .utf8)
        #expect(name.value == "番号　花子")
        #expect(try decode(0x13, Array("JP".utf8)) == (try ASN1CharacterString("JP", kind: .printable)))
        #expect(try decode(0x16, Array("user@example.jp".utf8)).value == "user@example.jp")
        #expect(try decode(0x1A, Array("Hello, World".utf8)).value == "Hello, World")
        #expect(try decode(0x12, Array("0123 456".utf8)).value == "0123 456")
        #expect(try decode(0x1E, [0x65, 0xE5, 0x67, 0x2C]).value == "日本")
        #expect(try decode(0x1C, [0x00, 0x00, 0x00, 0x41, 0x00, 0x01, 0xF6, 0x00]).value == "A😀")
        #expect(try decode(0x14, [0x63, 0x61, 0x66, 0xE9]).value == "café")  // ISO 8859-1
        #expect(try decode(0x0C, []).value == "")
    }

    @Test func encodesEachKind() throws {
        #expect(encoded(try ASN1CharacterString("JP", kind: .printable)) == [0x13, 0x02, 0x4A, 0x50])
        #expect(encoded(try ASN1CharacterString("日本", kind: .bmp)) == [0x1E, 0x04, 0x65, 0xE5, 0x67, 0x2C])
        #expect(encoded(try ASN1CharacterString("A", kind: .universal)) == [0x1C, 0x04, 0x00, 0x00, 0x00, 0x41])
        #expect(encoded(try ASN1CharacterString("é", kind: .teletex)) == [0x14, 0x01, 0xE9])
        #expect(encoded(try ASN1CharacterString("日", kind: .utf8)) == [0x0C, 0x03, 0xE6, 0x97, 0xA5])
    }

    @Test(arguments: ASN1CharacterString.Kind.allCases)
    func roundTrip(kind: ASN1CharacterString.Kind) throws {
        let text = kind == .numeric ? "0123 45" : "Tokyo 1"
        let value = try ASN1CharacterString(text, kind: kind)
        let der = encoded(value)
        #expect(der.first == UInt8(kind.tag.number))
        #expect(try DER.parse(ASN1CharacterString.self, from: der) == value)
        #expect(ASN1CharacterString.Kind(tag: kind.tag) == kind)
    }

    @Test func rejectsCharactersOutsideTheSet() {
        #expect(throws: DERError(.invalidString(.printableString), at: 0)) {
            try ASN1CharacterString("a@b", kind: .printable)
        }
        #expect(throws: DERError(.invalidString(.ia5String), at: 0)) { try ASN1CharacterString("é", kind: .ia5) }
        #expect(throws: DERError(.invalidString(.bmpString), at: 0)) { try ASN1CharacterString("😀", kind: .bmp) }
        #expect(throws: DERError(.invalidString(.teletexString), at: 0)) {
            try ASN1CharacterString("€", kind: .teletex)
        }
        #expect(throws: DERError(.invalidString(.numericString), at: 0)) {
            try ASN1CharacterString("12x", kind: .numeric)
        }
        #expect(throws: DERError(.invalidString(.visibleString), at: 0)) {
            try ASN1CharacterString("a\tb", kind: .visible)
        }
    }

    @Test func kindFromTag() {
        #expect(ASN1CharacterString.Kind(tag: .octetString) == nil)
        #expect(ASN1CharacterString.Kind(tag: .contextSpecific(12, constructed: false)) == nil)
        #expect(throws: DERError(.unexpectedTag(expected: .utf8String, found: .octetString), at: 0)) {
            try DER.parse(ASN1CharacterString.self, from: [0x04, 0x01, 0x41])
        }
    }
}

// MARK: DERWriter

@Suite("DERWriter")
struct DERWriterTests {
    @Test func tagEncodings() {
        #expect(ASN1Tag.contextSpecific(30, constructed: false).encoded == [0x9E])
        #expect(ASN1Tag.contextSpecific(31, constructed: false).encoded == [0x9F, 0x1F])
        #expect(ASN1Tag.contextSpecific(127, constructed: false).encoded == [0x9F, 0x7F])
        #expect(ASN1Tag.contextSpecific(128, constructed: true).encoded == [0xBF, 0x81, 0x00])
        #expect(ASN1Tag(.application, number: 16_383, constructed: false).encoded == [0x5F, 0xFF, 0x7F])
        #expect(ASN1Tag(.application, number: 16_384, constructed: true).encoded == [0x7F, 0x81, 0x80, 0x00])
        #expect(ASN1Tag.privateClass(UInt32.max, constructed: false).encoded == [0xDF, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(ASN1Tag.privateClass(32, constructed: true).encoded == [0xFF, 0x20])
        #expect(ASN1Tag.sequence.encoded == [0x30])
        #expect(ASN1Tag.set.encoded == [0x31])
    }

    @Test(arguments: [31, 127, 128, 16_383, 16_384, 1 << 21, 1 << 28, UInt32.max] as [UInt32])
    func highTagNumbersRoundTrip(number: UInt32) throws {
        for tagClass in [ASN1Tag.TagClass.contextSpecific, .application, .private, .universal] {
            let primitive = ASN1Tag(tagClass, number: number, constructed: false)
            let constructed = ASN1Tag(tagClass, number: number, constructed: true)
            var writer = DERWriter()
            writer.writeConstructed(constructed) { inner in inner.writePrimitive(primitive, content: [0x2A]) }
            #expect(try DER.validate(writer.bytes) == 2)
            let read = try DER.withReader(writer.bytes) { reader throws(DERError) in
                try reader.readConstructed(constructed) { inner throws(DERError) in
                    let node = try inner.read(primitive)
                    #expect(Array(inner.content(of: node)) == [0x2A])
                    return node.tag
                }
            }
            #expect(read.number == number)
            #expect(read.tagClass == tagClass)
        }
    }

    @Test func primitiveLengths() throws {
        let expectations: [(Int, [UInt8])] = [
            (0, [0x04, 0x00]), (1, [0x04, 0x01]), (127, [0x04, 0x7F]), (128, [0x04, 0x81, 0x80]),
            (255, [0x04, 0x81, 0xFF]), (256, [0x04, 0x82, 0x01, 0x00]), (65_535, [0x04, 0x82, 0xFF, 0xFF]),
            (65_536, [0x04, 0x83, 0x01, 0x00, 0x00]),
        ]
        for (length, header) in expectations {
            var writer = DERWriter()
            writer.writePrimitive(.octetString, content: [UInt8](repeating: 0x5A, count: length))
            #expect(Array(writer.bytes.prefix(header.count)) == header, "length \(length)")
            #expect(writer.bytes.count == header.count + length)
            #expect(try DER.validate(writer.bytes) == 1)
        }
    }

    @Test func nestedConstructedLengths() throws {
        // SEQUENCE { SEQUENCE { OCTET STRING } } where the inner SEQUENCE holds exactly `length`
        // content octets.
        struct Case {
            var length: Int
            var stringLength: Int
            var outerHeader: [UInt8]
            var innerHeader: [UInt8]
            var stringHeader: [UInt8]
        }
        let cases = [
            Case(
                length: 127, stringLength: 125, outerHeader: [0x30, 0x81, 0x81], innerHeader: [0x30, 0x7F],
                stringHeader: [0x04, 0x7D]),
            Case(
                length: 128, stringLength: 126, outerHeader: [0x30, 0x81, 0x83], innerHeader: [0x30, 0x81, 0x80],
                stringHeader: [0x04, 0x7E]),
            Case(
                length: 255, stringLength: 252, outerHeader: [0x30, 0x82, 0x01, 0x02],
                innerHeader: [0x30, 0x81, 0xFF], stringHeader: [0x04, 0x81, 0xFC]),
            Case(
                length: 256, stringLength: 253, outerHeader: [0x30, 0x82, 0x01, 0x04],
                innerHeader: [0x30, 0x82, 0x01, 0x00], stringHeader: [0x04, 0x81, 0xFD]),
            Case(
                length: 65_536, stringLength: 65_532, outerHeader: [0x30, 0x83, 0x01, 0x00, 0x05],
                innerHeader: [0x30, 0x83, 0x01, 0x00, 0x00], stringHeader: [0x04, 0x82, 0xFF, 0xFC]),
        ]
        for c in cases {
            let filler = [UInt8](repeating: 0xA5, count: c.stringLength)
            var writer = DERWriter()
            writer.writeSequence { outer in
                outer.writeSequence { inner in inner.writePrimitive(.octetString, content: filler) }
            }
            #expect(writer.bytes == c.outerHeader + c.innerHeader + c.stringHeader + filler, "length \(c.length)")
            #expect(try DER.validate(writer.bytes) == 3)
            let innerLength = try DER.withReader(writer.bytes) { reader throws(DERError) in
                try reader.readSequence { outer throws(DERError) in
                    let inner = try outer.read(.sequence)
                    return inner.contentLength
                }
            }
            #expect(innerLength == c.length)
        }
    }

    @Test func setOfIsSorted() throws {
        var writer = DERWriter()
        writer.writeSetOf([3, 1, 256, 2])
        // 02 01 01 < 02 01 02 < 02 01 03 < 02 02 01 00.
        #expect(
            writer.bytes == [
                0x31, 0x0D, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x03, 0x02, 0x02, 0x01, 0x00,
            ])
        var values: [Int] = []
        try DER.withReader(writer.bytes) { reader throws(DERError) in
            try reader.readSetOf { node, inner throws(DERError) in values.append(try inner.integer(node, as: Int.self))
            }
        }
        #expect(values == [1, 2, 3, 256])
    }

    @Test func setOfSortsByWholeEncodingIncludingTag() {
        var writer = DERWriter()
        writer.writeSetOf(
            [
                RawEncoding(bytes: [0x05, 0x00]), RawEncoding(bytes: [0x02, 0x01, 0x05]),
                RawEncoding(bytes: [0x01, 0x01, 0xFF]),
            ],
            tag: .contextSpecific(1, constructed: true))
        #expect(writer.bytes == [0xA1, 0x08, 0x01, 0x01, 0xFF, 0x02, 0x01, 0x05, 0x05, 0x00])
    }

    @Test func setOfPrefixSortsFirst() {
        // X.690 11.6: the shorter encoding is padded with zero octets, so a prefix sorts first.
        let long = RawEncoding(bytes: [0x04, 0x01, 0x41, 0x05, 0x00])
        let prefix = RawEncoding(bytes: [0x04, 0x01, 0x41])
        let expected: [UInt8] = [0x31, 0x08, 0x04, 0x01, 0x41, 0x04, 0x01, 0x41, 0x05, 0x00]
        for order in [[long, prefix], [prefix, long]] {
            var writer = DERWriter()
            writer.writeSetOf(order)
            #expect(writer.bytes == expected)
        }
    }

    @Test func explicitAndImplicitTags() throws {
        let explicit = ASN1Tag.contextSpecific(0, constructed: true)
        var writer = DERWriter()
        writer.writeSequence { sequence in
            sequence.serialize(5, explicitTag: explicit)
            sequence.serialize(ASN1OctetString([0x01, 0x02]), implicitTag: .contextSpecific(2, constructed: false))
        }
        #expect(writer.bytes == [0x30, 0x09, 0xA0, 0x03, 0x02, 0x01, 0x05, 0x82, 0x02, 0x01, 0x02])
        let (version, missing, octets) = try DER.withReader(writer.bytes) { reader throws(DERError) in
            try reader.readSequence { sequence throws(DERError) in
                let version = try sequence.decodeIfPresent(Int.self, explicitTag: explicit)
                let missing = try sequence.decodeIfPresent(
                    Int.self, explicitTag: .contextSpecific(1, constructed: true))
                let octets = try sequence.decode(
                    ASN1OctetString.self, implicitTag: .contextSpecific(2, constructed: false))
                return (version, missing, octets)
            }
        }
        #expect(version == 5)
        #expect(missing == nil)
        #expect(octets.bytes == [0x01, 0x02])
    }

    @Test func digestInfoPrefix() throws {
        // The SHA-256 DigestInfo prefix the card signs over (JPKI-CARD.md).
        var writer = DERWriter()
        writer.writeSequence { digestInfo in
            digestInfo.writeSequence { algorithm in
                algorithm.serialize(ASN1ObjectIdentifier.wellKnown(named: "sha256")!)
                algorithm.writeNull()
            }
            digestInfo.serialize(ASN1OctetString([UInt8](repeating: 0, count: 32)))
        }
        let prefix: [UInt8] = [
            0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
            0x04, 0x20,
        ]
        #expect(writer.bytes == prefix + [UInt8](repeating: 0, count: 32))
        #expect(try DER.validate(writer.bytes) == 5)
    }

    @Test func appendLengthAndCapacity() {
        var writer = DERWriter(reservingCapacity: 16)
        writer.appendTag(.octetString)
        writer.appendLength(0x0100_0000)
        #expect(writer.bytes == [0x04, 0x84, 0x01, 0x00, 0x00, 0x00])
    }
}

// MARK: ANY

@Suite("ANY (ASN1Element)")
struct ElementTests {
    @Test("an element is copied whole, with its header")
    func copiesWholeElement() throws {
        let element = try DER.parse(ASN1Element.self, from: [0x30, 0x03, 0x01, 0x01, 0xFF])
        #expect(element.tag == .sequence)
        #expect(element.encoded == [0x30, 0x03, 0x01, 0x01, 0xFF])
        #expect(Array(element.content) == [0x01, 0x01, 0xFF])
    }

    // Found by the OCSP fuzz target: algorithm parameters holding `01 00` were kept raw, and the
    // request written back was not DER.
    @Test("an ANY field is DER throughout: a bad value nested inside is rejected at its offset")
    func rejectsInvalidNestedContent() {
        #expect(throws: DERError(.invalidBoolean, at: 2)) {
            try DER.parse(ASN1Element.self, from: [0x30, 0x03, 0x01, 0x01, 0x05])
        }
        #expect(throws: DERError(.invalidBoolean, at: 0)) {
            try DER.parse(ASN1Element.self, from: [0x01, 0x00])
        }
        // Inside an element read from the middle of a SEQUENCE: the offset counts from the input.
        #expect(throws: DERError(.invalidBitString, at: 4)) {
            try DER.withReader([0x30, 0x06, 0x05, 0x00, 0x03, 0x02, 0x08, 0x00]) { reader throws(DERError) in
                try reader.readSequence { sequence throws(DERError) in
                    _ = try sequence.read(.null)
                    return try sequence.decode(ASN1Element.self)
                }
            }
        }
    }
}
