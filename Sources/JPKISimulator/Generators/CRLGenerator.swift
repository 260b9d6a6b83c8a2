import JPKIASN1
import JPKIRevocationIndex
import JPKIX509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Generates large CRLs deterministically from a seed, for benchmarks and load tests: random
/// 8-byte serial numbers, UTCTime revocation dates in the five years before ``thisUpdate``,
/// and a reasonCode entry extension on every entry — about 41.5 bytes an entry, so a million
/// entries make a 41 MB CRL.
///
/// Entry `i` of a seed is always the same (its random numbers are SplitMix64's outputs
/// `3i`, `3i+1`, `3i+2`), so generators with one seed and different ``firstEntry`` produce
/// overlapping CRLs whose differences are known: entries `a..<b` and `c..<d` of one seed share
/// entries `max(a,c)..<min(b,d)`.
///
/// The entries are written straight into one buffer of the exact final size: no value per
/// entry is ever made. The signed part is held in memory to be signed (410 MB for 10M
/// entries); ``write(to:signingWith:progress:)`` writes the CRL to a file without a second copy.
///
/// ```swift
/// let key = try SigningKey(generatingRSABits: 2048)
/// var generator = CRLGenerator(entryCount: 1_000_000, seed: 42)
/// generator.authorityKeyIdentifier = CRLBuilder.keyIdentifier(of: try key.subjectPublicKeyInfo)
/// try generator.write(to: "bench-1m.crl", signingWith: key)
/// ```
public struct CRLGenerator: Sendable {
    /// The number of entries.
    public var entryCount: Int
    /// The seed of the pseudo-random stream.
    public var seed: UInt64
    /// The index in the seed's stream of the first entry written.
    public var firstEntry: Int
    /// The issuer's name.
    public var issuer: DistinguishedName
    /// When the CRL is issued; revocation dates fall in the five years before.
    public var thisUpdate: ASN1Time
    /// When the next CRL will be issued.
    public var nextUpdate: ASN1Time?
    /// The CRL number extension.
    public var crlNumber: ASN1Integer?
    /// The authority key identifier extension's keyIdentifier.
    public var authorityKeyIdentifier: [UInt8]?
    /// The signature algorithm.
    public var signatureAlgorithm: AlgorithmIdentifier

    /// The default issuer: `CN=JPKI CRL Benchmark CA,O=swift-jpki,C=JP`.
    public static var defaultIssuer: DistinguishedName {
        let attributes: [(ASN1ObjectIdentifier, String)] = [
            (.countryName, "JP"), (.organizationName, "swift-jpki"), (.commonName, "JPKI CRL Benchmark CA"),
        ]
        return DistinguishedName(
            attributes.compactMap { type, value in
                (try? DistinguishedName.Attribute(
                    type: type, string: value, kind: type == .countryName ? .printable : .utf8))
                    .map { DistinguishedName.RelativeDistinguishedName([$0]) }
            })
    }

    /// 2025-06-01T00:00:00Z.
    public static let defaultThisUpdate = ASN1Time(secondsSince1970: 1_748_736_000)

    /// The reasons drawn for entries.
    static let reasons: [RevocationReason] = [
        .keyCompromise, .affiliationChanged, .superseded, .cessationOfOperation, .certificateHold, .privilegeWithdrawn,
    ]

    /// The span of revocation dates before ``thisUpdate``, in seconds (five years).
    static let window: UInt64 = 5 * 365 * 86_400

    /// A generator of `entryCount` entries starting at `firstEntry` in the stream of `seed`,
    /// issued on ``defaultThisUpdate`` with a next update a week later and CRL number 1.
    public init(
        entryCount: Int, seed: UInt64, firstEntry: Int = 0, issuer: DistinguishedName = CRLGenerator.defaultIssuer
    ) {
        self.entryCount = entryCount
        self.seed = seed
        self.firstEntry = firstEntry
        self.issuer = issuer
        self.thisUpdate = Self.defaultThisUpdate
        self.nextUpdate = ASN1Time(secondsSince1970: Self.defaultThisUpdate.secondsSince1970 + 7 * 86_400)
        self.crlNumber = ASN1Integer(1)
        self.authorityKeyIdentifier = nil
        self.signatureAlgorithm = .sha256WithRSAEncryption
    }

    /// One generated entry.
    public struct Entry: Hashable, Sendable {
        /// The serial number: a random non-zero 64-bit value.
        public var serialNumber: UInt64
        /// The revocation date, in seconds since 1970.
        public var revocationDate: Int64
        /// The reason.
        public var reason: RevocationReason
    }

