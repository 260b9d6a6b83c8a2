import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKIRevocationIndex
import JPKISimulator
import JPKIVerification
import JPKIX509

/// One step of the demo as it is printed and as `--json` reports it.
struct DemoStep: Encodable, Sendable {
    /// 1, 2, …
    var number: Int
    /// A short machine-readable name (`card-status`, `log-in`, …).
    var name: String
    /// The step's heading.
    var title: String
    /// What happened, one sentence a line.
    var lines: [String] = []
    /// Command APDUs the step sent to the card (0 for server-side steps).
    var apdus = 0
    /// Wall-clock time of the step.
    var milliseconds = 0.0
    /// Whether the step came out as the story expects.
    var ok = true
    /// The step's results as data (for `--json`).
    var data: [String: String] = [:]
}

/// The whole run, for `--json`.
struct DemoReport: Encodable, Sendable {
    var card: String
    var steps: [DemoStep]
    var totalAPDUs: Int
    var totalMilliseconds: Double
    var ok: Bool
}

/// Why the demo stopped.
struct DemoFailure: Error, CustomStringConvertible {
    var description: String
}

/// What the demo needs from the side of the relying party: anchors, the CRL store, and (for the
/// simulated card only) the test PKI that can publish the next day's CRL.
struct DemoVerifierSide {
    var anchors: TrustAnchors
    var crls: CRLStore
    var verifier: JPKIVerifier
    var anchorsDescription: String
    var crlDescription: String
}

/// The demo's story, step by step: the card (simulated, or a real one in a reader), the
/// server's verification, and — on the simulated card — a move that revokes the signature
/// certificate and the next day's CRL that shows it.
final class DemoStory: @unchecked Sendable {
    let card: MyNumberCard
    let simulated: VirtualMyNumberCard?
    let side: DemoVerifierSide
    let pins: DemoPINs
    /// How the PDF step signs (B-B, or B-T with a TSA) and where it saves the file.
    let pdf: DemoPDFSettings
    /// Prints each step as it ends (nil with `--json`).
    let narrate: ((DemoStep) -> Void)?
    private(set) var steps: [DemoStep] = []

    init(
        card: MyNumberCard, simulated: VirtualMyNumberCard?, side: DemoVerifierSide, pins: DemoPINs,
        pdf: DemoPDFSettings = DemoPDFSettings(), narrate: ((DemoStep) -> Void)?
    ) {
        self.card = card
        self.simulated = simulated
        self.side = side
        self.pins = pins
        self.pdf = pdf
        self.narrate = narrate
    }

    /// Runs `body` as step `name`, timing it and counting its APDUs.
    func step(
        _ name: String, _ title: String, _ body: (inout DemoStep) async throws -> Void
    ) async throws {
        var step = DemoStep(number: steps.count + 1, name: name, title: title)
        let apdusBefore = await card.channel.commandCount
        let start = ContinuousClock.now
        do {
            try await body(&step)
        } catch {
            step.ok = false
            step.lines.append("failed: \(error)")
            finish(&step, start: start, apdusBefore: await card.channel.commandCount - apdusBefore)
            throw DemoFailure(description: "step \(step.number) (\(title)): \(error)")
        }
        finish(&step, start: start, apdusBefore: await card.channel.commandCount - apdusBefore)
    }

    private func finish(_ step: inout DemoStep, start: ContinuousClock.Instant, apdusBefore apdus: Int) {
        let elapsed = ContinuousClock.now - start
        step.milliseconds =
            Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        step.apdus = apdus
        steps.append(step)
        narrate?(step)
    }

    // MARK: The story

    /// Runs every step; stops at the first that fails with an error (a negative verification
    /// result is reported in its step, not thrown).
    func run(now: Date) async throws {
        try await cardStatus()
        let authentication = try await tapToRead(now: now)
        try await logIn(authenticationCertificate: authentication, now: now)
        try await cardInformation()
        let signed = try await signDocument(now: now)
        if let simulated {
            try await signPDF(now: now)
            let record = try await ageCheck(now: now)
            try await kazashi(keyRecord: record, now: now)
            try await move(simulated, signed: signed, now: now)
            try await forgedCard(simulated, keyRecord: record)
        }
    }

    /// 1. The token kind and every PIN's tries, with no try consumed.
    func cardStatus() async throws {
        try await step("card-status", "The card: token kind and PIN tries (no PIN sent)") { step in
            let status = try await card.status()
            step.lines.append("token: \(status.tokenKind)")
            step.data["tokenKind"] = "\(status.tokenKind)"
            for pin in status.pins {
                step.lines.append(pin.description)
                step.data["pin.\(pin.kind)"] = pin.triesLeft.map(String.init) ?? "\(pin.state)"
            }
        }
    }

