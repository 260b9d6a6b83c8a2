extension ASN1ObjectIdentifier {
    /// Names of the identifiers that certificates, CRLs, OCSP, CMS and the JPKI use, as
    /// OpenSSL names them where it does.
    public static let wellKnownNames: [ASN1ObjectIdentifier: String] = {
        var table: [ASN1ObjectIdentifier: String] = [:]
        for (dotted, name) in wellKnownList {
            table[ASN1ObjectIdentifier(stringLiteral: dotted)] = name
        }
        return table
    }()

    /// The identifier with a well-known `name`, e.g. `"commonName"`, or `nil`.
    public static func wellKnown(named name: String) -> ASN1ObjectIdentifier? {
        guard let entry = wellKnownList.first(where: { $0.1 == name }) else { return nil }
        return ASN1ObjectIdentifier(stringLiteral: entry.0)
    }

    static let wellKnownList: [(String, String)] = [
        // Algorithms.
        ("1.2.840.113549.1.1.1", "rsaEncryption"),
        ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
        ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
        ("1.2.840.113549.1.1.7", "rsaesOaep"),
        ("1.2.840.113549.1.1.8", "mgf1"),
        ("1.2.840.113549.1.1.10", "rsassaPss"),
        ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
        ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
        ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
        ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
        ("1.3.14.3.2.26", "sha1"),
        ("1.3.14.3.2.29", "sha1WithRSA"),
        ("2.16.840.1.101.3.4.2.1", "sha256"),
        ("2.16.840.1.101.3.4.2.2", "sha384"),
        ("2.16.840.1.101.3.4.2.3", "sha512"),
        ("2.16.840.1.101.3.4.2.4", "sha224"),
        ("1.2.840.10045.2.1", "id-ecPublicKey"),
        ("1.2.840.10045.3.1.7", "prime256v1"),
        ("1.3.132.0.34", "secp384r1"),
        ("1.3.132.0.35", "secp521r1"),
        ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
        ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
        ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
        ("1.2.840.10040.4.1", "dsaEncryption"),
        ("1.2.840.10040.4.3", "dsaWithSHA1"),
        ("1.3.101.112", "ED25519"),
        ("1.3.101.113", "ED448"),
        // Names (X.520).
        ("2.5.4.3", "commonName"),
        ("2.5.4.4", "surname"),
        ("2.5.4.5", "serialNumber"),
        ("2.5.4.6", "countryName"),
        ("2.5.4.7", "localityName"),
        ("2.5.4.8", "stateOrProvinceName"),
        ("2.5.4.9", "streetAddress"),
        ("2.5.4.10", "organizationName"),
        ("2.5.4.11", "organizationalUnitName"),
        ("2.5.4.12", "title"),
        ("2.5.4.17", "postalCode"),
        ("2.5.4.42", "givenName"),
        ("2.5.4.43", "initials"),
        ("2.5.4.44", "generationQualifier"),
        ("2.5.4.46", "dnQualifier"),
        ("2.5.4.65", "pseudonym"),
        ("0.9.2342.19200300.100.1.1", "userId"),
        ("0.9.2342.19200300.100.1.25", "domainComponent"),
        ("1.2.840.113549.1.9.1", "emailAddress"),
        // Certificate extensions.
        ("2.5.29.9", "X509v3 Subject Directory Attributes"),
        ("2.5.29.14", "X509v3 Subject Key Identifier"),
        ("2.5.29.15", "X509v3 Key Usage"),
        ("2.5.29.16", "X509v3 Private Key Usage Period"),
        ("2.5.29.17", "X509v3 Subject Alternative Name"),
        ("2.5.29.18", "X509v3 Issuer Alternative Name"),
        ("2.5.29.19", "X509v3 Basic Constraints"),
        ("2.5.29.20", "X509v3 CRL Number"),
        ("2.5.29.21", "X509v3 CRL Reason Code"),
        ("2.5.29.23", "Hold Instruction Code"),
        ("2.5.29.24", "Invalidity Date"),
        ("2.5.29.27", "X509v3 Delta CRL Indicator"),
        ("2.5.29.28", "X509v3 Issuing Distribution Point"),
        ("2.5.29.29", "X509v3 Certificate Issuer"),
        ("2.5.29.30", "X509v3 Name Constraints"),
        ("2.5.29.31", "X509v3 CRL Distribution Points"),
        ("2.5.29.32", "X509v3 Certificate Policies"),
        ("2.5.29.32.0", "X509v3 Any Policy"),
        ("2.5.29.33", "X509v3 Policy Mappings"),
        ("2.5.29.35", "X509v3 Authority Key Identifier"),
        ("2.5.29.36", "X509v3 Policy Constraints"),
        ("2.5.29.37", "X509v3 Extended Key Usage"),
        ("2.5.29.46", "X509v3 Freshest CRL"),
        ("2.5.29.54", "X509v3 Inhibit Any Policy"),
        ("1.3.6.1.5.5.7.1.1", "Authority Information Access"),
        ("1.3.6.1.5.5.7.1.11", "Subject Information Access"),
        ("1.3.6.1.4.1.11129.2.4.2", "CT Precertificate SCTs"),
        ("1.3.6.1.5.5.7.2.1", "Policy Qualifier CPS"),
        ("1.3.6.1.5.5.7.2.2", "Policy Qualifier User Notice"),
        ("1.3.6.1.5.5.7.3.1", "TLS Web Server Authentication"),
        ("1.3.6.1.5.5.7.3.2", "TLS Web Client Authentication"),
        ("1.3.6.1.5.5.7.3.3", "Code Signing"),
        ("1.3.6.1.5.5.7.3.4", "E-mail Protection"),
        ("1.3.6.1.5.5.7.3.8", "Time Stamping"),
        ("1.3.6.1.5.5.7.3.9", "OCSP Signing"),
        ("1.3.6.1.5.5.7.48.1", "OCSP"),
        ("1.3.6.1.5.5.7.48.2", "CA Issuers"),
        ("1.3.6.1.5.5.7.48.1.1", "Basic OCSP Response"),
        ("1.3.6.1.5.5.7.48.1.2", "OCSP Nonce"),
        ("1.3.6.1.5.5.7.48.1.5", "OCSP No Check"),
        // CMS / PKCS #7 and #9.
        ("1.2.840.113549.1.7.1", "pkcs7-data"),
        ("1.2.840.113549.1.7.2", "pkcs7-signedData"),
        ("1.2.840.113549.1.9.3", "contentType"),
        ("1.2.840.113549.1.9.4", "messageDigest"),
        ("1.2.840.113549.1.9.5", "signingTime"),
        ("1.2.840.113549.1.9.16.2.47", "id-smime-aa-signingCertificateV2"),
        // JPKI (J-LIS).
        ("1.2.392.200149.8.5.1.1", "JPKI digital signature policy"),
        ("1.2.392.200149.8.5.1.3", "JPKI user authentication policy"),
        ("1.2.392.200149.8.5.5.1", "JPKI name"),
        ("1.2.392.200149.8.5.5.2", "JPKI name substitute-character flags"),
        ("1.2.392.200149.8.5.5.3", "JPKI sex"),
        ("1.2.392.200149.8.5.5.4", "JPKI birth date"),
        ("1.2.392.200149.8.5.5.5", "JPKI address"),
        ("1.2.392.200149.8.5.5.6", "JPKI address substitute-character flags"),
    ]
}
