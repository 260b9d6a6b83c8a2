import ArgumentParser
import Foundation
import Hummingbird
import JPKIPlatform
import JPKIPlatformHTTP
import JPKIPlatformPostgres
import JPKISimulator
import JPKIVerification
import JPKIX509
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `jpki-platform serve`: the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (OpenAPI at /openapi.yaml) until SIGTERM or SIGINT.",
        discussion: """
            Every option may come from the environment instead: JPKI_PLATFORM_DATABASE,
            JPKI_PLATFORM_CRL_DIR, JPKI_PLATFORM_HOST, JPKI_PLATFORM_PORT, JPKI_PLATFORM_ADMIN_TOKEN.
            The CRL directory is read at start, every --crl-poll seconds, on SIGHUP and on
            POST /v1/admin/crls/reload. Logs (swift-log) carry no PIN and no basic 4 information.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(
        help:
            "The CRL directory: PARTITION.YYYY-MM-DD.crl files (default: $JPKI_PLATFORM_CRL_DIR; none: revocation not checked)."
    )
    var crlDir: String?

    @Option(help: "The address to listen on (default: $JPKI_PLATFORM_HOST, else 127.0.0.1).")
    var host: String?

    @Option(help: "The port (default: $JPKI_PLATFORM_PORT, else 8080; 0 picks a free one).")
    var port: Int?

    @Option(
        help: "Trust the simulator's test PKI kept in this directory (jpki-platform test-pki init) instead of J-LIS.")
    var testPki: String?

    @Option(help: "Also trust these root certificates (PEM or DER files).")
    var anchor: [String] = []

    @Flag(help: "Ask OCSP when the CRLs cannot tell (the certificates' AIA responders).")
    var ocsp = false

    @Option(help: "How long a challenge stays valid, seconds.")
    var challengeLifetime: Int64 = 300

    @Option(help: "How a renewal without log-in finds the customer: disabled, name-sex-birth-date or all-four.")
    var renewalMatch: String = RenewalMatchPolicy.nameSexBirthDate.rawValue

    @Option(help: "Grace after a CRL's nextUpdate before it counts as stale, seconds.")
    var crlGrace: Int64 = 3600

    @Option(help: "Read the CRL directory every this many seconds (0: at start, SIGHUP and admin calls only).")
    var crlPoll: Int = 300

    @Option(help: "The largest body of a document, CMS or PDF verification, bytes.")
    var maxDocumentBytes: Int = 32 * 1024 * 1024

    @Option(help: "How long a request may take, seconds, before it is answered 503.")
    var requestTimeout: Int = 30

    @Option(
        help:
            "Name of the environment variable holding the admin bearer token (default JPKI_PLATFORM_ADMIN_TOKEN; unset: admin calls open)."
    )
    var adminTokenEnv: String = "JPKI_PLATFORM_ADMIN_TOKEN"

    @Option(
        help:
            "Name of the environment variable holding the bearer token of the /v1 calls (default JPKI_PLATFORM_API_TOKEN; unset: open)."
    )
    var apiTokenEnv: String = "JPKI_PLATFORM_API_TOKEN"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var mutableLogger = Logger(label: "jpki-platform")
        mutableLogger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let logger = mutableLogger
        guard let renewal = RenewalMatchPolicy(rawValue: renewalMatch) else {
            throw ValidationError("--renewal-match: disabled, name-sex-birth-date or all-four")
        }
        // Added to times: bounded so that no sum can overflow.
        guard (0...CRLStore.maximumGrace.components.seconds).contains(crlGrace) else {
            throw ValidationError(
                "--crl-grace: 0 to \(CRLStore.maximumGrace.components.seconds) seconds, not \(crlGrace)")
        }
        guard (1...86_400).contains(challengeLifetime) else {
            throw ValidationError("--challenge-lifetime: 1 to 86400 seconds, not \(challengeLifetime)")
        }
        let host = self.host ?? environment["JPKI_PLATFORM_HOST"] ?? "127.0.0.1"
        let port =
            try self.port ?? environment["JPKI_PLATFORM_PORT"].map { text in
                guard let value = Int(text) else { throw ValidationError("JPKI_PLATFORM_PORT: not a number") }
                return value
            } ?? 8080
        let crlDirectory = crlDir ?? environment["JPKI_PLATFORM_CRL_DIR"]

        // Trust: J-LIS's embedded roots, or the test PKI's, plus any given.
        var roots: [Certificate] = []
        var cardTrust = CardVerifiableTrust.jlis
        for path in anchor { roots.append(try readCertificate(path)) }
        if let testPki {
            let pki = try TestPKIDirectory(path: testPki).loadCard().pki
            roots += pki.generations.flatMap { [$0.signatureRoot, $0.authenticationRoot] }
            cardTrust = pki.cardVerifiableTrust
        }
        // The test PKI replaces J-LIS's roots (its certificates must not pass as real ones).
        let base = testPki == nil ? TrustAnchors.jlis : TrustAnchors(custom: [])
        let anchors = roots.reduce(base) { $0.adding(custom: $1) }
        let crls = CRLStore(anchors: anchors, grace: .seconds(crlGrace))
        let revocation: RevocationPolicy
        if crlDirectory == nil && !ocsp {
            revocation = .none
            logger.warning("no --crl-dir and no --ocsp: revocation is not checked")
        } else if ocsp {
            revocation = .crlThenOCSP(crls, OCSPClient(), failureMode: .hardFail)
        } else {
            revocation = .hardFail(crls)
        }
        let verifier = JPKIVerifier(anchors: anchors, revocation: revocation)

        let opened = try await database.open(logger: logger)
        let registry = PrometheusCollectorRegistry()
        let metrics = PlatformMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let adminToken = environment[adminTokenEnv].flatMap { $0.isEmpty ? nil : $0 }
        let apiToken = environment[apiTokenEnv].flatMap { $0.isEmpty ? nil : $0 }
        if apiToken == nil && !["127.0.0.1", "::1", "localhost"].contains(host) {
            logger.warning(
                "listening beyond loopback without an API token: any caller reaches every /v1 call (set \(apiTokenEnv), or put the platform behind a gateway that authenticates callers)"
            )
        }
        var apiLimits = PlatformAPI.Limits()
        apiLimits.document = maxDocumentBytes
        apiLimits.requestTimeout = .seconds(requestTimeout)
        var settings = PlatformConfiguration()
        settings.challengeLifetime = challengeLifetime
        settings.renewalMatch = renewal
        settings.cardVerifiableTrust = cardTrust
        let (limits, configuration) = (apiLimits, settings)
        let crlPoll = self.crlPoll

        try await opened.using { store in
            let version = try await store.migrate()
            logger.info("database ready", metadata: ["database": "\(store.description)", "schema": "\(version)"])
            let directory = crlDirectory.map {
                CRLDirectory(path: $0, crls: crls, store: store, audit: AuditLog(store: store), logger: logger)
            }
            let service = PlatformService(
                verifier: verifier, store: store, crlDirectory: directory, configuration: configuration,
                metrics: metrics, logger: logger)
            if let directory {
                let result = try await directory.reload(now: service.clock())
                logger.info(
                    "CRL directory read",
                    metadata: ["loaded": "\(result.loaded.count)", "refused": "\(result.refused.count)"])
            }
            let api = PlatformAPI(
                service: service, registry: registry, limits: limits, adminToken: adminToken, apiToken: apiToken)
            let app = Application(
                router: api.router(),
                configuration: ApplicationConfiguration(
                    address: .hostname(host, port: port), serverName: "jpki-platform"),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? port
                    logger.notice("listening", metadata: ["host": "\(host)", "port": "\(bound)"])
                    // Scripts read the port from standard output (with --port 0).
                    FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound)\n".utf8))
                },
                logger: logger)
            var services: [any Service] = [app]
            if let directory {
                services.append(CRLReloadService(directory: directory, interval: crlPoll, logger: logger))
            }
            services.append(ChallengeSweepService(store: store, logger: logger))
            let group = ServiceGroup(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
            logger.notice("stopped")
            return true
        }
    }
}

/// Reads the CRL directory every `interval` seconds and on SIGHUP.
struct CRLReloadService: Service {
    let directory: CRLDirectory
    let interval: Int
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in hangups.cancelOnGracefulShutdown() {
                    await reload("SIGHUP")
                }
            }
            if interval > 0 {
                group.addTask {
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        // A timer, not a synchronisation: the wait ends at shutdown.
                        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
                        if Task.isCancelled || Task.isShuttingDownGracefully { break }
                        await reload("poll")
                    }
                }
            }
            // Until shutdown (or cancellation: both end the wait).
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func reload(_ cause: String) async {
        do {
            let result = try await directory.reload()
            if !result.loaded.isEmpty || !result.refused.isEmpty {
                logger.info(
                    "CRL directory read",
                    metadata: ["cause": "\(cause)", "loaded": "\(result.loaded)", "refused": "\(result.refused.count)"])
            }
        } catch {
            logger.error("CRL reload failed", metadata: ["cause": "\(cause)", "error": "\(error)"])
        }
    }
}

/// Deletes expired challenges once a minute (they are refused anyway; this keeps the table small).
struct ChallengeSweepService: Service {
    let store: any PlatformStore
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let cutoff = Int64(Date().timeIntervalSince1970) - 3600
            do {
                let removed = try await store.deleteChallenges(expiredBefore: cutoff)
                if removed > 0 { logger.debug("expired challenges removed", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.warning("challenge sweep failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// A certificate file (PEM or DER).
func readCertificate(_ path: String) throws -> Certificate {
    guard let data = FileManager.default.contents(atPath: path) else { throw commandFailure("cannot read \(path)") }
    do {
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") {
            return try Certificate(pemEncoded: text)
        }
        return try Certificate(derEncoded: Array(data))
    } catch {
        throw commandFailure("\(path): not a certificate: \(error)")
    }
}
