import JPKIASN1
import JPKIX509
import Testing

/// A key prepared for one digest (its OpenSSL verification context set up once and copied for
/// each signature) gives the answers of a key parsed the ordinary way.
@Suite("Prepared public keys")
struct PreparedPublicKeyTests {
    @Test("valid, altered and other-digest signatures: the prepared key answers as the plain key does")
    func sameAnswers() throws {
        let pki = try TestPKI.shared.get()
        let info = pki.signatureRoot.subjectPublicKeyInfo
        let plain = try PublicKey(info)
        let prepared = try PublicKey(info, preparingFor: .sha256)
        let message = Array("to be signed".utf8)
        let sha256 = try pki.signatureRootKey.sign(message, algorithm: .sha256WithRSAEncryption)
        let sha1 = try pki.signatureRootKey.sign(message, algorithm: .sha1WithRSAEncryption)
        var flipped = sha256
        flipped[flipped.count / 2] ^= 0x01
        var otherMessage = message
        otherMessage[0] ^= 0x01
        let cases: [([UInt8], [UInt8], AlgorithmIdentifier, Bool)] = [
            (sha256, message, .sha256WithRSAEncryption, true),
            (flipped, message, .sha256WithRSAEncryption, false),
            (sha256, otherMessage, .sha256WithRSAEncryption, false),
            (Array(sha256.dropLast()), message, .sha256WithRSAEncryption, false),
            ([], message, .sha256WithRSAEncryption, false),
            (sha1, message, .sha256WithRSAEncryption, false),
            (sha1, message, .sha1WithRSAEncryption, true),
            (sha256, message, .sha1WithRSAEncryption, false),
        ]
        for (signature, signed, algorithm, expected) in cases {
            #expect(plain.isValidSignature(signature, for: signed, algorithm: algorithm) == expected)
            #expect(prepared.isValidSignature(signature, for: signed, algorithm: algorithm) == expected)
            // Not contiguous: the bytes are copied first.
            #expect(prepared.isValidSignature(signature.lazy.map { $0 }, for: signed, algorithm: algorithm) == expected)
        }
        // The certificate's own signature, over the TBSCertificate slice.
        let certificate = pki.signatureCertificate
        #expect(
            prepared.isValidSignature(
                certificate.signature, for: certificate.tbsCertificateBytes, algorithm: certificate.signatureAlgorithm))
    }

    @Test("one prepared key verifying from several tasks at once gives every answer right")
    func concurrentUse() async throws {
        let pki = try TestPKI.shared.get()
        let prepared = try PublicKey(pki.signatureRoot.subjectPublicKeyInfo, preparingFor: .sha256)
        let certificate = pki.signatureCertificate
        let signature = Array(certificate.signature)
        let altered = [signature[0] ^ 0x01] + signature.dropFirst()
        let tbs = Array(certificate.tbsCertificateBytes)
        let mistakes = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mistakes = 0
                    for round in 0..<100 {
                        let good = (round + worker) % 3 != 0
                        let answer = prepared.isValidSignature(
                            good ? signature : altered, for: tbs, algorithm: .sha256WithRSAEncryption)
                        if answer != good { mistakes += 1 }
                    }
                    return mistakes
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mistakes == 0)
    }
}
