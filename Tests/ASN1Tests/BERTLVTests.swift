// The lenient BER-TLV reader on the layouts of the My Number Card's EFs (JPKI-CARD.md, "Data on
// the card"): private-class tags `FF nn` / `DF nn`, `81`/`82` lengths, FF or 00 padding.

import JPKIASN1
import Testing

// MARK: Helpers

/// A BER-TLV object built by hand: the tag octets, the length in the short form or as `81 xx` /
/// `82 xx xx`, the value.
private func tlv(_ tag: [UInt8], _ value: [UInt8]) -> [UInt8] {
    let n = value.count
    let length: [UInt8]
    if n < 0x80 {
        length = [UInt8(n)]
    } else if n <= 0xFF {
        length = [0x81, UInt8(n)]
    } else {
        length = [0x82, UInt8(n >> 8), UInt8(n & 0xFF)]
    }
    return tag + length + value
}

/// The error `body` throws, or `nil`.
private func tlvError(_ body: () throws(DERError) -> Void) -> DERError? {
    do throws(DERError) {
        try body()
        return nil
    } catch {
        return error
    }
}

private func isInvalidTLV(_ error: DERError?) -> Bool {
    guard let error, case .invalidTLV = error.rule else { return false }
    return true
}

private let padding16 = [UInt8](repeating: 0xFF, count: 16)

// MARK: Tests

@Suite("BER-TLV card data")
struct BERTLVTests {
    @Test func myNumberEF() throws {
        // Text AP EF 0001: FF 10 0C + 12 ASCII digits + FF FF.
        let digits = Array("123456789018".utf8)
        let ef: [UInt8] = [0xFF, 0x10, 0x0C] + digits + [0xFF, 0xFF]
        let objects = try BERTLV.parse(ef)
        #expect(objects.count == 1)
        let myNumber = try #require(objects.first)
        #expect(myNumber.tag == .privateClass(16, constructed: true))
        #expect(myNumber.offset == 0)
        #expect(Array(myNumber.value) == digits)
        #expect(myNumber.value.startIndex == 3)
        #expect(myNumber.utf8String == "123456789018")
    }

