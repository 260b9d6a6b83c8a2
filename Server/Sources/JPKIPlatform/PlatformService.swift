import Foundation
import JPKIASN1
import JPKIPDF
import JPKIVerification
import JPKIX509
import Logging

/// The settings of a platform.
public struct PlatformConfiguration: Sendable {
    /// How long a challenge stays valid, seconds (default 300).
    public var challengeLifetime: Int64 = 300
    /// How a renewal without a log-in finds the customer (default: name, sex and birth date).
    public var renewalMatch: RenewalMatchPolicy = .nameSexBirthDate
    /// The CV CA keys card genuineness checks trust (J-LIS's production keys by default).
    public var cardVerifiableTrust: CardVerifiableTrust = .jlis

    /// The defaults.
    public init() {}
}

/// A certificate and the signature its key made over a challenge.
public struct SignedChallenge: Sendable {
    /// The certificate.
    public var certificate: Certificate
    /// The signature (RSA PKCS #1 v1.5 over the SHA-256 DigestInfo of the challenge).
    public var signature: [UInt8]

    /// A pair with these values.
    public init(certificate: Certificate, signature: [UInt8]) {
        self.certificate = certificate
        self.signature = signature
    }
}

/// What a log-in gives.
public struct LogInResult: Sendable {
    /// The verification report.
    public var report: VerificationReport
    /// The report as JSON, as the audit trail holds it (encoded once, for the trail and the
    /// answer).
    public var reportJSON: String
    /// The customer the certificate is linked to, when one is.
    public var customer: Customer?
}

/// What a registration or a renewal gives.
public struct RegistrationResult: Sendable {
    /// The customer, as stored after the operation.
    public var customer: Customer
    /// The reports: the signature certificate's, then the user-authentication certificate's.
    public var reports: [VerificationReport]
}

/// The platform: the operations of the HTTP API, without HTTP. Each operation verifies with the
/// SDK's ``JPKIVerifier``, keeps the state in the ``PlatformStore`` and appends its reports to
/// the audit trail before it answers.
public final class PlatformService: Sendable {
    /// The verifier (its revocation policy holds the CRL store the directory feeds).
    public let verifier: JPKIVerifier
    /// The store.
    public let store: any PlatformStore
    /// The audit trail.
    public let audit: AuditLog
    /// The CRL directory, when one is configured.
    public let crlDirectory: CRLDirectory?
    /// The settings.
    public let configuration: PlatformConfiguration
    /// The metrics.
    public let metrics: PlatformMetrics
    /// The clock (seconds since 1970): the system's, or a test's.
    public let clock: @Sendable () -> Int64
    private let logger: Logger

