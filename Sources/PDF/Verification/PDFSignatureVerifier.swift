import Foundation
import JPKIASN1
import JPKIVerification
import JPKIX509

/// Verifies every signature and document timestamp of a PDF.
///
/// For each signed field: the coverage (`/ByteRange` starts at 0, leaves out exactly the
/// `/Contents` string, ranges in order and inside the file, ending at a revision's `%%EOF`), the
/// value (a hexadecimal DER CMS and zero padding), the CMS (signer by issuer and serial number
/// or subject key identifier, signed attributes, messageDigest over the byte ranges, the
/// signature) and the signer's chain and revocation through `JPKIVerifier` — at the time a
/// signature timestamp proves, else at `/M` (marked unproven) — the ESS signing-certificate
/// attribute, the timestamp, and what each later revision changed. The DSS's certificates and
/// CRLs are used for chains and revocation (B-LT).
///
/// ```swift
/// let verifier = PDFSignatureVerifier(verifier: JPKIVerifier(anchors: roots, revocation: .hardFail(crls)))
/// let report = try await verifier.verify(contentsOfFile: "signed.pdf")
/// for signature in report.signatures { print(signature.fieldName, signature.verdict) }
/// ```
public struct PDFSignatureVerifier: Sendable {
    /// The verifier of signers' chains.
    public var verifier: JPKIVerifier
    /// The verifier of timestamp authorities' chains (the signers' verifier when `nil`).
    public var timestampVerifier: JPKIVerifier?
    /// Whether the DSS's certificates and CRLs take part (as intermediates and a revocation
    /// source in hard-fail).
    public var usesDocumentSecurityStore: Bool

    /// A verifier.
    public init(verifier: JPKIVerifier, timestampVerifier: JPKIVerifier? = nil, usesDocumentSecurityStore: Bool = true)
    {
        self.verifier = verifier
        self.timestampVerifier = timestampVerifier
        self.usesDocumentSecurityStore = usesDocumentSecurityStore
    }

    /// Reads and verifies the file at `path`.
    ///
    /// - Parameters:
    ///   - path: the PDF, memory-mapped.
    ///   - time: validate chains at this time instead of the signatures' own.
    /// - Throws: ``PDFError`` when the file cannot be read as a PDF.
    public func verify(contentsOfFile path: String, at time: Date? = nil) async throws(PDFError)
        -> PDFVerificationReport
    {
        try await verify(PDFDocument(contentsOfFile: path), at: time)
    }

    /// Verifies every signature of `document`.
    ///
    /// The byte ranges are hashed where they lie, in one sweep over the file: the prefix that
    /// several signatures cover is hashed once.
    ///
    /// - Parameters:
    ///   - document: the PDF.
    ///   - time: validate chains at this time instead of the signatures' own.
    /// - Throws: ``PDFError`` when the form's structure cannot be read.
    public func verify(_ document: PDFDocument, at time: Date? = nil) async throws(PDFError) -> PDFVerificationReport {
        let fields = try document.signatureFields()
        let dss = try document.documentSecurityStore()
        let (signers, timestamps) = verifiers(with: dss)
        var pending: [Pending] = []
        var unsigned: [String] = []
        var revisionChanges: [Int: PDFRevisionChanges] = [:]
        for field in fields {
            guard let signature = field.signature else {
                unsigned.append(field.name)
                continue
            }
            pending.append(
                prepare(signature, field: field.name, in: document, at: time, revisionChanges: &revisionChanges))
        }
        let digests = RangeDigests(
            document: document, requests: pending.map { ($0.ranges, $0.algorithms) }, fileDigest: .sha256)
        var reports: [PDFSignatureReport] = []
        for (index, item) in pending.enumerated() {
            var report = await finish(
                item, digests: digests.results[index], at: time, signers: signers, timestamps: timestamps)
            report.decide()
            reports.append(report)
        }
        Self.markSharedDictionaries(&reports, pending.map(\.signature))
        Self.assignLevels(&reports, document: document)
        let verdict: PDFSignatureReport.Verdict
        if reports.isEmpty || reports.contains(where: { $0.verdict == .invalid }) {
            verdict = .invalid
        } else if reports.contains(where: { $0.verdict == .modified }) {
            verdict = .modified
        } else {
            verdict = .valid
        }
        return PDFVerificationReport(
            fileSize: document.fileSize, fileSHA256: Hex.encode(digests.file), revisions: document.revisions.count,
            signatures: reports, unsignedFields: unsigned,
            dss: dss.map {
                .init(
                    certificates: $0.certificates.count, crls: $0.crls.count, ocspResponses: $0.ocspResponses.count,
                    vri: $0.vriCount)
            }, verdict: verdict)
    }