    /// The `k`-th output of SplitMix64 seeded with `seed`.
    @inline(__always)
    static func random(_ seed: UInt64, _ k: UInt64) -> UInt64 {
        SerialNumbers.mix(seed &+ (k &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Entry `index` of the stream (not counting from ``firstEntry``).
    public func entry(streamIndex index: Int) -> Entry {
        let k = UInt64(index) &* 3
        var serial = Self.random(seed, k)
        if serial == 0 { serial = 1 }
        // Wrapping: an index near Int.max / 3 makes k near UInt64.max (the stream is defined modulo 2^64).
        let age = Self.random(seed, k &+ 1) % Self.window
        let reason = Self.reasons[Int(Self.random(seed, k &+ 2) % UInt64(Self.reasons.count))]
        return Entry(serialNumber: serial, revocationDate: thisUpdate.secondsSince1970 - Int64(age), reason: reason)
    }

    /// The entries, one at a time (nothing is kept).
    public var entries: some Sequence<Entry> & Sendable {
        let generator = self
        return (firstEntry..<(firstEntry + entryCount)).lazy.map { generator.entry(streamIndex: $0) }
    }

    // MARK: Encoding

    /// The content octets of the positive INTEGER `value`.
    @inline(__always)
    private static func serialLength(_ value: UInt64) -> Int {
        let bytes = (64 - value.leadingZeroBitCount + 7) / 8
        let topBitSet = value >> UInt64(bytes * 8 - 1) & 1 == 1
        return Swift.max(1, bytes + (topBitSet ? 1 : 0))
    }

    /// The encoded length of entry `entry`.
    @inline(__always)
    private static func entryLength(_ entry: Entry) -> Int {
        let timeLength = entry.revocationDate < 2_524_608_000 ? 15 : 17  // UTCTime through 2049
        return 2 + 2 + serialLength(entry.serialNumber) + timeLength + 14
    }

    /// Writes entry `entry` at `out` and returns the number of bytes written.
    @inline(__always)
    private static func write(_ entry: Entry, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let serialCount = serialLength(entry.serialNumber)
        let length = entryLength(entry)
        out[0] = 0x30
        out[1] = UInt8(length - 2)
        out[2] = 0x02
        out[3] = UInt8(serialCount)
        var value = entry.serialNumber
        for index in stride(from: 3 + serialCount, through: 4, by: -1) {
            out[index] = UInt8(truncatingIfNeeded: value)
            value >>= 8
        }
        var position = 4 + serialCount
        position += writeTime(entry.revocationDate, to: out + position)
        // 30 0C 30 0A 06 03 55 1D 15 04 03 0A 01: one reasonCode extension; then the code.
        let raw = UnsafeMutableRawPointer(out + position)
        raw.storeBytes(of: UInt64(0x1D55_0306_0A30_0C30).littleEndian, as: UInt64.self)
        (raw + 5).storeBytes(of: UInt64(0x010A_0304_151D_5503).littleEndian, as: UInt64.self)
        out[position + 13] = UInt8(entry.reason.rawValue)
        return position + 14
    }

    /// Writes a UTCTime (through 2049) or GeneralizedTime element for `seconds`.
    @inline(__always)
    private static func writeTime(_ seconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        var position = 2
        func two(_ value: Int) {
            out[position] = UInt8(0x30 + value / 10)
            out[position + 1] = UInt8(0x30 + value % 10)
            position += 2
        }
        if year < 2050 {
            out[0] = 0x17
            out[1] = 13
            two(year % 100)
        } else {
            out[0] = 0x18
            out[1] = 15
            two(year / 100)
            two(year % 100)
        }
        two(month)
        two(day)
        two(secondOfDay / 3600)
        two(secondOfDay / 60 % 60)
        two(secondOfDay % 60)
        out[position] = 0x5A
        return position + 1
    }

    /// The encoding of the fields before and after the revokedCertificates list.
    private func tbsParts() -> (prefix: [UInt8], suffix: [UInt8]) {
        var builder = CRLBuilder(issuer: issuer, thisUpdate: thisUpdate, nextUpdate: nextUpdate)
        builder.signatureAlgorithm = signatureAlgorithm
        builder.crlNumber = crlNumber
        builder.authorityKeyIdentifier = authorityKeyIdentifier
        var prefix = DERWriter()
        prefix.serialize(1)
        signatureAlgorithm.serialize(into: &prefix)
        prefix.serialize(issuer)
        prefix.serialize(thisUpdate)
        if let nextUpdate { prefix.serialize(nextUpdate) }
        var suffix = DERWriter()
        let extensions = builder.extensions
        if !extensions.isEmpty {
            suffix.writeConstructed(.contextSpecific(0, constructed: true)) { wrapper in
                wrapper.writeSequence { list in
                    for item in extensions { list.serialize(item) }
                }
            }
        }
        return (prefix.bytes, suffix.bytes)
    }

    /// The TBSCertList's DER, written in two passes over the stream (lengths, then bytes).
    ///
    /// - Parameter progress: called now and then with the fraction written.
    public func tbsCertListDER(progress: ((Double) -> Void)? = nil) -> [UInt8] {
        let (prefix, suffix) = tbsParts()
        var entriesLength = 0
        for index in firstEntry..<(firstEntry + entryCount) {
            entriesLength += Self.entryLength(entry(streamIndex: index))
        }
        var listHeader = DERWriter()
        if entryCount > 0 {
            listHeader.appendTag(.sequence)
            listHeader.appendLength(entriesLength)
        }
        let contentLength = prefix.count + listHeader.bytes.count + entriesLength + suffix.count
        var header = DERWriter()
        header.appendTag(.sequence)
        header.appendLength(contentLength)
        let total = header.bytes.count + contentLength
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var position = 0
            for part in [header.bytes, prefix, listHeader.bytes] {
                part.withUnsafeBufferPointer { source in
                    if let start = source.baseAddress { (base + position).update(from: start, count: source.count) }
                }
                position += part.count
            }
            let step = Swift.max(1, entryCount / 100)
            for (written, index) in (firstEntry..<(firstEntry + entryCount)).enumerated() {
                position += Self.write(entry(streamIndex: index), to: base + position)
                if written % step == 0 { progress?(Double(written) / Double(Swift.max(1, entryCount))) }
            }
            suffix.withUnsafeBufferPointer { source in
                if let start = source.baseAddress { (base + position).update(from: start, count: source.count) }
            }
            position += suffix.count
            initialized = position
        }
    }

    /// The CRL's DER in three parts — the outer header, the TBSCertList, and the signature
    /// algorithm with the signature — so that a caller can write them without joining them.
    public func signedParts(with key: SigningKey, progress: ((Double) -> Void)? = nil) throws(X509Error)
        -> [[UInt8]]
    {
        let tbs = tbsCertListDER(progress: progress)
        let signature = try key.sign(tbs, algorithm: signatureAlgorithm)
        var trailer = DERWriter()
        signatureAlgorithm.serialize(into: &trailer)
        trailer.serialize(ASN1BitString(bytes: signature))
        var header = DERWriter()
        header.appendTag(.sequence)
        header.appendLength(tbs.count + trailer.bytes.count)
        return [header.bytes, tbs, trailer.bytes]
    }

    /// The signed CRL's DER.
    public func signedDER(with key: SigningKey) throws(X509Error) -> [UInt8] {
        try signedParts(with: key).flatMap { $0 }
    }

    /// Signs the CRL with `key` and writes it to `path` (DER).
    ///
    /// - Throws: ``X509Error/invalidValue(_:offset:)`` when the file cannot be written.
    public func write(to path: String, signingWith key: SigningKey, progress: ((Double) -> Void)? = nil)
        throws(X509Error)
    {
        let parts = try signedParts(with: key, progress: progress)
        guard let file = fopen(path, "wb") else {
            throw .invalidValue("cannot create \(path) (errno \(errno))", offset: 0)
        }
        var ok = true
        for part in parts {
            ok = ok && part.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
        }
        ok = fclose(file) == 0 && ok
        guard ok else { throw .invalidValue("cannot write \(path) (errno \(errno))", offset: 0) }
    }

    /// A self-signed CA certificate for `key` that can verify generated CRLs: subject and
    /// issuer `name`, valid 2020–2040, basicConstraints CA, keyUsage keyCertSign and cRLSign,
    /// and a subject key identifier equal to ``CRLBuilder/keyIdentifier(of:)``.
    public static func issuerCertificate(for key: SigningKey, name: DistinguishedName = CRLGenerator.defaultIssuer)
        throws(X509Error) -> Certificate
    {
        let spki = try key.subjectPublicKeyInfo
        let keyIdentifier = CRLBuilder.keyIdentifier(of: spki)
        let extensions = [
            Extension(oid: "2.5.29.19", critical: true, value: [0x30, 0x03, 0x01, 0x01, 0xFF][...]),
            Extension(oid: "2.5.29.15", critical: true, value: [0x03, 0x02, 0x01, 0x06][...]),
            Extension(oid: "2.5.29.14", value: ([0x04, UInt8(keyIdentifier.count)] + keyIdentifier)[...]),
        ]
        let builder = CertificateBuilder(
            serialNumber: [0x01], issuer: name, subject: name,
            notBefore: ASN1Time(secondsSince1970: 1_577_836_800), notAfter: ASN1Time(secondsSince1970: 2_208_988_800),
            subjectPublicKeyInfo: spki, extensions: extensions)
        return try builder.sign(with: key)
    }
}
