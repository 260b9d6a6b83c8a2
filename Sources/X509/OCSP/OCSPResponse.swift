import JPKIASN1

/// An OCSP response (RFC 6960 §4.2): the responder's status and, when successful, the basic
/// response with one status per certificate asked about.
public struct OCSPResponse: Hashable, Sendable {
    /// The responder's processing status.
    public enum Status: Int, Hashable, Sendable {
        case successful = 0
        case malformedRequest = 1
        case internalError = 2
        case tryLater = 3
        case signatureRequired = 5
        case unauthorized = 6
    }

    /// The processing status.
    public let status: Status
    /// The basic response: present when ``status`` is `.successful`.
    public let basicResponse: BasicOCSPResponse?
    /// The whole response's DER.
    public let derEncoded: [UInt8]

    /// Reads a response.
    ///
    /// - Throws: ``X509Error`` for malformed DER, an unknown status, a successful status without
    ///   response bytes, a response type other than id-pkix-ocsp-basic, an unsupported version.
    public init(derEncoded bytes: [UInt8]) throws(X509Error) {
        let parsed: (status: Int, statusOffset: Int, type: ASN1ObjectIdentifier?, typeOffset: Int, body: Range<Int>?)
        do {
            parsed = try DER.withReader(bytes) { reader throws(DERError) in
                let outer = try reader.readSequence { response throws(DERError) in
                    let statusNode = try response.read(.enumerated)
                    let status = try response.integer(statusNode, as: Int.self, tag: .enumerated)
                    var type: ASN1ObjectIdentifier?
                    var typeOffset = 0
                    var body: Range<Int>?
                    if let wrapper = try response.readIfPresent(.contextSpecific(0, constructed: true)) {
                        var inner = try response.children(of: wrapper)
                        try inner.readSequence { responseBytes throws(DERError) in
                            typeOffset = responseBytes.offset
                            type = try responseBytes.decode(ASN1ObjectIdentifier.self)
                            body = try responseBytes.read(.octetString).contentRange
                        }
                        try inner.finish()
                    }
                    return (status, statusNode.offset, type, typeOffset, body)
                }
                try reader.finish()
                return outer
            }
        } catch {
            throw .malformed(error)
        }
        guard let status = Status(rawValue: parsed.status) else {
            throw .invalidValue("unknown OCSP response status \(parsed.status)", offset: parsed.statusOffset)
        }
        // RFC 6960 §4.2.1: responseBytes only in a successful response.
        if status != .successful && parsed.type != nil {
            throw .invalidValue("\(status) OCSP response with response bytes", offset: parsed.typeOffset)
        }
        var basic: BasicOCSPResponse?
        if let type = parsed.type, let body = parsed.body {
            guard type == .ocspBasicResponse else {
                throw .invalidValue("unsupported OCSP response type \(type)", offset: parsed.typeOffset)
            }
            basic = try BasicOCSPResponse(derEncoded: Array(bytes[body]), offset: body.lowerBound)
        }
        if status == .successful && basic == nil {
            throw .invalidValue("successful OCSP response without response bytes", offset: parsed.statusOffset)
        }
        self.status = status
        self.basicResponse = basic
        self.derEncoded = bytes
    }
}

/// A BasicOCSPResponse: the signed response data, the signature, and the responder's
/// certificates.
public struct BasicOCSPResponse: Hashable, Sendable {
    /// Who signed the response.
    public enum ResponderID: Hashable, Sendable {
        /// `[1]` the responder's name.
        case byName(DistinguishedName)
        /// `[2]` the SHA-1 hash of the responder's public key.
        case byKey([UInt8])
    }

    /// A certificate's status.
    public enum CertificateStatus: Hashable, Sendable {
        /// Not revoked.
        case good
        /// Revoked at `time`, for `reason` when given.
        case revoked(time: ASN1Time, reason: RevocationReason?)
        /// The responder does not know the certificate.
        case unknown
    }

    /// The status of one certificate.
    public struct SingleResponse: Hashable, Sendable {
        /// Which certificate.
        public let certID: CertID
        /// Its status.
        public let status: CertificateStatus
        /// When the status was known to be correct.
        public let thisUpdate: ASN1Time
        /// When newer information will be available, if the responder says.
        public let nextUpdate: ASN1Time?
        /// The single response's extensions.
        public let extensions: [Extension]
    }

