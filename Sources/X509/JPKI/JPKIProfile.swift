import JPKIASN1

/// What a certificate is in the JPKI: a leaf of either kind, a J-LIS root, or something else.
///
/// Classification follows the JPKI certificate profile:
///
/// - **J-LIS root CA**: self-issued, subject `C=JP, O=JPKI, OU=JPKI for digital signature`
///   (or `OU=JPKI for user authentication`), `OU=Japan Agency for Local Authority Information
///   Systems`; basicConstraints with `cA TRUE`; keyUsage with keyCertSign.
/// - **signature certificate** (署名用電子証明書): a certificate policy
///   `1.2.392.200149.8.5.1.1` or a sub-arc; keyUsage with digitalSignature and nonRepudiation;
///   not a CA; issued by the J-LIS signature root's name; subject beginning with `C=JP`.
/// - **user-authentication certificate** (利用者証明用電子証明書): a certificate policy
///   `1.2.392.200149.8.5.1.3` or a sub-arc; keyUsage with digitalSignature; not a CA; issued by
///   the J-LIS authentication root's name; subject beginning with `C=JP`.
///
/// Anything else, including a certificate whose extensions do not decode, is ``Kind/other``.
/// Classification reads names and extensions only: whether the certificate chains to a trusted
/// root is the verifier's question.
///
/// ```swift
/// switch JPKIProfile(certificate).kind {
/// case .signatureCertificate: print(try certificate.basicFourInformation ?? "no 4 information")
/// case .userAuthenticationCertificate, .rootCA, .other: break
/// }
/// ```
public struct JPKIProfile: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of JPKI certificates.
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        /// 署名用電子証明書: a holder's signature certificate.
        case signatureCertificate
        /// 利用者証明用電子証明書: a holder's user-authentication certificate.
        case userAuthenticationCertificate
        /// A J-LIS root CA of the purpose.
        case rootCA(JPKIPurpose)
        /// Not a JPKI certificate.
        case other

        /// The purpose of a JPKI certificate, `nil` for ``other``.
        public var purpose: JPKIPurpose? {
            switch self {
            case .signatureCertificate: return .signature
            case .userAuthenticationCertificate: return .userAuthentication
            case .rootCA(let purpose): return purpose
            case .other: return nil
            }
        }

        /// A stable machine-readable name: `signature`, `authentication`, `signature-root-ca`,
        /// `authentication-root-ca`, `other`.
        public var identifier: String {
            switch self {
            case .signatureCertificate: return "signature"
            case .userAuthenticationCertificate: return "authentication"
            case .rootCA(.signature): return "signature-root-ca"
            case .rootCA(.userAuthentication): return "authentication-root-ca"
            case .other: return "other"
            }
        }

        /// E.g. `JPKI signature certificate`, `J-LIS root CA (user authentication)`.
        public var description: String {
            switch self {
            case .signatureCertificate: return "JPKI signature certificate"
            case .userAuthenticationCertificate: return "JPKI user authentication certificate"
            case .rootCA(let purpose): return "J-LIS root CA (\(purpose))"
            case .other: return "not a JPKI certificate"
            }
        }
    }

    /// The certificate's kind.
    public let kind: Kind
    /// For leaves: the JPKI policy identifier the certificate names (possibly a sub-arc).
    public let policyIdentifier: ASN1ObjectIdentifier?

    /// Classifies `certificate`.
    public init(_ certificate: Certificate) {
        (kind, policyIdentifier) = Self.classify(certificate)
    }

    private static func classify(_ certificate: Certificate) -> (Kind, ASN1ObjectIdentifier?) {
        let extensions = certificate.extensions
        let keyUsage: KeyUsage?
        let constraints: BasicConstraints?
        do {
            keyUsage = try extensions.keyUsage
            constraints = try extensions.basicConstraints
        } catch {
            return (.other, nil)
        }
        guard certificate.version == .v3, let keyUsage else { return (.other, nil) }
        let isCA = constraints?.isCertificateAuthority ?? false
        if isCA {
            guard certificate.isSelfIssued, keyUsage.contains(.keyCertSign),
                let purpose = JPKIPurpose.allCases.first(where: {
                    JPKINames.matches(certificate.subject, JPKINames.root($0))
                })
            else { return (.other, nil) }
            return (.rootCA(purpose), nil)
        }
        guard let policies = try? extensions.certificatePolicies,
            let first = JPKINames.parts(of: certificate.subject)?.first,
            first.0 == .countryName, first.1 == "JP"
        else { return (.other, nil) }
        for purpose in JPKIPurpose.allCases {
            guard
                let policy = policies.identifiers.first(where: {
                    ASN1ObjectIdentifier.JPKI.isPolicy($0, under: purpose.policy)
                }),
                JPKINames.matches(certificate.issuer, JPKINames.root(purpose))
            else { continue }
            let usage: KeyUsage =
                purpose == .signature ? [.digitalSignature, .nonRepudiation] : [.digitalSignature]
            guard keyUsage.isSuperset(of: usage) else { return (.other, nil) }
            return (purpose == .signature ? .signatureCertificate : .userAuthenticationCertificate, policy)
        }
        return (.other, nil)
    }

    /// The kind's description.
    public var description: String { kind.description }
}

extension Certificate {
    /// The certificate's place in the JPKI (see ``JPKIProfile``).
    public var jpkiProfile: JPKIProfile { JPKIProfile(self) }
}
