import JPKIASN1
import JPKIX509

/// Why a trust anchor was refused.
public enum TrustAnchorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The certificate's SHA-256 fingerprint is not among the pinned ones.
    case notPinned(subject: String, sha256: String)
    /// A fingerprint given to pin is not 32 bytes of hexadecimal.
    case invalidFingerprint(String)

    /// One line.
    public var description: String {
        switch self {
        case .notPinned(let subject, let sha256): return "root \(subject) (SHA-256 \(sha256)) is not pinned"
        case .invalidFingerprint(let text): return "not a SHA-256 fingerprint: \(text)"
        }
    }
}

/// The certificates a verifier trusts as the ends of chains.
///
/// For the JPKI, the anchors are the J-LIS root CAs, pinned by the SHA-256 fingerprint of their
/// DER: a root certificate supplied by a user, a file or the card's CA EF is accepted only when
/// its fingerprint is pinned, so a look-alike root with the same name is refused. Other PKIs and
/// tests add explicit custom anchors.
///
/// ```swift
/// let anchors = try TrustAnchors(pinnedRoots: [signCA2023, authCA2023])     // J-LIS, pinned
/// let testAnchors = TrustAnchors(custom: [pki.signatureRoot, pki.authenticationRoot])
/// ```
public struct TrustAnchors: Sendable {
    /// The SHA-256 fingerprints (upper-case hexadecimal) of the six J-LIS root CAs: signature and
    /// user authentication, generations 2015, 2019 and 2023 (``JLISRoot``).
    public static let jlisRootFingerprints: Set<String> = [
        "19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355",  // sign_ca_2015
        "79679C33E4CC9319440F1AD120A597FF1844E2EF217063ADB176966FD5E6FBEB",  // sign_ca_2019
        "D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F",  // sign_ca_2023
        "4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D",  // auth_ca_2015
        "0D98DE47FC11B7F67126874B7028B6026A803D2638D6EDFE53176953961FADE6",  // auth_ca_2019
        "64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5",  // auth_ca_2023
    ]

    /// The six J-LIS roots embedded in the SDK (``JLISRoot/all``), pinned: what a relying party of
    /// the real JPKI trusts. The JPKI test-card hierarchy and the simulator's test roots are not
    /// among them.
    public static var jlis: TrustAnchors {
        var anchors = TrustAnchors(custom: [])
        for root in JLISRoot.all { anchors = anchors.adding(custom: root.certificate) }
        return anchors
    }

    /// The anchors.
    public private(set) var certificates: [Certificate]
    /// The fingerprints roots must match to be added with ``adding(pinned:)``.
    public private(set) var pins: Set<String>

    /// Anchors whose fingerprints are in `pins` (by default the J-LIS roots): every certificate
    /// in `roots` must be pinned.
    ///
    /// - Throws: ``TrustAnchorError/notPinned(subject:sha256:)`` for the first root that is not.
    public init(pinnedRoots roots: [Certificate], pins: Set<String> = TrustAnchors.jlisRootFingerprints)
        throws(TrustAnchorError)
    {
        self.pins = Set(pins.map { $0.uppercased() })
        self.certificates = []
        for root in roots { self = try adding(pinned: root) }
    }

    /// Explicit anchors trusted without a pin: test PKIs, other PKIs the relying party chose.
    /// ``adding(pinned:)`` still accepts the J-LIS roots.
    public init(custom certificates: [Certificate]) {
        self.pins = Self.jlisRootFingerprints
        self.certificates = []
        for certificate in certificates { self = adding(custom: certificate) }
    }

    /// These anchors and `root`, which must be pinned.
    ///
    /// - Throws: ``TrustAnchorError/notPinned(subject:sha256:)`` when its fingerprint is not.
    public func adding(pinned root: Certificate) throws(TrustAnchorError) -> TrustAnchors {
        let fingerprint = Hex.encode(root.sha256Fingerprint)
        guard pins.contains(fingerprint) else {
            throw .notPinned(subject: root.subject.description, sha256: fingerprint)
        }
        return adding(custom: root)
    }

    /// These anchors and `certificate`, trusted without a pin.
    public func adding(custom certificate: Certificate) -> TrustAnchors {
        guard !certificates.contains(certificate) else { return self }
        var copy = self
        copy.certificates.append(certificate)
        return copy
    }

    /// Whether `certificate` is one of the anchors.
    public func contains(_ certificate: Certificate) -> Bool { certificates.contains(certificate) }

    /// Whether `certificate`'s SHA-256 fingerprint is pinned (J-LIS roots by default).
    public func isPinned(_ certificate: Certificate) -> Bool {
        pins.contains(Hex.encode(certificate.sha256Fingerprint))
    }

    /// The anchors whose subject is `name`.
    func anchors(named name: DistinguishedName) -> [Certificate] {
        certificates.filter { $0.subject == name }
    }
}
