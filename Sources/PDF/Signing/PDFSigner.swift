import Foundation
import JPKIASN1
import JPKIX509

/// Whoever makes a PDF signature: the My Number Card's signature key (wired by the caller through
/// JPKICard: JPKIPDF never talks to a card), a software key, a phone that signs remotely.
///
/// It signs a DER DigestInfo with RSA PKCS #1 v1.5, as the card's COMPUTE DIGITAL SIGNATURE
/// does. For a signature made elsewhere and later, use the two phases of ``PDFSigning``
/// directly (``PDFSigning/prepare(_:certificate:intermediates:options:)`` and
/// ``PDFSigning/finish(_:signature:timestampAuthority:)``).
public protocol PDFSigner: Sendable {
    /// The signer's certificate, then its intermediates.
    func certificateChain() async throws -> [Certificate]
    /// The RSA PKCS #1 v1.5 signature of `digestInfo` (a DER DigestInfo).
    func sign(digestInfo: [UInt8]) async throws -> [UInt8]
}

/// A ``PDFSigner`` over a software key (tests, servers that seal documents).
public struct SoftwarePDFSigner: PDFSigner {
    /// The key.
    public let key: SigningKey
    /// The certificate, then intermediates.
    public let chain: [Certificate]

    /// A signer with `key` and its certificate chain.
    public init(key: SigningKey, chain: [Certificate]) {
        self.key = key
        self.chain = chain
    }

    /// The chain.
    public func certificateChain() async throws -> [Certificate] { chain }

    /// Signs the DigestInfo as the card does.
    public func sign(digestInfo: [UInt8]) async throws -> [UInt8] { try key.signPaddedDigestInfo(digestInfo) }
}

/// Why a PDF could not be signed.
public enum PDFSigningError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The PDF cannot be read or changed.
    case document(PDFError)
    /// The signer failed or gave no certificate.
    case signer(String)
    /// The signature does not verify with the signer certificate's key (a wrong key, a wrong
    /// card).
    case signatureMismatch
    /// The CMS needs more room than `/Contents` reserves.
    case contentsTooSmall(needed: Int, reserved: Int)
    /// The timestamp authority gave no usable token.
    case timestamp(TimestampError)
    /// The prepared token does not fit (altered, or from another version).
    case invalidToken(String)
    /// The visible signature's page or rectangle is not usable (a page the document does not
    /// have, a rectangle of no size, `--visible` text that is not five numbers).
    case invalidAppearance(String)

    /// One line.
    public var description: String {
        switch self {
        case .document(let error): return error.description
        case .signer(let why): return "signer: \(why)"
        case .signatureMismatch: return "the signature does not verify with the signer certificate's key"
        case .contentsTooSmall(let needed, let reserved):
            return "the signature needs \(needed) bytes, /Contents reserves \(reserved)"
        case .timestamp(let error): return error.description
        case .invalidToken(let why): return "invalid prepared signature: \(why)"
        case .invalidAppearance(let why): return "visible signature: \(why)"
        }
    }
}

/// How to sign.
public struct PDFSignatureOptions: Sendable {
    /// The signature's format: its `/SubFilter` and CMS attributes.
    public enum Format: String, Codable, Hashable, Sendable {
        /// `/ETSI.CAdES.detached`: PAdES baseline; signed attributes contentType, messageDigest,
        /// signingCertificateV2, no signingTime (the time is `/M`).
        case pades = "ETSI.CAdES.detached"
        /// `/adbe.pkcs7.detached`, for older readers: contentType, messageDigest, signingTime.
        case adbePKCS7 = "adbe.pkcs7.detached"
    }

    /// The format.
    public var format: Format
    /// The field's name; `Signature1`, `Signature2`, … by default.
    public var fieldName: String?
    /// The signing time (`/M`).
    public var signingTime: Date
    /// `/Name`.
    public var name: String?
    /// `/Reason`.
    public var reason: String?
    /// `/Location`.
    public var location: String?
    /// `/ContactInfo`.
    public var contactInfo: String?
    /// The bytes reserved for the CMS in `/Contents` (twice as many hex digits are written).
    public var reservedSize: Int
    /// The TSA for a signature timestamp (PAdES B-T); none for B-B.
    public var timestampAuthority: TimestampClient?
    /// A visible signature's page, rectangle and text; `nil` for an invisible signature.
    public var appearance: PDFSignatureAppearance?

    /// Options.
    public init(
        format: Format = .pades, fieldName: String? = nil, signingTime: Date = Date(), name: String? = nil,
        reason: String? = nil, location: String? = nil, contactInfo: String? = nil, reservedSize: Int = 16_384,
        timestampAuthority: TimestampClient? = nil, appearance: PDFSignatureAppearance? = nil
    ) {
        self.format = format
        self.fieldName = fieldName
        self.signingTime = signingTime
        self.name = name
        self.reason = reason
        self.location = location
        self.contactInfo = contactInfo
        self.reservedSize = reservedSize
        self.timestampAuthority = timestampAuthority
        self.appearance = appearance
    }
}

/// The first phase's result: what the signer must sign, and the token that
/// ``PDFSigning/finish(_:signature:timestampAuthority:)`` needs to embed the signature. Codable, so that the
/// signature can come from another device or process.
public struct PreparedPDFSignature: Codable, Hashable, Sendable {
    /// What the signer signs: the DER DigestInfo (SHA-256) of the CMS signed attributes.
    public var digestInfo: [UInt8]
    /// The SHA-256 in ``digestInfo``.
    public var digest: [UInt8]
    /// Everything the second phase needs.
    public var token: Token

    /// The state between the phases.
    public struct Token: Codable, Hashable, Sendable {
        /// The file with its new revision, `/Contents` still zeros.
        public var file: [UInt8]
        /// Where the `/Contents` hexadecimal string lies, `<` and `>` included.
        public var contentsStart: Int
        /// Its end.
        public var contentsEnd: Int
        /// The SHA-256 of the byte ranges.
        public var documentDigest: [UInt8]
        /// The signer's certificate, DER.
        public var certificate: [UInt8]
        /// Intermediates, DER.
        public var intermediates: [[UInt8]]
        /// The signing time, seconds since 1970.
        public var signingTime: Int64
        /// The format.
        public var format: PDFSignatureOptions.Format
        /// The signed attributes (DER SET OF) the digest is of.
        public var signedAttributes: [UInt8]
    }
}
