import Foundation
import JPKIASN1
import JPKIX509

/// What a path must satisfy beyond RFC 5280's rules: the leaf's use.
struct LeafRequirements: Sendable {
    /// Key usages of which the leaf must have at least one (when it has a keyUsage extension).
    var anyOfKeyUsage: KeyUsage
    /// The JPKI kind the leaf must be when its anchor is a J-LIS-shaped root, or `nil` for any.
    var jpkiPurpose: JPKIPurpose?

    static let any = LeafRequirements(anyOfKeyUsage: [], jpkiPurpose: nil)
}

/// Builds a path from a leaf to a trust anchor through supplied intermediates and validates it
/// (RFC 5280 §6.1): signatures, validity at an instant, name chaining (RFC 5280 §7.1
/// comparison), basicConstraints and pathLenConstraint (self-issued certificates not counted),
/// keyUsage, unknown critical extensions (the anchor's too), certificate policies
/// (``PolicyTree``), name constraints (``NameConstraintState``), and the JPKI certificate
/// policies when the anchor is a J-LIS-shaped root.
struct PathValidator {
    /// The extensions the validator processes or that carry no constraint on the path; any
    /// other extension marked critical fails validation.
    static let recognizedExtensions: Set<ASN1ObjectIdentifier> = [
        ASN1ObjectIdentifier.X509ExtensionID.basicConstraints, ASN1ObjectIdentifier.X509ExtensionID.keyUsage,
        ASN1ObjectIdentifier.X509ExtensionID.extendedKeyUsage,
        ASN1ObjectIdentifier.X509ExtensionID.certificatePolicies,
        ASN1ObjectIdentifier.X509ExtensionID.subjectAlternativeName,
        ASN1ObjectIdentifier.X509ExtensionID.issuerAlternativeName,
        ASN1ObjectIdentifier.X509ExtensionID.subjectKeyIdentifier,
        ASN1ObjectIdentifier.X509ExtensionID.authorityKeyIdentifier,
        ASN1ObjectIdentifier.X509ExtensionID.crlDistributionPoints,
        ASN1ObjectIdentifier.X509ExtensionID.authorityInformationAccess,
        ASN1ObjectIdentifier.X509ExtensionID.nameConstraints, ASN1ObjectIdentifier.X509ExtensionID.policyMappings,
        ASN1ObjectIdentifier.X509ExtensionID.policyConstraints, ASN1ObjectIdentifier.X509ExtensionID.inhibitAnyPolicy,
    ]

    /// Check details, made once.
    static let verifiedBy = (0..<12).map { "verified with the key of certificate \($0)" }

    /// The longest chain built, anchor included.
    static let maximumLength = 10

    let anchors: TrustAnchors
    let intermediates: [Certificate]
    /// Keys and summaries worked out once for the verifier's own anchors and intermediates.
    let known: KnownCertificates
    /// The relying party's policy and name settings (RFC 5280 §6.1.1).
    var policy = VerificationPolicy.rfc5280

    private struct Attempt {
        var depth = -1
        var failure: VerificationFailure?

        mutating func record(_ failure: VerificationFailure, depth: Int) {
            if depth >= self.depth {
                self.depth = depth
                self.failure = failure
            }
        }
    }

    /// Validates `leaf` at `time` (whole seconds since 1970), recording each check in `report`; returns the path (leaf
    /// first, anchor last) when one was built, even if a later check failed.
    func validate(
        _ leaf: Certificate, at time: Int64, requirements: LeafRequirements, report: inout VerificationReport
    ) -> [Certificate]? {
        var attempt = Attempt()
        guard let path = extend([leaf], attempt: &attempt) else {
            let failure = attempt.failure ?? .issuerNotFound(CertificateReference(leaf, position: 0))
            report.chain = [known.summary(of: leaf, position: 0, isTrustAnchor: false)]
            let check: VerificationReport.Check.Name
            if case .untrustedRoot = failure { check = .trustAnchor } else { check = .path }
            report.fail(check, attempt.depth, failure)
            return nil
        }
        let last = path.count - 1
        report.chain = path.enumerated().map {
            known.summary(of: $1, position: $0, isTrustAnchor: $0 == last)
        }
        let anchorName = anchors.name(of: path[last])
        report.trustAnchor = anchorName
        report.pass(
            .trustAnchor, last, "\(anchorName.map { "\($0), " } ?? "")SHA-256 \(report.chain[last].reference.sha256)")
        for position in 0..<last {
            report.pass(.signature, position, Self.verifiedBy[min(position + 1, Self.verifiedBy.count - 1)])
            report.pass(.nameChaining, position, "the subject of certificate \(position + 1)")
        }
        for (position, certificate) in path.enumerated() {
            check(certificate, at: position, isAnchor: position == last, path: path, time: time, report: &report)
        }
        checkPolicies(path, report: &report)
        checkNameConstraints(path, report: &report)
        checkLeaf(path, requirements: requirements, report: &report)
        return path
    }

