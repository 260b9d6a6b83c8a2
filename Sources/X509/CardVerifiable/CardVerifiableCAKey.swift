/// A CA key of the card-verifiable certificates: the public key that verifies the CV certificates
/// whose 証明者鍵ID is ``keyID``.
public struct CardVerifiableCAKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What the key certifies.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// The MF-level CV certificate chain (GET DATA `00 CA 00 F8` / `00 CA 7F 21`).
        case masterFile
        /// EF 0004 of the 券面事項確認AP (`5000023`).
        case cardSurface
        /// EF 0004 of the 券面事項入力補助AP (`5000033`).
        case cardInfo
    }

    /// The 証明者鍵ID the key answers to.
    public let keyID: CardVerifiableKeyID
    /// The key.
    public let publicKey: CardRSAPublicKey
    /// The hierarchy the key belongs to.
    public let hierarchy: CardVerifiableHierarchy
    /// What the key certifies.
    public let role: Role

    /// A CA key.
    public init(keyID: CardVerifiableKeyID, publicKey: CardRSAPublicKey, hierarchy: CardVerifiableHierarchy, role: Role)
    {
        self.keyID = keyID
        self.publicKey = publicKey
        self.hierarchy = hierarchy
        self.role = role
    }

    /// E.g. `5000023/001 (J-LIS production, cardSurface)`.
    public var description: String { "\(keyID) (\(hierarchy), \(role.rawValue))" }
}

/// The hierarchy a CV CA key belongs to.
public enum CardVerifiableHierarchy: Hashable, Sendable, Codable, CustomStringConvertible {
    /// J-LIS's production keys: real My Number Cards.
    case jlisProduction
    /// The JPKI test cards' keys (`6000…`).
    case jpkiTestCards
    /// Another hierarchy, e.g. a card simulator's: trusted only when added by name.
    case named(String)

    /// `J-LIS production`, `JPKI test cards`, or the name.
    public var description: String {
        switch self {
        case .jlisProduction: return "J-LIS production"
        case .jpkiTestCards: return "JPKI test cards"
        case .named(let name): return name
        }
    }
}

/// The CV CA keys a check trusts. ``jlis`` holds J-LIS's production keys only; the JPKI test
/// cards' keys and any other hierarchy (a simulator's) are trusted only when asked for by name.
/// A CV certificate whose 証明者鍵ID is not here is *not verifiable*, never genuine.
///
/// ```swift
/// let trust = CardVerifiableTrust.jlis                      // real cards
/// let test = CardVerifiableTrust.jlis.including(.jpkiTestCards)
/// let simulator = CardVerifiableTrust.jlis.adding(pki.cardVerifiableCAKeys)
/// ```
public struct CardVerifiableTrust: Hashable, Sendable, Codable {
    /// The keys.
    public private(set) var keys: [CardVerifiableCAKey]

    /// The production keys of J-LIS (``CardVerifiableCAKey/jlisProduction``).
    public static let jlis = CardVerifiableTrust(keys: CardVerifiableCAKey.jlisProduction)

    /// Trust in exactly `keys`.
    public init(keys: [CardVerifiableCAKey]) {
        self.keys = keys
    }

    /// This trust and the embedded keys of `hierarchy` (``CardVerifiableHierarchy/jpkiTestCards``
    /// or ``CardVerifiableHierarchy/jlisProduction``); a named hierarchy has no embedded keys
    /// (use ``adding(_:)``).
    public func including(_ hierarchy: CardVerifiableHierarchy) -> CardVerifiableTrust {
        switch hierarchy {
        case .jlisProduction: return adding(CardVerifiableCAKey.jlisProduction)
        case .jpkiTestCards: return adding(CardVerifiableCAKey.jpkiTestCards)
        case .named: return self
        }
    }

    /// This trust and `keys` (a key whose 証明者鍵ID is already trusted replaces nothing).
    public func adding(_ keys: [CardVerifiableCAKey]) -> CardVerifiableTrust {
        var result = self
        for key in keys where !result.keys.contains(where: { $0.keyID == key.keyID }) { result.keys.append(key) }
        return result
    }

    /// The key whose 証明者鍵ID is `id` (all 16 bytes equal), or `nil`.
    public func key(for id: CardVerifiableKeyID) -> CardVerifiableCAKey? {
        keys.first { $0.keyID == id }
    }
}
