import JPKIASN1
import JPKICard

extension CardCommand {
    /// Writes or prints a signature and its certificate.
    static func printSignature(_ result: MyNumberCard.Signature, out: String?, certificateOut: String?, json: Bool)
        throws
    {
        if let out { try writeFile(result.signature, to: out) }
        if let certificateOut { try writeFile(Array(certificatePEM(result.certificate).utf8), to: certificateOut) }
        if json {
            printJSON([
                "signature": Hex.encode(result.signature), "digest": result.digestInfo.algorithm.rawValue,
                "digestInfo": Hex.encode(result.digestInfo.encoded), "certificate": certificatePEM(result.certificate),
                "subject": result.certificate.subject.description,
            ])
            return
        }
        print("Signature (\(result.digestInfo.algorithm)): \(Hex.encode(result.signature))")
        print("Certificate: \(result.certificate.subject)")
    }
}
