import Foundation
import JPKIASN1
import JPKIX509

/// The result of verifying a CMS SignedData.
public struct CMSVerificationResult: Sendable {
    /// The audit record.
    public var report: VerificationReport
    /// The message, when it parsed.
    public var message: CMSSignedData?
    /// The signed content (attached, or the detached content given).
    public var content: [UInt8]?
    /// The first signer's certificate, when found.
    public var certificate: Certificate?
    /// The first signer's signingTime attribute (a GeneralizedTime's fraction of a second
    /// kept).
    public var signingTime: Date?
    /// The first signer's basic 4 information, when valid and present.
    public var signer: BasicFourInformation?

    /// Whether the report's verdict is valid.
    public var isValid: Bool { report.isValid }
}

extension JPKIVerifier {
    /// Verifies a CMS SignedData: for every signer, the messageDigest and contentType
    /// attributes against the content and the signature over the signed attributes (or over
    /// the content when there are none) with the signer certificate's key; then the first
    /// signer's certificate is validated at `time` through the certificates the message
    /// carries, with the revocation policy.
    ///
    /// - Parameter detachedContent: the content of a detached signature (for an attached one,
    ///   it must equal the content inside when given).
    public func verifyCMS(_ der: [UInt8], detachedContent: [UInt8]? = nil, at time: Date = Date()) async
        -> CMSVerificationResult
    {
        await verifyCMS(der, detached: detachedContent.map { .bytes($0) }, at: time)
    }

    /// ``verifyCMS(_:detachedContent:at:)`` for a detached signature whose content was hashed
    /// where it lies (a PDF's byte ranges, hashed once for every signature that covers them):
    /// `contentDigests` holds the content's digest under each digest algorithm the signers name,
    /// `contentSize` its size. A signer without signed attributes must then use RSA PKCS #1 v1.5 or ECDSA.
    public func verifyCMS(
        _ der: [UInt8], detachedContentDigests contentDigests: [DigestAlgorithm: [UInt8]], contentSize: Int,
        at time: Date = Date()
    ) async -> CMSVerificationResult {
        await verifyCMS(der, detached: .digests(contentDigests, size: contentSize), at: time)
    }

    /// The detached content: its bytes, or its digests.
    enum DetachedContent {
        case bytes([UInt8])
        case digests([DigestAlgorithm: [UInt8]], size: Int)

        /// The content's digest under `algorithm`, when known.
        func digest(_ algorithm: DigestAlgorithm) -> [UInt8]? {
            switch self {
            case .bytes(let bytes): return algorithm.hash(bytes)
            case .digests(let digests, _): return digests[algorithm]
            }
        }
    }

    private func verifyCMS(_ der: [UInt8], detached: DetachedContent?, at time: Date) async -> CMSVerificationResult {
        var report = newReport("cms", time)
        report.inputs.append(.init(name: "cms", bytes: der))
        switch detached {
        case .bytes(let bytes)?: report.inputs.append(.init(name: "content", bytes: bytes))
        case .digests(let digests, let size)?:
            if let sha256 = digests[.sha256] {
                report.inputs.append(.init(name: "content", sha256: Hex.encode(sha256), size: size))
            }
        case nil: break
        }
        var result = CMSVerificationResult(report: report)
        let message: CMSSignedData
        do {
            message = try CMSSignedData(derEncoded: der)
        } catch {
            result.report.fail(.cmsStructure, nil, .malformedInput(detail: error.description))
            return result
        }
        result.message = message
        report.pass(
            .cmsStructure, nil, "\(message.signers.count) signer(s), \(message.certificates.count) certificate(s)")
        let content: DetachedContent
        switch (message.content, detached) {
        case (let inside?, .bytes(let outside)?) where inside != outside:
            report.fail(.cmsContent, nil, .signatureMismatch(detail: "the detached content differs from the attached"))
            result.report = report
            return result
        case (_?, .digests?):
            report.fail(.cmsContent, nil, .signatureMismatch(detail: "content digests given for an attached signature"))
            result.report = report
            return result
        case (let inside?, _): content = .bytes(inside)
        case (nil, let outside?): content = outside
        case (nil, nil):
            report.fail(.cmsContent, nil, .malformedInput(detail: "detached signature and no content given"))
            result.report = report
            return result
        }
        if case .bytes(let bytes) = content { result.content = bytes }
        var firstCertificate: Certificate?
        for (index, signer) in message.signers.enumerated() {
            guard let certificate = (message.certificates + intermediates).first(where: { signer.identifies($0) })
            else {
                report.fail(
                    .cmsSignerCertificate, nil, .malformedInput(detail: "signer \(index): certificate not found"))
                continue
            }
            if index == 0 {
                firstCertificate = certificate
                result.signingTime = signer.signingTime?.date
            }
            Self.checkSigner(
                signer, index: index, certificate: certificate, message: message, content: content, &report)
        }
        result.certificate = firstCertificate
        guard let leaf = firstCertificate else {
            result.report = report
            return result
        }
        _ = await validate(
            leaf, extra: message.certificates,
            requirements: LeafRequirements(
                anyOfKeyUsage: [.digitalSignature, .nonRepudiation], jpkiPurpose: .signature),
            report: &report)
        result.signer = signer(of: leaf, &report)
        result.report = report
        return result
    }

