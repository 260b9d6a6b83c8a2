import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// The certificates of a file, or exit 2.
    static func certificates(_ path: String) throws -> [JPKIX509.Certificate] {
        try InputFile.documentsOrExit(path, labels: ["CERTIFICATE", "X509 CERTIFICATE"], kind: "CERTIFICATE").map {
            do {
                return try JPKIX509.Certificate(derEncoded: $0.der)
            } catch {
                throw fail("\(path): \(error)")
            }
        }
    }

    /// The first certificate of a file, or exit 2.
    static func certificate(_ path: String) throws -> JPKIX509.Certificate {
        guard let first = try certificates(path).first else { throw fail("no CERTIFICATE in \(path)") }
        return first
    }

    /// The signer's basic 4 information as report lines (none without it).
    static func describe(_ signer: BasicFourInformation?) -> [String] {
        guard let signer else { return [] }
        return [
            "  name: \(signer.name)", "  sex: \(signer.sex)", "  birthDate: \(signer.birthDate)",
            "  address: \(signer.address)",
        ]
    }
}
