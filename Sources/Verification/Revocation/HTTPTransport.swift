import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An HTTP response: status code and body.
public struct HTTPResponse: Hashable, Sendable {
    /// The status code.
    public var status: Int
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Why an HTTP exchange failed.
public enum HTTPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No answer within the time limit, `after`.
    case timedOut(after: Duration)
    /// The connection failed.
    case failed(String)

    /// One line.
    public var description: String {
        switch self {
        case .timedOut(let limit): return "no answer within \(limit)"
        case .failed(let why): return why
        }
    }
}

/// The HTTP layer of the OCSP client: inject your own (a proxy, a test double).
public protocol HTTPTransport: Sendable {
    /// POSTs `body` to `url` with `contentType`, waiting at most `timeout` in total.
    func post(_ url: URL, body: [UInt8], contentType: String, timeout: Duration) async throws(HTTPTransportError)
        -> HTTPResponse
}

/// ``HTTPTransport`` over `URLSession` (FoundationNetworking on Linux), with an overall time
/// limit on top of the session's.
public struct URLSessionTransport: HTTPTransport {
    /// The session (by default an ephemeral one without a URL cache: OCSP and timestamp
    /// answers are never reused, and FoundationNetworking reads a session's cache on a queue of
    /// its own, a window in which a task that ends can stop the process).
    public let session: URLSession

    /// A transport over `session`.
    public init(session: URLSession = URLSessionTransport.uncachedSession()) {
        self.session = session
    }

    /// An ephemeral session with no URL cache and no cached answers.
    public static func uncachedSession() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }

    /// POSTs `body`, failing with ``HTTPTransportError/timedOut(after:)`` after `timeout`. Each
    /// request asks the server to close the connection after its answer (`Connection: close`).
    ///
    /// The bound is hard: the answer is returned when the timer fires, whatever the request does.
    /// The request is not cancelled then but left to end by itself (its `URLRequest` carries the
    /// same time limit): cancelling FoundationNetworking's `data(for:)` while its answer arrives
    /// can stop the process ("Trying to access a behaviour for a task that in not in the
    /// registry", seen under AddressSanitizer's slowdown in this package's tests).
    public func post(_ url: URL, body: [UInt8], contentType: String, timeout: Duration) async throws(HTTPTransportError)
        -> HTTPResponse
    {
        let session = self.session
        let seconds = max(timeout.timeInterval, 0)
        let outcome: Result<HTTPResponse, HTTPTransportError> = await withCheckedContinuation { continuation in
            let first = FirstOutcome(continuation)
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: seconds)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            // One exchange a connection: an OCSP responder or TSA that serves one connection at a
            // time (openssl's) would otherwise wait on this idle connection while the next
            // client's request waits for it.
            request.setValue("close", forHTTPHeaderField: "Connection")
            // The answer is taken on the session's own queue, not on the concurrency pool: an
            // answer that arrived in time counts as in time even when the pool's threads are all
            // busy (the suite's tests that wait for processes once held both threads of this
            // 2-core machine past a 60-second limit).
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    first.resume(with: .failure(.failed(error.localizedDescription)))
                } else {
                    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    first.resume(with: .success(HTTPResponse(status: status, body: [UInt8](data ?? Data()))))
                }
            }
            task.resume()
            // The timer runs on Dispatch, not on the concurrency pool either.
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                first.resume(with: .failure(.timedOut(after: timeout)))
            }
        }
        return try outcome.get()
    }
}

/// Resumes a continuation with the first outcome offered, once; later ones are dropped.
private final class FirstOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>?

    init(_ continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>) {
        self.continuation = continuation
    }

    /// Resumes with `outcome` unless another outcome came first; returns whether it did.
    @discardableResult
    func resume(with outcome: Result<HTTPResponse, HTTPTransportError>) -> Bool {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: outcome)
        return waiting != nil
    }
}
