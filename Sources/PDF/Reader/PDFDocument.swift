import Foundation
import JPKIRevocationIndex

/// The bytes of a PDF: a read-only memory mapping of the file, or a copy of bytes given in
/// memory. Valid while the storage lives.
final class PDFByteStorage: @unchecked Sendable {
    // @unchecked: the bytes are never written after the storage is made.
    let buffer: UnsafeRawBufferPointer
    private let mapping: MemoryMappedFile?
    private let allocation: UnsafeMutableRawBufferPointer?

    init(path: String) throws(PDFError) {
        do {
            let file = try MemoryMappedFile(path: path)
            // Every byte is read once at least (the signatures' digests): map the pages in one
            // call rather than a fault each.
            file.prefault(0..<file.count)
            mapping = file
            buffer = file.bytes
            allocation = nil
        } catch {
            throw PDFError(.unreadable("\(path): \(error)"), at: 0)
        }
    }

    init(copying bytes: some Collection<UInt8>) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        // Arrays, slices and Data are contiguous: one memory copy, not a walk byte by byte
        // through the collection's iterator (which took most of reading a small PDF).
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            copy.copyMemory(from: UnsafeRawBufferPointer(source))
        }
        if copied == nil { _ = copy.initializeMemory(as: UInt8.self, from: bytes) }
        allocation = copy
        mapping = nil
        buffer = UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count])
    }

    var isMemoryMapped: Bool { mapping != nil }

    deinit { allocation?.deallocate() }
}

/// One revision of a PDF: the original file, or an incremental update appended to it, up to and
/// including its `%%EOF` line.
public struct PDFRevision: Hashable, Sendable {
    /// Its place, 0 for the oldest.
    public var index: Int
    /// Where its cross-reference sections start (two for a hybrid file's table and stream; the
    /// first-page section of a linearized file forms its own revision).
    public var crossReferenceOffsets: [Int]
    /// Whether its cross-reference is a stream.
    public var usesCrossReferenceStream: Bool
    /// The byte after its `%%EOF` and the end-of-line marker after it.
    public var endOffset: Int
    /// Where its `%%EOF` ends, before an end-of-line marker.
    public var endOfFileMarkerEnd: Int
    /// Its trailer (the newest section's, for a stream the stream's dictionary).
    public var trailer: PDFDictionary
    /// The objects its cross-reference sections define.
    public var definedObjects: [Int: CrossReferenceEntry]
}

/// A PDF file read for its signatures: the header, every cross-reference section (tables and
/// streams, the `/Prev` chain of incremental updates, hybrid files), the trailers, and indirect
/// objects on demand (object streams included).
///
/// The file is memory-mapped, not copied. Reading is strict where it matters for signatures
/// (object headers must match the cross-reference, stream lengths must end at `endstream`,
/// dictionary keys are unique, each object is listed once a section) and tolerant where real
/// files need it (white space and comments anywhere, a missing `endobj`). Every error is a
/// ``PDFError`` with its byte offset; ``PDFLimits`` bound depth, object count and stream sizes.
///
/// ```swift
/// let document = try PDFDocument(contentsOfFile: "contract.pdf")
/// print(document.revisions.count, "revisions")
/// for field in try document.signatureFields() { print(field.name, field.signature?.subFilter ?? "") }
/// ```
public final class PDFDocument: @unchecked Sendable {
    // @unchecked: the caches are guarded by `lock`; everything else is immutable.

    /// The version in the header (`1.7`).
    public let version: String
    /// The revisions, oldest first.
    public let revisions: [PDFRevision]
    /// The limits the file was read with.
    public let limits: PDFLimits

    let storage: PDFByteStorage
    /// The cross-reference sections in `/Prev` chain order (newest first) and their revisions.
    let sections: [(section: CrossReferenceSection, revision: Int)]

    private let lock = NSLock()
    /// Objects read, and reads that failed (so that a broken object referred to many times is
    /// parsed once).
    private var objectCache: [ObjectCacheKey: Result<PDFObject, PDFError>] = [:]
    private var objectStreamCache: [ObjectStreamKey: Result<ObjectStreamContents, PDFError>] = [:]

    /// Reads the file at `path`, memory-mapped.
    ///
    /// - Throws: ``PDFError``.
    public convenience init(contentsOfFile path: String, limits: PDFLimits = .default) throws(PDFError) {
        try self.init(storage: PDFByteStorage(path: path), limits: limits)
    }

