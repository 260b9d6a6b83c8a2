import Foundation
import JPKIVerification
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `URLSessionTransport`'s hard time limit against a server that takes the connection and never
/// answers: a typed timeout, on time, and no crash when the abandoned request ends by itself.
@Suite("URLSessionTransport time limit")
struct HTTPTransportTests {
    /// A TCP socket on 127.0.0.1 that listens and never accepts: the kernel completes the
    /// handshake and takes the request; no answer ever comes. Closed by `close()`.
    final class SilentServer {
        let descriptor: Int32
        let port: UInt16

        init() throws {
            #if canImport(Glibc)
                let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
                let descriptor = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(descriptor, 16) == 0 else {
                Glibc.close(descriptor)
                throw POSIXError(.EADDRNOTAVAIL)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard named == 0 else {
                Glibc.close(descriptor)
                throw POSIXError(.EADDRNOTAVAIL)
            }
            self.descriptor = descriptor
            self.port = UInt16(bigEndian: address.sin_port)
        }

        func close() { Glibc.close(descriptor) }
    }

    @Test("a server that never answers: timedOut after the limit, five times in a row, the process unharmed")
    func silentServer() async throws {
        let server = try SilentServer()
        defer { server.close() }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/ocsp"))
        let transport = URLSessionTransport()
        let clock = ContinuousClock()
        for _ in 0..<5 {
            let started = clock.now
            await #expect(throws: HTTPTransportError.timedOut(after: .milliseconds(200))) {
                _ = try await transport.post(
                    url, body: Array("request".utf8), contentType: "application/ocsp-request",
                    timeout: .milliseconds(200))
            }
            // Not before the limit. The upper bound only tells a limit from none: the whole suite
            // under AddressSanitizer on this 2-core machine once took 30 s to resume.
            let elapsed = clock.now - started
            #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(180), "\(elapsed)")
        }
    }
}
