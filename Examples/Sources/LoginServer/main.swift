// LoginServer: a relying party's challenge-response log-in with the My Number Card (公的個人認証
// の利用者証明), end to end in one process:
//
//   server (LoginService)                    client (CardHolderClient + card)
//   ---------------------                    --------------------------------
//   beginLogin() -> 32 random bytes  ----->  MyNumberCard.authenticate(challenge:pin:)
//                                             (PIN 1234; the card signs with its
//                                              user-authentication key)
//   completeLogin(response)          <-----  signature + user-authentication certificate
//     JPKIVerifier.verifyAuthentication
//     (signature, chain to the root, CRL of
//      the municipality, hard-fail)
//
// The card is the SDK's simulator (`VirtualMyNumberCard` behind `SimulatedCardTransport`), and
// the root is the simulator's test PKI (`TestPKI`), trusted as a custom anchor. With a reader,
// replace the transport with `PCSCTransport` and the anchors with `TrustAnchors.jlis` (the six
// J-LIS roots embedded in the SDK, the default of `JPKIVerifier()` and `CRLStore()`), and load
// J-LIS's CRLs into the store: the rest of the code stays as it is.
//
// Run:   swift run --package-path Examples LoginServer [--full-report]
// Exit:  0 when every scenario ends as expected (one log-in accepted, the attacks refused, …),
//        1 when one does not, 2 when the demo cannot be set up.

import Foundation
import JPKICard
import JPKISimulator
import JPKIVerification
import JPKIX509

/// Collects scenarios whose outcome was not the expected one.
final class Expectations {
    private(set) var passed = 0
    private(set) var unexpected: [String] = []

    /// Records whether `scenario` ended as expected.
    func check(_ condition: Bool, _ scenario: String, got outcome: @autoclosure () -> String) {
        if condition {
            passed += 1
            print("  ✔ as expected")
        } else {
            let line = "\(scenario): unexpected outcome: \(outcome())"
            unexpected.append(line)
            print("  ✘ \(line)")
        }
    }
}

/// `1 entry`, `2 entries`.
func entries(_ count: Int) -> String { count == 1 ? "1 entry" : "\(count) entries" }

/// A short text for a decision.
func describe(_ decision: LoginDecision) -> String {
    switch decision {
    case .accepted(let account, _): return "accepted (account \(account))"
    case .rejectedRequest(let why): return "rejected request: \(why)"
    case .refused(let report): return "refused: " + report.failures.map(\.code).joined(separator: ", ")
    }
}

/// Prints a decision: the verdict, then either the account or the verifier's reasons.
func show(_ decision: LoginDecision) {
    switch decision {
    case .accepted(let account, let report):
        print("  server: log-in ACCEPTED for \(account) (verdict \(report.verdict.rawValue))")
    case .rejectedRequest(let why):
        print("  server: request REJECTED before verification: \(why)")
    case .refused(let report):
        print("  server: log-in REFUSED (verdict \(report.verdict.rawValue)):")
        for reason in report.reasons { print("    - \(reason)") }
    }
}

/// Sends `response` "over the network": JSON out, JSON in, as a real client and server would.
func transmit(_ response: LoginResponse, to service: LoginService) async throws -> LoginDecision {
    let body = try JSONEncoder().encode(response)
    let received = try JSONDecoder().decode(LoginResponse.self, from: body)
    return await service.completeLogin(received)
}

