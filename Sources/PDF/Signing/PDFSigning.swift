import Foundation
import JPKIASN1
import JPKIVerification
import JPKIX509

/// Signs PDFs in an incremental update: PAdES B-B and B-T (`/ETSI.CAdES.detached`) or
/// `/adbe.pkcs7.detached`, then B-LT (a DSS) and B-LTA (a document timestamp) in further
/// updates. The original bytes are a prefix of every result.
///
/// Two phases, for a signature made elsewhere:
///
/// ```swift
/// let prepared = try PDFSigning.prepare(document, certificate: signatureCertificate)
/// // … the card (or a phone) signs prepared.digestInfo …
/// let signed = try await PDFSigning.finish(prepared, signature: signature)
/// ```
///
/// or one call with a ``PDFSigner``:
///
/// ```swift
/// let signed = try await PDFSigning.sign(document, with: signer, options: PDFSignatureOptions(reason: "承認"))
/// ```
public enum PDFSigning {
    /// Phase one: appends a signature field (invisible, on the first page; or visible as
    /// ``PDFSignatureOptions/appearance`` says), a signature dictionary with `/Contents` reserved,
    /// and returns what to sign.
    ///
    /// - Throws: ``PDFSigningError``.
    public static func prepare(
        _ document: PDFDocument, certificate: Certificate, intermediates: [Certificate] = [],
        options: PDFSignatureOptions = PDFSignatureOptions()
    ) throws(PDFSigningError) -> PreparedPDFSignature {
        var entries: [PDFDictionary.Entry] = [
            .init("Type", .name("Sig")), .init("Filter", .name("Adobe.PPKLite")),
            .init("SubFilter", .name(PDFName(options.format.rawValue))),
            .init("M", .string(PDFString(bytes: Array(PDFDate.format(options.signingTime).utf8)))),
        ]
        // The JPKI signature certificate's commonName is an opaque identifier: the holder's name
        // is in the basic 4 information.
        let name = options.name ?? ((try? certificate.basicFourInformation)??.name ?? certificate.subject.commonName)
        if let name { entries.append(.init("Name", .string(PDFString(text: name)))) }
        if let reason = options.reason { entries.append(.init("Reason", .string(PDFString(text: reason)))) }
        if let location = options.location { entries.append(.init("Location", .string(PDFString(text: location)))) }
        if let contact = options.contactInfo {
            entries.append(.init("ContactInfo", .string(PDFString(text: contact))))
        }
        let visible = options.appearance.map { appearance in
            (appearance, appearance.lines ?? Self.defaultAppearanceLines(name: name, options: options))
        }
        let slot = try SignatureSlot.make(
            document, entries: entries, fieldName: options.fieldName, reservedSize: options.reservedSize,
            visible: visible)
        let seconds = Int64(options.signingTime.timeIntervalSince1970.rounded(.down))
        let builder = builder(
            certificate: certificate, intermediates: intermediates, documentDigest: slot.digest, signingTime: seconds,
            format: options.format)
        let attributes = builder.signedAttributesDER
        let digest = DigestAlgorithm.sha256.hash(attributes)
        return PreparedPDFSignature(
            digestInfo: builder.digestInfo, digest: digest,
            token: .init(
                file: slot.file, contentsStart: slot.contents.lowerBound, contentsEnd: slot.contents.upperBound,
                documentDigest: slot.digest, certificate: certificate.derEncoded,
                intermediates: intermediates.map(\.derEncoded), signingTime: seconds, format: options.format,
                signedAttributes: attributes))
    }

