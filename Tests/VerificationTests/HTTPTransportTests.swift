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

    /// A server on the same kind of socket that accepts one connection on a thread of its own,
    /// reads the request, calls `onRequest`, then answers `200 ok` and closes.
    static func answerOnce(_ server: SilentServer, onRequest: @escaping @Sendable () -> Void) {
        let descriptor = server.descriptor
        Thread.detachNewThread {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return }
            defer { Glibc.close(connection) }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            // The request: headers, then the body of its Content-Length (7 bytes here).
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\nrequest") {
                let count = read(connection, &buffer, buffer.count)
                if count <= 0 { return }
                received += buffer[0..<count]
            }
            onRequest()
            let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
            _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        }
    }

    /// Blocks the calling thread, as a test waiting for a process does.
    static func holdThread(seconds: Double) { Thread.sleep(forTimeInterval: seconds) }

    @Test(
        "an answer that arrives in time counts even when every thread of the concurrency pool is busy when it arrives"
    )
    func answerWhilePoolBusy() async throws {
        let server = try SilentServer()
        defer { server.close() }
        // When the request arrives, tasks that block a thread each (as tests waiting for a process
        // do) take every thread of the pool for 8 s; the answer follows at once. The limit, 5 s,
        // falls while they block: the answer must still win.
        let width = ProcessInfo.processInfo.activeProcessorCount
        Self.answerOnce(server) {
            for _ in 0..<width {
                Task.detached { Self.holdThread(seconds: 8) }
            }
        }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/ocsp"))
        let response = try await URLSessionTransport().post(
            url, body: Array("request".utf8), contentType: "application/ocsp-request", timeout: .seconds(5))
        #expect(response.status == 200 && response.body == Array("ok".utf8))
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
