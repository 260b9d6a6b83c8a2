import JPKIASN1

/// One revoked certificate of a CRL: its serial number, when it was revoked, and the entry
/// extensions (reason, invalidity date, certificate issuer, others kept raw).
///
/// An entry is a position in the CRL's bytes plus its decoded dates and reason: reading one
/// copies nothing. ``serialNumber`` and ``extensions`` copy the few bytes they return.
///
/// ```
/// SEQUENCE {
///     userCertificate         CertificateSerialNumber,
///     revocationDate          Time,
///     crlEntryExtensions      Extensions OPTIONAL }
/// ```
public struct CRLEntry: Sendable, CustomStringConvertible {
    /// The CRL's bytes.
    let bytes: CRLBytes
    /// The offset of the entry's SEQUENCE in the CRL's DER.
    public let offset: Int
    /// The length of the entry's encoding.
    public let encodedLength: Int
    /// The serial number's content octets in the CRL.
    let serialRange: Range<Int>
    /// When the certificate was revoked.
    public let revocationDate: ASN1Time
    /// The reasonCode entry extension (RFC 5280 §5.3.1), when present.
    public let reason: RevocationReason?
    /// The invalidityDate entry extension (§5.3.2): when the key is known or suspected to have
    /// been compromised, when present.
    public let invalidityDate: ASN1Time?
    /// The first entry extension marked critical that this package does not know, when there is
    /// one. RFC 5280 §5.3: a CRL with such an entry must not be used to decide revocation, so a
    /// ``RevocationIndex`` and ``CertificateRevocationList/validateEntries()`` reject it; the
    /// iterators surface it here.
    public let unrecognizedCriticalExtension: ASN1ObjectIdentifier?
    /// The encoded range of the crlEntryExtensions SEQUENCE.
    let extensionsRange: Range<Int>?
    /// The content of the certificateIssuer extension's OCTET STRING.
    let certificateIssuerRange: Range<Int>?

    /// The serial number's content octets (two's complement, minimal), as in
    /// ``Certificate/serialNumber``.
    public var serialNumber: [UInt8] { bytes.copy(serialRange) }

    /// The serial number as OpenSSL prints it: upper-case hexadecimal of the magnitude (a sign
    /// octet `00` dropped), `-` before a negative value.
    public var serialNumberHex: String { SerialNumbers.hex(serialNumber) }

    /// The serial number's value when it is non-negative and below 2⁶⁴, else `nil`.
    public var serialNumberValue: UInt64? {
        bytes.withUnsafeBytes { raw in
            SerialNumbers.shortValue(UnsafeRawBufferPointer(rebasing: raw[serialRange]))
        }
    }

    /// The entry extensions in order (copies of their bytes).
    public var extensions: [Extension] {
        guard let range = extensionsRange else { return [] }
        let copy = bytes.copy(range)
        let list: [Extension]? = try? DER.withReader(copy) { reader throws(DERError) in
            var result: [Extension] = []
            var elements = try reader.children(of: try reader.read(.sequence))
            while let element = try elements.next() {
                result.append(try Extension(node: element, in: elements, bytes: copy[...]))
            }
            return result
        }
        return list ?? []
    }

    /// The certificateIssuer entry extension (§5.3.3, indirect CRLs): who issued this entry's
    /// certificate and those that follow, when present.
    public var certificateIssuer: [GeneralName]? {
        guard let range = certificateIssuerRange else { return nil }
        return try? Self.generalNames(bytes.copy(range))
    }

    /// A copy of the entry's DER.
    public var derEncoded: [UInt8] { bytes.copy(offset..<(offset + encodedLength)) }

    /// Serial, date and reason on one line.
    public var description: String {
        "CRLEntry(serial: \(serialNumberHex), revoked: \(revocationDate)"
            + (reason.map { ", reason: \($0)" } ?? "") + ")"
    }

    // MARK: Decoding

    /// The fields of an entry, checked.
    package struct Fields {
        package var serial: DERNode
        package var revocationDate: ASN1Time
        package var reason: RevocationReason?
        package var invalidityDate: ASN1Time?
        package var extensions: DERNode?
        package var certificateIssuer: Range<Int>?
        package var unrecognizedCriticalExtension: ASN1ObjectIdentifier?
    }

