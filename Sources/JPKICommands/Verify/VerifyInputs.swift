import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// The certificates of a file (trust anchors, time-stamp roots), or exit 2.
    static func certificates(_ path: String) throws -> [JPKIX509.Certificate] {
        try InputFile.documentsOrExit(path, labels: ["CERTIFICATE", "X509 CERTIFICATE"], kind: "CERTIFICATE").map {
            do {
                return try JPKIX509.Certificate(derEncoded: $0.der)
            } catch {
                throw fail("\(path): \(error)")
            }
        }
    }

    /// Why a file of the path (the leaf, an intermediate) holds no certificate that parses.
    struct MalformedCertificate: Error {
        /// `<path>: <the reader's error>`.
        var detail: String
    }

    /// The certificates of a file of the path (the leaf, an intermediate): exit 2 when the file
    /// cannot be read; content that is not a certificate is a `failure`, which makes the
    /// result invalid with the reason (exit 1): a malformed certificate in the path is a
    /// negative answer, not a wrong command line.
    static func pathCertificates(_ path: String) throws -> Result<[JPKIX509.Certificate], MalformedCertificate> {
        let documents: [InputFile.Document]
        do {
            documents = try InputFile(path: path).documents()
        } catch {
            if case .unreadableFile = error { throw fail(error.description) }
            return .failure(MalformedCertificate(detail: "\(path): \(error)"))
        }
        var found: [JPKIX509.Certificate] = []
        for document in documents {
            if let label = document.label, !["CERTIFICATE", "X509 CERTIFICATE"].contains(label) { continue }
            do {
                found.append(try JPKIX509.Certificate(derEncoded: document.der))
            } catch {
                return .failure(MalformedCertificate(detail: "\(path): \(error)"))
            }
        }
        guard !found.isEmpty else { return .failure(MalformedCertificate(detail: "\(path): no CERTIFICATE")) }
        return .success(found)
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
