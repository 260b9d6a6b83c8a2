import ArgumentParser
import Foundation
import JPKIASN1
import JPKIRevocationIndex
import JPKIVerification
import JPKIX509

extension VerifyCommand {
    /// The options every `verify` subcommand takes: trust (the embedded J-LIS roots, and
    /// more anchors), intermediates, revocation sources, the time and the output.
    struct TrustOptions: ParsableArguments {
        @Option(
            name: .customLong("anchor"),
            help: """
                A trust anchor (root) certificate, DER or PEM, trusted besides the six J-LIS roots embedded \
                in jpki; repeatable.
                """)
        var anchors: [String] = []

        @Flag(help: "Trust --anchor certificates that are not pinned J-LIS roots (test and other PKIs).")
        var allowUnpinned = false

        @Option(
            name: .customLong("policy"),
            help: ArgumentHelp(
                """
                A certificate policy the path must be valid for (RFC 5280's user-initial-policy-set), a dotted \
                OID; repeatable; default any policy.
                """, valueName: "OID"))
        var policies: [String] = []

        @Flag(help: "Require the path to be valid for a policy even when no CA asks for one (RFC 5280).")
        var requireExplicitPolicy = false

        @Flag(help: "Refuse policy mappings from the start (RFC 5280's initial-policy-mapping-inhibit).")
        var inhibitPolicyMapping = false

        @Flag(help: "Ignore anyPolicy in certificates from the start (RFC 5280's initial-any-policy-inhibit).")
        var inhibitAnyPolicy = false

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

        /// The RFC 5280 policy settings of --policy and the three flags, or exit 2 for a
        /// malformed OID.
        func verificationPolicy() throws -> VerificationPolicy {
            var accepted: Set<ASN1ObjectIdentifier> = []
            for text in policies {
                do {
                    accepted.insert(try ASN1ObjectIdentifier(dotted: text))
                } catch {
                    throw fail("--policy: not an OID in dotted form (e.g. 1.2.392.200149.8.5.1.1): \(text)")
                }
            }
            return VerificationPolicy(
                userInitialPolicySet: accepted.isEmpty ? [CertificatePolicies.anyPolicy] : accepted,
                initialExplicitPolicy: requireExplicitPolicy, initialPolicyMappingInhibit: inhibitPolicyMapping,
                initialAnyPolicyInhibit: inhibitAnyPolicy)
        }

        /// A verifier and what went wrong with the evidence given to it.
        struct Trust {
            /// The verifier.
            var verifier: JPKIVerifier
            /// `<path>: <why>` for each --crl file the CRL store refused.
            var refusedCRLs: [String]
            /// `<path>: <why>` for each --intermediate file that holds no certificate that parses.
            var malformedIntermediates: [String] = []
        }

