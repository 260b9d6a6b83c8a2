// libFuzzer target for the strict DER reader of Sources/ASN1.
//
// Built by scripts/fuzz.sh together with Sources/ASN1/*.swift into one module (ASN1Fuzz), so
// this file must not `import ASN1`. Besides the public API it reaches the module's pointer entry
// points (`DERReader(unsafeBytes:)`, `content(of:)`, `DER.walk` over a buffer) and makes nodes
// of its own for the reference header parser, which only code inside the module can do.
//
// What it does with each input:
//  - walks it with `DER.walk`, checking every node's ranges, and decodes every primitive node
//    with the typed decoders that match its tag (Bool, Int64/UInt8/UInt64 via
//    `reader.integer`, ASN1Integer, ASN1BitString, ASN1OctetString, ASN1Null,
//    ASN1ObjectIdentifier with `description`/`arcs`/`init(arcs:)`/`init(dotted:)`, ASN1Time
//    with `secondsSince1970`/`description`, ASN1CharacterString), and also tries the
//    implicitly-tagged decoders and every string kind on content of other tags;
//  - tries `readSetOf` on every SET;
//  - follows encapsulated DER inside OCTET STRINGs and BIT STRINGs;
//  - compares `DER.walk` (elements, depths, error) with a recursive walk over the
//    `DERReader` API and with a walk that uses this file's own X.690 header parser, and
//    `DERContentRules.check` under every universal type with rules written out here (for times,
//    with `ASN1Time(content:tag:at:)`), on every input;
//  - and, when `DER.validate` accepts the input, applies oracles that trap with a message:
//    every decoder of a universal type must accept its node, the rebuilt encoding (DERWriter,
//    typed values re-serialized) must equal the input byte for byte, `readSetOf` must accept
//    exactly the sorted SETs and `writeSetOf` must rebuild them, and the depth limit must bite
//    exactly below the depth of the deepest non-empty constructed element (an empty one nests
//    nothing), the size limit exactly below the input's size.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // libFuzzer's own copy of the input, exactly `size` bytes long: ASan catches any read past
    // either end of it.
    DERFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Stops the fuzzer with a message: an oracle was broken.
func derFuzzFailure(_ message: String, _ bytes: some Sequence<UInt8> = [UInt8]()) -> Never {
    let hex = Hex.encode(Array(bytes.prefix(256)))
    fatalError("DERFuzz oracle broken: \(message)\(hex.isEmpty ? "" : " [\(hex)]")")
}

enum DERFuzzTarget {
    static func run(_ raw: UnsafeRawBufferPointer) {
        let bytes = Array(raw)
        let validatedCount: Int?
        do throws(DERError) {
            validatedCount = try DER.validate(bytes)
        } catch {
            validatedCount = nil
        }
        let valid = validatedCount != nil

        guard let reader = try? DERReader(unsafeBytes: raw) else {
            derFuzzFailure("a reader refused an input under the size limit")
        }
        var visits: [DERNode] = []
        var depths: [Int] = []
        var deepest = 0  // the depth limit needed: 1 + depth of the deepest non-empty constructed node
        var mustDecodeFailures: [String] = []
        var sets: [DERNode] = []
        var walkError: DERError? = nil
        do throws(DERError) {
            try DER.walk(raw) { node, depth throws(DERError) in
                visits.append(node)
                depths.append(depth)
                checkRanges(node, count: raw.count)
                if node.tag.isConstructed {
                    // Only content goes one level deeper: an empty element needs no extra level.
                    if node.contentLength > 0 { deepest = Swift.max(deepest, depth + 1) }
                    if node.tag == .set { sets.append(node) }
                } else if let failure = decodePrimitive(node, reader) {
                    mustDecodeFailures.append(failure)
                }
            }
        } catch {
            walkError = error
        }

        if valid != (walkError == nil) {
            derFuzzFailure("DER.validate and DER.walk disagree (walk error: \(String(describing: walkError)))", bytes)
        }
        if let error = walkError, error.offset < 0 || error.offset > raw.count {
            derFuzzFailure("error offset \(error.offset) outside the input of \(raw.count) bytes", bytes)
        }
        // DER.walk against a recursive walk over the reader API and against this file's
        // own header parser: the same elements, depths and error.
        let viaReader = DERFuzzReference.readerWalk(raw)
        if viaReader.nodes != visits || viaReader.depths != depths || viaReader.error != walkError {
            derFuzzFailure(
                "DER.walk (\(visits.count) nodes, \(String(describing: walkError))) and a walk over DERReader "
                    + "(\(viaReader.nodes.count) nodes, \(String(describing: viaReader.error))) disagree", bytes)
        }
        let independent = DERFuzzReference.walk(raw)
        if independent.nodes != visits || independent.depths != depths || independent.error != walkError {
            derFuzzFailure(
                "DER.walk (\(visits.count) nodes, \(String(describing: walkError))) and the reference header "
                    + "parser (\(independent.nodes.count) nodes, \(String(describing: independent.error))) disagree",
                bytes)
        }

        for set in sets { checkSetOf(set, in: reader, bytes: bytes, valid: valid) }

        guard let count = validatedCount else {
            // Not valid: exercise the other entry points for crashes only.
            _ = try? ASN1Element(encoded: bytes)
            _ = try? DER.parse(ASN1Element.self, from: bytes)
            return
        }

        // Oracles on valid DER.
        if count != visits.count {
            derFuzzFailure("validate counted \(count) elements, walk visited \(visits.count)", bytes)
        }
        if let failure = mustDecodeFailures.first {
            derFuzzFailure("valid DER but a typed decoder failed: \(failure)", bytes)
        }
        checkRoundTrip(raw, reader: reader, bytes: bytes)
        checkLimits(bytes, deepest: deepest)
    }

