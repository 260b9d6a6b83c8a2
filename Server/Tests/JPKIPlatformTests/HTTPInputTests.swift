import Foundation
import Hummingbird
import HummingbirdTesting
import JPKIPlatform
import JPKIPlatformHTTP
import NIOCore
import Testing

/// Bad input is a 400 naming the field, never a 500; sizes, routes and methods; the spec and the
/// routes agree; health, metrics and the spec are served.
@Suite("HTTP input")
struct HTTPInputTests {
    @Test("missing fields, wrong types, bad base64, not a certificate, not JSON: 400 with the field")
    func badInput() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            try await platform.withClient { client in
                let missing = try await client.post("/v1/login", ["challengeId": "x", "signature": "AAAA"])
                #expect(missing.status == .badRequest)
                let missingError = try #require(try object(missing)["error"] as? [String: Any])
                #expect(missingError["code"] as? String == "missing-field")
                #expect(missingError["field"] as? String == "certificate")

                let wrongType = try await client.post(
                    "/v1/login", ["challengeId": 7, "certificate": "AAAA", "signature": "AAAA"])
                #expect(wrongType.status == .badRequest)
                #expect((try object(wrongType)["error"] as? [String: Any])?["field"] as? String == "challengeId")

                let notBase64 = try await client.post(
                    "/v1/login", ["challengeId": "x", "certificate": "***", "signature": "AAAA"])
                #expect(notBase64.status == .badRequest)
                #expect((try object(notBase64)["error"] as? [String: Any])?["field"] as? String == "certificate")

                let notCertificate = try await client.post(
                    "/v1/verify/signature", ["document": "AAAA", "signature": "AAAA", "certificate": "MAA="])
                #expect(notCertificate.status == .badRequest)
                let certificateError = try #require(try object(notCertificate)["error"] as? [String: Any])
                #expect(certificateError["field"] as? String == "certificate")
                #expect((certificateError["reason"] as? String)?.contains("not an X.509 certificate") == true)

                let purpose = try await client.post("/v1/challenges", ["purpose": "coffee"])
                #expect(purpose.status == .badRequest)
                #expect((try object(purpose)["error"] as? [String: Any])?["field"] as? String == "purpose")

                let notJSON = try await client.execute(
                    uri: "/v1/challenges", method: .post, body: ByteBuffer(string: "purpose=login"))
                #expect(notJSON.status == .badRequest)
                #expect(try errorCode(notJSON) == "invalid-json")

                let half = try await client.post(
                    "/v1/customers",
                    [
                        "challengeId": "x",
                        "signatureCertificate": platform.card.credentials.signatureCertificate.derEncoded.base64,
                        "signature": "AAAA", "authenticationSignature": "AAAA",
                    ])
                #expect(half.status == .badRequest)
                #expect(
                    (try object(half)["error"] as? [String: Any])?["field"] as? String == "authenticationCertificate")

