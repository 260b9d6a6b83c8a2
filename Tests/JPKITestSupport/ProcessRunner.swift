import Foundation

/// What a program printed and how it ended.
public struct ProcessResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output.
    public var output: String
    /// Standard error.
    public var error: String
}

/// Runs programs as a user or a script would: the `jpki` CLI, `openssl`, OpenSC's tools.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, `input` on its standard input (none when `nil`), and
    /// waits for it.
    public static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }
}

/// Temporary files for tests.
public enum TemporaryFile {
    /// A new temporary file holding `bytes`; the caller removes it.
    public static func create(_ bytes: [UInt8], suffix: String = ".der") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }
}

/// The built `jpki` executable, beside the test bundle (the test targets that run it depend on
/// it, so SwiftPM builds it first).
public enum JPKIExecutable {
    /// Its location, or `nil` when it was not built.
    public static let url: URL? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // In an .xctest bundle on Darwin the binary sits a few levels up.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("jpki")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Whether it was built.
    public static var available: Bool { url != nil }

    /// Runs `jpki` with `arguments`.
    public static func run(_ arguments: [String]) throws -> ProcessResult {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        return try ProcessRunner.run(url, arguments)
    }
}

/// Runs blocking work (a process and its wait) on a thread of its own and awaits it, so that an
/// async test waiting for a slow process (pyHanko, a chain of `openssl` commands, `jpki demo`)
/// does not hold one of the concurrency pool's few threads: on a loaded 2-core run, tests whose
/// clients await a local responder would otherwise starve and time out.
@discardableResult
public func offPool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
