import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

/// Why ``CRLStore`` refused a CRL. The CRL in service for the same issuer and distribution
/// point, if any, stays in service.
///
/// The parse error is kept as the ``JPKIX509/X509Error`` the reader threw (it says what is wrong
/// and at which byte offset); a CRL that parses but fails verification names its issuer and the
/// values compared.
///
/// ```swift
/// do {
///     try store.update(contentsOfFile: path)
/// } catch .olderThanInstalled(let issuer, .thisUpdate(let new, let installed)) {
///     log("\(path): a replayed CRL of \(issuer) (\(new) < \(installed))")
/// } catch {
///     log("\(path): \(error)")
/// }
/// ```
public enum CRLStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The CRL does not parse, an entry is malformed, or its file cannot be read: the reader's
    /// error, with the byte offset (or the file) where it went wrong.
    case malformed(X509Error)
    /// No issuer certificate the store knows has the CRL's issuer name.
    case unknownIssuer(DistinguishedName)
    /// The CRL's signature does not verify with the key of any issuer certificate the store
    /// knows by that name (and by the CRL's authority key identifier, when it has one).
    case badSignature(issuer: DistinguishedName)
    /// The issuer certificate's keyUsage lacks cRLSign.
    case issuerCannotSignCRLs(issuer: DistinguishedName)
    /// The CRL is older than the one in service for its issuer and distribution point: a
    /// rollback.
    case olderThanInstalled(issuer: DistinguishedName, Rollback)
    /// A delta CRL that does not apply over the complete CRL in service.
    case deltaWithoutBase(issuer: DistinguishedName, DeltaMismatch)
    /// A kind of CRL this store does not model.
    case unsupported(issuer: DistinguishedName, UnsupportedCRL)

    /// How a CRL is older than the one in service.
    public enum Rollback: Hashable, Sendable, CustomStringConvertible {
        /// Its thisUpdate is before the thisUpdate of the CRL in service.
        case thisUpdate(Date, installed: Date)
        /// Its CRL number is below the CRL number of the CRL in service.
        case crlNumber(ASN1Integer, installed: ASN1Integer)

        /// E.g. `thisUpdate 2025-05-31T23:00:00Z before 2025-05-31T23:59:00Z`.
        public var description: String {
            switch self {
            case .thisUpdate(let new, let installed): return "thisUpdate \(new.iso8601) before \(installed.iso8601)"
            case .crlNumber(let new, let installed): return "CRL number \(new) below \(installed)"
            }
        }
    }

    /// Why a delta CRL does not apply over the complete CRL in service.
    public enum DeltaMismatch: Hashable, Sendable, CustomStringConvertible {
        /// No complete CRL of the issuer (with the same key) is in service.
        case noCompleteCRL
        /// The complete CRL in service is older than the base the delta was made over: its CRL
        /// number (`nil` when it has none) is below the delta's BaseCRLNumber.
        case baseOlderThanDelta(baseCRLNumber: ASN1Integer, installed: ASN1Integer?)
        /// The delta's CRL number is not above the CRL number of the complete CRL in service.
        case notNewerThanBase(crlNumber: ASN1Integer, installed: ASN1Integer)

        /// E.g. `delta CRL number 0A is not above the base's 0B`.
        public var description: String {
            switch self {
            case .noCompleteCRL: return "no complete CRL in service"
            case .baseOlderThanDelta(let base, let installed):
                return
                    "the CRL in service (number \(installed.map { "\($0)" } ?? "none")) is older than base CRL \(base)"
            case .notNewerThanBase(let number, let installed):
                return "delta CRL number \(number) is not above the base's \(installed)"
            }
        }
    }

    /// A kind of CRL this store does not model.
    public enum UnsupportedCRL: Hashable, Sendable, CustomStringConvertible {
        /// An indirect CRL (issuingDistributionPoint indirectCRL): entries of other issuers.
        case indirectCRL
        /// A CRL for only some revocation reasons (issuingDistributionPoint onlySomeReasons).
        case onlySomeReasons
        /// A CRL of attribute certificates (issuingDistributionPoint onlyContainsAttributeCerts).
        case attributeCertificates
        /// A distribution point named relative to the CRL issuer (nameRelativeToCRLIssuer).
        case distributionPointRelativeToIssuer

        /// E.g. `indirect CRL`.
        public var description: String {
            switch self {
            case .indirectCRL: return "indirect CRL"
            case .onlySomeReasons: return "CRL for only some reasons"
            case .attributeCertificates: return "CRL of attribute certificates"
            case .distributionPointRelativeToIssuer: return "distribution point relative to the CRL issuer"
            }
        }
    }

    /// One line: what was wrong, and with which CRL (its issuer) or where in it.
    public var description: String {
        switch self {
        case .malformed(let error): return "malformed CRL: \(error)"
        case .unknownIssuer(let issuer): return "no known issuer for CRL of \(issuer)"
        case .badSignature(let issuer): return "CRL signature does not verify with the key of \(issuer)"
        case .issuerCannotSignCRLs(let issuer): return "\(issuer) has no cRLSign keyUsage"
        case .olderThanInstalled(let issuer, let rollback):
            return "CRL of \(issuer) older than the one in service: \(rollback)"
        case .deltaWithoutBase(let issuer, let mismatch): return "delta CRL of \(issuer) without its base: \(mismatch)"
        case .unsupported(let issuer, let kind): return "unsupported CRL of \(issuer): \(kind)"
        }
    }
}

