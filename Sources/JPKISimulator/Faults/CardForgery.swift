import JPKIX509

/// A forgery a ``VirtualMyNumberCard`` can be made to carry (``VirtualMyNumberCard/forge(_:)``),
/// to test that a verifier tells it from a genuine card: what a forger who copied a card's files
/// but holds none of J-LIS's or the municipality's keys could do.
public enum CardForgery: Sendable, Hashable, CustomStringConvertible {
    /// EF 0004 of the application signed by another key than its CA's (the 証明者鍵ID kept).
    case certificateSignedByAnotherKey(CardApplicationKind)
    /// EF 0004 of the application naming a CA key that no trust holds (`FORGERY`): a verifier
    /// must answer "not verifiable".
    case certificateNamingUnknownCA(CardApplicationKind)
    /// Every signed record of the application re-signed by another key than the one EF 0004
    /// certifies (the data unchanged).
    case recordsResigned(CardApplicationKind)
    /// The 券面 applications answer COMPUTE DIGITAL SIGNATURE with another key than the one
    /// their records carry.
    case challengeSignedByAnotherKey

    /// E.g. `records of cardSurface re-signed by another key`.
    public var description: String {
        switch self {
        case .certificateSignedByAnotherKey(let application):
            return "EF 0004 of \(application) signed by another key"
        case .certificateNamingUnknownCA(let application): return "EF 0004 of \(application) naming an unknown CA"
        case .recordsResigned(let application): return "records of \(application) re-signed by another key"
        case .challengeSignedByAnotherKey: return "challenges signed by another key"
        }
    }
}

/// The forgeries a card carries, and the forger's key.
struct CardForgeries: Sendable {
    var forgeries: Set<CardForgery> = []
    var forgerKey: SigningKey?

    /// The 証明者鍵ID of ``CardForgery/certificateNamingUnknownCA(_:)``.
    static let unknownCAKeyID = TestPKI.keyID("FORGERY")

    /// The key that signs `application`'s records instead of the municipality key, or `nil`.
    func recordSigner(_ application: CardApplicationKind) -> SigningKey? {
        forgeries.contains(.recordsResigned(application)) ? forgerKey : nil
    }

    /// The key that signs challenges instead of the application key, or `nil`.
    var challengeSigner: SigningKey? { forgeries.contains(.challengeSignedByAnotherKey) ? forgerKey : nil }

    /// EF 0004 of `application`, forged when asked.
    func certificate(for application: CardApplicationKind, pki: TestPKI) throws(X509Error) -> [UInt8] {
        if forgeries.contains(.certificateSignedByAnotherKey(application)), let forgerKey {
            return try pki.cardVerifiableCertificate(for: application, signedBy: forgerKey)
        }
        if forgeries.contains(.certificateNamingUnknownCA(application)), let forgerKey {
            return try pki.cardVerifiableCertificate(
                for: application, signedBy: forgerKey, issuerKeyID: Self.unknownCAKeyID)
        }
        return try pki.cardVerifiableCertificate(for: application)
    }
}