    // MARK: Nodes

    static func checkRanges(_ node: DERNode, count: Int) {
        guard node.offset >= 0, node.headerLength >= 2, node.contentLength >= 0,
            node.contentOffset == node.offset + node.headerLength, node.endOffset <= count,
            node.encodedLength == node.headerLength + node.contentLength
        else {
            derFuzzFailure("node \(node) lies outside the input of \(count) bytes")
        }
    }

    /// Decodes the primitive `node` with the decoders for its tag; returns a description of the
    /// failure of a decoder that must succeed on valid DER (a universal type's own decoder).
    static func decodePrimitive(_ node: DERNode, _ reader: DERReader) -> String? {
        let tag = node.tag
        let encoding = reader.encoding(of: node)
        let content = reader.content(of: node)
        DERFuzzReference.checkContentRules(content)

        guard tag.tagClass == .universal else {
            tryImplicitDecoders(node, reader)
            tryTimesAndStrings(content)
            return nil
        }
        switch tag.number {
        case ASN1UniversalType.boolean.rawValue:
            do throws(DERError) {
                let value = try Bool(derNode: node, in: reader)
                expectEncoding(value, tag: tag, encoding, "BOOLEAN")
            } catch {
                return "BOOLEAN: \(error)"
            }

        case ASN1UniversalType.integer.rawValue, ASN1UniversalType.enumerated.rawValue:
            let big: ASN1Integer
            do throws(DERError) {
                big = try ASN1Integer(derNode: node, in: reader, withTag: tag)
            } catch {
                return "\(tag): \(error)"
            }
            expectEncoding(big, tag: tag, encoding, "ASN1Integer")
            _ = big.description
            _ = big.magnitude
            checkFixedWidth(Int64.self, node, reader, big)
            checkFixedWidth(UInt64.self, node, reader, big)
            checkFixedWidth(UInt8.self, node, reader, big)
            checkFixedWidth(Int8.self, node, reader, big)
            checkFixedWidth(Int.self, node, reader, big)
            if let rebuilt = try? ASN1Integer(twosComplement: Array(content)), rebuilt != big {
                derFuzzFailure("ASN1Integer(twosComplement:) differs from the decoded value", encoding)
            }

        case ASN1UniversalType.bitString.rawValue:
            do throws(DERError) {
                let value = try ASN1BitString(derNode: node, in: reader)
                expectEncoding(value, tag: tag, encoding, "ASN1BitString")
                for index in [-1, 0, 1, 7, 8, value.bytes.count * 8 - value.unusedBits - 1, value.bytes.count * 8] {
                    _ = value.bit(index)
                }
                guard let again = try? ASN1BitString(bytes: value.bytes, unusedBits: value.unusedBits), again == value
                else { derFuzzFailure("ASN1BitString(bytes:unusedBits:) refused a decoded value", encoding) }
                tryEncapsulated(node, reader, skipping: 1)
            } catch {
                return "BIT STRING: \(error)"
            }

        case ASN1UniversalType.octetString.rawValue:
            do throws(DERError) {
                let value = try ASN1OctetString(derNode: node, in: reader)
                expectEncoding(value, tag: tag, encoding, "ASN1OctetString")
                tryEncapsulated(node, reader, skipping: 0)
            } catch {
                return "OCTET STRING: \(error)"
            }

        case ASN1UniversalType.null.rawValue:
            do throws(DERError) {
                let value = try ASN1Null(derNode: node, in: reader)
                expectEncoding(value, tag: tag, encoding, "ASN1Null")
            } catch {
                return "NULL: \(error)"
            }

        case ASN1UniversalType.objectIdentifier.rawValue:
            do throws(DERError) {
                let oid = try ASN1ObjectIdentifier(derNode: node, in: reader)
                expectEncoding(oid, tag: tag, encoding, "ASN1ObjectIdentifier")
                checkObjectIdentifier(oid, encoding)
            } catch {
                return "OBJECT IDENTIFIER: \(error)"
            }

        case ASN1UniversalType.utcTime.rawValue, ASN1UniversalType.generalizedTime.rawValue:
            do throws(DERError) {
                let time = try ASN1Time(derNode: node, in: reader)
                checkTime(time, tag: tag, encoding)
            } catch {
                return "\(tag): \(error)"
            }

        default:
            if ASN1CharacterString.Kind(tag: tag) != nil {
                do throws(DERError) {
                    let string = try ASN1CharacterString(derNode: node, in: reader)
                    var writer = DERWriter()
                    string.serialize(into: &writer)
                    if !writer.bytes.elementsEqual(encoding) {
                        derFuzzFailure("\(tag) re-encodes as \(Hex.encode(writer.bytes))", encoding)
                    }
                    guard let again = try? ASN1CharacterString(string.value, kind: string.kind), again == string
                    else { derFuzzFailure("ASN1CharacterString(_:kind:) refused a decoded \(tag)", encoding) }
                    _ = string.description
                } catch {
                    return "\(tag): \(error)"
                }
            } else {
                // A universal type without a decoder here (REAL, RELATIVE-OID, TIME, …).
                tryImplicitDecoders(node, reader)
            }
        }
        return nil
    }