    /// A platform verifying with `verifier` and keeping state in `store`.
    public init(
        verifier: JPKIVerifier, store: any PlatformStore, crlDirectory: CRLDirectory?,
        configuration: PlatformConfiguration = PlatformConfiguration(), metrics: PlatformMetrics,
        logger: Logger, clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.verifier = verifier
        self.store = store
        audit = AuditLog(store: store)
        self.crlDirectory = crlDirectory
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    // MARK: Challenges

    /// Issues a challenge for `purpose`.
    public func issueChallenge(_ purpose: ChallengePurpose) async throws(PlatformError) -> Challenge {
        let challenge = Challenge.random(purpose: purpose, now: clock(), lifetime: configuration.challengeLifetime)
        try await storing { () throws(PlatformStoreError) in try await store.insertChallenge(challenge) }
        return challenge
    }

    /// Consumes the challenge `id`, which must be of `purpose` and in time; `field` names it in
    /// errors.
    func consumeChallenge(_ id: String, _ purpose: ChallengePurpose, field: String) async throws(PlatformError)
        -> Challenge
    {
        guard !id.isEmpty, id.utf8.count <= 64 else { throw .badField(field, "not a challenge identifier") }
        let now = clock()
        let consumption = try await storing { () throws(PlatformStoreError) in
            try await store.consumeChallenge(id: id, at: now)
        }
        switch consumption {
        case .unknown:
            throw PlatformError(.notFound, code: "challenge-unknown", field: field, reason: "no such challenge")
        case .alreadyUsed:
            metrics.verdict(purpose.rawValue, "replay")
            throw PlatformError(
                .conflict, code: "challenge-used", field: field, reason: "the challenge was used before (a replay)")
        case .consumed(let challenge):
            guard challenge.purpose == purpose else {
                throw PlatformError(
                    .badRequest, code: "challenge-purpose", field: field,
                    reason: "the challenge was issued for \(challenge.purpose.rawValue), not \(purpose.rawValue)")
            }
            guard now <= challenge.expiresAt else {
                throw PlatformError(
                    .expired, code: "challenge-expired", field: field,
                    reason: "the challenge expired \(now - challenge.expiresAt) s ago")
            }
            return challenge
        }
    }

    // MARK: Log-in

    /// The log-in: the user-authentication certificate's signature over a log-in challenge. The
    /// linked customer comes back with the report; a customer whose signature certificate a CRL
    /// lists is refused with ``PlatformError/Kind/revoked``.
    public func logIn(challengeID: String, _ signed: SignedChallenge) async throws(PlatformError) -> LogInResult {
        let challenge = try await consumeChallenge(challengeID, .login, field: "challengeId")
        let report = await timed("login") {
            await verifier.verifyAuthentication(
                challenge: challenge.nonce, signature: signed.signature, certificate: signed.certificate,
                at: validationTime())
        }
        let customer = report.isValid ? try await linkedCustomer(signed.certificate) : nil
        let reportJSON = try await storing { () throws(PlatformStoreError) in try AuditLog.encode(report) }
        try await storing { () throws(PlatformStoreError) in
            let customerJSON = try customer.map { customer throws(PlatformStoreError) in
                try AuditLog.encode(customer.id)
            }
            try await audit.record(
                operation: "login",
                json: AuditLog.object([("customerID", customerJSON), ("report", reportJSON)]), at: clock())
        }
        guard report.isValid else {
            metrics.verdict("login", "invalid")
            throw PlatformError(
                .notVerified, code: "authentication-failed", field: "signature",
                reason: report.reasons.joined(separator: "; "), report: report)
        }
        if let customer {
            try refuseIfRevokedOrReplaced(customer, loggingInWith: signed.certificate)
        }
        metrics.verdict("login", "valid")
        return LogInResult(report: report, reportJSON: reportJSON, customer: customer)
    }

    /// The customer `certificate` is linked to.
    func linkedCustomer(_ certificate: Certificate) async throws(PlatformError) -> Customer? {
        let sha256 = CustomerCertificate(certificate, purpose: .authentication, linkedAt: 0).sha256
        return try await storing { () throws(PlatformStoreError) in try await store.customer(certificateSHA256: sha256)
        }
    }

    /// Refuses a customer whose newest signature certificate is revoked, or a log-in with a
    /// certificate a renewal replaced.
    func refuseIfRevokedOrReplaced(_ customer: Customer, loggingInWith certificate: Certificate) throws(PlatformError) {
        let sha256 = CustomerCertificate(certificate, purpose: .authentication, linkedAt: 0).sha256
        if let used = customer.certificates.first(where: { $0.sha256 == sha256 }), used.state != .active {
            metrics.verdict("login", used.state.rawValue)
            // The store's state, not only the verifier's CRLs: another instance may have
            // ingested the CRL that revoked it before this one reloads.
            throw PlatformError(
                .revoked, code: used.state == .replaced ? "certificate-replaced" : "certificate-revoked",
                field: "certificate",
                reason: used.state == .replaced
                    ? "customer \(customer.id): this certificate was replaced by a newer card's"
                    : "customer \(customer.id): this certificate is revoked (\(used.revocationReason ?? "unspecified"))"
            )
        }
        if let signature = customer.latestSignatureCertificate, signature.state == .revoked {
            metrics.verdict("login", "revoked")
            throw PlatformError(
                .revoked, code: "signature-certificate-revoked",
                reason:
                    "customer \(customer.id): the linked signature certificate (serial \(signature.serialNumber)) is revoked (\(signature.revocationReason ?? "unspecified")); register the new card"
            )
        }
    }

    // MARK: Registration and renewal

    /// The registration: the signature certificate's signature over a registration challenge,
    /// and optionally the user-authentication certificate's signature over the same challenge.
    /// Refuses a certificate already registered, and a person already registered (by the basic
    /// 4 information under ``PlatformConfiguration/renewalMatch``).
    public func register(challengeID: String, signature: SignedChallenge, authentication: SignedChallenge?)
        async throws(PlatformError) -> RegistrationResult
    {
        let challenge = try await consumeChallenge(challengeID, .registration, field: "challengeId")
        let (basicFour, certificates, reports) = try await verifyCard(
            challenge, signature: signature, authentication: authentication, operation: "registration")
        let now = clock()
        let customer = Customer(
            id: UUID().uuidString.lowercased(), registeredAt: now, basicFour: basicFour, certificates: certificates)
        let outcome = try await storing { () throws(PlatformStoreError) in
            try await store.registerCustomer(customer, matchKey: basicFour.matchKey(configuration.renewalMatch))
        }
        switch outcome {
        case .stored:
            metrics.verdict("registration", "valid")
            logger.info("customer registered", metadata: ["customer": "\(customer.id)"])
            guard
                try await recordRevocationsFoundAfterStoring(
                    signature, authentication, reports: reports, customerID: customer.id)
            else {
                return RegistrationResult(customer: customer, reports: reports)
            }
            return RegistrationResult(customer: try await storedCustomer(customer.id), reports: reports)
        case .duplicateCertificate(let existing):
            metrics.verdict("registration", "duplicate")
            throw PlatformError(
                .conflict, code: "duplicate-registration", field: "signatureCertificate",
                reason: "the certificate is already registered (customer \(existing))")
        case .duplicatePerson:
            metrics.verdict("registration", "duplicate")
            throw PlatformError(
                .conflict, code: "duplicate-person", field: "signatureCertificate",
                reason:
                    "a customer with the same basic 4 information (\(configuration.renewalMatch.rawValue)) is registered: renew that customer's card instead"
            )
        case .unknownCustomer:
            throw PlatformError(.notFound, code: "customer-unknown", reason: "no such customer")
        }
    }

    /// How a renewal identifies the customer.
    public enum RenewalIdentification: Sendable {
        /// A log-in with a still-valid, still-linked user-authentication certificate.
        case logIn(challengeID: String, SignedChallenge)
        /// The basic 4 information of the new signature certificate, compared under
        /// ``PlatformConfiguration/renewalMatch``.
        case basicFourMatch
    }

    /// The renewal (a new card of a registered customer): the new card's signature certificate
    /// (and optionally user-authentication certificate) signed a renewal challenge; the customer
    /// is identified by `identification`, and, when `customerID` is given, must be that one. The
    /// customer's old certificates become ``CertificateState/replaced``.
    public func renew(
        customerID: String?, challengeID: String, signature: SignedChallenge, authentication: SignedChallenge?,
        identification: RenewalIdentification
    ) async throws(PlatformError) -> RegistrationResult {
        let challenge = try await consumeChallenge(challengeID, .renewal, field: "challengeId")
        let (basicFour, certificates, reports) = try await verifyCard(
            challenge, signature: signature, authentication: authentication, operation: "renewal")
        let customer: Customer
        switch identification {
        case .logIn(let loginChallenge, let signed):
            let login = try await consumeChallenge(loginChallenge, .login, field: "login.challengeId")
            let report = await verifier.verifyAuthentication(
                challenge: login.nonce, signature: signed.signature, certificate: signed.certificate,
                at: validationTime())
            let linked = report.isValid ? try await linkedCustomer(signed.certificate) : nil
            try await record("renewal-login", LogInAudit(report: report, customerID: linked?.id))
            guard report.isValid else {
                throw PlatformError(
                    .notVerified, code: "authentication-failed", field: "login.signature",
                    reason: report.reasons.joined(separator: "; "), report: report)
            }
            let sha256 = CustomerCertificate(signed.certificate, purpose: .authentication, linkedAt: 0).sha256
            guard let linked, linked.certificates.contains(where: { $0.sha256 == sha256 && $0.state == .active })
            else {
                throw PlatformError(
                    .notFound, code: "customer-unknown", field: "login.certificate",
                    reason: "the log-in certificate is not linked to a customer (or no longer active)")
            }
            customer = linked
        case .basicFourMatch:
            guard let key = basicFour.matchKey(configuration.renewalMatch) else {
                throw PlatformError(
                    .badRequest, code: "renewal-match-disabled", field: "identification",
                    reason: "this platform identifies renewing customers by a log-in only")
            }
            let candidates = try await storing { () throws(PlatformStoreError) in
                try await store.customers(matchKey: key)
            }
            guard candidates.count == 1, let only = candidates.first else {
                throw PlatformError(
                    .notFound, code: "customer-unknown", field: "identification",
                    reason: candidates.isEmpty
                        ? "no customer has this basic 4 information (\(configuration.renewalMatch.rawValue)): log in with the old card"
                        : "\(candidates.count) customers have this basic 4 information: log in with the old card")
            }
            // The old card must be superseded: J-LIS revokes a card's certificates when it issues
            // the next one, and a signature certificate ends at its validity. A customer whose
            // signature certificate is still good is another person with the same basic 4
            // information, or the same person who must log in with that card.
            if let current = only.latestSignatureCertificate, current.state == .active, current.notAfter > clock() {
                throw PlatformError(
                    .conflict, code: "old-card-still-valid", field: "identification",
                    reason:
                        "the matching customer's signature certificate is still valid: renew by logging in with the old card"
                )
            }
            customer = only
        }
        if let customerID, customerID != customer.id {
            throw PlatformError(
                .badRequest, code: "customer-mismatch", field: "customerId",
                reason: "the identification names customer \(customer.id)")
        }
        let outcome = try await storing { () throws(PlatformStoreError) in
            try await store.renewCustomer(
                id: customer.id, certificates: certificates, basicFour: basicFour,
                matchKey: basicFour.matchKey(configuration.renewalMatch), at: clock())
        }
        switch outcome {
        case .stored:
            metrics.verdict("renewal", "valid")
            logger.info("customer renewed", metadata: ["customer": "\(customer.id)"])
            try await recordRevocationsFoundAfterStoring(
                signature, authentication, reports: reports, customerID: customer.id)
            return RegistrationResult(customer: try await storedCustomer(customer.id), reports: reports)
        case .duplicateCertificate(let existing):
            throw PlatformError(
                .conflict, code: "duplicate-registration", field: "signatureCertificate",
                reason: "the certificate is already registered (customer \(existing))")
        case .duplicatePerson(let existing):
            throw PlatformError(
                .conflict, code: "duplicate-person", field: "signatureCertificate",
                reason: "customer \(existing) has the same basic 4 information")
        case .unknownCustomer:
            throw PlatformError(.notFound, code: "customer-unknown", field: "customerId", reason: "no such customer")
        }
    }

    /// Customer `id` as stored, just after this platform stored it.
    private func storedCustomer(_ id: String) async throws(PlatformError) -> Customer {
        guard
            let customer = try await storing({ () throws(PlatformStoreError) in try await store.customer(id: id) })
        else {
            throw PlatformError(.notFound, code: "customer-unknown", reason: "customer \(id) vanished")
        }
        return customer
    }

    /// After a registration or renewal stored the certificates of `signature` and `authentication`
    /// (verified in `reports`, in that order): records the revocation changes of those a CRL put in service since their
    /// verification lists (see ``CRLDirectory/recordRevocations(ofStored:at:now:)``), with an
    /// audit record; returns whether there were any.
    @discardableResult
    private func recordRevocationsFoundAfterStoring(
        _ signature: SignedChallenge, _ authentication: SignedChallenge?, reports: [VerificationReport],
        customerID: String
    ) async throws(PlatformError) -> Bool {
        guard let crlDirectory else { return false }
        let certificates = [signature.certificate] + (authentication.map { [$0.certificate] } ?? [])
        var pairs: [(certificate: Certificate, issuer: Certificate)] = []
        for (certificate, report) in zip(certificates, reports) {
            guard let issuer = issuer(verifiedIn: report) else {
                logger.warning(
                    "the issuer of a stored certificate is not among the verifier's certificates; its revocation is not looked at again",
                    metadata: ["customer": "\(customerID)"])
                continue
            }
            pairs.append((certificate, issuer))
        }
        let now = clock()
        let changes = try await storing { () throws(PlatformStoreError) in
            try await crlDirectory.recordRevocations(ofStored: pairs, at: validationTime(), now: now)
        }
        guard !changes.isEmpty else { return false }
        logger.notice(
            "a CRL put in service while the certificates were being stored lists them",
            metadata: ["customer": "\(customerID)", "revocationChanges": "\(changes.count)"])
        try await record("revocation-after-storing", changes)
        return true
    }

    /// The issuer of the certificate `report` validated: the chain's second certificate, among the
    /// verifier's intermediates and anchors (a registration passes no others).
    private func issuer(verifiedIn report: VerificationReport) -> Certificate? {
        guard let reference = report.chain.first(where: { $0.reference.position == 1 })?.reference else { return nil }
        return (verifier.intermediates + verifier.anchors.certificates).first { candidate in
            CertificateReference(candidate, position: 1).sha256 == reference.sha256
        }
    }

    /// Verifies a card's signature certificate (and user-authentication certificate) over
    /// `challenge`; records the reports; gives the basic 4 information and the certificates.
    private func verifyCard(
        _ challenge: Challenge, signature: SignedChallenge, authentication: SignedChallenge?, operation: String
    ) async throws(PlatformError) -> (BasicFourRecord, [CustomerCertificate], [VerificationReport]) {
        let result = await timed(operation) {
            await verifier.verifySignature(
                of: challenge.nonce, signature: signature.signature, certificate: signature.certificate,
                at: validationTime())
        }
        var reports = [result.report]
        var authenticationReport: VerificationReport?
        if let authentication {
            let report = await verifier.verifyAuthentication(
                challenge: challenge.nonce, signature: authentication.signature,
                certificate: authentication.certificate,
                at: validationTime())
            reports.append(report)
            authenticationReport = report
        }
        try await record(operation, reports)
        guard result.isValid else {
            metrics.verdict(operation, "invalid")
            throw PlatformError(
                .notVerified, code: "signature-invalid", field: "signature",
                reason: result.report.reasons.joined(separator: "; "), report: result.report)
        }
        if let authenticationReport, !authenticationReport.isValid {
            metrics.verdict(operation, "invalid")
            throw PlatformError(
                .notVerified, code: "authentication-failed", field: "authentication.signature",
                reason: authenticationReport.reasons.joined(separator: "; "), report: authenticationReport)
        }
        guard let signer = result.signer else {
            throw PlatformError(
                .badRequest, code: "not-a-signature-certificate", field: "signatureCertificate",
                reason: "the certificate carries no basic 4 information")
        }
        let now = clock()
        var certificates = [CustomerCertificate(signature.certificate, purpose: .signature, linkedAt: now)]
        if let authentication {
            certificates.append(
                CustomerCertificate(authentication.certificate, purpose: .authentication, linkedAt: now))
        }
        return (BasicFourRecord(signer), certificates, reports)
    }

    // MARK: Documents and cards

    /// Verifies a signature over a document with a signature certificate.
    public func verifyDocument(_ document: [UInt8], signature: [UInt8], certificate: Certificate)
        async throws(PlatformError) -> SignatureVerificationResult
    {
        let result = await timed("signature") {
            await verifier.verifySignature(
                of: document, signature: signature, certificate: certificate, at: validationTime())
        }
        try await record("signature", result.report)
        metrics.verdict("signature", result.isValid ? "valid" : "invalid")
        return result
    }

    /// Verifies a CMS SignedData (attached, or detached with `content`).
    public func verifyCMS(_ cms: [UInt8], content: [UInt8]?) async throws(PlatformError) -> CMSVerificationResult {
        let result = await timed("cms") {
            await verifier.verifyCMS(cms, detachedContent: content, at: validationTime())
        }
        try await record("cms", result.report)
        metrics.verdict("cms", result.isValid ? "valid" : "invalid")
        return result
    }

    /// Verifies every signature of a PDF.
    public func verifyPDF(_ bytes: [UInt8]) async throws(PlatformError) -> PDFVerificationReport {
        let start = ContinuousClock.now
        let document: PDFDocument
        do {
            document = try PDFDocument(bytes: bytes)
        } catch {
            throw PlatformError.badField("pdf", "not a PDF: \(error)")
        }
        let report: PDFVerificationReport
        do {
            report = try await PDFSignatureVerifier(verifier: verifier).verify(document, at: validationTime())
        } catch {
            throw PlatformError.badField("pdf", "the PDF cannot be verified: \(error)")
        }
        metrics.verificationLatency("pdf", ContinuousClock.now - start)
        try await record("pdf", report)
        metrics.verdict("pdf", report.verdict == .valid ? "valid" : "invalid")
        return report
    }

    /// Decides whether a card is genuine from the evidence its holder's device sent, over a
    /// `card` challenge.
    public func verifyGenuineness(challengeID: String, evidence: CardGenuinenessEvidence) async throws(PlatformError)
        -> CardGenuinenessReport
    {
        let challenge = try await consumeChallenge(challengeID, .card, field: "challengeId")
        let report = verifier.verifyGenuineness(
            evidence: evidence, challenge: challenge.nonce, trust: configuration.cardVerifiableTrust)
        try await record("card-genuineness", report)
        metrics.verdict("card-genuineness", report.isAccepted ? "valid" : "invalid")
        return report
    }

    /// Decides whether the holder of a genuine card is at least `minimumAge` on `date`.
    public func verifyAge(
        challengeID: String, evidence: CardGenuinenessEvidence, minimumAge: Int, on date: GregorianDate
    ) async throws(PlatformError) -> CardGenuinenessReport {
        let challenge = try await consumeChallenge(challengeID, .card, field: "challengeId")
        let report = verifier.verifyAge(
            evidence: evidence, challenge: challenge.nonce, atLeast: minimumAge, on: date,
            trust: configuration.cardVerifiableTrust)
        try await record("card-age", report)
        metrics.verdict("card-age", report.isAccepted ? "valid" : "invalid")
        return report
    }

    // MARK: Queries

    /// The customer `id`.
    public func customer(id: String) async throws(PlatformError) -> Customer {
        guard let customer = try await storing({ () throws(PlatformStoreError) in try await store.customer(id: id) })
        else { throw PlatformError(.notFound, code: "customer-unknown", field: "id", reason: "no such customer") }
        return customer
    }

    /// Where the revocation feed starts.
    public enum ChangeCursor: Sendable {
        /// After this sequence number.
        case after(Int64)
        /// Detected at or after this time (seconds since 1970).
        case detectedSince(Int64)
    }

    /// A page of the revocation feed.
    public struct RevocationChangesPage: Sendable {
        /// The changes, oldest first.
        public var changes: [RevocationChange]
        /// The cursor for the next page (``ChangeCursor/after(_:)``): the last change's sequence
        /// number; for an empty page, the cursor given, or, after a time, the newest change's
        /// sequence number (every change there is was detected before it), so that following
        /// `next` never starts the feed over.
        public var next: Int64
    }

    /// The revocation changes from `cursor`, at most `limit`.
    public func revocationChanges(from cursor: ChangeCursor, limit: Int) async throws(PlatformError)
        -> RevocationChangesPage
    {
        // An empty page by choice would still move `next` past changes not read.
        guard limit >= 1 else { throw PlatformError.badField("limit", "a number from 1") }
        return try await storing { () throws(PlatformStoreError) in
            switch cursor {
            case .after(let sequence):
                let changes = try await store.revocationChanges(after: sequence, limit: limit)
                return RevocationChangesPage(changes: changes, next: changes.last?.sequence ?? sequence)
            case .detectedSince(let time):
                // The newest sequence first: a change recorded between the two reads is then in
                // the page or after `next`, never skipped.
                let latest = try await store.latestRevocationSequence()
                let changes = try await store.revocationChanges(detectedSince: time, limit: limit)
                return RevocationChangesPage(changes: changes, next: changes.last?.sequence ?? latest)
            }
        }
    }

    /// Readiness: the database answers, and the CRLs are loaded and fresh.
    public struct Readiness: Codable, Sendable {
        /// Ready to serve.
        public var ready: Bool
        /// The store and whether it answers.
        public var database: String
        /// Whether the database answered.
        public var databaseReachable: Bool
        /// Why not, when it did not.
        public var databaseError: String?
        /// The CRL directory's state, when one is configured.
        public var crls: CRLDirectory.Status?
    }

    /// The platform's readiness now.
    public func readiness() async -> Readiness {
        var databaseError: String?
        do {
            try await store.ping()
        } catch {
            databaseError = error.description
        }
        let status = await crlDirectory?.status(now: clock())
        if let status {
            metrics.crlCounts(inService: status.partitions.count, refused: status.refusals.count)
            if let age = status.oldestAge { metrics.crlAge(age) }
        }
        return Readiness(
            ready: databaseError == nil && (status?.isReady ?? true), database: store.description,
            databaseReachable: databaseError == nil, databaseError: databaseError, crls: status)
    }

    // MARK: Support

    /// Appends `value` to the audit trail as `operation`.
    func record(_ operation: String, _ value: some Encodable) async throws(PlatformError) {
        _ = try await storing { () throws(PlatformStoreError) in
            try await audit.record(operation: operation, value, at: clock())
        }
    }

    /// Runs a storage operation; a storage failure becomes ``PlatformError/Kind/unavailable``.
    func storing<T>(_ body: () async throws(PlatformStoreError) -> T) async throws(PlatformError) -> T {
        do {
            return try await body()
        } catch {
            logger.error("storage failure", metadata: ["error": "\(error)"])
            throw PlatformError(.unavailable, code: "storage-unavailable", reason: error.description)
        }
    }

    /// The platform's clock as the verifier's validation time.
    func validationTime() -> Date { Date(timeIntervalSince1970: TimeInterval(clock())) }

    /// Runs a verification and records its latency under `operation`.
    func timed<T>(_ operation: String, _ body: () async -> T) async -> T {
        let start = ContinuousClock.now
        let value = await body()
        metrics.verificationLatency(operation, ContinuousClock.now - start)
        return value
    }
}

/// The audit record of a log-in.
struct LogInAudit: Encodable {
    var report: VerificationReport
    var customerID: String?
}