/// Many CRLs — one per issuer and distribution point (the JPKI partitions its CRLs by
/// municipality) — verified, indexed and kept up to date, answering revocation questions.
///
/// - **Picking**: a certificate is looked up in the CRL of its issuer (same name, same key)
///   whose issuing distribution point is one of the certificate's CRL distribution points (a
///   CRL without a distribution point covers certificates without one). A certificate of a
///   partition whose CRL the store does not hold gets ``RevocationStatus/unavailable(_:)``.
/// - **Checking**: each CRL's signature is verified with the issuer's key, and the issuer must
///   have cRLSign in its keyUsage; a CRL is fresh from thisUpdate to nextUpdate, widened by a
///   grace period either side.
/// - **Delta CRLs** are applied over their base: an entry of the delta revokes, an entry with
///   reason removeFromCRL lifts the base's.
/// - **Updates are atomic**: ``update(with:)`` verifies and indexes the new CRL before it
///   replaces the old one under a lock; a CRL that fails any check is refused and the previous
///   one stays in service.
/// - **Large CRLs** are indexed by ``JPKIX509/RevocationIndex``: a lookup in a million
///   entries takes well under a microsecond. ``update(contentsOfFile:)`` reads the file into
///   memory, so that the CRL in service does not depend on the file staying as it was (a
///   download job rewriting it in place would otherwise change, or truncate, the bytes of a
///   memory-mapped CRL under its lookups). Files that are only ever replaced by rename may be
///   mapped: `update(with: CertificateRevocationList(contentsOfFile: path, mapping: true))`.
///
/// Thread-safe: lookups and updates may run concurrently.
///
/// ```swift
/// let store = CRLStore(issuers: [signRoot, authRoot], grace: .seconds(3600))
/// try store.update(contentsOfFile: "/var/jpki/crl/13101.crl")
/// let status = store.check(leaf, issuer: signRoot, at: now)
/// ```
public final class CRLStore: RevocationSource, @unchecked Sendable {
    /// A CRL in service, as reports name it.
    public struct Installed: Codable, Hashable, Sendable {
        /// The issuer (RFC 4514).
        public var issuer: String
        /// The issuing distribution point's name, when the CRL names one.
        public var distributionPoint: String?
        /// The CRL number in hexadecimal.
        public var crlNumber: String?
        /// thisUpdate, to the second.
        public var thisUpdate: Date
        /// nextUpdate, to the second, when the CRL has one.
        public var nextUpdate: Date?
        /// Whether it is a delta CRL.
        public var isDelta: Bool
        /// The number of entries.
        public var entryCount: Int
    }

    /// Issuer name DER and distribution point: hashed and compared as bytes.
    struct Key: Hashable {
        var issuer: ArraySlice<UInt8>
        var point: GeneralName?

        init(issuer: DistinguishedName, point: GeneralName?) {
            self.issuer = issuer.derEncoded
            self.point = point
        }

        static func == (lhs: Key, rhs: Key) -> Bool { sameBytes(lhs.issuer, rhs.issuer) && lhs.point == rhs.point }