    /// The fixed-width decoding agrees with ASN1Integer's `value(as:)` and re-encodes exactly.
    static func checkFixedWidth<Value: FixedWidthInteger & DERImplicitlyTaggable>(
        _ type: Value.Type, _ node: DERNode, _ reader: DERReader, _ big: ASN1Integer
    ) {
        let encoding = reader.encoding(of: node)
        let viaBig = big.value(as: Value.self)
        do throws(DERError) {
            let value = try reader.integer(node, as: Value.self, tag: node.tag)
            guard viaBig == value else {
                derFuzzFailure(
                    "\(Value.self): reader.integer gives \(value), value(as:) \(String(describing: viaBig))", encoding)
            }
            expectEncoding(value, tag: node.tag, encoding, "\(Value.self)")
            if ASN1Integer(value) != big {
                derFuzzFailure("ASN1Integer(\(value) as \(Value.self)) differs from the decoded value", encoding)
            }
        } catch {
            guard error.rule == .integerOverflow, viaBig == nil else {
                derFuzzFailure(
                    "\(Value.self): reader.integer threw \(error), value(as:) gives \(String(describing: viaBig))",
                    encoding)
            }
        }
    }

    static func checkObjectIdentifier(_ oid: ASN1ObjectIdentifier, _ encoding: UnsafeRawBufferPointer) {
        let description = oid.description
        _ = oid.name
        _ = oid < oid
        let content = oid.contentBytes
        let matches = content.withUnsafeBytes { oid.matches(content: $0) }
        if !matches { derFuzzFailure("an OID does not match its own content", encoding) }
        if let arcs = oid.arcs {
            let dotted = arcs.map { String($0) }.joined(separator: ".")
            if dotted != description {
                derFuzzFailure("OID description \(description) differs from its arcs \(dotted)", encoding)
            }
            guard let fromArcs = try? ASN1ObjectIdentifier(arcs: arcs), fromArcs == oid else {
                derFuzzFailure("ASN1ObjectIdentifier(arcs: \(arcs)) does not rebuild the OID", encoding)
            }
            guard let fromDotted = try? ASN1ObjectIdentifier(dotted: description), fromDotted == oid else {
                derFuzzFailure("ASN1ObjectIdentifier(dotted: \(description)) does not rebuild the OID", encoding)
            }
        } else if (try? ASN1ObjectIdentifier(dotted: description)) != nil {
            derFuzzFailure("an OID with an arc beyond 64 bits was rebuilt from \(description)", encoding)
        }
    }