    /// Fields whose signature is one dictionary (one indirect object, or equal inline
    /// dictionaries): each report says so once, naming the first other field of the group.
    /// Grouped in one pass: thousands of fields sharing one dictionary would make a comparison
    /// of every pair, and a failure for each, quadratic.
    private static func markSharedDictionaries(
        _ reports: inout [PDFSignatureReport], _ signatures: [PDFSignatureDictionary]
    ) {
        enum Identity: Hashable {
            case object(PDFReference)
            case inline(PDFDictionary)
        }
        var groups: [Identity: [Int]] = [:]
        var order: [Identity] = []
        for (index, signature) in zip(reports.indices, signatures) {
            let identity = signature.reference.map(Identity.object) ?? .inline(signature.dictionary)
            if groups[identity] == nil { order.append(identity) }
            groups[identity, default: []].append(index)
        }
        for identity in order {
            guard let members = groups[identity], members.count > 1 else { continue }
            for member in members {
                guard let other = members.first(where: { $0 != member }) else { continue }
                reports[member].fail(
                    .uniqueSignature, .sharedSignatureDictionary(otherField: reports[other].fieldName))
                reports[member].decide()
            }
        }
    }

    /// The signer and TSA verifiers, with the DSS's certificates as intermediates and its CRLs
    /// as a revocation source.
    private func verifiers(with dss: DocumentSecurityStore?) -> (JPKIVerifier, JPKIVerifier) {
        let timestamps = timestampVerifier ?? verifier
        guard usesDocumentSecurityStore, let dss else { return (verifier, timestamps) }
        let certificates = dss.certificates.compactMap { try? Certificate(derEncoded: $0) }
        /// `base` with the DSS's certificates and revocation data; in hard-fail when `base` had no
        /// revocation source and `hardFail` (the signer's chain: B-LT promises its revocation
        /// data; a TSA's certificate often has no revocation pointer at all).
        func extended(_ base: JPKIVerifier, hardFail: Bool) -> JPKIVerifier {
            var sources = base.revocation.sources
            var mode = base.revocation.failureMode
            if !dss.ocspResponses.isEmpty {
                sources.insert(StoredOCSPResponses(responses: dss.ocspResponses), at: 0)
                if base.revocation.sources.isEmpty { mode = hardFail ? .hardFail : .softFail }
            }
            if !dss.crls.isEmpty {
                let store = CRLStore(anchors: base.anchors, intermediates: base.intermediates + certificates)
                var installed = 0
                for crl in dss.crls where (try? store.update(derEncoded: crl)) != nil { installed += 1 }
                if installed > 0 {
                    sources.insert(store, at: 0)
                    if base.revocation.sources.isEmpty { mode = hardFail ? .hardFail : .softFail }
                }
            }
            return JPKIVerifier(
                anchors: base.anchors, intermediates: base.intermediates + certificates,
                revocation: RevocationPolicy(
                    sources: sources, failureMode: mode, checkIntermediates: base.revocation.checkIntermediates))
        }
        return (extended(verifier, hardFail: true), extended(timestamps, hardFail: false))
    }

    // MARK: One signature

    /// A signature read and checked as far as it goes without the digests of its byte ranges.
    private struct Pending {
        enum Value {
            /// Nothing more to check (a failure ended it).
            case done
            /// A CMS signature.
            case signature(CMSSignedData, der: [UInt8])
            /// A document timestamp.
            case documentTimestamp(TimestampToken)
        }

        var signature: PDFSignatureDictionary
        var report: PDFSignatureReport
        var ranges: [Range<Int>]
        var algorithms: Set<DigestAlgorithm>
        var value: Value
    }

