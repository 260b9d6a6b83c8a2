// libFuzzer target for the lenient BER-TLV reader of Sources/ASN1 (card data).
//
// Built by scripts/fuzz.sh together with Sources/ASN1/*.swift into one module (ASN1Fuzz), so
// this file must not `import ASN1`. It uses only the module's public API.
//
// What it does with each input: `BERTLV.parse` on the whole input and on a slice that does not
// start at index 0, then recurses into the children of every constructed object, and checks:
//  - every object's offset and value slice lie within its container (the input, or the value of
//    its parent), after its own tag and length octets, in order and without overlap;
//  - the tag read agrees with the first tag octet (class, constructed bit);
//  - the value slice holds the input's octets at the same indices;
//  - `children()` refuses primitive objects; `child(_:)` finds the first child with a tag;
//  - re-encoding an object with `BERTLV.encode` and parsing it gives the same tag and value
//    (unless the encoding itself reads as padding: it starts with 00 or is all FF/00);
//  - appending FF FF padding to an input that parses changes nothing.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    BERTLVFuzzTarget.run(bytes)
    return 0
}

func tlvFuzzFailure(_ message: String, _ bytes: some Sequence<UInt8>) -> Never {
    let hex = Hex.encode(Array(bytes.prefix(256)))
    fatalError("BERTLVFuzz oracle broken: \(message) [\(hex)]")
}

enum BERTLVFuzzTarget {
    /// Deeper nesting than this is not followed (each level costs at least two octets).
    static let maximumDepth = 512

    static func run(_ bytes: [UInt8]) {
        if let objects = try? BERTLV.parse(bytes) {
            check(objects, in: bytes[...], input: bytes, depth: 0)
            // FF padding after a complete input is skipped.
            guard let padded = try? BERTLV.parse(bytes + [0xFF, 0xFF]) else {
                tlvFuzzFailure("FF FF padding made a parsable input fail", bytes)
            }
            if !same(padded, objects) { tlvFuzzFailure("FF FF padding changed the objects", bytes) }
        }
        // A slice whose indices do not start at 0: offsets and values keep the array's indices.
        if bytes.count > 1 {
            let slice = bytes[1...]
            if let objects = try? BERTLV.parse(slice) {
                check(objects, in: slice, input: bytes, depth: 0)
            }
        }
    }

    static func same(_ a: [BERTLV], _ b: [BERTLV]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                x.tag == y.tag && x.offset == y.offset && x.value.startIndex == y.value.startIndex
                    && x.value.elementsEqual(y.value)
            }
    }

    static func check(_ objects: [BERTLV], in container: ArraySlice<UInt8>, input: [UInt8], depth: Int) {
        var previousEnd = container.startIndex
        for object in objects {
            let value = object.value
            guard object.offset >= previousEnd, object.offset + 2 <= value.startIndex,
                value.startIndex <= value.endIndex, value.endIndex <= container.endIndex,
                container.startIndex >= 0, container.endIndex <= input.count
            else {
                tlvFuzzFailure(
                    "object at \(object.offset) with value \(value.startIndex)..<\(value.endIndex) is outside "
                        + "\(container.startIndex)..<\(container.endIndex) or overlaps the previous one (end \(previousEnd))",
                    input)
            }
            // Tag octets: at most 5, length octets: at most 5.
            if value.startIndex - object.offset > 10 {
                tlvFuzzFailure(
                    "object at \(object.offset) has a header of \(value.startIndex - object.offset) octets", input)
            }
            let first = input[object.offset]
            if object.tag.tagClass.rawValue != first >> 6 || object.tag.isConstructed != (first & 0x20 != 0) {
                tlvFuzzFailure("object at \(object.offset): tag \(object.tag) does not match octet \(first)", input)
            }
            if first & 0x1F != 0x1F && object.tag.number != UInt32(first & 0x1F) {
                tlvFuzzFailure("object at \(object.offset): tag number \(object.tag.number) from octet \(first)", input)
            }
            if !value.elementsEqual(input[value.startIndex..<value.endIndex]) {
                tlvFuzzFailure("object at \(object.offset): value differs from the input", input)
            }
            previousEnd = value.endIndex
            if let text = object.utf8String, !text.utf8.elementsEqual(value) {
                tlvFuzzFailure("object at \(object.offset): utf8String differs from the value", input)
            }
            _ = object.tag.description
            checkReencoding(object, input: input)

            if object.tag.isConstructed {
                guard depth < maximumDepth else { continue }
                if let children = try? object.children() {
                    check(children, in: value, input: input, depth: depth + 1)
                    if let firstChild = children.first {
                        guard let found = try? object.child(firstChild.tag),
                            found.offset == children.first(where: { $0.tag == firstChild.tag })?.offset
                        else { tlvFuzzFailure("child(_:) does not find the first child", input) }
                    }
                }
            } else {
                do throws(DERError) {
                    _ = try object.children()
                    tlvFuzzFailure("children() of a primitive object succeeded", input)
                } catch {
                    guard case .invalidTLV = error.rule, error.offset == object.offset else {
                        tlvFuzzFailure("children() of a primitive object threw \(error)", input)
                    }
                }
            }
        }
    }

    static func checkReencoding(_ object: BERTLV, input: [UInt8]) {
        guard object.value.count <= 1 << 16 else { return }
        let encoded = BERTLV.encode(tag: object.tag, value: object.value)
        // An encoding that reads as padding (leading 00, or only FF and 00) is skipped by design.
        if encoded.first == 0x00 || encoded.allSatisfy({ $0 == 0xFF || $0 == 0x00 }) { return }
        guard let again = try? BERTLV.parse(encoded) else {
            tlvFuzzFailure(
                "re-encoded object at \(object.offset) (\(Hex.encode(encoded.prefix(32)))) does not parse", input)
        }
        guard again.count == 1, again[0].tag == object.tag, again[0].offset == 0,
            again[0].value.elementsEqual(object.value)
        else { tlvFuzzFailure("re-encoded object at \(object.offset) parses differently", input) }
    }
}
