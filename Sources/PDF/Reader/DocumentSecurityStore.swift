/// The document security store (`/Root /DSS`, ETSI EN 319 142-1 §5.4): the certificates, CRLs
/// and OCSP responses a verifier needs later (PAdES B-LT), each the DER of a stream (a stream the
/// lists name twice is read once).
public struct DocumentSecurityStore: Hashable, Sendable {
    /// The certificates (`/Certs`).
    public var certificates: [[UInt8]]
    /// The CRLs (`/CRLs`).
    public var crls: [[UInt8]]
    /// The OCSP responses (`/OCSPs`).
    public var ocspResponses: [[UInt8]]
    /// How many entries `/VRI` has.
    public var vriCount: Int

    /// A store.
    public init(certificates: [[UInt8]] = [], crls: [[UInt8]] = [], ocspResponses: [[UInt8]] = [], vriCount: Int = 0) {
        self.certificates = certificates
        self.crls = crls
        self.ocspResponses = ocspResponses
        self.vriCount = vriCount
    }
}

extension PDFDocument {
    /// The DSS as of `revision` (the newest when `nil`), or `nil` when the catalog has none.
    ///
    /// - Throws: ``PDFError`` when it is there but cannot be read.
    public func documentSecurityStore(asOf revision: Int? = nil) throws(PDFError) -> DocumentSecurityStore? {
        let catalog = try catalog(asOf: revision)
        guard let dss = try resolve(catalog["DSS"] ?? .null, asOf: revision).dictionary else { return nil }
        func streams(_ key: PDFName) throws(PDFError) -> [[UInt8]] {
            guard let list = try resolve(dss[key] ?? .null, asOf: revision).array else { return [] }
            var result: [[UInt8]] = []
            // Each stream once: a list naming one stream thousands of times would decode it as often.
            var seen: Set<PDFReference> = []
            for element in list {
                if let reference = element.reference, !seen.insert(reference).inserted { continue }
                guard case .stream(let stream) = try resolve(element, asOf: revision) else {
                    throw PDFError(
                        .invalidStructure("/DSS /\(key.string) holds a non-stream"),
                        at: element.reference.flatMap { offset(of: $0, asOf: revision) } ?? 0)
                }
                result.append(try decodedData(of: stream))
            }
            return result
        }
        let vri = try resolve(dss["VRI"] ?? .null, asOf: revision).dictionary?.entries.count ?? 0
        return DocumentSecurityStore(
            certificates: try streams("Certs"), crls: try streams("CRLs"), ocspResponses: try streams("OCSPs"),
            vriCount: vri)
    }
}