                let badSince = try await client.get("/v1/revocation-changes?since=yesterday")
                #expect(badSince.status == .badRequest)
                let badLimit = try await client.get("/v1/revocation-changes?limit=0")
                #expect(badLimit.status == .badRequest)
                let badAge = try await client.post(
                    "/v1/card/age",
                    [
                        "challengeId": "x", "minimumAge": -1,
                        "evidence": [
                            "application": "cardSurface", "certificate": "AAAA", "challenge": "AAAA",
                            "challengeSignature": "AAAA",
                        ],
                    ])
                #expect(badAge.status == .badRequest)
                #expect((try object(badAge)["error"] as? [String: Any])?["field"] as? String == "minimumAge")
            }
        }
    }

    @Test("a body over the limit is 413; unknown paths 404; another method 405 with Allow")
    func limitsAndRoutes() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            try await platform.withClient { client in
                let huge = String(repeating: "A", count: 300 * 1024)
                let tooLarge = try await client.post(
                    "/v1/login", ["challengeId": huge, "certificate": "", "signature": ""])
                #expect(tooLarge.status == .contentTooLarge)
                #expect(try errorCode(tooLarge) == "body-too-large")

                let unknown = try await client.get("/v1/nothing-here")
                #expect(unknown.status == .notFound)
                #expect(try errorCode(unknown) == "no-such-route")

                let wrongMethod = try await client.execute(uri: "/v1/login", method: .get)
                #expect(wrongMethod.status == .methodNotAllowed)
                #expect(wrongMethod.headers[.allow] == "POST")
                let customer = try await client.execute(uri: "/v1/customers/abc", method: .delete)
                #expect(customer.status == .methodNotAllowed)
                #expect(customer.headers[.allow] == "GET")

                let missingCustomer = try await client.get("/v1/customers/no-such-customer")
                #expect(missingCustomer.status == .notFound)
                #expect(try errorCode(missingCustomer) == "customer-unknown")
            }
        }
    }

    @Test("health, the spec and the metrics are served")
    func served() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            try await platform.withClient { client in
                #expect(try await client.get("/health").status == .ok)
                let spec = try await client.get("/openapi.yaml")
                #expect(spec.status == .ok)
                #expect(String(buffer: spec.body).hasPrefix("openapi: 3.1"))
                _ = try await client.challenge("login")
                let metrics = String(buffer: try await client.get("/metrics").body)
                #expect(
                    metrics.contains(
                        "jpki_platform_http_requests_total{route=\"/v1/challenges\",method=\"POST\",status=\"201\"} 1"))
                #expect(metrics.contains("jpki_platform_crls_in_service 2"))
                #expect(metrics.contains("jpki_platform_crl_age_seconds"))
            }
        }
    }

    @Test("the admin calls need the bearer token when one is set")
    func adminToken() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let api = PlatformAPI(service: platform.service, registry: platform.registry, adminToken: "s3cret")
            try await Application(router: api.router()).test(.router) { client in
                let refused = try await client.execute(uri: "/v1/admin/crls/reload", method: .post)
                #expect(refused.status == .unauthorized)
                let wrong = try await client.execute(
                    uri: "/v1/admin/crls/reload", method: .post, headers: [.authorization: "Bearer guess"])
                #expect(wrong.status == .unauthorized)
                let accepted = try await client.execute(
                    uri: "/v1/admin/crls/reload", method: .post, headers: [.authorization: "Bearer s3cret"])
                #expect(accepted.status == .ok)
            }
        }
    }

    @Test("the /v1 calls need the API token when one is set; health, readiness and the spec do not")
    func apiToken() async throws {
        try await PlatformHarness.with(.sqlite) { platform in
            let api = PlatformAPI(service: platform.service, registry: platform.registry, apiToken: "provider-7")
            try await Application(router: api.router()).test(.router) { client in
                let body = try HTTPInputTests.challengeBody()
                let refused = try await client.execute(uri: "/v1/challenges", method: .post, body: body)
                #expect(refused.status == .unauthorized)
                #expect(try errorCode(refused) == "api-token")
                let wrong = try await client.execute(
                    uri: "/v1/challenges", method: .post, headers: [.authorization: "Bearer provider-8"], body: body)
                #expect(wrong.status == .unauthorized)
                let longer = try await client.execute(
                    uri: "/v1/challenges", method: .post, headers: [.authorization: "Bearer provider-77"], body: body)
                #expect(longer.status == .unauthorized)
                let accepted = try await client.execute(
                    uri: "/v1/challenges", method: .post, headers: [.authorization: "Bearer provider-7"], body: body)
                #expect(accepted.status == .created)
                #expect(try await client.get("/health").status == .ok)
                #expect(try await client.get("/ready").status == .ok)
                #expect(try await client.get("/openapi.yaml").status == .ok)
            }
        }
    }

    static func challengeBody() throws -> ByteBuffer { try body(["purpose": "login"]) }

    @Test("the routes are the spec's paths and methods")
    func routesMatchSpec() throws {
        let spec = try #require(PlatformAPI.openAPIDocument)
        var paths: [String: [String]] = [:]
        var current: String?
        for line in spec.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                let path = String(line.dropFirst(2).dropLast()).replacingOccurrences(of: "{id}", with: ":id")
                current = path
                paths[path] = []
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                paths[path, default: []].append(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased())
            } else if !line.hasPrefix(" ") && !line.isEmpty {
                current = nil
            }
        }
        #expect(paths == PlatformAPI.routes)
    }
}
