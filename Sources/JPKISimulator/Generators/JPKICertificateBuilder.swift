import JPKIASN1
import JPKIX509

/// Builds certificates shaped like J-LIS's: roots for signature and user authentication, and
/// the two kinds of leaves a My Number Card holds, for test PKIs and the card simulator.
///
/// Each function returns a ``CertificateBuilder`` with the JPKI's names and extensions, ready
/// to sign with the issuer's key (or to adjust first):
///
/// ```swift
/// let rootKey = try SigningKey(generatingRSABits: 2048)
/// let root = try JPKICertificateBuilder.rootCA(
///     purpose: .signature, subjectPublicKeyInfo: try rootKey.subjectPublicKeyInfo,
///     notBefore: start, notAfter: end
/// ).sign(with: rootKey)
/// let leaf = try JPKICertificateBuilder.signatureCertificate(
///     subjectPublicKeyInfo: try cardKey.subjectPublicKeyInfo, identifier: "ABCDEFGHIJ0123456789",
///     municipality: JPKIMunicipality(prefecture: "東京都", city: "千代田区"), information: information,
///     serialNumber: [0x12, 0x34], notBefore: start, notAfter: end, issuer: root
/// ).sign(with: rootKey)
/// ```
public enum JPKICertificateBuilder {
    /// A J-LIS root's subject and issuer: `C=JP, O=JPKI, OU=JPKI for digital signature` (or
    /// `OU=JPKI for user authentication`), `OU=Japan Agency for Local Authority Information
    /// Systems`, C as a PrintableString and the rest as UTF8Strings, as in the real roots.
    public static func rootName(_ purpose: JPKIPurpose) throws(X509Error) -> DistinguishedName {
        try name(JPKINames.root(purpose))
    }

    /// J-LIS's directoryName in the roots' subjectAltName and the leaves' issuerAltName:
    /// `C=JP, O=公的個人認証サービス, OU=公的個人認証サービス署名用` (or `…利用者証明用`),
    /// `OU=地方公共団体情報システム機構`.
    public static func jlisDirectoryName(_ purpose: JPKIPurpose) throws(X509Error) -> DistinguishedName {
        try name(JPKINames.jlisDirectoryName(purpose))
    }

    /// A J-LIS-shaped root CA, self-issued, with the extensions of the real roots in their
    /// order: keyUsage keyCertSign + cRLSign (critical), subjectAltName (J-LIS's
    /// directoryName), basicConstraints `cA TRUE` (critical), a CRL distribution point naming
    /// the root itself as a directoryName, and a subjectKeyIdentifier. No AIA.
    public static func rootCA(
        purpose: JPKIPurpose, subjectPublicKeyInfo: SubjectPublicKeyInfo, serialNumber: [UInt8] = [0x01],
        notBefore: ASN1Time, notAfter: ASN1Time
    ) throws(X509Error) -> CertificateBuilder {
        let subject = try rootName(purpose)
        let extensions = [
            KeyUsage([.keyCertSign, .cRLSign]).makeExtension(critical: true),
            SubjectAlternativeNames([.directoryName(try jlisDirectoryName(purpose))]).makeExtension(),
            BasicConstraints.isCertificateAuthority(maxPathLength: nil).makeExtension(critical: true),
            CRLDistributionPoints([.init(name: .fullName([.directoryName(subject)]))]).makeExtension(),
            SubjectKeyIdentifier(hashing: subjectPublicKeyInfo).makeExtension(),
        ]
        return CertificateBuilder(
            serialNumber: serialNumber, issuer: subject, subject: subject, notBefore: notBefore, notAfter: notAfter,
            subjectPublicKeyInfo: subjectPublicKeyInfo, extensions: extensions)
    }