    @Test func tagsDecodeAsPrivateClassNumbers() throws {
        let objects = try BERTLV.parse([
            0xFF, 0x20, 0x00, 0xDF, 0x21, 0x00, 0x7F, 0x21, 0x00, 0x5F, 0x37, 0x00, 0x04, 0x00,
        ])
        #expect(
            objects.map(\.tag) == [
                ASN1Tag(.private, number: 32, constructed: true),
                ASN1Tag(.private, number: 33, constructed: false),
                ASN1Tag(.application, number: 33, constructed: true),
                ASN1Tag(.application, number: 55, constructed: false),
                .octetString,
            ])
        #expect(objects.map(\.offset) == [0, 3, 6, 9, 12])
    }

    @Test(arguments: [1, 3])
    func basicFourInformationEF(addressRepeats: Int) throws {
        // Text AP EF 0002: FF 20 82 hh ll { DF 21 header, DF 22 name, DF 23 address, DF 24 birth
        // date, DF 25 sex }, then FF padding. The address is long enough for an 81 length (135
        // octets) or, tripled, an 82 length (405 octets).
        let header: [UInt8] = [0x00, 0x08, 0x00, 0x17, 0x00, 0xA9, 0x00, 0xB4]
        let name = "番号　花子"
        let address = String(
            repeating: "東京都千代田区霞が関二丁目一番二号　中央合同庁舎第二号館　デジタル庁テスト用住所一〇一号室",
            count: addressRepeats)
        let birthDate = "19850401"
        let sex = "2"
        let fields: [[UInt8]] = [
            tlv([0xDF, 0x21], header),
            tlv([0xDF, 0x22], Array(name.utf8)),
            tlv([0xDF, 0x23], Array(address.utf8)),
            tlv([0xDF, 0x24], Array(birthDate.utf8)),
            tlv([0xDF, 0x25], Array(sex.utf8)),
        ]
        #expect(fields[2][2] == (addressRepeats == 1 ? 0x81 : 0x82))
        let content = fields.flatMap { $0 }
        // The card always writes the outer length as 82 hh ll, minimal or not.
        let ef: [UInt8] =
            [0xFF, 0x20, 0x82, UInt8(content.count >> 8), UInt8(content.count & 0xFF)] + content + padding16

        let objects = try BERTLV.parse(ef)
        #expect(objects.count == 1)
        let basic4 = try #require(objects.first)
        #expect(basic4.tag == .privateClass(32, constructed: true))
        #expect(basic4.value.startIndex == 5)
        #expect(basic4.value.count == content.count)

        let children = try basic4.children()
        #expect(children.map(\.tag) == (33...37).map { ASN1Tag.privateClass($0, constructed: false) })
        var expectedOffsets: [Int] = []
        var offset = 5
        for field in fields {
            expectedOffsets.append(offset)
            offset += field.count
        }
        #expect(children.map(\.offset) == expectedOffsets)
        #expect(Array(children[0].value) == header)
        #expect(children[1].utf8String == name)
        #expect(children[2].utf8String == address)
        #expect(children[3].utf8String == birthDate)
        #expect(children[4].utf8String == sex)
        #expect(try basic4.child(.privateClass(34, constructed: false))?.utf8String == name)
        #expect(try basic4.child(.privateClass(48, constructed: false)) == nil)
        // A primitive object has no children.
        let error = tlvError { () throws(DERError) in _ = try children[1].children() }
        #expect(isInvalidTLV(error))
        #expect(error?.offset == expectedOffsets[1])
    }

    @Test func hashesAndSignatureEF() throws {
        // Text AP EF 0003: FF 30 82 01 4B { DF 31 20 <32>, DF 32 20 <32>, DF 33 82 01 00 <256> }:
        // 35 + 35 + 261 = 331 content octets.
        let myNumberHash = [UInt8](repeating: 0x11, count: 32)
        let basic4Hash = [UInt8](repeating: 0x22, count: 32)
        let signature = (0..<256).map { UInt8($0) }
        let ef: [UInt8] =
            [0xFF, 0x30, 0x82, 0x01, 0x4B] + [0xDF, 0x31, 0x20] + myNumberHash + [0xDF, 0x32, 0x20] + basic4Hash
            + [0xDF, 0x33, 0x82, 0x01, 0x00] + signature + padding16
        let objects = try BERTLV.parse(ef)
        #expect(objects.count == 1)
        let file = try #require(objects.first)
        #expect(file.tag == .privateClass(48, constructed: true))
        #expect(file.value.count == 331)
        let children = try file.children()
        #expect(children.map(\.offset) == [5, 40, 75])
        #expect(children.map(\.tag.number) == [49, 50, 51])
        #expect(Array(children[0].value) == myNumberHash)
        #expect(Array(children[1].value) == basic4Hash)
        #expect(Array(children[2].value) == signature)
        #expect(children[2].value.startIndex == 80)
        #expect(children[2].value.endIndex == 336)
    }

    @Test func cvCertificate() throws {
        // 7F 21 82 02 33 { 5F 4E 82 01 29 { issuer 16, subject 16, 90 03 <exponent>, 91 82 01 00
        // <modulus> }, 5F 37 82 01 00 <signature> }.
        let issuer = Array("JPKICA0000000001".utf8)
        let subject = Array("JPKIAP0000000002".utf8)
        let modulus = [UInt8](repeating: 0xC5, count: 256)
        let signature = [UInt8](repeating: 0x5A, count: 256)
        let body: [UInt8] = issuer + subject + [0x90, 0x03, 0x01, 0x00, 0x01] + [0x91, 0x82, 0x01, 0x00] + modulus
        #expect(body.count == 0x129)
        let certificate: [UInt8] =
            [0x7F, 0x21, 0x82, 0x02, 0x33] + [0x5F, 0x4E, 0x82, 0x01, 0x29] + body + [0x5F, 0x37, 0x82, 0x01, 0x00]
            + signature

        let objects = try BERTLV.parse(certificate)
        #expect(objects.count == 1)
        let cv = try #require(objects.first)
        #expect(cv.tag == ASN1Tag(.application, number: 33, constructed: true))
        let parts = try cv.children()
        #expect(
            parts.map(\.tag) == [
                ASN1Tag(.application, number: 78, constructed: false),
                ASN1Tag(.application, number: 55, constructed: false),
            ])
        #expect(parts.map(\.offset) == [5, 307])
        #expect(Array(parts[1].value) == signature)
        let bodyObject = parts[0]
        #expect(bodyObject.value.startIndex == 10)
        #expect(Array(bodyObject.value.prefix(16)) == issuer)
        #expect(Array(bodyObject.value.dropFirst(16).prefix(16)) == subject)
        // The body is primitive (5F): its key objects are read from after the two names, with
        // offsets still counted in the whole certificate.
        let keyObjects = try BERTLV.parse(bodyObject.value.dropFirst(32))
        #expect(
            keyObjects.map(\.tag) == [
                .contextSpecific(16, constructed: false), .contextSpecific(17, constructed: false),
            ])
        #expect(keyObjects.map(\.offset) == [42, 47])
        #expect(Array(keyObjects[0].value) == [0x01, 0x00, 0x01])
        #expect(Array(keyObjects[1].value) == modulus)
        #expect(isInvalidTLV(tlvError { () throws(DERError) in _ = try bodyObject.children() }))
    }

    @Test func truncatedObjectsThrowWithOffset() {
        #expect(throws: DERError(.truncated, at: 0)) { try BERTLV.parse([0xDF, 0x22, 0x05, 0x41, 0x42]) }
        #expect(throws: DERError(.truncated, at: 0)) { try BERTLV.parse([0xDF]) }  // tag cut
        #expect(throws: DERError(.truncated, at: 0)) { try BERTLV.parse([0xDF, 0xA1]) }  // tag cut after 1 octet
        #expect(throws: DERError(.truncated, at: 0)) { try BERTLV.parse([0xDF, 0x23]) }  // no length
        #expect(throws: DERError(.truncated, at: 0)) { try BERTLV.parse([0xDF, 0x23, 0x82, 0x01]) }  // length cut
        // After a complete object.
        #expect(throws: DERError(.truncated, at: 4)) {
            try BERTLV.parse([0xDF, 0x25, 0x01, 0x32, 0xDF, 0x22, 0x03, 0x41])
        }
        // An EF whose outer object claims more than was read.
        #expect(throws: DERError(.truncated, at: 0)) {
            try BERTLV.parse([0xFF, 0x20, 0x82, 0x01, 0x00] + tlv([0xDF, 0x25], [0x32]))
        }
    }

    @Test func truncatedChildGivesItsOffsetInTheInput() throws {
        // FF 20 04 { DF 22 05 41 }: the child at offset 3 runs past its parent.
        let objects = try BERTLV.parse([0xFF, 0x20, 0x04, 0xDF, 0x22, 0x05, 0x41, 0xFF, 0xFF])
        #expect(objects.count == 1)
        #expect(throws: DERError(.truncated, at: 3)) { try objects[0].children() }
    }

    @Test func paddingWithZerosAndFF() throws {
        let sex = tlv([0xDF, 0x25], [0x32])
        #expect(try BERTLV.parse(sex + [0x00, 0x00, 0x00]).map(\.offset) == [0])
        #expect(try BERTLV.parse(sex + [0xFF, 0x00, 0xFF, 0xFF]).map(\.offset) == [0])
        #expect(try BERTLV.parse([0x00, 0x00] + sex).map(\.offset) == [2])
        // 00 between objects (ISO 7816-4).
        let two = try BERTLV.parse(sex + [0x00] + tlv([0xDF, 0x24], [0x31]) + [0x00, 0x00])
        #expect(two.map(\.offset) == [0, 5])
        #expect(two.map(\.tag.number) == [37, 36])
        #expect(try BERTLV.parse([0xFF, 0xFF, 0xFF]).isEmpty)
        #expect(try BERTLV.parse([0x00]).isEmpty)
        #expect(try BERTLV.parse([UInt8]()).isEmpty)
    }

    @Test func nonMinimalLengthsAccepted() throws {
        for encoding: [UInt8] in [
            [0xDF, 0x22, 0x02, 0x41, 0x42],
            [0xDF, 0x22, 0x81, 0x02, 0x41, 0x42],
            [0xDF, 0x22, 0x82, 0x00, 0x02, 0x41, 0x42],
            [0xDF, 0x22, 0x84, 0x00, 0x00, 0x00, 0x02, 0x41, 0x42],
        ] {
            let objects = try BERTLV.parse(encoding)
            #expect(objects.count == 1)
            #expect(objects.first?.utf8String == "AB")
        }
    }

    @Test func unreadableFormsAreInvalid() {
        // Indefinite length, five length octets, a tag of more than five octets.
        #expect(isInvalidTLV(tlvError { () throws(DERError) in _ = try BERTLV.parse([0xDF, 0x22, 0x80, 0x00, 0x00]) }))
        let longLength = tlvError { () throws(DERError) in
            _ = try BERTLV.parse([0x04, 0x00, 0xDF, 0x22, 0x85, 0, 0, 0, 0, 1, 0x41])
        }
        #expect(isInvalidTLV(longLength))
        #expect(longLength?.offset == 2)
        #expect(
            isInvalidTLV(
                tlvError { () throws(DERError) in _ = try BERTLV.parse([0xDF, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00]) }))
    }

    @Test func invalidUTF8IsNil() throws {
        let objects = try BERTLV.parse([0xDF, 0x22, 0x02, 0xE3, 0x81])
        #expect(objects.first?.utf8String == nil)
    }

    @Test func encode() throws {
        let tag = ASN1Tag.privateClass(34, constructed: false)
        #expect(BERTLV.encode(tag: tag, value: [0x41, 0x42, 0x43]) == [0xDF, 0x22, 0x03, 0x41, 0x42, 0x43])
        let medium = [UInt8](repeating: 0x20, count: 200)
        #expect(BERTLV.encode(tag: tag, value: medium) == [0xDF, 0x22, 0x81, 0xC8] + medium)
        let long = [UInt8](repeating: 0x20, count: 300)
        let encoded = BERTLV.encode(tag: tag, value: long)
        #expect(Array(encoded.prefix(5)) == [0xDF, 0x22, 0x82, 0x01, 0x2C])
        let parsed = try BERTLV.parse(encoded)
        #expect(parsed == [BERTLV(tag: tag, offset: 0, value: encoded[5...])])
        #expect(BERTLV.encode(tag: .privateClass(32, constructed: true), value: [0x31]) == [0xFF, 0x20, 0x01, 0x31])
    }

    @Test func rawTagsAreTheIdentifierOctetsAsRead() throws {
        // FF 10 is the long form of private constructed 16: the card writes it so, and a reader
        // matching on the raw tag finds it where the minimal form (F0) would not.
        let ef: [UInt8] = [0xFF, 0x10, 0x02, 0x31, 0x32, 0xDF, 0x22, 0x01, 0x41, 0x7F, 0x21, 0x00, 0x5F, 0x4E, 0x00]
        let objects = try BERTLV.parse(ef)
        #expect(objects.map(\.rawTag) == [0xFF10, 0xDF22, 0x7F21, 0x5F4E])
        #expect(objects[0].tag == .privateClass(16, constructed: true))
        // The minimal form F0 is the same ASN1Tag but another raw tag.
        let minimal = try BERTLV.parse([0xF0, 0x01, 0x31])
        #expect(minimal[0].tag == objects[0].tag)
        #expect(minimal[0].rawTag == 0xF0)
        let outer = try BERTLV.parse([0xFF, 0x20, 0x04, 0xDF, 0x22, 0x01, 0x41])[0]
        #expect(try outer.child(rawTag: 0xDF22)?.value == [0x41][...].withIndices(from: 6))
        #expect(try outer.child(rawTag: 0xDF23) == nil)
    }

    @Test func encodeWithRawTagWritesTheCardsForm() throws {
        let digits = Array("123456789018".utf8)
        #expect(BERTLV.encode(rawTag: 0xFF10, value: digits) == [0xFF, 0x10, 0x0C] + digits)
        #expect(BERTLV.encode(rawTag: 0xDF25, value: [0x32]) == [0xDF, 0x25, 0x01, 0x32])
        #expect(BERTLV.encode(rawTag: 0x04, value: []) == [0x04, 0x00])
        let long = [UInt8](repeating: 0xAB, count: 256)
        #expect(Array(BERTLV.encode(rawTag: 0xDF33, value: long).prefix(5)) == [0xDF, 0x33, 0x82, 0x01, 0x00])
        let roundTrip = try BERTLV.parse(BERTLV.encode(rawTag: 0xFF10, value: digits))
        #expect(roundTrip.first?.rawTag == 0xFF10)
        #expect(roundTrip.first.map { Array($0.value) } == digits)
    }

    @Test func tagsLongerThanFourOctetsAreRefused() {
        let error = tlvError { () throws(DERError) in _ = try BERTLV.parse([0xDF, 0x81, 0x81, 0x81, 0x01, 0x00]) }
        #expect(isInvalidTLV(error))
        #expect(error?.offset == 0)
    }
}

extension ArraySlice where Element == UInt8 {
    /// The same elements, indexed from `start` (to compare with slices of a larger input).
    fileprivate func withIndices(from start: Int) -> ArraySlice<UInt8> {
        let padded = [UInt8](repeating: 0, count: start) + Array(self)
        return padded[start...]
    }
}
