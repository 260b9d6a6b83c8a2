import Foundation
import JPKICard
import JPKIPDF
import JPKISimulator
import JPKIVerification
import JPKIX509

/// The test PKI and the sample persona's card credentials, made once (key generation is slow).
enum SigningFixtures {
    private static let shared: Result<(TestPKI, CardCredentials), any Error> = Result {
        let pki = try TestPKI()
        return (pki, try CardCredentials(issuingFor: .sample, pki: pki, at: TestPKI.now() - 86_400))
    }

    static var pki: TestPKI { get throws { try shared.get().0 } }
    static var credentials: CardCredentials { get throws { try shared.get().1 } }

    /// A software signer with the signature key and certificate of the sample card.
    static func softwareSigner() throws -> SoftwarePDFSigner {
        let credentials = try credentials
        return SoftwarePDFSigner(key: credentials.signatureKey, chain: [credentials.signatureCertificate])
    }

    /// The test PKI's CRL of the sample persona's municipality for signature certificates.
    static func signatureCRL() throws -> [UInt8] {
        let persona = Persona.sample
        return try pki.crlDER(
            purpose: .signature, prefecture: persona.prefecture, city: persona.city, thisUpdate: TestPKI.now() - 3600)
    }

    /// A verifier anchored at the test PKI's roots; with the signature CRL in hard-fail when asked.
    static func verifier(withCRL: Bool = false, timestampRoots: [Certificate] = []) throws -> PDFSignatureVerifier {
        let pki = try pki
        let anchors = TrustAnchors(custom: [pki.signatureRoot, pki.authenticationRoot])
        var policy = RevocationPolicy.none
        if withCRL {
            let store = CRLStore(anchors: anchors)
            _ = try store.update(derEncoded: try signatureCRL())
            policy = .hardFail(store)
        }
        let timestamps = timestampRoots.isEmpty ? nil : JPKIVerifier(anchors: TrustAnchors(custom: timestampRoots))
        return PDFSignatureVerifier(
            verifier: JPKIVerifier(anchors: anchors, revocation: policy), timestampVerifier: timestamps)
    }
}

/// A ``PDFSigner`` over the simulated My Number Card in this process: the JPKICard client talks
/// APDUs to the simulator, as the CLI does with a card in a reader.
struct SimulatedCardSigner: PDFSigner {
    let card: MyNumberCard
    let pin: SignaturePIN

    static func make() async throws -> SimulatedCardSigner {
        let virtual = try VirtualMyNumberCard(
            persona: .sample, credentials: try SigningFixtures.credentials, pki: try SigningFixtures.pki)
        let card = MyNumberCard(transport: SimulatedCardTransport(card: virtual))
        try await card.connect()
        return SimulatedCardSigner(card: card, pin: try SignaturePIN(Persona.sample.signaturePIN))
    }

    func certificateChain() async throws -> [Certificate] {
        [try await card.readSignatureCertificate(pin: pin)]
    }

    func sign(digestInfo: [UInt8]) async throws -> [UInt8] {
        guard digestInfo.count == 51 else { throw JPKICardError.invalidArgument("not a SHA-256 DigestInfo") }
        let info = try DigestInfo(algorithm: .sha256, digest: Array(digestInfo.suffix(32)))
        return try await card.sign(digestInfo: info, pin: pin).signature
    }
}
