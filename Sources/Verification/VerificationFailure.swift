import Foundation
import JPKIASN1

/// Why a verification failed: one typed reason, naming the certificate of the chain it is about.
public enum VerificationFailure: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The certificate's signature does not verify with its issuer's key.
    case badSignature(CertificateReference)
    /// The signature algorithm is not one this package verifies (RSA PKCS #1 v1.5 with
    /// SHA-1/224/256/384/512, RSASSA-PSS).
    case unsupportedSignatureAlgorithm(CertificateReference, algorithm: String)
    /// The validation time `at` is after the certificate's `notAfter`.
    case expired(CertificateReference, notAfter: Date, at: Date)
    /// The validation time `at` is before the certificate's `notBefore`.
    case notYetValid(CertificateReference, notBefore: Date, at: Date)
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
    /// An explicit certificate policy is required (by a CA's policyConstraints or the
    /// verification policy's initial-explicit-policy) and no valid policy is left once the
    /// certificate is processed: none of its policies chains to the anchor's through the
    /// policies and mappings of the CAs above it (RFC 5280 §6.1.3 (f), §6.1.5 (g)), or none is in
    /// the verification policy's user-initial-policy-set.
    case explicitPolicyRequired(CertificateReference)
    /// The certificate's policyMappings maps anyPolicy, or maps a policy to anyPolicy (RFC 5280
    /// §6.1.4 (a)).
    case anyPolicyMapping(CertificateReference)
    /// A name of the certificate (its subject, an emailAddress in it, or a subjectAltName) is
    /// outside the permitted subtrees of the name constraints above it (RFC 5280 §6.1.3 (b)).
    case nameNotPermitted(CertificateReference, name: String)
    /// A name of the certificate lies in an excluded subtree of the name constraints above it
    /// (RFC 5280 §6.1.3 (c)).
    case nameExcluded(CertificateReference, name: String)
    /// The certificate's critical nameConstraints constrains a name form the validator does not
    /// process (otherName, x400Address, ediPartyName, registeredID).
    case unsupportedNameConstraint(CertificateReference, form: String)
    /// The certificate is revoked: the CRL entry's or OCSP response's reason (its name, and
    /// its CRLReason code when there is one) and revocation time, and the kind of source that
    /// said so (`crl`, `delta-crl`, `ocsp`).
    case revoked(CertificateReference, reason: String, reasonCode: Int?, revocationTime: Date, source: String)
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
            return "\(certificate): expired (notAfter \(notAfter.iso8601), validation time \(at.iso8601))"
        case .notYetValid(let certificate, let notBefore, let at):
            return "\(certificate): not yet valid (notBefore \(notBefore.iso8601), validation time \(at.iso8601))"
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
        case .explicitPolicyRequired(let certificate):
            return "\(certificate): an explicit certificate policy is required and no valid policy is left"
        case .anyPolicyMapping(let certificate):
            return "\(certificate): policyMappings maps from or to anyPolicy"
        case .nameNotPermitted(let certificate, let name):
            return "\(certificate): \(name) is outside the permitted name subtrees"
        case .nameExcluded(let certificate, let name):
            return "\(certificate): \(name) is in an excluded name subtree"
        case .unsupportedNameConstraint(let certificate, let form):
            return "\(certificate): critical nameConstraints on \(form) names, a form not processed"
        case .revoked(let certificate, let reason, _, let time, let source):
            return "\(certificate): revoked (\(reason)) at \(time.iso8601), per \(source)"
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
        case .explicitPolicyRequired: return "explicit-policy-required"
        case .anyPolicyMapping: return "any-policy-mapping"
        case .nameNotPermitted: return "name-not-permitted"
        case .nameExcluded: return "name-excluded"
        case .unsupportedNameConstraint: return "unsupported-name-constraint"
        case .revoked: return "revoked"
        case .revocationStatusUnavailable: return "revocation-unavailable"
        case .signatureMismatch: return "signature-mismatch"
        case .malformedInput: return "malformed-input"
        }
    }
}

// MARK: Coding

extension VerificationFailure {
    /// The failure as reports encode it: the same cases and labels (so the same JSON as the
    /// synthesized coding gives), instants in whole seconds since 1970.
    private enum Encoded: Codable {
        case badSignature(CertificateReference)
        case unsupportedSignatureAlgorithm(CertificateReference, algorithm: String)
        case expired(CertificateReference, notAfter: Int64, at: Int64)
        case notYetValid(CertificateReference, notBefore: Int64, at: Int64)
        case issuerNotFound(CertificateReference)
        case issuerNameMismatch(CertificateReference, signer: CertificateReference)
        case notACertificateAuthority(CertificateReference)
        case missingKeyCertSign(CertificateReference)
        case pathLengthExceeded(CertificateReference, maximum: Int, actual: Int)
        case unknownCriticalExtension(CertificateReference, oid: String)
        case malformedExtension(CertificateReference, oid: String, detail: String)
        case keyUsageNotAllowed(CertificateReference, required: [String])
        case policyMismatch(CertificateReference, expected: String)
        case untrustedRoot(CertificateReference)
        case explicitPolicyRequired(CertificateReference)
        case anyPolicyMapping(CertificateReference)
        case nameNotPermitted(CertificateReference, name: String)
        case nameExcluded(CertificateReference, name: String)
        case unsupportedNameConstraint(CertificateReference, form: String)
        case revoked(CertificateReference, reason: String, reasonCode: Int?, revocationTime: Int64, source: String)
        case revocationStatusUnavailable(CertificateReference, detail: String)
        case signatureMismatch(detail: String)
        case malformedInput(detail: String)
    }

