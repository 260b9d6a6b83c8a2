import JPKIASN1
import JPKIX509

/// The entries of an indirect CRL (RFC 5280 §5.2.5 indirectCRL, §5.3.3 certificateIssuer),
/// indexed by certificate issuer and serial number: an entry belongs to the issuer its
/// certificateIssuer extension names, or to the previous entry's issuer (the CRL's issuer for
/// the first entries). ``JPKIRevocationIndex/RevocationIndex`` indexes by serial number alone,
/// so indirect CRLs take this path; they are small in practice (the JPKI publishes none).
struct IndirectCRLEntries: Sendable {
    /// A certificate issuer's name (DER) and a serial number's content octets.
    struct Key: Hashable, Sendable {
        var issuer: [UInt8]
        var serial: [UInt8]
    }

    /// The offset of each entry in the CRL's bytes.
    private let offsets: [Key: Int]
    /// The number of entries.
    let count: Int

    /// Reads and checks every entry of `crl`.
    ///
    /// - Throws: ``CRLStoreError/malformed(_:)`` for a malformed entry or an unrecognized
    ///   critical entry extension; ``CRLStoreError/nonConforming(issuer:_:)`` for a
    ///   certificateIssuer without a directoryName.
    init(_ crl: CertificateRevocationList) throws(CRLStoreError) {
        var offsets: [Key: Int] = [:]
        var issuer = Array(crl.issuer.derEncoded)
        var count = 0
        var iterator = crl.makeEntryIterator()
        while true {
            let next: CRLEntry?
            do {
                next = try iterator.next()
            } catch {
                throw .malformed(error)
            }
            guard let entry = next else { break }
            if let oid = entry.unrecognizedCriticalExtension {
                throw .malformed(
                    .invalidValue("unrecognized critical CRL entry extension \(oid)", offset: entry.offset))
            }
            if let names = entry.certificateIssuer {
                guard
                    let name = names.lazy.compactMap({ name -> DistinguishedName? in
                        if case .directoryName(let directory) = name { return directory }
                        return nil
                    }).first
                else {
                    throw .nonConforming(
                        issuer: crl.issuer, .certificateIssuerWithoutDirectoryName(entryOffset: entry.offset))
                }
                issuer = Array(name.derEncoded)
            }
            let key = Key(issuer: issuer, serial: entry.serialNumber)
            if offsets[key] == nil { offsets[key] = entry.offset }
            count += 1
        }
        self.offsets = offsets
        self.count = count
    }

    /// The offset of the entry of the certificate of `issuer` with `serial` (content octets of
    /// a DER INTEGER, as certificates and entries both hold them), or `nil`.
    func offset(issuer: DistinguishedName, serial: some Collection<UInt8>) -> Int? {
        offsets[Key(issuer: Array(issuer.derEncoded), serial: Array(serial))]
    }
}
