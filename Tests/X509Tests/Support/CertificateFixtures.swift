import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509

/// The certificate files of the shared fixtures and their DER documents.
enum CertificateFixtures {
    /// The folders whose certificates the differential tests read.
    static let folders = ["x509-vectors/real-world", "x509-vectors/custom", "x509-vectors/custom/ca", "jlis-ca"]

    /// Every certificate file, as `folder/name`: CRLs, keys and OCSP files left out.
    static var files: [String] {
        folders.flatMap { folder in
            SharedFixtures.files(in: folder).filter { isCertificateFile($0) }.map { "\(folder)/\($0)" }
        }
    }

    static func isCertificateFile(_ name: String) -> Bool {
        !name.hasPrefix("crl_") && !name.hasSuffix("_crl.pem") && !name.contains("key")
    }

    /// The DER documents of a file: each CERTIFICATE block of a PEM file (other blocks and text
    /// around them ignored), or the file itself when it is DER.
    static func documents(_ path: String) throws -> [[UInt8]] {
        let bytes = try SharedFixtures.bytes(path)
        guard PEMDocument.looksLikePEM(bytes) else { return [bytes] }
        return try PEMDocument.parseAll(bytes: bytes)
            .filter { $0.label == "CERTIFICATE" || $0.label == "X509 CERTIFICATE" }
            .map(\.der)
    }
}
