import Foundation

/// Runs the built `jpki` executable, as a user or a script would.
enum CLIRunner {
    /// The result of one run.
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The package root, derived from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures` beside the package, when present.
    static let fixtures = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    /// Whether the shared fixtures are there.
    static var fixturesAvailable: Bool { FileManager.default.fileExists(atPath: fixtures.path) }

    /// The `jpki` binary beside the test bundle (SwiftPM builds it first: the test target
    /// depends on it).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // In an .xctest bundle on Darwin the binary sits three levels up.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("jpki")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("jpki")
    }

    /// Runs `jpki` with `arguments`.
    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
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
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A new temporary file holding `bytes`.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".der") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jpki-cli-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }
}
