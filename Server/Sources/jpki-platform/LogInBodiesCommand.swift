import ArgumentParser
import Foundation
import JPKISimulator
import JPKIX509

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension TestPKICommand {
    /// `test-pki login-bodies DIR --url URL --count N --out FILE`: bodies for a log-in load test.
    struct LogInBodies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login-bodies",
            abstract: "Issue N log-in challenges from a server and write one signed POST /v1/login body per line.",
            discussion: """
                For load tests (Server/Benchmarks/login-load.sh): each log-in consumes its challenge, so a
                load generator needs as many bodies as requests. The challenges are issued over HTTP
                (POST /v1/challenges, any store) and signed with the card's authentication key directly
                (RSA PKCS #1 v1.5 with SHA-256, as the card's COMPUTE DIGITAL SIGNATURE of the DigestInfo),
                not through its APDUs and PIN. Serve with a --challenge-lifetime that outlasts the test.
                """)

        @Argument(help: "The directory made by test-pki init.")
        var directory: String

        @Option(help: "The server's base URL, e.g. http://127.0.0.1:8080.")
        var url: String

        @Option(help: "How many bodies.")
        var count: Int

        @Option(help: "The output file (one JSON body per line).")
        var out: String

        @Option(help: "Challenges requested at once.")
        var concurrency: Int = 32

        func run() async throws {
            guard count > 0 else { throw ValidationError("--count: at least 1") }
            guard concurrency > 0 else { throw ValidationError("--concurrency: at least 1") }
            guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https" else {
                throw ValidationError("--url: an http(s) URL")
            }
            let endpoint = base.appendingPathComponent("v1/challenges")
            let credentials = try TestPKIDirectory(path: directory).loadCard().credentials
            let key = credentials.authenticationKey
            let certificate = Data(credentials.authenticationCertificate.derEncoded).base64EncodedString()
            guard FileManager.default.createFile(atPath: out, contents: nil) else {
                throw commandFailure("cannot create \(out)")
            }
            guard let file = FileHandle(forWritingAtPath: out) else { throw commandFailure("cannot open \(out)") }
            defer { try? file.close() }

            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = concurrency
            let session = URLSession(configuration: configuration)
            defer { session.finishTasksAndInvalidate() }

            let started = Date()
            var written = 0
            var buffer = Data()
            try await withThrowingTaskGroup(of: Data.self) { group in
                var issued = 0
                func issue() {
                    issued += 1
                    group.addTask {
                        let challenge = try await Self.challenge(session: session, endpoint: endpoint)
                        let signature = try key.sign(challenge.nonce)
                        // The keys are sorted and no value needs escaping (hexadecimal and base64).
                        let line =
                            "{\"certificate\":\"\(certificate)\",\"challengeId\":\"\(challenge.id)\","
                            + "\"signature\":\"\(Data(signature).base64EncodedString())\"}\n"
                        return Data(line.utf8)
                    }
                }
                while issued < min(concurrency, count) { issue() }
                while let line = try await group.next() {
                    buffer.append(line)
                    written += 1
                    if buffer.count >= 1 << 20 {
                        try file.write(contentsOf: buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                    if issued < count { issue() }
                }
            }
            try file.write(contentsOf: buffer)
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(
                Data(
                    "login-bodies: \(written) bodies in \(String(format: "%.1f", seconds)) s (\(String(format: "%.0f", Double(written) / max(seconds, 0.001)))/s) to \(out)\n"
                        .utf8))
        }

        /// A log-in challenge from `POST /v1/challenges`.
        static func challenge(session: URLSession, endpoint: URL) async throws -> (id: String, nonce: [UInt8]) {
            struct Issued: Decodable {
                var challengeId: String
                var challenge: String
            }
            var request = URLRequest(url: endpoint)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"purpose":"login"}"#.utf8)
            let (data, response) = try await session.data(for: request)
            guard let status = (response as? HTTPURLResponse)?.statusCode, status == 201 else {
                let code = (response as? HTTPURLResponse)?.statusCode ?? 0
                let text = String(decoding: data, as: UTF8.self)
                throw commandFailure("POST \(endpoint.absoluteString): HTTP \(code): \(text)")
            }
            let issued = try JSONDecoder().decode(Issued.self, from: data)
            guard let nonce = Data(base64Encoded: issued.challenge), !nonce.isEmpty else {
                throw commandFailure("POST \(endpoint.absoluteString): the challenge is not base64")
            }
            return (issued.challengeId, Array(nonce))
        }
    }
}
