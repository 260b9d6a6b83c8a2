import Foundation

/// The `openssl` command line tool, the reference the differential tests compare against.
public enum OpenSSLCLI {
    /// The result of one run.
    public typealias Run = ProcessResult

    /// The path of `openssl`, or `nil` when it is not installed.
    public static let path: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether `openssl` is installed.
    public static var available: Bool { path != nil }

    /// Runs `openssl` with `arguments`.
    public static func run(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: path ?? "/usr/bin/openssl"), arguments)
    }
}
