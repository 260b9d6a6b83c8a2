/// A strict DER reader over bytes it borrows.
///
/// The reader never copies content: it hands out ``DERNode``s, which are positions in the input,
/// and ``content(of:)`` views. It checks every structural rule of DER as it reads a header
/// (definite, minimal lengths; minimal tag numbers; primitive or constructed as the universal
/// type requires; no end-of-contents), and the typed decoders check the content rules of their
/// type. Every rejection is a ``DERError`` carrying the offset of the offending element.
///
/// A reader borrows its bytes. Obtain one with ``DER/withReader(_:limits:_:)`` (over an array,
/// an array slice or a `Span<UInt8>`, e.g. of a memory-mapped file) and do not let it outlive
/// the call. Content is handed out as bounds-checked views
/// (``withContent(of:_:)``, ``withEncoding(of:_:)``) or copies (``contentBytes(of:)``,
/// ``encodedBytes(of:)``).
///
/// ```swift
/// let serial = try DER.withReader(certificateBytes) { reader throws(DERError) in
///     try reader.readSequence { certificate throws(DERError) in
///         try certificate.readSequence { tbs throws(DERError) in
///             _ = try tbs.readIfPresent(.contextSpecific(0, constructed: true))
///             return try tbs.read(.integer).contentRange
///         }
///     }
/// }
/// ```
public struct DERReader {
    /// The whole input; offsets count from its first byte.
    @usableFromInline let input: UnsafeRawBufferPointer
    /// The offset of the next element to read.
    @usableFromInline var position: Int
    /// The offset where this reader's elements end.
    @usableFromInline let end: Int
    /// The depth of the elements this reader yields: 0 for the outermost.
    public let depth: Int
    /// The limits this reader enforces.
    public let limits: DERLimits

    /// A reader over `bytes`, which must stay valid and unchanged while the reader and the
    /// views it returns are used. For this package's modules (memory-mapped CRLs); clients go
    /// through ``DER/withReader(_:limits:_:)``.
    ///
    /// - Throws: ``DERError/Rule/sizeLimitExceeded(limit:)`` when `bytes` is larger than
    ///   `limits.maximumSize`.
    @inlinable
    package init(unsafeBytes bytes: UnsafeRawBufferPointer, limits: DERLimits = .default) throws(DERError) {
        guard bytes.count <= limits.maximumSize else {
            throw DERError(.sizeLimitExceeded(limit: limits.maximumSize), at: 0)
        }
        self.input = bytes
        self.position = 0
        self.end = bytes.count
        self.depth = 0
        self.limits = limits
    }

    @inlinable
    init(input: UnsafeRawBufferPointer, range: Range<Int>, depth: Int, limits: DERLimits) {
        self.input = input
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
        self.limits = limits
    }

    /// `true` when every element of this reader has been read.
    @inlinable public var isAtEnd: Bool { position >= end }

    /// The offset of the next element.
    @inlinable public var offset: Int { position }

    /// The range of the input this reader covers.
    @inlinable public var range: Range<Int> { position..<end }

    /// Stops the program unless `node` lies inside the input: a node read from a larger input
    /// than this reader's must not be read here. (A reader's own nodes always pass; their
    /// offsets are never negative.)
    @inlinable @inline(__always)
    func checkBounds(_ node: DERNode) {
        precondition(node.endOffset <= input.count, "DERNode lies beyond the reader's input")
    }

    /// The content octets of `node`, a view into the input valid while the input is.
    @inlinable
    package func content(of node: DERNode) -> UnsafeRawBufferPointer {
        checkBounds(node)
        return UnsafeRawBufferPointer(rebasing: input[node.contentRange])
    }

    /// The whole encoding of `node` (identifier, length and content), a view into the input.
    @inlinable
    package func encoding(of node: DERNode) -> UnsafeRawBufferPointer {
        checkBounds(node)
        return UnsafeRawBufferPointer(rebasing: input[node.encodedRange])
    }

