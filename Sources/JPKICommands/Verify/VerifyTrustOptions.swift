import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// The options every `verify` subcommand takes.
    struct TrustOptions: ParsableArguments {
        @Option(name: .customLong("anchor"), help: "A trust anchor (root) certificate, DER or PEM; repeatable.")
        var anchors: [String] = []

        @Flag(help: "Trust --anchor certificates that are not pinned J-LIS roots (test and other PKIs).")
        var allowUnpinned = false

        @Option(name: .customLong("intermediate"), help: "An intermediate CA certificate; repeatable.")
        var intermediates: [String] = []

        @Option(name: .customLong("crl"), help: "A CRL file (DER is memory-mapped, or PEM); repeatable.")
        var crls: [String] = []

        @Option(help: "An OCSP responder URL, asked when no CRL answers.")
        var ocsp: String?

        @Flag(help: "Soft-fail: an unknown revocation status does not make the result invalid.")
        var softFail = false

        @Option(help: "The validation time, ISO 8601 (e.g. 2025-06-01T00:00:00Z); default now.")
        var at: String?

        @Flag(help: "Print the audit report as JSON.")
        var json = false

        /// The time to validate at, or exit 2.
        func time() throws -> Date {
            guard let at else { return Date() }
            guard let date = ISO8601DateFormatter().date(from: at) else {
                throw fail("--at: not an ISO 8601 time: \(at)")
            }
            return date
        }

        /// The verifier the options describe, or exit 2.
        func verifier() throws -> JPKIVerifier {
            var anchors = TrustAnchors(custom: [])
            for path in self.anchors {
                for certificate in try certificates(path) {
                    if allowUnpinned {
                        anchors = anchors.adding(custom: certificate)
                    } else {
                        do {
                            anchors = try anchors.adding(pinned: certificate)
                        } catch {
                            throw fail("\(path): \(error) (use --allow-unpinned to trust it anyway)")
                        }
                    }
                }
            }
            guard !anchors.certificates.isEmpty else { throw fail("no trust anchor: give --anchor") }
            let intermediates = try self.intermediates.flatMap { try certificates($0) }
            var sources: [any RevocationSource] = []
            if !crls.isEmpty {
                let store = CRLStore(anchors: anchors, intermediates: intermediates)
                for path in crls {
                    do {
                        try store.update(contentsOfFile: path)
                    } catch {
                        throw fail("\(path): \(error)")
                    }
                }
                sources.append(store)
            }
            if let ocsp {
                guard let url = URL(string: ocsp), url.scheme == "http" || url.scheme == "https" else {
                    throw fail("--ocsp: not an http(s) URL: \(ocsp)")
                }
                sources.append(OCSPClient(configuration: .init(responderURL: url)))
            }
            let policy =
                sources.isEmpty
                ? RevocationPolicy.none
                : RevocationPolicy(sources: sources, failureMode: softFail ? .softFail : .hardFail)
            return JPKIVerifier(anchors: anchors, intermediates: intermediates, revocation: policy)
        }

        /// Prints the report and ends with the exit code of its verdict.
        func finish(_ report: VerificationReport, extra: [String] = []) throws {
            if json {
                printJSON(report)
            } else {
                print(report.isValid ? "valid" : "invalid")
                for line in extra { print(line) }
                for (index, certificate) in report.chain.enumerated() {
                    print("  chain[\(index)]: \(certificate.reference.subject)")
                }
                for record in report.revocation {
                    var line = "  revocation[\(record.position)]: \(record.status)"
                    if let evidence = record.evidence {
                        line += " per \(evidence.kind) of \(evidence.issuer)"
                        if let number = evidence.crlNumber { line += ", CRL number \(number)" }
                        if let produced = evidence.producedAt { line += ", producedAt \(ASN1Time(produced))" }
                    }
                    print(line)
                }
                for reason in report.reasons { print("  reason: \(reason)") }
            }
            if !report.isValid {
                printError("invalid: \(report.reasons.first ?? "unknown reason")")
                throw ExitStatus.negative
            }
        }
    }
}
