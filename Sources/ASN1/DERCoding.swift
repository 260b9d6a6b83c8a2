/// A type that can be decoded from one DER element, in the spirit of swift-asn1's
/// `DERParseable`.
///
/// Structures declare their fields tersely on top of ``DERReader``:
///
/// ```swift
/// struct AlgorithmIdentifier: DERParseable {
///     var algorithm: ASN1ObjectIdentifier
///     var parameters: DERNode?
///     init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
///         var fields = try reader.children(of: node)
///         algorithm = try fields.decode(ASN1ObjectIdentifier.self)
///         parameters = try fields.next()
///         try fields.finish()
///     }
/// }
/// ```
public protocol DERParseable {
    /// Decodes the value from `node`, an element read by `reader` (whose input holds it).
    init(derNode node: DERNode, in reader: DERReader) throws(DERError)
}

/// A type that can write itself as DER.
public protocol DERSerializable {
    /// Appends the value's encoding to `writer`.
    func serialize(into writer: inout DERWriter)
}

/// A type with a universal tag that may be replaced by an implicit one (`[n] IMPLICIT`).
public protocol DERImplicitlyTaggable: DERParseable, DERSerializable {
    /// The tag the type carries when not implicitly tagged.
    static var defaultTag: ASN1Tag { get }
    /// Decodes the value from `node`, which must carry `tag`.
    init(derNode node: DERNode, in reader: DERReader, withTag tag: ASN1Tag) throws(DERError)
    /// Appends the value's encoding with `tag` in place of ``defaultTag``.
    func serialize(into writer: inout DERWriter, withTag tag: ASN1Tag)
}

extension DERImplicitlyTaggable {
    /// Decodes the value from `node`, which must carry ``defaultTag``.
    @inlinable
    public init(derNode node: DERNode, in reader: DERReader) throws(DERError) {
        try self.init(derNode: node, in: reader, withTag: Self.defaultTag)
    }

    /// Appends the value's encoding with ``defaultTag``.
    @inlinable
    public func serialize(into writer: inout DERWriter) {
        serialize(into: &writer, withTag: Self.defaultTag)
    }

    /// Throws ``DERError/Rule/unexpectedTag(expected:found:)`` unless `node` carries `tag`.
    @inlinable
    public static func expect(_ tag: ASN1Tag, on node: DERNode) throws(DERError) {
        guard node.tag == tag else { throw DERError(.unexpectedTag(expected: tag, found: node.tag), at: node.offset) }
    }
}

extension DERReader {
    /// Reads the next element, which must exist, and decodes it as `type`.
    @inlinable
    public mutating func decode<Value: DERParseable>(_ type: Value.Type) throws(DERError) -> Value {
        let node = try readAny()
        return try Value(derNode: node, in: self)
    }

    /// Reads the next element, which must carry the implicit `tag`, and decodes it as `type`.
    @inlinable
    public mutating func decode<Value: DERImplicitlyTaggable>(
        _ type: Value.Type, implicitTag tag: ASN1Tag
    ) throws(DERError) -> Value {
        let node = try read(tag)
        return try Value(derNode: node, in: self, withTag: tag)
    }

    /// Decodes the next element as `type` if it carries `type`'s default tag.
    @inlinable
    public mutating func decodeIfPresent<Value: DERImplicitlyTaggable>(_ type: Value.Type) throws(DERError) -> Value? {
        guard let node = try readIfPresent(Value.defaultTag) else { return nil }
        return try Value(derNode: node, in: self)
    }

    /// Decodes a value wrapped in an explicit `tag` (`[n] EXPLICIT`), if that tag is next.
    @inlinable
    public mutating func decodeIfPresent<Value: DERParseable>(
        _ type: Value.Type, explicitTag tag: ASN1Tag
    ) throws(DERError) -> Value? {
        try readConstructedIfPresent(tag.withConstructed(true)) { inner throws(DERError) in
            try inner.decode(Value.self)
        }
    }
}

/// Entry points that read whole inputs.
public enum DER {
    /// Runs `body` with a reader over `bytes`.
    @inlinable
    public static func withReader<Result>(
        _ bytes: [UInt8], limits: DERLimits = .default, _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        try withReader(bytes[...], limits: limits, body)
    }