    /// 2. かざし: the authentication certificate read without a PIN and validated.
    func tapToRead(now: Date) async throws -> Certificate {
        var certificate: Certificate?
        try await step("tap-to-read", "かざし: the user-authentication certificate, read without a PIN, validated") {
            step in
            let read = try await card.readAuthenticationCertificate()
            certificate = read
            step.lines.append("subject \(read.subject), serial \(read.serialNumberHex)")
            step.lines.append("valid \(read.notBefore) – \(read.notAfter), \(read.jpkiProfile)")
            let report = await side.verifier.verifyCertificate(read, at: now)
            Self.describe(report, into: &step, expectValid: true)
            step.data["serial"] = read.serialNumberHex
        }
        guard let certificate else { throw DemoFailure(description: "no authentication certificate") }
        return certificate
    }

    /// 3. Log-in: the server's challenge signed with the authentication key (4-digit PIN),
    /// verified with the chain and the CRL.
    func logIn(authenticationCertificate: Certificate, now: Date) async throws {
        try await step("log-in", "Log-in: a server challenge signed by the card, verified by the server") { step in
            let challenge = (0..<32).map { _ in UInt8.random(in: 0...255) }
            step.lines.append("server challenge: \(Hex.encode(challenge.prefix(8)))… (32 random bytes)")
            let pin = try pins.authentication()
            let signed = try await card.authenticate(challenge: challenge, pin: pin)
            step.lines.append(
                "card signed with the user-authentication key after the 4-digit PIN: "
                    + "\(signed.signature.count)-byte RSA signature")
            let report = await side.verifier.verifyAuthentication(
                challenge: challenge, signature: signed.signature, certificate: signed.certificate, at: now)
            Self.describe(report, into: &step, expectValid: true)
            step.data["challenge"] = Hex.encode(challenge)
        }
    }

    /// 4. The basic 4 information from the 券面事項入力補助AP, checked against EF 0003's hashes.
    func cardInformation() async throws {
        try await step("card-info", "券面事項入力補助AP: the basic 4 information (4-digit PIN), integrity checked") {
            step in
            let information = try await card.readBasicInformation(pin: try pins.cardInfo())
            step.lines.append("name \(information.name), sex \(information.sex)")
            step.lines.append("born \(information.birthDate), address \(information.address)")
            step.lines.append("the data matched their SHA-256 hashes in EF 0003")
            step.data["name"] = information.name
            step.data["address"] = information.address
            step.data["birthDate"] = "\(information.birthDate)"
            step.data["sex"] = "\(information.sex)"
        }
    }

    /// A document signed as CMS: its bytes and the signature certificate.
    struct SignedDocument {
        var document: [UInt8]
        var cms: [UInt8]
        var certificate: Certificate
    }

    /// 5. A document signed with the signature key as a detached CMS, verified; the signer's
    /// 4 information from the certificate.
    func signDocument(now: Date) async throws -> SignedDocument {
        var result: SignedDocument?
        try await step("sign-document", "A document signed with the signature key as CMS, verified") { step in
            let document = Array("口座開設申込書: 普通預金口座の開設を申し込みます。 (\(ISO8601DateFormatter().string(from: now)))".utf8)
            let certificate = try await card.readSignatureCertificate(pin: try pins.signature())
            let builder = CMSSignedDataBuilder(content: document, signerCertificate: certificate, signingTime: now)
            let digest = try DigestInfo(algorithm: .sha256, digest: Array(builder.digestInfo.suffix(32)))
            let signed = try await card.sign(digestInfo: digest, pin: try pins.signature())
            let cms = builder.build(signature: signed.signature)
            step.lines.append(
                "document of \(document.count) bytes; CMS SignedData of \(cms.count) bytes (detached, "
                    + "signed attributes contentType, messageDigest, signingTime)")
            let verified = await side.verifier.verifyCMS(cms, detachedContent: document, at: now)
            Self.describe(verified.report, into: &step, expectValid: true)
            if let signer = verified.signer {
                step.lines.append(
                    "signer (from the certificate): \(signer.name), born \(signer.birthDate), \(signer.address)")
                step.data["signer"] = signer.name
            }
            result = SignedDocument(document: document, cms: cms, certificate: certificate)
        }
        guard let result else { throw DemoFailure(description: "no signed document") }
        return result
    }

