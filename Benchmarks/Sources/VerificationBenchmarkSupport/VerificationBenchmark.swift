import CBenchmarkOpenSSL
import Foundation
import JPKIASN1
import JPKISimulator
import JPKIVerification
import JPKIX509

/// The inputs and operations of the verification benchmarks, shared by the package-benchmark
/// target and the comparison tool so that both time the same code.
///
/// A root CA, an intermediate CA and a leaf, RSA-2048 and sha256WithRSAEncryption; a verifier
/// whose anchor is the root and whose intermediate is the CA; a CRL store holding a generated
/// 1M-entry CRL of the intermediate (``JPKISimulator/CRLGenerator``); and OpenSSL's raw RSA-2048 verify of
/// the leaf's signature with a key parsed once, the peer.
public final class VerificationBenchmark: @unchecked Sendable {
    public let root: Certificate
    public let intermediate: Certificate
    /// A leaf not in the CRL.
    public let leaf: Certificate
    /// A leaf whose serial is in the CRL.
    public let revokedLeaf: Certificate
    public let verifier: JPKIVerifier
    public let verifierWithCRL: JPKIVerifier
    public let store: CRLStore
    /// The validation time: the day after the CRL's thisUpdate.
    public let time: Date
    public let seconds: Int64
    /// The number of CRL entries.
    public let crlEntries: Int
    /// The leaf's issuer key, parsed by OpenSSL once.
    private let openSSLKey: OpaquePointer
    private let tbs: [UInt8]
    private let signature: [UInt8]

