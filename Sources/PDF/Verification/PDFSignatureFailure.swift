import JPKIVerification

/// Why a PDF signature is not valid: one typed reason, with the byte offsets it is about.
public enum PDFSignatureFailure: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The signature dictionary or an object it needs could not be read.
    case unreadable(detail: String, offset: Int)
    /// Another signature field points at the same signature dictionary (one signature shown as
    /// two); `otherField` is the first such field (a report carries this failure once however
    /// many fields share the dictionary).
    case sharedSignatureDictionary(otherField: String)
    /// `/ByteRange` is missing, or not four non-negative integers.
    case byteRangeMalformed(detail: String)
    /// The first range does not start at byte 0.
    case byteRangeNotAtStart(start: Int)
    /// The ranges overlap or are out of order.
    case byteRangeOverlap(firstEnd: Int, secondStart: Int)
    /// A range ends past the end of the file.
    case byteRangeOutOfBounds(end: Int, fileSize: Int)
    /// The hole between the ranges is not exactly the `/Contents` string of this signature: bytes
    /// outside it are left unsigned, or the signature value lies elsewhere.
    case byteRangeGap(hole: [Int], contents: [Int]?)
    /// The ranges end inside a revision, not at its `%%EOF`: bytes of the signed revision are
    /// left uncovered.
    case byteRangeHoleAtEnd(coveredEnd: Int, revisionEnd: Int)
    /// `/Contents` is not a hexadecimal string.
    case contentsNotHexadecimal(offset: Int)
    /// `/Contents` is shorter than the DER its first bytes announce.
    case contentsTruncated(declared: Int, available: Int)
    /// The DER length of `/Contents` has more length octets than any real signature needs.
    case contentsLengthOfLengthTooLarge(octets: Int)
    /// `/Contents` is not a DER ContentInfo followed by zero padding.
    case contentsMalformed(detail: String)
    /// A `/SubFilter` this verifier does not check.
    case unsupportedSubFilter(String)
    /// The CMS carries the content although the SubFilter says detached: the signed data
    /// would be ambiguous (what the CMS holds, or the byte ranges).
    case encapsulatedContentInDetachedSignature
    /// The CMS, its signature or the signer's chain failed (the reasons are in the CMS report).
    case cms(VerificationFailure)
    /// The ESS signing-certificate attribute is missing (PAdES requires it) or names another
    /// certificate.
    case signingCertificateAttribute(detail: String)
    /// The signature timestamp or document timestamp does not verify or stamps other data.
    case timestamp(detail: String)
    /// A later revision changed the document's content, not only signatures, timestamps, the
    /// DSS or form fields.
    case modifiedAfterSigning(revision: Int, detail: String)

    /// One line.
    public var description: String {
        switch self {
        case .unreadable(let detail, let offset): return "byte \(offset): \(detail)"
        case .sharedSignatureDictionary(let other):
            return "the signature dictionary is also the value of field \(other)"
        case .byteRangeMalformed(let detail): return "/ByteRange: \(detail)"
        case .byteRangeNotAtStart(let start): return "/ByteRange starts at byte \(start), not 0"
        case .byteRangeOverlap(let firstEnd, let secondStart):
            return
                "/ByteRange ranges overlap or are out of order (first ends at \(firstEnd), second starts at \(secondStart))"
        case .byteRangeOutOfBounds(let end, let size): return "/ByteRange ends at \(end), past the file's \(size) bytes"
        case .byteRangeGap(let hole, let contents):
            let place =
                contents.map { "the /Contents string is \($0[0])..<\($0[1])" } ?? "/Contents has no place in the file"
            return "/ByteRange leaves \(hole[0])..<\(hole[1]) unsigned, but \(place)"
        case .byteRangeHoleAtEnd(let covered, let revision):
            return "/ByteRange ends at byte \(covered), inside a revision that ends at \(revision)"
        case .contentsNotHexadecimal(let offset): return "/Contents at byte \(offset) is not a hexadecimal string"
        case .contentsTruncated(let declared, let available):
            return "/Contents holds \(available) bytes, its DER announces \(declared)"
        case .contentsLengthOfLengthTooLarge(let octets):
            return "/Contents' DER length has \(octets) length octets"
        case .contentsMalformed(let detail): return "/Contents: \(detail)"
        case .unsupportedSubFilter(let name): return "unsupported /SubFilter /\(name)"
        case .encapsulatedContentInDetachedSignature:
            return "the CMS carries eContent although the /SubFilter says detached"
        case .cms(let failure): return failure.description
        case .signingCertificateAttribute(let detail): return "signing-certificate attribute: \(detail)"
        case .timestamp(let detail): return "timestamp: \(detail)"
        case .modifiedAfterSigning(let revision, let detail):
            return "revision \(revision) changed the document after signing: \(detail)"
        }
    }

    /// A stable machine-readable code (`byte-range-gap`, `modified-after-signing`, …).
    public var code: String {
        switch self {
        case .unreadable: return "unreadable"
        case .sharedSignatureDictionary: return "shared-signature-dictionary"
        case .byteRangeMalformed: return "byte-range-malformed"
        case .byteRangeNotAtStart: return "byte-range-not-at-start"
        case .byteRangeOverlap: return "byte-range-overlap"
        case .byteRangeOutOfBounds: return "byte-range-out-of-bounds"
        case .byteRangeGap: return "byte-range-gap"
        case .byteRangeHoleAtEnd: return "byte-range-hole-at-end"
        case .contentsNotHexadecimal: return "contents-not-hexadecimal"
        case .contentsTruncated: return "contents-truncated"
        case .contentsLengthOfLengthTooLarge: return "contents-length-of-length"
        case .contentsMalformed: return "contents-malformed"
        case .unsupportedSubFilter: return "unsupported-subfilter"
        case .encapsulatedContentInDetachedSignature: return "encapsulated-content"
        case .cms(let failure): return "cms-" + failure.code
        case .signingCertificateAttribute: return "signing-certificate-attribute"
        case .timestamp: return "timestamp"
        case .modifiedAfterSigning: return "modified-after-signing"
        }
    }
}
