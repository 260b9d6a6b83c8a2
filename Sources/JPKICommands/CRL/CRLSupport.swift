import JPKIRevocationIndex
import JPKIX509

/// What the crl subcommands share: reading CRLs and certificates, indexing, timing.
extension CRLCommand {
    /// Reads a CRL (a DER file is memory-mapped), or exits with code 2.
    static func loadCRL(_ path: String) throws -> CertificateRevocationList {
        do {
            return try CertificateRevocationList(contentsOfFile: path)
        } catch {
            throw fail("\(path): \(error.description)")
        }
    }

    /// Indexes a CRL, with progress on a terminal, or exits with code 2.
    static func buildIndex(_ crl: CertificateRevocationList) throws -> RevocationIndex {
        let progress = ProgressBar(label: "indexing", enabled: crl.byteCount > 16 << 20)
        do {
            let index = try RevocationIndex(crl, progress: { progress.update($0) })
            progress.finish()
            return index
        } catch {
            progress.finish()  // before the message, which would otherwise follow the bar on its line
            throw fail(error.description)
        }
    }

    /// Reads a certificate (PEM or DER), or exits with code 2.
    static func loadCertificate(_ path: String) throws -> Certificate {
        do {
            let documents = try InputFile(path: path).documents()
            guard let document = documents.first(where: { $0.label == nil || $0.label == "CERTIFICATE" }) else {
                throw fail("\(path): no CERTIFICATE")
            }
            return try Certificate(derEncoded: document.der)
        } catch let error as CommandError {
            throw fail(error.description)
        } catch let error as X509Error {
            throw fail("\(path): \(error.description)")
        }
    }

    /// A duration in seconds, as the JSON outputs give times.
    static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