        /// The verifier the options describe: the embedded J-LIS roots and each --anchor
        /// (pinned, or with --allow-unpinned any), the policy settings, or exit 2 for a bad command line or an
        /// unreadable file. A --crl file that is readable but not a CRL the store accepts
        /// (malformed, not signed by a known issuer, older than another, a delta without its
        /// base…), or an --intermediate file that holds no certificate that parses, does not stop
        /// the run: ``finish(_:trust:extra:)`` makes the result invalid with the reason.
        func trust() throws -> Trust {
            let verificationPolicy = try verificationPolicy()
            var anchors = TrustAnchors.jlis
            for path in self.anchors {
                let found = try certificates(path)
                for (index, certificate) in found.enumerated() {
                    let name =
                        JLISRoot.identify(certificate)?.description
                        ?? "\(certificate.subject) (\(path)\(found.count > 1 ? " #\(index + 1)" : ""))"
                    if allowUnpinned {
                        anchors = anchors.adding(custom: certificate, name: name)
                    } else {
                        do {
                            anchors = try anchors.adding(pinned: certificate, name: name)
                        } catch {
                            throw fail("\(path): \(error) (use --allow-unpinned to trust it anyway)")
                        }
                    }
                }
            }
            var intermediates: [JPKIX509.Certificate] = []
            var malformed: [String] = []
            for path in self.intermediates {
                switch try VerifyCommand.pathCertificates(path) {
                case .success(let found): intermediates += found
                case .failure(let why): malformed.append(why.detail)
                }
            }
            var sources: [any RevocationSource] = []
            var refused: [String] = []
            if !crls.isEmpty {
                let store = CRLStore(anchors: anchors, intermediates: intermediates)
                var loaded: [(path: String, crl: CertificateRevocationList)] = []
                for path in crls {
                    guard FileManager.default.isReadableFile(atPath: path) else { throw fail("\(path): cannot read") }
                    do {
                        loaded.append((path, try CertificateRevocationList(contentsOfFile: path, mapping: true)))
                    } catch {
                        refused.append("\(path): \(CRLStoreError.malformed(error))")
                    }
                }
                // Complete CRLs before the deltas that apply over them.
                for (path, crl) in loaded.filter({ $0.crl.deltaCRLIndicator == nil })
                    + loaded.filter({ $0.crl.deltaCRLIndicator != nil })
                {
                    do {
                        try store.update(with: crl)
                    } catch {
                        refused.append("\(path): \(error)")
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
            return Trust(
                verifier: JPKIVerifier(
                    anchors: anchors, intermediates: intermediates, revocation: policy, policy: verificationPolicy),
                refusedCRLs: refused, malformedIntermediates: malformed)
        }

        /// The leaf of `operation` (`certificate`, `authentication`, `signature`) in the file at
        /// `path`: exit 2 when the file cannot be read; when it holds no certificate that parses,
        /// prints the invalid report with the reason and exits 1 (a malformed certificate in the
        /// path is a negative answer).
        func leaf(_ path: String, operation: String, trust: Trust) throws -> JPKIX509.Certificate {
            switch try VerifyCommand.pathCertificates(path) {
            case .success(let found):
                if let first = found.first { return first }
                throw fail("no CERTIFICATE in \(path)")
            case .failure(let why):
                let report = trust.verifier.malformedInputReport(
                    operation: operation, detail: "certificate \(why.detail)", at: try time())
                try finish(report, trust: trust)
                throw ExitStatus.negative
            }
        }

        /// Prints the report, made invalid by each malformed intermediate and refused CRL of
        /// `trust`, and ends with the exit code of its verdict (1 when invalid).
        func finish(_ report: VerificationReport, trust: Trust, extra: [String] = []) throws {
            var report = report
            // A malformed intermediate or a refused CRL is the first reason: the evidence given
            // could not be used.
            let unusable =
                trust.malformedIntermediates.map {
                    (name: VerificationReport.Check.Name.path, detail: "certificate \($0)")
                }
                + trust.refusedCRLs.map { (name: VerificationReport.Check.Name.revocation, detail: "CRL \($0)") }
            let refusals = unusable.map { VerificationFailure.malformedInput(detail: $0.detail) }
            if !refusals.isEmpty {
                report.checks += zip(unusable, refusals).map {
                    .init(name: $0.name, position: nil, passed: false, detail: $1.description)
                }
                report.failures.insert(contentsOf: refusals, at: 0)
                report.verdict = .invalid
            }
            if json {
                printJSON(report)
            } else {
                print(report.isValid ? "valid" : "invalid")
                for line in extra { print(line) }
                for (index, certificate) in report.chain.enumerated() {
                    print("  chain[\(index)]: \(certificate.reference.subject)")
                }
                if let anchor = report.trustAnchor { print("  anchored by: \(anchor)") }
                for record in report.revocation {
                    var line = "  revocation[\(record.position)]: \(record.status)"
                    if let evidence = record.evidence {
                        line += " per \(evidence.kind) of \(evidence.issuer)"
                        if let scope = evidence.scope { line += " (\(scope))" }
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
