import Foundation
import Hummingbird
import JPKIPlatform
import JPKIVerification
import JPKIX509
import Logging
import NIOCore
import Prometheus

/// The HTTP API of a ``PlatformService`` (Server/openapi.yaml), on Hummingbird.
///
/// ```swift
/// let api = PlatformAPI(service: service, registry: registry)
/// let app = Application(router: api.router(), configuration: .init(address: .hostname("0.0.0.0", port: 8080)))
/// try await app.runService()
/// ```
public struct PlatformAPI: Sendable {
    /// The limits of a request.
    public struct Limits: Sendable {
        /// The largest JSON body of the identity operations (log-in, registration …), bytes.
        public var json: Int = 256 * 1024
        /// The largest body of a document, CMS or PDF verification, bytes.
        public var document: Int = 32 * 1024 * 1024
        /// How long a request may take before it is answered 503.
        public var requestTimeout: Duration = .seconds(30)
        /// The most revocation changes one page gives.
        public var pageSize: Int = 1000

        /// The defaults: 256 KiB, 32 MiB, 30 s, 1000.
        public init() {}
    }

    /// The service.
    public let service: PlatformService
    /// The Prometheus registry `/metrics` shows.
    public let registry: PrometheusCollectorRegistry
    /// The limits.
    public let limits: Limits
    /// The bearer token `/v1/admin/…` requires, or `nil` to leave them open (loopback set-ups).
    public let adminToken: String?
    /// The bearer token every other `/v1/…` call requires (the service providers' systems, or
    /// the platform's gateway), or `nil` to leave them open (loopback set-ups, or a gateway that
    /// authenticates callers itself).
    public let apiToken: String?

    /// The API of `service`.
    public init(
        service: PlatformService, registry: PrometheusCollectorRegistry, limits: Limits = Limits(),
        adminToken: String? = nil, apiToken: String? = nil
    ) {
        self.service = service
        self.registry = registry
        self.limits = limits
        self.adminToken = adminToken
        self.apiToken = apiToken
    }