    /// Coverage, later revisions, the value and its parse.
    ///
    /// - Parameter revisionChanges: the later revisions' changes worked out so far, shared by
    ///   the signatures of the file.
    private func prepare(
        _ signature: PDFSignatureDictionary, field: String, in document: PDFDocument, at requested: Date?,
        revisionChanges: inout [Int: PDFRevisionChanges]
    ) -> Pending {
        let report = PDFSignatureReport(
            fieldName: field, isDocumentTimestamp: signature.isDocumentTimestamp,
            subFilter: signature.subFilter?.string, level: nil, claimedSigningTime: signature.signingTime?.iso8601,
            signerName: signature.signerName, reason: signature.reason, location: signature.location,
            contactInfo: signature.contactInfo, coverage: nil, laterRevisions: [],
            validationTime: (requested ?? Date()).iso8601, timeSource: requested == nil ? .now : .requested,
            timestamp: nil, signer: nil, checks: [], cms: nil, failures: [], verdict: .invalid)
        var pending = Pending(signature: signature, report: report, ranges: [], algorithms: [], value: .done)

        // Coverage.
        let (coverage, ranges, coverageFailures) = CoverageCheck.check(signature, in: document)
        pending.report.coverage = coverage
        if coverageFailures.isEmpty, let coverage {
            pending.report.pass(
                .byteRange,
                "\(coverage.byteRange), /Contents at \(coverage.contentsRange ?? []), "
                    + (coverage.coversWholeFile ? "the whole file" : "up to revision \(coverage.signedRevision ?? -1)"))
        }
        for failure in coverageFailures { pending.report.fail(.byteRange, failure) }
        if let revision = coverage?.signedRevision {
            pending.report.laterRevisions = RevisionAnalysis(document: document).changes(
                after: revision, known: &revisionChanges)
            for change in pending.report.laterRevisions where change.changesContent {
                pending.report.fail(
                    .laterRevisions,
                    .modifiedAfterSigning(revision: change.revision, detail: change.details.joined(separator: "; ")))
            }
            if !pending.report.laterRevisions.contains(where: \.changesContent) {
                let kinds = Set(pending.report.laterRevisions.flatMap(\.kinds)).sorted().map(\.rawValue)
                pending.report.pass(
                    .laterRevisions,
                    pending.report.laterRevisions.isEmpty ? "none" : "only " + kinds.joined(separator: ", "))
            }
        }

        // The value.
        let der: [UInt8]
        switch CoverageCheck.signatureValue(signature) {
        case .success(let value):
            der = value
            pending.report.pass(.contents, "\(value.count) bytes of DER")
        case .failure(let failure):
            pending.report.fail(.contents, failure)
            return pending
        }
        guard !ranges.isEmpty else { return pending }
        let subFilter = signature.subFilter?.string ?? "none"
        if signature.isDocumentTimestamp {
            guard subFilter == "ETSI.RFC3161" else {
                pending.report.fail(.subFilter, .unsupportedSubFilter(subFilter))
                return pending
            }
            pending.report.pass(.subFilter, subFilter)
            do {
                let token = try TimestampToken(derEncoded: der)
                pending.value = .documentTimestamp(token)
                pending.algorithms = [token.imprintAlgorithm]
            } catch {
                pending.report.fail(.documentTimestamp, .timestamp(detail: error.description))
                return pending
            }
        } else {
            guard ["ETSI.CAdES.detached", "adbe.pkcs7.detached"].contains(subFilter) else {
                pending.report.fail(.subFilter, .unsupportedSubFilter(subFilter))
                return pending
            }
            pending.report.pass(.subFilter, subFilter)
            let message: CMSSignedData
            do {
                message = try CMSSignedData(derEncoded: der)
            } catch {
                pending.report.fail(.cms, .contentsMalformed(detail: error.description))
                return pending
            }
            guard message.content == nil else {
                // pdfsig hashes the byte ranges and ignores eContent; pyHanko refuses it: so do we,
                // for a signature over two different things is no signature over either.
                pending.report.fail(.cms, .encapsulatedContentInDetachedSignature)
                return pending
            }
            pending.value = .signature(message, der: der)
            pending.algorithms = Set(
                message.signers.compactMap { DigestAlgorithm(objectIdentifier: $0.digestAlgorithm.algorithm) })
        }
        pending.ranges = ranges
        return pending
    }