    static func checkTime(_ time: ASN1Time, tag: ASN1Tag, _ encoding: UnsafeRawBufferPointer) {
        var writer = DERWriter()
        time.serialize(into: &writer)
        if !writer.bytes.elementsEqual(encoding) || time.tag != tag {
            derFuzzFailure("\(tag) \(time) re-encodes as \(Hex.encode(writer.bytes))", encoding)
        }
        _ = time.description
        let seconds = time.secondsSince1970
        let back = ASN1Time(secondsSince1970: seconds)
        guard back.year == time.year, back.month == time.month, back.day == time.day, back.hour == time.hour,
            back.minute == time.minute, back.second == time.second, back.secondsSince1970 == seconds
        else { derFuzzFailure("ASN1Time(secondsSince1970: \(seconds)) is \(back), not \(time)", encoding) }
        guard
            let rebuilt = try? ASN1Time(
                year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute,
                second: time.second, fractionDigits: time.fractionDigits, form: time.form),
            rebuilt == time
        else { derFuzzFailure("ASN1Time(year:…) refused the decoded \(time)", encoding) }
        if time < time || (time.fractionDigits.isEmpty && (back < time || time < back)) {
            derFuzzFailure("ASN1Time ordering is inconsistent for \(time)", encoding)
        }
    }

    /// Decoders under the node's own (implicit) tag: any that succeeds must re-encode exactly.
    static func tryImplicitDecoders(_ node: DERNode, _ reader: DERReader) {
        let tag = node.tag
        let encoding = reader.encoding(of: node)
        if let value = try? Bool(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit Bool")
        }
        if let value = try? ASN1Integer(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit ASN1Integer")
            checkFixedWidth(Int64.self, node, reader, value)
        }
        if let value = try? ASN1BitString(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit ASN1BitString")
        }
        if let value = try? ASN1OctetString(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit ASN1OctetString")
        }
        if let value = try? ASN1Null(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit ASN1Null")
        }
        if let value = try? ASN1ObjectIdentifier(derNode: node, in: reader, withTag: tag) {
            expectEncoding(value, tag: tag, encoding, "implicit ASN1ObjectIdentifier")
            checkObjectIdentifier(value, encoding)
        }
        if node.contentLength > 0 && node.contentLength <= 4096 {
            tryEncapsulated(node, reader, skipping: 0)
        }
    }

    /// Time and string parsers on arbitrary content: any that accepts must re-encode exactly.
    static func tryTimesAndStrings(_ content: UnsafeRawBufferPointer) {
        for tag in [ASN1Tag.utcTime, .generalizedTime] {
            if let time = try? ASN1Time(content: content, tag: tag, at: 0) {
                if !time.encodedContent.elementsEqual(content) || time.tag != tag {
                    derFuzzFailure("\(tag) content \(time) re-encodes as \(Hex.encode(time.encodedContent))", content)
                }
            }
        }
        for kind in ASN1CharacterString.Kind.allCases {
            guard (try? kind.validate(content, at: 0)) != nil else { continue }
            let value = kind.decode(content)
            guard let encoded = kind.encode(value), encoded.elementsEqual(content) else {
                derFuzzFailure("\(kind) content decodes to a string that does not re-encode", content)
            }
        }
    }