    /// Age check (simulated card): the birth-date PIN opens EF 0001 (the J-LIS-signed birth date,
    /// no name, address or photo); the card signs a challenge; the verdict needs a genuine card.
    /// Returns the signed record with the application key, kept for the かざし step.
    func ageCheck(now: Date) async throws -> CardSignedRecord {
        var record: CardSignedRecord?
        try await step("age-check", "Age check: at least 20? (the birth-date PIN; no name, address or photo)") {
            step in
            let today = try Self.japaneseDate(now)
            let pin = try BirthDatePIN(try pins.birthDate())
            let result = try await card.verifyAge(atLeast: 20, on: today, pin: pin)
            let verdict = result.verdict
            step.lines.append(
                "at least 20 on \(today): \(verdict.isAtLeastMinimumAge ? "yes" : "no"); "
                    + "J-LIS-signed birth date \(verdict.birthDate.map { "\($0)" } ?? "unknown")")
            step.lines.append("genuineness: \(verdict.genuineness.description)")
            step.data["atLeast20"] = verdict.isAtLeastMinimumAge ? "yes" : "no"
            step.data["genuineness"] = verdict.genuineness.status.rawValue
            if !verdict.isAtLeastMinimumAge { step.ok = false }
            if let bytes = result.evidence.keyRecord, let kind = result.evidence.keyRecordKind {
                record = try CardSignedRecord(kind, encoded: bytes)
            }
        }
        guard let record else { throw DemoFailure(description: "no key record from the age check") }
        return record
    }

    /// かざし (simulated card): no PIN at all; the user-authentication certificate and its
    /// validity, and the card's genuineness with the key record kept from the age check.
    func kazashi(keyRecord: CardSignedRecord, now: Date) async throws {
        try await step("kazashi", "かざし: certificate and genuineness in one tap (no PIN sent)") { step in
            let result = try await card.kazashi(keyRecord: keyRecord)
            let certificate = result.authenticationCertificate
            step.lines.append("user-authentication certificate: serial \(certificate.serialNumberHex)")
            let report = await side.verifier.verifyCertificate(certificate, at: now)
            Self.describe(report, into: &step, expectValid: true)
            step.lines.append(
                "the simulator's CV CA key is trusted because this is the simulated card "
                    + "(a real card is checked against J-LIS's keys only)")
            step.lines.append(
                "no PIN sent: the key record is the one read at the age check (kept as at enrolment); "
                    + "without it the verdict would be \"not verifiable\"")
            guard let genuineness = result.genuineness else {
                throw DemoFailure(description: "no genuineness check (no 券面 application)")
            }
            step.lines.append("genuineness: \(genuineness.verdict.description)")
            step.data["genuineness"] = genuineness.verdict.status.rawValue
            if !genuineness.verdict.isGenuine { step.ok = false }
        }
    }

    /// A forged card (simulated): the 券面 applications sign challenges with another key than
    /// their records carry; the genuineness check (no PIN, the record kept from the age check)
    /// catches it.
    func forgedCard(_ simulated: VirtualMyNumberCard, keyRecord: CardSignedRecord) async throws {
        try await step("forged-card", "A forged card: challenges signed by another key, caught") { step in
            try simulated.forge(.challengeSignedByAnotherKey)
            step.lines.append("the simulator now forges: \(CardForgery.challengeSignedByAnotherKey)")
            let check = try await card.checkGenuineness(keyRecord: keyRecord)
            step.lines.append("genuineness: \(check.verdict.description)")
            step.data["genuineness"] = check.verdict.status.rawValue
            if check.verdict.status != .notGenuine { step.ok = false }
        }
    }