    /// The CMS or the document timestamp, with the digests of the byte ranges.
    private func finish(
        _ pending: Pending, digests: [DigestAlgorithm: [UInt8]], at requested: Date?, signers: JPKIVerifier,
        timestamps: JPKIVerifier
    ) async -> PDFSignatureReport {
        var report = pending.report
        switch pending.value {
        case .done:
            break
        case .documentTimestamp(let token):
            let (timestamp, _, failure) = await Self.checkTimestamp(
                token, imprintMatches: digests[token.imprintAlgorithm] == token.imprint, verifier: timestamps)
            report.timestamp = timestamp
            report.cms = timestamp?.report
            report.timeSource = .timestamp
            report.validationTime = timestamp?.time ?? report.validationTime
            if let failure {
                report.fail(.documentTimestamp, failure)
            } else {
                report.pass(.documentTimestamp, "the byte ranges stamped at \(timestamp?.time ?? "?")")
            }
        case .signature(let message, let der):
            await verifySignature(
                message, der: der, signature: pending.signature, digests: digests,
                size: pending.ranges.reduce(0) { $0 + $1.count }, signers: signers, timestamps: timestamps,
                requested: requested, into: &report)
        }
        return report
    }

    private func verifySignature(
        _ message: CMSSignedData, der: [UInt8], signature: PDFSignatureDictionary, digests: [DigestAlgorithm: [UInt8]],
        size: Int, signers: JPKIVerifier, timestamps: JPKIVerifier, requested: Date?,
        into report: inout PDFSignatureReport
    ) async {
        guard let signerInfo = message.signers.first else { return }
        // The signature timestamp, when there is one.
        var provenTime: Date?
        if let attribute = signerInfo.unsignedAttribute(CMSSignedData.signatureTimeStampTokenAttributeOID),
            let tokenDER = attribute.values.first
        {
            do {
                let token = try TimestampToken(derEncoded: tokenDER)
                let (timestamp, date, failure) = await Self.checkTimestamp(
                    token, imprintMatches: token.stamps(signerInfo.signature), verifier: timestamps)
                report.timestamp = timestamp
                if let failure {
                    report.fail(.signatureTimestamp, failure)
                } else if let timestamp, let date {
                    provenTime = date
                    report.pass(.signatureTimestamp, "\(timestamp.time) by \(timestamp.authority ?? "?")")
                }
            } catch {
                report.fail(.signatureTimestamp, .timestamp(detail: error.description))
            }
        }
        let time: Date
        if let requested {
            (time, report.timeSource) = (requested, .requested)
        } else if let provenTime {
            (time, report.timeSource) = (provenTime, .timestamp)
        } else if let claimed = signature.signingTime {
            (time, report.timeSource) = (claimed, .claimed)
        } else if let attribute = signerInfo.signingTime {
            (time, report.timeSource) = (
                Date(timeIntervalSince1970: TimeInterval(attribute.secondsSince1970)), .signingTimeAttribute
            )
        } else {
            (time, report.timeSource) = (Date(), .now)
        }
        report.validationTime = time.iso8601

        let result = await signers.verifyCMS(der, detachedContentDigests: digests, contentSize: size, at: time)
        report.cms = result.report
        if result.isValid {
            report.pass(.cms, "messageDigest, signature and chain at \(time.iso8601)")
        } else {
            for failure in result.report.failures { report.fail(.cms, .cms(failure)) }
        }
        if let certificate = result.certificate {
            report.signer = PDFSignatureReport.Signer(
                subject: certificate.subject.description, issuer: certificate.issuer.description,
                serialNumber: Hex.encode(certificate.serialNumber), name: result.signer?.name,
                address: result.signer?.address, birthDate: result.signer.map { "\($0.birthDate)" },
                sex: result.signer.map { "\($0.sex)" })
            Self.checkSigningCertificate(
                signerInfo, certificate: certificate, required: signature.subFilter == "ETSI.CAdES.detached",
                into: &report)
        }
    }