    /// The certificate policy of J-LIS's signature certificates as seen on cards,
    /// `1.2.392.200149.8.5.1.1.20` (a sub-arc of ``JPKIX509/ASN1ObjectIdentifier/JPKI/signaturePolicy``).
    public static let signatureCertificatePolicy: ASN1ObjectIdentifier = "1.2.392.200149.8.5.1.1.20"
    /// The certificate policy of J-LIS's user-authentication certificates as seen on cards,
    /// `1.2.392.200149.8.5.1.3.30`.
    public static let authenticationCertificatePolicy: ASN1ObjectIdentifier = "1.2.392.200149.8.5.1.3.30"
    /// The CPS qualifier of the leaves' certificate policy: `http://www.jpki.go.jp/cps.html`.
    public static let certificationPracticeStatement = "http://www.jpki.go.jp/cps.html"
    /// J-LIS's OCSP responder for user-authentication certificates, in their AIA:
    /// `http://ocspauthnorm.jpki.go.jp`.
    public static let authenticationOCSPResponder = "http://ocspauthnorm.jpki.go.jp"

    /// A signature certificate (署名用電子証明書) issued by `issuer` (a signature root), in the
    /// profile of the certificates read off cards: subject `C=JP, L=<prefecture>, L=<city>,
    /// CN=<identifier>` with romanized place names (`L=Tokyo-to, L=Shinjuku-ku`); keyUsage
    /// digitalSignature + nonRepudiation (critical); the certificate policy (critical, with
    /// J-LIS's CPS); the basic 4 information as subjectAltName otherNames; issuerAltName (the
    /// issuer's subjectAltName, or J-LIS's directoryName); the municipality's CRL distribution
    /// point (`… OU=Tokyo-to, CN=Shinjuku-ku CRLDP`); an optional OCSP responder (none on real
    /// signature certificates); the authority key identifier with keyIdentifier,
    /// authorityCertIssuer and authorityCertSerialNumber; the subject key identifier.
    public static func signatureCertificate(
        subjectPublicKeyInfo: SubjectPublicKeyInfo, identifier: String, municipality: JPKIMunicipality,
        information: BasicFourInformation, serialNumber: [UInt8], notBefore: ASN1Time, notAfter: ASN1Time,
        issuer: Certificate, policy: ASN1ObjectIdentifier = JPKICertificateBuilder.signatureCertificatePolicy,
        ocspResponder: String? = nil
    ) throws(X509Error) -> CertificateBuilder {
        let places = municipality.romanized
        let subject = try name([
            (.countryName, "JP"), (.localityName, places.prefecture), (.localityName, places.city),
            (.commonName, identifier),
        ])
        let otherNames: [GeneralName]
        do {
            otherNames = try information.otherNames()
        } catch {
            throw .malformed(error)
        }
        return try leaf(
            purpose: .signature, subject: subject, subjectPublicKeyInfo: subjectPublicKeyInfo,
            usage: [.digitalSignature, .nonRepudiation], subjectAlternativeNames: otherNames,
            municipality: municipality, serialNumber: serialNumber, notBefore: notBefore, notAfter: notAfter,
            issuer: issuer, policy: policy, ocspResponder: ocspResponder)
    }

    /// A user-authentication certificate (利用者証明用電子証明書) issued by `issuer` (an
    /// authentication root), in the profile of the certificates read off cards: subject
    /// `C=JP, CN=<identifier>` (an opaque identifier, no personal data); keyUsage
    /// digitalSignature (critical); extendedKeyUsage clientAuth; the certificate policy
    /// (critical, with J-LIS's CPS); issuerAltName; AIA with the OCSP responder (J-LIS's by
    /// default; `nil` for none); the authority key identifier with keyIdentifier,
    /// authorityCertIssuer and authorityCertSerialNumber; the subject key identifier; the
    /// municipality's CRL distribution point.
    public static func userAuthenticationCertificate(
        subjectPublicKeyInfo: SubjectPublicKeyInfo, identifier: String, municipality: JPKIMunicipality,
        serialNumber: [UInt8], notBefore: ASN1Time, notAfter: ASN1Time, issuer: Certificate,
        policy: ASN1ObjectIdentifier = JPKICertificateBuilder.authenticationCertificatePolicy,
        ocspResponder: String? = JPKICertificateBuilder.authenticationOCSPResponder
    ) throws(X509Error) -> CertificateBuilder {
        let subject = try name([(.countryName, "JP"), (.commonName, identifier)])
        return try leaf(
            purpose: .userAuthentication, subject: subject, subjectPublicKeyInfo: subjectPublicKeyInfo,
            usage: [.digitalSignature], subjectAlternativeNames: nil, municipality: municipality,
            serialNumber: serialNumber, notBefore: notBefore, notAfter: notAfter, issuer: issuer, policy: policy,
            ocspResponder: ocspResponder)
    }