    /// Reads the content of `node` as DER with `encapsulated(in:skipping:)`.
    static func tryEncapsulated(_ node: DERNode, _ reader: DERReader, skipping: Int) {
        guard node.contentLength > skipping, var inner = try? reader.encapsulated(in: node, skipping: skipping) else {
            return
        }
        var steps = 0
        while steps < 64, let child = try? inner.next() {
            steps += 1
            if child.offset < node.contentOffset + skipping || child.endOffset > node.endOffset {
                derFuzzFailure("an encapsulated element \(child) lies outside \(node)")
            }
            if child.tag.isConstructed, var grandchildren = try? inner.children(of: child) {
                while let grandchild = try? grandchildren.next() {
                    if grandchild.endOffset > child.endOffset {
                        derFuzzFailure("a child \(grandchild) lies outside \(child)")
                    }
                }
            }
        }
    }

    static func expectEncoding<Value: DERImplicitlyTaggable>(
        _ value: Value, tag: ASN1Tag, _ encoding: UnsafeRawBufferPointer, _ what: String
    ) {
        var writer = DERWriter()
        value.serialize(into: &writer, withTag: tag)
        if !writer.bytes.elementsEqual(encoding) {
            derFuzzFailure("\(what) under \(tag) re-encodes as \(Hex.encode(writer.bytes))", encoding)
        }
    }

    // MARK: SET OF

    static func checkSetOf(_ set: DERNode, in reader: DERReader, bytes: [UInt8], valid: Bool) {
        let setBytes = Array(bytes[set.encodedRange])
        var elements: [ASN1Element] = []
        var failure: DERError? = nil
        do throws(DERError) {
            try DER.withReader(setBytes) { setReader throws(DERError) in
                try setReader.readSetOf { element, inner throws(DERError) in
                    elements.append(try ASN1Element(derNode: element, in: inner))
                }
                try setReader.finish()
            }
        } catch {
            failure = error
        }
        guard valid else { return }

        // The elements in order, as read by a plain reader.
        var encodings: [[UInt8]] = []
        if var children = try? reader.children(of: set) {
            while let child = try? children.next() { encodings.append(Array(bytes[child.encodedRange])) }
        }
        var sorted = true
        for (a, b) in zip(encodings, encodings.dropFirst()) where !setOrderLessOrEqual(a, b) { sorted = false }
        if sorted {
            guard failure == nil else { derFuzzFailure("readSetOf refused a sorted SET: \(failure!)", setBytes) }
            guard elements.map(\.encoded) == encodings else {
                derFuzzFailure("readSetOf returned other elements than the SET holds", setBytes)
            }
            var writer = DERWriter()
            writer.writeSetOf(elements.reversed())
            if writer.bytes != setBytes {
                derFuzzFailure("writeSetOf rebuilds a sorted SET as \(Hex.encode(writer.bytes))", setBytes)
            }
        } else if failure?.rule != .setOfNotSorted {
            derFuzzFailure("readSetOf on an unsorted SET gave \(String(describing: failure))", setBytes)
        }
    }

