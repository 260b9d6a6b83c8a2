extension PDFSignatureReport.Check {
    /// What a check of a PDF signature is about: its coverage, its value, the CMS, the
    /// timestamps, the ESS signing certificate, what later revisions changed.
    ///
    /// In the style of JPKIVerification's `VerificationReport.Check.Name`: encoded as its
    /// ``rawValue``, the kebab-case name PDF reports have always carried (`byte-range`, `cms`, …),
    /// so the JSON of `jpki pdf verify --json` does not change. A report read from JSON may carry
    /// a name this version does not list: it decodes all the same, and compares unequal to every
    /// static member.
    ///
    /// ```swift
    /// let coverage = signature.checks.filter { $0.name == .byteRange }
    /// ```
    public struct Name: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The name as reports write it, e.g. `byte-range`.
        public let rawValue: String

        /// The check named `rawValue`.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        // Codable as a single string: the standard library's conformance of a String-backed
        // RawRepresentable.

        /// The ``rawValue``.
        public var description: String { rawValue }

        /// `byte-range`: `/ByteRange` starts at 0, leaves out exactly the `/Contents` string, its
        /// ranges are in order and inside the file, and it ends at the end of a revision.
        public static let byteRange = Name(rawValue: "byte-range")
        /// `later-revisions`: the revisions after the signed one add only signatures, document
        /// timestamps, the DSS, form fields or metadata (else the signature is `modified`).
        public static let laterRevisions = Name(rawValue: "later-revisions")
        /// `contents`: `/Contents` is a hexadecimal string holding one DER (or BER) element.
        public static let contents = Name(rawValue: "contents")
        /// `sub-filter`: the `/SubFilter` is one this verifier checks (`ETSI.CAdES.detached`,
        /// `adbe.pkcs7.detached`, `ETSI.RFC3161` for a document timestamp).
        public static let subFilter = Name(rawValue: "sub-filter")
        /// `cms`: the CMS SignedData: detached, its messageDigest over the byte ranges, its
        /// signature, and the signer's chain and revocation at the validation time.
        public static let cms = Name(rawValue: "cms")
        /// `signing-certificate`: the ESS signingCertificateV2 (or v1) attribute names the
        /// signer's certificate (required by PAdES).
        public static let signingCertificate = Name(rawValue: "signing-certificate")
        /// `signature-timestamp`: the RFC 3161 token in the signer's unsigned attributes stamps
        /// the signature value and verifies (PAdES B-T).
        public static let signatureTimestamp = Name(rawValue: "signature-timestamp")
        /// `document-timestamp`: a `/DocTimeStamp`'s token stamps its byte ranges and verifies
        /// (PAdES B-LTA).
        public static let documentTimestamp = Name(rawValue: "document-timestamp")
        /// `unique-signature`: no other signature field points at the same signature dictionary.
        public static let uniqueSignature = Name(rawValue: "unique-signature")
    }
}
