// The RSA tests of NIST PKITS (Public Key Interoperability Test Suite, version 1.0.1), sections
// 4.1 to 4.16, as the PKITS document describes them: the certificates each test supplies (after
// TrustAnchorRootCertificate, which is every test's trust anchor, down to the end entity), the
// CRLs, the initial settings when they are not the default ones, and whether the path is valid.
// Subparts of a test (4.8.1 Subpart 2, …) are numbered 4.8.1.2, …. The DSA tests (4.1.4, 4.1.5,
// 4.1.6) are left out. The names of the files are those of cryptography-vectors' PKITS_data.

extension PKITSCase {
    /// Every RSA test of sections 4.1–4.16.
    static let all: [PKITSCase] = [
        // 4.1
        .init(
            "4.1.1", "Valid Signatures Test1", certificates: ["GoodCACert", "ValidCertificatePathTest1EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.1.2", "Invalid CA Signature Test2", certificates: ["BadSignedCACert", "InvalidCASignatureTest2EE"],
            crls: ["TrustAnchorRootCRL", "BadSignedCACRL"], .invalid),
        .init(
            "4.1.3", "Invalid EE Signature Test3", certificates: ["GoodCACert", "InvalidEESignatureTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        // 4.2
        .init(
            "4.2.1", "Invalid CA notBefore Date Test1",
            certificates: ["BadnotBeforeDateCACert", "InvalidCAnotBeforeDateTest1EE"],
            crls: ["TrustAnchorRootCRL", "BadnotBeforeDateCACRL"], .invalid),
        .init(
            "4.2.2", "Invalid EE notBefore Date Test2", certificates: ["GoodCACert", "InvalidEEnotBeforeDateTest2EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.2.3", "Valid pre2000 UTC notBefore Date Test3",
            certificates: ["GoodCACert", "Validpre2000UTCnotBeforeDateTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.2.4", "Valid GeneralizedTime notBefore Date Test4",
            certificates: ["GoodCACert", "ValidGeneralizedTimenotBeforeDateTest4EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.2.5", "Invalid CA notAfter Date Test5",
            certificates: ["BadnotAfterDateCACert", "InvalidCAnotAfterDateTest5EE"],
            crls: ["TrustAnchorRootCRL", "BadnotAfterDateCACRL"], .invalid),
        .init(
            "4.2.6", "Invalid EE notAfter Date Test6", certificates: ["GoodCACert", "InvalidEEnotAfterDateTest6EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.2.7", "Invalid pre2000 UTC EE notAfter Date Test7",
            certificates: ["GoodCACert", "Invalidpre2000UTCEEnotAfterDateTest7EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.2.8", "Valid GeneralizedTime notAfter Date Test8",
            certificates: ["GoodCACert", "ValidGeneralizedTimenotAfterDateTest8EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        // 4.3
        .init(
            "4.3.1", "Invalid Name Chaining EE Test1", certificates: ["GoodCACert", "InvalidNameChainingTest1EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.3.2", "Invalid Name Chaining Order Test2",
            certificates: ["NameOrderingCACert", "InvalidNameChainingOrderTest2EE"],
            crls: ["TrustAnchorRootCRL", "NameOrderCACRL"], .invalid),
        .init(
            "4.3.3", "Valid Name Chaining Whitespace Test3",
            certificates: ["GoodCACert", "ValidNameChainingWhitespaceTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.3.4", "Valid Name Chaining Whitespace Test4",
            certificates: ["GoodCACert", "ValidNameChainingWhitespaceTest4EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.3.5", "Valid Name Chaining Capitalization Test5",
            certificates: ["GoodCACert", "ValidNameChainingCapitalizationTest5EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.3.6", "Valid Name Chaining UIDs Test6", certificates: ["UIDCACert", "ValidNameUIDsTest6EE"],
            crls: ["TrustAnchorRootCRL", "UIDCACRL"], .valid),
        .init(
            "4.3.7", "Valid RFC3280 Mandatory Attribute Types Test7",
            certificates: ["RFC3280MandatoryAttributeTypesCACert", "ValidRFC3280MandatoryAttributeTypesTest7EE"],
            crls: ["TrustAnchorRootCRL", "RFC3280MandatoryAttributeTypesCACRL"], .valid),
        .init(
            "4.3.8", "Valid RFC3280 Optional Attribute Types Test8",
            certificates: ["RFC3280OptionalAttributeTypesCACert", "ValidRFC3280OptionalAttributeTypesTest8EE"],
            crls: ["TrustAnchorRootCRL", "RFC3280OptionalAttributeTypesCACRL"], .valid),
        .init(
            "4.3.9", "Valid UTF8String Encoded Names Test9",
            certificates: ["UTF8StringEncodedNamesCACert", "ValidUTF8StringEncodedNamesTest9EE"],
            crls: ["TrustAnchorRootCRL", "UTF8StringEncodedNamesCACRL"], .valid),
        .init(
            "4.3.10", "Valid Rollover from PrintableString to UTF8String Test10",
            certificates: [
                "RolloverfromPrintableStringtoUTF8StringCACert", "ValidRolloverfromPrintableStringtoUTF8StringTest10EE",
            ], crls: ["TrustAnchorRootCRL", "RolloverfromPrintableStringtoUTF8StringCACRL"], .valid),
        .init(
            "4.3.11", "Valid UTF8String Case Insensitive Match Test11",
            certificates: ["UTF8StringCaseInsensitiveMatchCACert", "ValidUTF8StringCaseInsensitiveMatchTest11EE"],
            crls: ["TrustAnchorRootCRL", "UTF8StringCaseInsensitiveMatchCACRL"], .valid),
        // 4.4
        .init(
            "4.4.1", "Missing CRL Test1", certificates: ["NoCRLCACert", "InvalidMissingCRLTest1EE"],
            crls: ["TrustAnchorRootCRL"], .invalid),
        .init(
            "4.4.2", "Invalid Revoked CA Test2",
            certificates: ["GoodCACert", "RevokedsubCACert", "InvalidRevokedCATest2EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "RevokedsubCACRL"], .invalid),
        .init(
            "4.4.3", "Invalid Revoked EE Test3", certificates: ["GoodCACert", "InvalidRevokedEETest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.4.4", "Invalid Bad CRL Signature Test4",
            certificates: ["BadCRLSignatureCACert", "InvalidBadCRLSignatureTest4EE"],
            crls: ["TrustAnchorRootCRL", "BadCRLSignatureCACRL"], .invalid),
        .init(
            "4.4.5", "Invalid Bad CRL Issuer Name Test5",
            certificates: ["BadCRLIssuerNameCACert", "InvalidBadCRLIssuerNameTest5EE"],
            crls: ["TrustAnchorRootCRL", "BadCRLIssuerNameCACRL"], .invalid),
        .init(
            "4.4.6", "Invalid Wrong CRL Test6", certificates: ["WrongCRLCACert", "InvalidWrongCRLTest6EE"],
            crls: ["TrustAnchorRootCRL", "WrongCRLCACRL"], .invalid),
        .init(
            "4.4.7", "Valid Two CRLs Test7", certificates: ["TwoCRLsCACert", "ValidTwoCRLsTest7EE"],
            crls: ["TrustAnchorRootCRL", "TwoCRLsCAGoodCRL", "TwoCRLsCABadCRL"], .valid),
        .init(
            "4.4.8", "Invalid Unknown CRL Entry Extension Test8",
            certificates: ["UnknownCRLEntryExtensionCACert", "InvalidUnknownCRLEntryExtensionTest8EE"],
            crls: ["TrustAnchorRootCRL", "UnknownCRLEntryExtensionCACRL"], .invalid),
        .init(
            "4.4.9", "Invalid Unknown CRL Extension Test9",
            certificates: ["UnknownCRLExtensionCACert", "InvalidUnknownCRLExtensionTest9EE"],
            crls: ["TrustAnchorRootCRL", "UnknownCRLExtensionCACRL"], .invalid),
        .init(
            "4.4.10", "Invalid Unknown CRL Extension Test10",
            certificates: ["UnknownCRLExtensionCACert", "InvalidUnknownCRLExtensionTest10EE"],
            crls: ["TrustAnchorRootCRL", "UnknownCRLExtensionCACRL"], .invalid),
        .init(
            "4.4.11", "Invalid Old CRL nextUpdate Test11",
            certificates: ["OldCRLnextUpdateCACert", "InvalidOldCRLnextUpdateTest11EE"],
            crls: ["TrustAnchorRootCRL", "OldCRLnextUpdateCACRL"], .invalid),
        .init(
            "4.4.12", "Invalid pre2000 CRL nextUpdate Test12",
            certificates: ["pre2000CRLnextUpdateCACert", "Invalidpre2000CRLnextUpdateTest12EE"],
            crls: ["TrustAnchorRootCRL", "pre2000CRLnextUpdateCACRL"], .invalid),
        .init(
            "4.4.13", "Valid GeneralizedTime CRL nextUpdate Test13",
            certificates: ["GeneralizedTimeCRLnextUpdateCACert", "ValidGeneralizedTimeCRLnextUpdateTest13EE"],
            crls: ["TrustAnchorRootCRL", "GeneralizedTimeCRLnextUpdateCACRL"], .valid),
        .init(
            "4.4.14", "Valid Negative Serial Number Test14",
            certificates: ["NegativeSerialNumberCACert", "ValidNegativeSerialNumberTest14EE"],
            crls: ["TrustAnchorRootCRL", "NegativeSerialNumberCACRL"], .valid),
        .init(
            "4.4.15", "Invalid Negative Serial Number Test15",
            certificates: ["NegativeSerialNumberCACert", "InvalidNegativeSerialNumberTest15EE"],
            crls: ["TrustAnchorRootCRL", "NegativeSerialNumberCACRL"], .invalid),
        .init(
            "4.4.16", "Valid Long Serial Number Test16",
            certificates: ["LongSerialNumberCACert", "ValidLongSerialNumberTest16EE"],
            crls: ["TrustAnchorRootCRL", "LongSerialNumberCACRL"], .valid),
        .init(
            "4.4.17", "Valid Long Serial Number Test17",
            certificates: ["LongSerialNumberCACert", "ValidLongSerialNumberTest17EE"],
            crls: ["TrustAnchorRootCRL", "LongSerialNumberCACRL"], .valid),
        .init(
            "4.4.18", "Invalid Long Serial Number Test18",
            certificates: ["LongSerialNumberCACert", "InvalidLongSerialNumberTest18EE"],
            crls: ["TrustAnchorRootCRL", "LongSerialNumberCACRL"], .invalid),
        .init(
            "4.4.19", "Valid Separate Certificate and CRL Keys Test19",
            certificates: [
                "SeparateCertificateandCRLKeysCertificateSigningCACert", "SeparateCertificateandCRLKeysCRLSigningCert",
                "ValidSeparateCertificateandCRLKeysTest19EE",
            ], crls: ["TrustAnchorRootCRL", "SeparateCertificateandCRLKeysCRL"], .valid),
        .init(
            "4.4.20", "Invalid Separate Certificate and CRL Keys Test20",
            certificates: [
                "SeparateCertificateandCRLKeysCertificateSigningCACert", "SeparateCertificateandCRLKeysCRLSigningCert",
                "InvalidSeparateCertificateandCRLKeysTest20EE",
            ], crls: ["TrustAnchorRootCRL", "SeparateCertificateandCRLKeysCRL"], .invalid),
        .init(
            "4.4.21", "Invalid Separate Certificate and CRL Keys Test21",
            certificates: [
                "SeparateCertificateandCRLKeysCA2CertificateSigningCACert",
                "SeparateCertificateandCRLKeysCA2CRLSigningCert", "InvalidSeparateCertificateandCRLKeysTest21EE",
            ], crls: ["TrustAnchorRootCRL", "SeparateCertificateandCRLKeysCA2CRL"], .invalid),
        // 4.5
        .init(
            "4.5.1", "Valid Basic Self-Issued Old With New Test1",
            certificates: [
                "BasicSelfIssuedNewKeyCACert", "BasicSelfIssuedNewKeyOldWithNewCACert",
                "ValidBasicSelfIssuedOldWithNewTest1EE",
            ], crls: ["TrustAnchorRootCRL", "BasicSelfIssuedNewKeyCACRL"], .valid),
        .init(
            "4.5.2", "Invalid Basic Self-Issued Old With New Test2",
            certificates: [
                "BasicSelfIssuedNewKeyCACert", "BasicSelfIssuedNewKeyOldWithNewCACert",
                "InvalidBasicSelfIssuedOldWithNewTest2EE",
            ], crls: ["TrustAnchorRootCRL", "BasicSelfIssuedNewKeyCACRL"], .invalid),
        .init(
            "4.5.3", "Valid Basic Self-Issued New With Old Test3",
            certificates: [
                "BasicSelfIssuedOldKeyCACert", "BasicSelfIssuedOldKeyNewWithOldCACert",
                "ValidBasicSelfIssuedNewWithOldTest3EE",
            ], crls: ["TrustAnchorRootCRL", "BasicSelfIssuedOldKeySelfIssuedCertCRL", "BasicSelfIssuedOldKeyCACRL"],
            .valid),
        .init(
            "4.5.4", "Valid Basic Self-Issued New With Old Test4",
            certificates: [
                "BasicSelfIssuedOldKeyCACert", "BasicSelfIssuedOldKeyNewWithOldCACert",
                "ValidBasicSelfIssuedNewWithOldTest4EE",
            ], crls: ["TrustAnchorRootCRL", "BasicSelfIssuedOldKeySelfIssuedCertCRL", "BasicSelfIssuedOldKeyCACRL"],
            .valid),
        .init(
            "4.5.5", "Invalid Basic Self-Issued New With Old Test5",
            certificates: [
                "BasicSelfIssuedOldKeyCACert", "BasicSelfIssuedOldKeyNewWithOldCACert",
                "InvalidBasicSelfIssuedNewWithOldTest5EE",
            ], crls: ["TrustAnchorRootCRL", "BasicSelfIssuedOldKeySelfIssuedCertCRL", "BasicSelfIssuedOldKeyCACRL"],
            .invalid),
        .init(
            "4.5.6", "Valid Basic Self-Issued CRL Signing Key Test6",
            certificates: [
                "BasicSelfIssuedCRLSigningKeyCACert", "BasicSelfIssuedCRLSigningKeyCRLCert",
                "ValidBasicSelfIssuedCRLSigningKeyTest6EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "BasicSelfIssuedCRLSigningKeyCRLCertCRL", "BasicSelfIssuedCRLSigningKeyCACRL",
            ], .valid),
        .init(
            "4.5.7", "Invalid Basic Self-Issued CRL Signing Key Test7",
            certificates: [
                "BasicSelfIssuedCRLSigningKeyCACert", "BasicSelfIssuedCRLSigningKeyCRLCert",
                "InvalidBasicSelfIssuedCRLSigningKeyTest7EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "BasicSelfIssuedCRLSigningKeyCRLCertCRL", "BasicSelfIssuedCRLSigningKeyCACRL",
            ], .invalid),
        .init(
            "4.5.8", "Invalid Basic Self-Issued CRL Signing Key Test8",
            certificates: [
                "BasicSelfIssuedCRLSigningKeyCACert", "BasicSelfIssuedCRLSigningKeyCRLCert",
                "InvalidBasicSelfIssuedCRLSigningKeyTest8EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "BasicSelfIssuedCRLSigningKeyCRLCertCRL", "BasicSelfIssuedCRLSigningKeyCACRL",
            ], .invalid),
        // 4.6
        .init(
            "4.6.1", "Invalid Missing basicConstraints Test1",
            certificates: ["MissingbasicConstraintsCACert", "InvalidMissingbasicConstraintsTest1EE"],
            crls: ["TrustAnchorRootCRL", "MissingbasicConstraintsCACRL"], .invalid),
        .init(
            "4.6.2", "Invalid cA False Test2",
            certificates: ["basicConstraintsCriticalcAFalseCACert", "InvalidcAFalseTest2EE"],
            crls: ["TrustAnchorRootCRL", "basicConstraintsCriticalcAFalseCACRL"], .invalid),
        .init(
            "4.6.3", "Invalid cA False Test3",
            certificates: ["basicConstraintsNotCriticalcAFalseCACert", "InvalidcAFalseTest3EE"],
            crls: ["TrustAnchorRootCRL", "basicConstraintsNotCriticalcAFalseCACRL"], .invalid),
        .init(
            "4.6.4", "Valid basicConstraints Not Critical Test4",
            certificates: ["basicConstraintsNotCriticalCACert", "ValidbasicConstraintsNotCriticalTest4EE"],
            crls: ["TrustAnchorRootCRL", "basicConstraintsNotCriticalCACRL"], .valid),
        .init(
            "4.6.5", "Invalid pathLenConstraint Test5",
            certificates: [
                "pathLenConstraint0CACert", "pathLenConstraint0subCACert", "InvalidpathLenConstraintTest5EE",
            ], crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL", "pathLenConstraint0subCACRL"], .invalid),
        .init(
            "4.6.6", "Invalid pathLenConstraint Test6",
            certificates: [
                "pathLenConstraint0CACert", "pathLenConstraint0subCACert", "InvalidpathLenConstraintTest6EE",
            ], crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL", "pathLenConstraint0subCACRL"], .invalid),
        .init(
            "4.6.7", "Valid pathLenConstraint Test7",
            certificates: ["pathLenConstraint0CACert", "ValidpathLenConstraintTest7EE"],
            crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL"], .valid),
        .init(
            "4.6.8", "Valid pathLenConstraint Test8",
            certificates: ["pathLenConstraint0CACert", "ValidpathLenConstraintTest8EE"],
            crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL"], .valid),
        .init(
            "4.6.9", "Invalid pathLenConstraint Test9",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA0Cert", "pathLenConstraint6subsubCA00Cert",
                "InvalidpathLenConstraintTest9EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA0CRL",
                "pathLenConstraint6subsubCA00CRL",
            ], .invalid),
        .init(
            "4.6.10", "Invalid pathLenConstraint Test10",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA0Cert", "pathLenConstraint6subsubCA00Cert",
                "InvalidpathLenConstraintTest10EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA0CRL",
                "pathLenConstraint6subsubCA00CRL",
            ], .invalid),
        .init(
            "4.6.11", "Invalid pathLenConstraint Test11",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA1Cert", "pathLenConstraint6subsubCA11Cert",
                "pathLenConstraint6subsubsubCA11XCert", "InvalidpathLenConstraintTest11EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA1CRL",
                "pathLenConstraint6subsubCA11CRL", "pathLenConstraint6subsubsubCA11XCRL",
            ], .invalid),
        .init(
            "4.6.12", "Invalid pathLenConstraint Test12",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA1Cert", "pathLenConstraint6subsubCA11Cert",
                "pathLenConstraint6subsubsubCA11XCert", "InvalidpathLenConstraintTest12EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA1CRL",
                "pathLenConstraint6subsubCA11CRL", "pathLenConstraint6subsubsubCA11XCRL",
            ], .invalid),
        .init(
            "4.6.13", "Valid pathLenConstraint Test13",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA4Cert", "pathLenConstraint6subsubCA41Cert",
                "pathLenConstraint6subsubsubCA41XCert", "ValidpathLenConstraintTest13EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA4CRL",
                "pathLenConstraint6subsubCA41CRL", "pathLenConstraint6subsubsubCA41XCRL",
            ], .valid),
        .init(
            "4.6.14", "Valid pathLenConstraint Test14",
            certificates: [
                "pathLenConstraint6CACert", "pathLenConstraint6subCA4Cert", "pathLenConstraint6subsubCA41Cert",
                "pathLenConstraint6subsubsubCA41XCert", "ValidpathLenConstraintTest14EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "pathLenConstraint6CACRL", "pathLenConstraint6subCA4CRL",
                "pathLenConstraint6subsubCA41CRL", "pathLenConstraint6subsubsubCA41XCRL",
            ], .valid),
        .init(
            "4.6.15", "Valid Self-Issued pathLenConstraint Test15",
            certificates: [
                "pathLenConstraint0CACert", "pathLenConstraint0SelfIssuedCACert",
                "ValidSelfIssuedpathLenConstraintTest15EE",
            ], crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL"], .valid),
        .init(
            "4.6.16", "Invalid Self-Issued pathLenConstraint Test16",
            certificates: [
                "pathLenConstraint0CACert", "pathLenConstraint0SelfIssuedCACert", "pathLenConstraint0subCA2Cert",
                "InvalidSelfIssuedpathLenConstraintTest16EE",
            ], crls: ["TrustAnchorRootCRL", "pathLenConstraint0CACRL", "pathLenConstraint0subCA2CRL"], .invalid),
        .init(
            "4.6.17", "Valid Self-Issued pathLenConstraint Test17",
            certificates: [
                "pathLenConstraint1CACert", "pathLenConstraint1SelfIssuedCACert", "pathLenConstraint1subCACert",
                "pathLenConstraint1SelfIssuedsubCACert", "ValidSelfIssuedpathLenConstraintTest17EE",
            ], crls: ["TrustAnchorRootCRL", "pathLenConstraint1CACRL", "pathLenConstraint1subCACRL"], .valid),
        // 4.7
        .init(
            "4.7.1", "Invalid keyUsage Critical keyCertSign False Test1",
            certificates: ["keyUsageCriticalkeyCertSignFalseCACert", "InvalidkeyUsageCriticalkeyCertSignFalseTest1EE"],
            crls: ["TrustAnchorRootCRL", "keyUsageCriticalkeyCertSignFalseCACRL"], .invalid),
        .init(
            "4.7.2", "Invalid keyUsage Not Critical keyCertSign False Test2",
            certificates: [
                "keyUsageNotCriticalkeyCertSignFalseCACert", "InvalidkeyUsageNotCriticalkeyCertSignFalseTest2EE",
            ], crls: ["TrustAnchorRootCRL", "keyUsageNotCriticalkeyCertSignFalseCACRL"], .invalid),
        .init(
            "4.7.3", "Valid keyUsage Not Critical Test3",
            certificates: ["keyUsageNotCriticalCACert", "ValidkeyUsageNotCriticalTest3EE"],
            crls: ["TrustAnchorRootCRL", "keyUsageNotCriticalCACRL"], .valid),
        .init(
            "4.7.4", "Invalid keyUsage Critical cRLSign False Test4",
            certificates: ["keyUsageCriticalcRLSignFalseCACert", "InvalidkeyUsageCriticalcRLSignFalseTest4EE"],
            crls: ["TrustAnchorRootCRL", "keyUsageCriticalcRLSignFalseCACRL"], .invalid),
        .init(
            "4.7.5", "Invalid keyUsage Not Critical cRLSign False Test5",
            certificates: ["keyUsageNotCriticalcRLSignFalseCACert", "InvalidkeyUsageNotCriticalcRLSignFalseTest5EE"],
            crls: ["TrustAnchorRootCRL", "keyUsageNotCriticalcRLSignFalseCACRL"], .invalid),
        // 4.8
        .init(
            "4.8.1.1", "All Certificates Same Policy Test1",
            certificates: ["GoodCACert", "ValidCertificatePathTest1EE"], crls: ["TrustAnchorRootCRL", "GoodCACRL"],
            .valid, explicitPolicy: true),
        .init(
            "4.8.1.2", "All Certificates Same Policy Test1",
            certificates: ["GoodCACert", "ValidCertificatePathTest1EE"], crls: ["TrustAnchorRootCRL", "GoodCACRL"],
            .valid, policies: [.p1], explicitPolicy: true),
        .init(
            "4.8.1.3", "All Certificates Same Policy Test1",
            certificates: ["GoodCACert", "ValidCertificatePathTest1EE"], crls: ["TrustAnchorRootCRL", "GoodCACRL"],
            .invalid, policies: [.p2], explicitPolicy: true),
        .init(
            "4.8.1.4", "All Certificates Same Policy Test1",
            certificates: ["GoodCACert", "ValidCertificatePathTest1EE"], crls: ["TrustAnchorRootCRL", "GoodCACRL"],
            .valid, policies: [.p1, .p2], explicitPolicy: true),
        .init(
            "4.8.2.1", "All Certificates No Policies Test2",
            certificates: ["NoPoliciesCACert", "AllCertificatesNoPoliciesTest2EE"],
            crls: ["TrustAnchorRootCRL", "NoPoliciesCACRL"], .valid),
        .init(
            "4.8.2.2", "All Certificates No Policies Test2",
            certificates: ["NoPoliciesCACert", "AllCertificatesNoPoliciesTest2EE"],
            crls: ["TrustAnchorRootCRL", "NoPoliciesCACRL"], .invalid, explicitPolicy: true),
        .init(
            "4.8.3.1", "Different Policies Test3",
            certificates: ["GoodCACert", "PoliciesP2subCACert", "DifferentPoliciesTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "PoliciesP2subCACRL"], .valid),
        .init(
            "4.8.3.2", "Different Policies Test3",
            certificates: ["GoodCACert", "PoliciesP2subCACert", "DifferentPoliciesTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "PoliciesP2subCACRL"], .invalid, explicitPolicy: true),
        .init(
            "4.8.3.3", "Different Policies Test3",
            certificates: ["GoodCACert", "PoliciesP2subCACert", "DifferentPoliciesTest3EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "PoliciesP2subCACRL"], .invalid, policies: [.p1, .p2],
            explicitPolicy: true),
        .init(
            "4.8.4", "Different Policies Test4",
            certificates: ["GoodCACert", "GoodsubCACert", "DifferentPoliciesTest4EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "GoodsubCACRL"], .invalid),
        .init(
            "4.8.5", "Different Policies Test5",
            certificates: ["GoodCACert", "PoliciesP2subCA2Cert", "DifferentPoliciesTest5EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "PoliciesP2subCA2CRL"], .invalid),
        .init(
            "4.8.6.1", "Overlapping Policies Test6",
            certificates: [
                "PoliciesP1234CACert", "PoliciesP1234subCAP123Cert", "PoliciesP1234subsubCAP123P12Cert",
                "OverlappingPoliciesTest6EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "PoliciesP1234CACRL", "PoliciesP1234subCAP123CRL",
                "PoliciesP1234subsubCAP123P12CRL",
            ], .valid),
        .init(
            "4.8.6.2", "Overlapping Policies Test6",
            certificates: [
                "PoliciesP1234CACert", "PoliciesP1234subCAP123Cert", "PoliciesP1234subsubCAP123P12Cert",
                "OverlappingPoliciesTest6EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "PoliciesP1234CACRL", "PoliciesP1234subCAP123CRL",
                "PoliciesP1234subsubCAP123P12CRL",
            ], .valid, policies: [.p1]),
        .init(
            "4.8.6.3", "Overlapping Policies Test6",
            certificates: [
                "PoliciesP1234CACert", "PoliciesP1234subCAP123Cert", "PoliciesP1234subsubCAP123P12Cert",
                "OverlappingPoliciesTest6EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "PoliciesP1234CACRL", "PoliciesP1234subCAP123CRL",
                "PoliciesP1234subsubCAP123P12CRL",
            ], .invalid, policies: [.p2]),
        .init(
            "4.8.7", "Different Policies Test7",
            certificates: [
                "PoliciesP123CACert", "PoliciesP123subCAP12Cert", "PoliciesP123subsubCAP12P1Cert",
                "DifferentPoliciesTest7EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "PoliciesP123CACRL", "PoliciesP123subCAP12CRL", "PoliciesP123subsubCAP12P1CRL",
            ], .invalid),
        .init(
            "4.8.8", "Different Policies Test8",
            certificates: [
                "PoliciesP12CACert", "PoliciesP12subCAP1Cert", "PoliciesP12subsubCAP1P2Cert",
                "DifferentPoliciesTest8EE",
            ], crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL", "PoliciesP12subCAP1CRL", "PoliciesP12subsubCAP1P2CRL"],
            .invalid),
        .init(
            "4.8.9", "Different Policies Test9",
            certificates: [
                "PoliciesP123CACert", "PoliciesP123subCAP12Cert", "PoliciesP123subsubCAP12P2Cert",
                "PoliciesP123subsubsubCAP12P2P1Cert", "DifferentPoliciesTest9EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "PoliciesP123CACRL", "PoliciesP123subCAP12CRL", "PoliciesP123subsubCAP2P2CRL",
                "PoliciesP123subsubsubCAP12P2P1CRL",
            ], .invalid),
        .init(
            "4.8.10.1", "All Certificates Same Policies Test10",
            certificates: ["PoliciesP12CACert", "AllCertificatesSamePoliciesTest10EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL"], .valid),
        .init(
            "4.8.10.2", "All Certificates Same Policies Test10",
            certificates: ["PoliciesP12CACert", "AllCertificatesSamePoliciesTest10EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL"], .valid, policies: [.p1]),
        .init(
            "4.8.10.3", "All Certificates Same Policies Test10",
            certificates: ["PoliciesP12CACert", "AllCertificatesSamePoliciesTest10EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL"], .valid, policies: [.p2]),
        .init(
            "4.8.11.1", "All Certificates AnyPolicy Test11",
            certificates: ["anyPolicyCACert", "AllCertificatesanyPolicyTest11EE"],
            crls: ["TrustAnchorRootCRL", "anyPolicyCACRL"], .valid),
        .init(
            "4.8.11.2", "All Certificates AnyPolicy Test11",
            certificates: ["anyPolicyCACert", "AllCertificatesanyPolicyTest11EE"],
            crls: ["TrustAnchorRootCRL", "anyPolicyCACRL"], .valid, policies: [.p1]),
        .init(
            "4.8.12", "Different Policies Test12", certificates: ["PoliciesP3CACert", "DifferentPoliciesTest12EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP3CACRL"], .invalid),
        .init(
            "4.8.13.1", "All Certificates Same Policies Test13",
            certificates: ["PoliciesP123CACert", "AllCertificatesSamePoliciesTest13EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP123CACRL"], .valid, policies: [.p1]),
        .init(
            "4.8.13.2", "All Certificates Same Policies Test13",
            certificates: ["PoliciesP123CACert", "AllCertificatesSamePoliciesTest13EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP123CACRL"], .valid, policies: [.p2]),
        .init(
            "4.8.13.3", "All Certificates Same Policies Test13",
            certificates: ["PoliciesP123CACert", "AllCertificatesSamePoliciesTest13EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP123CACRL"], .valid, policies: [.p3]),
        .init(
            "4.8.14.1", "AnyPolicy Test14", certificates: ["anyPolicyCACert", "AnyPolicyTest14EE"],
            crls: ["TrustAnchorRootCRL", "anyPolicyCACRL"], .valid, policies: [.p1]),
        .init(
            "4.8.14.2", "AnyPolicy Test14", certificates: ["anyPolicyCACert", "AnyPolicyTest14EE"],
            crls: ["TrustAnchorRootCRL", "anyPolicyCACRL"], .invalid, policies: [.p2]),
        .init(
            "4.8.15", "User Notice Qualifier Test15", certificates: ["UserNoticeQualifierTest15EE"],
            crls: ["TrustAnchorRootCRL"], .valid),
        .init(
            "4.8.16", "User Notice Qualifier Test16", certificates: ["GoodCACert", "UserNoticeQualifierTest16EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.8.17", "User Notice Qualifier Test17", certificates: ["GoodCACert", "UserNoticeQualifierTest17EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid),
        .init(
            "4.8.18.1", "User Notice Qualifier Test18",
            certificates: ["PoliciesP12CACert", "UserNoticeQualifierTest18EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL"], .valid, policies: [.p1]),
        .init(
            "4.8.18.2", "User Notice Qualifier Test18",
            certificates: ["PoliciesP12CACert", "UserNoticeQualifierTest18EE"],
            crls: ["TrustAnchorRootCRL", "PoliciesP12CACRL"], .valid, policies: [.p2]),
        .init(
            "4.8.19", "User Notice Qualifier Test19", certificates: ["UserNoticeQualifierTest19EE"],
            crls: ["TrustAnchorRootCRL"], .valid),
        .init(
            "4.8.20", "CPS Pointer Qualifier Test20", certificates: ["GoodCACert", "CPSPointerQualifierTest20EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .valid, policies: [.p1], explicitPolicy: true),
        // 4.9
        .init(
            "4.9.1", "Valid RequireExplicitPolicy Test1",
            certificates: [
                "requireExplicitPolicy10CACert", "requireExplicitPolicy10subCACert",
                "requireExplicitPolicy10subsubCACert", "requireExplicitPolicy10subsubsubCACert",
                "ValidrequireExplicitPolicyTest1EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "requireExplicitPolicy10CACRL", "requireExplicitPolicy10subCACRL",
                "requireExplicitPolicy10subsubCACRL", "requireExplicitPolicy10subsubsubCACRL",
            ], .valid),
        .init(
            "4.9.2", "Valid RequireExplicitPolicy Test2",
            certificates: [
                "requireExplicitPolicy5CACert", "requireExplicitPolicy5subCACert", "requireExplicitPolicy5subsubCACert",
                "requireExplicitPolicy5subsubsubCACert", "ValidrequireExplicitPolicyTest2EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "requireExplicitPolicy5CACRL", "requireExplicitPolicy5subCACRL",
                "requireExplicitPolicy5subsubCACRL", "requireExplicitPolicy5subsubsubCACRL",
            ], .valid),
        .init(
            "4.9.3", "Invalid RequireExplicitPolicy Test3",
            certificates: [
                "requireExplicitPolicy4CACert", "requireExplicitPolicy4subCACert", "requireExplicitPolicy4subsubCACert",
                "requireExplicitPolicy4subsubsubCACert", "InvalidrequireExplicitPolicyTest3EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "requireExplicitPolicy4CACRL", "requireExplicitPolicy4subCACRL",
                "requireExplicitPolicy4subsubCACRL", "requireExplicitPolicy4subsubsubCACRL",
            ], .invalid),
        .init(
            "4.9.4", "Valid RequireExplicitPolicy Test4",
            certificates: [
                "requireExplicitPolicy0CACert", "requireExplicitPolicy0subCACert", "requireExplicitPolicy0subsubCACert",
                "requireExplicitPolicy0subsubsubCACert", "ValidrequireExplicitPolicyTest4EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "requireExplicitPolicy0CACRL", "requireExplicitPolicy0subCACRL",
                "requireExplicitPolicy0subsubCACRL", "requireExplicitPolicy0subsubsubCACRL",
            ], .valid),
        .init(
            "4.9.5", "Invalid RequireExplicitPolicy Test5",
            certificates: [
                "requireExplicitPolicy7CACert", "requireExplicitPolicy7subCARE2Cert",
                "requireExplicitPolicy7subsubCARE2RE4Cert", "requireExplicitPolicy7subsubsubCARE2RE4Cert",
                "InvalidrequireExplicitPolicyTest5EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "requireExplicitPolicy7CACRL", "requireExplicitPolicy7subCARE2CRL",
                "requireExplicitPolicy7subsubCARE2RE4CRL", "requireExplicitPolicy7subsubsubCARE2RE4CRL",
            ], .invalid),
        .init(
            "4.9.6", "Valid Self-Issued requireExplicitPolicy Test6",
            certificates: [
                "requireExplicitPolicy2CACert", "requireExplicitPolicy2SelfIssuedCACert",
                "ValidSelfIssuedrequireExplicitPolicyTest6EE",
            ], crls: ["TrustAnchorRootCRL", "requireExplicitPolicy2CACRL"], .valid),
        .init(
            "4.9.7", "Invalid Self-Issued requireExplicitPolicy Test7",
            certificates: [
                "requireExplicitPolicy2CACert", "requireExplicitPolicy2SelfIssuedCACert",
                "requireExplicitPolicy2subCACert", "InvalidSelfIssuedrequireExplicitPolicyTest7EE",
            ], crls: ["TrustAnchorRootCRL", "requireExplicitPolicy2CACRL", "requireExplicitPolicy2subCACRL"], .invalid),
        .init(
            "4.9.8", "Invalid Self-Issued requireExplicitPolicy Test8",
            certificates: [
                "requireExplicitPolicy2CACert", "requireExplicitPolicy2SelfIssuedCACert",
                "requireExplicitPolicy2subCACert", "requireExplicitPolicy2SelfIssuedsubCACert",
                "InvalidSelfIssuedrequireExplicitPolicyTest8EE",
            ], crls: ["TrustAnchorRootCRL", "requireExplicitPolicy2CACRL", "requireExplicitPolicy2subCACRL"], .invalid),
        // 4.10
        .init(
            "4.10.1.1", "Valid Policy Mapping Test1", certificates: ["Mapping1to2CACert", "ValidPolicyMappingTest1EE"],
            crls: ["TrustAnchorRootCRL", "Mapping1to2CACRL"], .valid, policies: [.p1]),
        .init(
            "4.10.1.2", "Valid Policy Mapping Test1", certificates: ["Mapping1to2CACert", "ValidPolicyMappingTest1EE"],
            crls: ["TrustAnchorRootCRL", "Mapping1to2CACRL"], .invalid, policies: [.p2]),
        .init(
            "4.10.1.3", "Valid Policy Mapping Test1", certificates: ["Mapping1to2CACert", "ValidPolicyMappingTest1EE"],
            crls: ["TrustAnchorRootCRL", "Mapping1to2CACRL"], .invalid, mappingInhibit: true),
        .init(
            "4.10.2.1", "Invalid Policy Mapping Test2",
            certificates: ["Mapping1to2CACert", "InvalidPolicyMappingTest2EE"],
            crls: ["TrustAnchorRootCRL", "Mapping1to2CACRL"], .invalid),
        .init(
            "4.10.2.2", "Invalid Policy Mapping Test2",
            certificates: ["Mapping1to2CACert", "InvalidPolicyMappingTest2EE"],
            crls: ["TrustAnchorRootCRL", "Mapping1to2CACRL"], .invalid, mappingInhibit: true),
        .init(
            "4.10.3.1", "Valid Policy Mapping Test3",
            certificates: [
                "P12Mapping1to3CACert", "P12Mapping1to3subCACert", "P12Mapping1to3subsubCACert",
                "ValidPolicyMappingTest3EE",
            ],
            crls: ["TrustAnchorRootCRL", "P12Mapping1to3CACRL", "P12Mapping1to3subCACRL", "P12Mapping1to3subsubCACRL"],
            .invalid, policies: [.p1]),
        .init(
            "4.10.3.2", "Valid Policy Mapping Test3",
            certificates: [
                "P12Mapping1to3CACert", "P12Mapping1to3subCACert", "P12Mapping1to3subsubCACert",
                "ValidPolicyMappingTest3EE",
            ],
            crls: ["TrustAnchorRootCRL", "P12Mapping1to3CACRL", "P12Mapping1to3subCACRL", "P12Mapping1to3subsubCACRL"],
            .valid, policies: [.p2]),
        .init(
            "4.10.4", "Invalid Policy Mapping Test4",
            certificates: [
                "P12Mapping1to3CACert", "P12Mapping1to3subCACert", "P12Mapping1to3subsubCACert",
                "InvalidPolicyMappingTest4EE",
            ],
            crls: ["TrustAnchorRootCRL", "P12Mapping1to3CACRL", "P12Mapping1to3subCACRL", "P12Mapping1to3subsubCACRL"],
            .invalid),
        .init(
            "4.10.5.1", "Valid Policy Mapping Test5",
            certificates: ["P1Mapping1to234CACert", "P1Mapping1to234subCACert", "ValidPolicyMappingTest5EE"],
            crls: ["TrustAnchorRootCRL", "P1Mapping1to234CACRL", "P1Mapping1to234subCACRL"], .valid, policies: [.p1]),
        .init(
            "4.10.5.2", "Valid Policy Mapping Test5",
            certificates: ["P1Mapping1to234CACert", "P1Mapping1to234subCACert", "ValidPolicyMappingTest5EE"],
            crls: ["TrustAnchorRootCRL", "P1Mapping1to234CACRL", "P1Mapping1to234subCACRL"], .invalid, policies: [.p6]),
        .init(
            "4.10.6.1", "Valid Policy Mapping Test6",
            certificates: ["P1Mapping1to234CACert", "P1Mapping1to234subCACert", "ValidPolicyMappingTest6EE"],
            crls: ["TrustAnchorRootCRL", "P1Mapping1to234CACRL", "P1Mapping1to234subCACRL"], .valid, policies: [.p1]),
        .init(
            "4.10.6.2", "Valid Policy Mapping Test6",
            certificates: ["P1Mapping1to234CACert", "P1Mapping1to234subCACert", "ValidPolicyMappingTest6EE"],
            crls: ["TrustAnchorRootCRL", "P1Mapping1to234CACRL", "P1Mapping1to234subCACRL"], .invalid, policies: [.p6]),
        .init(
            "4.10.7", "Invalid Mapping From anyPolicy Test7",
            certificates: ["MappingFromanyPolicyCACert", "InvalidMappingFromanyPolicyTest7EE"],
            crls: ["TrustAnchorRootCRL", "MappingFromanyPolicyCACRL"], .invalid),
        .init(
            "4.10.8", "Invalid Mapping To anyPolicy Test8",
            certificates: ["MappingToanyPolicyCACert", "InvalidMappingToanyPolicyTest8EE"],
            crls: ["TrustAnchorRootCRL", "MappingToanyPolicyCACRL"], .invalid),
        .init(
            "4.10.9", "Valid Policy Mapping Test9",
            certificates: ["PanyPolicyMapping1to2CACert", "ValidPolicyMappingTest9EE"],
            crls: ["TrustAnchorRootCRL", "PanyPolicyMapping1to2CACRL"], .valid),
        .init(
            "4.10.10", "Invalid Policy Mapping Test10",
            certificates: ["GoodCACert", "GoodsubCAPanyPolicyMapping1to2CACert", "InvalidPolicyMappingTest10EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "GoodsubCAPanyPolicyMapping1to2CACRL"], .invalid),
        .init(
            "4.10.11", "Valid Policy Mapping Test11",
            certificates: ["GoodCACert", "GoodsubCAPanyPolicyMapping1to2CACert", "ValidPolicyMappingTest11EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL", "GoodsubCAPanyPolicyMapping1to2CACRL"], .valid),
        .init(
            "4.10.12.1", "Valid Policy Mapping Test12",
            certificates: ["P12Mapping1to3CACert", "ValidPolicyMappingTest12EE"],
            crls: ["TrustAnchorRootCRL", "P12Mapping1to3CACRL"], .valid, policies: [.p1]),
        .init(
            "4.10.12.2", "Valid Policy Mapping Test12",
            certificates: ["P12Mapping1to3CACert", "ValidPolicyMappingTest12EE"],
            crls: ["TrustAnchorRootCRL", "P12Mapping1to3CACRL"], .valid, policies: [.p2]),
        .init(
            "4.10.13.1", "Valid Policy Mapping Test13",
            certificates: ["P1anyPolicyMapping1to2CACert", "ValidPolicyMappingTest13EE"],
            crls: ["TrustAnchorRootCRL", "P1anyPolicyMapping1to2CACRL"], .valid),
        .init(
            "4.10.13.2", "Valid Policy Mapping Test13",
            certificates: ["P1anyPolicyMapping1to2CACert", "ValidPolicyMappingTest13EE"],
            crls: ["TrustAnchorRootCRL", "P1anyPolicyMapping1to2CACRL"], .valid, policies: [.p1, .p2]),
        .init(
            "4.10.13.3", "Valid Policy Mapping Test13",
            certificates: ["P1anyPolicyMapping1to2CACert", "ValidPolicyMappingTest13EE"],
            crls: ["TrustAnchorRootCRL", "P1anyPolicyMapping1to2CACRL"], .invalid, policies: [.p2]),
        .init(
            "4.10.14", "Valid Policy Mapping Test14",
            certificates: ["P1anyPolicyMapping1to2CACert", "ValidPolicyMappingTest14EE"],
            crls: ["TrustAnchorRootCRL", "P1anyPolicyMapping1to2CACRL"], .valid),
        // 4.11
        .init(
            "4.11.1", "Invalid inhibitPolicyMapping Test1",
            certificates: [
                "inhibitPolicyMapping0CACert", "inhibitPolicyMapping0subCACert", "InvalidinhibitPolicyMappingTest1EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitPolicyMapping0CACRL", "inhibitPolicyMapping0subCACRL"], .invalid),
        .init(
            "4.11.2", "Valid inhibitPolicyMapping Test2",
            certificates: [
                "inhibitPolicyMapping1P12CACert", "inhibitPolicyMapping1P12subCACert",
                "ValidinhibitPolicyMappingTest2EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitPolicyMapping1P12CACRL", "inhibitPolicyMapping1P12subCACRL"], .valid
        ),
        .init(
            "4.11.3", "Invalid inhibitPolicyMapping Test3",
            certificates: [
                "inhibitPolicyMapping1P12CACert", "inhibitPolicyMapping1P12subCACert",
                "inhibitPolicyMapping1P12subsubCACert", "InvalidinhibitPolicyMappingTest3EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping1P12CACRL", "inhibitPolicyMapping1P12subCACRL",
                "inhibitPolicyMapping1P12subsubCACRL",
            ], .invalid),
        .init(
            "4.11.4", "Valid inhibitPolicyMapping Test4",
            certificates: [
                "inhibitPolicyMapping1P12CACert", "inhibitPolicyMapping1P12subCACert",
                "inhibitPolicyMapping1P12subsubCACert", "ValidinhibitPolicyMappingTest4EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping1P12CACRL", "inhibitPolicyMapping1P12subCACRL",
                "inhibitPolicyMapping1P12subsubCACRL",
            ], .valid),
        .init(
            "4.11.5", "Invalid inhibitPolicyMapping Test5",
            certificates: [
                "inhibitPolicyMapping5CACert", "inhibitPolicyMapping5subCACert", "inhibitPolicyMapping5subsubCACert",
                "inhibitPolicyMapping5subsubsubCACert", "InvalidinhibitPolicyMappingTest5EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping5CACRL", "inhibitPolicyMapping5subCACRL",
                "inhibitPolicyMapping5subsubCACRL", "inhibitPolicyMapping5subsubsubCACRL",
            ], .invalid),
        .init(
            "4.11.6", "Invalid inhibitPolicyMapping Test6",
            certificates: [
                "inhibitPolicyMapping1P12CACert", "inhibitPolicyMapping1P12subCAIPM5Cert",
                "inhibitPolicyMapping1P12subsubCAIPM5Cert", "InvalidinhibitPolicyMappingTest6EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping1P12CACRL", "inhibitPolicyMapping1P12subCAIPM5CRL",
                "inhibitPolicyMapping1P12subsubCAIPM5CRL",
            ], .invalid),
        .init(
            "4.11.7", "Valid Self-Issued inhibitPolicyMapping Test7",
            certificates: [
                "inhibitPolicyMapping1P1CACert", "inhibitPolicyMapping1P1SelfIssuedCACert",
                "inhibitPolicyMapping1P1subCACert", "ValidSelfIssuedinhibitPolicyMappingTest7EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitPolicyMapping1P1CACRL", "inhibitPolicyMapping1P1subCACRL"], .valid),
        .init(
            "4.11.8", "Invalid Self-Issued inhibitPolicyMapping Test8",
            certificates: [
                "inhibitPolicyMapping1P1CACert", "inhibitPolicyMapping1P1SelfIssuedCACert",
                "inhibitPolicyMapping1P1subCACert", "inhibitPolicyMapping1P1subsubCACert",
                "InvalidSelfIssuedinhibitPolicyMappingTest8EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping1P1CACRL", "inhibitPolicyMapping1P1subCACRL",
                "inhibitPolicyMapping1P1subsubCACRL",
            ], .invalid),
        .init(
            "4.11.9", "Invalid Self-Issued inhibitPolicyMapping Test9",
            certificates: [
                "inhibitPolicyMapping1P1CACert", "inhibitPolicyMapping1P1SelfIssuedCACert",
                "inhibitPolicyMapping1P1subCACert", "inhibitPolicyMapping1P1subsubCACert",
                "InvalidSelfIssuedinhibitPolicyMappingTest9EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitPolicyMapping1P1CACRL", "inhibitPolicyMapping1P1subCACRL",
                "inhibitPolicyMapping1P1subsubCACRL",
            ], .invalid),
        .init(
            "4.11.10", "Invalid Self-Issued inhibitPolicyMapping Test10",
            certificates: [
                "inhibitPolicyMapping1P1CACert", "inhibitPolicyMapping1P1SelfIssuedCACert",
                "inhibitPolicyMapping1P1subCACert", "inhibitPolicyMapping1P1SelfIssuedsubCACert",
                "InvalidSelfIssuedinhibitPolicyMappingTest10EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitPolicyMapping1P1CACRL", "inhibitPolicyMapping1P1subCACRL"], .invalid
        ),
        .init(
            "4.11.11", "Invalid Self-Issued inhibitPolicyMapping Test11",
            certificates: [
                "inhibitPolicyMapping1P1CACert", "inhibitPolicyMapping1P1SelfIssuedCACert",
                "inhibitPolicyMapping1P1subCACert", "inhibitPolicyMapping1P1SelfIssuedsubCACert",
                "InvalidSelfIssuedinhibitPolicyMappingTest11EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitPolicyMapping1P1CACRL", "inhibitPolicyMapping1P1subCACRL"], .invalid
        ),
        // 4.12
        .init(
            "4.12.1", "Invalid inhibitAnyPolicy Test1",
            certificates: ["inhibitAnyPolicy0CACert", "InvalidinhibitAnyPolicyTest1EE"],
            crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy0CACRL"], .invalid),
        .init(
            "4.12.2", "Valid inhibitAnyPolicy Test2",
            certificates: ["inhibitAnyPolicy0CACert", "ValidinhibitAnyPolicyTest2EE"],
            crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy0CACRL"], .valid),
        .init(
            "4.12.3.1", "inhibitAnyPolicy Test3",
            certificates: ["inhibitAnyPolicy1CACert", "inhibitAnyPolicy1subCA1Cert", "inhibitAnyPolicyTest3EE"],
            crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA1CRL"], .valid),
        .init(
            "4.12.3.2", "inhibitAnyPolicy Test3",
            certificates: ["inhibitAnyPolicy1CACert", "inhibitAnyPolicy1subCA1Cert", "inhibitAnyPolicyTest3EE"],
            crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA1CRL"], .invalid,
            anyPolicyInhibit: true),
        .init(
            "4.12.4", "Invalid inhibitAnyPolicy Test4",
            certificates: ["inhibitAnyPolicy1CACert", "inhibitAnyPolicy1subCA1Cert", "InvalidinhibitAnyPolicyTest4EE"],
            crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA1CRL"], .invalid),
        .init(
            "4.12.5", "Invalid inhibitAnyPolicy Test5",
            certificates: [
                "inhibitAnyPolicy5CACert", "inhibitAnyPolicy5subCACert", "inhibitAnyPolicy5subsubCACert",
                "InvalidinhibitAnyPolicyTest5EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitAnyPolicy5CACRL", "inhibitAnyPolicy5subCACRL",
                "inhibitAnyPolicy5subsubCACRL",
            ], .invalid),
        .init(
            "4.12.6", "Invalid inhibitAnyPolicy Test6",
            certificates: [
                "inhibitAnyPolicy1CACert", "inhibitAnyPolicy1subCAIAP5Cert", "InvalidinhibitAnyPolicyTest6EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCAIAP5CRL"], .invalid),
        .init(
            "4.12.7", "Valid Self-Issued inhibitAnyPolicy Test7",
            certificates: [
                "inhibitAnyPolicy1CACert", "inhibitAnyPolicy1SelfIssuedCACert", "inhibitAnyPolicy1subCA2Cert",
                "ValidSelfIssuedinhibitAnyPolicyTest7EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA2CRL"], .valid),
        .init(
            "4.12.8", "Invalid Self-Issued inhibitAnyPolicy Test8",
            certificates: [
                "inhibitAnyPolicy1CACert", "inhibitAnyPolicy1SelfIssuedCACert", "inhibitAnyPolicy1subCA2Cert",
                "inhibitAnyPolicy1subsubCA2Cert", "InvalidSelfIssuedinhibitAnyPolicyTest8EE",
            ],
            crls: [
                "TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA2CRL",
                "inhibitAnyPolicy1subsubCA2CRL",
            ], .invalid),
        .init(
            "4.12.9", "Valid Self-Issued inhibitAnyPolicy Test9",
            certificates: [
                "inhibitAnyPolicy1CACert", "inhibitAnyPolicy1SelfIssuedCACert", "inhibitAnyPolicy1subCA2Cert",
                "inhibitAnyPolicy1SelfIssuedsubCA2Cert", "ValidSelfIssuedinhibitAnyPolicyTest9EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA2CRL"], .valid),
        .init(
            "4.12.10", "Invalid Self-Issued inhibitAnyPolicy Test10",
            certificates: [
                "inhibitAnyPolicy1CACert", "inhibitAnyPolicy1SelfIssuedCACert", "inhibitAnyPolicy1subCA2Cert",
                "InvalidSelfIssuedinhibitAnyPolicyTest10EE",
            ], crls: ["TrustAnchorRootCRL", "inhibitAnyPolicy1CACRL", "inhibitAnyPolicy1subCA2CRL"], .invalid),
        // 4.13
        .init(
            "4.13.1", "Valid DN nameConstraints Test1",
            certificates: ["nameConstraintsDN1CACert", "ValidDNnameConstraintsTest1EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .valid),
        .init(
            "4.13.2", "Invalid DN nameConstraints Test2",
            certificates: ["nameConstraintsDN1CACert", "InvalidDNnameConstraintsTest2EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .invalid),
        .init(
            "4.13.3", "Invalid DN nameConstraints Test3",
            certificates: ["nameConstraintsDN1CACert", "InvalidDNnameConstraintsTest3EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .invalid),
        .init(
            "4.13.4", "Valid DN nameConstraints Test4",
            certificates: ["nameConstraintsDN1CACert", "ValidDNnameConstraintsTest4EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .valid),
        .init(
            "4.13.5", "Valid DN nameConstraints Test5",
            certificates: ["nameConstraintsDN2CACert", "ValidDNnameConstraintsTest5EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN2CACRL"], .valid),
        .init(
            "4.13.6", "Valid DN nameConstraints Test6",
            certificates: ["nameConstraintsDN3CACert", "ValidDNnameConstraintsTest6EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL"], .valid),
        .init(
            "4.13.7", "Invalid DN nameConstraints Test7",
            certificates: ["nameConstraintsDN3CACert", "InvalidDNnameConstraintsTest7EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL"], .invalid),
        .init(
            "4.13.8", "Invalid DN nameConstraints Test8",
            certificates: ["nameConstraintsDN4CACert", "InvalidDNnameConstraintsTest8EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN4CACRL"], .invalid),
        .init(
            "4.13.9", "Invalid DN nameConstraints Test9",
            certificates: ["nameConstraintsDN4CACert", "InvalidDNnameConstraintsTest9EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN4CACRL"], .invalid),
        .init(
            "4.13.10", "Invalid DN nameConstraints Test10",
            certificates: ["nameConstraintsDN5CACert", "InvalidDNnameConstraintsTest10EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN5CACRL"], .invalid),
        .init(
            "4.13.11", "Valid DN nameConstraints Test11",
            certificates: ["nameConstraintsDN5CACert", "ValidDNnameConstraintsTest11EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN5CACRL"], .valid),
        .init(
            "4.13.12", "Invalid DN nameConstraints Test12",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA1Cert", "InvalidDNnameConstraintsTest12EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA1CRL"], .invalid),
        .init(
            "4.13.13", "Invalid DN nameConstraints Test13",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA2Cert", "InvalidDNnameConstraintsTest13EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA2CRL"], .invalid),
        .init(
            "4.13.14", "Valid DN nameConstraints Test14",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA2Cert", "ValidDNnameConstraintsTest14EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA2CRL"], .valid),
        .init(
            "4.13.15", "Invalid DN nameConstraints Test15",
            certificates: [
                "nameConstraintsDN3CACert", "nameConstraintsDN3subCA1Cert", "InvalidDNnameConstraintsTest15EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL", "nameConstraintsDN3subCA1CRL"], .invalid),
        .init(
            "4.13.16", "Invalid DN nameConstraints Test16",
            certificates: [
                "nameConstraintsDN3CACert", "nameConstraintsDN3subCA1Cert", "InvalidDNnameConstraintsTest16EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL", "nameConstraintsDN3subCA1CRL"], .invalid),
        .init(
            "4.13.17", "Invalid DN nameConstraints Test17",
            certificates: [
                "nameConstraintsDN3CACert", "nameConstraintsDN3subCA2Cert", "InvalidDNnameConstraintsTest17EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL", "nameConstraintsDN3subCA2CRL"], .invalid),
        .init(
            "4.13.18", "Valid DN nameConstraints Test18",
            certificates: [
                "nameConstraintsDN3CACert", "nameConstraintsDN3subCA2Cert", "ValidDNnameConstraintsTest18EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN3CACRL", "nameConstraintsDN3subCA2CRL"], .valid),
        .init(
            "4.13.19", "Valid Self-Issued DN nameConstraints Test19",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1SelfIssuedCACert", "ValidDNnameConstraintsTest19EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .valid),
        .init(
            "4.13.20", "Invalid Self-Issued DN nameConstraints Test20",
            certificates: ["nameConstraintsDN1CACert", "InvalidDNnameConstraintsTest20EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL"], .invalid),
        .init(
            "4.13.21", "Valid RFC822 nameConstraints Test21",
            certificates: ["nameConstraintsRFC822CA1Cert", "ValidRFC822nameConstraintsTest21EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA1CRL"], .valid),
        .init(
            "4.13.22", "Invalid RFC822 nameConstraints Test22",
            certificates: ["nameConstraintsRFC822CA1Cert", "InvalidRFC822nameConstraintsTest22EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA1CRL"], .invalid),
        .init(
            "4.13.23", "Valid RFC822 nameConstraints Test23",
            certificates: ["nameConstraintsRFC822CA2Cert", "ValidRFC822nameConstraintsTest23EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA2CRL"], .valid),
        .init(
            "4.13.24", "Invalid RFC822 nameConstraints Test24",
            certificates: ["nameConstraintsRFC822CA2Cert", "InvalidRFC822nameConstraintsTest24EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA2CRL"], .invalid),
        .init(
            "4.13.25", "Valid RFC822 nameConstraints Test25",
            certificates: ["nameConstraintsRFC822CA3Cert", "ValidRFC822nameConstraintsTest25EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA3CRL"], .valid),
        .init(
            "4.13.26", "Invalid RFC822 nameConstraints Test26",
            certificates: ["nameConstraintsRFC822CA3Cert", "InvalidRFC822nameConstraintsTest26EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsRFC822CA3CRL"], .invalid),
        .init(
            "4.13.27", "Valid DN and RFC822 nameConstraints Test27",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA3Cert", "ValidDNandRFC822nameConstraintsTest27EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA3CRL"], .valid),
        .init(
            "4.13.28", "Invalid DN and RFC822 nameConstraints Test28",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA3Cert", "InvalidDNandRFC822nameConstraintsTest28EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA3CRL"], .invalid),
        .init(
            "4.13.29", "Invalid DN and RFC822 nameConstraints Test29",
            certificates: [
                "nameConstraintsDN1CACert", "nameConstraintsDN1subCA3Cert", "InvalidDNandRFC822nameConstraintsTest29EE",
            ], crls: ["TrustAnchorRootCRL", "nameConstraintsDN1CACRL", "nameConstraintsDN1subCA3CRL"], .invalid),
        .init(
            "4.13.30", "Valid DNS nameConstraints Test30",
            certificates: ["nameConstraintsDNS1CACert", "ValidDNSnameConstraintsTest30EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDNS1CACRL"], .valid),
        .init(
            "4.13.31", "Invalid DNS nameConstraints Test31",
            certificates: ["nameConstraintsDNS1CACert", "InvalidDNSnameConstraintsTest31EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDNS1CACRL"], .invalid),
        .init(
            "4.13.32", "Valid DNS nameConstraints Test32",
            certificates: ["nameConstraintsDNS2CACert", "ValidDNSnameConstraintsTest32EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDNS2CACRL"], .valid),
        .init(
            "4.13.33", "Invalid DNS nameConstraints Test33",
            certificates: ["nameConstraintsDNS2CACert", "InvalidDNSnameConstraintsTest33EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDNS2CACRL"], .invalid),
        .init(
            "4.13.34", "Valid URI nameConstraints Test34",
            certificates: ["nameConstraintsURI1CACert", "ValidURInameConstraintsTest34EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsURI1CACRL"], .valid),
        .init(
            "4.13.35", "Invalid URI nameConstraints Test35",
            certificates: ["nameConstraintsURI1CACert", "InvalidURInameConstraintsTest35EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsURI1CACRL"], .invalid),
        .init(
            "4.13.36", "Valid URI nameConstraints Test36",
            certificates: ["nameConstraintsURI2CACert", "ValidURInameConstraintsTest36EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsURI2CACRL"], .valid),
        .init(
            "4.13.37", "Invalid URI nameConstraints Test37",
            certificates: ["nameConstraintsURI2CACert", "InvalidURInameConstraintsTest37EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsURI2CACRL"], .invalid),
        .init(
            "4.13.38", "Invalid DNS nameConstraints Test38",
            certificates: ["nameConstraintsDNS1CACert", "InvalidDNSnameConstraintsTest38EE"],
            crls: ["TrustAnchorRootCRL", "nameConstraintsDNS1CACRL"], .invalid),
        // 4.14
        .init(
            "4.14.1", "Valid distributionPoint Test1",
            certificates: ["distributionPoint1CACert", "ValiddistributionPointTest1EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint1CACRL"], .valid),
        .init(
            "4.14.2", "Invalid distributionPoint Test2",
            certificates: ["distributionPoint1CACert", "InvaliddistributionPointTest2EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint1CACRL"], .invalid),
        .init(
            "4.14.3", "Invalid distributionPoint Test3",
            certificates: ["distributionPoint1CACert", "InvaliddistributionPointTest3EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint1CACRL"], .invalid),
        .init(
            "4.14.4", "Valid distributionPoint Test4",
            certificates: ["distributionPoint1CACert", "ValiddistributionPointTest4EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint1CACRL"], .valid),
        .init(
            "4.14.5", "Valid distributionPoint Test5",
            certificates: ["distributionPoint2CACert", "ValiddistributionPointTest5EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint2CACRL"], .valid),
        .init(
            "4.14.6", "Invalid distributionPoint Test6",
            certificates: ["distributionPoint2CACert", "InvaliddistributionPointTest6EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint2CACRL"], .invalid),
        .init(
            "4.14.7", "Valid distributionPoint Test7",
            certificates: ["distributionPoint2CACert", "ValiddistributionPointTest7EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint2CACRL"], .valid),
        .init(
            "4.14.8", "Invalid distributionPoint Test8",
            certificates: ["distributionPoint2CACert", "InvaliddistributionPointTest8EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint2CACRL"], .invalid),
        .init(
            "4.14.9", "Invalid distributionPoint Test9",
            certificates: ["distributionPoint2CACert", "InvaliddistributionPointTest9EE"],
            crls: ["TrustAnchorRootCRL", "distributionPoint2CACRL"], .invalid),
        .init(
            "4.14.10", "Valid No issuingDistributionPoint Test10",
            certificates: ["NoissuingDistributionPointCACert", "ValidNoissuingDistributionPointTest10EE"],
            crls: ["TrustAnchorRootCRL", "NoissuingDistributionPointCACRL"], .valid),
        .init(
            "4.14.11", "Invalid onlyContainsUserCerts CRL Test11",
            certificates: ["onlyContainsUserCertsCACert", "InvalidonlyContainsUserCertsTest11EE"],
            crls: ["TrustAnchorRootCRL", "onlyContainsUserCertsCACRL"], .invalid),
        .init(
            "4.14.12", "Invalid onlyContainsCACerts CRL Test12",
            certificates: ["onlyContainsCACertsCACert", "InvalidonlyContainsCACertsTest12EE"],
            crls: ["TrustAnchorRootCRL", "onlyContainsCACertsCACRL"], .invalid),
        .init(
            "4.14.13", "Valid onlyContainsCACerts CRL Test13",
            certificates: ["onlyContainsCACertsCACert", "ValidonlyContainsCACertsTest13EE"],
            crls: ["TrustAnchorRootCRL", "onlyContainsCACertsCACRL"], .valid),
        .init(
            "4.14.14", "Invalid onlyContainsAttributeCerts Test14",
            certificates: ["onlyContainsAttributeCertsCACert", "InvalidonlyContainsAttributeCertsTest14EE"],
            crls: ["TrustAnchorRootCRL", "onlyContainsAttributeCertsCACRL"], .invalid),
        .init(
            "4.14.15", "Invalid onlySomeReasons Test15",
            certificates: ["onlySomeReasonsCA1Cert", "InvalidonlySomeReasonsTest15EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA1compromiseCRL", "onlySomeReasonsCA1otherreasonsCRL"],
            .invalid),
        .init(
            "4.14.16", "Invalid onlySomeReasons Test16",
            certificates: ["onlySomeReasonsCA1Cert", "InvalidonlySomeReasonsTest16EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA1compromiseCRL", "onlySomeReasonsCA1otherreasonsCRL"],
            .invalid),
        .init(
            "4.14.17", "Invalid onlySomeReasons Test17",
            certificates: ["onlySomeReasonsCA2Cert", "InvalidonlySomeReasonsTest17EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA2CRL1", "onlySomeReasonsCA2CRL2"], .invalid),
        .init(
            "4.14.18", "Valid onlySomeReasons Test18",
            certificates: ["onlySomeReasonsCA3Cert", "ValidonlySomeReasonsTest18EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA3compromiseCRL", "onlySomeReasonsCA3otherreasonsCRL"], .valid
        ),
        .init(
            "4.14.19", "Valid onlySomeReasons Test19",
            certificates: ["onlySomeReasonsCA4Cert", "ValidonlySomeReasonsTest19EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL"], .valid
        ),
        .init(
            "4.14.20", "Invalid onlySomeReasons Test20",
            certificates: ["onlySomeReasonsCA4Cert", "InvalidonlySomeReasonsTest20EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL"],
            .invalid),
        .init(
            "4.14.21", "Invalid onlySomeReasons Test21",
            certificates: ["onlySomeReasonsCA4Cert", "InvalidonlySomeReasonsTest21EE"],
            crls: ["TrustAnchorRootCRL", "onlySomeReasonsCA4compromiseCRL", "onlySomeReasonsCA4otherreasonsCRL"],
            .invalid),
        .init(
            "4.14.22", "Valid IDP with indirectCRL Test22",
            certificates: ["indirectCRLCA1Cert", "ValidIDPwithindirectCRLTest22EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA1CRL"], .valid),
        .init(
            "4.14.23", "Invalid IDP with indirectCRL Test23",
            certificates: ["indirectCRLCA1Cert", "InvalidIDPwithindirectCRLTest23EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA1CRL"], .invalid),
        .init(
            "4.14.24", "Valid IDP with indirectCRL Test24",
            certificates: ["indirectCRLCA2Cert", "indirectCRLCA1Cert", "ValidIDPwithindirectCRLTest24EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA1CRL"], .valid),
        .init(
            "4.14.25", "Valid IDP with indirectCRL Test25",
            certificates: ["indirectCRLCA2Cert", "indirectCRLCA1Cert", "ValidIDPwithindirectCRLTest25EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA1CRL"], .valid),
        .init(
            "4.14.26", "Invalid IDP with indirectCRL Test26",
            certificates: ["indirectCRLCA2Cert", "indirectCRLCA1Cert", "InvalidIDPwithindirectCRLTest26EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA1CRL"], .invalid),
        .init(
            "4.14.27", "Invalid cRLIssuer Test27",
            certificates: ["indirectCRLCA2Cert", "GoodCACert", "InvalidcRLIssuerTest27EE"],
            crls: ["TrustAnchorRootCRL", "GoodCACRL"], .invalid),
        .init(
            "4.14.28", "Valid cRLIssuer Test28",
            certificates: ["indirectCRLCA3Cert", "indirectCRLCA3cRLIssuerCert", "ValidcRLIssuerTest28EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA3CRL", "indirectCRLCA3cRLIssuerCRL"], .valid),
        .init(
            "4.14.29", "Valid cRLIssuer Test29",
            certificates: ["indirectCRLCA3Cert", "indirectCRLCA3cRLIssuerCert", "ValidcRLIssuerTest29EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA3CRL", "indirectCRLCA3cRLIssuerCRL"], .valid),
        .init(
            "4.14.30", "Valid cRLIssuer Test30",
            certificates: ["indirectCRLCA4Cert", "indirectCRLCA4cRLIssuerCert", "ValidcRLIssuerTest30EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA4cRLIssuerCRL"], .valid),
        .init(
            "4.14.31", "Invalid cRLIssuer Test31",
            certificates: ["indirectCRLCA5Cert", "indirectCRLCA6Cert", "InvalidcRLIssuerTest31EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA5CRL"], .invalid),
        .init(
            "4.14.32", "Invalid cRLIssuer Test32",
            certificates: ["indirectCRLCA5Cert", "indirectCRLCA6Cert", "InvalidcRLIssuerTest32EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA5CRL"], .invalid),
        .init(
            "4.14.33", "Valid cRLIssuer Test33",
            certificates: ["indirectCRLCA5Cert", "indirectCRLCA6Cert", "ValidcRLIssuerTest33EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA5CRL"], .valid),
        .init(
            "4.14.34", "Invalid cRLIssuer Test34", certificates: ["indirectCRLCA5Cert", "InvalidcRLIssuerTest34EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA5CRL"], .invalid),
        .init(
            "4.14.35", "Invalid cRLIssuer Test35", certificates: ["indirectCRLCA5Cert", "InvalidcRLIssuerTest35EE"],
            crls: ["TrustAnchorRootCRL", "indirectCRLCA5CRL"], .invalid),
        // 4.15
        .init(
            "4.15.1", "Invalid deltaCRLIndicator No Base Test1",
            certificates: ["deltaCRLIndicatorNoBaseCACert", "InvaliddeltaCRLIndicatorNoBaseTest1EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLIndicatorNoBaseCACRL"], .invalid),
        .init(
            "4.15.2", "Valid delta-CRL Test2", certificates: ["deltaCRLCA1Cert", "ValiddeltaCRLTest2EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .valid),
        .init(
            "4.15.3", "Invalid delta-CRL Test3", certificates: ["deltaCRLCA1Cert", "InvaliddeltaCRLTest3EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .invalid),
        .init(
            "4.15.4", "Invalid delta-CRL Test4", certificates: ["deltaCRLCA1Cert", "InvaliddeltaCRLTest4EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .invalid),
        .init(
            "4.15.5", "Valid delta-CRL Test5", certificates: ["deltaCRLCA1Cert", "ValiddeltaCRLTest5EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .valid),
        .init(
            "4.15.6", "Invalid delta-CRL Test6", certificates: ["deltaCRLCA1Cert", "InvaliddeltaCRLTest6EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .invalid),
        .init(
            "4.15.7", "Valid delta-CRL Test7", certificates: ["deltaCRLCA1Cert", "ValiddeltaCRLTest7EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA1CRL", "deltaCRLCA1deltaCRL"], .valid),
        .init(
            "4.15.8", "Valid delta-CRL Test8", certificates: ["deltaCRLCA2Cert", "ValiddeltaCRLTest8EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA2CRL", "deltaCRLCA2deltaCRL"], .valid),
        .init(
            "4.15.9", "Invalid delta-CRL Test9", certificates: ["deltaCRLCA2Cert", "InvaliddeltaCRLTest9EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA2CRL", "deltaCRLCA2deltaCRL"], .invalid),
        .init(
            "4.15.10", "Invalid delta-CRL Test10", certificates: ["deltaCRLCA3Cert", "InvaliddeltaCRLTest10EE"],
            crls: ["TrustAnchorRootCRL", "deltaCRLCA3CRL", "deltaCRLCA3deltaCRL"], .invalid),
        // 4.16
        .init(
            "4.16.1", "Valid Unknown Not Critical Certificate Extension Test1",
            certificates: ["ValidUnknownNotCriticalCertificateExtensionTest1EE"], crls: ["TrustAnchorRootCRL"], .valid),
        .init(
            "4.16.2", "Invalid Unknown Critical Certificate Extension Test2",
            certificates: ["InvalidUnknownCriticalCertificateExtensionTest2EE"], crls: ["TrustAnchorRootCRL"], .invalid),
    ]
}
