/// What a signature's `/ByteRange` covers, checked against the file.
public struct PDFSignatureCoverage: Codable, Hashable, Sendable {
    /// `/ByteRange` as found: `[0, a, b, c]`.
    public var byteRange: [Int]
    /// Where the `/Contents` string lies, `[start, end)`, when it is in the file's bytes.
    public var contentsRange: [Int]?
    /// The end of the covered bytes (`b + c`).
    public var coveredEnd: Int
    /// The revision whose `%%EOF` the coverage ends at.
    public var signedRevision: Int?
    /// Whether the coverage runs to the end of the file.
    public var coversWholeFile: Bool
    /// How many bytes follow the covered part (later revisions, or trailing bytes).
    public var bytesAfter: Int
}

/// The checks of a signature's `/ByteRange` and `/Contents` (the structure an attacker plays
/// with: gaps, overlaps, holes at the end, values outside the file, contents that lie about their
/// length).
enum CoverageCheck {
    /// The byte ranges of `signature`, checked; failures when the structure is not that of a
    /// valid signature.
    static func check(_ signature: PDFSignatureDictionary, in document: PDFDocument) -> (
        coverage: PDFSignatureCoverage?, ranges: [Range<Int>], failures: [PDFSignatureFailure]
    ) {
        guard let list = signature.byteRange?.array else {
            return (nil, [], [.byteRangeMalformed(detail: "missing or not an array")])
        }
        let numbers = list.compactMap(\.integer)
        guard numbers.count == list.count, numbers.count == 4, numbers.allSatisfy({ $0 >= 0 }) else {
            return (nil, [], [.byteRangeMalformed(detail: "not four non-negative integers (\(list.count) elements)")])
        }
        var failures: [PDFSignatureFailure] = []
        let (start0, length0, start1, length1) = (numbers[0], numbers[1], numbers[2], numbers[3])
        let (end0, end1) = (start0.addingReportingOverflow(length0), start1.addingReportingOverflow(length1))
        guard !end0.overflow, !end1.overflow else {
            return (nil, [], [.byteRangeMalformed(detail: "a range overflows")])
        }
        if start0 != 0 { failures.append(.byteRangeNotAtStart(start: start0)) }
        if start1 < end0.partialValue {
            failures.append(.byteRangeOverlap(firstEnd: end0.partialValue, secondStart: start1))
        }
        let size = document.fileSize
        if end0.partialValue > size || end1.partialValue > size {
            failures.append(.byteRangeOutOfBounds(end: max(end0.partialValue, end1.partialValue), fileSize: size))
        }
        let contentsSpan = signature.contents?.string?.span
        let hole = end0.partialValue..<max(end0.partialValue, start1)
        if contentsSpan != hole {
            failures.append(
                .byteRangeGap(
                    hole: [hole.lowerBound, hole.upperBound],
                    contents: contentsSpan.map { [$0.lowerBound, $0.upperBound] }))
        }
        let coveredEnd = end1.partialValue
        let revision = document.revisions.first {
            $0.endOffset == coveredEnd || $0.endOfFileMarkerEnd == coveredEnd
        }
        if revision == nil, coveredEnd <= size,
            let containing = document.revisions.first(where: { $0.endOffset > coveredEnd })
        {
            failures.append(.byteRangeHoleAtEnd(coveredEnd: coveredEnd, revisionEnd: containing.endOffset))
        }
        let coverage = PDFSignatureCoverage(
            byteRange: numbers, contentsRange: contentsSpan.map { [$0.lowerBound, $0.upperBound] },
            coveredEnd: coveredEnd, signedRevision: revision?.index,
            coversWholeFile: coveredEnd == size || (revision?.index == document.revisions.count - 1),
            bytesAfter: max(0, size - coveredEnd))
        let ranges =
            failures.contains(where: { if case .byteRangeOutOfBounds = $0 { true } else { false } })
            ? [] : [start0..<end0.partialValue, start1..<coveredEnd]
        return (coverage, ranges, failures)
    }

    /// The DER of `/Contents`: a hexadecimal string holding one DER SEQUENCE followed by zero
    /// padding.
    static func signatureValue(_ signature: PDFSignatureDictionary) -> Result<[UInt8], PDFSignatureFailure> {
        guard let string = signature.contents?.string else {
            return .failure(.contentsMalformed(detail: "missing or not a string"))
        }
        guard string.isHexadecimal else {
            return .failure(.contentsNotHexadecimal(offset: string.span?.lowerBound ?? 0))
        }
        let bytes = string.bytes
        guard bytes.count >= 2 else { return .failure(.contentsTruncated(declared: 2, available: bytes.count)) }
        guard bytes[0] == 0x30 else {
            return .failure(.contentsMalformed(detail: "does not start with a DER SEQUENCE (first byte \(bytes[0]))"))
        }
        let first = Int(bytes[1])
        var header = 2
        var length = first
        if first == 0x80 {
            // BER with indefinite lengths, as some signers write: read in DER form.
            do {
                let (der, consumed) = try BERNormalizer.normalize(bytes)
                guard bytes[consumed...].allSatisfy({ $0 == 0 }) else {
                    return .failure(.contentsMalformed(detail: "non-zero bytes after the BER (byte \(consumed))"))
                }
                return .success(der)
            } catch {
                if error.reason == "no end-of-contents" || error.reason == "content past the end" {
                    return .failure(.contentsTruncated(declared: bytes.count + 1, available: bytes.count))
                }
                return .failure(.contentsMalformed(detail: "BER at byte \(error.offset): \(error.reason)"))
            }
        } else if first > 0x80 {
            let octets = first & 0x7F
            guard octets <= 4 else { return .failure(.contentsLengthOfLengthTooLarge(octets: octets)) }
            guard bytes.count >= 2 + octets else {
                return .failure(.contentsTruncated(declared: 2 + octets, available: bytes.count))
            }
            guard bytes[2] != 0 else { return .failure(.contentsMalformed(detail: "non-minimal DER length")) }
            length = 0
            for index in 0..<octets { length = length << 8 | Int(bytes[2 + index]) }
            header += octets
            guard length >= 0x80 else { return .failure(.contentsMalformed(detail: "non-minimal DER length")) }
        }
        let total = header + length
        guard total <= bytes.count else { return .failure(.contentsTruncated(declared: total, available: bytes.count)) }
        guard bytes[total...].allSatisfy({ $0 == 0 }) else {
            return .failure(.contentsMalformed(detail: "non-zero bytes after the DER (byte \(total) of the value)"))
        }
        return .success(Array(bytes[0..<total]))
    }
}
