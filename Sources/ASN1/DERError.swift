/// Why a DER (or BER-TLV, or PEM) input was rejected, and where.
///
/// Every rejection names the rule that was broken and the byte offset, counted from the start of
/// the input, of the element (or octet) that broke it. ``description`` reads
/// `"<rule> at offset <n>"`, the form the `jpki` CLI prints.
public struct DERError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A rule of X.690 DER (or of this package's limits) that an input broke.
    public enum Rule: Hashable, Sendable {
        /// The input ends inside an element's identifier, length or content.
        case truncated
        /// The indefinite length form (`80`), which DER forbids.
        case indefiniteLength
        /// A length in the long form where the short form fits, or with leading zero octets.
        case nonMinimalLength
        /// The reserved length octet `FF`, or a length that does not fit in memory.
        case invalidLength
        /// A tag number in the high-tag-number form where the low form fits, or with a leading
        /// `80` octet.
        case nonMinimalTagNumber
        /// A tag number larger than 2³² − 1.
        case tagNumberTooLarge
        /// A universal tag 0 (end-of-contents), which only indefinite lengths use.
        case endOfContentsTag
        /// A universal type encoded constructed where DER requires primitive (strings, INTEGER…),
        /// or primitive where DER requires constructed (SEQUENCE, SET).
        case wrongConstructedBit
        /// Bytes after the end of the outermost element, or after the last element inside a
        /// constructed one that a decoder expected to be complete.
        case trailingData
        /// Nesting deeper than the reader's limit.
        case depthLimitExceeded(limit: Int)
        /// An input larger than the reader's limit.
        case sizeLimitExceeded(limit: Int)
        /// An element with another tag than the decoder expected.
        case unexpectedTag(expected: ASN1Tag, found: ASN1Tag)
        /// A required element is absent: the constructed element ended first.
        case missingElement(expected: ASN1Tag)
        /// An INTEGER (or ENUMERATED) with no content octets.
        case emptyInteger
        /// An INTEGER whose first nine bits are all zero or all one.
        case nonMinimalInteger
        /// An INTEGER that does not fit the requested fixed-width type.
        case integerOverflow
        /// A BOOLEAN whose content is not one octet `00` or `FF`.
        case invalidBoolean
        /// A NULL with content.
        case invalidNull
        /// A BIT STRING without the unused-bits octet, with more than 7 unused bits, with unused
        /// bits but no data, or with unused bits that are not zero.
        case invalidBitString
        /// An OBJECT IDENTIFIER that is empty, has a sub-identifier with a leading `80` octet, or
        /// ends in the middle of a sub-identifier (arcs of any size are valid); or dotted text
        /// that is not an identifier.
        case invalidObjectIdentifier
        /// A UTCTime that is not `YYMMDDHHMMSSZ`, or a GeneralizedTime that is not
        /// `YYYYMMDDHHMMSS[.f]Z` without trailing zeros in the fraction, or an impossible date.
        case invalidTime
        /// A string whose octets are not valid for its type (PrintableString's character set,
        /// IA5 > 7F, invalid UTF-8, BMPString of odd length, …).
        case invalidString(ASN1Tag)
        /// The elements of a SET OF are not in DER's ascending order of their encodings.
        case setOfNotSorted
        /// PEM text without a BEGIN line, a BEGIN line without its END line, a mismatched END
        /// label, or a character that is not Base64.
        case invalidPEM(String)
        /// Card data (BER-TLV) that cannot be read even leniently.
        case invalidTLV(String)
    }

    /// The rule that was broken.
    public let rule: Rule
    /// The byte offset of the element or octet that broke it, from the start of the input.
    public let offset: Int

    /// Creates an error for `rule` broken at `offset`.
    @inlinable
    public init(_ rule: Rule, at offset: Int) {
        self.rule = rule
        self.offset = offset
    }

    /// `"<rule> at offset <n>"`.
    public var description: String { "\(rule) at offset \(offset)" }
}

extension DERError.Rule: CustomStringConvertible {
    /// A short human-readable name of the rule.
    public var description: String {
        switch self {
        case .truncated: return "truncated input"
        case .indefiniteLength: return "indefinite length"
        case .nonMinimalLength: return "non-minimal length encoding"
        case .invalidLength: return "invalid length"
        case .nonMinimalTagNumber: return "non-minimal tag number encoding"
        case .tagNumberTooLarge: return "tag number too large"
        case .endOfContentsTag: return "end-of-contents tag"
        case .wrongConstructedBit: return "wrong primitive/constructed encoding"
        case .trailingData: return "trailing data"
        case .depthLimitExceeded(let limit): return "nesting deeper than \(limit)"
        case .sizeLimitExceeded(let limit): return "input larger than \(limit) bytes"
        case .unexpectedTag(let expected, let found): return "expected \(expected), found \(found)"
        case .missingElement(let expected): return "missing \(expected)"
        case .emptyInteger: return "empty INTEGER"
        case .nonMinimalInteger: return "non-minimal INTEGER"
        case .integerOverflow: return "INTEGER out of range"
        case .invalidBoolean: return "invalid BOOLEAN"
        case .invalidNull: return "invalid NULL"
        case .invalidBitString: return "invalid BIT STRING"
        case .invalidObjectIdentifier: return "invalid OBJECT IDENTIFIER"
        case .invalidTime: return "invalid time"
        case .invalidString(let tag): return "invalid \(tag)"
        case .setOfNotSorted: return "SET OF not sorted"
        case .invalidPEM(let why): return "invalid PEM (\(why))"
        case .invalidTLV(let why): return "invalid TLV (\(why))"
        }
    }
}
