import JPKIASN1
import JPKICard
import JPKIPDF
import JPKIX509

/// The My Number Card's signature key as a ``PDFSigner``: the wiring JPKIPDF leaves to the
/// caller (it never imports JPKICard). Each call verifies the signature PIN.
struct CardPDFSigner: PDFSigner {
    let card: MyNumberCard
    let pin: SignaturePIN
    let lastTry: LastTryPolicy

    func certificateChain() async throws -> [Certificate] {
        [try await card.readSignatureCertificate(pin: pin, lastTry: lastTry)]
    }

    func sign(digestInfo: [UInt8]) async throws -> [UInt8] {
        let prefix = DigestAlgorithm.sha256.digestInfoPrefix
        guard digestInfo.count == prefix.count + 32, Array(digestInfo.prefix(prefix.count)) == prefix else {
            throw JPKICardError.invalidArgument("not a SHA-256 DigestInfo")
        }
        let info = try DigestInfo(algorithm: .sha256, digest: Array(digestInfo.suffix(32)))
        return try await card.sign(digestInfo: info, pin: pin, lastTry: lastTry).signature
    }
}
