import APDU
import Foundation
import JPKISimulator
import JPKITestSupport

/// The real PC/SC path for tests: pcscd with vsmartcard's vpcd driver.
///
/// `.ci/run` installs `pcscd` and `vsmartcard-vpcd` and starts `pcscd --foreground`. A test
/// that needs it is disabled, with a message saying why, only when pcscd cannot be reached at
/// all (a developer's machine without it).
enum PCSCEnvironment {
    /// The reader vpcd offers on port 35963.
    static let readerName = "Virtual PCD 00 00"
    static let port: UInt16 = 35963

    /// Whether pcscd answers and lists the vpcd reader.
    static let available: Bool = {
        let semaphore = DispatchSemaphore(value: 0)
        let found = LockedFlag()
        Task {
            let readers = (try? await PCSC.readers()) ?? []
            found.set(readers.contains { $0.name == readerName })
            semaphore.signal()
        }
        semaphore.wait()
        return found.value
    }()

    /// Runs `body` holding the reader, which other test targets use too.
    @discardableResult
    static func withReader<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> Result {
        try await VirtualReaderLock.shared.run(port: port, body)
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool { lock.withLock { flag } }
    func set(_ value: Bool) { lock.withLock { flag = value } }
}