        func hash(into hasher: inout Hasher) {
            issuer.withUnsafeBytes { hasher.combine(bytes: $0) }
            if let point { hasher.combine(point) }
        }
    }

    /// A CRL in service: immutable, shared by lookups without copies; the evidence reports
    /// quote is made once.
    final class Record: Sendable {
        let crl: CertificateRevocationList
        let index: RevocationIndex
        let signer: Certificate
        /// The DER of the signer's subject public key info, taken out once for the lookups.
        let signerKey: ArraySlice<UInt8>
        let point: GeneralName?
        let installed: Installed
        let evidence: RevocationEvidence
        /// thisUpdate and nextUpdate in seconds since 1970.
        let thisUpdate: Int64
        let nextUpdate: Int64?

        init(
            crl: CertificateRevocationList, index: RevocationIndex, signer: Certificate, point: GeneralName?,
            installed: Installed
        ) {
            self.crl = crl
            self.index = index
            self.signer = signer
            signerKey = signer.subjectPublicKeyInfo.derEncoded
            self.point = point
            self.installed = installed
            thisUpdate = crl.thisUpdate.secondsSince1970
            nextUpdate = crl.nextUpdate?.secondsSince1970
            evidence = RevocationEvidence(
                crl: crl, kind: installed.isDelta ? "delta-crl" : "crl", distributionPoint: installed.distributionPoint)
        }
    }

    struct Slot {
        var base: Record
        var delta: Record?
    }

    /// The tolerance on both ends of a CRL's validity, thisUpdate to nextUpdate (clock skew, late
    /// publication); counted in whole seconds.
    public let grace: Duration
    /// ``grace`` in whole seconds, for the lookups.
    private let graceSeconds: Int64
    private let issuers: [Certificate]
    private let lock = NSLock()
    private var slots: [Key: [Slot]] = [:]

    /// A store for CRLs signed by `issuers` (the CAs: roots and intermediates).
    ///
    /// - Parameter grace: the tolerance around thisUpdate and nextUpdate, e.g. `.seconds(3600)`
    ///   (whole seconds; a fraction is dropped).
    public init(issuers: [Certificate], grace: Duration = .zero) {
        self.issuers = issuers
        self.grace = grace
        graceSeconds = grace.wholeSeconds
    }

    /// A store for CRLs signed by the anchors and `intermediates`, with `grace` around each
    /// CRL's thisUpdate and nextUpdate.
    public convenience init(anchors: TrustAnchors, intermediates: [Certificate] = [], grace: Duration = .zero) {
        self.init(issuers: anchors.certificates + intermediates, grace: grace)
    }

    /// The CRLs in service.
    public var installed: [Installed] {
        lock.withLock {
            slots.values.flatMap { $0 }.flatMap { slot in
                [slot.base.installed] + (slot.delta.map { [$0.installed] } ?? [])
            }
        }
    }

    // MARK: Updating

    /// Reads, verifies, indexes and puts in service the CRL in `der`.
    ///
    /// - Throws: ``CRLStoreError``; the CRL in service stays.
    @discardableResult
    public func update(derEncoded der: [UInt8]) throws(CRLStoreError) -> Installed {
        let crl: CertificateRevocationList
        do {
            crl = try CertificateRevocationList(derEncoded: der)
        } catch {
            throw .malformed(error)
        }
        return try update(with: crl)
    }

    /// Reads the CRL file at `path` (DER or PEM) into memory, verifies, indexes and puts it in
    /// service.
    ///
    /// The file is read, not memory-mapped: the CRL stays in service after the file is rewritten
    /// in place, even truncated (a mapped CRL would then be read past the file's new end, which
    /// stops the process with SIGBUS).
    ///
    /// - Throws: ``CRLStoreError``; the CRL in service stays.
    @discardableResult
    public func update(contentsOfFile path: String) throws(CRLStoreError) -> Installed {
        let crl: CertificateRevocationList
        do {
            crl = try CertificateRevocationList(contentsOfFile: path, mapping: false)
        } catch {
            throw .malformed(error)
        }
        return try update(with: crl)
    }