    /// X.690 11.6: octet-wise comparison, the shorter encoding padded with zero octets.
    static func setOrderLessOrEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let length = Swift.max(a.count, b.count)
        for i in 0..<length {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            if x != y { return x < y }
        }
        return true
    }

    // MARK: Round trip

    /// Valid DER re-encodes identically: constructed nodes through `writeConstructed`, primitive
    /// universal types through their typed values.
    static func checkRoundTrip(_ raw: UnsafeRawBufferPointer, reader: DERReader, bytes: [UInt8]) {
        var writer = DERWriter()
        do throws(DERError) {
            var top = reader
            guard let root = try top.next() else { derFuzzFailure("valid DER without an element", bytes) }
            try rebuild(root, in: top, into: &writer)
            try top.finish()
        } catch {
            derFuzzFailure("rebuilding valid DER failed: \(error)", bytes)
        }
        if writer.bytes != bytes {
            derFuzzFailure("valid DER re-encodes as \(Hex.encode(writer.bytes.prefix(256)))", bytes)
        }
        guard let element = try? ASN1Element(encoded: bytes), element.encoded == bytes else {
            derFuzzFailure("ASN1Element(encoded:) refused valid DER", bytes)
        }
        var again = DERWriter()
        again.serialize(element)
        if again.bytes != bytes { derFuzzFailure("ASN1Element re-encodes differently", bytes) }
    }

    static func rebuild(_ node: DERNode, in reader: DERReader, into writer: inout DERWriter) throws(DERError) {
        if node.tag.isConstructed {
            var children = try reader.children(of: node)
            try writer.writeConstructed(node.tag) { inner throws(DERError) in
                while let child = try children.next() {
                    try rebuild(child, in: children, into: &inner)
                }
            }
            return
        }
        let tag = node.tag
        guard tag.tagClass == .universal else {
            writer.writePrimitive(tag, content: reader.content(of: node))
            return
        }
        switch tag.number {
        case ASN1UniversalType.boolean.rawValue:
            writer.serialize(try Bool(derNode: node, in: reader))
        case ASN1UniversalType.integer.rawValue:
            writer.serialize(try ASN1Integer(derNode: node, in: reader))
        case ASN1UniversalType.enumerated.rawValue:
            writer.serialize(try ASN1Integer(derNode: node, in: reader, withTag: tag), implicitTag: tag)
        case ASN1UniversalType.bitString.rawValue:
            writer.serialize(try ASN1BitString(derNode: node, in: reader))
        case ASN1UniversalType.octetString.rawValue:
            writer.serialize(try ASN1OctetString(derNode: node, in: reader))
        case ASN1UniversalType.null.rawValue:
            writer.serialize(try ASN1Null(derNode: node, in: reader))
        case ASN1UniversalType.objectIdentifier.rawValue:
            writer.serialize(try ASN1ObjectIdentifier(derNode: node, in: reader))
        case ASN1UniversalType.utcTime.rawValue, ASN1UniversalType.generalizedTime.rawValue:
            writer.serialize(try ASN1Time(derNode: node, in: reader))
        default:
            if ASN1CharacterString.Kind(tag: tag) != nil {
                writer.serialize(try ASN1CharacterString(derNode: node, in: reader))
            } else {
                writer.writePrimitive(tag, content: reader.content(of: node))
            }
        }
    }

    // MARK: Limits

    /// The depth limit bites exactly below the depth the input needs; the size limit exactly
    /// below its size.
    static func checkLimits(_ bytes: [UInt8], deepest: Int) {
        if (try? DER.validate(bytes, limits: DERLimits(maximumDepth: deepest))) == nil {
            derFuzzFailure("valid DER refused with maximumDepth \(deepest)", bytes)
        }
        if deepest > 0 {
            do throws(DERError) {
                try DER.validate(bytes, limits: DERLimits(maximumDepth: deepest - 1))
                derFuzzFailure("DER needing depth \(deepest) accepted with maximumDepth \(deepest - 1)", bytes)
            } catch {
                guard error.rule == .depthLimitExceeded(limit: deepest - 1) else {
                    derFuzzFailure("maximumDepth \(deepest - 1) gave \(error)", bytes)
                }
            }
        }
        do throws(DERError) {
            try DER.validate(bytes, limits: DERLimits(maximumSize: bytes.count - 1))
            derFuzzFailure("DER of \(bytes.count) bytes accepted with maximumSize \(bytes.count - 1)", bytes)
        } catch {
            guard error.rule == .sizeLimitExceeded(limit: bytes.count - 1) else {
                derFuzzFailure("maximumSize \(bytes.count - 1) gave \(error)", bytes)
            }
        }
    }
}

/// Independent implementations to check the library against.
enum DERFuzzReference {
    struct Walk {
        var nodes: [DERNode] = []
        var depths: [Int] = []
        var error: DERError? = nil
    }

    // MARK: A walk over the reader API (the recursive descent DER.walk must equal)

    static func readerWalk(_ raw: UnsafeRawBufferPointer) -> Walk {
        var walk = Walk()
        do throws(DERError) {
            var reader = try DERReader(unsafeBytes: raw)
            guard let root = try reader.next() else { throw DERError(.truncated, at: 0) }
            try reader.finish()
            try readerVisit(root, reader, depth: 0, &walk)
        } catch {
            walk.error = error
        }
        return walk
    }

