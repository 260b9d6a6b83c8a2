import Foundation
import Hummingbird
import HummingbirdTesting
import JPKICard
import JPKIPlatform
import JPKIPlatformHTTP
import JPKIPlatformPostgres
import JPKIPlatformSQLite
import JPKISimulator
import JPKIVerification
import JPKIX509
import Logging
import NIOCore
import Prometheus
import Testing

/// Which database a test runs on.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server's URL from `JPKI_PLATFORM_POSTGRES_URL` (scripts/test.sh starts one).
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["JPKI_PLATFORM_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The kinds this run can use: PostgreSQL only when a server is given.
    static var available: [StoreKind] {
        if postgresURL == nil {
            print(
                "note: JPKI_PLATFORM_POSTGRES_URL is not set: the PostgreSQL variants are skipped (scripts/test.sh starts a server)"
            )
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }
}

/// A temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "jpki-platform-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A platform on the simulator's test PKI: a card of 番号 花子, a CRL directory with the day's CRLs,
/// a store, the service and its HTTP API; `clock` can be moved.
final class PlatformHarness: Sendable {
    let directory: TemporaryDirectory
    let pki: TestPKI
    let card: VirtualMyNumberCard
    let crlDirectory: String
    let store: any PlatformStore
    let service: PlatformService
    let api: PlatformAPI
    let registry: PrometheusCollectorRegistry
    let clock: MovableClock
    let crlStore: CRLStore

    /// A platform on `store`; `pki` and `card` shared when given (a second instance, a second card).
    static func make(
        store: any PlatformStore, pki: TestPKI? = nil, card: VirtualMyNumberCard? = nil,
        configure: (inout PlatformConfiguration) -> Void = { _ in },
        revocation: (CRLStore) -> RevocationPolicy = { .hardFail($0) }
    ) async throws -> PlatformHarness {
        let directory = try TemporaryDirectory()
        let pki = try pki ?? TestPKI()
        let card = try card ?? VirtualMyNumberCard(persona: .sample, pki: pki)
        let crlDirectory = directory.file("crl")
        try FileManager.default.createDirectory(atPath: crlDirectory, withIntermediateDirectories: true)
        let logger = Logger(label: "jpki-platform-tests")
        _ = try await store.migrate()
        let anchors = TrustAnchors(custom: pki.generations.flatMap { [$0.signatureRoot, $0.authenticationRoot] })
        let crls = CRLStore(anchors: anchors, grace: .seconds(3600))
        let clock = MovableClock()
        let platformDirectory = CRLDirectory(
            path: crlDirectory, crls: crls, store: store, audit: AuditLog(store: store), logger: logger)
        var configuration = PlatformConfiguration()
        configuration.cardVerifiableTrust = pki.cardVerifiableTrust
        configure(&configuration)
        let registry = PrometheusCollectorRegistry()
        let service = PlatformService(
            verifier: JPKIVerifier(anchors: anchors, revocation: revocation(crls)), store: store,
            crlDirectory: platformDirectory, configuration: configuration,
            metrics: PlatformMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: logger,
            clock: { clock.now })
        let harness = PlatformHarness(
            directory: directory, pki: pki, card: card, crlDirectory: crlDirectory, store: store, service: service,
            api: PlatformAPI(service: service, registry: registry), registry: registry, clock: clock, crlStore: crls)
        try harness.writeCRLs(day: "2026-12-01", thisUpdate: clock.now - 7200)
        _ = try await platformDirectory.reload(now: clock.now)
        return harness
    }

    /// Runs `body` on a new platform on `kind` (a new SQLite file, or a new PostgreSQL
    /// database), shut down afterwards whatever happens.
    /// `wrapStore` gives the store the platform uses, around the database's (a test's
    /// ``InterposingStore``).
    static func with<T: Sendable>(
        _ kind: StoreKind, pki: TestPKI? = nil, configure: @escaping (inout PlatformConfiguration) -> Void = { _ in },
        wrapStore: @escaping @Sendable (any PlatformStore) -> any PlatformStore = { $0 },
        _ body: @escaping (PlatformHarness) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLitePlatformStore.open(
                path: directory.file("platform.db"), logger: Logger(label: "jpki-platform-tests"))
            return try await run(store: wrapStore(store), pki: pki, configure: configure, body)
        case .postgres:
            var result: T?
            try await withPostgresDatabase(instances: 1) { stores, _ in
                result = try await run(
                    store: wrapStore(try #require(stores.first)), pki: pki, configure: configure, body)
            }
            return try #require(result)
        }
    }

    private static func run<T>(
        store: any PlatformStore, pki: TestPKI?, configure: (inout PlatformConfiguration) -> Void,
        _ body: (PlatformHarness) async throws -> T
    ) async throws -> T {
        let platform: PlatformHarness
        do {
            platform = try await make(store: store, pki: pki, configure: configure)
        } catch {
            await store.close()
            throw error
        }
        do {
            let value = try await body(platform)
            await platform.shutDown()
            return value
        } catch {
            await platform.shutDown()
            throw error
        }
    }

    private init(
        directory: TemporaryDirectory, pki: TestPKI, card: VirtualMyNumberCard, crlDirectory: String,
        store: any PlatformStore, service: PlatformService, api: PlatformAPI,
        registry: PrometheusCollectorRegistry, clock: MovableClock, crlStore: CRLStore
    ) {
        self.directory = directory
        self.pki = pki
        self.card = card
        self.crlDirectory = crlDirectory
        self.store = store
        self.service = service
        self.api = api
        self.registry = registry
        self.clock = clock
        self.crlStore = crlStore
    }

    /// Closes the store and removes the files.
    func shutDown() async {
        await store.close()
        directory.remove()
    }

    /// Writes the PKI's CRLs for `day` into the CRL directory.
    func writeCRLs(day: String, thisUpdate: Int64) throws {
        var counts: [String: Int] = [:]
        for municipality in pki.municipalities {
            let purpose = municipality.purpose == .signature ? "signature" : "authentication"
            counts[purpose, default: 0] += 1
            let der = try pki.crlDER(
                purpose: municipality.purpose, prefecture: municipality.prefecture, city: municipality.city,
                thisUpdate: thisUpdate)
            try Data(der).write(
                to: URL(
                    fileURLWithPath: (crlDirectory as NSString).appendingPathComponent(
                        "\(purpose)-\(counts[purpose] ?? 1).\(day).crl")))
        }
    }

    /// Runs `body` with a client of the API (in process, no socket).
    func withClient<T>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: api.router())
        return try await app.test(.router) { client in try await body(client) }
    }
}

