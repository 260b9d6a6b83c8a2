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
/// signature) and the signer's chain and revocation through ``JPKIVerifier`` — at the time a
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
    /// - Parameter time: validate chains at this time instead of the signatures' own.
    /// - Throws: ``PDFError`` when the file cannot be read as a PDF.
    public func verify(contentsOfFile path: String, at time: Date? = nil) async throws(PDFError)
        -> PDFVerificationReport
    {
        try await verify(PDFDocument(contentsOfFile: path), at: time)
    }

    /// Verifies every signature of `document`.
    ///
    /// - Parameter time: validate chains at this time instead of the signatures' own.
    /// - Throws: ``PDFError`` when the form's structure cannot be read.
    public func verify(_ document: PDFDocument, at time: Date? = nil) async throws(PDFError) -> PDFVerificationReport {
        let fields = try document.signatureFields()
        let dss = try document.documentSecurityStore()
        let (signers, timestamps) = verifiers(with: dss)
        var reports: [PDFSignatureReport] = []
        var unsigned: [String] = []
        var owners: [PDFDictionary: String] = [:]
        var ownersByReference: [PDFReference: String] = [:]
        for field in fields {
            guard let signature = field.signature else {
                unsigned.append(field.name)
                continue
            }
            var report = await verify(
                signature, field: field.name, in: document, at: time, signers: signers, timestamps: timestamps)
            let other = signature.reference.flatMap { ownersByReference[$0] } ?? owners[signature.dictionary]
            if let other {
                report.fail("unique-signature", .sharedSignatureDictionary(otherField: other))
                report.decide()
                if let index = reports.firstIndex(where: { $0.fieldName == other }) {
                    reports[index].fail("unique-signature", .sharedSignatureDictionary(otherField: field.name))
                    reports[index].decide()
                }
            }
            if let reference = signature.reference { ownersByReference[reference] = field.name }
            owners[signature.dictionary] = field.name
            reports.append(report)
        }
        Self.assignLevels(&reports, document: document)
        let verdict: PDFSignatureReport.Verdict
        if reports.isEmpty || reports.contains(where: { $0.verdict == .invalid }) {
            verdict = .invalid
        } else if reports.contains(where: { $0.verdict == .modified }) {
            verdict = .modified
        } else {
            verdict = .valid
        }
        let digest = document.withUnsafeBytes { DigestAlgorithm.sha256.hash($0) }
        return PDFVerificationReport(
            fileSize: document.fileSize, fileSHA256: Hex.encode(digest), revisions: document.revisions.count,
            signatures: reports, unsignedFields: unsigned,
            dss: dss.map {
                .init(
                    certificates: $0.certificates.count, crls: $0.crls.count, ocspResponses: $0.ocspResponses.count,
                    vri: $0.vriCount)
            }, verdict: verdict)
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

    private func verify(
        _ signature: PDFSignatureDictionary, field: String, in document: PDFDocument, at requested: Date?,
        signers: JPKIVerifier, timestamps: JPKIVerifier
    ) async -> PDFSignatureReport {
        var report = await check(
            signature, field: field, in: document, at: requested, signers: signers, timestamps: timestamps)
        report.decide()
        return report
    }

    private func check(
        _ signature: PDFSignatureDictionary, field: String, in document: PDFDocument, at requested: Date?,
        signers: JPKIVerifier, timestamps: JPKIVerifier
    ) async -> PDFSignatureReport {
        var report = PDFSignatureReport(
            fieldName: field, isDocumentTimestamp: signature.isDocumentTimestamp,
            subFilter: signature.subFilter?.string, level: nil, claimedSigningTime: signature.signingTime?.iso8601,
            signerName: signature.signerName, reason: signature.reason, location: signature.location,
            contactInfo: signature.contactInfo, coverage: nil, laterRevisions: [], validationTime: "",
            timeSource: .now, timestamp: nil, signer: nil, checks: [], cms: nil, failures: [], verdict: .invalid)

        // Coverage.
        let (coverage, ranges, coverageFailures) = CoverageCheck.check(signature, in: document)
        report.coverage = coverage
        if coverageFailures.isEmpty, let coverage {
            report.pass(
                "byte-range",
                "\(coverage.byteRange), /Contents at \(coverage.contentsRange ?? []), "
                    + (coverage.coversWholeFile ? "the whole file" : "up to revision \(coverage.signedRevision ?? -1)"))
        }
        for failure in coverageFailures { report.fail("byte-range", failure) }
        if let revision = coverage?.signedRevision {
            report.laterRevisions = RevisionAnalysis(document: document).changes(after: revision)
            for change in report.laterRevisions where change.changesContent {
                report.fail(
                    "later-revisions",
                    .modifiedAfterSigning(revision: change.revision, detail: change.details.joined(separator: "; ")))
            }
            if !report.laterRevisions.contains(where: \.changesContent) {
                let kinds = Set(report.laterRevisions.flatMap(\.kinds)).sorted().map(\.rawValue)
                report.pass(
                    "later-revisions",
                    report.laterRevisions.isEmpty ? "none" : "only " + kinds.joined(separator: ", "))
            }
        }

        // The value.
        let der: [UInt8]
        switch CoverageCheck.signatureValue(signature) {
        case .success(let value):
            der = value
            report.pass("contents", "\(value.count) bytes of DER")
        case .failure(let failure):
            report.fail("contents", failure)
            report.validationTime = (requested ?? Date()).iso8601
            return report
        }
        guard !ranges.isEmpty else {
            report.validationTime = (requested ?? Date()).iso8601
            return report
        }
        let signedBytes = document.withUnsafeBytes { bytes in
            var joined = [UInt8]()
            joined.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
            for range in ranges { joined += bytes[range] }
            return joined
        }
        if signature.isDocumentTimestamp {
            await verifyDocumentTimestamp(
                der, signedBytes: signedBytes, verifier: timestamps, requested: requested, into: &report)
        } else {
            await verifySignature(
                der, signature: signature, signedBytes: signedBytes, signers: signers, timestamps: timestamps,
                requested: requested, into: &report)
        }
        return report
    }

    private func verifySignature(
        _ der: [UInt8], signature: PDFSignatureDictionary, signedBytes: [UInt8], signers: JPKIVerifier,
        timestamps: JPKIVerifier, requested: Date?, into report: inout PDFSignatureReport
    ) async {
        let subFilter = signature.subFilter?.string ?? ""
        guard ["ETSI.CAdES.detached", "adbe.pkcs7.detached"].contains(subFilter) else {
            report.fail("sub-filter", .unsupportedSubFilter(subFilter))
            report.validationTime = (requested ?? Date()).iso8601
            return
        }
        report.pass("sub-filter", subFilter)
        let message: CMSSignedData
        do {
            message = try CMSSignedData(derEncoded: der)
        } catch {
            report.fail("cms", .contentsMalformed(detail: error.description))
            report.validationTime = (requested ?? Date()).iso8601
            return
        }
        guard message.content == nil else {
            // pdfsig hashes the byte ranges and ignores eContent; pyHanko refuses it: so do we,
            // for a signature over two different things is no signature over either.
            report.fail("cms", .encapsulatedContentInDetachedSignature)
            report.validationTime = (requested ?? Date()).iso8601
            return
        }
        guard let signerInfo = message.signers.first else { return }

        // The signature timestamp, when there is one.
        var provenTime: Date?
        if let attribute = signerInfo.unsignedAttribute(CMSSignedData.signatureTimeStampTokenAttributeOID),
            let tokenDER = attribute.values.first
        {
            let (timestamp, date, failure) = await Self.checkTimestamp(
                tokenDER, stamping: signerInfo.signature, verifier: timestamps)
            report.timestamp = timestamp
            if let failure {
                report.fail("signature-timestamp", failure)
            } else if let timestamp, let date {
                provenTime = date
                report.pass("signature-timestamp", "\(timestamp.time) by \(timestamp.authority ?? "?")")
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

        let result = await signers.verifyCMS(der, detachedContent: signedBytes, at: time)
        report.cms = result.report
        if result.isValid {
            report.pass("cms", "messageDigest, signature and chain at \(time.iso8601)")
        } else {
            for failure in result.report.failures { report.fail("cms", .cms(failure)) }
        }
        if let certificate = result.certificate {
            report.signer = PDFSignatureReport.Signer(
                subject: certificate.subject.description, issuer: certificate.issuer.description,
                serialNumber: Hex.encode(certificate.serialNumber), name: result.signer?.name,
                address: result.signer?.address, birthDate: result.signer.map { "\($0.birthDate)" },
                sex: result.signer.map { "\($0.sex)" })
            Self.checkSigningCertificate(
                signerInfo, certificate: certificate, required: subFilter == "ETSI.CAdES.detached", into: &report)
        }
    }

    private func verifyDocumentTimestamp(
        _ der: [UInt8], signedBytes: [UInt8], verifier: JPKIVerifier, requested: Date?,
        into report: inout PDFSignatureReport
    ) async {
        guard report.subFilter == "ETSI.RFC3161" else {
            report.fail("sub-filter", .unsupportedSubFilter(report.subFilter ?? "none"))
            report.validationTime = (requested ?? Date()).iso8601
            return
        }
        report.pass("sub-filter", "ETSI.RFC3161")
        let (timestamp, _, failure) = await Self.checkTimestamp(der, stamping: signedBytes, verifier: verifier)
        report.timestamp = timestamp
        report.cms = timestamp?.report
        report.timeSource = .timestamp
        report.validationTime = timestamp?.time ?? (requested ?? Date()).iso8601
        if let failure {
            report.fail("document-timestamp", failure)
        } else {
            report.pass("document-timestamp", "the byte ranges stamped at \(timestamp?.time ?? "?")")
        }
    }

    /// Reads and verifies a timestamp token over `data`.
    static func checkTimestamp(_ der: [UInt8], stamping data: [UInt8], verifier: JPKIVerifier) async -> (
        PDFSignatureReport.Timestamp?, Date?, PDFSignatureFailure?
    ) {
        let token: TimestampToken
        do {
            token = try TimestampToken(derEncoded: der)
        } catch {
            return (nil, nil, .timestamp(detail: error.description))
        }
        let result = await token.verify(with: verifier)
        let stamps = token.stamps(data)
        let timestamp = PDFSignatureReport.Timestamp(
            time: token.date.iso8601, authority: result.certificate?.subject.description,
            isValid: result.isValid && stamps, report: result.report)
        guard stamps else {
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
                    "signing-certificate", .signingCertificateAttribute(detail: "missing (PAdES requires it)"))
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
            report.fail("signing-certificate", .signingCertificateAttribute(detail: error.description))
            return
        }
        guard let (algorithm, hash) = parsed else {
            report.fail("signing-certificate", .signingCertificateAttribute(detail: "unsupported hash algorithm"))
            return
        }
        guard hash == algorithm.hash(certificate.derEncoded) else {
            report.fail(
                "signing-certificate",
                .signingCertificateAttribute(detail: "the \(algorithm) hash is not that of the signer's certificate"))
            return
        }
        report.pass(
            "signing-certificate",
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