    /// Verifies `crl` (issuer known, signature, cRLSign, not older than the one in service),
    /// indexes it, and replaces the CRL in service for its issuer and distribution point.
    ///
    /// - Throws: ``CRLStoreError``; nothing changes then.
    @discardableResult
    public func update(with crl: CertificateRevocationList) throws(CRLStoreError) -> Installed {
        let signer = try verifiedSigner(of: crl)
        let point = try distributionPoint(of: crl)
        let index: RevocationIndex
        do {
            index = try RevocationIndex(crl)
        } catch {
            throw .malformed(error)
        }
        let installed = Installed(
            issuer: crl.issuer.description, distributionPoint: point.map(Self.describe),
            crlNumber: crl.crlNumber.map { Hex.encode($0.contentBytes) },
            thisUpdate: Date(wholeSecondsOf: crl.thisUpdate),
            nextUpdate: crl.nextUpdate.map { Date(wholeSecondsOf: $0) }, isDelta: crl.deltaCRLIndicator != nil,
            entryCount: index.count)
        let record = Record(crl: crl, index: index, signer: signer, point: point, installed: installed)
        let key = Key(issuer: crl.issuer, point: point)
        lock.lock()
        defer { lock.unlock() }
        do {
            var list = slots[key] ?? []
            let position = list.firstIndex {
                sameBytes($0.base.signer.subjectPublicKeyInfo.derEncoded, signer.subjectPublicKeyInfo.derEncoded)
            }
            if let base = crl.deltaCRLIndicator {
                guard let position else { throw .deltaWithoutBase(issuer: crl.issuer, .noCompleteCRL) }
                var slot = list[position]
                guard let baseNumber = slot.base.crl.crlNumber, Self.compare(baseNumber, base) >= 0 else {
                    throw .deltaWithoutBase(
                        issuer: crl.issuer, .baseOlderThanDelta(baseCRLNumber: base, installed: slot.base.crl.crlNumber)
                    )
                }
                if let number = crl.crlNumber, let current = slot.base.crl.crlNumber,
                    Self.compare(number, current) <= 0
                {
                    throw .deltaWithoutBase(
                        issuer: crl.issuer, .notNewerThanBase(crlNumber: number, installed: current))
                }
                if let old = slot.delta { try Self.checkNotOlder(crl, than: old.crl) }
                slot.delta = record
                list[position] = slot
            } else if let position {
                try Self.checkNotOlder(crl, than: list[position].base.crl)
                var slot = list[position]
                slot.base = record
                if let delta = slot.delta, !Self.deltaApplies(delta.crl, to: crl) { slot.delta = nil }
                list[position] = slot
            } else {
                list.append(Slot(base: record, delta: nil))
            }
            slots[key] = list
        }
        return installed
    }

    private func verifiedSigner(of crl: CertificateRevocationList) throws(CRLStoreError) -> Certificate {
        let named = issuers.filter { $0.subject == crl.issuer }
        guard !named.isEmpty else { throw .unknownIssuer(crl.issuer) }
        let candidates = named.filter { issuer in
            guard let keyID = crl.authorityKeyIdentifier,
                let subjectKey = (try? issuer.extensions.subjectKeyIdentifier)??.keyIdentifier
            else { return true }
            return keyID.elementsEqual(subjectKey)
        }
        guard let signer = candidates.first(where: { crl.isSignature(validFor: $0) }) else {
            throw .badSignature(issuer: crl.issuer)
        }
        if let usage = try? signer.extensions.keyUsage, !usage.contains(.cRLSign) {
            throw .issuerCannotSignCRLs(issuer: signer.subject)
        }
        if let point = crl.issuingDistributionPoint {
            if point.indirectCRL { throw .unsupported(issuer: crl.issuer, .indirectCRL) }
            if point.onlySomeReasons != nil { throw .unsupported(issuer: crl.issuer, .onlySomeReasons) }
            if point.onlyContainsAttributeCerts { throw .unsupported(issuer: crl.issuer, .attributeCertificates) }
        }
        return signer
    }