/// The whole story; returns the process's exit status.
///
/// - Parameter fullReport: print the whole verification report of the first log-in rather
///   than its summary.
func runScenarios(fullReport: Bool) async throws -> Int32 {
    let expectations = Expectations()

    // MARK: Set-up

    // J-LIS's stand-in: two RSA-2048 roots (signature, user authentication) and the CRLs they
    // sign per municipality. Key generation takes about a second.
    print("Setting up: a test PKI and Hanako's card (番号 花子, 東京都千代田区, PIN 1234)")
    let pki = try TestPKI()
    let hanako = Persona.sample
    let hanakoCard = try VirtualMyNumberCard(persona: hanako, pki: pki)
    let hanakoClient = CardHolderClient(card: MyNumberCard(transport: SimulatedCardTransport(card: hanakoCard)))
    try await hanakoClient.card.connect()

    // The server trusts the user-authentication root only: a log-in needs a
    // user-authentication certificate, and `verifyAuthentication` also checks the JPKI policy.
    let anchors = TrustAnchors(custom: [pki.authenticationRoot])
    // The CRL store verifies each CRL's signature with the anchors and indexes it; `grace`
    // tolerates an hour of clock skew or late publication around thisUpdate/nextUpdate.
    let crls = CRLStore(anchors: anchors, grace: .seconds(3600))
    // The operator's daily download: today only the CRL of 東京都千代田区 has been fetched.
    let tokyo = try crls.update(
        derEncoded: pki.crlDER(purpose: .userAuthentication, prefecture: hanako.prefecture, city: hanako.city))
    print(
        "  server: CRL in service for \(tokyo.distributionPoint ?? "(no distribution point)"), "
            + entries(tokyo.entryCount))
    // Hard-fail: a certificate whose revocation status nobody can tell is refused.
    let verifier = JPKIVerifier(anchors: anchors, revocation: .hardFail(crls))
    let service = LoginService(verifier: verifier)

    // MARK: 1. A log-in

    print("\n1. Hanako logs in")
    let challenge = await service.beginLogin()
    print("  server: challenge \(challenge.id), \(challenge.nonce.count) random bytes")
    let answer = try await hanakoClient.answer(challenge, pin: hanako.authenticationPIN)
    print(
        "  client: the card signed after the PIN: \(answer.apduCount) APDUs, "
            + "\(answer.response.signature.count)-byte signature, "
            + "\(answer.response.certificate.count)-byte certificate")
    let decision = try await transmit(answer.response, to: service)
    show(decision)
    if case .accepted(_, let report) = decision {
        // The audit record a server keeps: inputs' digests, the chain, every check, the CRL
        // that answered. Stable JSON (sorted keys) for logs and later disputes.
        let json: Data
        if fullReport {
            print("  the verification report (JSON):")
            json = try report.jsonData()
        } else {
            print("  the verification report, summarised (JSON; --full-report for all of it):")
            json = try ReportSummary(report).jsonData()
        }
        print(String(decoding: json, as: UTF8.self).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    }
    let accepted: Bool
    if case .accepted = decision { accepted = true } else { accepted = false }
    expectations.check(accepted, "log-in", got: describe(decision))

    // MARK: 2. A replay

    print("\n2. An eavesdropper replays Hanako's response")
    let replay = try await transmit(answer.response, to: service)
    show(replay)
    let replayRejected: Bool
    if case .rejectedRequest = replay { replayRejected = true } else { replayRejected = false }
    expectations.check(replayRejected, "replay", got: describe(replay))

    // MARK: 3. A tampered signature

    print("\n3. A response altered in transit (one bit of the signature flipped)")
    let second = await service.beginLogin()
    var forged = try await hanakoClient.answer(second, pin: hanako.authenticationPIN).response
    forged.signature[forged.signature.startIndex + 17] ^= 0x01
    let tampered = try await transmit(forged, to: service)
    show(tampered)
    expectations.check(tampered.failureCodes == ["signature-mismatch"], "tampered signature", got: describe(tampered))

    // MARK: 4. A wrong PIN

    print("\n4. Hanako mistypes her PIN, then types it right")
    let third = await service.beginLogin()
    do throws(JPKICardError) {
        _ = try await hanakoClient.answer(third, pin: "9999")
        expectations.check(false, "wrong PIN", got: "the card accepted a wrong PIN")
    } catch {
        // Nothing was signed, nothing reaches the server; the card counts down (3 tries, then
        // blocked until the municipal office resets it).
        print("  client: the card refused: \(error)")
        expectations.check(error.triesLeft == 2, "wrong PIN", got: "\(error)")
    }
    let retried = try await transmit(
        try await hanakoClient.answer(third, pin: hanako.authenticationPIN).response, to: service)
    show(retried)
    print("  card: tries left after the right PIN: \(hanakoCard.retriesLeft(.jpkiAuthentication))")
    let retriedAccepted: Bool
    if case .accepted = retried { retriedAccepted = true } else { retriedAccepted = false }
    expectations.check(
        retriedAccepted && hanakoCard.retriesLeft(.jpkiAuthentication) == 3, "PIN retyped", got: describe(retried))

    // MARK: 5. A partition without a CRL

    print("\n5. Taro, whose card was issued in 大阪府大阪市北区, logs in")
    guard let taroNumber = MyNumber.complete("98765432101") else {
        throw SetupError("no check digit for the demo My Number")
    }
    let taro = Persona(
        name: "試験\u{3000}太郎", address: "大阪府大阪市北区架空町四丁目5番6号", prefecture: "大阪府", city: "大阪市北区",
        birthDate: CalendarDate(year: 1990, month: 10, day: 10), sex: .male, myNumber: taroNumber,
        authenticationPIN: "2468", signaturePIN: "XYZ789", cardExpiry: CalendarDate(year: 2034, month: 10, day: 10),
        securityCode: "1357")
    let taroCard = try VirtualMyNumberCard(persona: taro, pki: pki)
    let taroClient = CardHolderClient(card: MyNumberCard(transport: SimulatedCardTransport(card: taroCard)))
    try await taroClient.card.connect()
    let taroFirst = try await transmit(
        try await taroClient.answer(await service.beginLogin(), pin: taro.authenticationPIN).response, to: service)
    show(taroFirst)
    expectations.check(
        taroFirst.failureCodes == ["revocation-unavailable"], "partition without a CRL", got: describe(taroFirst))
    // The remedy: download that municipality's CRL too (a real operator fetches all of them).
    let osaka = try crls.update(
        derEncoded: pki.crlDER(purpose: .userAuthentication, prefecture: taro.prefecture, city: taro.city))
    print("  server: CRL now in service for \(osaka.distributionPoint ?? "(no distribution point)")")
    let taroSecond = try await transmit(
        try await taroClient.answer(await service.beginLogin(), pin: taro.authenticationPIN).response, to: service)
    show(taroSecond)
    let taroAccepted: Bool
    if case .accepted = taroSecond { taroAccepted = true } else { taroAccepted = false }
    expectations.check(taroAccepted, "partition with its CRL", got: describe(taroSecond))

    // MARK: 6. A revoked certificate

    print("\n6. Hanako reports her card lost; J-LIS revokes its user-authentication certificate")
    try pki.revoke(hanakoCard.authenticationCertificate, reason: .keyCompromise)
    // The next CRL of 東京都千代田区 lists it; the store verifies it and replaces the old one
    // atomically (an older CRL would be refused as a rollback).
    let tokyoNext = try crls.update(
        derEncoded: pki.crlDER(purpose: .userAuthentication, prefecture: hanako.prefecture, city: hanako.city))
    print(
        "  server: new CRL for \(tokyoNext.distributionPoint ?? "(no distribution point)"), "
            + entries(tokyoNext.entryCount))
    let afterLoss = try await transmit(
        try await hanakoClient.answer(await service.beginLogin(), pin: hanako.authenticationPIN).response,
        to: service)
    show(afterLoss)
    expectations.check(afterLoss.failureCodes == ["revoked"], "revoked certificate", got: describe(afterLoss))

    // MARK: Summary

    print("\n\(expectations.passed) outcome(s) as expected, \(expectations.unexpected.count) unexpected")
    for line in expectations.unexpected { print("  - \(line)") }
    return expectations.unexpected.isEmpty ? 0 : 1
}

/// A set-up step that cannot go on.
struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.contains("--help") || arguments.contains("-h") {
    print("usage: LoginServer [--full-report]")
    print("  Runs a challenge-response log-in with a simulated My Number Card and JPKIVerifier,")
    print("  then shows refused attempts. Exit status 0 when every outcome is the expected one.")
    exit(0)
}
if let unknown = arguments.first(where: { $0 != "--full-report" }) {
    FileHandle.standardError.write(Data("LoginServer: unknown argument \(unknown) (try --help)\n".utf8))
    exit(2)
}
do {
    exit(try await runScenarios(fullReport: arguments.contains("--full-report")))
} catch {
    fflush(nil)  // what was printed so far comes first
    FileHandle.standardError.write(Data("LoginServer: cannot run the demo: \(error)\n".utf8))
    exit(2)
}