    /// The input octets at `range` (offsets in the input, e.g. of elements read before), a view
    /// into the input valid while the input is: for this package's modules.
    ///
    /// - Precondition: `range` lies in the input.
    @inlinable
    package func bytes(in range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= input.count, "range outside the reader's input")
        return UnsafeRawBufferPointer(rebasing: input[range])
    }

    /// Calls `body` with a view of `node`'s content octets, without copying them.
    ///
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable
    public func withContent<Result, Failure: Error>(
        of node: DERNode, _ body: (Span<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(Span(_unsafeBytes: content(of: node)))
    }

    /// Calls `body` with a view of `node`'s whole encoding (identifier, length and content
    /// octets), without copying it.
    ///
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable
    public func withEncoding<Result, Failure: Error>(
        of node: DERNode, _ body: (Span<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(Span(_unsafeBytes: encoding(of: node)))
    }

    /// A copy of `node`'s content octets.
    ///
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable
    public func contentBytes(of node: DERNode) -> [UInt8] { Array(content(of: node)) }

    /// A copy of `node`'s whole encoding (identifier, length and content octets).
    ///
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable
    public func encodedBytes(of node: DERNode) -> [UInt8] { Array(encoding(of: node)) }

    /// The input octet at `offset`.
    ///
    /// - Precondition: `offset` lies in the input.
    @inlinable
    public func byte(at offset: Int) -> UInt8 {
        precondition(offset >= 0 && offset < input.count, "offset outside the reader's input")
        return input[offset]
    }

    // MARK: Reading headers

    /// Reads the next element's header and moves past the whole element.
    ///
    /// - Returns: the element, or `nil` at the end of this reader's range.
    @inlinable @inline(__always)
    public mutating func next() throws(DERError) -> DERNode? {
        guard position < end else { return nil }
        let node = try Self.readHeader(input, at: position, end: end)
        position = node.endOffset
        return node
    }

    /// The next element, without moving past it.
    @inlinable @inline(__always)
    public func peek() throws(DERError) -> DERNode? {
        guard position < end else { return nil }
        return try Self.readHeader(input, at: position, end: end)
    }

    /// Reads the next element, which must exist and carry `tag`.
    @inlinable
    public mutating func read(_ tag: ASN1Tag) throws(DERError) -> DERNode {
        guard let node = try next() else { throw DERError(.missingElement(expected: tag), at: position) }
        guard node.tag == tag else {
            throw DERError(.unexpectedTag(expected: tag, found: node.tag), at: node.offset)
        }
        return node
    }

    /// Reads the next element if it carries `tag`; otherwise leaves the reader where it is.
    @inlinable
    public mutating func readIfPresent(_ tag: ASN1Tag) throws(DERError) -> DERNode? {
        guard let node = try peek(), node.tag == tag else { return nil }
        position = node.endOffset
        return node
    }

    /// Reads the next element, whatever its tag; it must exist.
    @inlinable
    public mutating func readAny() throws(DERError) -> DERNode {
        guard let node = try next() else { throw DERError(.truncated, at: position) }
        return node
    }

    /// Throws ``DERError/Rule/trailingData`` unless every element has been read.
    @inlinable
    public func finish() throws(DERError) {
        if position < end { throw DERError(.trailingData, at: position) }
    }

    // MARK: Descending

    /// A reader over the elements inside the constructed `node`.
    ///
    /// - Throws: ``DERError/Rule/wrongConstructedBit`` for a primitive node,
    ///   ``DERError/Rule/depthLimitExceeded(limit:)`` when its content would lie beyond the depth
    ///   limit (an empty element at the deepest level is fine).
    ///
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable @inline(__always)
    public func children(of node: DERNode) throws(DERError) -> DERReader {
        checkBounds(node)
        guard node.tag.isConstructed else { throw DERError(.wrongConstructedBit, at: node.offset) }
        // An empty element nests nothing: only content goes one level deeper.
        guard depth + 1 <= limits.maximumDepth || node.contentLength == 0 else {
            throw DERError(.depthLimitExceeded(limit: limits.maximumDepth), at: node.contentOffset)
        }
        return DERReader(input: input, range: node.contentRange, depth: depth + 1, limits: limits)
    }

    /// A reader over the elements in `range` of the input, one level deeper: for this package's
    /// modules, which keep ranges of elements already read (a CRL's entries).
    ///
    /// - Throws: ``DERError/Rule/depthLimitExceeded(limit:)`` as ``children(of:)`` does.
    /// - Precondition: `range` lies in the input.
    @inlinable
    package func children(in range: Range<Int>) throws(DERError) -> DERReader {
        precondition(range.lowerBound >= 0 && range.upperBound <= input.count, "range outside the reader's input")
        guard depth + 1 <= limits.maximumDepth || range.isEmpty else {
            throw DERError(.depthLimitExceeded(limit: limits.maximumDepth), at: range.lowerBound)
        }
        return DERReader(input: input, range: range, depth: depth + 1, limits: limits)
    }

    /// A reader over the content of the primitive `node` as DER, e.g. an OCTET STRING or BIT
    /// STRING that encapsulates an encoding (X.509 extension values, SPKI keys).
    ///
    /// - Parameter skipping: content octets to skip first (1 for a BIT STRING's unused-bits
    ///   octet); not negative.
    /// - Precondition: `node` was read from this reader's input (or one at least as long).
    @inlinable
    public func encapsulated(in node: DERNode, skipping: Int = 0) throws(DERError) -> DERReader {
        checkBounds(node)
        precondition(skipping >= 0, "a negative number of octets to skip")
        guard depth + 1 <= limits.maximumDepth else {
            throw DERError(.depthLimitExceeded(limit: limits.maximumDepth), at: node.contentOffset)
        }
        guard skipping <= node.contentLength else { throw DERError(.truncated, at: node.offset) }
        return DERReader(
            input: input, range: (node.contentOffset + skipping)..<node.endOffset, depth: depth + 1,
            limits: limits)
    }

    /// Reads the next element, which must carry `tag` and be constructed, and runs `body` on a
    /// reader over its children; `body` must read every child, or the read fails with
    /// ``DERError/Rule/trailingData``.
    @inlinable
    public mutating func readConstructed<Result>(
        _ tag: ASN1Tag, _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        let node = try read(tag)
        var inner = try children(of: node)
        let result = try body(&inner)
        try inner.finish()
        return result
    }

    /// Reads the next element, which must be a SEQUENCE, and runs `body` over its children.
    @inlinable
    public mutating func readSequence<Result>(
        _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        try readConstructed(.sequence, body)
    }

    /// Reads a constructed element with `tag` if it is next, running `body` over its children.
    @inlinable
    public mutating func readConstructedIfPresent<Result>(
        _ tag: ASN1Tag, _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result? {
        guard let node = try peek(), node.tag == tag else { return nil }
        return try readConstructed(tag, body)
    }

    /// Reads a SET OF: the next element must be a SET whose elements are in DER's ascending
    /// order; `body` is called for each element node in turn.
    @inlinable
    public mutating func readSetOf(
        _ tag: ASN1Tag = .set, _ body: (DERNode, DERReader) throws(DERError) -> Void
    ) throws(DERError) {
        let node = try read(tag)
        var inner = try children(of: node)
        var previous: DERNode? = nil
        while let element = try inner.next() {
            if let previous, !Self.derOrdered(encoding(of: previous), encoding(of: element)) {
                throw DERError(.setOfNotSorted, at: element.offset)
            }
            try body(element, inner)
            previous = element
        }
    }

    /// Whether `a` ≤ `b` in DER's SET OF order: octet-wise, the shorter padded with zeros.
    @inlinable
    static func derOrdered(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = Swift.min(a.count, b.count)
        var i = 0
        while i < common {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        if a.count <= b.count { return true }
        while i < a.count {
            if a[i] != 0 { return false }
            i += 1
        }
        return true
    }

    // MARK: The header of an element

    /// Reads the identifier and length octets at `offset` and checks them against DER.
    ///
    /// The common headers (a tag number below 31, a length in one to three octets) that pass
    /// every check are read with few branches here; anything else, valid or not, goes through
    /// ``readHeaderChecked(_:at:end:)``, which reports the first rule broken.
    @inlinable @inline(__always)
    static func readHeader(_ input: UnsafeRawBufferPointer, at offset: Int, end: Int) throws(DERError) -> DERNode {
        let first = input[offset]
        let number = UInt32(first & 0x1F)
        let constructed = first & 0x20 != 0
        // Universal tag numbers that may not appear in this form (bit 0: end-of-contents).
        let forbidden: UInt32 =
            first >= 0x40
            ? 0 : constructed ? ASN1UniversalType.primitiveOnlyMask | 1 : ASN1UniversalType.constructedOnlyMask | 1
        if number != 0x1F, forbidden >> number & 1 == 0, end - offset >= 2 {
            let lengthOctet = input[offset + 1]
            let tag = ASN1Tag(Self.tagClass(first), number: number, constructed: constructed)
            if lengthOctet < 0x80 {
                let length = Int(lengthOctet)
                if end - offset - 2 >= length {
                    return DERNode(tag: tag, offset: offset, headerLength: 2, contentLength: length)
                }
            } else if lengthOctet == 0x81 {
                if end - offset >= 3 {
                    let length = Int(input[offset + 2])
                    if length >= 0x80 && end - offset - 3 >= length {
                        return DERNode(tag: tag, offset: offset, headerLength: 3, contentLength: length)
                    }
                }
            } else if lengthOctet == 0x82 {
                if end - offset >= 4 {
                    let length = Int(input[offset + 2]) << 8 | Int(input[offset + 3])
                    if length >= 0x100 && end - offset - 4 >= length {
                        return DERNode(tag: tag, offset: offset, headerLength: 4, contentLength: length)
                    }
                }
            }
        }
        return try readHeaderChecked(input, at: offset, end: end)
    }

    /// The class in the top two bits of an identifier octet.
    @inlinable @inline(__always)
    static func tagClass(_ first: UInt8) -> ASN1Tag.TagClass {
        switch first >> 6 {
        case 0: return .universal
        case 1: return .application
        case 2: return .contextSpecific
        default: return .private
        }
    }

    /// ``readHeader(_:at:end:)`` for every form, checking each rule in turn.
    @usableFromInline
    static func readHeaderChecked(
        _ input: UnsafeRawBufferPointer, at offset: Int, end: Int
    ) throws(DERError) -> DERNode {
        var i = offset
        // Identifier octets.
        let first = input[i]
        i += 1
        let tagClass = Self.tagClass(first)
        let constructed = first & 0x20 != 0
        var number = UInt32(first & 0x1F)
        if number == 0x1F {
            guard i < end else { throw DERError(.truncated, at: offset) }
            if input[i] == 0x80 { throw DERError(.nonMinimalTagNumber, at: offset) }
            var value: UInt64 = 0
            while true {
                guard i < end else { throw DERError(.truncated, at: offset) }
                let octet = input[i]
                i += 1
                value = (value << 7) | UInt64(octet & 0x7F)
                if value > UInt64(UInt32.max) { throw DERError(.tagNumberTooLarge, at: offset) }
                if octet & 0x80 == 0 { break }
            }
            if value < 0x1F { throw DERError(.nonMinimalTagNumber, at: offset) }
            number = UInt32(value)
        }
        if tagClass == .universal {
            if number == 0 { throw DERError(.endOfContentsTag, at: offset) }
            if number < 31 {
                let bit = UInt32(1) << number
                if (constructed && bit & ASN1UniversalType.primitiveOnlyMask != 0)
                    || (!constructed && bit & ASN1UniversalType.constructedOnlyMask != 0)
                {
                    throw DERError(.wrongConstructedBit, at: offset)
                }
            }
        }
        // Length octets.
        guard i < end else { throw DERError(.truncated, at: offset) }
        let lengthOctet = input[i]
        i += 1
        var length: Int
        if lengthOctet < 0x80 {
            length = Int(lengthOctet)
        } else if lengthOctet == 0x80 {
            throw DERError(.indefiniteLength, at: offset)
        } else if lengthOctet == 0xFF {
            throw DERError(.invalidLength, at: offset)
        } else {
            let count = Int(lengthOctet & 0x7F)
            guard count <= MemoryLayout<Int>.size - 1 else { throw DERError(.invalidLength, at: offset) }
            guard end - i >= count else { throw DERError(.truncated, at: offset) }
            if input[i] == 0 { throw DERError(.nonMinimalLength, at: offset) }
            length = 0
            for _ in 0..<count {
                length = (length << 8) | Int(input[i])
                i += 1
            }
            if length < 0x80 { throw DERError(.nonMinimalLength, at: offset) }
        }
        guard end - i >= length else { throw DERError(.truncated, at: offset) }
        return DERNode(
            tag: ASN1Tag(tagClass, number: number, constructed: constructed), offset: offset,
            headerLength: i - offset, contentLength: length)
    }
}
