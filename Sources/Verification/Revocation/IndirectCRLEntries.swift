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
    /// The certificate issuers the entries name (the CRL's issuer first).
    private let names: [DistinguishedName]
    /// ``names`` by ``JPKIX509/DistinguishedName/matchingKey``, for the certificates that name
    /// their issuer in another encoding than the CRL (RFC 5280 §7.1).
    private let issuerNames: [String: [DistinguishedName]]
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
        var issuers = [crl.issuer]
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
                if !issuers.contains(name) { issuers.append(name) }
            }
            let key = Key(issuer: issuer, serial: entry.serialNumber)
            if offsets[key] == nil { offsets[key] = entry.offset }
            count += 1
        }
        self.offsets = offsets
        self.count = count
        names = issuers
        issuerNames = Dictionary(grouping: issuers, by: \.matchingKey)
    }

    /// The offset of the entry of the certificate of `issuer` with `serial` (content octets of
    /// a DER INTEGER, as certificates and entries both hold them), or `nil`. The issuer is
    /// compared as RFC 5280 §7.1 says; by its bytes first.
    func offset(issuer: DistinguishedName, serial: some Collection<UInt8>) -> Int? {
        let serial = Array(serial)
        if let offset = offsets[Key(issuer: Array(issuer.derEncoded), serial: serial)] { return offset }
        // A name the entries use byte for byte has answered; another may match one of them.
        guard !names.contains(issuer),
            let name = issuerNames[issuer.matchingKey]?.first(where: { $0 != issuer && $0.matches(issuer) })
        else {
            return nil
        }
        return offsets[Key(issuer: Array(name.derEncoded), serial: serial)]
    }
}
