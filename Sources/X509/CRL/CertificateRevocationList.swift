import CryptoBackend
import JPKIASN1

/// An X.509 certificate revocation list (v1 or v2, RFC 5280 §5), read strictly and without
/// copying its entries.
///
/// Reading a CRL checks everything but the entries: DER, the version, the two signature
/// algorithms agree, the issuer name, the times (RFC 5280 forms: no fractional seconds), the
/// CRL extensions (each well formed, none twice, none critical that this package does not
/// know, the known ones decoded), and the signature's encoding. The revoked-certificate
/// entries stay where they are in the bytes — an array you hand over, or a memory-mapped file —
/// and are read lazily: by ``makeEntryIterator()`` and ``forEachEntry(_:)``, one at a time and
/// checked as they are read, or all at once by a ``RevocationIndex``.
///
/// ```swift
/// let crl = try CertificateRevocationList(contentsOfFile: "sign_ca.crl")   // memory-mapped
/// guard crl.isSignature(validFor: issuerCertificate) else { … }
/// let index = try RevocationIndex(crl)
/// if let entry = index.lookup(serialNumber: certificate.serialNumber) {
///     print("revoked on \(entry.revocationDate), reason \(entry.reason?.description ?? "none")")
/// }
/// ```
public struct CertificateRevocationList: Sendable {
    /// The CRL versions: v1 (no version field) and v2 (version 1).
    public enum Version: Int, Hashable, Sendable {
        /// Version 1: no version field, no extensions.
        case v1 = 0
        /// Version 2 (`INTEGER 1`): extensions allowed.
        case v2 = 1
    }

    /// The bytes, shared with entries and indexes.
    package let bytes: CRLBytes

    /// The version.
    public let version: Version
    /// The signature algorithm (the outer one, equal to the one inside the signed part).
    public let signatureAlgorithm: AlgorithmIdentifier
    /// The issuer's name.
    public let issuer: DistinguishedName
    /// When this CRL was issued.
    public let thisUpdate: ASN1Time
    /// When the next CRL will be issued at the latest, when given.
    public let nextUpdate: ASN1Time?
    /// The CRL extensions, in order (empty for v1). Typed accessors of ``Extensions`` (the
    /// authority key identifier, issuer alternative names, authority information access…)
    /// apply; the CRL-specific ones are decoded below.
    public let extensions: Extensions
    /// The CRL number extension (RFC 5280 §5.2.3): a non-negative INTEGER of at most 20
    /// octets, as content octets.
    public let crlNumber: ASN1Integer?
    /// The delta CRL indicator extension (§5.2.4): the number of the base CRL this delta CRL
    /// updates. `nil` for a complete CRL.
    public let deltaCRLIndicator: ASN1Integer?
    /// The issuing distribution point extension (§5.2.5).
    public let issuingDistributionPoint: IssuingDistributionPoint?
    /// The keyIdentifier of the authority key identifier extension (§5.2.1): the issuer's
    /// subject key identifier, to pick the issuer certificate among several with one name.
    public let authorityKeyIdentifier: [UInt8]?
    /// The signature value's octets.
    public let signature: [UInt8]

    /// Where the signed part (TBSCertList, header included) lies in the bytes.
    package let tbsRange: Range<Int>
    /// The content of the revokedCertificates SEQUENCE (empty when the field is absent).
    package let entriesRange: Range<Int>

    /// The size of the CRL's DER encoding in bytes.
    public var byteCount: Int { bytes.count }

    /// Whether the CRL has a revokedCertificates list (it may still be empty).
    public var hasEntries: Bool { !entriesRange.isEmpty }

    /// The size in bytes of the revokedCertificates list's content.
    public var entriesByteCount: Int { entriesRange.count }

    /// A copy of the whole DER encoding.
    public var derEncoded: [UInt8] { bytes.copy(0..<bytes.count) }

    /// A copy of the signed part (TBSCertList).
    public var tbsCertListBytes: [UInt8] { bytes.copy(tbsRange) }

    // MARK: Reading

