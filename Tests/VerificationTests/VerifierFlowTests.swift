import CryptoBackend
import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509
import Testing

@testable import JPKIVerification

/// The log-in and document flows, and the report as JSON.
@Suite("JPKIVerifier flows")
struct VerifierFlowTests {
    /// What a My Number Card returns for COMPUTE DIGITAL SIGNATURE over the SHA-256 DigestInfo
    /// of `data`.
    static func cardSignature(_ data: [UInt8], key: SigningKey) throws -> [UInt8] {
        try key.signPaddedDigestInfo(DigestAlgorithm.sha256.digestInfoPrefix + DigestAlgorithm.sha256.hash(data))
    }

    @Test("log-in: the card's signature over the challenge verifies; another challenge does not")
    func authentication() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(
            anchors: h.anchors, revocation: .hardFail(try h.store(purpose: .userAuthentication)))
        let challenge = Array("nonce-1234567890".utf8)
        let signature = try Self.cardSignature(challenge, key: h.leafKey)
        let report = await verifier.verifyAuthentication(
            challenge: challenge, signature: signature, certificate: h.authenticationCertificate,
            at: Hierarchy.nowDate)
        #expect(report.isValid, "\(report.reasons)")
        #expect(report.operation == "authentication")
        #expect(report.inputs.map(\.name) == ["challenge", "signature", "certificate"])
        let other = await verifier.verifyAuthentication(
            challenge: Array("nonce-other".utf8), signature: signature, certificate: h.authenticationCertificate,
            at: Hierarchy.nowDate)
        #expect(other.failures.map(\.code) == ["signature-mismatch"])
    }

    @Test("log-in with a signature certificate is refused: the JPKI kind is wrong")
    func authenticationWithSignatureCertificate() async throws {
        let h = try Hierarchy.shared()
        let challenge = Array("nonce".utf8)
        let report = await JPKIVerifier(anchors: h.anchors).verifyAuthentication(
            challenge: challenge, signature: try Self.cardSignature(challenge, key: h.leafKey),
            certificate: h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(report.failures.map(\.code) == ["policy-mismatch"])
    }

    @Test("document: a valid signature returns the signer's basic 4 information")
    func documentSignature() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(try h.store()))
        let document = Array("契約書 v1".utf8)
        let signature = try Self.cardSignature(document, key: h.leafKey)
        let result = await verifier.verifySignature(
            of: document, signature: signature, certificate: h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(result.isValid, "\(result.report.reasons)")
        #expect(result.signer?.name == Persona.sample.name)
        #expect(result.signer?.address == Persona.sample.address)
        let tampered = await verifier.verifySignature(
            of: document + [0x20], signature: signature, certificate: h.signatureCertificate, at: Hierarchy.nowDate)
        #expect(!tampered.isValid)
        #expect(tampered.signer == nil)
    }

    @Test("the report round-trips through JSON and names every check")
    func reportJSON() async throws {
        let h = try Hierarchy.shared()
        let verifier = JPKIVerifier(anchors: h.anchors, revocation: .hardFail(try h.store()))
        let report = await verifier.verifyCertificate(h.signatureCertificate, at: Hierarchy.nowDate)
        let data = try report.jsonData()
        let decoded = try JSONDecoder().decode(VerificationReport.self, from: data)
        #expect(decoded == report)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"verdict\" : \"valid\"", "\"crlNumber\"", "\"thisUpdate\"", "\"validationTime\"", "\"sha256\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        let names = Set(report.checks.map(\.name))
        #expect(
            names.isSuperset(of: [
                .trustAnchor, .signature, .nameChaining, .validity, .criticalExtensions, .basicConstraints,
                .issuerKeyUsage, .jpkiPolicy, .leafKeyUsage, .revocation,
            ]))
    }

    @Test("RSASSA-PSS signatures over data verify")
    func pss() async throws {
        let h = try Hierarchy.shared()
        let data = Array("pss data".utf8)
        let key = try RSAPrivateKey(derEncoded: h.leafKey.pkcs8DER)
        let signature = try key.sign(message: data, digest: .sha256, padding: .pss(mgf1: .sha256, saltLength: 32))
        let algorithm = try Self.pssAlgorithm(saltLength: 32)
        let info = try h.leafKey.subjectPublicKeyInfo
        #expect(SignatureChecker.check(signature: signature, message: data, algorithm: algorithm, key: info) == .valid)
        #expect(
            SignatureChecker.check(signature: signature, message: data + [0], algorithm: algorithm, key: info)
                == .invalid)
        // A signature of any length but the modulus's is invalid before any arithmetic.
        for altered in [[0] + signature, Array(signature.dropFirst()), [0x01]] {
            #expect(
                SignatureChecker.check(signature: altered, message: data, algorithm: algorithm, key: info) == .invalid)
        }
    }

    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a salt of `saltLength` bytes.
    static func pssAlgorithm(saltLength: Int) throws -> AlgorithmIdentifier {
        var writer = DERWriter()
        writer.writeSequence { params in
            params.writeConstructed(.contextSpecific(0, constructed: true)) { hash in
                hash.writeSequence { $0.serialize(ASN1ObjectIdentifier.sha256) }
            }
            params.writeConstructed(.contextSpecific(1, constructed: true)) { mask in
                mask.writeSequence { mgf in
                    mgf.serialize(ASN1ObjectIdentifier.mgf1)
                    mgf.writeSequence { $0.serialize(ASN1ObjectIdentifier.sha256) }
                }
            }
            params.serialize(saltLength, explicitTag: .contextSpecific(2, constructed: true))
        }
        return AlgorithmIdentifier(algorithm: .rsassaPSS, parameters: try ASN1Element(encoded: writer.bytes))
    }

    @Test(
        "RSASSA-PSS salt lengths a certificate, CRL, OCSP response or CMS may declare: 2^32, Int64.max, -1, -2 (OpenSSL's any salt), 2049 (longer than a 16384-bit modulus): unsupported, never a trap",
        arguments: [1 << 32, Int.max, -1, -2, 2049])
    func pssSaltOutOfRange(_ saltLength: Int) throws {
        let h = try Hierarchy.shared()
        let data = Array("pss data".utf8)
        let key = try RSAPrivateKey(derEncoded: h.leafKey.pkcs8DER)
        let signature = try key.sign(message: data, digest: .sha256, padding: .pss(mgf1: .sha256, saltLength: 32))
        let info = try h.leafKey.subjectPublicKeyInfo
        let algorithm = try Self.pssAlgorithm(saltLength: saltLength)
        #expect(
            SignatureChecker.check(signature: signature, message: data, algorithm: algorithm, key: info)
                == .unsupportedAlgorithm)
        // The backend refuses such a length by itself too, for a caller that skips the parser.
        let publicKey = try RSAPublicKey(subjectPublicKeyInfo: Array(info.derEncoded))
        let verified = data.withUnsafeBytes {
            publicKey.verify(
                signature: signature, message: $0, digest: .sha256, padding: .pss(mgf1: .sha256, saltLength: saltLength)
            )
        }
        #expect(!verified)
    }

    @Test("SHA-224 PKCS #1 v1.5 signatures verify")
    func sha224() throws {
        let h = try Hierarchy.shared()
        let data = Array("sha224".utf8)
        let key = try RSAPrivateKey(derEncoded: h.leafKey.pkcs8DER)
        let signature = try key.sign(message: data, digest: .sha224)
        let algorithm = AlgorithmIdentifier(
            algorithm: "1.2.840.113549.1.1.14", parameters: try ASN1Element(encoded: [5, 0]))
        let info = try h.leafKey.subjectPublicKeyInfo
        #expect(SignatureChecker.check(signature: signature, message: data, algorithm: algorithm, key: info) == .valid)
    }
}
