import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

@testable import JPKIVerification

/// ECDSA verification (P-256, P-384, P-521 with ecdsa-with-SHA256/384/512) against keys,
/// signatures, certificates and CMS made by the `openssl` CLI, and the strict refusals:
/// malformed ECDSA-Sig-Value DER, a hash other than the one the OID names, points off the curve,
/// explicit curve parameters, curves outside the three.
@Suite("ECDSA verification", .enabled(if: OpenSSLCLI.available, "needs the openssl command"))
struct ECDSATests {
    static let message = Array("注文書 No. 7: ECDSA\n".utf8)

    static func withDirectory<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        try await CMSTests.withDirectory(body)
    }

    /// A fresh key on `curve` (an openssl name); its SPKI, and `message` signed by `openssl dgst`.
    static func signed(
        _ curve: String, digest: String, message: [UInt8] = message, in directory: URL
    ) throws -> (SubjectPublicKeyInfo, [UInt8]) {
        let key = directory.appendingPathComponent("\(curve).key").path
        try OpenSSLECPKI.openssl(OpenSSLECPKI.generate(curve, out: key))
        let spki = directory.appendingPathComponent("\(curve).spki").path
        try OpenSSLECPKI.openssl(["pkey", "-in", key, "-pubout", "-outform", "DER", "-out", spki])
        let data = try CMSTests.write(message, "message", in: directory)
        let signature = directory.appendingPathComponent("\(curve)-\(digest).sig").path
        try OpenSSLECPKI.openssl(["dgst", "-\(digest)", "-sign", key, "-out", signature, data])
        return (
            try SubjectPublicKeyInfo(derEncoded: [UInt8](try Data(contentsOf: URL(fileURLWithPath: spki)))),
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: signature)))
        )
    }

    static func ecdsa(_ oid: ASN1ObjectIdentifier) -> AlgorithmIdentifier { AlgorithmIdentifier(algorithm: oid) }

    @Test(
        "openssl's ECDSA signatures verify on each curve with each hash; another message or hash does not",
        arguments: [
            ("P-256", "sha256", EllipticCurve.p256), ("P-384", "sha384", .p384), ("P-521", "sha512", .p521),
            ("P-256", "sha512", .p256), ("P-384", "sha256", .p384),
        ])
    func dataSignatures(curve: String, digest: String, expected: EllipticCurve) async throws {
        try await Self.withDirectory { directory in
            let (spki, signature) = try await offPool { try Self.signed(curve, digest: digest, in: directory) }
            let key = try PublicKey(spki)
            #expect(key.ellipticCurve == expected)
            #expect(key.bitLength == expected.bitLength)
            let hash = try #require(DigestAlgorithm(rawValue: digest))
            let algorithm = Self.ecdsa(try #require(hash.ecdsaSignatureAlgorithm))
            #expect(PublicKey.supports(algorithm))
            #expect(key.isValidSignature(signature, for: Self.message, algorithm: algorithm))
            #expect(key.isValidSignature(signature, for: Self.message, digest: hash))
            #expect(key.isValidSignature(signature, digestValue: hash.hash(Self.message), digest: hash))
            #expect(!key.isValidSignature(signature, for: Self.message + [0], algorithm: algorithm))
            // The OID names the hash: the same signature under another ecdsa-with-SHAnnn fails.
            for other in [DigestAlgorithm.sha256, .sha384, .sha512] where other != hash {
                let wrong = Self.ecdsa(try #require(other.ecdsaSignatureAlgorithm))
                #expect(!key.isValidSignature(signature, for: Self.message, algorithm: wrong))
            }
            // An RSA algorithm with an EC key, or parameters on ecdsa-with-SHAnnn (RFC 5758), fail.
            #expect(!key.isValidSignature(signature, for: Self.message, algorithm: .sha256WithRSAEncryption))
            let withNull = AlgorithmIdentifier(
                algorithm: algorithm.algorithm, parameters: try ASN1Element(encoded: [0x05, 0x00]))
            #expect(!key.isValidSignature(signature, for: Self.message, algorithm: withNull))
            #expect(
                SignatureChecker.check(signature: signature, message: Self.message, algorithm: algorithm, key: spki)
                    == .valid)
            #expect(
                SignatureChecker.check(
                    signature: signature, message: Self.message, algorithm: .sha256WithRSAEncryption, key: spki)
                    == .invalid)
        }
    }

    /// `SEQUENCE { INTEGER r, INTEGER s }` with the integers' content octets as given.
    static func sequence(_ r: [UInt8], _ s: [UInt8]) -> [UInt8] {
        let body = [0x02, UInt8(r.count)] + r + [0x02, UInt8(s.count)] + s
        return [0x30, UInt8(body.count)] + body
    }

    @Test("malformed ECDSA-Sig-Value DER is refused before OpenSSL: trailing data, BER lengths, bad integers")
    func malformedSignatures() async throws {
        try await Self.withDirectory { directory in
            let (spki, signature) = try await offPool { try Self.signed("P-256", digest: "sha256", in: directory) }
            let key = try PublicKey(spki)
            let algorithm = Self.ecdsa(.ecdsaWithSHA256)
            #expect(key.isValidSignature(signature, for: Self.message, algorithm: algorithm))
            // r and s, as their DER content octets.
            let (r, s) = try DER.withReader(signature) { reader throws(DERError) in
                try reader.readSequence { fields throws(DERError) in
                    (try fields.decode(ASN1Integer.self).contentBytes, try fields.decode(ASN1Integer.self).contentBytes)
                }
            }
            #expect(Self.sequence(r, s) == signature)
            let magnitudeR = Array(r.drop { $0 == 0 })
            let long: [UInt8] = {
                // The same SEQUENCE with a long-form length (BER, not DER).
                let body = Array(signature.dropFirst(2))
                return [0x30, 0x81, UInt8(body.count)] + body
            }()
            let cases: [(String, [UInt8])] = [
                ("trailing byte", signature + [0x00]),
                ("long-form length", long),
                ("redundant leading zero in r", Self.sequence([0x00] + [0x00] + magnitudeR, s)),
                ("r negative (sign bit, no 00)", Self.sequence([0x80] + magnitudeR.dropFirst(), s)),
                ("r zero", Self.sequence([0x00], s)),
                ("r wider than the order", Self.sequence([0x01] + [UInt8](repeating: 0x11, count: 32), s)),
                ("s missing", [0x30, UInt8(r.count + 2), 0x02, UInt8(r.count)] + r),
                ("raw r || s (not DER)", [UInt8](repeating: 0x11, count: 64)),
                ("empty", []),
            ]
            for (name, bytes) in cases {
                #expect(!key.isValidSignature(bytes, for: Self.message, algorithm: algorithm), "\(name)")
                #expect(
                    !key.isValidSignature(
                        bytes, digestValue: DigestAlgorithm.sha256.hash(Self.message), digest: .sha256),
                    "\(name)")
            }
        }
    }

    @Test("keys refused: a point off the curve, explicit parameters, a curve outside P-256/384/521")
    func refusedKeys() async throws {
        try await Self.withDirectory { directory in
            let (spki, _) = try await offPool { try Self.signed("P-256", digest: "sha256", in: directory) }
            // Off the curve: the last byte of y changed (an uncompressed point of the right size).
            var bytes = Array(spki.derEncoded)
            bytes[bytes.count - 1] ^= 0x01
            let offCurve = try SubjectPublicKeyInfo(derEncoded: bytes)
            #expect(try offCurve.ellipticCurve() == .p256)
            #expect(throws: X509Error.self) { try PublicKey(offCurve) }
            // Explicit curve parameters (specifiedCurve), which RFC 5480 forbids.
            let explicitKey = directory.appendingPathComponent("explicit.key").path
            let explicitSPKI = directory.appendingPathComponent("explicit.spki").path
            try await offPool {
                try OpenSSLECPKI.openssl([
                    "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt",
                    "ec_param_enc:explicit", "-out", explicitKey,
                ])
                try OpenSSLECPKI.openssl([
                    "pkey", "-in", explicitKey, "-pubout", "-outform", "DER", "-out", explicitSPKI,
                ])
            }
            let explicit = try SubjectPublicKeyInfo(
                derEncoded: [UInt8](try Data(contentsOf: URL(fileURLWithPath: explicitSPKI))))
            #expect(throws: X509Error.self) { try PublicKey(explicit) }
            // secp256k1: a named curve, but not one of the three.
            let (k1, k1Signature) = try await offPool { try Self.signed("secp256k1", digest: "sha256", in: directory) }
            #expect(throws: X509Error.self) { try PublicKey(k1) }
            #expect(
                SignatureChecker.check(
                    signature: k1Signature, message: Self.message, algorithm: Self.ecdsa(.ecdsaWithSHA256), key: k1)
                    == .unsupportedAlgorithm)
            // A P-256 point under the P-384 OID.
            let relabelled = try Self.replacing(
                ASN1ObjectIdentifier.prime256v1, with: ASN1ObjectIdentifier.secp384r1, in: Array(spki.derEncoded))
            #expect(throws: X509Error.self) { try PublicKey(try SubjectPublicKeyInfo(derEncoded: relabelled)) }
        }
    }

    /// `bytes` with the DER of one OID replaced by another's (same-length OIDs only are safe;
    /// the SPKI's lengths are rewritten by re-encoding).
    static func replacing(
        _ old: ASN1ObjectIdentifier, with new: ASN1ObjectIdentifier, in bytes: [UInt8]
    ) throws -> [UInt8] {
        let spki = try SubjectPublicKeyInfo(derEncoded: bytes)
        #expect(spki.algorithm.parameters?.encoded == Self.der(old))
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeSequence { algorithm in
                algorithm.serialize(ASN1ObjectIdentifier.idECPublicKey)
                algorithm.serialize(new)
            }
            info.writePrimitive(.bitString, content: [0] + Array(spki.keyBytes))
        }
        return writer.bytes
    }

    @Test(
        "a chain of openssl EC certificates validates (P-384 root, P-256 and P-521 leaves); a changed signature does not",
        arguments: [("P-384", "sha384", "P-256"), ("P-256", "sha256", "P-521"), ("P-521", "sha512", "P-384")])
    func certificateChain(rootCurve: String, rootDigest: String, leafCurve: String) async throws {
        try await Self.withDirectory { directory in
            let pki = try await offPool {
                try OpenSSLECPKI(in: directory, rootCurve: rootCurve, rootDigest: rootDigest, leafCurve: leafCurve)
            }
            let root = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.rootCertificate))
            let leaf = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.leafCertificate))
            #expect(leaf.isSignature(validFor: root))
            #expect(root.isSignature(validFor: root))
            let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]))
            let report = await verifier.verifyCertificate(leaf, at: Date())
            #expect(report.verdict == .valid, "\(report.failures)")
            #expect(report.checks.contains { $0.name == .signature && $0.passed } || report.chain.count == 2)
            // The leaf with the last byte of its signature changed.
            var forged = Array(leaf.derEncoded)
            forged[forged.count - 1] ^= 0x01
            if let tampered = try? Certificate(derEncoded: forged) {
                #expect(!tampered.isSignature(validFor: root))
                let bad = await verifier.verifyCertificate(tampered, at: Date())
                #expect(bad.verdict != .valid)
            }
        }
    }

    @Test("an ECDSA-signed CRL (openssl ca -gencrl): its signature verifies; in hard-fail, good then revoked")
    func revocation() async throws {
        try await Self.withDirectory { directory in
            let pki = try await offPool { try OpenSSLECPKI(in: directory) }
            let root = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.rootCertificate))
            let leaf = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.leafCertificate))
            let anchors = TrustAnchors(custom: [root])
            let good = try await offPool { try pki.crl(revokingLeaf: false) }
            let list = try CertificateRevocationList(derEncoded: good)
            #expect(list.signatureAlgorithm.algorithm == .ecdsaWithSHA384)
            #expect(list.isSignature(validFor: root))
            #expect(!list.isSignature(validFor: leaf))
            let store = CRLStore(anchors: anchors)
            try store.update(derEncoded: good)
            let before = await JPKIVerifier(anchors: anchors, revocation: .hardFail(store)).verifyCertificate(leaf)
            #expect(before.verdict == .valid, "\(before.failures)")
            #expect(before.revocation.first?.status == "good")

            let revoked = CRLStore(anchors: anchors)
            let revokedCRL = try await offPool { try pki.crl(revokingLeaf: true) }
            try revoked.update(derEncoded: revokedCRL)
            let after = await JPKIVerifier(anchors: anchors, revocation: .hardFail(revoked)).verifyCertificate(leaf)
            #expect(after.verdict == .invalid)
            #expect(after.revocation.first?.status == "revoked", "\(after.revocation)")
        }
    }

    @Test(
        "openssl cms -sign with an EC key: detached, attached and without signed attributes verify; tampering fails",
        arguments: ["sha256", "sha384", "sha512"])
    func cms(digest: String) async throws {
        try await Self.withDirectory { directory in
            let pki = try await offPool { try OpenSSLECPKI(in: directory) }
            let root = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.rootCertificate))
            let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]))
            let content = try CMSTests.write(Self.message, "content", in: directory)
            for extra in [[], ["-nodetach"], ["-noattr"]] {
                let out = directory.appendingPathComponent("signed-\(extra.first ?? "detached").p7s").path
                try await offPool {
                    try OpenSSLECPKI.openssl(
                        [
                            "cms", "-sign", "-binary", "-in", content, "-signer", pki.leafCertificate, "-inkey",
                            pki.leafKey, "-md", digest, "-outform", "DER", "-out", out,
                        ] + extra)
                }
                let der = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
                let result = await verifier.verifyCMS(der, detachedContent: Self.message, at: Date())
                #expect(result.report.verdict == .valid, "\(extra) \(digest): \(result.report.failures)")
                let hash = try #require(DigestAlgorithm(rawValue: digest))
                if extra != ["-nodetach"] {
                    // The digest-only path (as a PDF's byte ranges are checked).
                    let byDigest = await verifier.verifyCMS(
                        der, detachedContentDigests: [hash: hash.hash(Self.message)], contentSize: Self.message.count,
                        at: Date())
                    #expect(byDigest.report.verdict == .valid, "\(extra) \(digest): \(byDigest.report.failures)")
                    let tampered = await verifier.verifyCMS(der, detachedContent: Self.message + [0x0A], at: Date())
                    #expect(tampered.report.verdict == .invalid, "\(extra) \(digest)")
                }
            }
        }
    }

    @Test("CMS whose ecdsa-with-SHAnnn differs from its digest algorithm is refused (RFC 5753)")
    func cmsHashMismatch() async throws {
        try await Self.withDirectory { directory in
            let pki = try await offPool { try OpenSSLECPKI(in: directory) }
            let root = try Certificate(derEncoded: try OpenSSLECPKI.der(ofPEM: pki.rootCertificate))
            let verifier = JPKIVerifier(anchors: TrustAnchors(custom: [root]))
            let content = try CMSTests.write(Self.message, "content", in: directory)
            let out = directory.appendingPathComponent("signed.p7s").path
            try await offPool {
                try OpenSSLECPKI.openssl([
                    "cms", "-sign", "-binary", "-in", content, "-signer", pki.leafCertificate, "-inkey", pki.leafKey,
                    "-md", "sha256", "-outform", "DER", "-out", out,
                ])
            }
            var der = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
            // ecdsa-with-SHA256 (…04 03 02) as the signer's signature algorithm → ecdsa-with-SHA384.
            let sha256 = Self.der(ASN1ObjectIdentifier.ecdsaWithSHA256)
            let sha384 = Self.der(ASN1ObjectIdentifier.ecdsaWithSHA384)
            let last = try #require(Self.lastRange(of: sha256, in: der))
            der.replaceSubrange(last, with: sha384)
            let result = await verifier.verifyCMS(der, detachedContent: Self.message, at: Date())
            #expect(result.report.verdict == .invalid)
            #expect(
                result.report.failures.contains { "\($0)".contains("does not match the digest algorithm") },
                "\(result.report.failures)")
        }
    }

    static func der(_ oid: ASN1ObjectIdentifier) -> [UInt8] {
        var writer = DERWriter()
        writer.serialize(oid)
        return writer.bytes
    }

    static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where Array(haystack[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }
}
