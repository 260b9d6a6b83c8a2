// libFuzzer target for `PDFDocument(bytes:)`, object resolution, signature fields, the DSS and
// `PDFSignatureVerifier` (coverage, /Contents, CMS, later revisions).
//
// Oracles (trap with a message):
//  - an error's byte offset lies within the input (or within the decoded object stream it
//    names);
//  - a document that reads has revisions in file order, each ending inside the input, the last
//    at most at its end; every object a revision defines resolves or fails with a typed error;
//  - a string read from the file has a span inside the input that starts with `<` or `(`;
//  - the verifier reports every signed field once; a /Contents range it reports lies inside the
//    input; a byte range whose check passed is [0, a, b, c] with c + b inside the input and the
//    /Contents string exactly in the hole, and its signed revision ends where the coverage does.

import Dispatch
import JPKIPDF
import JPKIVerification

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    PDFFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum PDFFuzzTarget {
    static let limits = PDFLimits(
        maximumDepth: 32, maximumObjects: 100_000, maximumStreamSize: 4 << 20, maximumRevisions: 64)
    static let verifier = PDFSignatureVerifier(verifier: JPKIVerifier(anchors: TrustAnchors(custom: [])))

    static func run(_ bytes: [UInt8]) {
        let document: PDFDocument
        do {
            document = try PDFDocument(bytes: bytes, limits: limits)
        } catch {
            check(error, size: bytes.count, bytes)
            return
        }
        var previousEnd = 0
        for revision in document.revisions {
            guard revision.endOffset > previousEnd || revision.index == 0, revision.endOffset <= bytes.count else {
                fail("revision \(revision.index) ends at \(revision.endOffset)", bytes)
            }
            previousEnd = revision.endOffset
            // Sorted: a dictionary's order changes from process to process, and a finding must
            // reproduce.
            for number in revision.definedObjects.keys.sorted().prefix(200) {
                guard let entry = revision.definedObjects[number] else { continue }
                let generation: Int
                switch entry {
                case .offset(_, let value): generation = value
                case .compressed: generation = 0
                case .free: continue
                }
                do {
                    let object = try document.object(PDFReference(number, generation), asOf: revision.index)
                    inspect(object, bytes, depth: 0)
                    if case .stream(let stream) = object { _ = try? document.decodedData(of: stream) }
                } catch {
                    check(error, size: bytes.count, bytes)
                }
            }
        }
        let fields: [PDFSignatureField]
        do {
            fields = try document.signatureFields()
            _ = try document.documentSecurityStore()
        } catch {
            check(error, size: bytes.count, bytes)
            return
        }
        let semaphore = DispatchSemaphore(value: 0)
        let box = ReportBox()
        Task {
            box.report = try? await verifier.verify(document)
            semaphore.signal()
        }
        semaphore.wait()
        guard let report = box.report else { return }
        guard report.signatures.count == fields.filter({ $0.signature != nil }).count else {
            fail("the report does not have one entry per signed field", bytes)
        }
        for signature in report.signatures {
            guard let coverage = signature.coverage else { continue }
            if let contents = coverage.contentsRange {
                guard contents.count == 2, contents[0] >= 0, contents[1] <= bytes.count, contents[0] < contents[1]
                else {
                    fail("a /Contents range outside the input: \(contents)", bytes)
                }
            }
            // The byte-range check passed: the ranges start at 0, end inside the input, and leave
            // out exactly the /Contents string. (Checked on the check, not the verdict: with no
            // trust anchor every signature here fails its CMS.)
            if signature.checks.contains(where: { $0.name == .byteRange && $0.passed }) {
                let range = coverage.byteRange
                guard range.count == 4, range[0] == 0, coverage.coveredEnd == range[2] + range[3],
                    coverage.coveredEnd <= bytes.count, coverage.contentsRange == [range[1], range[2]],
                    range[1] < bytes.count, bytes[range[1]] == 0x3C || bytes[range[1]] == 0x28
                else {
                    fail("a byte range accepted that is not [0, a, b, c] around /Contents: \(range)", bytes)
                }
                if let signed = coverage.signedRevision {
                    guard signed < document.revisions.count,
                        document.revisions[signed].endOffset == coverage.coveredEnd
                            || document.revisions[signed].endOfFileMarkerEnd == coverage.coveredEnd
                    else { fail("a signed revision \(signed) that does not end at the coverage's end", bytes) }
                }
            }
        }
    }

    static func inspect(_ object: PDFObject, _ bytes: [UInt8], depth: Int) {
        guard depth < 40 else { return }
        switch object {
        case .string(let string):
            if let span = string.span {
                guard span.lowerBound >= 0, span.upperBound <= bytes.count, span.lowerBound < span.upperBound,
                    bytes[span.lowerBound] == 0x3C || bytes[span.lowerBound] == 0x28
                else { fail("a string span \(span) that is not a string in the input", bytes) }
            }
        case .array(let elements):
            for element in elements.prefix(100) { inspect(element, bytes, depth: depth + 1) }
        case .dictionary(let dictionary):
            for entry in dictionary.entries.prefix(100) { inspect(entry.value, bytes, depth: depth + 1) }
        case .stream(let stream):
            guard stream.dataRange.upperBound <= bytes.count else { fail("stream data outside the input", bytes) }
        default: break
        }
    }

    static func check(_ error: PDFError, size: Int, _ bytes: [UInt8]) {
        _ = error.description
        if error.context == nil, error.offset < 0 || error.offset > size {
            fail("error offset \(error.offset) outside the input: \(error)", bytes)
        }
    }

    static func fail(_ message: String, _ bytes: [UInt8]) -> Never {
        print("PDFFuzz oracle: \(message) (input of \(bytes.count) bytes)")
        fatalError(message)
    }
}

final class ReportBox: @unchecked Sendable {
    var report: PDFVerificationReport?
}
