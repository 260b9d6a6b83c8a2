import Foundation
import HummingbirdTesting
import JPKIPlatform
import JPKIPlatformSQLite
import JPKISimulator
import JPKIVerification
import Testing

@testable import JPKIPlatformHTTP

/// OCSP as the fallback of the CRLs, and the request deadline.
@Suite("Revocation fallback and deadlines")
struct RevocationFallbackTests {
    /// A responder that never answers (counts the questions).
    final class SilentResponder: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var asked = 0
        var questions: Int { lock.withLock { asked } }

        func post(_ url: URL, body: [UInt8], contentType: String, timeout: Duration) async throws(HTTPTransportError)
            -> JPKIVerification.HTTPResponse
        {
            lock.withLock { asked += 1 }
            throw .failed("no route to \(url.host ?? "?")")
        }
    }

    @Test("with --ocsp, a certificate the CRLs cannot tell about is asked to OCSP; hard-fail refuses when it is silent")
    func ocspFallback() async throws {
        let responder = SilentResponder()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteStoreForTests.open(directory.file("platform.db"))
        let platform = try await PlatformHarness.make(
            store: store,
            revocation: { crls in .crlThenOCSP(crls, OCSPClient(transport: responder), failureMode: .hardFail) })
        let holder = CardHolder(card: platform.card)
        do {
            try await platform.withClient { client in
                // The CRLs cover the card: OCSP is not asked.
                let accepted = try await client.logIn(holder)
                #expect(accepted.status == .ok)
                #expect(responder.questions == 0)

                // The CRLs are stale (past nextUpdate and the grace): OCSP is asked, does not
                // answer, and hard-fail refuses the log-in with the reason in the report.
                platform.clock.advance(3 * 86_400)
                let refused = try await client.logIn(holder)
                #expect(refused.status == .unauthorized)
                #expect(responder.questions >= 1)
                let reason = (try object(refused)["error"] as? [String: Any])?["reason"] as? String ?? ""
                #expect(reason.contains("revocation"))
            }
            await platform.shutDown()
        } catch {
            await platform.shutDown()
            throw error
        }
    }

    @Test("a request that outlives the deadline is given up with 503 timeout")
    func deadline() async throws {
        await #expect {
            try await withDeadline(.milliseconds(20)) {
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        } throws: { error in
            (error as? PlatformError)?.code == "timeout" && (error as? PlatformError)?.kind == .unavailable
        }
        let fast = try await withDeadline(.seconds(3600)) { 42 }
        #expect(fast == 42)
    }
}

enum SQLiteStoreForTests {
    static func open(_ path: String) async throws -> any PlatformStore {
        try await JPKIPlatformSQLite.SQLitePlatformStore.open(path: path, logger: .init(label: "test"))
    }
}
