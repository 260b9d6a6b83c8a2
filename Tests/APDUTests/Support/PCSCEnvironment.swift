import JPKIAPDU
import JPKITestSupport

/// The real PC/SC path for tests: pcscd with vsmartcard's vpcd driver, reader "Virtual PCD 00 00".
///
/// `.ci/run` installs `pcscd` and `vsmartcard-vpcd` and starts `pcscd --foreground`. A test
/// that needs it is disabled, with a message saying why, only when pcscd does not list the
/// reader (a developer's machine without it).
enum PCSCEnvironment {
    /// The reader vpcd offers on port 35963.
    static let reader = VirtualReader.first
    static var readerName: String { reader.name }
    static var port: UInt16 { reader.port }

    /// Whether pcscd answers and lists the vpcd reader.
    static var available: Bool { reader.isAvailable }

    /// Runs `body` holding the reader, which other test targets use too.
    @discardableResult
    static func withReader<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> Result {
        try await VirtualReaderLock.shared.run(port: port, body)
    }
}