    /// The OpenAPI document this API implements (YAML).
    public static var openAPIDocument: String? {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The API's paths and methods (as in openapi.yaml).
    public static let routes: [String: [String]] = [
        "/health": ["GET"], "/ready": ["GET"], "/metrics": ["GET"], "/openapi.yaml": ["GET"],
        "/v1/challenges": ["POST"], "/v1/login": ["POST"], "/v1/customers": ["POST"], "/v1/customers/:id": ["GET"],
        "/v1/renewals": ["POST"], "/v1/verify/signature": ["POST"], "/v1/verify/cms": ["POST"],
        "/v1/verify/pdf": ["POST"], "/v1/card/genuineness": ["POST"], "/v1/card/age": ["POST"],
        "/v1/revocation-changes": ["GET"], "/v1/admin/crls/reload": ["POST"],
    ]

    /// The router with every route of the API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: APIMiddleware(metrics: service.metrics, routes: Self.routes))
        let openAPI = Self.openAPIDocument ?? ""

        router.get("/health") { _, _ in try json(["status": "ok"]) }
        router.get("/ready") { _, _ in
            let readiness = await service.readiness()
            return try json(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            _ = await service.readiness()  // refreshes the CRL gauges
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: openAPI)))
        }

        router.post(
            "/v1/challenges",
            use: deadline { request, _ in
                let body = try await decode(ChallengeRequest.self, request, limit: limits.json)
                guard let purpose = ChallengePurpose(rawValue: body.purpose) else {
                    throw PlatformError.badField(
                        "purpose", "one of \(ChallengePurpose.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return try json(ChallengeResponse(try await service.issueChallenge(purpose)), status: .created)
            })
        router.post(
            "/v1/login",
            use: deadline { request, _ in
                let body = try await decode(LogInRequest.self, request, limit: limits.json)
                let signed = SignedChallenge(
                    certificate: try certificate(body.certificate, "certificate"),
                    signature: try bytes(body.signature, "signature"))
                let result = try await service.logIn(challengeID: body.challengeId, signed)
                // The report as the audit trail holds it: encoded once.
                let customer = try result.customer.map { try AuditLog.encode(CustomerView($0)) }
                return rawJSON(
                    AuditLog.object([("customer", customer), ("report", result.reportJSON), ("verdict", "\"valid\"")]))
            })
        router.post(
            "/v1/customers",
            use: deadline { request, _ in
                let body = try await decode(RegistrationRequest.self, request, limit: limits.json)
                let result = try await service.register(
                    challengeID: body.challengeId,
                    signature: SignedChallenge(
                        certificate: try certificate(body.signatureCertificate, "signatureCertificate"),
                        signature: try bytes(body.signature, "signature")),
                    authentication: try authentication(body.authenticationCertificate, body.authenticationSignature))
                return try json(
                    RegistrationResponse(customer: CustomerView(result.customer), reports: result.reports),
                    status: .created)
            })
        router.get(
            "/v1/customers/:id",
            use: deadline { _, context in
                let id = context.parameters.get("id") ?? ""
                return try json(CustomerView(try await service.customer(id: id)))
            })
        router.post(
            "/v1/renewals",
            use: deadline { request, _ in
                let body = try await decode(RenewalRequest.self, request, limit: limits.json)
                let identification: PlatformService.RenewalIdentification
                switch body.identification {
                case "login":
                    guard let login = body.login else {
                        throw PlatformError.badField("login", "required when identification is login")
                    }
                    identification = .logIn(
                        challengeID: login.challengeId,
                        SignedChallenge(
                            certificate: try certificate(login.certificate, "login.certificate"),
                            signature: try bytes(login.signature, "login.signature")))
                case "basic-four-match":
                    identification = .basicFourMatch
                default:
                    throw PlatformError.badField("identification", "login or basic-four-match")
                }
                let result = try await service.renew(
                    customerID: body.customerId, challengeID: body.challengeId,
                    signature: SignedChallenge(
                        certificate: try certificate(body.signatureCertificate, "signatureCertificate"),
                        signature: try bytes(body.signature, "signature")),
                    authentication: try authentication(body.authenticationCertificate, body.authenticationSignature),
                    identification: identification)
                return try json(RegistrationResponse(customer: CustomerView(result.customer), reports: result.reports))
            })

        router.post(
            "/v1/verify/signature",
            use: deadline { request, _ in
                let body = try await decode(SignatureRequest.self, request, limit: limits.document)
                let result = try await service.verifyDocument(
                    try bytes(body.document, "document"), signature: try bytes(body.signature, "signature"),
                    certificate: try certificate(body.certificate, "certificate"))
                return try json(
                    SignatureResponse(
                        valid: result.isValid, signer: result.signer.map(BasicFourRecord.init), report: result.report))
            })
        router.post(
            "/v1/verify/cms",
            use: deadline { request, _ in
                let body = try await decode(CMSRequest.self, request, limit: limits.document)
                let content = try body.content.map { try bytes($0, "content") }
                let result = try await service.verifyCMS(try bytes(body.cms, "cms"), content: content)
                return try json(
                    SignatureResponse(
                        valid: result.isValid, signer: result.signer.map(BasicFourRecord.init), report: result.report))
            })
        router.post(
            "/v1/verify/pdf",
            use: deadline { request, _ in
                let body = try await decode(PDFRequest.self, request, limit: limits.document)
                let report = try await service.verifyPDF(try bytes(body.pdf, "pdf"))
                return try json(PDFResponse(valid: report.verdict == .valid, report: report))
            })
        router.post(
            "/v1/card/genuineness",
            use: deadline { request, _ in
                let body = try await decode(GenuinenessRequest.self, request, limit: limits.json)
                let report = try await service.verifyGenuineness(
                    challengeID: body.challengeId, evidence: try evidence(body.evidence))
                return try json(CardResponse(accepted: report.isAccepted, report: report))
            })
        router.post(
            "/v1/card/age",
            use: deadline { request, _ in
                let body = try await decode(AgeRequest.self, request, limit: limits.json)
                guard (0...150).contains(body.minimumAge) else {
                    throw PlatformError.badField("minimumAge", "0 to 150")
                }
                let date: GregorianDate
                if let text = body.date {
                    guard let parsed = GregorianDate(text) else {
                        throw PlatformError.badField("date", "a date YYYY-MM-DD")
                    }
                    date = parsed
                } else {
                    date = GregorianDate(japanStandardTimeAt: service.clock())
                }
                let report = try await service.verifyAge(
                    challengeID: body.challengeId, evidence: try evidence(body.evidence), minimumAge: body.minimumAge,
                    on: date)
                return try json(CardResponse(accepted: report.isAccepted, report: report))
            })

        router.get(
            "/v1/revocation-changes",
            use: deadline { request, _ in
                let query = request.uri.queryParameters
                var limit = limits.pageSize
                if let text = query["limit"] {
                    guard let value = Int(text), value >= 1 else {
                        throw PlatformError.badField("limit", "a number from 1")
                    }
                    limit = min(value, limits.pageSize)
                }
                let cursor: PlatformService.ChangeCursor
                let since = query["since"].map(String.init) ?? "0"
                if let sequence = Int64(since), sequence >= 0 {
                    cursor = .after(sequence)
                } else if let date = ISO8601DateFormatter().date(from: since) {
                    cursor = .detectedSince(Int64(date.timeIntervalSince1970))
                } else {
                    throw PlatformError.badField("since", "a sequence number (0 or more) or an ISO 8601 date-time")
                }
                let page = try await service.revocationChanges(from: cursor, limit: limit)
                return try json(RevocationChangesResponse(changes: page.changes, next: page.next))
            })
        router.post(
            "/v1/admin/crls/reload",
            use: deadline { request, _ in
                try authorizeAdmin(request)
                guard let directory = service.crlDirectory else {
                    throw PlatformError(.notFound, code: "no-crl-directory", reason: "no CRL directory is configured")
                }
                let result: CRLDirectory.ReloadResult
                do throws(PlatformStoreError) {
                    result = try await directory.reload(now: service.clock())
                } catch {
                    throw PlatformError(.unavailable, code: "storage-unavailable", reason: error.description)
                }
                return try json(result)
            })
        return router
    }

    // MARK: Support

    /// `handler`, answered 503 when it takes longer than ``Limits/requestTimeout``.
    /// `handler` behind the API token (when one is set), answered 503 when it takes longer than
    /// ``Limits/requestTimeout``.
    private func deadline(
        apiTokenRequired: Bool = true,
        _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response
    ) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
        let timeout = limits.requestTimeout
        let token = apiTokenRequired ? apiToken : nil
        return { request, context in
            if let token, !bearerMatches(request, token) {
                throw PlatformError(
                    .unauthorized, code: "api-token", field: "Authorization", reason: "the API bearer token is required"
                )
            }
            return try await withDeadline(timeout) { try await handler(request, context) }
        }
    }

    private func authorizeAdmin(_ request: Request) throws(PlatformError) {
        guard let adminToken else { return }
        guard bearerMatches(request, adminToken) else {
            throw PlatformError(
                .unauthorized, code: "admin-token", field: "Authorization", reason: "the admin bearer token is required"
            )
        }
    }

    private func authentication(_ certificateText: String?, _ signatureText: String?) throws(PlatformError)
        -> SignedChallenge?
    {
        switch (certificateText, signatureText) {
        case (nil, nil): return nil
        case (let certificateText?, let signatureText?):
            return SignedChallenge(
                certificate: try certificate(certificateText, "authenticationCertificate"),
                signature: try bytes(signatureText, "authenticationSignature"))
        case (nil, _):
            throw PlatformError.badField("authenticationCertificate", "required with authenticationSignature")
        case (_, nil):
            throw PlatformError.badField("authenticationSignature", "required with authenticationCertificate")
        }
    }

    private func evidence(_ body: EvidenceBody) throws(PlatformError) -> CardGenuinenessEvidence {
        guard let application = CardVerifiableApplication(rawValue: body.application) else {
            throw PlatformError.badField(
                "evidence.application",
                "one of \(CardVerifiableApplication.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var kind: CardSignedRecord.Kind?
        if let text = body.keyRecordKind {
            guard let parsed = CardSignedRecord.Kind(rawValue: text) else {
                throw PlatformError.badField(
                    "evidence.keyRecordKind",
                    "one of \(CardSignedRecord.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = parsed
        }
        return CardGenuinenessEvidence(
            application: application, certificate: try bytes(body.certificate, "evidence.certificate"),
            keyRecord: try body.keyRecord.map { text throws(PlatformError) in try bytes(text, "evidence.keyRecord") },
            keyRecordKind: kind, challenge: try bytes(body.challenge, "evidence.challenge"),
            challengeFromCard: body.challengeFromCard ?? false,
            challengeSignature: try bytes(body.challengeSignature, "evidence.challengeSignature"))
    }
}

/// Whether the request's `Authorization` is `Bearer token`, compared in time independent of
/// where the bytes differ.
func bearerMatches(_ request: Request, _ token: String) -> Bool {
    let given = Array((request.headers[.authorization] ?? "").utf8)
    let expected = Array("Bearer \(token)".utf8)
    var difference = UInt8(given.count == expected.count ? 0 : 1)
    for index in expected.indices {
        difference |= expected[index] ^ (index < given.count ? given[index] : 0)
    }
    return difference == 0
}

/// Base64 of a field, decoded.
func bytes(_ text: String, _ field: String) throws(PlatformError) -> [UInt8] {
    guard let data = Data(base64Encoded: text) else { throw PlatformError.badField(field, "not base64") }
    guard !data.isEmpty else { throw PlatformError.badField(field, "empty") }
    return Array(data)
}

/// A certificate field (base64 of DER), parsed.
func certificate(_ text: String, _ field: String) throws(PlatformError) -> Certificate {
    let der = try bytes(text, field)
    do {
        return try Certificate(derEncoded: der)
    } catch {
        throw PlatformError.badField(field, "not an X.509 certificate: \(error)")
    }
}

/// The request's JSON body as `T`, at most `limit` bytes; a missing or mistyped field is a 400
/// naming it.
func decode<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int) async throws -> T {
    let buffer: ByteBuffer
    do {
        buffer = try await request.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
        throw PlatformError(.tooLarge, code: "body-too-large", reason: "the body is larger than \(limit) bytes")
    }
    do {
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch let error as DecodingError {
        throw PlatformError.decoding(error)
    } catch {
        throw PlatformError(.badRequest, code: "invalid-json", reason: "the body is not JSON: \(error)")
    }
}

/// A JSON response of bytes already encoded.
func rawJSON(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}

/// `value` as a JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(
        status: status, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

extension PlatformError {
    /// A JSON decoding failure, with the path of the field at fault.
    static func decoding(_ error: DecodingError) -> PlatformError {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return PlatformError(.badRequest, code: "missing-field", field: path(context, key), reason: "required")
        case .typeMismatch(let type, let context):
            return PlatformError(.badRequest, code: "invalid-field", field: path(context), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            return PlatformError(
                .badRequest, code: "invalid-field", field: path(context), reason: "expected \(type), got null")
        case .dataCorrupted(let context):
            return PlatformError(
                .badRequest, code: context.codingPath.isEmpty ? "invalid-json" : "invalid-field", field: path(context),
                reason: context.debugDescription)
        @unknown default:
            return PlatformError(.badRequest, code: "invalid-json", reason: "\(error)")
        }
    }
}