    /// Builds the hierarchy and a CRL of `crlEntries` entries (about 41 bytes each).
    public init(crlEntries: Int = 1_000_000) throws {
        let rootKey = try SigningKey(generatingRSABits: 2048)
        let caKey = try SigningKey(generatingRSABits: 2048)
        let leafKey = try SigningKey(generatingRSABits: 2048)
        let rootName = try Self.name("Benchmark Root")
        let caName = try Self.name("Benchmark Intermediate")
        let thisUpdate = CRLGenerator.defaultThisUpdate.secondsSince1970
        let notBefore = ASN1Time(secondsSince1970: thisUpdate - 86_400 * 365)
        let notAfter = ASN1Time(secondsSince1970: thisUpdate + 86_400 * 365)
        let caExtensions = [
            BasicConstraints.isCertificateAuthority(maxPathLength: nil).makeExtension(critical: true),
            KeyUsage([.keyCertSign, .cRLSign]).makeExtension(critical: true),
        ]
        root = try CertificateBuilder(
            serialNumber: [1], issuer: rootName, subject: rootName, notBefore: notBefore, notAfter: notAfter,
            subjectPublicKeyInfo: try rootKey.subjectPublicKeyInfo, extensions: caExtensions
        ).sign(with: rootKey)
        intermediate = try CertificateBuilder(
            serialNumber: [2], issuer: rootName, subject: caName, notBefore: notBefore, notAfter: notAfter,
            subjectPublicKeyInfo: try caKey.subjectPublicKeyInfo, extensions: caExtensions
        ).sign(with: rootKey)
        var generator = CRLGenerator(entryCount: crlEntries, seed: 0x4A50_4B49, issuer: caName)
        generator.authorityKeyIdentifier = nil
        let revokedSerial = generator.entry(streamIndex: crlEntries / 2).serialNumber
        func leafCertificate(_ serial: UInt64) throws -> Certificate {
            var bytes: [UInt8] = []
            var value = serial
            repeat {
                bytes.insert(UInt8(value & 0xFF), at: 0)
                value >>= 8
            } while value > 0
            return try CertificateBuilder(
                serialNumber: bytes, issuer: caName, subject: try Self.name("Benchmark Leaf"), notBefore: notBefore,
                notAfter: notAfter, subjectPublicKeyInfo: try leafKey.subjectPublicKeyInfo,
                extensions: [KeyUsage([.digitalSignature, .nonRepudiation]).makeExtension(critical: true)]
            ).sign(with: caKey)
        }
        leaf = try leafCertificate(0x0123_4567_89AB_CDEF)
        revokedLeaf = try leafCertificate(revokedSerial)
        let anchors = TrustAnchors(custom: [root])
        verifier = JPKIVerifier(anchors: anchors, intermediates: [intermediate])
        store = CRLStore(anchors: anchors, intermediates: [intermediate])
        try store.update(derEncoded: try generator.signedDER(with: caKey))
        verifierWithCRL = JPKIVerifier(
            anchors: anchors, intermediates: [intermediate],
            revocation: RevocationPolicy(sources: [store], failureMode: .hardFail, checkIntermediates: false))
        seconds = thisUpdate + 86_400
        time = Date(timeIntervalSince1970: TimeInterval(seconds))
        self.crlEntries = crlEntries
        let spki = Array(intermediate.subjectPublicKeyInfo.derEncoded)
        var key: OpaquePointer?
        spki.withUnsafeBufferPointer { buffer in
            var pointer = buffer.baseAddress
            key = d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else { throw BenchmarkError.openSSL("d2i_PUBKEY") }
        openSSLKey = key
        tbs = Array(leaf.tbsCertificateBytes)
        signature = Array(leaf.signature)
    }

    deinit { EVP_PKEY_free(openSSLKey) }

    enum BenchmarkError: Error {
        case openSSL(String)
    }

    static func name(_ commonName: String) throws -> DistinguishedName {
        DistinguishedName([.init([try .init(type: .commonName, string: commonName)])])
    }

    /// Ours: the leaf validated through the intermediate to the root (two RSA-2048 signatures,
    /// validity, constraints, key usage, the report), no revocation. 1 when valid.
    public func verifyChain() async -> Int {
        await verifier.verifyCertificate(leaf, at: time).isValid ? 1 : 0
    }

    /// Ours: the same with the CRL store's answer (hard-fail). 1 when valid.
    public func verifyChainWithCRL() async -> Int {
        await verifierWithCRL.verifyCertificate(leaf, at: time).isValid ? 1 : 0
    }

    /// Ours: one revocation check in the CRL store (CRL picked by issuer and distribution point,
    /// freshness, index lookup). 1 when good.
    public func revocationCheck() -> Int {
        if case .good = store.check(leaf, issuer: intermediate, at: time) { return 1 }
        return 0
    }

    /// Ours: the same for a revoked leaf. 1 when revoked.
    public func revocationCheckRevoked() -> Int {
        if case .revoked = store.check(revokedLeaf, issuer: intermediate, at: time) { return 1 }
        return 0
    }

    /// The reasons and revocation answers of the verifications, to see why one failed.
    public func diagnostics() async -> [String] {
        let plain = await verifier.verifyCertificate(leaf, at: time)
        let withCRL = await verifierWithCRL.verifyCertificate(leaf, at: time)
        return plain.reasons + withCRL.reasons + ["\(store.check(leaf, issuer: intermediate, at: time))"]
            + ["\(store.check(revokedLeaf, issuer: intermediate, at: time))"]
    }

    /// OpenSSL: one RSA-2048 PKCS #1 v1.5 SHA-256 verify of the leaf's signature with the
    /// issuer's key parsed once (EVP_DigestVerifyInit + EVP_DigestVerify). 1 when valid.
    public func openSSLVerify() -> Int {
        guard let context = EVP_MD_CTX_new() else { return 0 }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, openSSLKey) == 1 else { return 0 }
        let result = signature.withUnsafeBufferPointer { s in
            tbs.withUnsafeBufferPointer { t in
                EVP_DigestVerify(context, s.baseAddress, s.count, t.baseAddress, t.count)
            }
        }
        return result == 1 ? 1 : 0
    }
}

extension VerificationBenchmark {
    /// Named pieces of the chain verification, timed one by one by `--pieces` (profiling aid).
    public var pieces: [(String, () -> Int)] {
        let leaf = self.leaf
        let intermediate = self.intermediate
        return [
            ("JPKIProfile(leaf)", { JPKIProfile(leaf).kind == .other ? 1 : 0 }),
            ("CertificateReference(leaf)", { CertificateReference(leaf, position: 0).sha256.count }),
            (
                "CertificateSummary(leaf)",
                {
                    CertificateSummary(leaf, position: 0, isTrustAnchor: false).notAfter.timeIntervalSince1970 > 0
                        ? 1 : 0
                }
            ),
            ("leaf.sha256Fingerprint", { leaf.sha256Fingerprint.count }),
            ("leaf.subject.description", { leaf.subject.description.count }),
            ("X509 isSignature(validFor:) (parses key)", { leaf.isSignature(validFor: intermediate) ? 1 : 0 }),
            ("leaf.extensions.keyUsage", { ((try? leaf.extensions.keyUsage) ?? nil) == nil ? 0 : 1 }),
        ]
    }
}
