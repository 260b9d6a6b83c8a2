/// Why a PDF could not be read: what is wrong and the byte offset in the file where it is.
///
/// ```swift
/// do {
///     let document = try PDFDocument(contentsOfFile: path)
/// } catch {
///     print(error)   // "byte 1234: object 7 0: stream /Length 90 runs past the end of the file"
/// }
/// ```
public struct PDFError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Hashable, Sendable {
        /// The file cannot be opened or mapped.
        case unreadable(String)
        /// The file does not start with `%PDF-x.y`.
        case missingHeader
        /// No `startxref` with an offset near the end of the file.
        case missingStartXref
        /// A token the grammar does not allow here.
        case unexpectedToken(expected: String, found: String)
        /// The input ends inside a token or an object.
        case truncated(String)
        /// A number that does not parse or does not fit.
        case invalidNumber(String)
        /// A name with a bad `#xx` escape.
        case invalidName(String)
        /// A literal or hexadecimal string that is not well formed.
        case invalidString(String)
        /// A dictionary names the same key twice (an ambiguity attackers use).
        case duplicateKey(String)
        /// Objects nested deeper than ``PDFLimits/maximumDepth``.
        case nestingTooDeep(limit: Int)
        /// A cross-reference table or stream that is not well formed.
        case invalidCrossReference(String)
        /// The `/Prev` chain loops or is longer than ``PDFLimits/maximumRevisions``.
        case crossReferenceLoop
        /// More objects than ``PDFLimits/maximumObjects``.
        case tooManyObjects(limit: Int)
        /// A stream, decoded or not, larger than ``PDFLimits/maximumStreamSize``.
        case streamTooLarge(limit: Int)
        /// The object at an offset is not the one the cross-reference names.
        case objectMismatch(expected: PDFReference, found: String)
        /// A reference to an object no cross-reference section lists.
        case missingObject(PDFReference)
        /// A stream whose data does not end with `endstream` where `/Length` says.
        case invalidStream(String)
        /// A filter this reader does not decode, or data the filter refuses.
        case unsupportedFilter(String)
        /// Compressed data that does not decompress.
        case decodeFailed(String)
        /// A required entry is missing or of the wrong type.
        case invalidStructure(String)
        /// The file is encrypted (not supported).
        case encrypted
        /// An object refers back to itself while being resolved.
        case referenceCycle(PDFReference)
    }

    /// What is wrong.
    public var kind: Kind
    /// The byte offset in the file (or in the decoded object stream, see ``context``).
    public var offset: Int
    /// Where the offset counts from when it is not the file: `object stream 12 0`.
    public var context: String?

    /// An error at `offset`.
    public init(_ kind: Kind, at offset: Int, context: String? = nil) {
        self.kind = kind
        self.offset = offset
        self.context = context
    }

    /// One line: `byte N: what`.
    public var description: String {
        let place = context.map { "byte \(offset) of \($0)" } ?? "byte \(offset)"
        return "\(place): \(kindDescription)"
    }

    private var kindDescription: String {
        switch kind {
        case .unreadable(let why): return "cannot read the file: \(why)"
        case .missingHeader: return "no %PDF- header at the start of the file"
        case .missingStartXref: return "no startxref in the last 1024 bytes"
        case .unexpectedToken(let expected, let found): return "expected \(expected), found \(found)"
        case .truncated(let what): return "the file ends inside \(what)"
        case .invalidNumber(let text): return "invalid number \(text)"
        case .invalidName(let why): return "invalid name: \(why)"
        case .invalidString(let why): return "invalid string: \(why)"
        case .duplicateKey(let key): return "dictionary key /\(key) appears twice"
        case .nestingTooDeep(let limit): return "objects nested deeper than \(limit)"
        case .invalidCrossReference(let why): return "invalid cross-reference: \(why)"
        case .crossReferenceLoop: return "the /Prev chain of cross-reference sections loops or is too long"
        case .tooManyObjects(let limit): return "more than \(limit) objects"
        case .streamTooLarge(let limit): return "stream larger than \(limit) bytes"
        case .objectMismatch(let expected, let found): return "expected object \(expected), found \(found)"
        case .missingObject(let reference): return "object \(reference) is not in any cross-reference section"
        case .invalidStream(let why): return "invalid stream: \(why)"
        case .unsupportedFilter(let name): return "unsupported filter \(name)"
        case .decodeFailed(let why): return "cannot decode stream: \(why)"
        case .invalidStructure(let why): return why
        case .encrypted: return "the file is encrypted (not supported)"
        case .referenceCycle(let reference): return "object \(reference) refers to itself"
        }
    }
}

/// Bounds that keep a hostile file from exhausting memory or the stack.
public struct PDFLimits: Hashable, Sendable {
    /// How deeply arrays and dictionaries may nest.
    public var maximumDepth: Int
    /// How many objects the cross-reference sections may declare (`/Size`).
    public var maximumObjects: Int
    /// The largest stream, encoded or decoded, in bytes.
    public var maximumStreamSize: Int
    /// How many cross-reference sections (revisions) the `/Prev` chain may have.
    public var maximumRevisions: Int

    /// Limits.
    public init(
        maximumDepth: Int = 64, maximumObjects: Int = 1 << 22, maximumStreamSize: Int = 256 << 20,
        maximumRevisions: Int = 4096
    ) {
        self.maximumDepth = maximumDepth
        self.maximumObjects = maximumObjects
        self.maximumStreamSize = maximumStreamSize
        self.maximumRevisions = maximumRevisions
    }

    /// 64 levels, 4M objects, 256 MiB streams, 4096 revisions.
    public static let `default` = PDFLimits()
}
