import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

/// Many CRLs — one per issuer, signing key and scope (the JPKI partitions its CRLs by
/// municipality) — verified, indexed and kept up to date, answering revocation questions.
///
/// - **Anchors**: by default the embedded J-LIS roots (``TrustAnchors/jlis``) are the CRL
///   issuers the store knows; CAs and CRL issuers of other PKIs are given explicitly.
/// - **Scopes** (RFC 5280 §5.2.5, §6.3.3): a complete CRL (no issuing distribution point)
///   covers every certificate of its issuer; a CRL naming a distribution point covers the
///   certificates naming that point; onlyContainsUserCerts, onlyContainsCACerts and
///   onlyContainsAttributeCerts narrow that; a CRL for onlySomeReasons covers those reasons,
///   and a certificate's status is known only once the CRLs consulted cover every reason; an
///   indirect CRL answers for the certificates whose distribution point names its issuer as
///   cRLIssuer, its entries indexed by certificate issuer (certificateIssuer) and serial. The
///   store keeps one CRL (and its delta) per scope; a certificate for which no CRL in service
///   covers every reason gets ``RevocationStatus/unavailable(_:)``, saying why.
/// - **Signers**: each CRL's signature is verified with the key of an issuer certificate of
///   its name (picked by the CRL's authority key identifier), which must allow cRLSign. A CRL
///   answers for the certificates issued with its signer's key; and for those issued with
///   another key of the same CA, or (indirect CRLs) by the CA that names the CRL issuer, when
///   the signer's certificate is tied to that key: certified by it, or by the key that
///   certified it. Generations of self-signed roots with one name (J-LIS's) stay apart.
/// - **Conformance**: a CRL needs a non-critical CRL number (RFC 5280 §5.2.3); CRLs are
///   ordered and deltas applied by it.
/// - **Freshness**: a CRL is fresh from thisUpdate to nextUpdate, widened by a grace period
///   either side.
/// - **Delta CRLs** are applied over their base (same issuer, key and scope): an entry of the
///   delta revokes, an entry with reason removeFromCRL lifts the base's.
/// - **Updates are atomic**: ``update(with:)`` verifies and indexes the new CRL before it
///   replaces the old one under a lock; a CRL that fails any check is refused and the previous
///   one stays in service.
/// - **Large CRLs** are indexed by ``JPKIRevocationIndex/RevocationIndex``: a lookup in a million
///   entries takes well under a microsecond. ``update(contentsOfFile:)`` reads the file into
///   memory, so that the CRL in service does not depend on the file staying as it was (a
///   download job rewriting it in place would otherwise change, or truncate, the bytes of a
///   memory-mapped CRL under its lookups). Files that are only ever replaced by rename may be
///   mapped: `update(with: CertificateRevocationList(contentsOfFile: path, mapping: true))`.
///
/// The evidence of each answer names the CRL that decided: issuer, number, times, scope.
///
/// Thread-safe: lookups and updates may run concurrently.
///
/// ```swift
/// let store = CRLStore(grace: .seconds(3600))        // CRLs of the J-LIS roots
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
        /// What the CRL covers: `complete`, or its distribution point, certificate kinds,
        /// reasons and `indirect`.
        public var scope: String = "complete"
        /// The certificate whose key signed the CRL: subject and serial number.
        public var signer: String = ""
    }

    /// DER bytes as a dictionary key, hashed whole (names: short).
    struct DERKey: Hashable {
        var bytes: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

        static func == (lhs: DERKey, rhs: DERKey) -> Bool { sameBytes(lhs.bytes, rhs.bytes) }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// What one CRL (and its delta) is kept under: the CRL issuer's name, the signer's key and
    /// the scope.
    struct SlotKey: Hashable {
        var issuer: DERKey
        var signer: BytesKey
        var scope: CRLScope
    }

    /// A distribution point of a CRL issuer.
    struct PointKey: Hashable {
        var issuer: DERKey
        var point: GeneralName
    }

    /// A CRL in service: immutable, shared by lookups without copies; the evidence reports
    /// quote is made once.
    final class Record: Sendable {
        let crl: CertificateRevocationList
        /// The entries by serial number (a direct CRL).
        let index: RevocationIndex?
        /// The entries by certificate issuer and serial number (an indirect CRL).
        let indirect: IndirectCRLEntries?
        let signer: Certificate
        /// The DER of the signer's subject public key info, taken out once for the lookups.
        let signerKey: ArraySlice<UInt8>
        /// The keys (SPKI DER) of the CA certificates, other than the signer's own, whose
        /// certificates this CRL may answer for.
        let tiedKeys: [ArraySlice<UInt8>]
        let scope: CRLScope
        let installed: Installed
        let evidence: RevocationEvidence
        /// thisUpdate and nextUpdate in seconds since 1970.
        let thisUpdate: Int64
        let nextUpdate: Int64?

        init(
            crl: CertificateRevocationList, index: RevocationIndex?, indirect: IndirectCRLEntries?,
            signer: Certificate, tiedKeys: [ArraySlice<UInt8>], scope: CRLScope, installed: Installed
        ) {
            self.crl = crl
            self.index = index
            self.indirect = indirect
            self.signer = signer
            signerKey = signer.subjectPublicKeyInfo.derEncoded
            self.tiedKeys = tiedKeys
            self.scope = scope
            self.installed = installed
            thisUpdate = crl.thisUpdate.secondsSince1970
            nextUpdate = crl.nextUpdate?.secondsSince1970
            evidence = RevocationEvidence(
                crl: crl, kind: installed.isDelta ? "delta-crl" : "crl", distributionPoint: installed.distributionPoint,
                scope: installed.scope)
        }

        /// Whether the CRL may answer for certificates issued with `key` (SPKI DER).
        func answers(forKey key: ArraySlice<UInt8>) -> Bool {
            sameBytes(signerKey, key) || tiedKeys.contains { sameBytes($0, key) }
        }

        /// The entry of `certificate`, or `nil`.
        func entry(of certificate: Certificate) -> CRLEntry? {
            // Optional chaining borrows the index (no copy of the struct per lookup).
            guard let indirect else { return index?.lookup(serialNumber: certificate.serialNumber) }
            guard let offset = indirect.offset(issuer: certificate.issuer, serial: certificate.serialNumber) else {
                return nil
            }
            return crl.entry(atOffset: offset)
        }
    }

    /// A CRL in service and the delta applied over it: immutable, replaced whole.
    final class Slot: Sendable {
        let key: SlotKey
        let base: Record
        let delta: Record?

        init(key: SlotKey, base: Record, delta: Record?) {
            self.key = key
            self.base = base
            self.delta = delta
        }
    }

    /// The tolerance on both ends of a CRL's validity, thisUpdate to nextUpdate (clock skew, late
    /// publication); counted in whole seconds.
    public let grace: Duration
    /// ``grace`` in whole seconds, for the lookups.
    private let graceSeconds: Int64
    private let issuers: [Certificate]
    private let lock = NSLock()
    /// Every CRL in service.
    private var slots: [SlotKey: Slot] = [:]
    /// The CRLs naming a distribution point, under each of its names.
    private var byPoint: [PointKey: [Slot]] = [:]
    /// The CRLs naming none, by CRL issuer.
    private var unscoped: [DERKey: [Slot]] = [:]
    /// The CRL issuers' names by ``JPKIX509/DistinguishedName/matchingKey`` (computed once per
    /// name installed), for the certificates that name their issuer in another encoding
    /// (RFC 5280 §7.1: case, white space, string type): consulted only when the bytes miss.
    private var issuerNames: [String: [DistinguishedName]] = [:]
    /// What ``storedName(matching:)`` found for the names that missed (`nil`: none), so that a
    /// name is prepared once, not on every lookup; emptied when a CRL issuer is added, and when
    /// it reaches ``resolvedLimit`` names.
    private var resolved: [DERKey: DistinguishedName?] = [:]
    private static let resolvedLimit = 256
    /// ``tiedKeys(of:)`` of each signer seen (the issuers never change): a CRL signer's
    /// certificates are checked once, not once per CRL.
    private var tiedKeyCache: [Certificate: [ArraySlice<UInt8>]] = [:]

    /// A store for CRLs signed by `issuers` (the CAs and CRL issuers: roots and intermediates).
    ///
    /// - Parameter grace: the tolerance around thisUpdate and nextUpdate, e.g. `.seconds(3600)`
    ///   (whole seconds; a fraction is dropped; taken as 0 when negative and as
    ///   ``maximumGrace`` when longer, so that no time plus the grace can overflow).
    public init(issuers: [Certificate], grace: Duration = .zero) {
        self.issuers = issuers
        graceSeconds = min(max(grace.wholeSeconds, 0), Self.maximumGrace.wholeSeconds)
        self.grace = .seconds(graceSeconds)
    }

    /// The longest grace a store uses: a year.
    public static let maximumGrace = Duration.seconds(366 * 86_400)

    /// A store for CRLs signed by the anchors (by default the embedded J-LIS roots) and
    /// `intermediates`, with `grace` around each CRL's thisUpdate and nextUpdate.
    public convenience init(anchors: TrustAnchors = .jlis, intermediates: [Certificate] = [], grace: Duration = .zero) {
        self.init(issuers: anchors.certificates + intermediates, grace: grace)
    }

    /// The CRLs in service.
    public var installed: [Installed] {
        lock.withLock {
            slots.values.flatMap { slot in
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

    /// Verifies `crl` (issuer known, signature, cRLSign, a non-critical CRL number, not older
    /// than the one in service), indexes it, and replaces the CRL in service for its issuer,
    /// signing key and scope.
    ///
    /// - Throws: ``CRLStoreError``; nothing changes then.
    @discardableResult
    public func update(with crl: CertificateRevocationList) throws(CRLStoreError) -> Installed {
        let signer = try verifiedSigner(of: crl)
        try Self.checkConformance(crl)
        let scope = CRLScope(crl)
        var index: RevocationIndex?
        var indirect: IndirectCRLEntries?
        if scope.isIndirect {
            indirect = try IndirectCRLEntries(crl)
        } else {
            do {
                index = try RevocationIndex(crl)
            } catch {
                throw .malformed(error)
            }
        }
        let installed = Installed(
            issuer: crl.issuer.description, distributionPoint: scope.points.first.map(Self.describe),
            crlNumber: crl.crlNumber.map { Hex.encode($0.contentBytes) },
            thisUpdate: Date(wholeSecondsOf: crl.thisUpdate),
            nextUpdate: crl.nextUpdate.map { Date(wholeSecondsOf: $0) }, isDelta: crl.deltaCRLIndicator != nil,
            entryCount: index?.count ?? indirect?.count ?? 0, scope: scope.description,
            signer: "\(signer.subject), serial \(signer.serialNumberHex)")
        let record = Record(
            crl: crl, index: index, indirect: indirect, signer: signer, tiedKeys: tiedKeys(of: signer), scope: scope,
            installed: installed)
        let key = SlotKey(
            issuer: DERKey(crl.issuer.derEncoded), signer: BytesKey(signer.subjectPublicKeyInfo.derEncoded),
            scope: scope)
        let issuerKey = crl.issuer.matchingKey
        lock.lock()
        defer { lock.unlock() }
        let existing = slots[key]
        let slot: Slot
        if let base = crl.deltaCRLIndicator {
            guard let existing else { throw .deltaWithoutBase(issuer: crl.issuer, .noCompleteCRL) }
            guard let baseNumber = existing.base.crl.crlNumber, Self.compare(baseNumber, base) >= 0 else {
                throw .deltaWithoutBase(
                    issuer: crl.issuer, .baseOlderThanDelta(baseCRLNumber: base, installed: existing.base.crl.crlNumber)
                )
            }
            if let number = crl.crlNumber, Self.compare(number, baseNumber) <= 0 {
                throw .deltaWithoutBase(issuer: crl.issuer, .notNewerThanBase(crlNumber: number, installed: baseNumber))
            }
            if let old = existing.delta { try Self.checkNotOlder(crl, than: old.crl) }
            slot = Slot(key: key, base: existing.base, delta: record)
        } else if let existing {
            try Self.checkNotOlder(crl, than: existing.base.crl)
            let delta = existing.delta.flatMap { Self.deltaApplies($0.crl, to: crl) ? $0 : nil }
            slot = Slot(key: key, base: record, delta: delta)
        } else {
            slot = Slot(key: key, base: record, delta: nil)
        }
        install(slot, replacing: existing, issuerKey: issuerKey)
        return installed
    }

    /// Puts `slot` in service in place of `old` (the same key), under the lock.
    private func install(_ slot: Slot, replacing old: Slot?, issuerKey: String) {
        if old == nil, !issuerNames[issuerKey, default: []].contains(slot.base.crl.issuer) {
            issuerNames[issuerKey, default: []].append(slot.base.crl.issuer)
            resolved.removeAll()
        }
        slots[slot.key] = slot
        func put(_ list: inout [Slot]) {
            if let old, let position = list.firstIndex(where: { $0 === old }) {
                list[position] = slot
            } else {
                list.append(slot)
            }
        }
        if slot.key.scope.points.isEmpty {
            put(&unscoped[slot.key.issuer, default: []])
        } else {
            for point in slot.key.scope.points {
                put(&byPoint[PointKey(issuer: slot.key.issuer, point: point), default: []])
            }
        }
    }

    private func verifiedSigner(of crl: CertificateRevocationList) throws(CRLStoreError) -> Certificate {
        let named = issuers.filter { $0.subject.matches(crl.issuer) }
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
        return signer
    }

    /// RFC 5280 §5.2.3: a CRL number, non-critical.
    private static func checkConformance(_ crl: CertificateRevocationList) throws(CRLStoreError) {
        guard crl.crlNumber != nil else { throw .nonConforming(issuer: crl.issuer, .noCRLNumber) }
        if crl.extensions.contains(where: { $0.critical && $0.oid == CertificateRevocationList.ExtensionID.crlNumber })
        {
            throw .nonConforming(issuer: crl.issuer, .criticalCRLNumber)
        }
    }

    /// The keys of the CA certificates the store knows, other than `signer`'s own, whose
    /// certificates a CRL signed by `signer` may answer for: those tied to the signer by a
    /// certificate — the CA's key certified the signer, or one key certified both. (Which CRLs
    /// answer is then decided by name and scope: a direct CRL's issuer is the certificate's
    /// issuer; an indirect CRL's is the cRLIssuer the certificate names.)
    private func tiedKeys(of signer: Certificate) -> [ArraySlice<UInt8>] {
        if let known = lock.withLock({ tiedKeyCache[signer] }) { return known }
        let keys = findTiedKeys(of: signer)
        lock.withLock { tiedKeyCache[signer] = keys }
        return keys
    }

    private func findTiedKeys(of signer: Certificate) -> [ArraySlice<UInt8>] {
        let signerKey = signer.subjectPublicKeyInfo.derEncoded
        // The keys that certified the signer (not itself).
        let parents = issuers.filter {
            $0.subject == signer.issuer && !sameBytes($0.subjectPublicKeyInfo.derEncoded, signerKey)
                && signer.isSignature(validFor: $0)
        }
        var keys: [ArraySlice<UInt8>] = []
        for candidate in issuers {
            let key = candidate.subjectPublicKeyInfo.derEncoded
            guard !sameBytes(key, signerKey), !keys.contains(where: { sameBytes($0, key) }) else { continue }
            let certifiedSigner = parents.contains { sameBytes($0.subjectPublicKeyInfo.derEncoded, key) }
            let sibling = parents.contains { parent in
                candidate.issuer == parent.subject && !sameBytes(parent.subjectPublicKeyInfo.derEncoded, key)
                    && candidate.isSignature(validFor: parent)
            }
            if certifiedSigner || sibling { keys.append(key) }
        }
        return keys
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

    /// The status of `certificate` issued by `issuer` at `time`, from the CRLs in service whose
    /// scope covers it: revoked with the entry's reason and date (from the first CRL that lists
    /// it), good once the fresh CRLs consulted cover every reason, or unavailable (no such CRL,
    /// a CRL not fresh at `time` widened by ``grace``, or reasons left uncovered).
    public func check(_ certificate: Certificate, issuer: Certificate, at time: Date) -> RevocationStatus {
        check(certificate, issuer: issuer, atSecondsSince1970: time.secondsSince1970)
    }

    /// The CRLs that may answer for one distribution point, and what they must be.
    private struct Candidates {
        var slots: [Slot]
        /// The distribution point's reasons.
        var reasons: ReasonMask
        /// Whether the CRLs must be indirect (the point names a cRLIssuer).
        var indirect: Bool
    }

    /// What the CRLs consulted so far established.
    private struct Coverage {
        var reasons: ReasonMask = []
        /// The first CRL that answered (its evidence goes into a good answer).
        var decidedBy: Record?
        var consulted = 0
        var notes: [String] = []
        var isCA: Bool?
    }

    /// ``check(_:issuer:at:)`` at `time` in whole seconds since 1970.
    func check(
        _ certificate: Certificate, issuer: Certificate, atSecondsSince1970 time: Int64, depth: Int = 0
    ) -> RevocationStatus {
        let issuerKey = issuer.subjectPublicKeyInfo.derEncoded
        var coverage = Coverage()
        if certificate.extensions[oid: ASN1ObjectIdentifier.X509ExtensionID.crlDistributionPoints] == nil {
            // No distribution point: the issuer's CRLs that name none; no array is made.
            lock.lock()
            var found = unscoped[DERKey(certificate.issuer.derEncoded)]
            lock.unlock()
            if found == nil, let name = storedName(matching: certificate.issuer) {
                found = lock.withLock { unscoped[DERKey(name.derEncoded)] }
            }
            guard let list = found else { return unavailable(certificate, points: [], coverage) }
            // The common case first: a CRL of the issuer's key covering every reason.
            for slot in list {
                if let answer = directAnswer(slot, certificate, issuerKey, time) { return answer }
            }
            let candidates = Candidates(slots: list, reasons: .all, indirect: false)
            // The CRLs signed with the issuer's own key first, then those of a key tied to it.
            if let answer = consider(candidates, certificate, issuerKey, true, time, depth, &coverage) { return answer }
            if let answer = consider(candidates, certificate, issuerKey, false, time, depth, &coverage) {
                return answer
            }
            return unavailable(certificate, points: [], coverage)
        }
        let points: [CertificateDistributionPoint]
        switch CertificateDistributionPoint.of(certificate) {
        case .success(let usable): points = usable
        case .failure(let why): return .unavailable(why.message)
        }
        // The common case first (the JPKI's): one point without a CRL issuer, whose CRL of the
        // issuer's key covers every reason.
        if points.count == 1, points[0].crlIssuer == nil, points[0].reasons == .all {
            let issuerName = DERKey(certificate.issuer.derEncoded)
            for name in points[0].names {
                lock.lock()
                let list = byPoint[PointKey(issuer: issuerName, point: name)]
                lock.unlock()
                for slot in list ?? [] {
                    if let answer = directAnswer(slot, certificate, issuerKey, time) { return answer }
                }
            }
        }
        var gathered: [Candidates] = []
        for point in points {
            let crlIssuer = point.crlIssuer ?? certificate.issuer
            var found = lock.withLock { candidateSlots(for: point, issuer: DERKey(crlIssuer.derEncoded)) }
            if found.isEmpty, let name = storedName(matching: crlIssuer) {
                found = lock.withLock { candidateSlots(for: point, issuer: DERKey(name.derEncoded)) }
            }
            gathered.append(Candidates(slots: found, reasons: point.reasons, indirect: point.crlIssuer != nil))
        }
        for candidates in gathered {
            if let answer = consider(candidates, certificate, issuerKey, true, time, depth, &coverage) { return answer }
        }
        for candidates in gathered {
            if let answer = consider(candidates, certificate, issuerKey, false, time, depth, &coverage) {
                return answer
            }
        }
        return unavailable(certificate, points: points, coverage)
    }

    /// The CRLs of `issuer` for `point`: those naming one of its names, and the complete ones;
    /// under the lock.
    private func candidateSlots(for point: CertificateDistributionPoint, issuer: DERKey) -> [Slot] {
        var slots: [Slot] = []
        for name in point.names {
            if let list = byPoint[PointKey(issuer: issuer, point: name)] { slots += list }
        }
        if let list = unscoped[issuer] { slots += list }
        return slots
    }

    /// The name of a CRL issuer in service that `name` matches under RFC 5280 §7.1 but not byte
    /// for byte (the certificate encodes its issuer's name otherwise), or `nil`: the lookup
    /// when the bytes miss.
    private func storedName(matching name: DistinguishedName) -> DistinguishedName? {
        if let known = lock.withLock({ resolved[DERKey(name.derEncoded)] }) { return known }
        let key = name.matchingKey
        return lock.withLock {
            let found = issuerNames[key]?.first { $0 != name && $0.matches(name) }
            if resolved.count >= Self.resolvedLimit { resolved.removeAll() }
            // A copy of the name's bytes: the key must not keep the certificate's alive.
            resolved[DERKey(ArraySlice(Array(name.derEncoded)))] = .some(found)
            return found
        }
    }

    /// The answer of `slot` alone when it decides by itself: a fresh CRL signed with the
    /// issuer's key, not indirect, for every reason, whose kind of certificates matches;
    /// otherwise `nil` (``consider(_:_:_:_:_:_:)`` then weighs every candidate).
    @inline(__always)
    private func directAnswer(_ slot: Slot, _ certificate: Certificate, _ issuerKey: ArraySlice<UInt8>, _ time: Int64)
        -> RevocationStatus?
    {
        let base = slot.base
        let scope = base.scope
        guard sameBytes(base.signerKey, issuerKey), scope.reasons == .all, !scope.isIndirect,
            !scope.onlyAttributeCertificates, Self.staleness(base, at: time, grace: graceSeconds) == nil
        else { return nil }
        if scope.onlyUserCertificates || scope.onlyCACertificates {
            let isCA = (try? certificate.extensions.basicConstraints)??.isCertificateAuthority ?? false
            if isCA ? scope.onlyUserCertificates : scope.onlyCACertificates { return nil }
        }
        if let delta = slot.delta, Self.staleness(delta, at: time, grace: graceSeconds) == nil,
            let entry = delta.entry(of: certificate)
        {
            if entry.reason == .removeFromCRL { return .good(delta.evidence) }
            return .revoked(
                reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate),
                evidence: delta.evidence)
        }
        if let entry = base.entry(of: certificate), entry.reason != .removeFromCRL {
            return .revoked(
                reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate),
                evidence: base.evidence)
        }
        return .good(base.evidence)
    }

    /// Consults the CRLs of `candidates` (those signed with the issuer's own key when
    /// `exactKey`, the others otherwise): revoked as soon as one lists the certificate, good
    /// once every reason is covered, `nil` to go on.
    private func consider(
        _ candidates: Candidates, _ certificate: Certificate, _ issuerKey: ArraySlice<UInt8>, _ exactKey: Bool,
        _ time: Int64, _ depth: Int, _ coverage: inout Coverage
    ) -> RevocationStatus? {
        for slot in candidates.slots {
            let base = slot.base
            let scope = base.scope
            if exactKey != sameBytes(base.signerKey, issuerKey) { continue }
            if !exactKey && !base.answers(forKey: issuerKey) { continue }
            if candidates.indirect && !scope.isIndirect { continue }
            if scope.onlyAttributeCertificates { continue }
            if scope.onlyUserCertificates || scope.onlyCACertificates {
                let isCA =
                    coverage.isCA ?? ((try? certificate.extensions.basicConstraints)??.isCertificateAuthority ?? false)
                coverage.isCA = isCA
                if scope.onlyUserCertificates && isCA {
                    coverage.notes.append("the CRL of \(base.crl.issuer) covers end-entity certificates only")
                    continue
                }
                if scope.onlyCACertificates && !isCA {
                    coverage.notes.append("the CRL of \(base.crl.issuer) covers CA certificates only")
                    continue
                }
            }
            let reasons = scope.reasons.intersection(candidates.reasons)
            if reasons.isSubset(of: coverage.reasons) { continue }
            if let stale = Self.staleness(base, at: time, grace: graceSeconds) {
                coverage.notes.append(stale)
                continue
            }
            if !exactKey, let refusal = signerRefusal(base.signer, at: time, depth: depth) {
                coverage.notes.append(refusal)
                continue
            }
            coverage.consulted += 1
            var answering = base
            if let delta = slot.delta, Self.staleness(delta, at: time, grace: graceSeconds) == nil,
                let entry = delta.entry(of: certificate)
            {
                answering = delta
                if entry.reason != .removeFromCRL {
                    return .revoked(
                        reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate),
                        evidence: delta.evidence)
                }
            } else if let entry = base.entry(of: certificate), entry.reason != .removeFromCRL {
                return .revoked(
                    reason: entry.reason, revocationTime: Date(wholeSecondsOf: entry.revocationDate),
                    evidence: base.evidence)
            }
            coverage.reasons.formUnion(reasons)
            if coverage.decidedBy == nil { coverage.decidedBy = answering }
            if coverage.reasons.isSuperset(of: .all) { return .good((coverage.decidedBy ?? answering).evidence) }
        }
        return nil
    }

    /// Why a CRL signed by a key other than the certificate issuer's own cannot answer: the
    /// certificate that ties the signer to the CA is revoked by the CRLs the store holds (RFC 5280
    /// §6.3.3 (f) validates the CRL issuer's path, revocation included). A signer whose own status
    /// no CRL of the store gives is still accepted (the store cannot ask anyone else); `nil` when
    /// the CRL may answer. Chains of such signers are followed four deep at most.
    private func signerRefusal(_ signer: Certificate, at time: Int64, depth: Int) -> String? {
        guard depth < 4 else { return "the CRL signer \(signer.subject) is tied to its CA too many levels deep" }
        let signerKey = signer.subjectPublicKeyInfo.derEncoded
        let parents = issuers.filter {
            $0.subject == signer.issuer && !sameBytes($0.subjectPublicKeyInfo.derEncoded, signerKey)
                && signer.isSignature(validFor: $0)
        }
        guard let parent = parents.first else { return nil }  // the signer is a root of the store
        switch check(signer, issuer: parent, atSecondsSince1970: time, depth: depth + 1) {
        case .good: return nil
        case .revoked(let reason, _, _):
            return "the CRL signer \(signer.subject) is revoked (\(reason.map { "\($0)" } ?? "unspecified"))"
        case .unavailable: return nil
        }
    }

    /// Why no answer: no CRL for the certificate's distribution points, or the CRLs found were
    /// stale, out of scope, or left reasons uncovered.
    private func unavailable(
        _ certificate: Certificate, points: [CertificateDistributionPoint], _ coverage: Coverage
    ) -> RevocationStatus {
        if coverage.consulted > 0 {
            let missing = ReasonMask.all.subtracting(coverage.reasons)
            return .unavailable(
                "the CRLs of \(certificate.issuer) in service do not cover every reason (missing: \(missing))"
                    + (coverage.notes.isEmpty ? "" : "; " + coverage.notes.joined(separator: "; ")))
        }
        if !coverage.notes.isEmpty { return .unavailable(coverage.notes.joined(separator: "; ")) }
        let named = points.flatMap(\.names).map(Self.describe).joined(separator: "; ")
        return .unavailable(
            "no CRL of \(certificate.issuer) for distribution point \(named.isEmpty ? "(none)" : named)")
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

    /// Why a certificate's distribution points cannot be used.
    struct Unusable: Error {
        var message: String
    }
}

extension CRLStore.Installed {
    private enum CodingKeys: String, CodingKey {
        case issuer, distributionPoint, crlNumber, thisUpdate, nextUpdate, isDelta, entryCount, scope, signer
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
        scope = try container.decodeIfPresent(String.self, forKey: .scope) ?? "complete"
        signer = try container.decodeIfPresent(String.self, forKey: .signer) ?? ""
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
        try container.encode(scope, forKey: .scope)
        try container.encode(signer, forKey: .signer)
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