    // MARK: Building

    private func extend(_ path: [Certificate], attempt: inout Attempt) -> [Certificate]? {
        guard let current = path.last else { return nil }
        let depth = path.count - 1
        if anchors.contains(current) { return path }
        lazy var reference = CertificateReference(current, position: depth)
        if current.isSelfIssued,
            SignatureChecker.check(
                signature: current.signature, message: current.tbsCertificateBytes,
                algorithm: current.signatureAlgorithm, key: current.subjectPublicKeyInfo) == .valid
        {
            attempt.record(.untrustedRoot(reference), depth: depth)
            return nil
        }
        guard path.count < Self.maximumLength else {
            attempt.record(.issuerNotFound(reference), depth: depth)
            return nil
        }
        // Name chaining compares as RFC 5280 §7.1 says; equal encodings match at once.
        let named =
            anchors.certificates.filter { $0.subject.matches(current.issuer) }.map { ($0, true) }
            + intermediates.filter { $0.subject.matches(current.issuer) && !path.contains($0) }.map { ($0, false) }
        guard !named.isEmpty else {
            attempt.record(diagnoseMissingIssuer(current, path: path, reference: reference), depth: depth)
            return nil
        }
        for (candidate, isAnchor) in Self.preferringKeyIdentifier(named, of: current) {
            let outcome = SignatureChecker.check(
                signature: current.signature, message: current.tbsCertificateBytes,
                algorithm: current.signatureAlgorithm, key: candidate.subjectPublicKeyInfo,
                cached: known.key(of: candidate))
            switch outcome {
            case .valid:
                if isAnchor { return path + [candidate] }
                if let found = extend(path + [candidate], attempt: &attempt) { return found }
            case .invalid:
                attempt.record(.badSignature(reference), depth: depth)
            case .unsupportedAlgorithm:
                attempt.record(
                    .unsupportedSignatureAlgorithm(reference, algorithm: current.signatureAlgorithm.description),
                    depth: depth)
            }
        }
        return nil
    }

    /// Candidates whose subject key identifier matches the certificate's authority key
    /// identifier first.
    private static func preferringKeyIdentifier(
        _ candidates: [(Certificate, Bool)], of certificate: Certificate
    ) -> [(Certificate, Bool)] {
        guard let keyID = (try? certificate.extensions.authorityKeyIdentifier)??.keyIdentifier else {
            return candidates
        }
        func matches(_ candidate: Certificate) -> Bool {
            (try? candidate.extensions.subjectKeyIdentifier)??.keyIdentifier.elementsEqual(keyID) ?? false
        }
        return candidates.filter { matches($0.0) } + candidates.filter { !matches($0.0) }
    }

    /// Why no issuer was found: a known certificate that signed it under another name, or none.
    private func diagnoseMissingIssuer(
        _ certificate: Certificate, path: [Certificate], reference: CertificateReference
    ) -> VerificationFailure {
        for candidate in anchors.certificates + intermediates where !path.contains(candidate) {
            if SignatureChecker.check(
                signature: certificate.signature, message: certificate.tbsCertificateBytes,
                algorithm: certificate.signatureAlgorithm, key: candidate.subjectPublicKeyInfo) == .valid
            {
                return .issuerNameMismatch(reference, signer: CertificateReference(candidate, position: nil))
            }
        }
        return .issuerNotFound(reference)
    }

    // MARK: Checks

    private func check(
        _ certificate: Certificate, at position: Int, isAnchor: Bool, path: [Certificate], time: Int64,
        report: inout VerificationReport
    ) {
        lazy var reference = CertificateReference(certificate, position: position)
        let notBefore = certificate.notBefore.secondsSince1970
        let notAfter = certificate.notAfter.secondsSince1970
        if time < notBefore {
            report.fail(
                .validity, position,
                .notYetValid(
                    reference, notBefore: Date(secondsSince1970: notBefore), at: Date(secondsSince1970: time)))
        } else if time > notAfter {
            report.fail(
                .validity, position,
                .expired(reference, notAfter: Date(secondsSince1970: notAfter), at: Date(secondsSince1970: time)))
        } else {
            report.pass(.validity, position)
        }
        // Every certificate, the anchor's own extensions included (RFC 5937).
        if let unknown = certificate.extensions.first(where: {
            $0.critical && !Self.recognizedExtensions.contains($0.oid)
        }) {
            report.fail(
                .criticalExtensions, position, .unknownCriticalExtension(reference, oid: unknown.oid.description))
        } else if let broken = Self.malformedCritical(in: certificate) {
            // A critical extension must be processed, so it must decode.
            report.fail(.extensions, position, Self.malformed(broken, reference))
        } else {
            report.pass(.criticalExtensions, position)
        }
        guard position > 0 else { return }
        // An issuer: a CA with keyCertSign (RFC 5280 §6.1.4 (k), (n)).
        let constraints: BasicConstraints?
        let usage: KeyUsage?
        do {
            constraints = try certificate.extensions.basicConstraints
            usage = try certificate.extensions.keyUsage
        } catch {
            report.fail(.extensions, position, Self.malformed(error, reference))
            return
        }
        if let constraints {
            if constraints.isCertificateAuthority {
                report.pass(.basicConstraints, position, constraints.description)
            } else {
                report.fail(.basicConstraints, position, .notACertificateAuthority(reference))
            }
        } else if isAnchor && certificate.version != .v3 {
            report.pass(.basicConstraints, position, "v1/v2 trust anchor")
        } else {
            report.fail(.basicConstraints, position, .notACertificateAuthority(reference))
        }
        if let usage, !usage.contains(.keyCertSign) {
            report.fail(.issuerKeyUsage, position, .missingKeyCertSign(reference))
        } else {
            report.pass(.issuerKeyUsage, position, usage?.description ?? "no keyUsage extension")
        }
        if let maximum = constraints?.maxPathLength {
            // Non-self-issued intermediates between this CA and the leaf.
            var below = 0
            for intermediate in path[1..<position] where !intermediate.isSelfIssued { below += 1 }
            if below > maximum {
                report.fail(.pathLength, position, .pathLengthExceeded(reference, maximum: maximum, actual: below))
            } else {
                report.pass(.pathLength, position, "\(below) of at most \(maximum)")
            }
        }
    }

