import JPKIASN1
import JPKISimulator
import JPKIX509

/// A J-LIS-shaped test PKI built by ``JPKICertificateBuilder``: the two roots and one card's
/// signature and user-authentication certificates.
struct TestPKI: Sendable {
    let signatureRootKey: SigningKey
    let authenticationRootKey: SigningKey
    let signatureRoot: Certificate
    let authenticationRoot: Certificate
    let signatureKey: SigningKey
    let authenticationKey: SigningKey
    let signatureCertificate: Certificate
    let authenticationCertificate: Certificate

    /// The holder's basic 4 information.
    let information: BasicFourInformation

    static let municipality = JPKIMunicipality(prefecture: "東京都", city: "千代田区")

    static func makeInformation() throws -> BasicFourInformation {
        BasicFourInformation(
            name: "番号　花子",
            nameSubstituteCharacters: .init([false, false, true, false, false]),
            sex: .female,
            birthDate: try JPKIBirthDate("319650415"),
            address: "東京都千代田区永田町一丁目1番1号",
            addressSubstituteCharacters: .none)
    }

    static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0)
        throws -> ASN1Time
    {
        try ASN1Time(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            form: year < 2050 ? .utcTime : .generalizedTime)
    }

    /// Built once per test run.
    static let shared: Result<TestPKI, any Error> = Result { try TestPKI() }

    init() throws {
        information = try Self.makeInformation()
        signatureRootKey = try SigningKey(generatingRSABits: 2048)
        authenticationRootKey = try SigningKey(generatingRSABits: 2048)
        signatureKey = try SigningKey(generatingRSABits: 2048)
        authenticationKey = try SigningKey(generatingRSABits: 2048)
        let rootStart = try Self.time(2023, 7, 16, 0, 50, 27)
        let rootEnd = try Self.time(2033, 7, 15, 14, 59, 59)
        signatureRoot = try JPKICertificateBuilder.rootCA(
            purpose: .signature, subjectPublicKeyInfo: try signatureRootKey.subjectPublicKeyInfo,
            serialNumber: [0x06, 0x7C, 0x6A, 0x21], notBefore: rootStart, notAfter: rootEnd
        ).sign(with: signatureRootKey)
        authenticationRoot = try JPKICertificateBuilder.rootCA(
            purpose: .userAuthentication, subjectPublicKeyInfo: try authenticationRootKey.subjectPublicKeyInfo,
            serialNumber: [0x06, 0xD1, 0x80, 0x06], notBefore: rootStart, notAfter: rootEnd
        ).sign(with: authenticationRootKey)
        let start = try Self.time(2025, 4, 1, 1, 2, 3)
        let end = try Self.time(2030, 4, 15, 14, 59, 59)
        signatureCertificate = try JPKICertificateBuilder.signatureCertificate(
            subjectPublicKeyInfo: try signatureKey.subjectPublicKeyInfo, identifier: "SIGN0123456789ABCDEF",
            municipality: Self.municipality, information: information, serialNumber: [0x12, 0x34, 0x56],
            notBefore: start, notAfter: end, issuer: signatureRoot,
            policy: "1.2.392.200149.8.5.1.1.20", ocspResponder: "http://ocsp.example.jp/sign"
        ).sign(with: signatureRootKey)
        authenticationCertificate = try JPKICertificateBuilder.userAuthenticationCertificate(
            subjectPublicKeyInfo: try authenticationKey.subjectPublicKeyInfo, identifier: "AUTH0123456789ABCDEF",
            municipality: Self.municipality, serialNumber: [0x65, 0x43, 0x21], notBefore: start, notAfter: end,
            issuer: authenticationRoot
        ).sign(with: authenticationRootKey)
    }
}