    /// The day of `date` in Japan (Asia/Tokyo).
    static func japaneseDate(_ date: Date) throws -> CardDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
            let result = CardDate(year: year, month: month, day: day)
        else { throw DemoFailure(description: "no date for \(date)") }
        return result
    }

    /// 6. The holder moves: the signature certificate is revoked; the next day's CRL lists it,
    /// the CRL diff shows it, and the verifier now says revoked.
    func move(_ simulated: VirtualMyNumberCard, signed: SignedDocument, now: Date) async throws {
        try await step("move", "A move: the signature certificate revoked, the next day's CRL, the verdict now") {
            step in
            let old = simulated.persona
            let today = Int64(now.timeIntervalSince1970)
            let yesterdayCRL = try simulated.pki.crlDER(
                purpose: .signature, prefecture: old.prefecture, city: old.city, thisUpdate: today)
            let movedAt = today + 3_600
            try simulated.move(
                to: "大阪府大阪市北区架空町四丁目5番6号", prefecture: "大阪府", city: "大阪市北区", reason: .affiliationChanged,
                at: movedAt)
            step.lines.append("the holder moved from \(old.city) to 大阪市北区: J-LIS revoked the signature certificate")
            let tomorrow = today + 86_400
            let todayCRL = try simulated.pki.crlDER(
                purpose: .signature, prefecture: old.prefecture, city: old.city, thisUpdate: tomorrow)
            let installed = try side.crls.update(derEncoded: todayCRL)
            // J-LIS publishes every partition daily: the user-authentication CRL too.
            try side.crls.update(
                derEncoded: try simulated.pki.crlDER(
                    purpose: .userAuthentication, prefecture: old.prefecture, city: old.city, thisUpdate: tomorrow))
            step.lines.append(
                "next day's CRL of \(old.prefecture)\(old.city): \(installed.entryCount) entr\(installed.entryCount == 1 ? "y" : "ies"), number \(installed.crlNumber ?? "-")"
            )
            let diff = RevocationIndex.diff(
                old: try RevocationIndex(try CertificateRevocationList(derEncoded: yesterdayCRL)),
                new: try RevocationIndex(try CertificateRevocationList(derEncoded: todayCRL)))
            let newly = diff.newlyRevoked.map(\.serialNumberHex)
            step.lines.append(
                "crl diff: newly revoked \(newly.joined(separator: ", ")) (the 4-information change signal)")
            step.data["newlyRevoked"] = newly.joined(separator: ",")
            guard newly.contains(signed.certificate.serialNumberHex) else {
                throw DemoFailure(description: "the diff does not list the revoked certificate")
            }
            let later = Date(timeIntervalSince1970: TimeInterval(tomorrow + 60))
            let verified = await side.verifier.verifyCMS(signed.cms, detachedContent: signed.document, at: later)
            Self.describe(verified.report, into: &step, expectValid: false)
            let authentication = await side.verifier.verifyCertificate(
                try await card.readAuthenticationCertificate(), at: later)
            step.lines.append(
                "the user-authentication certificate stays \(authentication.verdict.rawValue) (a move does not revoke it)"
            )
        }
    }

    /// Adds a report's verdict, its reasons and the revocation answer to `step`; marks the step
    /// failed when the verdict is not the one the story expects.
    static func describe(_ report: VerificationReport, into step: inout DemoStep, expectValid: Bool) {
        let passed = report.checks.filter(\.passed).count
        step.lines.append(
            "verifier: \(report.verdict.rawValue) (\(passed) of \(report.checks.count) checks passed, chain of \(report.chain.count))"
        )
        for reason in report.reasons { step.lines.append("  reason: \(reason)") }
        for record in report.revocation where record.position == 0 {
            var line = "revocation: \(record.status)"
            if let reason = record.reason { line += " (\(reason))" }
            if let evidence = record.evidence {
                line += " by \(evidence.kind.uppercased()) of \(evidence.distributionPoint ?? evidence.issuer)"
                if let number = evidence.crlNumber { line += ", number \(number)" }
                if let thisUpdate = evidence.thisUpdate {
                    line += ", thisUpdate \(ASN1Time(thisUpdate))"
                }
            } else if let detail = record.detail {
                line += ": \(detail)"
            }
            step.lines.append(line)
            step.data["revocation"] = record.status
        }
        step.data["verdict"] = report.verdict.rawValue
        if report.isValid != expectValid { step.ok = false }
    }
}

/// Where the demo's PINs come from: the sample persona's on the simulated card; the environment
/// or a no-echo prompt for a real card.
struct DemoPINs: Sendable {
    var authenticationText: @Sendable () throws -> String
    var signatureText: @Sendable () throws -> String
    var cardInfoText: @Sendable () throws -> String
    /// The birth-date PIN (era year YYMMDD), for the age and genuineness steps.
    var birthDateText: @Sendable () throws -> String = { throw DemoFailure(description: "no birth-date PIN") }

    func authentication() throws -> UserAuthenticationPIN { try UserAuthenticationPIN(try authenticationText()) }
    func signature() throws -> SignaturePIN { try SignaturePIN(try signatureText()) }
    func cardInfo() throws -> CardInfoPIN { try CardInfoPIN(try cardInfoText()) }
    func birthDate() throws -> String { try birthDateText() }
}
