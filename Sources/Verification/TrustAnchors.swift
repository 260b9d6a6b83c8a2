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
/// For the JPKI, the anchors are the six J-LIS root CAs embedded in the SDK (``jlis``, the
/// default of ``JPKIVerifier`` and ``CRLStore``), pinned by the SHA-256 fingerprint of their DER:
/// a root certificate supplied by a user, a file or the card's CA EF is accepted only when its
/// fingerprint is pinned, so a look-alike root with the same name is refused. Other PKIs and
/// tests add explicit custom anchors, optionally named for reports.
///
/// The three generations of a J-LIS root share one subject name: a chain is anchored by the
/// root whose key verifies the last signature (the authority key identifier orders the
/// candidates), never by name alone, and ``name(of:)`` says which root it was, e.g. `J-LIS
/// signature root 2019`.
///
/// ```swift
/// let verifier = JPKIVerifier()                                   // the embedded J-LIS roots
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

    /// The six J-LIS roots embedded in the SDK (``JLISRoot/all``), pinned, each named by its
    /// ``JLISRoot/description``: what a relying party of the real JPKI trusts, and the default
    /// anchors of ``JPKIVerifier`` and ``CRLStore``. The JPKI test-card hierarchy (`O=JPKI-TEST`)
    /// and the simulator's test roots are not among them.
    public static let jlis: TrustAnchors = {
        var anchors = TrustAnchors(custom: [])
        for root in JLISRoot.all { anchors = anchors.adding(custom: root.certificate, name: root.description) }
        return anchors
    }()

    /// The anchors.
    public private(set) var certificates: [Certificate]
    /// The fingerprints roots must match to be added with ``adding(pinned:)``.
    public private(set) var pins: Set<String>
    /// What reports call each anchor, in the order of ``certificates``.
    private var names: [String]

    /// Anchors whose fingerprints are in `pins` (by default the J-LIS roots): every certificate
    /// in `roots` must be pinned.
    ///
    /// - Throws: ``TrustAnchorError/notPinned(subject:sha256:)`` for the first root that is not.
    public init(pinnedRoots roots: [Certificate], pins: Set<String> = TrustAnchors.jlisRootFingerprints)
        throws(TrustAnchorError)
    {
        self.pins = Set(pins.map { $0.uppercased() })
        self.certificates = []
        self.names = []
        for root in roots { self = try adding(pinned: root) }
    }

    /// Explicit anchors trusted without a pin: test PKIs, other PKIs the relying party chose.
    /// ``adding(pinned:)`` still accepts the J-LIS roots.
    public init(custom certificates: [Certificate]) {
        self.pins = Self.jlisRootFingerprints
        self.certificates = []
        self.names = []
        for certificate in certificates { self = adding(custom: certificate) }
    }

    /// These anchors and `root`, which must be pinned; reports call it `name` (by default, an
    /// embedded J-LIS root's ``JLISRoot/description``, or the subject and serial number).
    ///
    /// - Throws: ``TrustAnchorError/notPinned(subject:sha256:)`` when its fingerprint is not.
    public func adding(pinned root: Certificate, name: String? = nil) throws(TrustAnchorError) -> TrustAnchors {
        let fingerprint = Hex.encode(root.sha256Fingerprint)
        guard pins.contains(fingerprint) else {
            throw .notPinned(subject: root.subject.description, sha256: fingerprint)
        }
        return adding(custom: root, name: name)
    }

    /// These anchors and `certificate`, trusted without a pin; reports call it `name` (by
    /// default, an embedded J-LIS root's ``JLISRoot/description``, or the subject and serial
    /// number). A certificate already among the anchors keeps its first name.
    public func adding(custom certificate: Certificate, name: String? = nil) -> TrustAnchors {
        guard !certificates.contains(certificate) else { return self }
        var copy = self
        copy.certificates.append(certificate)
        copy.names.append(
            name ?? JLISRoot.identify(certificate)?.description
                ?? "\(certificate.subject), serial \(certificate.serialNumberHex)")
        return copy
    }

    /// These anchors and those of `other` (their names kept; the pins of both).
    public func adding(_ other: TrustAnchors) -> TrustAnchors {
        var copy = self
        copy.pins.formUnion(other.pins)
        for (certificate, name) in zip(other.certificates, other.names) {
            copy = copy.adding(custom: certificate, name: name)
        }
        return copy
    }

    /// What reports call `anchor`: the name it was added with, e.g. `J-LIS signature root
    /// 2019`; `nil` when it is not one of the anchors.
    public func name(of anchor: Certificate) -> String? {
        certificates.firstIndex(of: anchor).map { names[$0] }
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
