import Foundation
import JPKIASN1

/// What a one-time challenge may be used for: a challenge issued for one purpose is refused by
/// every other operation.
public enum ChallengePurpose: String, Codable, Hashable, Sendable, CaseIterable {
    /// A log-in with the user-authentication certificate.
    case login
    /// A registration with the signature certificate.
    case registration
    /// A renewal (a new card of a registered customer).
    case renewal
    /// A card genuineness or age check (the card's internal authentication key signs it).
    case card
}

/// A one-time challenge: random bytes the holder's card signs, valid until ``expiresAt``, used
/// once.
public struct Challenge: Hashable, Sendable {
    /// The challenge's identifier (32 hexadecimal digits, random).
    public var id: String
    /// The random bytes to sign (32).
    public var nonce: [UInt8]
    /// What it may be used for.
    public var purpose: ChallengePurpose
    /// When it was issued (whole seconds since 1970).
    public var issuedAt: Int64
    /// When its time is over (whole seconds since 1970).
    public var expiresAt: Int64

    /// A challenge with these values.
    public init(id: String, nonce: [UInt8], purpose: ChallengePurpose, issuedAt: Int64, expiresAt: Int64) {
        self.id = id
        self.nonce = nonce
        self.purpose = purpose
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// A new challenge for `purpose`: 32 random bytes from the system's generator, an identifier
    /// of 16 random bytes, valid for `lifetime` seconds from `now`.
    public static func random(purpose: ChallengePurpose, now: Int64, lifetime: Int64) -> Challenge {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let id = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Challenge(
            id: Hex.encode(id).lowercased(), nonce: nonce, purpose: purpose, issuedAt: now,
            expiresAt: now + lifetime)
    }
}

/// What consuming a challenge found. The store marks a challenge used on its first
/// presentation, whatever follows: an expired challenge, or one presented for another purpose,
/// is used up too.
public enum ChallengeConsumption: Hashable, Sendable {
    /// First use: the challenge, now used.
    case consumed(Challenge)
    /// No challenge has this identifier.
    case unknown
    /// The challenge was used before.
    case alreadyUsed
}
