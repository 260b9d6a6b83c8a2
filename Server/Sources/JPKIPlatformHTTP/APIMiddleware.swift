import Foundation
import Hummingbird
import JPKIPlatform
import Logging

/// Turns every refusal into its JSON body and status, and counts requests by route and status. A ``PlatformError`` keeps its class; Hummingbird's own errors
/// (no such route, wrong method) keep their status; anything else is a 500 whose detail goes to
/// the log, not to the client.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: PlatformMetrics
    /// The API's paths (`:name` for a parameter) and their methods: a known path asked with
    /// another method is answered 405 with `Allow`, an unknown one 404.
    let routes: [String: [String]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as PlatformError {
            response = Self.response(error)
        } catch let error as HTTPError where error.status == .notFound {
            if let allowed = Self.methods(of: request.uri.path, in: routes) {
                var methodResponse = Self.response(
                    PlatformError(
                        .badRequest, code: "method-not-allowed",
                        reason: "\(request.method.rawValue) is not allowed here: \(allowed.joined(separator: ", "))"),
                    status: .methodNotAllowed)
                methodResponse.headers[.allow] = allowed.joined(separator: ", ")
                response = methodResponse
            } else {
                response = Self.response(
                    PlatformError(.notFound, code: "no-such-route", reason: "no such path"), status: .notFound)
            }
        } catch let error as HTTPError {
            let kind: PlatformError.Kind = error.status == .notFound ? .notFound : .badRequest
            let refusal = PlatformError(
                kind, code: "http-\(error.status.code)", reason: error.body ?? error.status.reasonPhrase)
            response = Self.response(refusal, status: error.status)
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(error)"])
            response = Self.response(
                PlatformError(.internalError, code: "internal-error", reason: "the platform failed; see its log"))
        }
        metrics.request(
            context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code)
        return response
    }

    /// The methods `path` is served with, when it is one of `routes`.
    static func methods(of path: String, in routes: [String: [String]]) -> [String]? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        for (pattern, methods) in routes {
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
            guard parts.count == components.count else { continue }
            if zip(parts, components).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) { return methods }
        }
        return nil
    }

    /// The JSON response of `error`.
    static func response(_ error: PlatformError, status: HTTPResponse.Status? = nil) -> Response {
        let body = ErrorResponse(
            error: .init(code: error.code, kind: error.kind.rawValue, field: error.field, reason: error.reason),
            report: error.report)
        let status = status ?? HTTPResponse.Status(code: error.kind.httpStatus)
        return (try? json(body, status: status)) ?? Response(status: status)
    }
}

/// Runs `body`, or answers after `duration` with a 503 `timeout` without waiting for it: the
/// body goes on (and is cancelled; verification and storage do not stop midway), so an operation
/// answered "timeout" may still complete: a client reads the state back before it retries.
func withDeadline<T: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T
{
    try await withCheckedThrowingContinuation { continuation in
        let answer = FirstAnswer(continuation)
        let timer = Task {
            try? await Task.sleep(for: duration)
            guard !Task.isCancelled else { return }
            answer.give(
                .failure(
                    PlatformError(.unavailable, code: "timeout", reason: "the request took longer than \(duration)")))
        }
        let work = Task {
            let result: Result<T, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            timer.cancel()
            answer.give(result)
        }
        answer.onTimeout = { work.cancel() }
    }
}

/// Resumes a continuation with the first result given, once.
private final class FirstAnswer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var cancelWork: (@Sendable () -> Void)?

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = continuation
    }

    /// What to do when the timer answers first.
    var onTimeout: @Sendable () -> Void {
        get { lock.withLock { cancelWork ?? {} } }
        set { lock.withLock { cancelWork = newValue } }
    }

    func give(_ result: Result<T, any Error>) {
        let pending = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        guard let pending else { return }
        if case .failure(let error as PlatformError) = result, error.code == "timeout" { onTimeout() }
        pending.resume(with: result)
    }
}

extension PlatformError.Kind {
    /// The HTTP status of the class.
    var httpStatus: Int {
        switch self {
        case .badRequest: return 400
        case .unauthorized, .notVerified: return 401
        case .notFound: return 404
        case .conflict, .expired: return 409
        case .revoked: return 410
        case .tooLarge: return 413
        case .unavailable: return 503
        case .internalError: return 500
        }
    }
}