    private func distributionPoint(of crl: CertificateRevocationList) throws(CRLStoreError) -> GeneralName? {
        guard let point = crl.issuingDistributionPoint?.distributionPoint else { return nil }
        switch point {
        case .fullName(let names):
            // GeneralNames is SIZE (1..MAX): the reader refuses an empty one, so this is defensive.
            guard let first = names.first else {
                throw .malformed(
                    .invalidExtension(
                        CertificateRevocationList.ExtensionID.issuingDistributionPoint,
                        DERError(.missingElement(expected: .contextSpecific(0, constructed: true)), at: 0)))
            }
            return first
        case .nameRelativeToCRLIssuer:
            throw .unsupported(issuer: crl.issuer, .distributionPointRelativeToIssuer)
        }
    }

    private static func checkNotOlder(_ new: CertificateRevocationList, than old: CertificateRevocationList)
        throws(CRLStoreError)
    {
        if new.thisUpdate < old.thisUpdate {
            throw .olderThanInstalled(
                issuer: new.issuer,
                .thisUpdate(new.thisUpdate.date, installed: old.thisUpdate.date))
        }
        if let newNumber = new.crlNumber, let oldNumber = old.crlNumber, compare(newNumber, oldNumber) < 0 {
            throw .olderThanInstalled(issuer: new.issuer, .crlNumber(newNumber, installed: oldNumber))
        }
    }

    private static func deltaApplies(_ delta: CertificateRevocationList, to base: CertificateRevocationList) -> Bool {
        guard let indicator = delta.deltaCRLIndicator, let baseNumber = base.crlNumber else { return false }
        guard compare(baseNumber, indicator) >= 0 else { return false }
        if let number = delta.crlNumber { return compare(number, baseNumber) > 0 }
        return true
    }

    /// Compares two non-negative INTEGERs by value.
    static func compare(_ a: ASN1Integer, _ b: ASN1Integer) -> Int {
        let x = Array(a.magnitude.drop { $0 == 0 })
        let y = Array(b.magnitude.drop { $0 == 0 })
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return 0
    }

    static func describe(_ name: GeneralName) -> String {
        if case .directoryName(let directory) = name { return directory.description }
        return name.description
    }

    // MARK: Looking up

    /// The status of `certificate` issued by `issuer` at `time` (see ``check(_:issuer:at:)``).
    public func status(of certificate: Certificate, issuer: Certificate, at time: Date) async -> RevocationStatus {
        check(certificate, issuer: issuer, atSecondsSince1970: time.secondsSince1970)
    }

    /// The status of `certificate` issued by `issuer` at `time`, from the CRL of its issuer and
    /// distribution point: revoked with the entry's reason and date, good, or unavailable (no
    /// such CRL, or the CRL is not fresh at `time`, widened by ``grace``).
    public func check(_ certificate: Certificate, issuer: Certificate, at time: Date) -> RevocationStatus {
        check(certificate, issuer: issuer, atSecondsSince1970: time.secondsSince1970)
    }

