import Foundation
import JPKIASN1

/// A file named on the command line, read as DER or as PEM.
struct InputFile {
    /// One DER encoding found in the file, with its PEM label when the file was PEM.
    struct Document {
        var label: String?
        var der: [UInt8]
    }

    let path: String

    /// The file's bytes.
    func readBytes() throws(CommandError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError.unreadableFile(path)
        }
        return [UInt8](data)
    }

    /// The DER documents of the file: the file itself when it is DER, each PEM block when it is
    /// PEM.
    func documents() throws(CommandError) -> [Document] {
        let bytes = try readBytes()
        guard PEMDocument.looksLikePEM(bytes) else { return [Document(label: nil, der: bytes)] }
        do {
            return try PEMDocument.parseAll(bytes: bytes).map { Document(label: $0.label, der: $0.der) }
        } catch {
            throw CommandError.malformed(error)
        }
    }
}

extension InputFile {
    /// The bytes of `path`, or the one-line error and exit code 2 when it cannot be read.
    static func bytesOrExit(_ path: String) throws -> [UInt8] {
        do {
            return try InputFile(path: path).readBytes()
        } catch {
            throw fail(error.description)
        }
    }

    /// The documents of `path` whose PEM label is one of `labels` (DER files always count), or
    /// the one-line error and exit code 2 of DESIGN.md when the file cannot be read, is not valid
    /// PEM, or holds no such document.
    static func documentsOrExit(_ path: String, labels: Set<String>? = nil, kind: String = "PEM document") throws
        -> [Document]
    {
        let documents: [Document]
        do {
            documents = try InputFile(path: path).documents()
        } catch {
            throw fail(error.description)
        }
        let selected = documents.filter { document in
            guard let labels, let label = document.label else { return true }
            return labels.contains(label)
        }
        guard !selected.isEmpty else { throw fail("no \(kind) in \(path)") }
        return selected
    }
}

/// Why a command could not do its work (exit code 2).
enum CommandError: Error, CustomStringConvertible {
    case unreadableFile(String)
    case malformed(DERError)

    var description: String {
        switch self {
        case .unreadableFile(let path): return "cannot read \(path)"
        case .malformed(let error): return error.description
        }
    }
}