/// A clock tests move.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Int64(Date().timeIntervalSince1970)

    var now: Int64 { lock.withLock { value } }

    func advance(_ seconds: Int64) { lock.withLock { value += seconds } }
}

/// The simulated card's operations through the SDK's MyNumberCard (its APDUs, its PINs).
struct CardHolder: Sendable {
    let card: VirtualMyNumberCard

    private func reader() async throws -> MyNumberCard {
        let reader = MyNumberCard(transport: SimulatedCardTransport(card: card))
        _ = try await reader.connect()
        return reader
    }

    /// The user-authentication key's signature over `challenge`.
    func authenticate(_ challenge: [UInt8]) async throws -> MyNumberCard.Signature {
        try await reader().authenticate(
            challenge: challenge, pin: try UserAuthenticationPIN(card.persona.authenticationPIN))
    }

    /// The signature key's signature over `message`.
    func sign(_ message: [UInt8]) async throws -> MyNumberCard.Signature {
        try await reader().sign(message: message, pin: try SignaturePIN(card.persona.signaturePIN))
    }

    /// Genuineness evidence over `challenge` (the key record read with the birth-date PIN first).
    func genuinenessEvidence(_ challenge: [UInt8]) async throws -> CardGenuinenessEvidence {
        let reader = try await reader()
        let birth = card.persona.birthDate
        let date = try #require(CardDate(year: birth.year, month: birth.month, day: birth.day))
        let record = try await reader.readKeyRecord(.birthDate(try BirthDatePIN(birthDate: date)))
        return try await reader.checkGenuineness(challenge: challenge, keyRecord: record).evidence
    }
}

/// The body of `POST /v1/login` for challenge `id` and the card's `signed` answer.
func logInBody(_ id: String, _ signed: MyNumberCard.Signature) -> [String: Any] {
    ["challengeId": id, "certificate": signed.certificate.derEncoded.base64, "signature": signed.signature.base64]
}

/// JSON of a request body.
func body(_ value: [String: Any]) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: value))
}

/// A response's JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    return try #require(
        try JSONSerialization.jsonObject(with: data) as? [String: Any],
        "not a JSON object: \(String(decoding: data, as: UTF8.self))")
}

/// The refusal's `error.code`.
func errorCode(_ response: TestResponse) throws -> String? {
    (try object(response)["error"] as? [String: Any])?["code"] as? String
}

extension Data {
    var base64: String { base64EncodedString() }
}

extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}

extension TestClientProtocol {
    /// POSTs JSON.
    func post(_ uri: String, _ value: [String: Any]) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: try body(value))
    }

    /// GETs.
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }

    /// A whole log-in of `holder`'s card: a log-in challenge, the card's signature over it,
    /// `POST /v1/login`.
    func logIn(_ holder: CardHolder) async throws -> TestResponse {
        let login = try await challenge("login")
        return try await post("/v1/login", logInBody(login.id, try await holder.authenticate(login.nonce)))
    }

    /// Issues a challenge: its identifier and bytes.
    func challenge(_ purpose: String) async throws -> (id: String, nonce: [UInt8]) {
        let response = try await post("/v1/challenges", ["purpose": purpose])
        #expect(response.status == .created)
        let json = try object(response)
        let id = try #require(json["challengeId"] as? String)
        let nonce = try #require((json["challenge"] as? String).flatMap { Data(base64Encoded: $0) })
        return (id, Array(nonce))
    }
}
