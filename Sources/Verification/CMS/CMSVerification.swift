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
        var report = newReport("cms", time)
        report.inputs.append(.init(name: "cms", bytes: der))
        if let detachedContent { report.inputs.append(.init(name: "content", bytes: detachedContent)) }
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
        let content: [UInt8]
        switch (message.content, detachedContent) {
        case (let inside?, let outside?) where inside != outside:
            report.fail(.cmsContent, nil, .signatureMismatch(detail: "the detached content differs from the attached"))
            result.report = report
            return result
        case (let inside?, _): content = inside
        case (nil, let outside?): content = outside
        case (nil, nil):
            report.fail(.cmsContent, nil, .malformedInput(detail: "detached signature and no content given"))
            result.report = report
            return result
        }
        result.content = content
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
        content: [UInt8], _ report: inout VerificationReport
    ) {
        guard let digest = DigestAlgorithm(objectIdentifier: signer.digestAlgorithm.algorithm) else {
            report.fail(
                .cmsSignature, 0,
                .signatureMismatch(detail: "signer \(index): unsupported digest \(signer.digestAlgorithm)"))
            return
        }
        let signed: [UInt8]
        if let attributes = signer.signedAttributesDER {
            guard signer.messageDigest == digest.hash(content) else {
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
            signed = content
        }
        let algorithm: AlgorithmIdentifier
        if signer.signatureAlgorithm.algorithm == .rsaEncryption {
            algorithm = AlgorithmIdentifier(algorithm: pkcs1OID(digest), parameters: nil)
        } else {
            algorithm = signer.signatureAlgorithm
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

    private static func pkcs1OID(_ digest: DigestAlgorithm) -> ASN1ObjectIdentifier {
        switch digest {
        case .sha1: return .sha1WithRSAEncryption
        case .sha224: return "1.2.840.113549.1.1.14"
        case .sha256: return .sha256WithRSAEncryption
        case .sha384: return .sha384WithRSAEncryption
        case .sha512: return .sha512WithRSAEncryption
        }
    }
}
