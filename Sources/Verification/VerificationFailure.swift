import JPKIASN1
import Foundation

/// Why a verification failed: one typed reason, naming the certificate of the chain it is about.
public enum VerificationFailure: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The certificate's signature does not verify with its issuer's key.
    case badSignature(CertificateReference)
    /// The signature algorithm is not one this package verifies (RSA PKCS #1 v1.5 with
    /// SHA-1/224/256/384/512, RSASSA-PSS).
    case unsupportedSignatureAlgorithm(CertificateReference, algorithm: String)
    /// The validation time is after notAfter.
    case expired(CertificateReference, notAfter: Int64, at: Int64)
    /// The validation time is before notBefore.
    case notYetValid(CertificateReference, notBefore: Int64, at: Int64)
    /// No supplied certificate or anchor has the certificate's issuer name.
    case issuerNotFound(CertificateReference)
    /// A supplied certificate or anchor signed the certificate, but its subject is not the
    /// certificate's issuer name.
    case issuerNameMismatch(CertificateReference, signer: CertificateReference)
    /// An issuing certificate is not a CA: no basicConstraints, or cA FALSE.
    case notACertificateAuthority(CertificateReference)
    /// An issuing certificate's keyUsage lacks keyCertSign.
    case missingKeyCertSign(CertificateReference)
    /// A CA's pathLenConstraint allows fewer intermediates than the chain has below it.
    case pathLengthExceeded(CertificateReference, maximum: Int, actual: Int)
    /// An extension marked critical that the validator does not process (RFC 5280 §4.2).
    case unknownCriticalExtension(CertificateReference, oid: String)
    /// An extension whose value does not decode.
    case malformedExtension(CertificateReference, oid: String, detail: String)
    /// The leaf's keyUsage lacks what its use needs (digitalSignature, nonRepudiation).
    case keyUsageNotAllowed(CertificateReference, required: [String])
    /// The leaf carries no certificate policy of the JPKI kind its anchor issues, or is of
    /// another kind than the operation needs.
    case policyMismatch(CertificateReference, expected: String)
    /// The chain ends in a self-signed certificate that is not a trust anchor (an unpinned or
    /// look-alike root).
    case untrustedRoot(CertificateReference)
    /// The certificate is revoked.
    case revoked(CertificateReference, reason: String, reasonCode: Int?, revocationTime: Int64, source: String)
    /// No revocation source could say whether the certificate is revoked, and the policy is
    /// hard-fail.
    case revocationStatusUnavailable(CertificateReference, detail: String)
    /// The signature of the signed data (challenge, document, CMS) does not verify with the
    /// leaf's key.
    case signatureMismatch(detail: String)
    /// The input could not be read (a CMS that does not parse, a missing signer certificate).
    case malformedInput(detail: String)

    /// One line.
    public var description: String {
        switch self {
        case .badSignature(let certificate): return "\(certificate): signature does not verify with the issuer's key"
        case .unsupportedSignatureAlgorithm(let certificate, let algorithm):
            return "\(certificate): unsupported signature algorithm \(algorithm)"
        case .expired(let certificate, let notAfter, let at):
            return "\(certificate): expired (notAfter \(Self.time(notAfter)), validation time \(Self.time(at)))"
        case .notYetValid(let certificate, let notBefore, let at):
            return "\(certificate): not yet valid (notBefore \(Self.time(notBefore)), validation time \(Self.time(at)))"
        case .issuerNotFound(let certificate): return "\(certificate): no issuer certificate or trust anchor found"
        case .issuerNameMismatch(let certificate, let signer):
            return "\(certificate): issuer name does not match the subject of its signer \(signer)"
        case .notACertificateAuthority(let certificate):
            return "\(certificate): issues certificates but is not a CA (basicConstraints)"
        case .missingKeyCertSign(let certificate):
            return "\(certificate): issues certificates but keyUsage lacks keyCertSign"
        case .pathLengthExceeded(let certificate, let maximum, let actual):
            return "\(certificate): pathLenConstraint \(maximum) exceeded by \(actual) intermediate(s)"
        case .unknownCriticalExtension(let certificate, let oid):
            return "\(certificate): unknown critical extension \(oid)"
        case .malformedExtension(let certificate, let oid, let detail):
            return "\(certificate): extension \(oid) does not decode: \(detail)"
        case .keyUsageNotAllowed(let certificate, let required):
            return "\(certificate): keyUsage lacks \(required.joined(separator: ", "))"
        case .policyMismatch(let certificate, let expected):
            return "\(certificate): expected \(expected)"
        case .untrustedRoot(let certificate): return "\(certificate): root is not a trusted (pinned) anchor"
        case .revoked(let certificate, let reason, _, let time, let source):
            return "\(certificate): revoked (\(reason)) at \(Self.time(time)), per \(source)"
        case .revocationStatusUnavailable(let certificate, let detail):
            return "\(certificate): revocation status unavailable: \(detail)"
        case .signatureMismatch(let detail): return "signature does not verify: \(detail)"
        case .malformedInput(let detail): return "bad input: \(detail)"
        }
    }

    /// A stable machine-readable code, e.g. `bad-signature`, `expired`, `revoked`.
    public var code: String {
        switch self {
        case .badSignature: return "bad-signature"
        case .unsupportedSignatureAlgorithm: return "unsupported-signature-algorithm"
        case .expired: return "expired"
        case .notYetValid: return "not-yet-valid"
        case .issuerNotFound: return "issuer-not-found"
        case .issuerNameMismatch: return "issuer-name-mismatch"
        case .notACertificateAuthority: return "not-a-ca"
        case .missingKeyCertSign: return "missing-key-cert-sign"
        case .pathLengthExceeded: return "path-length-exceeded"
        case .unknownCriticalExtension: return "unknown-critical-extension"
        case .malformedExtension: return "malformed-extension"
        case .keyUsageNotAllowed: return "key-usage"
        case .policyMismatch: return "policy-mismatch"
        case .untrustedRoot: return "untrusted-root"
        case .revoked: return "revoked"
        case .revocationStatusUnavailable: return "revocation-unavailable"
        case .signatureMismatch: return "signature-mismatch"
        case .malformedInput: return "malformed-input"
        }
    }

    static func time(_ seconds: Int64) -> String {
        // ASN1Time renders `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601, UTC) without a date formatter.
        ASN1Time(secondsSince1970: seconds).description
    }
}
