// The public surface takes arrays, collections and spans, never pointers: the views a reader
// hands out, the entry points over spans, the content-octet initializers and checks. A node can
// only come from a reader (its initializer is not public, which no test can show: the attempt does
// not compile); a reader given a node that lies beyond its input stops the program instead of
// reading past it, which the exit tests show.

import JPKIASN1
import Testing

@Suite struct SafeAPITests {
    /// `30 09 { 06 03 55 04 03, 13 02 "AB" }`: an OID and a PrintableString.
    static let input: [UInt8] = [0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02, 0x41, 0x42]

    @Test func walkOverSpanAndArrayAgree() throws {
        var fromArray: [[Int]] = []
        try DER.walk(Self.input) { node, depth throws(DERError) in fromArray.append([node.offset, depth]) }
        #expect(fromArray == [[0, 0], [2, 1], [7, 1]])
        // A span of the same bytes (here the encoding view of the root, which is all of them).
        var fromSpan: [[Int]] = []
        try DER.withReader(Self.input) { reader throws(DERError) in
            let root = try reader.readAny()
            try reader.withEncoding(of: root) { bytes throws(DERError) in
                try DER.walk(bytes) { node, depth throws(DERError) in fromSpan.append([node.offset, depth]) }
            }
        }
        #expect(fromSpan == fromArray)
        // Errors come out of both with the offending offset.
        let truncated = Array(Self.input.dropLast())
        #expect(throws: DERError(.truncated, at: 0)) { try DER.walk(truncated) { _, _ in } }
    }

    @Test func readerOverSpan() throws {
        let (oid, string) = try DER.withReader(Self.input) { outer throws(DERError) in
            let root = try outer.readAny()
            // A reader over the content of the root, read in place.
            return try outer.withContent(of: root) { content throws(DERError) in
                try DER.withReader(content) { reader throws(DERError) in
                    let oid = try reader.decode(ASN1ObjectIdentifier.self)
                    let string = try reader.decode(ASN1CharacterString.self)
                    try reader.finish()
                    return (oid, string)
                }
            }
        }
        #expect(oid == "2.5.4.3")
        #expect(string.value == "AB")
    }