    static func readerVisit(_ node: DERNode, _ reader: DERReader, depth: Int, _ walk: inout Walk) throws(DERError) {
        walk.nodes.append(node)
        walk.depths.append(depth)
        if node.tag.isConstructed {
            var children = try reader.children(of: node)
            while let child = try children.next() {
                try readerVisit(child, children, depth: depth + 1, &walk)
            }
        } else {
            try DERContentRules.check(node, content: reader.content(of: node))
        }
    }

    // MARK: A walk with this file's own header parser (X.690 DER, the library's order of checks)

    static let maximumDepth = DERLimits.default.maximumDepth

    static func walk(_ raw: UnsafeRawBufferPointer) -> Walk {
        var walk = Walk()
        do throws(DERError) {
            guard raw.count > 0 else { throw DERError(.truncated, at: 0) }
            let root = try header(raw, at: 0, end: raw.count)
            if root.endOffset < raw.count { throw DERError(.trailingData, at: root.endOffset) }
            try visit(root, raw, depth: 0, &walk)
        } catch {
            walk.error = error
        }
        return walk
    }

    static func visit(_ node: DERNode, _ raw: UnsafeRawBufferPointer, depth: Int, _ walk: inout Walk) throws(DERError) {
        walk.nodes.append(node)
        walk.depths.append(depth)
        if node.tag.isConstructed {
            // An empty element nests nothing: only content goes one level deeper.
            guard depth + 1 <= maximumDepth || node.contentLength == 0 else {
                throw DERError(.depthLimitExceeded(limit: maximumDepth), at: node.contentOffset)
            }
            var position = node.contentOffset
            while position < node.endOffset {
                let child = try header(raw, at: position, end: node.endOffset)
                try visit(child, raw, depth: depth + 1, &walk)
                position = child.endOffset
            }
        } else {
            try DERContentRules.check(node, content: UnsafeRawBufferPointer(rebasing: raw[node.contentRange]))
        }
    }

    /// The universal types DER requires constructed; the other assigned ones 1…30 (but 15) are
    /// primitive.
    static let constructedOnly: Set<UInt64> = [8, 11, 16, 17, 29]

    static func header(_ b: UnsafeRawBufferPointer, at offset: Int, end: Int) throws(DERError) -> DERNode {
        func failure(_ rule: DERError.Rule) -> DERError { DERError(rule, at: offset) }
        var i = offset
        let identifier = b[i]
        i += 1
        let classBits = identifier >> 6
        let constructed = identifier & 0x20 != 0
        var number = UInt64(identifier & 0x1F)
        if number == 31 {
            guard i < end else { throw failure(.truncated) }
            guard b[i] != 0x80 else { throw failure(.nonMinimalTagNumber) }
            number = 0
            while true {
                guard i < end else { throw failure(.truncated) }
                let octet = b[i]
                i += 1
                number = number << 7 | UInt64(octet & 0x7F)
                guard number <= UInt64(UInt32.max) else { throw failure(.tagNumberTooLarge) }
                if octet < 0x80 { break }
            }
            guard number >= 31 else { throw failure(.nonMinimalTagNumber) }
        }
        if classBits == 0 {
            guard number != 0 else { throw failure(.endOfContentsTag) }
            if number <= 30 && number != 15 && constructedOnly.contains(number) != constructed {
                throw failure(.wrongConstructedBit)
            }
        }
        guard i < end else { throw failure(.truncated) }
        let first = b[i]
        i += 1
        var length = 0
        switch first {
        case 0..<0x80: length = Int(first)
        case 0x80: throw failure(.indefiniteLength)
        case 0xFF: throw failure(.invalidLength)
        default:
            let count = Int(first & 0x7F)
            guard count <= 7 else { throw failure(.invalidLength) }
            guard end - i >= count else { throw failure(.truncated) }
            guard b[i] != 0 else { throw failure(.nonMinimalLength) }
            for _ in 0..<count {
                length = length << 8 | Int(b[i])
                i += 1
            }
            guard length >= 0x80 else { throw failure(.nonMinimalLength) }
        }
        guard end - i >= length else { throw failure(.truncated) }
        let tagClass: ASN1Tag.TagClass = [.universal, .application, .contextSpecific, .private][Int(classBits)]
        return DERNode(
            tag: ASN1Tag(tagClass, number: UInt32(number), constructed: constructed), offset: offset,
            headerLength: i - offset, contentLength: length)
    }