    /// ``check(_:issuer:at:)`` at `time` in whole seconds since 1970.
    func check(_ certificate: Certificate, issuer: Certificate, atSecondsSince1970 time: Int64) -> RevocationStatus {
        let issuerKey = issuer.subjectPublicKeyInfo.derEncoded
        var found: Slot?
        let points: [GeneralName?]
        if certificate.extensions[oid: ASN1ObjectIdentifier.X509ExtensionID.crlDistributionPoints] == nil {
            // No distribution point: the issuer's CRL without one; no array is made.
            points = []
            lock.lock()
            found = slots[Key(issuer: certificate.issuer, point: nil)]?.first {
                sameBytes($0.base.signerKey, issuerKey)
            }
            lock.unlock()
        } else {
            switch Self.distributionPoints(of: certificate) {
            case .success(let names): points = names
            case .failure(let why): return .unavailable(why.message)
            }
            lock.lock()
            for point in points {
                if let list = slots[Key(issuer: certificate.issuer, point: point)],
                    let slot = list.first(where: {
                        sameBytes($0.base.signerKey, issuerKey)
                    })
                {
                    found = slot
                    break
                }
            }
            lock.unlock()
        }
        guard let slot = found else {
            let named = points.compactMap { $0 }.map(Self.describe).joined(separator: "; ")
            return .unavailable(
                "no CRL of \(certificate.issuer) for distribution point \(named.isEmpty ? "(none)" : named)")
        }
        let base = slot.base
        if let scope = base.crl.issuingDistributionPoint, scope.onlyContainsUserCerts || scope.onlyContainsCACerts {
            let isCA = (try? certificate.extensions.basicConstraints)??.isCertificateAuthority ?? false
            if scope.onlyContainsUserCerts && isCA {
                return .unavailable("the CRL covers end-entity certificates only")
            }
            if scope.onlyContainsCACerts && !isCA { return .unavailable("the CRL covers CA certificates only") }
        }
        if let stale = Self.staleness(base, at: time, grace: graceSeconds) { return .unavailable(stale) }
        let evidence = base.evidence
        if let delta = slot.delta, Self.staleness(delta, at: time, grace: graceSeconds) == nil,
            let entry = delta.index.lookup(serialNumber: certificate.serialNumber)
        {
            let deltaEvidence = delta.evidence
            if entry.reason == .removeFromCRL { return .good(deltaEvidence) }
            return .revoked(
                reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate),
                evidence: deltaEvidence)
        }
        if let entry = base.index.lookup(serialNumber: certificate.serialNumber), entry.reason != .removeFromCRL {
            return .revoked(
                reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate), evidence: evidence)
        }
        return .good(evidence)
    }

    /// Why `record`'s CRL is not fresh at `time`, widened by `grace` (whole seconds), or `nil`
    /// when it is.
    static func staleness(_ record: Record, at time: Int64, grace: Int64) -> String? {
        let crl = record.crl
        if time + grace < record.thisUpdate {
            return "CRL of \(crl.issuer) issued after the validation time (thisUpdate \(crl.thisUpdate))"
        }
        guard let next = record.nextUpdate else { return "CRL of \(crl.issuer) has no nextUpdate" }
        if time - grace > next {
            return "CRL of \(crl.issuer) is stale (nextUpdate \(crl.nextUpdate.map { "\($0)" } ?? ""))"
        }
        return nil
    }

    /// The distribution point names to look a certificate up under: its cRLDistributionPoints'
    /// full names, or `[nil]` when it has none.
    static func distributionPoints(of certificate: Certificate) -> Result<[GeneralName?], Unusable> {
        let points: CRLDistributionPoints?
        do {
            points = try certificate.extensions.crlDistributionPoints
        } catch {
            return .failure(Unusable(message: "cRLDistributionPoints does not decode: \(error)"))
        }
        guard let points, !points.isEmpty else { return .success([nil]) }
        var names: [GeneralName?] = []
        for point in points where point.crlIssuer == nil {
            if case .fullName(let list) = point.name { names += list.map { Optional($0) } }
        }
        guard !names.isEmpty else {
            return .failure(Unusable(message: "no distribution point this store can use (indirect or relative)"))
        }
        return .success(names)
    }

    /// Why a certificate's distribution points cannot be used.
    struct Unusable: Error {
        var message: String
    }
}

extension CRLStore.Installed {
    private enum CodingKeys: String, CodingKey {
        case issuer, distributionPoint, crlNumber, thisUpdate, nextUpdate, isDelta, entryCount
    }

    /// Reads a description written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        distributionPoint = try container.decodeIfPresent(String.self, forKey: .distributionPoint)
        crlNumber = try container.decodeIfPresent(String.self, forKey: .crlNumber)
        thisUpdate = try container.decodeSeconds(forKey: .thisUpdate)
        nextUpdate = try container.decodeSecondsIfPresent(forKey: .nextUpdate)
        isDelta = try container.decode(Bool.self, forKey: .isDelta)
        entryCount = try container.decode(Int.self, forKey: .entryCount)
    }

    /// Writes the description, thisUpdate and nextUpdate in whole seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issuer, forKey: .issuer)
        try container.encodeIfPresent(distributionPoint, forKey: .distributionPoint)
        try container.encodeIfPresent(crlNumber, forKey: .crlNumber)
        try container.encodeSeconds(thisUpdate, forKey: .thisUpdate)
        try container.encodeSecondsIfPresent(nextUpdate, forKey: .nextUpdate)
        try container.encode(isDelta, forKey: .isDelta)
        try container.encode(entryCount, forKey: .entryCount)
    }
}

/// Whether two byte slices are equal (memcmp).
func sameBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { x in
        b.withUnsafeBytes { y in
            guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
            return memcmp(p, q, x.count) == 0
        }
    }
}