    /// Reads a CRL from DER. The array is kept, not copied.
    ///
    /// - Throws: ``X509Error`` naming the rule broken and the byte offset.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        try self.init(bytes: CRLBytes(bytes))
    }

    /// Reads the first `X509 CRL` document of PEM text.
    public init(pemEncoded text: String) throws(X509Error) {
        try self.init(derEncoded: try Self.pemDocument(Array(text.utf8)))
    }

    /// Reads the first `X509 CRL` document of PEM text given as its bytes.
    package init(pemEncoded text: [UInt8]) throws(X509Error) {
        try self.init(derEncoded: try Self.pemDocument(text))
    }

    private static func pemDocument(_ text: [UInt8]) throws(X509Error) -> [UInt8] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseAll(bytes: text)
        } catch {
            throw .malformed(error)
        }
        guard let document = documents.first(where: { $0.label == "X509 CRL" }) else {
            throw .malformed(DERError(.invalidPEM("no X509 CRL document"), at: 0))
        }
        return document.der
    }

    /// The fields of a TBSCertList found by ``parse(_:)``.
    private struct Parsed {
        var version = Version.v1
        var signatureAlgorithm = AlgorithmIdentifier(algorithm: .sha256WithRSAEncryption)
        var issuer: [UInt8] = []
        var thisUpdate = ASN1Time(secondsSince1970: 0)
        var nextUpdate: ASN1Time?
        var extensionsRange: Range<Int>?
        var signature: [UInt8] = []
        var tbsRange = 0..<0
        var entriesRange = 0..<0
    }

    package init(bytes: CRLBytes) throws(X509Error) {
        let parsed = try bytes.withUnsafeBytes { raw throws(X509Error) in try Self.parse(raw) }
        self.bytes = bytes
        version = parsed.version
        signatureAlgorithm = parsed.signatureAlgorithm
        do {
            issuer = try DistinguishedName(derEncoded: parsed.issuer)
        } catch {
            throw .malformed(error)
        }
        thisUpdate = parsed.thisUpdate
        nextUpdate = parsed.nextUpdate
        signature = parsed.signature
        tbsRange = parsed.tbsRange
        entriesRange = parsed.entriesRange

        // The CRL extensions: copied (they are small) so that they outlive a mapping.
        var extensions = Extensions([])
        var extensionsOffset = 0
        if let range = parsed.extensionsRange {
            extensionsOffset = range.lowerBound
            extensions = try Self.readExtensions(bytes.copy(range)).mapError {
                CRLErrors.rebase($0, by: range.lowerBound)
            }.get()
        }
        self.extensions = extensions
        var crlNumber: ASN1Integer?
        var delta: ASN1Integer?
        var distributionPoint: IssuingDistributionPoint?
        var keyIdentifier: [UInt8]?
        for item in extensions {
            let value = Array(item.value)
            do {
                switch item.oid {
                case ExtensionID.crlNumber:
                    crlNumber = try Self.crlNumber(value)
                case ExtensionID.deltaCRLIndicator:
                    delta = try Self.crlNumber(value)
                case ExtensionID.issuingDistributionPoint:
                    distributionPoint = try IssuingDistributionPoint(derEncoded: value)
                case ExtensionID.authorityKeyIdentifier:
                    keyIdentifier = try Self.authorityKeyIdentifier(value)
                case ExtensionID.issuerAltName, ExtensionID.authorityInfoAccess, ExtensionID.freshestCRL:
                    break
                default:
                    if item.critical {
                        throw X509Error.invalidValue(
                            "unrecognized critical CRL extension \(item.oid)", offset: extensionsOffset)
                    }
                }
            } catch let error as DERError {
                throw .invalidExtension(item.oid, error)
            } catch let error as X509Error {
                throw error
            } catch {
                throw .invalidValue("\(error)", offset: extensionsOffset)
            }
        }
        self.crlNumber = crlNumber
        self.deltaCRLIndicator = delta
        self.issuingDistributionPoint = distributionPoint
        self.authorityKeyIdentifier = keyIdentifier
    }

    /// Reads `Extensions` from `copy` (the SEQUENCE's encoding), rejecting an OID seen twice.
    private static func readExtensions(_ copy: [UInt8]) -> Result<Extensions, X509Error> {
        copy.withUnsafeBytes { raw in
            let reader: DERReader
            let node: DERNode
            do throws(DERError) {
                var outer = try DERReader(unsafeBytes: raw)
                node = try outer.readAny()
                try outer.finish()
                reader = outer
            } catch {
                return .failure(.malformed(error))
            }
            do throws(X509Error) {
                return .success(try Extensions.read(node: node, in: reader, bytes: copy[...]))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Reads everything but the entries' content.
    private static func parse(_ raw: UnsafeRawBufferPointer) throws(X509Error) -> Parsed {
        var parsed = Parsed()
        do {
            var reader = try DERReader(unsafeBytes: raw)
            let listNode = try reader.read(.sequence)
            try reader.finish()
            var list = try reader.children(of: listNode)
            let tbsNode = try list.read(.sequence)
            parsed.tbsRange = tbsNode.encodedRange
            var tbs = try list.children(of: tbsNode)

            // version Version OPTIONAL -- if present, MUST be v2
            if let versionNode = try tbs.readIfPresent(.integer) {
                let number = try tbs.integer(versionNode, as: Int.self)
                guard number == Version.v2.rawValue else {
                    throw X509Error.unsupportedVersion(number, offset: versionNode.offset)
                }
                parsed.version = .v2
            }
            let innerAlgorithmNode = try tbs.peek()
            parsed.signatureAlgorithm = try AlgorithmIdentifier(from: &tbs)
            let issuerNode = try tbs.read(.sequence)
            try DistinguishedName.validate(issuerNode, in: tbs)
            parsed.issuer = Array(tbs.encoding(of: issuerNode))
            parsed.thisUpdate = try Self.readTime(&tbs)
            if let next = try tbs.peek(), next.tag == .utcTime || next.tag == .generalizedTime {
                parsed.nextUpdate = try Self.readTime(&tbs)
            }
            if let entries = try tbs.readIfPresent(.sequence) {
                parsed.entriesRange = entries.contentRange
            }
            if let wrapper = try tbs.readIfPresent(.contextSpecific(0, constructed: true)) {
                guard parsed.version == .v2 else {
                    throw X509Error.invalidValue("crlExtensions in a v1 CRL", offset: wrapper.offset)
                }
                var inner = try tbs.children(of: wrapper)
                let node = try inner.read(.sequence)
                try inner.finish()
                parsed.extensionsRange = node.encodedRange
            }
            try tbs.finish()

            let (outerAlgorithm, signatureNode) = try SignatureTrailer.read(
                &list, innerAlgorithm: innerAlgorithmNode, in: reader)
            let signatureContent = list.content(of: signatureNode)
            parsed.signatureAlgorithm = outerAlgorithm
            parsed.signature = Array(signatureContent[1...])
        } catch let error as X509Error {
            throw error
        } catch let error as DERError {
            throw .malformed(error)
        } catch {
            throw .invalidValue("\(error)", offset: 0)
        }
        return parsed
    }

    /// Reads a Time (UTCTime or GeneralizedTime) in RFC 5280's form: GeneralizedTime without
    /// fractional seconds.
    static func readTime(_ reader: inout DERReader) throws(DERError) -> ASN1Time {
        let node = try reader.readAny()
        return try Self.time(node, in: reader)
    }

    /// Decodes the Time at `node` (see ``readTime(_:)``).
    static func time(_ node: DERNode, in reader: DERReader) throws(DERError) -> ASN1Time {
        guard node.tag == .utcTime || node.tag == .generalizedTime else {
            throw DERError(.unexpectedTag(expected: .utcTime, found: node.tag), at: node.offset)
        }
        // RFC 5280 §4.1.2.5.2, §5.1.2.4: GeneralizedTime values MUST NOT include fractional
        // seconds.
        if node.tag == .generalizedTime && node.contentLength != 15 { throw DERError(.invalidTime, at: node.offset) }
        return try ASN1Time(content: reader.content(of: node), tag: node.tag, at: node.offset)
    }

    /// A CRLNumber or BaseCRLNumber: `INTEGER (0..MAX)`, at most 20 octets of magnitude.
    private static func crlNumber(_ value: [UInt8]) throws(DERError) -> ASN1Integer {
        let number = try DER.parse(ASN1Integer.self, from: value)
        guard !number.isNegative, number.magnitude.count <= 20 else { throw DERError(.integerOverflow, at: 0) }
        return number
    }

    /// The keyIdentifier of an AuthorityKeyIdentifier, after checking its structure:
    /// `SEQUENCE { [0] KeyIdentifier OPTIONAL, [1] GeneralNames OPTIONAL, [2] INTEGER OPTIONAL }`.
    private static func authorityKeyIdentifier(_ value: [UInt8]) throws(DERError) -> [UInt8]? {
        try DER.withReader(value) { reader throws(DERError) -> [UInt8]? in
            try reader.readSequence { fields throws(DERError) -> [UInt8]? in
                var keyIdentifier: [UInt8]?
                if let node = try fields.readIfPresent(.contextSpecific(0, constructed: false)) {
                    keyIdentifier = Array(fields.content(of: node))
                }
                if let node = try fields.readIfPresent(.contextSpecific(1, constructed: true)) {
                    var names = try fields.children(of: node)
                    var count = 0
                    while let element = try names.next() {
                        _ = try GeneralName(node: element, in: names, bytes: value[...])
                        count += 1
                    }
                    guard count > 0 else { throw DERError(.missingElement(expected: .sequence), at: node.offset) }
                }
                if let node = try fields.readIfPresent(.contextSpecific(2, constructed: false)) {
                    try DERContentRules.checkInteger(fields.content(of: node), at: node.offset)
                }
                return keyIdentifier
            }
        }
    }

    // MARK: Signature

    /// Whether the CRL's signature verifies with `issuer`'s public key (RSA PKCS #1 v1.5 with
    /// SHA-1/224/256/384/512, or RSASSA-PSS: the same algorithms as certificates). The signed part is hashed where it lies, without a
    /// copy; a memory-mapped CRL is read once from the file.
    ///
    /// The issuer's name is not compared with ``issuer``: path validation does that.
    public func isSignature(validFor issuer: Certificate) -> Bool {
        guard let key = try? PublicKey(issuer.subjectPublicKeyInfo) else { return false }
        return isSignature(validFor: key)
    }

    /// Whether the CRL's signature verifies with `key`, an issuer's key already parsed.
    public func isSignature(validFor key: PublicKey) -> Bool {
        let valid = bytes.withUnsafeBytes { raw in
            key.isValidSignature(
                signature, forBytes: UnsafeRawBufferPointer(rebasing: raw[tbsRange]), algorithm: signatureAlgorithm)
        }
        bytes.release(tbsRange)
        return valid
    }

    // MARK: Entries

    /// An iterator over the entries, reading and checking each as it goes (see
    /// ``CRLEntryIterator``).
    public func makeEntryIterator() -> CRLEntryIterator {
        CRLEntryIterator(crl: self)
    }

    /// Calls `body` for each entry in order, reading and checking each as it goes.
    ///
    /// - Throws: the first ``X509Error`` of a malformed entry, or `body`'s.
    public func forEachEntry(_ body: (CRLEntry) throws(X509Error) -> Void) throws(X509Error) {
        var iterator = makeEntryIterator()
        while let entry = try iterator.next() { try body(entry) }
    }

    /// Every entry, read and checked (for small CRLs: a million entries make a million values).
    ///
    /// - Throws: the first ``X509Error`` of a malformed entry.
    public func entries() throws(X509Error) -> [CRLEntry] {
        var result: [CRLEntry] = []
        var iterator = makeEntryIterator()
        while let entry = try iterator.next() { result.append(entry) }
        return result
    }

    /// Reads and checks every entry without keeping any, and returns how many there are.
    ///
    /// - Throws: the first ``X509Error`` of a malformed entry, including an unrecognized
    ///   critical entry extension (RFC 5280 §5.3: such a CRL must not be used).
    public func validateEntries() throws(X509Error) -> Int {
        var count = 0
        var iterator = makeEntryIterator()
        while let entry = try iterator.next() {
            if let oid = entry.unrecognizedCriticalExtension {
                throw .invalidValue("unrecognized critical CRL entry extension \(oid)", offset: entry.offset)
            }
            count += 1
        }
        return count
    }

    /// The entry that starts at `offset` in the CRL's bytes (an offset a ``RevocationIndex``
    /// reports), or `nil` when no valid entry starts there.
    public func entry(atOffset offset: Int) -> CRLEntry? {
        guard entriesRange.contains(offset) else { return nil }
        return bytes.withUnsafeBytes { raw -> CRLEntry? in
            guard var list = try? CRLEntryIterator.listReader(raw, range: offset..<entriesRange.upperBound),
                let node = try? list.next()
            else { return nil }
            return try? CRLEntry.decode(node, in: list, crl: self)
        }
    }
}

extension CertificateRevocationList {
    /// The identifiers of the CRL and CRL entry extensions this package reads.
    public enum ExtensionID {
        /// authorityKeyIdentifier, 2.5.29.35
        public static let authorityKeyIdentifier: ASN1ObjectIdentifier = "2.5.29.35"
        /// issuerAltName, 2.5.29.18
        public static let issuerAltName: ASN1ObjectIdentifier = "2.5.29.18"
        /// cRLNumber, 2.5.29.20
        public static let crlNumber: ASN1ObjectIdentifier = "2.5.29.20"
        /// deltaCRLIndicator, 2.5.29.27
        public static let deltaCRLIndicator: ASN1ObjectIdentifier = "2.5.29.27"
        /// issuingDistributionPoint, 2.5.29.28
        public static let issuingDistributionPoint: ASN1ObjectIdentifier = "2.5.29.28"
        /// freshestCRL, 2.5.29.46
        public static let freshestCRL: ASN1ObjectIdentifier = "2.5.29.46"
        /// authorityInfoAccess, 1.3.6.1.5.5.7.1.1
        public static let authorityInfoAccess: ASN1ObjectIdentifier = "1.3.6.1.5.5.7.1.1"
        /// cRLReason (entry), 2.5.29.21
        public static let reasonCode: ASN1ObjectIdentifier = "2.5.29.21"
        /// holdInstructionCode (entry), 2.5.29.23
        public static let holdInstructionCode: ASN1ObjectIdentifier = "2.5.29.23"
        /// invalidityDate (entry), 2.5.29.24
        public static let invalidityDate: ASN1ObjectIdentifier = "2.5.29.24"
        /// certificateIssuer (entry), 2.5.29.29
        public static let certificateIssuer: ASN1ObjectIdentifier = "2.5.29.29"
    }
}
