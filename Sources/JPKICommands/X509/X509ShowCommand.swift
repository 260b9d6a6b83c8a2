import ArgumentParser
import JPKIX509

extension X509Command {
    /// `jpki x509 show FILE`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a certificate's fields, its extensions decoded, and its JPKI profile.",
            discussion: """
                The file is DER or PEM; every CERTIFICATE in a PEM file is shown. For a JPKI \
                certificate the kind (signature, user authentication, J-LIS root CA), the CRL \
                partition (prefecture and city) and, for a signature certificate, the basic 4 \
                information (name, sex, birth date with its era, address, substitute-character \
                flags) are printed. A certificate that does not parse, or an extension or basic 4 \
                information that does not decode, ends with `error: <message>` and exit code 2.

                Examples:
                  jpki x509 show signature.pem
                  jpki x509 show --json signature.pem | jq .basicFourInformation
                """
        )

        @Argument(help: "A certificate file, DER or PEM.")
        var file: String

        @Flag(help: "Print the certificate as JSON.")
        var json = false

        func run() async throws {
            let ders = try InputFile.documentsOrExit(
                file, labels: ["CERTIFICATE", "X509 CERTIFICATE"], kind: "CERTIFICATE")
            var reports: [CertificateReport] = []
            for document in ders {
                do {
                    reports.append(CertificateReport(try Certificate(derEncoded: document.der)))
                } catch {
                    throw fail(error.description)
                }
            }
            if json {
                printJSON(Output(file: file, certificates: reports))
            } else {
                print(reports.map(\.text).joined(separator: "\n\n"))
            }
            if let problem = reports.lazy.flatMap(\.problems).first { throw fail(problem) }
        }
    }

    /// The JSON document `jpki x509 show --json` prints.
    struct Output: Encodable {
        var file: String
        var certificates: [CertificateReport]
    }
}