    /// Reads a PDF held in memory (the bytes are copied once).
    ///
    /// - Throws: ``PDFError``.
    public convenience init(bytes: some Collection<UInt8>, limits: PDFLimits = .default) throws(PDFError) {
        try self.init(storage: PDFByteStorage(copying: bytes), limits: limits)
    }

    init(storage: PDFByteStorage, limits: PDFLimits) throws(PDFError) {
        self.storage = storage
        self.limits = limits
        let bytes = storage.buffer
        version = try Self.readHeader(bytes)
        let start = try Self.findStartXref(bytes)
        var chain: [CrossReferenceSection] = []
        var visited: Set<Int> = []
        var next: Int? = start
        while let offset = next {
            guard visited.insert(offset).inserted, chain.count < limits.maximumRevisions * 2 else {
                // `offset` is a /Prev value, maybe negative or past the end: the error points into the file.
                throw PDFError(.crossReferenceLoop, at: min(max(offset, 0), bytes.count))
            }
            let section = try CrossReferenceSection.read(at: offset, in: bytes, limits: limits) {
                offset throws(PDFError) in try Self.readCrossReferenceStream(at: offset, in: bytes, limits: limits)
            }
            if section.trailer["Encrypt"] != nil { throw PDFError(.encrypted, at: offset) }
            chain.append(section)
            if !section.isStream, let hybrid = section.trailer["XRefStm"]?.integer, visited.insert(hybrid).inserted {
                var stream = try CrossReferenceSection.read(at: hybrid, in: bytes, limits: limits) {
                    offset throws(PDFError) in try Self.readCrossReferenceStream(at: offset, in: bytes, limits: limits)
                }
                // The table's revision: it ends where the table's trailer does.
                stream.end = section.end
                chain.append(stream)
            }
            switch section.trailer["Prev"] {
            case nil: next = nil
            case .integer(let previous)?: next = previous
            case let other?:
                throw PDFError(.invalidCrossReference("/Prev is a \(other.kindName)"), at: offset)
            }
        }
        // Each section belongs to the revision that ends at the first %%EOF after it.
        var ends: [(end: Int, marker: Int)] = []
        for section in chain {
            ends.append(try Self.revisionEnd(after: section.end, in: bytes))
        }
        let distinctEnds = Set(ends.map(\.end)).sorted()
        var revisionOf: [Int] = []
        for end in ends { revisionOf.append(distinctEnds.firstIndex(of: end.end) ?? 0) }
        sections = Array(zip(chain, revisionOf)).map { (section: $0.0, revision: $0.1) }
        var revisions: [PDFRevision] = []
        for (index, end) in distinctEnds.enumerated() {
            let members = sections.filter { $0.revision == index }
            var defined: [Int: CrossReferenceEntry] = [:]
            for member in members.reversed() {
                for (number, entry) in member.section.entries { defined[number] = entry }
            }
            let marker = zip(chain, ends).first { $0.1.end == end }?.1.marker ?? end
            revisions.append(
                PDFRevision(
                    index: index, crossReferenceOffsets: members.map(\.section.offset),
                    usesCrossReferenceStream: members.first?.section.isStream ?? false, endOffset: end,
                    endOfFileMarkerEnd: marker, trailer: members.first?.section.trailer ?? PDFDictionary(),
                    definedObjects: defined))
        }
        self.revisions = revisions
        guard root(asOf: nil) != nil else {
            throw PDFError(.invalidStructure("the trailer has no /Root reference"), at: start)
        }
    }

    // MARK: The file

    /// The file's size in bytes.
    public var fileSize: Int { storage.buffer.count }

    /// Whether the file is memory-mapped (read with ``init(contentsOfFile:limits:)``).
    public var isMemoryMapped: Bool { storage.isMemoryMapped }