    /// Runs `body` with a reader over `bytes`; offsets count from `bytes.startIndex`.
    @inlinable
    public static func withReader<Result>(
        _ bytes: ArraySlice<UInt8>, limits: DERLimits = .default,
        _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        let outcome: Swift.Result<Result, DERError> = bytes.withUnsafeBytes { raw in
            do throws(DERError) {
                var reader = try DERReader(unsafeBytes: raw, limits: limits)
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Runs `body` with a reader over `bytes`, without copying them (e.g. a span of a
    /// memory-mapped file); offsets count from the span's first byte.
    @inlinable
    public static func withReader<Result>(
        _ bytes: Span<UInt8>, limits: DERLimits = .default, _ body: (inout DERReader) throws(DERError) -> Result
    ) throws(DERError) -> Result {
        try bytes.withUnsafeBufferPointer { buffer throws(DERError) in
            var reader = try DERReader(unsafeBytes: UnsafeRawBufferPointer(buffer), limits: limits)
            return try body(&reader)
        }
    }

    /// Decodes `bytes`, which must be exactly one element, as `type`.
    ///
    /// - Throws: the decoder's error, or ``DERError/Rule/trailingData`` after the element.
    @inlinable
    public static func parse<Value: DERParseable>(
        _ type: Value.Type, from bytes: [UInt8], limits: DERLimits = .default
    ) throws(DERError) -> Value {
        try withReader(bytes, limits: limits) { reader throws(DERError) in
            let value = try reader.decode(Value.self)
            try reader.finish()
            return value
        }
    }

    /// Calls `visit` for every element of a DER input, depth first, with its depth, checking every
    /// structural rule and, for primitive universal types, their content rules; the input must
    /// be exactly one element. Reads `bytes` in place and allocates nothing.
    @inlinable
    public static func walk(
        _ bytes: Span<UInt8>, limits: DERLimits = .default, _ visit: (DERNode, Int) throws(DERError) -> Void
    ) throws(DERError) {
        try bytes.withUnsafeBufferPointer { buffer throws(DERError) in
            try walk(UnsafeRawBufferPointer(buffer), limits: limits, visit)
        }
    }

    /// Calls `visit` for every element of a DER input held in an array, as the walk over a span
    /// does.
    @inlinable
    public static func walk(
        _ bytes: [UInt8], limits: DERLimits = .default, _ visit: (DERNode, Int) throws(DERError) -> Void
    ) throws(DERError) {
        let outcome: Swift.Result<Void, DERError> = bytes.withUnsafeBytes { raw in
            do throws(DERError) {
                try walk(raw, limits: limits, visit)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// The walk over bytes that must stay valid during the call (this module's own entry point).
    @inlinable
    static func walk(
        _ bytes: UnsafeRawBufferPointer, limits: DERLimits = .default,
        _ visit: (DERNode, Int) throws(DERError) -> Void
    ) throws(DERError) {
        var reader = try DERReader(unsafeBytes: bytes, limits: limits)
        guard let root = try reader.next() else { throw DERError(.truncated, at: 0) }
        try reader.finish()
        // Nesting cannot exceed the depth limit, nor one level per two octets of input.
        let capacity = Swift.max(1, Swift.min(limits.maximumDepth, bytes.count / 2) + 1)
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { ends throws(DERError) in
            try walk(bytes, root: root, maximumDepth: limits.maximumDepth, ends: ends, visit)
        }
    }

    /// The loop of `walk(_:limits:_:)`: depth first, without recursion; `ends` holds the end
    /// offset of each open constructed element (the order of visits, checks and errors is that
    /// of a recursive descent).
    @inlinable
    static func walk(
        _ input: UnsafeRawBufferPointer, root: DERNode, maximumDepth: Int, ends: UnsafeMutableBufferPointer<Int>,
        _ visit: (DERNode, Int) throws(DERError) -> Void
    ) throws(DERError) {
        var node = root
        var depth = 0
        var position = 0
        while true {
            try visit(node, depth)
            if node.tag.isConstructed {
                guard depth + 1 <= maximumDepth || node.contentLength == 0 else {
                    throw DERError(.depthLimitExceeded(limit: maximumDepth), at: node.contentOffset)
                }
                ends[depth] = node.endOffset
                depth += 1
                position = node.contentOffset
            } else {
                try DERContentRules.check(
                    node, content: UnsafeRawBufferPointer(rebasing: input[node.contentOffset..<node.endOffset]))
                position = node.endOffset
            }
            // The next element: the next sibling, or that of the nearest unfinished ancestor.
            while depth > 0 && position >= ends[depth - 1] { depth -= 1 }
            if depth == 0 { return }
            node = try DERReader.readHeader(input, at: position, end: ends[depth - 1])
        }
    }

    /// Checks that `bytes` is exactly one valid DER element (see `walk(_:limits:_:)`) and
    /// returns the number of elements in it.
    @inlinable
    @discardableResult
    public static func validate(_ bytes: [UInt8], limits: DERLimits = .default) throws(DERError) -> Int {
        let outcome: Swift.Result<Int, DERError> = bytes.withUnsafeBytes { raw in
            var count = 0
            do throws(DERError) {
                try walk(raw, limits: limits) { _, _ in count += 1 }
                return .success(count)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