    /// Verifies a timestamp token whose imprint was compared with the stamped data's digest.
    static func checkTimestamp(_ token: TimestampToken, imprintMatches: Bool, verifier: JPKIVerifier) async -> (
        PDFSignatureReport.Timestamp?, Date?, PDFSignatureFailure?
    ) {
        let result = await token.verify(with: verifier)
        let timestamp = PDFSignatureReport.Timestamp(
            time: token.date.iso8601, authority: result.certificate?.subject.description,
            isValid: result.isValid && imprintMatches, report: result.report)
        guard imprintMatches else {
            return (timestamp, nil, .timestamp(detail: "the token's imprint is not the digest of the data"))
        }
        guard result.isValid else {
            return (timestamp, nil, .timestamp(detail: result.report.reasons.joined(separator: "; ")))
        }
        return (timestamp, token.date, nil)
    }

    /// The ESS signingCertificateV2 (or v1) attribute names the signer's certificate.
    static func checkSigningCertificate(
        _ signer: CMSSignedData.SignerInfo, certificate: Certificate, required: Bool,
        into report: inout PDFSignatureReport
    ) {
        let version2 = signer.signedAttribute(CMSSignedData.signingCertificateV2AttributeOID)
        let version1 = signer.signedAttribute(CMSSignedData.signingCertificateAttributeOID)
        guard let value = (version2 ?? version1)?.values.first else {
            if required {
                report.fail(
                    .signingCertificate, .signingCertificateAttribute(detail: "missing (PAdES requires it)"))
            }
            return
        }
        let parsed: (DigestAlgorithm, [UInt8])?
        do {
            parsed = try DER.withReader(value) { reader throws(DERError) -> (DigestAlgorithm, [UInt8])? in
                // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }:
                // the first ESSCertID is the signer's.
                try reader.readSequence { outer throws(DERError) -> (DigestAlgorithm, [UInt8])? in
                    var certificates = try outer.children(of: try outer.read(.sequence))
                    var identifier = try certificates.children(of: try certificates.read(.sequence))
                    while try outer.next() != nil {}  // policies
                    var algorithm = DigestAlgorithm.sha256
                    if version2 == nil {
                        algorithm = .sha1
                    } else if let node = try identifier.readIfPresent(.sequence) {
                        var inner = try identifier.children(of: node)
                        guard let known = DigestAlgorithm(objectIdentifier: try inner.decode(ASN1ObjectIdentifier.self))
                        else { return nil }
                        algorithm = known
                    }
                    return (algorithm, try identifier.decode(ASN1OctetString.self).bytes)
                }
            }
        } catch {
            report.fail(.signingCertificate, .signingCertificateAttribute(detail: error.description))
            return
        }
        guard let (algorithm, hash) = parsed else {
            report.fail(.signingCertificate, .signingCertificateAttribute(detail: "unsupported hash algorithm"))
            return
        }
        guard hash == algorithm.hash(certificate.derEncoded) else {
            report.fail(
                .signingCertificate,
                .signingCertificateAttribute(detail: "the \(algorithm) hash is not that of the signer's certificate"))
            return
        }
        report.pass(
            .signingCertificate,
            version2 != nil ? "signingCertificateV2 (\(algorithm))" : "signingCertificate v1 (SHA-1, old style)")
    }

    /// B-B, B-T, B-LT, B-LTA for CAdES signatures: a signature timestamp makes B-T; a DSS added
    /// after the signature, B-LT; a document timestamp after that, B-LTA.
    static func assignLevels(_ reports: inout [PDFSignatureReport], document: PDFDocument) {
        let timestampRevisions = reports.filter(\.isDocumentTimestamp).compactMap { $0.coverage?.signedRevision }
        for index in reports.indices where reports[index].subFilter == "ETSI.CAdES.detached" {
            let report = reports[index]
            var level = "B-B"
            if report.timestamp?.isValid == true { level = "B-T" }
            let dssLater = report.laterRevisions.first { $0.kinds.contains(.dss) }
            if level == "B-T", let dssLater {
                level = "B-LT"
                if timestampRevisions.contains(where: { $0 >= dssLater.revision }) { level = "B-LTA" }
            }
            reports[index].level = level
        }
    }
}
