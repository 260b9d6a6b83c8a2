import CBenchmarkOpenSSL
import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509

/// One certificate the parse benchmarks run on.
public struct CertificateParseInput: Sendable {
    /// A short name for tables.
    public let name: String
    /// The DER.
    public let der: [UInt8]
}

/// The inputs: a JPKI-shaped signature certificate (made here with the JPKI builder: the
/// 4 information, CRL distribution point, policies, issuerAltName) and the J-LIS signature CA.
public enum CertificateParseInputs {
    /// Builds the JPKI leaf and reads the J-LIS CA from the shared fixtures when present.
    public static func load() throws -> (inputs: [CertificateParseInput], problems: [String]) {
        var inputs: [CertificateParseInput] = []
        var problems: [String] = []
        let start = ASN1Time(secondsSince1970: 1_700_000_000)
        let end = ASN1Time(secondsSince1970: 2_000_000_000)
        let rootKey = try SigningKey(generatingRSABits: 2048)
        let root = try JPKICertificateBuilder.rootCA(
            purpose: .signature, subjectPublicKeyInfo: try rootKey.subjectPublicKeyInfo, notBefore: start,
            notAfter: end
        ).sign(with: rootKey)
        let cardKey = try SigningKey(generatingRSABits: 2048)
        let information = BasicFourInformation(
            name: "番号　花子", nameSubstituteCharacters: .none, sex: .female,
            birthDate: try JPKIBirthDate("319650415"), address: "東京都千代田区永田町一丁目1番1号",
            addressSubstituteCharacters: .none)
        let leaf = try JPKICertificateBuilder.signatureCertificate(
            subjectPublicKeyInfo: try cardKey.subjectPublicKeyInfo, identifier: "ABCDEFGHIJ0123456789",
            municipality: JPKIMunicipality(prefecture: "東京都", city: "千代田区"), information: information,
            serialNumber: [0x01, 0xFE, 0x8C, 0x93], notBefore: start, notAfter: end, issuer: root
        ).sign(with: rootKey)
        inputs.append(CertificateParseInput(name: "jpki_signature_leaf", der: leaf.derEncoded))
        let caPath = DERWalkFixtures.directory.appendingPathComponent("jlis-ca/sign_ca_2023.pem")
        if let text = try? String(contentsOf: caPath, encoding: .utf8), let ca = try? JPKIX509.Certificate(pemEncoded: text)
        {
            inputs.append(CertificateParseInput(name: "sign_ca_2023", der: ca.derEncoded))
        } else {
            problems.append("missing \(caPath.path): the J-LIS CA is not measured")
        }
        return (inputs, problems)
    }
}

/// The fixtures folder beside the repository.
enum DERWalkFixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures")
    }
}

/// The operations timed: a full parse by swift-jpki and by OpenSSL (swift-certificates' is in
/// SwiftCertificatesParse, whose module is also named X509).
public enum CertificateParseOperations {
    /// swift-jpki: `Certificate(derEncoded:)` — the whole structure checked, names validated,
    /// extensions listed; returns something derived so the work is not optimised away.
    @inline(never)
    public static func ours(_ der: [UInt8]) -> Int {
        guard let certificate = try? JPKIX509.Certificate(derEncoded: der) else { return -1 }
        return certificate.extensions.count &+ certificate.serialNumber.count
    }

    /// OpenSSL: `d2i_X509` then `X509_free`.
    @inline(never)
    public static func openSSL(_ der: [UInt8]) -> Int {
        der.withUnsafeBufferPointer { buffer -> Int in
            var pointer = buffer.baseAddress
            guard let certificate = d2i_X509(nil, &pointer, buffer.count) else { return -1 }
            defer { X509_free(certificate) }
            return Int(X509_get_ext_count(certificate))
        }
    }
}
