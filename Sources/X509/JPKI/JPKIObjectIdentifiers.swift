import JPKIASN1

extension ASN1ObjectIdentifier {
    /// The object identifiers of the JPKI (J-LIS, arc 1.2.392.200149.8.5).
    public enum JPKI {
        /// The digital signature certificate policy, 1.2.392.200149.8.5.1.1 (certificates may
        /// name a sub-arc, e.g. `.1.1.20`).
        public static let signaturePolicy: ASN1ObjectIdentifier = "1.2.392.200149.8.5.1.1"
        /// The user authentication certificate policy, 1.2.392.200149.8.5.1.3 (certificates may
        /// name a sub-arc, e.g. `.1.3.30`).
        public static let authenticationPolicy: ASN1ObjectIdentifier = "1.2.392.200149.8.5.1.3"
        /// The otherName of the holder's name, 1.2.392.200149.8.5.5.1.
        public static let name: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.1"
        /// The otherName of the name's substitute-character flags, 1.2.392.200149.8.5.5.2.
        public static let nameSubstituteCharacters: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.2"
        /// The otherName of the holder's sex, 1.2.392.200149.8.5.5.3.
        public static let sex: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.3"
        /// The otherName of the holder's birth date, 1.2.392.200149.8.5.5.4.
        public static let birthDate: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.4"
        /// The otherName of the holder's address, 1.2.392.200149.8.5.5.5.
        public static let address: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.5"
        /// The otherName of the address's substitute-character flags, 1.2.392.200149.8.5.5.6.
        public static let addressSubstituteCharacters: ASN1ObjectIdentifier = "1.2.392.200149.8.5.5.6"

        /// Whether `oid` is `policy` or a sub-arc of it.
        public static func isPolicy(_ oid: ASN1ObjectIdentifier, under policy: ASN1ObjectIdentifier) -> Bool {
            guard let arcs = oid.arcs, let prefix = policy.arcs else { return false }
            return arcs.starts(with: prefix)
        }
    }
}

/// The two uses of JPKI certificates, each with its own J-LIS root and CRLs.
public enum JPKIPurpose: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 署名用電子証明書: signing documents; carries the basic 4 information.
    case signature
    /// 利用者証明用電子証明書: logging in; carries only an opaque identifier.
    case userAuthentication

    /// The organizational unit J-LIS gives the purpose in names: `JPKI for digital signature`,
    /// `JPKI for user authentication`.
    public var organizationalUnit: String {
        switch self {
        case .signature: return "JPKI for digital signature"
        case .userAuthentication: return "JPKI for user authentication"
        }
    }

    /// The Japanese organizational unit of the J-LIS directoryName (subjectAltName of the
    /// roots, issuerAltName of the leaves): `公的個人認証サービス署名用`,
    /// `公的個人認証サービス利用者証明用`.
    public var japaneseOrganizationalUnit: String {
        switch self {
        case .signature: return "公的個人認証サービス署名用"
        case .userAuthentication: return "公的個人認証サービス利用者証明用"
        }
    }

    /// The certificate policy of the purpose.
    public var policy: ASN1ObjectIdentifier {
        switch self {
        case .signature: return ASN1ObjectIdentifier.JPKI.signaturePolicy
        case .userAuthentication: return ASN1ObjectIdentifier.JPKI.authenticationPolicy
        }
    }

    /// `signature` or `user authentication`.
    public var description: String {
        switch self {
        case .signature: return "signature"
        case .userAuthentication: return "user authentication"
        }
    }
}
