/// One element found by a ``DERReader``: its tag and where its header and content lie in the
/// input.
///
/// A node holds no bytes and no references: it is a position in the caller's buffer, so reading
/// a whole certificate allocates nothing per node. Offsets count from the first byte of the
/// input given to the reader. Only a reader makes nodes; pass a node back to a reader over the
/// same input (a node that lies beyond a reader's input stops the program rather than being
/// read).
public struct DERNode: Hashable, Sendable {
    /// The element's tag.
    public let tag: ASN1Tag
    /// The offset of the element's first identifier octet.
    public let offset: Int
    /// The number of identifier and length octets.
    public let headerLength: Int
    /// The number of content octets.
    public let contentLength: Int

    /// Creates a node. Only readers make nodes: a node's offsets are those of an element the
    /// reader found, which keeps every view of a node inside some reader's input.
    @inlinable
    init(tag: ASN1Tag, offset: Int, headerLength: Int, contentLength: Int) {
        self.tag = tag
        self.offset = offset
        self.headerLength = headerLength
        self.contentLength = contentLength
    }

    /// The offset of the first content octet.
    @inlinable public var contentOffset: Int { offset + headerLength }
    /// The offset just past the element.
    @inlinable public var endOffset: Int { offset + headerLength + contentLength }
    /// The content octets' range in the input.
    @inlinable public var contentRange: Range<Int> { contentOffset..<endOffset }
    /// The whole element's range (identifier, length and content) in the input.
    @inlinable public var encodedRange: Range<Int> { offset..<endOffset }
    /// The whole element's length in bytes.
    @inlinable public var encodedLength: Int { headerLength + contentLength }
}

/// Limits that protect a reader from hostile input.
public struct DERLimits: Hashable, Sendable {
    /// The deepest nesting a reader descends to (the outermost element is at depth 0).
    public var maximumDepth: Int
    /// The largest input accepted, in bytes.
    public var maximumSize: Int

    /// Creates limits.
    public init(maximumDepth: Int = 64, maximumSize: Int = 1 << 32) {
        self.maximumDepth = maximumDepth
        self.maximumSize = maximumSize
    }

    /// 64 levels and 4 GiB: enough for certificates, CMS and CRLs of tens of millions of entries.
    public static let `default` = DERLimits()
}