    /// Reads the entry at `node` (an element of `list`, the revokedCertificates reader) and
    /// builds the value.
    static func decode(_ node: DERNode, in list: DERReader, crl: CertificateRevocationList) throws(X509Error)
        -> CRLEntry
    {
        let fields = try decodeFields(node, in: list, version: crl.version)
        return CRLEntry(
            bytes: crl.bytes, offset: node.offset, encodedLength: node.encodedLength,
            serialRange: fields.serial.contentRange, revocationDate: fields.revocationDate, reason: fields.reason,
            invalidityDate: fields.invalidityDate, unrecognizedCriticalExtension: fields.unrecognizedCriticalExtension,
            extensionsRange: fields.extensions?.encodedRange, certificateIssuerRange: fields.certificateIssuer)
    }

    /// Reads and checks the entry at `node` without allocating (except for a certificateIssuer
    /// extension, whose names are decoded from a copy).
    ///
    /// Checks: DER; a minimal INTEGER serial; a Time in RFC 5280's form; extensions, when
    /// present, non-empty, well formed, none twice, only in a v2 CRL; reasonCode an
    /// ENUMERATED CRLReason (0–10 but 7); invalidityDate a GeneralizedTime without fractional
    /// seconds; certificateIssuer non-empty GeneralNames; holdInstructionCode an OID.
    package static func decodeFields(_ node: DERNode, in list: DERReader, version: CertificateRevocationList.Version)
        throws(X509Error) -> Fields
    {
        do {
            guard node.tag == .sequence else {
                throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
            }
            var reader = try list.children(of: node)
            let serial = try reader.read(.integer)
            try DERContentRules.checkInteger(reader.content(of: serial), at: serial.offset)
            let date = try CertificateRevocationList.readTime(&reader)
            var fields = Fields(serial: serial, revocationDate: date)
            if let extensions = try reader.next() {
                try decodeExtensions(extensions, in: reader, into: &fields)
                guard version == .v2 else {
                    throw X509Error.invalidValue("crlEntryExtensions in a v1 CRL", offset: extensions.offset)
                }
                fields.extensions = extensions
            }
            try reader.finish()
            return fields
        } catch {
            throw CRLErrors.wrap(error, offset: node.offset)
        }
    }

    private static func decodeExtensions(_ node: DERNode, in reader: DERReader, into fields: inout Fields) throws {
        guard node.tag == .sequence else {
            throw DERError(.unexpectedTag(expected: .sequence, found: node.tag), at: node.offset)
        }
        var list = try reader.children(of: node)
        guard !list.isAtEnd else { throw DERError(.missingElement(expected: .sequence), at: node.contentOffset) }
        var count = 0
        var seen = Set<ASN1ObjectIdentifier>()
        while let element = try list.next() {
            guard element.tag == .sequence else {
                throw DERError(.unexpectedTag(expected: .sequence, found: element.tag), at: element.offset)
            }
            var parts = try list.children(of: element)
            let oidNode = try parts.read(.objectIdentifier)
            let oid = parts.content(of: oidNode)
            try DERContentRules.checkObjectIdentifier(oid, at: oidNode.offset)
            var critical = false
            if let flag = try parts.readIfPresent(.boolean) {
                // DER: the DEFAULT FALSE is never encoded.
                guard try Bool(derNode: flag, in: parts) else { throw DERError(.invalidBoolean, at: flag.offset) }
                critical = true
            }
            let value = try parts.read(.octetString)
            try parts.finish()
            // No OID twice: the first few are compared with the ones before them (no
            // allocation), the rest through a set (no quadratic time on hostile input).
            count += 1
            if count <= 8 {
                var earlier = try reader.children(of: node)
                while let previous = try earlier.next(), previous.offset < element.offset {
                    var previousParts = try earlier.children(of: previous)
                    let previousOID = try previousParts.read(.objectIdentifier)
                    if earlier.content(of: previousOID).elementsEqual(oid) {
                        throw X509Error.duplicateExtension(
                            ASN1ObjectIdentifier(validatedContent: oid), offset: element.offset)
                    }
                }
            } else {
                if seen.isEmpty {
                    var earlier = try reader.children(of: node)
                    while let previous = try earlier.next(), previous.offset < element.offset {
                        var previousParts = try earlier.children(of: previous)
                        seen.insert(try previousParts.decode(ASN1ObjectIdentifier.self))
                    }
                }
                guard seen.insert(ASN1ObjectIdentifier(validatedContent: oid)).inserted else {
                    throw X509Error.duplicateExtension(
                        ASN1ObjectIdentifier(validatedContent: oid), offset: element.offset)
                }
            }
            let id = ExtensionIDs.self
            do {
                if id.reasonCode.matches(content: oid) {
                    var inner = try parts.encapsulated(in: value)
                    let code = try inner.read(.enumerated)
                    try inner.finish()
                    let number = try inner.integer(code, as: Int.self, tag: .enumerated)
                    guard let reason = RevocationReason(rawValue: number) else {
                        throw X509Error.invalidValue("reason code \(number) is not a CRLReason", offset: code.offset)
                    }
                    fields.reason = reason
                } else if id.invalidityDate.matches(content: oid) {
                    var inner = try parts.encapsulated(in: value)
                    let time = try inner.read(.generalizedTime)
                    try inner.finish()
                    fields.invalidityDate = try CertificateRevocationList.time(time, in: inner)
                } else if id.certificateIssuer.matches(content: oid) {
                    _ = try generalNames(Array(parts.content(of: value)), base: value.contentOffset)
                    fields.certificateIssuer = value.contentRange
                } else if id.holdInstructionCode.matches(content: oid) {
                    var inner = try parts.encapsulated(in: value)
                    _ = try inner.decode(ASN1ObjectIdentifier.self)
                    try inner.finish()
                } else if critical && fields.unrecognizedCriticalExtension == nil {
                    fields.unrecognizedCriticalExtension = ASN1ObjectIdentifier(validatedContent: oid)
                }
            } catch let error as DERError {
                throw X509Error.invalidExtension(ASN1ObjectIdentifier(validatedContent: oid), error)
            }
        }
    }