    private func checkLeaf(_ path: [Certificate], requirements: LeafRequirements, report: inout VerificationReport) {
        guard let leaf = path.first, let anchor = path.last, path.count > 1 else { return }
        lazy var reference = CertificateReference(leaf, position: 0)
        let usage: KeyUsage?
        let policies: CertificatePolicies?
        do {
            usage = try leaf.extensions.keyUsage
            policies = try leaf.extensions.certificatePolicies
        } catch {
            report.fail(.extensions, 0, Self.malformed(error, reference))
            return
        }
        if case .rootCA(let purpose) = known.kind(of: anchor) {
            // A J-LIS-shaped hierarchy: the leaf must be of the anchor's kind, with its policy
            // and key usages.
            let expected = purpose.policy
            let hasPolicy =
                policies?.identifiers.contains { ASN1ObjectIdentifier.JPKI.isPolicy($0, under: expected) } ?? false
            if let wanted = requirements.jpkiPurpose, wanted != purpose {
                report.fail(
                    .jpkiPolicy, 0,
                    .policyMismatch(reference, expected: "a JPKI \(wanted) certificate, not one of the \(purpose) root")
                )
            } else if !hasPolicy {
                report.fail(
                    .jpkiPolicy, 0, .policyMismatch(reference, expected: "certificate policy \(expected) or a sub-arc"))
            } else {
                report.pass(.jpkiPolicy, 0, "JPKI \(purpose) policy")
            }
            let needed: KeyUsage = purpose == .signature ? [.digitalSignature, .nonRepudiation] : [.digitalSignature]
            if let usage, usage.isSuperset(of: needed) {
                report.pass(.leafKeyUsage, 0, usage.description)
            } else {
                report.fail(
                    .leafKeyUsage, 0, .keyUsageNotAllowed(reference, required: Self.names(needed)))
            }
            return
        }
        if let usage, !requirements.anyOfKeyUsage.isEmpty, usage.isDisjoint(with: requirements.anyOfKeyUsage) {
            report.fail(
                .leafKeyUsage, 0,
                .keyUsageNotAllowed(reference, required: Self.names(requirements.anyOfKeyUsage)))
        } else {
            report.pass(.leafKeyUsage, 0, usage?.description ?? "no keyUsage extension")
        }
    }

    /// The error of the first critical extension, other than basicConstraints and keyUsage
    /// (read by the checks themselves), whose value does not decode.
    static func malformedCritical(in certificate: Certificate) -> X509Error? {
        for item in certificate.extensions where item.critical {
            if item.oid == ASN1ObjectIdentifier.X509ExtensionID.basicConstraints
                || item.oid == ASN1ObjectIdentifier.X509ExtensionID.keyUsage
            {
                continue
            }
            do {
                _ = try item.decodedValue()
            } catch {
                return error
            }
        }
        return nil
    }

    static func names(_ usage: KeyUsage) -> [String] {
        var names: [String] = []
        if usage.contains(.digitalSignature) { names.append("digitalSignature") }
        if usage.contains(.nonRepudiation) { names.append("nonRepudiation") }
        if usage.contains(.keyCertSign) { names.append("keyCertSign") }
        if usage.contains(.cRLSign) { names.append("cRLSign") }
        return names
    }

    static func malformed(_ error: X509Error, _ reference: CertificateReference) -> VerificationFailure {
        if case .invalidExtension(let oid, let rule) = error {
            return .malformedExtension(reference, oid: oid.description, detail: rule.description)
        }
        return .malformedExtension(reference, oid: "?", detail: error.description)
    }
}
