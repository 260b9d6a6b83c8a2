import JPKIASN1

/// Helpers for the errors of CRL reading.
package enum CRLErrors {
    /// `error` with its offsets moved by `base`: for errors found in a copy of part of a CRL.
    package static func rebase(_ error: X509Error, by base: Int) -> X509Error {
        switch error {
        case .malformed(let inner): return .malformed(DERError(inner.rule, at: inner.offset + base))
        case .unsupportedVersion(let version, let offset): return .unsupportedVersion(version, offset: offset + base)
        case .duplicateExtension(let oid, let offset): return .duplicateExtension(oid, offset: offset + base)
        case .signatureAlgorithmMismatch(let offset): return .signatureAlgorithmMismatch(offset: offset + base)
        case .invalidValue(let what, let offset): return .invalidValue(what, offset: offset + base)
        default: return error
        }
    }

    /// An X509Error for any error thrown while reading a CRL.
    package static func wrap(_ error: any Error, offset: Int) -> X509Error {
        if let error = error as? X509Error { return error }
        if let error = error as? DERError { return .malformed(error) }
        return .invalidValue("\(error)", offset: offset)
    }
}
