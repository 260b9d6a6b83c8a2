import ASN1
import Foundation

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
