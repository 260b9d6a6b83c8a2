import Foundation

/// The `openssl` command line tool, the reference the differential tests compare against.
public enum OpenSSLCLI {
    /// The result of one run.
    public struct Run: Sendable {
        /// The exit status.
        public var status: Int32
        /// What it printed on standard output.
        public var output: String
        /// What it printed on standard error.
        public var error: String
    }

    /// The path of `openssl`, or `nil` when it is not installed.
    public static let path: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether `openssl` is installed.
    public static var available: Bool { path != nil }

    /// Runs `openssl` with `arguments`.
    public static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    /// A new temporary file holding `bytes`; the caller removes it.
    public static func temporaryFile(_ bytes: [UInt8], suffix: String = ".der") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }
}