    /// The authority key identifier J-LIS writes in leaves: the issuer's key identifier, the
    /// issuer's own issuer name and its serial number.
    public static func authorityKeyIdentifier(of issuer: Certificate) throws(X509Error) -> AuthorityKeyIdentifier {
        var keyIdentifier = SubjectKeyIdentifier(hashing: issuer.subjectPublicKeyInfo).keyIdentifier
        if let key = try issuer.extensions.subjectKeyIdentifier { keyIdentifier = key.keyIdentifier }
        return AuthorityKeyIdentifier(
            keyIdentifier: keyIdentifier, authorityCertIssuer: [.directoryName(issuer.issuer)],
            authorityCertSerialNumber: Array(issuer.serialNumber))
    }

    private static func leaf(
        purpose: JPKIPurpose, subject: DistinguishedName, subjectPublicKeyInfo: SubjectPublicKeyInfo,
        usage: KeyUsage, subjectAlternativeNames: [GeneralName]?, municipality: JPKIMunicipality,
        serialNumber: [UInt8], notBefore: ASN1Time, notAfter: ASN1Time, issuer: Certificate,
        policy: ASN1ObjectIdentifier, ocspResponder: String?
    ) throws(X509Error) -> CertificateBuilder {
        var partition = municipality
        partition.purpose = purpose
        let distributionPoint: DistinguishedName
        do {
            distributionPoint = try partition.distributionPointName()
        } catch {
            throw .malformed(error)
        }
        var issuerNames: [GeneralName] = [.directoryName(try jlisDirectoryName(purpose))]
        if let names = try issuer.extensions.subjectAlternativeNames { issuerNames = names.names }
        var extensions = [usage.makeExtension(critical: true)]
        if purpose == .userAuthentication {
            extensions.append(ExtendedKeyUsage([ExtendedKeyUsage.clientAuth]).makeExtension())
        }
        extensions.append(
            CertificatePolicies([.init(identifier: policy, qualifiers: [.cps(certificationPracticeStatement)])])
                .makeExtension(critical: true))
        if let subjectAlternativeNames {
            extensions.append(SubjectAlternativeNames(subjectAlternativeNames).makeExtension())
        }
        extensions.append(IssuerAlternativeNames(issuerNames).makeExtension())
        if let ocspResponder {
            extensions.append(
                AuthorityInformationAccess([
                    .init(method: AuthorityInformationAccess.ocsp, location: .uniformResourceIdentifier(ocspResponder))
                ]).makeExtension())
        }
        extensions += [
            try authorityKeyIdentifier(of: issuer).makeExtension(),
            SubjectKeyIdentifier(hashing: subjectPublicKeyInfo).makeExtension(),
            CRLDistributionPoints([.init(name: .fullName([.directoryName(distributionPoint)]))]).makeExtension(),
        ]
        return CertificateBuilder(
            serialNumber: serialNumber, issuer: issuer.subject, subject: subject, notBefore: notBefore,
            notAfter: notAfter, subjectPublicKeyInfo: subjectPublicKeyInfo, extensions: extensions)
    }

    private static func name(_ parts: [(ASN1ObjectIdentifier, String)]) throws(X509Error) -> DistinguishedName {
        do {
            return try JPKINames.make(parts)
        } catch {
            throw .malformed(error)
        }
    }
}