    /// Decodes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`; offsets in errors are
    /// moved by `base`.
    package static func generalNames(_ value: [UInt8], base: Int = 0) throws(DERError) -> [GeneralName] {
        do {
            return try DER.withReader(value) { reader throws(DERError) in
                let node = try reader.readAny()
                try reader.finish()
                return try GeneralName.sequence(node: node, in: reader, bytes: value[...])
            }
        } catch {
            throw DERError(error.rule, at: error.offset + base)
        }
    }

    /// The OIDs of the entry extensions, for matching content octets without allocating.
    private typealias ExtensionIDs = CertificateRevocationList.ExtensionID
}

/// Iterates over a CRL's entries, reading and checking each as it goes.
///
/// `next()` throws the ``X509Error`` of a malformed entry; after an error the iterator is
/// finished. It holds the CRL (and so its bytes or mapping), not a pointer.
///
/// ```swift
/// var iterator = crl.makeEntryIterator()
/// while let entry = try iterator.next() { print(entry.serialNumberHex, entry.revocationDate) }
/// ```
public struct CRLEntryIterator: Sendable {
    let crl: CertificateRevocationList
    var position: Int

    init(crl: CertificateRevocationList) {
        self.crl = crl
        self.position = crl.entriesRange.lowerBound
    }

    /// The next entry, or `nil` after the last.
    ///
    /// - Throws: ``X509Error`` for a malformed entry.
    public mutating func next() throws(X509Error) -> CRLEntry? {
        let end = crl.entriesRange.upperBound
        guard position < end else { return nil }
        let start = position
        position = end  // finished, unless the entry reads
        let crl = self.crl
        let entry = try crl.bytes.withUnsafeBytes { raw throws(X509Error) -> CRLEntry in
            var list: DERReader
            let node: DERNode
            do throws(DERError) {
                list = try Self.listReader(raw, range: start..<end)
                node = try list.readAny()
            } catch {
                throw .malformed(error)
            }
            return try CRLEntry.decode(node, in: list, crl: crl)
        }
        position = entry.offset + entry.encodedLength
        return entry
    }

    /// A reader over the elements in `range` of `raw` (offsets from the start of `raw`).
    package static func listReader(_ raw: UnsafeRawBufferPointer, range: Range<Int>) throws(DERError) -> DERReader {
        try DERReader(unsafeBytes: raw).children(in: range)
    }
}
