import Foundation
import JPKITestSupport
import Testing

/// The independent judges: poppler's `pdfsig`, `qpdf --check` and pyHanko's CLI. Tests that need
/// one are disabled with a message when it is not installed.
enum Judges {
    /// The first executable called `name` on the PATH (or in the usual places).
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories =
            path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/root/.pyenv/shims"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let pdfsig = find("pdfsig")
    static let qpdf = find("qpdf")
    static let pyhanko = find("pyhanko")

    static func run(_ tool: String?, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: tool ?? "/nonexistent"), arguments)
    }
}

/// A fresh temporary directory for `body`, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-pdf-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Writes `bytes` to `name` in `directory`; returns the path.
@discardableResult
func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