    private static func checkSigner(
        _ signer: CMSSignedData.SignerInfo, index: Int, certificate: Certificate, message: CMSSignedData,
        content: DetachedContent, _ report: inout VerificationReport
    ) {
        guard let digest = DigestAlgorithm(objectIdentifier: signer.digestAlgorithm.algorithm) else {
            report.fail(
                .cmsSignature, 0,
                .signatureMismatch(detail: "signer \(index): unsupported digest \(signer.digestAlgorithm)"))
            return
        }
        let signed: [UInt8]
        if let attributes = signer.signedAttributesDER {
            guard let contentDigest = content.digest(digest) else {
                report.fail(
                    .cmsMessageDigest, 0,
                    .signatureMismatch(detail: "signer \(index): no \(digest) digest of the content given"))
                return
            }
            guard signer.messageDigest == contentDigest else {
                report.fail(
                    .cmsMessageDigest, 0,
                    .signatureMismatch(detail: "signer \(index): messageDigest differs from the content's digest"))
                return
            }
            guard signer.contentTypeAttribute == message.contentType else {
                report.fail(
                    .cmsContentType, 0,
                    .signatureMismatch(detail: "signer \(index): contentType attribute differs from the content's"))
                return
            }
            report.pass(.cmsMessageDigest, 0, "signer \(index): \(signer.digestAlgorithm)")
            signed = attributes
        } else {
            switch content {
            case .bytes(let bytes): signed = bytes
            case .digests(let digests, _):
                checkSignature(signer, index: index, digestValue: digests[digest], digest: digest, certificate, &report)
                return
            }
        }
        let algorithm: AlgorithmIdentifier
        switch signatureAlgorithm(of: signer, digest: digest) {
        case .success(let found): algorithm = found
        case .failure(let mismatch):
            report.fail(.cmsSignature, 0, .signatureMismatch(detail: "signer \(index): \(mismatch.detail)"))
            return
        }
        switch SignatureChecker.check(
            signature: signer.signature, message: signed, algorithm: algorithm, key: certificate.subjectPublicKeyInfo)
        {
        case .valid: report.pass(.cmsSignature, 0, "signer \(index): \(algorithm)")
        case .invalid:
            report.fail(.cmsSignature, 0, .signatureMismatch(detail: "signer \(index): \(algorithm) does not verify"))
        case .unsupportedAlgorithm:
            report.fail(.cmsSignature, 0, .signatureMismatch(detail: "signer \(index): unsupported \(algorithm)"))
        }
    }

    /// The signature of a signer without signed attributes over a content given by its digest:
    /// RSA PKCS #1 v1.5 (the digest is what the padding wraps) or ECDSA (the digest is what it signs).
    private static func checkSignature(
        _ signer: CMSSignedData.SignerInfo, index: Int, digestValue: [UInt8]?, digest: DigestAlgorithm,
        _ certificate: Certificate, _ report: inout VerificationReport
    ) {
        let algorithm: AlgorithmIdentifier
        switch signatureAlgorithm(of: signer, digest: digest) {
        case .success(let found): algorithm = found
        case .failure(let mismatch):
            report.fail(.cmsSignature, 0, .signatureMismatch(detail: "signer \(index): \(mismatch.detail)"))
            return
        }
        // Over a digest, the scheme must be PKCS #1 v1.5 or ECDSA with the signer's digest itself.
        let overDigest =
            DigestAlgorithm(rsaSignatureAlgorithm: algorithm.algorithm) == digest
            || DigestAlgorithm(ecdsaSignatureAlgorithm: algorithm.algorithm) == digest
        guard overDigest, PublicKey.supports(algorithm, keyAlgorithm: certificate.subjectPublicKeyInfo.algorithm)
        else {
            report.fail(
                .cmsSignature, 0,
                .signatureMismatch(detail: "signer \(index): unsupported \(signer.signatureAlgorithm) over a digest"))
            return
        }
        guard let digestValue, let key = try? PublicKey(certificate.subjectPublicKeyInfo),
            key.isValidSignature(signer.signature, digestValue: digestValue, digest: digest)
        else {
            report.fail(.cmsSignature, 0, .signatureMismatch(detail: "signer \(index): \(algorithm) does not verify"))
            return
        }
        report.pass(.cmsSignature, 0, "signer \(index): \(algorithm)")
    }

    /// Why a signer's signature algorithm does not fit its digest algorithm.
    struct AlgorithmMismatch: Error {
        let detail: String
    }

    /// The signature algorithm a signer's signature is checked under. rsaEncryption and
    /// id-ecPublicKey (key algorithms, which implementations write where a signature algorithm
    /// belongs) become the PKCS #1 v1.5 or ECDSA algorithm of the signer's digest. An
    /// ecdsa-with-SHAnnn whose hash is not the signer's digest algorithm is refused: RFC 5753 2.1.1
    /// ties the two, and the signed attributes would be hashed with one digest and the content
    /// with another.
    private static func signatureAlgorithm(
        of signer: CMSSignedData.SignerInfo, digest: DigestAlgorithm
    ) -> Result<AlgorithmIdentifier, AlgorithmMismatch> {
        let named = signer.signatureAlgorithm
        switch named.algorithm {
        case .rsaEncryption:
            return .success(AlgorithmIdentifier(algorithm: digest.rsaSignatureAlgorithm, parameters: nil))
        case .idECPublicKey:
            guard let ecdsa = digest.ecdsaSignatureAlgorithm else {
                return .failure(AlgorithmMismatch(detail: "unsupported ECDSA with \(digest)"))
            }
            return .success(AlgorithmIdentifier(algorithm: ecdsa, parameters: nil))
        default:
            if let ecdsaDigest = DigestAlgorithm(ecdsaSignatureAlgorithm: named.algorithm), ecdsaDigest != digest {
                return .failure(
                    AlgorithmMismatch(detail: "\(named) does not match the digest algorithm \(digest) (RFC 5753)"))
            }
            return .success(named)
        }
    }
}
