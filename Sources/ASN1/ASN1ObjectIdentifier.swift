/// An OBJECT IDENTIFIER, held as its DER content octets.
///
/// Identifiers up to 32 content octets (every OID in certificates and on the card) are stored
/// inline: reading, comparing and hashing them allocates nothing. Longer ones are kept in an
/// array. Arcs of any size are rendered (``description`` handles arcs beyond 64 bits).
public struct ASN1ObjectIdentifier: Hashable, Sendable, Comparable, CustomStringConvertible {
    @usableFromInline
    struct Inline: Hashable, Sendable {
        @usableFromInline var w0: UInt64 = 0
        @usableFromInline var w1: UInt64 = 0
        @usableFromInline var w2: UInt64 = 0
        @usableFromInline var w3: UInt64 = 0
        @inlinable init() {}
    }

    @usableFromInline
    enum Storage: Hashable, Sendable {
        case inline(Inline, count: UInt8)
        case heap([UInt8])
    }

    @usableFromInline let storage: Storage

    /// The largest content size stored inline.
    public static let inlineCapacity = 32

    /// An identifier from DER content octets that satisfy the rules of an OBJECT IDENTIFIER's
    /// content (unchecked here: for this package's decoders, which have checked them).
    @inlinable
    package init(validatedContent content: UnsafeRawBufferPointer) {
        if content.count <= Self.inlineCapacity {
            var inline = Inline()
            withUnsafeMutableBytes(of: &inline) { raw in
                raw.copyMemory(from: content)
            }
            storage = .inline(inline, count: UInt8(content.count))
        } else {
            storage = .heap(Array(content))
        }
    }

    /// An identifier from DER content octets in memory that stays valid during the call.
    ///
    /// - Throws: ``DERError/Rule/invalidObjectIdentifier`` (at `offset`).
    @inlinable
    package init(content: UnsafeRawBufferPointer, at offset: Int = 0) throws(DERError) {
        try DERContentRules.checkObjectIdentifier(content, at: offset)
        self.init(validatedContent: content)
    }

    /// An identifier from its DER content octets, e.g. `[0x55, 0x04, 0x03]` for `2.5.4.3`.
    ///
    /// - Throws: ``DERError/Rule/invalidObjectIdentifier`` (at `offset`) when the octets are not
    ///   an OBJECT IDENTIFIER's content in DER.
    public init(content: some Collection<UInt8>, at offset: Int = 0) throws(DERError) {
        self = try withContiguousBytes(content) { raw throws(DERError) in try Self(content: raw, at: offset) }
    }

    /// An identifier from its arcs, e.g. `[1, 2, 392, 200149, 8, 5, 5, 1]`.
    ///
    /// - Throws: ``DERError/Rule/invalidObjectIdentifier`` for fewer than two arcs, a first arc
    ///   above 2, or a second arc above 39 under a first arc of 0 or 1.
    public init(arcs: [UInt64]) throws(DERError) {
        guard arcs.count >= 2, arcs[0] <= 2, arcs[0] == 2 || arcs[1] < 40,
            arcs[1] <= UInt64.max - 80
        else { throw DERError(.invalidObjectIdentifier, at: 0) }
        var content: [UInt8] = []
        Self.appendBase128(arcs[0] * 40 + arcs[1], to: &content)
        for arc in arcs.dropFirst(2) { Self.appendBase128(arc, to: &content) }
        self = content.withUnsafeBytes { Self(validatedContent: $0) }
    }