    // MARK: Content rules

    /// `DERContentRules.check` of `content` under each primitive universal type agrees with the
    /// rules written out here (and, for times, with `ASN1Time(content:tag:at:)`).
    static func checkContentRules(_ content: UnsafeRawBufferPointer) {
        guard content.count <= 1024 else { return }
        for type in ASN1UniversalType.allCases {
            let tag = ASN1Tag.universal(type.rawValue)
            let outcome: DERError?
            do throws(DERError) {
                try DERContentRules.check(tag, content: content, at: 7)
                outcome = nil
            } catch {
                outcome = error
            }
            if let error = outcome, error.offset != 7 {
                derFuzzFailure("\(tag) content rule error at offset \(error.offset), not the element's", content)
            }
            let expected: Bool
            switch type {
            case .boolean: expected = content.count == 1 && (content[0] == 0 || content[0] == 0xFF)
            case .integer, .enumerated:
                expected =
                    content.count == 1
                    || (content.count > 1
                        && !((content[0] == 0 && content[1] < 0x80) || (content[0] == 0xFF && content[1] >= 0x80)))
            case .bitString:
                if content.isEmpty || content[0] > 7 {
                    expected = false
                } else if content.count == 1 {
                    expected = content[0] == 0
                } else {
                    expected = content[content.count - 1] & (UInt8(1 << content[0]) &- 1) == 0
                }
            case .null: expected = content.isEmpty
            case .objectIdentifier:
                var ok = !content.isEmpty && content[content.count - 1] < 0x80
                var startOfArc = true
                for octet in content {
                    if startOfArc && octet == 0x80 { ok = false }
                    startOfArc = octet < 0x80
                }
                expected = ok
            case .utcTime, .generalizedTime:
                let parsed = try? ASN1Time(content: content, tag: tag, at: 7)
                expected = parsed != nil
                if let parsed, !parsed.encodedContent.elementsEqual(content) {
                    derFuzzFailure("\(tag) \(parsed) re-encodes as \(Hex.encode(parsed.encodedContent))", content)
                }
            case .printableString: expected = content.allSatisfy(isPrintable)
            case .ia5String: expected = content.allSatisfy { $0 < 0x80 }
            case .visibleString: expected = content.allSatisfy { (0x20...0x7E).contains($0) }
            case .numericString: expected = content.allSatisfy { $0 == 0x20 || (0x30...0x39).contains($0) }
            case .utf8String: expected = isUTF8(content)
            case .bmpString:
                var ok = content.count % 2 == 0
                var i = 0
                while ok && i < content.count {
                    if (0xD8...0xDF).contains(content[i]) { ok = false }
                    i += 2
                }
                expected = ok
            case .universalString:
                var ok = content.count % 4 == 0
                var i = 0
                while ok && i < content.count {
                    let value =
                        UInt32(content[i]) << 24 | UInt32(content[i + 1]) << 16 | UInt32(content[i + 2]) << 8
                        | UInt32(content[i + 3])
                    if value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { ok = false }
                    i += 4
                }
                expected = ok
            default: expected = true  // no content rules (OCTET STRING, T61String, REAL, …)
            }
            if expected != (outcome == nil) {
                derFuzzFailure(
                    "DERContentRules.check for \(tag) says \(outcome.map { "\($0)" } ?? "valid"), "
                        + "the reference says \(expected ? "valid" : "invalid")", content)
            }
        }
    }

    static func isPrintable(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return Array(" '()+,-./:=?".utf8).contains(octet)
        }
    }

    /// RFC 3629 well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func isUTF8(_ c: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < c.count {
            let lead = c[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard i + length <= c.count, (low...high).contains(c[i + 1]) else { return false }
            var k = 2
            while k < length {
                guard (0x80...0xBF).contains(c[i + k]) else { return false }
                k += 1
            }
            i += length
        }
        return true
    }
}
