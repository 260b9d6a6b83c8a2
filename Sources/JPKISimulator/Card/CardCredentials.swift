import JPKIX509

/// The key pairs and certificates inside a ``VirtualMyNumberCard``.
public struct CardCredentials: Sendable {
    /// The user-authentication key (JPKI AP EF 0017).
    public var authenticationKey: SigningKey
    /// The signature key (JPKI AP EF 001A).
    public var signatureKey: SigningKey
    /// The key of the 券面 applications (券面事項確認AP EF 001A, 券面事項入力補助AP EF 0013): it
    /// signs challenges without a PIN, and its public half travels in their signed records.
    public var internalAuthenticationKey: SigningKey
    /// The user-authentication certificate (JPKI AP EF 000A).
    public var authenticationCertificate: Certificate
    /// The signature certificate (JPKI AP EF 0001).
    public var signatureCertificate: Certificate
    /// The CA of the user-authentication certificate (JPKI AP EF 000B).
    public var authenticationCACertificate: Certificate
    /// The CA of the signature certificate (JPKI AP EF 0002).
    public var signatureCACertificate: Certificate

    /// Credentials from their parts.
    public init(
        authenticationKey: SigningKey, signatureKey: SigningKey, internalAuthenticationKey: SigningKey,
        authenticationCertificate: Certificate, signatureCertificate: Certificate,
        authenticationCACertificate: Certificate, signatureCACertificate: Certificate
    ) {
        self.authenticationKey = authenticationKey
        self.signatureKey = signatureKey
        self.internalAuthenticationKey = internalAuthenticationKey
        self.authenticationCertificate = authenticationCertificate
        self.signatureCertificate = signatureCertificate
        self.authenticationCACertificate = authenticationCACertificate
        self.signatureCACertificate = signatureCACertificate
    }

    /// Fresh RSA-2048 keys for `persona` and certificates from `pki`.
    ///
    /// - Throws: ``X509Error`` when a key cannot be generated or a certificate issued.
    public init(issuingFor persona: Persona, pki: TestPKI, at now: Int64 = TestPKI.now()) throws(X509Error) {
        let authenticationKey = try SigningKey(generatingRSABits: 2048)
        let signatureKey = try SigningKey(generatingRSABits: 2048)
        self.init(
            authenticationKey: authenticationKey, signatureKey: signatureKey,
            internalAuthenticationKey: try SigningKey(generatingRSABits: 2048),
            authenticationCertificate: try pki.issueAuthenticationCertificate(
                for: persona, publicKey: try authenticationKey.subjectPublicKeyInfo, at: now),
            signatureCertificate: try pki.issueSignatureCertificate(
                for: persona, publicKey: try signatureKey.subjectPublicKeyInfo, at: now),
            authenticationCACertificate: pki.authenticationRoot, signatureCACertificate: pki.signatureRoot)
    }

    /// The key in the EF `key`.
    func signingKey(_ key: CardKey) -> SigningKey {
        switch key {
        case .jpkiAuthentication: return authenticationKey
        case .jpkiSignature: return signatureKey
        case .cardSurface, .cardInfo: return internalAuthenticationKey
        }
    }
}