    /// An identifier from its dotted form, e.g. `"1.2.392.200149.8.5.5.1"`.
    ///
    /// - Throws: ``DERError/Rule/invalidObjectIdentifier`` when the text is not dotted decimal
    ///   arcs of 64 bits or fewer, or breaks ``init(arcs:)``'s rules.
    public init(dotted: String) throws(DERError) {
        var arcs: [UInt64] = []
        for part in dotted.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                part.utf8.count == 1 || part.utf8.first != 0x30, let arc = UInt64(part)
            else { throw DERError(.invalidObjectIdentifier, at: 0) }
            arcs.append(arc)
        }
        try self.init(arcs: arcs)
    }

    /// Calls `body` with a view of the DER content octets, without copying them.
    @inlinable
    public func withContentBytes<Result, Failure: Error>(
        _ body: (Span<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withUnsafeContentBytes { raw throws(Failure) in try body(Span(_unsafeBytes: raw)) }
    }

    /// Calls `body` with the DER content octets, valid during the call.
    @inlinable
    func withUnsafeContentBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // The standard library's byte accessors rethrow untyped errors: carry them out as values.
        func run(_ raw: UnsafeRawBufferPointer) -> Swift.Result<Result, Failure> {
            do throws(Failure) {
                return .success(try body(raw))
            } catch {
                return .failure(error)
            }
        }
        switch storage {
        case .inline(var inline, let count):
            let outcome = withUnsafeBytes(of: &inline) { raw in
                run(UnsafeRawBufferPointer(rebasing: raw[0..<Int(count)]))
            }
            return try outcome.get()
        case .heap(let bytes):
            return try bytes.withUnsafeBytes(run).get()
        }
    }

    /// The DER content octets.
    public var contentBytes: [UInt8] { withUnsafeContentBytes { Array($0) } }

    /// Whether `content`, valid during the call, holds this identifier's content octets;
    /// allocates nothing.
    @inlinable
    package func matches(content: UnsafeRawBufferPointer) -> Bool {
        withUnsafeContentBytes { mine in
            mine.count == content.count && (mine.count == 0 || memcmpEqual(mine, content))
        }
    }

    /// Whether `content` holds this identifier's content octets (e.g. a view from
    /// ``DERReader/withContent(of:_:)``); allocates nothing.
    @inlinable
    public func matches(content: Span<UInt8>) -> Bool {
        content.withUnsafeBufferPointer { matches(content: UnsafeRawBufferPointer($0)) }
    }

    /// The arcs, when each fits in 64 bits; `nil` otherwise.
    public var arcs: [UInt64]? {
        withUnsafeContentBytes { content in
            var arcs: [UInt64] = []
            var value: UInt64 = 0
            for octet in content {
                guard value >> 57 == 0 else { return nil }
                value = value << 7 | UInt64(octet & 0x7F)
                if octet & 0x80 == 0 {
                    if arcs.isEmpty {
                        let first: UInt64 = value < 40 ? 0 : value < 80 ? 1 : 2
                        arcs.append(first)
                        arcs.append(value - first * 40)
                    } else {
                        arcs.append(value)
                    }
                    value = 0
                }
            }
            return arcs
        }
    }

    /// The longest sub-identifier ``description`` writes in decimal, in octets (896 bits; a
    /// UUID arc under 2.25 takes 19). Longer ones, which no registered identifier has, appear as
    /// `{arc of N octets}`: writing a number in decimal takes time quadratic in its length, and
    /// a certificate or CMS from anyone can carry an arc of megabytes (OpenSSL's CVE-2023-2650).
    public static let maximumDecimalArcOctets = 128

    /// The dotted decimal form, e.g. `1.2.840.113549.1.1.11`, for arcs of up to
    /// ``maximumDecimalArcOctets`` octets (beyond 64 bits too); a longer arc is written
    /// `{arc of N octets}`.
    public var description: String {
        withUnsafeContentBytes { content in
            var parts: [String] = []
            var digits: [UInt8] = []  // base-128 digits of the current sub-identifier
            for octet in content {
                digits.append(octet & 0x7F)
                if octet & 0x80 == 0 {
                    if digits.count > Self.maximumDecimalArcOctets {
                        // The first sub-identifier is 40·X + Y: that long, X is 2.
                        if parts.isEmpty { parts.append("2") }
                        parts.append("{arc of \(digits.count) octets}")
                    } else if parts.isEmpty {
                        // The first sub-identifier is 40·X + Y.
                        let value = Self.decimal(base128: digits)
                        if let small = UInt64(value) {
                            let first: UInt64 = small < 40 ? 0 : small < 80 ? 1 : 2
                            parts.append(String(first))
                            parts.append(String(small - first * 40))
                        } else {
                            parts.append("2")
                            parts.append(Self.decimal(base128: digits, minus: 80))
                        }
                    } else {
                        parts.append(Self.decimal(base128: digits))
                    }
                    digits.removeAll(keepingCapacity: true)
                }
            }
            return parts.joined(separator: ".")
        }
    }

    /// The well-known name of this identifier, e.g. `sha256WithRSAEncryption`, or `nil`.
    public var name: String? { ASN1ObjectIdentifier.wellKnownNames[self] }

    /// Orders by content octets: a stable order for sorting, not numeric order.
    public static func < (lhs: ASN1ObjectIdentifier, rhs: ASN1ObjectIdentifier) -> Bool {
        lhs.withUnsafeContentBytes { l in rhs.withUnsafeContentBytes { r in l.lexicographicallyPrecedes(r) } }
    }

    static func appendBase128(_ value: UInt64, to bytes: inout [UInt8]) {
        var groups: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(contentsOf: groups.reversed())
    }

    /// The decimal digits of a number given as base-128 digits (most significant first), less
    /// `minus`, by schoolbook long division: arcs are not limited to 64 bits.
    static func decimal(base128 digits: [UInt8], minus: UInt8 = 0) -> String {
        // Convert to base 10^9 limbs, little-endian.
        var limbs: [UInt32] = [0]
        for digit in digits {
            var carry = UInt64(digit)
            for i in limbs.indices {
                let v = UInt64(limbs[i]) * 128 + carry
                limbs[i] = UInt32(v % 1_000_000_000)
                carry = v / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(UInt32(carry % 1_000_000_000))
                carry /= 1_000_000_000
            }
        }
        if minus > 0 {
            var borrow = UInt64(minus)
            for i in limbs.indices where borrow > 0 {
                if UInt64(limbs[i]) >= borrow {
                    limbs[i] -= UInt32(borrow)
                    borrow = 0
                } else {
                    limbs[i] = UInt32(UInt64(limbs[i]) + 1_000_000_000 - borrow)
                    borrow = 1
                }
            }
            while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        }
        var text = String(limbs[limbs.count - 1])
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}

/// Whether the first `a.count` octets of `b` (at least as long) are those of `a`.
@inlinable
package func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    while i < a.count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

extension ASN1ObjectIdentifier: ExpressibleByStringLiteral {
    /// An identifier from a dotted literal written in source, e.g. `"2.5.4.3"`. A malformed
    /// literal is a programming error and stops the program; for text from input use
    /// ``init(dotted:)``.
    public init(stringLiteral value: String) {
        do {
            try self.init(dotted: value)
        } catch {
            preconditionFailure("malformed OID literal \(value)")
        }
    }
}