    /// Reads a failure written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        switch try Encoded(from: decoder) {
        case .badSignature(let c): self = .badSignature(c)
        case .unsupportedSignatureAlgorithm(let c, let a): self = .unsupportedSignatureAlgorithm(c, algorithm: a)
        case .expired(let c, let notAfter, let at):
            self = .expired(c, notAfter: Date(secondsSince1970: notAfter), at: Date(secondsSince1970: at))
        case .notYetValid(let c, let notBefore, let at):
            self = .notYetValid(c, notBefore: Date(secondsSince1970: notBefore), at: Date(secondsSince1970: at))
        case .issuerNotFound(let c): self = .issuerNotFound(c)
        case .issuerNameMismatch(let c, let signer): self = .issuerNameMismatch(c, signer: signer)
        case .notACertificateAuthority(let c): self = .notACertificateAuthority(c)
        case .missingKeyCertSign(let c): self = .missingKeyCertSign(c)
        case .pathLengthExceeded(let c, let maximum, let actual):
            self = .pathLengthExceeded(c, maximum: maximum, actual: actual)
        case .unknownCriticalExtension(let c, let oid): self = .unknownCriticalExtension(c, oid: oid)
        case .malformedExtension(let c, let oid, let detail): self = .malformedExtension(c, oid: oid, detail: detail)
        case .keyUsageNotAllowed(let c, let required): self = .keyUsageNotAllowed(c, required: required)
        case .policyMismatch(let c, let expected): self = .policyMismatch(c, expected: expected)
        case .untrustedRoot(let c): self = .untrustedRoot(c)
        case .explicitPolicyRequired(let c): self = .explicitPolicyRequired(c)
        case .anyPolicyMapping(let c): self = .anyPolicyMapping(c)
        case .nameNotPermitted(let c, let name): self = .nameNotPermitted(c, name: name)
        case .nameExcluded(let c, let name): self = .nameExcluded(c, name: name)
        case .unsupportedNameConstraint(let c, let form): self = .unsupportedNameConstraint(c, form: form)
        case .revoked(let c, let reason, let code, let time, let source):
            self = .revoked(
                c, reason: reason, reasonCode: code, revocationTime: Date(secondsSince1970: time), source: source)
        case .revocationStatusUnavailable(let c, let detail): self = .revocationStatusUnavailable(c, detail: detail)
        case .signatureMismatch(let detail): self = .signatureMismatch(detail: detail)
        case .malformedInput(let detail): self = .malformedInput(detail: detail)
        }
    }

    /// Writes the failure as a single-key object named after its case, e.g.
    /// `{"expired": {"_0": {…}, "notAfter": 1869749999, "at": 1893456000}}`, instants in whole
    /// seconds since 1970.
    public func encode(to encoder: any Encoder) throws {
        let encoded: Encoded
        switch self {
        case .badSignature(let c): encoded = .badSignature(c)
        case .unsupportedSignatureAlgorithm(let c, let a): encoded = .unsupportedSignatureAlgorithm(c, algorithm: a)
        case .expired(let c, let notAfter, let at):
            encoded = .expired(c, notAfter: notAfter.secondsSince1970, at: at.secondsSince1970)
        case .notYetValid(let c, let notBefore, let at):
            encoded = .notYetValid(c, notBefore: notBefore.secondsSince1970, at: at.secondsSince1970)
        case .issuerNotFound(let c): encoded = .issuerNotFound(c)
        case .issuerNameMismatch(let c, let signer): encoded = .issuerNameMismatch(c, signer: signer)
        case .notACertificateAuthority(let c): encoded = .notACertificateAuthority(c)
        case .missingKeyCertSign(let c): encoded = .missingKeyCertSign(c)
        case .pathLengthExceeded(let c, let maximum, let actual):
            encoded = .pathLengthExceeded(c, maximum: maximum, actual: actual)
        case .unknownCriticalExtension(let c, let oid): encoded = .unknownCriticalExtension(c, oid: oid)
        case .malformedExtension(let c, let oid, let detail): encoded = .malformedExtension(c, oid: oid, detail: detail)
        case .keyUsageNotAllowed(let c, let required): encoded = .keyUsageNotAllowed(c, required: required)
        case .policyMismatch(let c, let expected): encoded = .policyMismatch(c, expected: expected)
        case .untrustedRoot(let c): encoded = .untrustedRoot(c)
        case .explicitPolicyRequired(let c): encoded = .explicitPolicyRequired(c)
        case .anyPolicyMapping(let c): encoded = .anyPolicyMapping(c)
        case .nameNotPermitted(let c, let name): encoded = .nameNotPermitted(c, name: name)
        case .nameExcluded(let c, let name): encoded = .nameExcluded(c, name: name)
        case .unsupportedNameConstraint(let c, let form): encoded = .unsupportedNameConstraint(c, form: form)
        case .revoked(let c, let reason, let code, let time, let source):
            encoded = .revoked(
                c, reason: reason, reasonCode: code, revocationTime: time.secondsSince1970, source: source)
        case .revocationStatusUnavailable(let c, let detail): encoded = .revocationStatusUnavailable(c, detail: detail)
        case .signatureMismatch(let detail): encoded = .signatureMismatch(detail: detail)
        case .malformedInput(let detail): encoded = .malformedInput(detail: detail)
        }
        try encoded.encode(to: encoder)
    }
}