    /// The responder.
    public let responderID: ResponderID
    /// When the response was signed.
    public let producedAt: ASN1Time
    /// One status per certificate.
    public let responses: [SingleResponse]
    /// The response extensions (the nonce among them).
    public let extensions: [Extension]
    /// The signature algorithm.
    public let signatureAlgorithm: AlgorithmIdentifier
    /// The signature's octets.
    public let signature: [UInt8]
    /// The signed part (ResponseData) whose signature ``signature`` is.
    public let tbsResponseData: [UInt8]
    /// The certificates the responder included (its own, delegated).
    public let certificates: [Certificate]

    /// The nonce the responder echoed, if any.
    public var nonce: [UInt8]? {
        guard let item = extensions.first(where: { $0.oid == .ocspNonce }) else { return nil }
        return try? DER.parse(ASN1OctetString.self, from: Array(item.value)).bytes
    }

    /// What a response says about one certificate: the entries whose CertID names it.
    public enum SingleResponseMatch: Hashable, Sendable {
        /// No entry names the certificate.
        case notFound
        /// One entry names it, or several that give the same status (the first of them).
        case found(SingleResponse)
        /// Several entries name it with different statuses (say "good" under one CertID and
        /// "revoked" under another): the response must not be used for it.
        case conflicting([SingleResponse])
    }

    /// The entries for `certID`, each compared as a whole CertID
    /// (``CertID/identifiesSameCertificate(as:)``): hash algorithm, issuer name hash, issuer key
    /// hash and serial number.
    public func match(_ certID: CertID) -> SingleResponseMatch {
        Self.match(responses.filter { $0.certID.identifiesSameCertificate(as: certID) })
    }

    /// The entries for `certificate` issued by `issuer`, each entry's hashes recomputed with the
    /// entry's own hash algorithm (``CertID/matches(certificate:issuer:)``), so a response that
    /// answers in SHA-256 to a SHA-1 request is read, never guessed.
    public func match(certificate: Certificate, issuer: Certificate) -> SingleResponseMatch {
        Self.match(responses.filter { $0.certID.matches(certificate: certificate, issuer: issuer) })
    }

    private static func match(_ entries: [SingleResponse]) -> SingleResponseMatch {
        guard let first = entries.first else { return .notFound }
        return entries.allSatisfy({ $0.status == first.status }) ? .found(first) : .conflicting(entries)
    }

    /// Whether the signature verifies with `responder`'s key.
    public func isSignature(validFor responder: Certificate) -> Bool {
        responder.subjectPublicKeyInfo.isValidSignature(signature, for: tbsResponseData, algorithm: signatureAlgorithm)
    }

