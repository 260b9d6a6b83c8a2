import JPKIASN1
import JPKIX509

/// A set of revocation reasons as ReasonFlags bits (RFC 5280 §4.2.1.13): bit 1 keyCompromise
/// to bit 8 aACompromise. Bit 0 (`unused`) takes no part in coverage.
struct ReasonMask: OptionSet, Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt16

    /// Every reason (RFC 5280 §6.3.3's all-reasons): a certificate's status is known once the
    /// CRLs consulted cover all of them.
    static let all = ReasonMask(rawValue: 0x01FE)

    init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The reasons of `reasons`, or ``all`` for `nil` (no onlySomeReasons, no reasons field).
    init(_ reasons: Set<RevocationReason>?) {
        guard let reasons else {
            self = .all
            return
        }
        var bits: UInt16 = 0
        for reason in reasons { bits |= Self.bit(reason) }
        self.init(rawValue: bits & Self.all.rawValue)
    }

    /// The ReasonFlags bit of `reason` (0 for unspecified and removeFromCRL, which have none).
    static func bit(_ reason: RevocationReason) -> UInt16 {
        switch reason {
        case .keyCompromise: return 1 << 1
        case .cACompromise: return 1 << 2
        case .affiliationChanged: return 1 << 3
        case .superseded: return 1 << 4
        case .cessationOfOperation: return 1 << 5
        case .certificateHold: return 1 << 6
        case .privilegeWithdrawn: return 1 << 7
        case .aACompromise: return 1 << 8
        case .unspecified, .removeFromCRL: return 0
        }
    }

    /// The reasons' names, e.g. `keyCompromise, cACompromise`; `all reasons` for ``all``.
    var description: String {
        if self == .all { return "all reasons" }
        let present = RevocationReason.allCases.filter { Self.bit($0) != 0 && rawValue & Self.bit($0) != 0 }
            .map(\.identifier)
        return present.isEmpty ? "no reason" : present.joined(separator: ", ")
    }
}

/// Which certificates and reasons a CRL covers: its issuing distribution point (RFC 5280
/// §5.2.5), read once. Part of the key ``CRLStore`` keeps one CRL (and its delta) under.
struct CRLScope: Hashable, Sendable, CustomStringConvertible {
    /// The distribution point's names (a fullName, or a nameRelativeToCRLIssuer made full with
    /// the CRL issuer's name); empty when the CRL names none: it then covers every distribution
    /// point of its issuer.
    var points: [GeneralName] = []
    /// onlyContainsUserCerts.
    var onlyUserCertificates = false
    /// onlyContainsCACerts.
    var onlyCACertificates = false
    /// onlyContainsAttributeCerts: no public-key certificate is covered.
    var onlyAttributeCertificates = false
    /// onlySomeReasons, or ``ReasonMask/all``.
    var reasons = ReasonMask.all
    /// indirectCRL: entries may name other certificate issuers (certificateIssuer).
    var isIndirect = false

    /// The scope of a complete CRL: no issuing distribution point.
    init() {}

    /// The scope of `crl`.
    init(_ crl: CertificateRevocationList) {
        guard let point = crl.issuingDistributionPoint else { return }
        switch point.distributionPoint {
        case .fullName(let names)?: points = names
        case .nameRelativeToCRLIssuer(let rdn)?:
            points = [.directoryName(DistinguishedName(crl.issuer.relativeDistinguishedNames + [rdn]))]
        case nil: break
        }
        onlyUserCertificates = point.onlyContainsUserCerts
        onlyCACertificates = point.onlyContainsCACerts
        onlyAttributeCertificates = point.onlyContainsAttributeCerts
        reasons = ReasonMask(point.onlySomeReasons)
        isIndirect = point.indirectCRL
    }

    /// Whether the CRL has no issuing distribution point at all: a complete CRL of its issuer.
    var isComplete: Bool {
        points.isEmpty && !onlyUserCertificates && !onlyCACertificates && !onlyAttributeCertificates
            && reasons == .all && !isIndirect
    }

    /// E.g. `complete`, or `distribution point CN=Chiyoda-ku CRLDP,…; user certificates only`.
    var description: String {
        if isComplete { return "complete" }
        var parts: [String] = []
        if !points.isEmpty {
            parts.append("distribution point " + points.map(CRLStore.describe).joined(separator: " | "))
        }
        if onlyUserCertificates { parts.append("user certificates only") }
        if onlyCACertificates { parts.append("CA certificates only") }
        if onlyAttributeCertificates { parts.append("attribute certificates only") }
        if reasons != .all { parts.append("reasons: \(reasons)") }
        if isIndirect { parts.append("indirect") }
        return parts.joined(separator: "; ")
    }
}

/// One distribution point of a certificate, as the store looks CRLs up by it (RFC 5280
/// §4.2.1.13): its names made full, the reasons it is for, and who issues its CRLs.
struct CertificateDistributionPoint {
    /// The names (a fullName, or a nameRelativeToCRLIssuer made full with the CRL issuer's
    /// name); empty when the point names only a CRL issuer.
    var names: [GeneralName]
    /// The reasons field, or ``ReasonMask/all``.
    var reasons: ReasonMask
    /// The cRLIssuer's directoryName when the point names one (an indirect CRL), else `nil`:
    /// the certificate's issuer.
    var crlIssuer: DistinguishedName?

    /// The usable distribution points of `certificate`: those whose CRL issuer is the
    /// certificate's issuer or a directoryName. `nil` with a reason when none is usable.
    static func of(_ certificate: Certificate) -> Result<[CertificateDistributionPoint], CRLStore.Unusable> {
        let points: CRLDistributionPoints?
        do {
            points = try certificate.extensions.crlDistributionPoints
        } catch {
            return .failure(CRLStore.Unusable(message: "cRLDistributionPoints does not decode: \(error)"))
        }
        guard let points, !points.isEmpty else {
            return .success([CertificateDistributionPoint(names: [], reasons: .all, crlIssuer: nil)])
        }
        var usable: [CertificateDistributionPoint] = []
        for point in points {
            var crlIssuer: DistinguishedName?
            if let issuers = point.crlIssuer {
                guard
                    let name = issuers.lazy.compactMap({ name -> DistinguishedName? in
                        if case .directoryName(let directory) = name { return directory }
                        return nil
                    }).first
                else { continue }
                crlIssuer = name
            }
            var names: [GeneralName] = []
            switch point.name {
            case .fullName(let list)?: names = list
            case .nameRelativeToCRLIssuer(let rdn)?:
                let base = crlIssuer ?? certificate.issuer
                names = [.directoryName(DistinguishedName(base.relativeDistinguishedNames + [rdn]))]
            case nil: break
            }
            usable.append(
                CertificateDistributionPoint(names: names, reasons: ReasonMask(point.reasons), crlIssuer: crlIssuer))
        }
        guard !usable.isEmpty else {
            return .failure(CRLStore.Unusable(message: "no distribution point names a CRL issuer by directoryName"))
        }
        return .success(usable)
    }
}
