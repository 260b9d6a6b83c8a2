import Dispatch
import Foundation
import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An RFC 3161 timestamp authority for the tests: `openssl ts -reply` behind a tiny HTTP
/// responder on 127.0.0.1 (an ephemeral port), with its own root and TSA certificate made by
/// the openssl CLI. Started by a test and stopped by it (``stop()``); each request runs one
/// `openssl ts` process, waited for.
public final class OpenSSLTimestampAuthority: @unchecked Sendable {
    public let directory: URL
    /// The TSA's root certificate (the anchor to verify tokens with).
    public let root: Certificate
    /// Its PEM file.
    public let rootPath: String
    public let port: UInt16
    private let listener: Int32
    private let finished = DispatchSemaphore(value: 0)

    /// The URL to send requests to.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/tsa") ?? URL(fileURLWithPath: "/") }

    /// Makes the TSA's keys and certificates and starts the responder.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-tsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.path
        func openssl(_ arguments: [String]) throws {
            let result = try OpenSSLCLI.run(arguments)
            guard result.status == 0 else { throw TSAError.openssl(arguments.first ?? "", result.error) }
        }
        try Data(
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n"
                .utf8
        )
        .write(to: directory.appendingPathComponent("tsa.ext"))
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(path)/root.key", "-out", "\(path)/root.pem",
            "-days", "3650", "-subj", "/C=JP/O=swift-jpki tests/CN=Test TSA Root", "-addext",
            "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try openssl([
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(path)/tsa.key", "-out", "\(path)/tsa.csr", "-subj",
            "/C=JP/O=swift-jpki tests/CN=Test TSA",
        ])
        try openssl([
            "x509", "-req", "-in", "\(path)/tsa.csr", "-CA", "\(path)/root.pem", "-CAkey", "\(path)/root.key",
            "-set_serial", "2", "-days", "3650", "-out", "\(path)/tsa.pem", "-extfile", "\(path)/tsa.ext",
        ])
        try Data("01\n".utf8).write(to: directory.appendingPathComponent("serial"))
        let config = """
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = \(path)
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            certs = $dir/tsa.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = no
            tsa_name = no
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("tsa.cnf"))
        rootPath = "\(path)/root.pem"
        root = try Certificate(
            pemEncoded: String(decoding: try Data(contentsOf: URL(fileURLWithPath: rootPath)), as: UTF8.self))

        // The responder: 127.0.0.1, an ephemeral port, one connection at a time.
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw TSAError.socket("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw TSAError.socket("bind/listen")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = descriptor
        let thread = Thread { [self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                if connection < 0 { break }
                self.serve(connection)
                close(connection)
            }
            self.finished.signal()
        }
        thread.start()
    }

    /// Stops the responder (the accept loop ends) and removes the files.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        finished.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Reads one HTTP POST, answers it with `openssl ts -reply`'s response.
    private func serve(_ connection: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            received += buffer[0..<count]
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: received) {
                headerEnd = end + 4
                let header = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                for line in header.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, received.count >= headerEnd + contentLength { break }
        }
        let body = Array(received[(headerEnd ?? 0)...].prefix(contentLength))
        let name = UUID().uuidString
        let query = directory.appendingPathComponent("\(name).tsq")
        let reply = directory.appendingPathComponent("\(name).tsr")
        var status = "500 Internal Server Error"
        var answer: [UInt8] = []
        if (try? Data(body).write(to: query)) != nil,
            let result = try? OpenSSLCLI.run([
                "ts", "-reply", "-config", directory.appendingPathComponent("tsa.cnf").path, "-queryfile", query.path,
                "-out", reply.path,
            ]), result.status == 0, let data = try? Data(contentsOf: reply)
        {
            status = "200 OK"
            answer = [UInt8](data)
        }
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: application/timestamp-reply\r\nContent-Length: \(answer.count)\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + answer
        var sent = 0
        while sent < response.count {
            let count = response[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            sent += count
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for index in 0...(bytes.count - needle.count) where Array(bytes[index..<(index + needle.count)]) == needle {
            return index
        }
        return nil
    }

    /// Why the TSA could not start.
    public enum TSAError: Error {
        case openssl(String, String)
        case socket(String)
    }
}