    /// The text of a visible signature when the caller gives none: who signed, when (UTC, as
    /// `/M` says), and the reason and location when given.
    static func defaultAppearanceLines(name: String?, options: PDFSignatureOptions) -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var lines = [
            "Digitally signed by \(name ?? "the certificate's holder")",
            "Date: \(formatter.string(from: options.signingTime))",
        ]
        if let reason = options.reason { lines.append("Reason: \(reason)") }
        if let location = options.location { lines.append("Location: \(location)") }
        return lines
    }

    /// Phase two: builds the CMS around `signature` (RSA PKCS #1 v1.5 over
    /// ``PreparedPDFSignature/digestInfo``), with a signature timestamp from `timestampAuthority`
    /// (B-T) when given, and writes it into `/Contents`. Returns the signed file.
    ///
    /// - Throws: ``PDFSigningError``.
    public static func finish(
        _ prepared: PreparedPDFSignature, signature: [UInt8], timestampAuthority: TimestampClient? = nil
    ) async throws(PDFSigningError) -> [UInt8] {
        let token = prepared.token
        let certificate: Certificate
        let intermediates: [Certificate]
        do {
            certificate = try Certificate(derEncoded: token.certificate)
            intermediates = try token.intermediates.map { try Certificate(derEncoded: $0) }
        } catch {
            throw .invalidToken("certificate: \(error)")
        }
        let builder = builder(
            certificate: certificate, intermediates: intermediates, documentDigest: token.documentDigest,
            signingTime: token.signingTime, format: token.format)
        guard builder.signedAttributesDER == token.signedAttributes else {
            throw .invalidToken("the signed attributes differ from the prepared ones")
        }
        guard let key = try? PublicKey(certificate.subjectPublicKeyInfo),
            key.isValidSignature(signature, for: token.signedAttributes, digest: .sha256)
        else { throw .signatureMismatch }
        var unsigned: [CMSAttribute] = []
        if let timestampAuthority {
            do {
                let stamp = try await timestampAuthority.timestamp(digest: DigestAlgorithm.sha256.hash(signature))
                unsigned.append(
                    CMSAttribute(type: CMSSignedData.signatureTimeStampTokenAttributeOID, values: [stamp.derEncoded]))
            } catch {
                throw .timestamp(error)
            }
        }
        let cms = builder.build(signature: signature, unsignedAttributes: unsigned)
        return try SignatureSlot.embed(cms, in: token.file, contents: token.contentsStart..<token.contentsEnd)
    }

    /// Both phases with `signer`: PAdES B-B, or B-T when the options name a TSA.
    ///
    /// - Throws: ``PDFSigningError``.
    public static func sign(
        _ document: PDFDocument, with signer: any PDFSigner, options: PDFSignatureOptions = PDFSignatureOptions()
    ) async throws(PDFSigningError) -> [UInt8] {
        let chain: [Certificate]
        do {
            chain = try await signer.certificateChain()
        } catch {
            throw .signer("\(error)")
        }
        guard let certificate = chain.first else { throw .signer("no certificate") }
        let prepared = try prepare(
            document, certificate: certificate, intermediates: Array(chain.dropFirst()), options: options)
        let signature: [UInt8]
        do {
            signature = try await signer.sign(digestInfo: prepared.digestInfo)
        } catch {
            throw .signer("\(error)")
        }
        return try await finish(prepared, signature: signature, timestampAuthority: options.timestampAuthority)
    }

    /// Appends a DSS (PAdES B-LT): the certificates, CRLs and OCSP responses a verifier needs
    /// later, added to the DSS the file may have.
    ///
    /// - Throws: ``PDFSigningError/document(_:)``.
    public static func addDocumentSecurityStore(
        to document: PDFDocument, certificates: [Certificate], crls: [[UInt8]] = [], ocspResponses: [[UInt8]] = []
    ) throws(PDFSigningError) -> [UInt8] {
        do {
            var update = IncrementalUpdate(document: document)
            let rootReference = try document.catalogReference()
            var catalog = try document.catalog()
            var dss = try document.resolve(catalog["DSS"] ?? .null).dictionary ?? PDFDictionary()
            dss["Type"] = .name("DSS")
            let stored = try document.documentSecurityStore() ?? DocumentSecurityStore()
            // Appends the items the DSS does not hold yet to its array `key`.
            func append(_ key: PDFName, _ items: [[UInt8]], known: [[UInt8]]) throws(PDFError) {
                let known = Set(known)
                let new = items.filter { !known.contains($0) }
                guard !new.isEmpty else { return }
                var existing = try document.resolve(dss[key] ?? .null).array ?? []
                for item in new { existing.append(.reference(update.addStream(data: item))) }
                dss[key] = .array(existing)
            }
            try append("Certs", certificates.map(\.derEncoded), known: stored.certificates)
            try append("CRLs", crls, known: stored.crls)
            try append("OCSPs", ocspResponses, known: stored.ocspResponses)
            if let existing = catalog["DSS"]?.reference {
                update.set(existing, .dictionary(dss))
            } else {
                catalog["DSS"] = .reference(update.add(.dictionary(dss)))
                update.set(rootReference, .dictionary(catalog))
            }
            return document.bytes(in: 0..<document.fileSize) + update.write().bytes
        } catch {
            throw .document(error)
        }
    }

    /// Appends a document timestamp (PAdES B-LTA): a `/DocTimeStamp` signature field whose
    /// `/Contents` is an RFC 3161 token over the byte ranges.
    ///
    /// - Throws: ``PDFSigningError``.
    public static func addDocumentTimestamp(
        to document: PDFDocument, authority: TimestampClient, fieldName: String? = nil, reservedSize: Int = 16_384
    ) async throws(PDFSigningError) -> [UInt8] {
        let entries: [PDFDictionary.Entry] = [
            .init("Type", .name("DocTimeStamp")), .init("Filter", .name("Adobe.PPKLite")),
            .init("SubFilter", .name("ETSI.RFC3161")),
        ]
        let slot = try SignatureSlot.make(
            document, entries: entries, fieldName: fieldName, reservedSize: reservedSize, defaultPrefix: "Timestamp")
        let token: TimestampToken
        do {
            token = try await authority.timestamp(digest: slot.digest)
        } catch {
            throw .timestamp(error)
        }
        return try SignatureSlot.embed(token.derEncoded, in: slot.file, contents: slot.contents)
    }

    static func builder(
        certificate: Certificate, intermediates: [Certificate], documentDigest: [UInt8], signingTime: Int64,
        format: PDFSignatureOptions.Format
    ) -> CMSSignedDataBuilder {
        var builder = CMSSignedDataBuilder(
            content: [], signerCertificate: certificate, intermediates: intermediates, detached: true,
            signingTime: Date(timeIntervalSince1970: TimeInterval(signingTime)))
        builder.contentDigest = documentDigest
        builder.attributes = format == .pades ? .pades : .standard
        return builder
    }
}
