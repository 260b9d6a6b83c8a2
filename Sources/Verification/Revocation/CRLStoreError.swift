import Foundation
import JPKIASN1
import JPKIX509

/// Why ``CRLStore`` refused a CRL. The CRL in service for the same issuer, key and scope, if
/// any, stays in service.
///
/// The parse error is kept as the ``JPKIX509/X509Error`` the reader threw (it says what is wrong
/// and at which byte offset); a CRL that parses but fails verification names its issuer and the
/// values compared.
///
/// ```swift
/// do {
///     try store.update(contentsOfFile: path)
/// } catch .olderThanInstalled(let issuer, .thisUpdate(let new, let installed)) {
///     log("\(path): a replayed CRL of \(issuer) (\(new) < \(installed))")
/// } catch {
///     log("\(path): \(error)")
/// }
/// ```
public enum CRLStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The CRL does not parse, an entry is malformed, or its file cannot be read: the reader's
    /// error, with the byte offset (or the file) where it went wrong.
    case malformed(X509Error)
    /// No issuer certificate the store knows has the CRL's issuer name.
    case unknownIssuer(DistinguishedName)
    /// The CRL's signature does not verify with the key of any issuer certificate the store
    /// knows by that name (and by the CRL's authority key identifier, when it has one).
    case badSignature(issuer: DistinguishedName)
    /// The issuer certificate's keyUsage lacks cRLSign.
    case issuerCannotSignCRLs(issuer: DistinguishedName)
    /// The CRL is older than the one in service for its issuer, key and scope: a rollback.
    case olderThanInstalled(issuer: DistinguishedName, Rollback)
    /// A delta CRL that does not apply over the complete CRL in service.
    case deltaWithoutBase(issuer: DistinguishedName, DeltaMismatch)
    /// The CRL breaks a rule RFC 5280 sets for the CRLs a conforming issuer (J-LIS among them)
    /// publishes, and which the store relies on.
    case nonConforming(issuer: DistinguishedName, Nonconformity)

    /// How a CRL is older than the one in service.
    public enum Rollback: Hashable, Sendable, CustomStringConvertible {
        /// Its thisUpdate is before the thisUpdate of the CRL in service.
        case thisUpdate(Date, installed: Date)
        /// Its CRL number is below the CRL number of the CRL in service.
        case crlNumber(ASN1Integer, installed: ASN1Integer)

        /// E.g. `thisUpdate 2025-05-31T23:00:00Z before 2025-05-31T23:59:00Z`.
        public var description: String {
            switch self {
            case .thisUpdate(let new, let installed): return "thisUpdate \(new.iso8601) before \(installed.iso8601)"
            case .crlNumber(let new, let installed): return "CRL number \(new) below \(installed)"
            }
        }
    }

    /// Why a delta CRL does not apply over the complete CRL in service.
    public enum DeltaMismatch: Hashable, Sendable, CustomStringConvertible {
        /// No complete CRL of the issuer (with the same key) is in service.
        case noCompleteCRL
        /// The complete CRL in service is older than the base the delta was made over: its CRL
        /// number (`nil` when it has none) is below the delta's BaseCRLNumber.
        case baseOlderThanDelta(baseCRLNumber: ASN1Integer, installed: ASN1Integer?)
        /// The delta's CRL number is not above the CRL number of the complete CRL in service.
        case notNewerThanBase(crlNumber: ASN1Integer, installed: ASN1Integer)

        /// E.g. `delta CRL number 0A is not above the base's 0B`.
        public var description: String {
            switch self {
            case .noCompleteCRL: return "no complete CRL in service"
            case .baseOlderThanDelta(let base, let installed):
                return
                    "the CRL in service (number \(installed.map { "\($0)" } ?? "none")) is older than base CRL \(base)"
            case .notNewerThanBase(let number, let installed):
                return "delta CRL number \(number) is not above the base's \(installed)"
            }
        }
    }

    /// A rule of RFC 5280 §5 the CRL breaks.
    public enum Nonconformity: Hashable, Sendable, CustomStringConvertible {
        /// No cRLNumber extension (§5.2.3: conforming CRL issuers MUST include it; the store
        /// orders CRLs and applies delta CRLs by it).
        case noCRLNumber
        /// The cRLNumber extension is marked critical (§5.2.3: it is non-critical).
        case criticalCRLNumber
        /// An entry's certificateIssuer names no directoryName to index the entries under.
        case certificateIssuerWithoutDirectoryName(entryOffset: Int)

        /// E.g. `no CRL number`.
        public var description: String {
            switch self {
            case .noCRLNumber: return "no CRL number"
            case .criticalCRLNumber: return "the CRL number extension is critical"
            case .certificateIssuerWithoutDirectoryName(let offset):
                return "the certificateIssuer of the entry at offset \(offset) has no directoryName"
            }
        }
    }

    /// One line: what was wrong, and with which CRL (its issuer) or where in it.
    public var description: String {
        switch self {
        case .malformed(let error): return "malformed CRL: \(error)"
        case .unknownIssuer(let issuer): return "no known issuer for CRL of \(issuer)"
        case .badSignature(let issuer): return "CRL signature does not verify with the key of \(issuer)"
        case .issuerCannotSignCRLs(let issuer): return "\(issuer) has no cRLSign keyUsage"
        case .olderThanInstalled(let issuer, let rollback):
            return "CRL of \(issuer) older than the one in service: \(rollback)"
        case .deltaWithoutBase(let issuer, let mismatch): return "delta CRL of \(issuer) without its base: \(mismatch)"
        case .nonConforming(let issuer, let rule): return "non-conforming CRL of \(issuer): \(rule)"
        }
    }
}