    /// Runs `body` with the file's bytes (valid only inside `body`).
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withExtendedLifetime(storage) { () throws(Failure) -> Result in try body(storage.buffer) }
    }

    /// A copy of the bytes in `range` (clamped to the file).
    public func bytes(in range: Range<Int>) -> [UInt8] {
        let lower = max(0, min(range.lowerBound, fileSize))
        let upper = max(lower, min(range.upperBound, fileSize))
        return withUnsafeBytes { Array($0[lower..<upper]) }
    }

    /// The newest trailer.
    public var trailer: PDFDictionary { revisions.last?.trailer ?? PDFDictionary() }

    /// The trailer's `/Root` as of `revision` (the newest when `nil`).
    public func root(asOf revision: Int?) -> PDFReference? {
        let last = revision ?? (revisions.count - 1)
        for entry in sections where entry.revision <= last {
            if let root = entry.section.trailer["Root"]?.reference { return root }
        }
        return nil
    }

    /// The catalog (the `/Root` dictionary) as of `revision`.
    public func catalog(asOf revision: Int? = nil) throws(PDFError) -> PDFDictionary {
        guard let reference = root(asOf: revision) else {
            throw PDFError(.invalidStructure("no /Root in the trailer"), at: fileSize)
        }
        guard let catalog = try object(reference, asOf: revision).dictionary else {
            throw PDFError(.invalidStructure("/Root \(reference) is not a dictionary"), at: offset(of: reference) ?? 0)
        }
        return catalog
    }

    // MARK: Objects

    /// The cross-reference entry of object `number` as of `revision` (the newest when `nil`).
    public func entry(for number: Int, asOf revision: Int? = nil) -> CrossReferenceEntry? {
        let last = revision ?? (revisions.count - 1)
        for entry in sections where entry.revision <= last {
            if let found = entry.section.entries[number] { return found }
        }
        return nil
    }

    /// Where object `reference` starts in the file as of `revision`, when it is not compressed
    /// and its cross-reference entry points inside the file (errors give this offset: one past
    /// the end of the file would not show where anything is).
    public func offset(of reference: PDFReference, asOf revision: Int? = nil) -> Int? {
        if case .offset(let offset, _)? = entry(for: reference.number, asOf: revision), (0..<fileSize).contains(offset)
        {
            return offset
        }
        return nil
    }

    /// The object `reference` as of `revision` (the newest when `nil`).
    ///
    /// - Throws: ``PDFError``; ``PDFError/Kind/missingObject(_:)`` when no section lists it in
    ///   use with that generation.
    public func object(_ reference: PDFReference, asOf revision: Int? = nil) throws(PDFError) -> PDFObject {
        try object(reference, asOf: revision, resolving: [])
    }

    /// `object` itself, or the object it refers to (a missing object is `null`, as ISO 32000-1
    /// §7.3.10 says).
    public func resolve(_ object: PDFObject, asOf revision: Int? = nil) throws(PDFError) -> PDFObject {
        guard case .reference(let reference) = object else { return object }
        do {
            return try self.object(reference, asOf: revision)
        } catch {
            if case .missingObject = error.kind { return .null }
            throw error
        }
    }

    /// The decoded data of `stream` (FlateDecode, ASCIIHexDecode), at most
    /// ``PDFLimits/maximumStreamSize`` bytes.
    public func decodedData(of stream: PDFStream) throws(PDFError) -> [UInt8] {
        guard stream.dataRange.upperBound <= fileSize else {
            throw PDFError(.invalidStream("data outside the file"), at: stream.dataRange.lowerBound)
        }
        return try withUnsafeBytes { bytes throws(PDFError) in
            try StreamFilters.decode(
                UnsafeRawBufferPointer(rebasing: bytes[stream.dataRange]), dictionary: stream.dictionary,
                limit: limits.maximumStreamSize, offset: stream.dataRange.lowerBound)
        }
    }

    /// The object `reference` as of `revision`; `resolving`, the references whose reading led
    /// here (a cycle, or a chain too deep, ends in an error).
    private func object(
        _ reference: PDFReference, asOf revision: Int?, resolving: Set<PDFReference>
    ) throws(PDFError) -> PDFObject {
        guard !resolving.contains(reference) else { throw PDFError(.referenceCycle(reference), at: 0) }
        // A chain of /Length references, each resolved inside the parse of the one before, would
        // otherwise recurse as deep as the file makes it.
        guard resolving.count <= limits.maximumDepth else {
            throw PDFError(
                .nestingTooDeep(limit: limits.maximumDepth), at: offset(of: reference, asOf: revision) ?? 0)
        }
        switch entry(for: reference.number, asOf: revision) {
        case nil, .free?:
            throw PDFError(.missingObject(reference), at: fileSize)
        case .offset(let offset, let generation)?:
            guard generation == reference.generation else {
                throw PDFError(.missingObject(reference), at: min(offset, fileSize))
            }
            let keys = ObjectCacheKey.pair(offset: offset, reference: reference, revision: revision, of: self)
            if let cached = lock.withLock({ objectCache[keys.independent] ?? objectCache[keys.dependent] }) {
                return try cached.get()
            }
            var lengthIsIndirect = false
            let result: Result<PDFObject, PDFError>
            do {
                let parsed = try withUnsafeBytes { bytes throws(PDFError) in
                    try Self.parseIndirectObject(at: offset, in: bytes, limits: limits, expected: reference) {
                        length throws(PDFError) in
                        if case .reference = length { lengthIsIndirect = true }
                        return try self.length(
                            length, asOf: revision, resolving: resolving.union([reference]), at: offset)
                    }
                }
                result = .success(parsed.object)
            } catch {
                result = .failure(error)
            }
            if ObjectCacheKey.isCacheable(result) {
                lock.withLock { objectCache[lengthIsIndirect ? keys.dependent : keys.independent] = result }
            }
            return try result.get()
        case .compressed(let streamNumber, let index)?:
            guard reference.generation == 0 else { throw PDFError(.missingObject(reference), at: 0) }
            let contents = try objectStream(
                PDFReference(streamNumber, 0), asOf: revision, resolving: resolving.union([reference]))
            // Not cached itself: its object stream is.
            return try contents.object(at: index, expected: reference, limits: limits)
        }
    }

    private func length(
        _ value: PDFObject, asOf revision: Int?, resolving: Set<PDFReference>, at offset: Int
    ) throws(PDFError) -> Int {
        var resolved = value
        if case .reference(let reference) = value {
            resolved = try object(reference, asOf: revision, resolving: resolving)
        }
        guard let length = resolved.integer, length >= 0 else {
            throw PDFError(.invalidStream("/Length is not a non-negative integer"), at: offset)
        }
        return length
    }

    private func objectStream(
        _ reference: PDFReference, asOf revision: Int?, resolving: Set<PDFReference>
    ) throws(PDFError) -> ObjectStreamContents {
        guard case .offset(let offset, _)? = entry(for: reference.number, asOf: revision) else {
            throw PDFError(.missingObject(reference), at: 0)
        }
        // The stream object itself is cached per revision when its /Length is indirect; its
        // decoded contents depend only on where its data lie, so they are decoded once for every
        // revision that reads the same bytes.
        guard case .stream(let stream) = try object(reference, asOf: revision, resolving: resolving) else {
            throw PDFError(.invalidStructure("object stream \(reference) is not a stream"), at: offset)
        }
        let key = ObjectStreamKey(offset: offset, reference: reference, dataRange: stream.dataRange)
        if let cached = lock.withLock({ objectStreamCache[key] }) { return try cached.get() }
        let result: Result<ObjectStreamContents, PDFError>
        do throws(PDFError) {
            result = .success(
                try ObjectStreamContents(
                    reference: reference, stream: stream, data: decodedData(of: stream), limits: limits,
                    offset: offset))
        } catch {
            result = .failure(error)
        }
        // Failures cached too: a stream that inflates to megabytes and then fails would otherwise
        // be inflated again for every object said to be in it.
        if ObjectCacheKey.isCacheable(result) { lock.withLock { objectStreamCache[key] = result } }
        return try result.get()
    }

    // MARK: Reading the structure

    private static func readHeader(_ bytes: UnsafeRawBufferPointer) throws(PDFError) -> String {
        let magic = Array("%PDF-".utf8)
        guard bytes.count >= 8, magic.indices.allSatisfy({ bytes[$0] == magic[$0] }) else {
            throw PDFError(.missingHeader, at: 0)
        }
        var end = 5
        while end < min(bytes.count, 16), bytes[end] == 0x2E || (bytes[end] >= 0x30 && bytes[end] <= 0x39) {
            end += 1
        }
        guard end > 5 else { throw PDFError(.missingHeader, at: 5) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[5..<end]), as: UTF8.self)
    }

    /// The offset after the last `startxref` of the file's last 1024 bytes.
    private static func findStartXref(_ bytes: UnsafeRawBufferPointer) throws(PDFError) -> Int {
        let keyword = Array("startxref".utf8)
        let lowest = max(0, bytes.count - 1024)
        var position = bytes.count - keyword.count
        while position >= lowest {
            if keyword.indices.allSatisfy({ bytes[position + $0] == keyword[$0] }) {
                var parser = PDFParser(bytes, at: position + keyword.count)
                return try parser.parseUnsigned("the offset after startxref")
            }
            position -= 1
        }
        throw PDFError(.missingStartXref, at: bytes.count)
    }

    /// The end of the revision whose cross-reference section ends at `position`: after
    /// `startxref N %%EOF` and one end-of-line marker; the first `%%EOF` after it when the
    /// `startxref` line is not there.
    static func revisionEnd(after position: Int, in bytes: UnsafeRawBufferPointer) throws(PDFError) -> (
        end: Int, marker: Int
    ) {
        let eof = Array("%%EOF".utf8)
        var cursor = position
        while cursor + eof.count <= bytes.count {
            if bytes[cursor] == 0x25, eof.indices.allSatisfy({ bytes[cursor + $0] == eof[$0] }) {
                let marker = cursor + eof.count
                var end = marker
                if end < bytes.count, bytes[end] == 0x0D { end += 1 }
                if end < bytes.count, bytes[end] == 0x0A { end += 1 }
                return (end, marker)
            }
            cursor += 1
        }
        throw PDFError(.invalidCrossReference("no %%EOF after the cross-reference section"), at: position)
    }

    /// A cross-reference stream object: its dictionary (whose `/Length` must be direct, as the
    /// entries of a cross-reference stream's dictionary are), decoded data and end.
    private static func readCrossReferenceStream(
        at offset: Int, in bytes: UnsafeRawBufferPointer, limits: PDFLimits
    ) throws(PDFError) -> (PDFDictionary, [UInt8], Int) {
        let parsed = try parseIndirectObject(at: offset, in: bytes, limits: limits, expected: nil) {
            length throws(PDFError) in
            guard let value = length.integer, value >= 0 else {
                throw PDFError(.invalidCrossReference("a cross-reference stream's /Length must be direct"), at: offset)
            }
            return value
        }
        guard case .stream(let stream) = parsed.object else {
            throw PDFError(.invalidCrossReference("the object at startxref is not a stream"), at: offset)
        }
        let data = try StreamFilters.decode(
            UnsafeRawBufferPointer(rebasing: bytes[stream.dataRange]), dictionary: stream.dictionary,
            limit: limits.maximumStreamSize, offset: stream.dataRange.lowerBound)
        return (stream.dictionary, data, parsed.end)
    }

    /// Reads `N G obj … endobj` at `offset`; a stream's `/Length` goes through `length`.
    static func parseIndirectObject(
        at offset: Int, in bytes: UnsafeRawBufferPointer, limits: PDFLimits, expected: PDFReference?,
        length: (PDFObject) throws(PDFError) -> Int
    ) throws(PDFError) -> (reference: PDFReference, object: PDFObject, end: Int) {
        guard offset >= 0, offset < bytes.count else {
            throw PDFError(.invalidCrossReference("object offset \(offset) is outside the file"), at: bytes.count)
        }
        var parser = PDFParser(bytes, at: offset, limits: limits)
        parser.skipWhitespace()
        let headerOffset = parser.position
        let number = try parser.parseUnsigned("an object number")
        let generation = try parser.parseUnsigned("a generation number")
        try parser.expectKeyword("obj")
        let reference = PDFReference(number, generation)
        if let expected, expected != reference {
            throw PDFError(.objectMismatch(expected: expected, found: "\(reference)"), at: headerOffset)
        }
        var object = try parser.parseObject()
        let afterObject = parser.position
        if case .dictionary(let dictionary) = object, parser.consumeKeyword("stream") {
            // The keyword is followed by CR LF or LF (a lone CR is tolerated).
            if parser.position < bytes.count, bytes[parser.position] == 0x0D { parser.position += 1 }
            if parser.position < bytes.count, bytes[parser.position] == 0x0A { parser.position += 1 }
            let dataStart = parser.position
            guard let declared = dictionary["Length"] else {
                throw PDFError(.invalidStream("object \(reference): no /Length"), at: afterObject)
            }
            let count = try length(declared)
            guard count <= limits.maximumStreamSize else {
                throw PDFError(.streamTooLarge(limit: limits.maximumStreamSize), at: dataStart)
            }
            guard count <= bytes.count - dataStart else {
                throw PDFError(
                    .invalidStream("object \(reference): /Length \(count) runs past the end of the file"), at: dataStart
                )
            }
            parser.position = dataStart + count
            guard parser.consumeKeyword("endstream") else {
                throw PDFError(
                    .invalidStream("object \(reference): no endstream after /Length \(count) bytes"),
                    at: dataStart + count)
            }
            object = .stream(PDFStream(dictionary: dictionary, dataRange: dataStart..<(dataStart + count)))
        }
        _ = parser.consumeKeyword("endobj")  // tolerated when missing
        return (reference, object, parser.position)
    }
}