    @Test func objectIdentifierContent() throws {
        let commonName = try ASN1ObjectIdentifier(content: [0x55, 0x04, 0x03])
        #expect(commonName == "2.5.4.3")
        #expect(try ASN1ObjectIdentifier(content: [0x55, 0x04, 0x03][...]) == commonName)
        #expect(throws: DERError(.invalidObjectIdentifier, at: 9)) {
            try ASN1ObjectIdentifier(content: [0x55, 0x84], at: 9)
        }
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) { try ASN1ObjectIdentifier(content: []) }
        // A collection without contiguous storage is copied first.
        #expect(try ASN1ObjectIdentifier(content: [0x03, 0x04, 0x55].reversed()) == commonName)
        // The view of the content octets, inline and on the heap.
        #expect(commonName.withContentBytes { [$0.count, Int($0[0]), Int($0[2])] } == [3, 0x55, 0x03])
        let long = try ASN1ObjectIdentifier(dotted: "1.2" + String(repeating: ".127", count: 40))
        #expect(long.withContentBytes { $0.count } == long.contentBytes.count)
        // Matching a content view from a reader, without copying it.
        try DER.withReader(Self.input) { reader throws(DERError) in
            var fields = try reader.children(of: try reader.readAny())
            let oidNode = try fields.read(.objectIdentifier)
            let stringNode = try fields.readAny()
            #expect(fields.withContent(of: oidNode) { commonName.matches(content: $0) })
            #expect(!fields.withContent(of: oidNode) { long.matches(content: $0) })
            #expect(!fields.withContent(of: stringNode) { commonName.matches(content: $0) })
        }
    }

    @Test func timeContent() throws {
        let time = try ASN1Time(content: Array("250401123000Z".utf8), tag: .utcTime)
        #expect([time.year, time.month, time.day, time.hour, time.minute, time.second] == [2025, 4, 1, 12, 30, 0])
        #expect(time.form == .utcTime)
        let generalized = try ASN1Time(content: "20500101000000.5Z".utf8, tag: .generalizedTime)
        #expect(generalized.year == 2050 && generalized.fractionDigits == "5")
        #expect(throws: DERError(.invalidTime, at: 4)) {
            try ASN1Time(content: Array("250231000000Z".utf8), tag: .utcTime, at: 4)
        }
    }

    @Test func contentRulesByTag() throws {
        try DERContentRules.check(.boolean, content: [0xFF])
        #expect(throws: DERError(.invalidBoolean, at: 3)) {
            try DERContentRules.check(.boolean, content: [0x01], at: 3)
        }
        #expect(throws: DERError(.nonMinimalInteger, at: 0)) {
            try DERContentRules.check(.integer, content: [0x00, 0x7F])
        }
        #expect(throws: DERError(.invalidBitString, at: 0)) {
            try DERContentRules.check(.bitString, content: [0x08, 0x00])
        }
        #expect(throws: DERError(.invalidNull, at: 0)) { try DERContentRules.check(.null, content: [0x00]) }
        #expect(throws: DERError(.invalidObjectIdentifier, at: 0)) {
            try DERContentRules.check(.objectIdentifier, content: [0x80, 0x01])
        }
        #expect(throws: DERError(.invalidTime, at: 0)) { try DERContentRules.check(.utcTime, content: "2504".utf8) }
        #expect(throws: DERError(.invalidString(.printableString), at: 0)) {
            try DERContentRules.check(.printableString, content: Array("a@b".utf8))
        }
        // No rules for OCTET STRING, other classes or constructed tags.
        try DERContentRules.check(.octetString, content: [0x80])
        try DERContentRules.check(.contextSpecific(1, constructed: false), content: [0x00, 0x00])
        try DERContentRules.check(.sequence, content: [0xFF])
    }

    @Test func characterStringContent() throws {
        let kind = ASN1CharacterString.Kind.bmp
        try kind.validate([0x00, 0x41, 0x30, 0x42])
        #expect(kind.decode([0x00, 0x41, 0x30, 0x42]) == "Aあ")
        #expect(throws: DERError(.invalidString(.bmpString), at: 5)) { try kind.validate([0xD8, 0x00], at: 5) }
        #expect(ASN1CharacterString.Kind.utf8.decode("日本".utf8) == "日本")
        try ASN1CharacterString.Kind.numeric.validate("0123 45".utf8)
        #expect(throws: DERError(.invalidString(.numericString), at: 0)) {
            try ASN1CharacterString.Kind.numeric.validate("12a".utf8)
        }
    }

    // MARK: Nodes from another input

    /// A node read from a longer input than the reader it is given to stops the program (a
    /// precondition), whichever view is asked for, instead of reading past the input. (Errors
    /// are swallowed: only the stop makes the process fail.)
    @Test func foreignNodeStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            let long: [UInt8] = [0x04, 0x08] + [UInt8](repeating: 0xAA, count: 8)
            let node = try? DER.withReader(long) { reader throws(DERError) in try reader.readAny() }
            guard let node else { return }
            _ = try? DER.withReader([0x05, 0x00]) { reader throws(DERError) in reader.contentBytes(of: node) }
        }
        await #expect(processExitsWith: .failure) {
            let long: [UInt8] = [0x30, 0x08] + [UInt8](repeating: 0x05, count: 8)
            let node = try? DER.withReader(long) { reader throws(DERError) in try reader.readAny() }
            guard let node else { return }
            _ = try? DER.withReader([0x30, 0x00]) { reader throws(DERError) in
                var children = try reader.children(of: node)
                while try children.next() != nil {}
            }
        }
        await #expect(processExitsWith: .failure) {
            let long: [UInt8] = [0x01, 0x01, 0xFF, 0x05, 0x00]
            let node = try? DER.withReader(long) { reader throws(DERError) in try reader.readAny() }
            guard let node else { return }
            _ = try? DER.withReader([0x01, 0x00]) { reader throws(DERError) in
                try Bool(derNode: node, in: reader)
            }
        }
    }

    /// A node from an input at least as long is read from this reader's input: no memory
    /// beyond it is touched (the decoder then judges the octets it finds).
    @Test func nodeFromAnotherInputReadsThisInput() throws {
        let node = try DER.withReader([0x04, 0x02, 0x41, 0x42]) { reader throws(DERError) in try reader.readAny() }
        let bytes = try DER.withReader([0x04, 0x02, 0x43, 0x44]) { reader throws(DERError) in
            reader.contentBytes(of: node)
        }
        #expect(bytes == [0x43, 0x44])
    }

    @Test func outOfRangeByteAndSkipStopTheProgram() async {
        await #expect(processExitsWith: .failure) {
            _ = try? DER.withReader([0x05, 0x00]) { reader throws(DERError) in reader.byte(at: 2) }
        }
        await #expect(processExitsWith: .failure) {
            _ = try? DER.withReader([0x04, 0x01, 0x00]) { reader throws(DERError) in
                let node = try reader.readAny()
                var inner = try reader.encapsulated(in: node, skipping: -2)
                while try inner.next() != nil {}
            }
        }
    }
}
