import JPKIASN1

/// The end of every signed X.509 structure (certificate, CRL): `signatureAlgorithm` and
/// `signatureValue BIT STRING` after the signed part, read once for all of them.
enum SignatureTrailer {
    /// Reads the outer AlgorithmIdentifier and the signature BIT STRING (whole octets), checks
    /// that nothing follows and that the outer algorithm's encoding equals `innerAlgorithm`'s
    /// (RFC 5280 §4.1.1.2 and §5.1.1.2). Returns the algorithm and the signature's content
    /// node (its first octet is the unused-bits octet, 0).
    static func read(
        _ fields: inout DERReader, innerAlgorithm: DERNode?, in reader: DERReader
    ) throws -> (algorithm: AlgorithmIdentifier, signature: DERNode) {
        let outerAlgorithmNode = try fields.peek()
        let outerAlgorithm = try AlgorithmIdentifier(from: &fields)
        let signatureNode = try fields.read(.bitString)
        try fields.finish()
        let signatureContent = fields.content(of: signatureNode)
        try DERContentRules.checkBitString(signatureContent, at: signatureNode.offset)
        guard signatureContent[0] == 0 else { throw DERError(.invalidBitString, at: signatureNode.offset) }
        if let inner = innerAlgorithm, let outer = outerAlgorithmNode {
            let innerBytes = reader.encoding(of: inner)
            let outerBytes = reader.encoding(of: outer)
            guard innerBytes.count == outerBytes.count, memcmpEqual(innerBytes, outerBytes) else {
                throw X509Error.signatureAlgorithmMismatch(offset: outer.offset)
            }
        }
        return (outerAlgorithm, signatureNode)
    }
}