/// What a cached read of an indirect object depends on: where it was parsed, as which reference
/// (two cross-reference entries may point at one offset; the object header must match each), and,
/// for a stream whose `/Length` is an indirect reference, the revision that resolved it.
struct ObjectCacheKey: Hashable, Sendable {
    let offset: Int
    let reference: PDFReference
    /// `nil` when the read did not depend on the revision.
    let revision: Int?

    /// The key of a read that does not depend on the revision and that of one that does.
    static func pair(
        offset: Int, reference: PDFReference, revision: Int?, of document: PDFDocument
    ) -> (independent: ObjectCacheKey, dependent: ObjectCacheKey) {
        let newest = document.revisions.count - 1
        return (
            ObjectCacheKey(offset: offset, reference: reference, revision: nil),
            ObjectCacheKey(offset: offset, reference: reference, revision: min(revision ?? newest, newest))
        )
    }

    /// Whether a read's result holds whoever asks: a reference cycle or a chain too deep depends
    /// on the path that led to the object, not on the object.
    static func isCacheable<Value>(_ result: Result<Value, PDFError>) -> Bool {
        guard case .failure(let error) = result else { return true }
        switch error.kind {
        case .referenceCycle, .nestingTooDeep: return false
        default: return true
        }
    }
}

/// What an object stream's decoded contents depend on: the object and where its data lie.
struct ObjectStreamKey: Hashable, Sendable {
    let offset: Int
    let reference: PDFReference
    let dataRange: Range<Int>
}

