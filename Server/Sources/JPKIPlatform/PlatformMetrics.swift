import Foundation
import Metrics

/// The platform's metrics, through swift-metrics (Prometheus in the server): requests, verdicts,
/// verification latency and the CRLs' age. The factory is given, not taken from the global
/// `MetricsSystem`, so that several platforms (tests, two instances in one process) keep apart.
public struct PlatformMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Metrics made by `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one verdict of `operation` (`valid`, `invalid`, `refused`).
    public func verdict(_ operation: String, _ verdict: String) {
        Counter(
            label: "jpki_platform_verdicts_total", dimensions: [("operation", operation), ("verdict", verdict)],
            factory: factory
        ).increment()
    }

    /// Records how long a verification of `operation` took.
    public func verificationLatency(_ operation: String, _ duration: Duration) {
        Metrics.Timer(
            label: "jpki_platform_verification_duration_seconds", dimensions: [("operation", operation)],
            factory: factory
        ).record(duration: duration)
    }

    /// Counts one HTTP request of `route` answered with `status`.
    public func request(_ route: String, method: String, status: Int) {
        Counter(
            label: "jpki_platform_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory
        ).increment()
    }

    /// The age of the oldest CRL in service, seconds.
    public func crlAge(_ seconds: Int64) {
        Gauge(label: "jpki_platform_crl_age_seconds", factory: factory).record(Double(seconds))
    }

    /// The number of CRLs in service and of refusals pending.
    public func crlCounts(inService: Int, refused: Int) {
        Gauge(label: "jpki_platform_crls_in_service", factory: factory).record(Double(inService))
        Gauge(label: "jpki_platform_crls_refused", factory: factory).record(Double(refused))
    }
}
