import Foundation
import JPKICard

/// The user's side: an app with a card reader (here a simulated card) that answers the
/// server's challenge.
///
/// The app never sees a private key: the card signs inside, after the user's 4-digit PIN
/// (利用者証明用電子証明書の暗証番号, 3 tries). ``MyNumberCard/authenticate(challenge:pin:digest:lastTry:)``
/// sends the 9 APDUs of the exchange and returns the signature with the certificate.
struct CardHolderClient {
    /// The card, over whatever transport the app has: PC/SC, NFC, or the simulator.
    let card: MyNumberCard

    /// A signed answer and the number of APDUs it took.
    struct Answer {
        var response: LoginResponse
        var apduCount: Int
    }

    /// Signs `challenge` on the card after `pin`.
    ///
    /// - Throws: ``JPKICardError``: a malformed PIN (refused before it reaches the card), a
    ///   wrong PIN (with the tries left), a blocked PIN, or a card error.
    func answer(_ challenge: LoginChallenge, pin: String) async throws(JPKICardError) -> Answer {
        // Validated here: a PIN that is not 4 digits never reaches the card, and it never
        // prints (its description is redacted).
        let pin = try UserAuthenticationPIN(pin)
        let before = await card.channel.commandCount
        // With one try left the SDK refuses to spend it unless told to (`lastTry: .allow`):
        // an app should ask the user to confirm first.
        let signed = try await card.authenticate(challenge: Array(challenge.nonce), pin: pin)
        let apdus = await card.channel.commandCount - before
        let response = LoginResponse(
            challengeID: challenge.id, signature: Data(signed.signature),
            certificate: Data(signed.certificate.derEncoded))
        return Answer(response: response, apduCount: apdus)
    }
}