/// The decoded contents of an object stream (`/Type /ObjStm`): the object numbers and offsets
/// of its header, and the data.
struct ObjectStreamContents: Sendable {
    let reference: PDFReference
    let numbers: [Int]
    let offsets: [Int]
    let data: [UInt8]

    init(reference: PDFReference, stream: PDFStream, data: [UInt8], limits: PDFLimits, offset: Int) throws(PDFError) {
        let dictionary = stream.dictionary
        guard dictionary.type == "ObjStm", let count = dictionary["N"]?.integer,
            let first = dictionary["First"]?.integer,
            count >= 0, count <= limits.maximumObjects, first >= 0, first <= data.count
        else {
            throw PDFError(.invalidStructure("object stream \(reference): bad /Type, /N or /First"), at: offset)
        }
        var numbers: [Int] = []
        var offsets: [Int] = []
        let context = "object stream \(reference)"
        try data.withPDFBytes { raw throws(PDFError) in
            var parser = PDFParser(UnsafeRawBufferPointer(rebasing: raw[0..<first]), limits: limits, context: context)
            for _ in 0..<count {
                numbers.append(try parser.parseUnsigned("an object number"))
                let relative = try parser.parseUnsigned("an offset")
                // `relative` may be up to 19 digits: compared without adding, which could overflow.
                guard relative <= data.count - first else {
                    throw parser.error(.invalidStructure("offset \(relative) beyond the data"))
                }
                offsets.append(first + relative)
            }
        }
        self.reference = reference
        self.numbers = numbers
        self.offsets = offsets
        self.data = data
    }

    func object(at index: Int, expected: PDFReference, limits: PDFLimits) throws(PDFError) -> PDFObject {
        let context = "object stream \(reference)"
        guard index >= 0, index < numbers.count else {
            throw PDFError(.missingObject(expected), at: 0, context: context)
        }
        guard numbers[index] == expected.number else {
            throw PDFError(
                .objectMismatch(expected: expected, found: "object \(numbers[index]) at index \(index)"), at: 0,
                context: context)
        }
        return try data.withPDFBytes { raw throws(PDFError) in
            var parser = PDFParser(raw, at: offsets[index], limits: limits, context: context)
            let object = try parser.parseObject()
            if case .reference = object {
                throw parser.error(.invalidStructure("an object stream member is a bare reference"))
            }
            return object
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws ``PDFError``.
    func withPDFBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(PDFError) -> Result) throws(PDFError) -> Result {
        let outcome: Swift.Result<Result, PDFError> = withUnsafeBytes { raw in
            do throws(PDFError) {
                return .success(try body(raw))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
