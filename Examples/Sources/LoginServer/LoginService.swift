import Foundation
import JPKIVerification
import JPKIX509

// The server side of a JPKI log-in (利用者証明): the relying party sends a fresh random
// challenge, the user's card signs it with the user-authentication key (after the 4-digit PIN),
// and the server checks three things with `JPKIVerifier.verifyAuthentication`:
//
//  1. the signature over the challenge verifies with the key of the certificate sent along;
//  2. the certificate chains to a trusted root (here the simulator's test root, as a custom
//     anchor; in production the pinned J-LIS roots) and is a user-authentication certificate
//     valid now;
//  3. the certificate is not revoked, according to the CRL of its municipality (the JPKI
//     partitions its CRLs by municipality), with a hard-fail policy: no CRL, no log-in.
//
// The challenge is single-use and short-lived, so a captured response cannot be replayed.

/// What the server sends to the client to start a log-in.
struct LoginChallenge: Codable, Sendable {
    /// Names the pending log-in; the response must quote it.
    var id: String
    /// The random bytes the card signs.
    var nonce: Data
}

/// What the client sends back: the card's signature over the nonce and the card's
/// user-authentication certificate (DER). Nothing else is needed: the certificate carries the
/// key, and the server trusts it only after path validation.
struct LoginResponse: Codable, Sendable {
    /// The ``LoginChallenge/id`` answered.
    var challengeID: String
    /// RSA PKCS #1 v1.5 over the SHA-256 DigestInfo of the nonce (256 bytes).
    var signature: Data
    /// The user-authentication certificate (利用者証明用電子証明書), DER.
    var certificate: Data
}

/// The server's decision on one log-in attempt.
enum LoginDecision: Sendable {
    /// The user is who the certificate says: the report records why.
    case accepted(account: String, report: VerificationReport)
    /// Refused before any cryptography: the challenge is unknown, used or expired, or the
    /// certificate does not parse.
    case rejectedRequest(String)
    /// Refused by the verifier: the report says which checks failed.
    case refused(VerificationReport)

    /// The failure codes, for refused attempts (`signature-mismatch`, `revoked`, …).
    var failureCodes: [String] {
        if case .refused(let report) = self { return report.failures.map(\.code) }
        return []
    }
}

/// The relying party's log-in endpoint. An actor: many log-ins may run at once, and the pending
/// challenges are its only mutable state (the verifier and the CRL store are thread-safe).
actor LoginService {
    /// How long a challenge may wait for its answer.
    let challengeLifetime: TimeInterval
    /// The verifier: trust anchors and revocation policy. Immutable, shared by all requests.
    private let verifier: JPKIVerifier
    /// Pending challenges: nonce and deadline, by id.
    private var pending: [String: (nonce: [UInt8], deadline: Date)] = [:]

    /// A log-in service trusting `verifier`'s anchors and applying its revocation policy.
    init(verifier: JPKIVerifier, challengeLifetime: TimeInterval = 120) {
        self.verifier = verifier
        self.challengeLifetime = challengeLifetime
    }

    /// Step 1: a fresh challenge of 32 random bytes from the system's CSPRNG.
    func beginLogin() -> LoginChallenge {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let id = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
        pending[id] = (nonce, Date().addingTimeInterval(challengeLifetime))
        return LoginChallenge(id: id, nonce: Data(nonce))
    }

    /// Step 2: checks the card's answer.
    ///
    /// The challenge is removed from `pending` *before* the (asynchronous) verification, so
    /// two concurrent requests with the same answer cannot both use it.
    func completeLogin(_ response: LoginResponse) async -> LoginDecision {
        guard let challenge = pending.removeValue(forKey: response.challengeID) else {
            return .rejectedRequest("unknown or already used challenge \(response.challengeID)")
        }
        guard challenge.deadline > Date() else {
            return .rejectedRequest("challenge \(response.challengeID) expired")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: Array(response.certificate))
        } catch {
            return .rejectedRequest("the certificate does not parse: \(error)")
        }
        // The whole decision: data signature, chain to the anchor, JPKI user-authentication
        // profile, validity now, and revocation per the CRL store (hard-fail).
        let report = await verifier.verifyAuthentication(
            challenge: challenge.nonce, signature: Array(response.signature), certificate: certificate)
        guard report.isValid else { return .refused(report) }
        // The user-authentication certificate carries no personal data, only an opaque
        // identifier in its subject: a service links it to an account when the user registers
        // (and again when the card is renewed, since the identifier changes with it).
        return .accepted(account: certificate.subject.description, report: report)
    }
}