    /// Reads a BasicOCSPResponse; `offset` is where `bytes` start in the enclosing response (for
    /// error offsets).
    init(derEncoded bytes: [UInt8], offset base: Int) throws(X509Error) {
        let whole = bytes[...]
        typealias Parsed = (
            version: (Int, Int)?, responder: ResponderID, producedAt: ASN1Time, responses: [SingleResponse],
            extensions: [(Extension, Int)], algorithm: AlgorithmIdentifier, signature: [UInt8], tbs: Range<Int>,
            certificates: [[UInt8]]
        )
        let parsed: Parsed
        do {
            parsed = try DER.withReader(bytes) { reader throws(DERError) in
                let result = try reader.readSequence { basic throws(DERError) -> Parsed in
                    let tbsNode = try basic.read(.sequence)
                    var data = try basic.children(of: tbsNode)
                    var version: (Int, Int)?
                    if let offset = try data.peek()?.offset,
                        let number = try data.decodeIfPresent(
                            Int.self, explicitTag: .contextSpecific(0, constructed: true))
                    {
                        version = (number, offset)
                    }
                    let responderNode = try data.readAny()
                    let responder: ResponderID
                    var responderInner = try data.children(of: responderNode)
                    switch responderNode.tag {
                    case .contextSpecific(1, constructed: true):
                        responder = .byName(
                            try DistinguishedName(node: try responderInner.readAny(), in: responderInner, bytes: whole))
                    case .contextSpecific(2, constructed: true):
                        responder = .byKey(try responderInner.decode(ASN1OctetString.self).bytes)
                    default:
                        throw DERError(
                            .unexpectedTag(expected: .contextSpecific(1, constructed: true), found: responderNode.tag),
                            at: responderNode.offset)
                    }
                    try responderInner.finish()
                    let producedAt = try Self.generalizedTime(&data)
                    var responses: [SingleResponse] = []
                    try data.readSequence { list throws(DERError) in
                        while !list.isAtEnd { responses.append(try Self.singleResponse(&list, bytes: whole)) }
                    }
                    var extensions: [(Extension, Int)] = []
                    if let wrapper = try data.readIfPresent(.contextSpecific(1, constructed: true)) {
                        var inner = try data.children(of: wrapper)
                        extensions = try Extensions.readList(try inner.read(.sequence), in: inner, bytes: whole)
                        try inner.finish()
                    }
                    try data.finish()
                    let algorithm = try AlgorithmIdentifier(from: &basic)
                    let signature = try basic.decode(ASN1BitString.self)
                    var certificates: [[UInt8]] = []
                    if let wrapper = try basic.readIfPresent(.contextSpecific(0, constructed: true)) {
                        var inner = try basic.children(of: wrapper)
                        try inner.readSequence { list throws(DERError) in
                            while let node = try list.next() { certificates.append(Array(list.encoding(of: node))) }
                        }
                        try inner.finish()
                    }
                    return (
                        version, responder, producedAt, responses, extensions, algorithm, signature.bytes,
                        tbsNode.encodedRange, certificates
                    )
                }
                try reader.finish()
                return result
            }
        } catch {
            throw .malformed(DERError(error.rule, at: error.offset + base))
        }
        if let (number, offset) = parsed.version { throw .unsupportedVersion(number, offset: offset + base) }
        extensions = try Extensions.checkedUnique(parsed.extensions)
        responderID = parsed.responder
        producedAt = parsed.producedAt
        responses = parsed.responses
        signatureAlgorithm = parsed.algorithm
        signature = parsed.signature
        tbsResponseData = Array(bytes[parsed.tbs])
        var certificates: [Certificate] = []
        for der in parsed.certificates { certificates.append(try Certificate(derEncoded: der)) }
        self.certificates = certificates
    }

    private static func generalizedTime(_ reader: inout DERReader) throws(DERError) -> ASN1Time {
        let node = try reader.read(.generalizedTime)
        return try ASN1Time(derNode: node, in: reader)
    }

    private static func singleResponse(_ list: inout DERReader, bytes: ArraySlice<UInt8>) throws(DERError)
        -> SingleResponse
    {
        try list.readSequence { single throws(DERError) in
            let certID = try CertID(from: &single)
            let statusNode = try single.readAny()
            let status: CertificateStatus
            switch statusNode.tag {
            case .contextSpecific(0, constructed: false):
                try DERContentRules.checkNull(single.content(of: statusNode), at: statusNode.offset)
                status = .good
            case .contextSpecific(2, constructed: false):
                try DERContentRules.checkNull(single.content(of: statusNode), at: statusNode.offset)
                status = .unknown
            case .contextSpecific(1, constructed: true):
                var info = try single.children(of: statusNode)
                let time = try generalizedTime(&info)
                var reason: RevocationReason?
                if let code = try info.readConstructedIfPresent(
                    .contextSpecific(0, constructed: true),
                    { inner throws(DERError) in
                        let node = try inner.read(.enumerated)
                        return (try inner.integer(node, as: Int.self, tag: .enumerated), node.offset)
                    })
                {
                    guard let known = RevocationReason(rawValue: code.0) else {
                        throw DERError(.integerOverflow, at: code.1)
                    }
                    reason = known
                }
                try info.finish()
                status = .revoked(time: time, reason: reason)
            default:
                throw DERError(
                    .unexpectedTag(expected: .contextSpecific(0, constructed: false), found: statusNode.tag),
                    at: statusNode.offset)
            }
            let thisUpdate = try generalizedTime(&single)
            let nextUpdate = try single.readConstructedIfPresent(.contextSpecific(0, constructed: true)) {
                inner throws(DERError) in try generalizedTime(&inner)
            }
            var extensions: [Extension] = []
            if let wrapper = try single.readIfPresent(.contextSpecific(1, constructed: true)) {
                var inner = try single.children(of: wrapper)
                extensions = try Extensions.readList(try inner.read(.sequence), in: inner, bytes: bytes).map(\.0)
                try inner.finish()
            }
            return SingleResponse(
                certID: certID, status: status, thisUpdate: thisUpdate, nextUpdate: nextUpdate, extensions: extensions)
        }
    }
}
