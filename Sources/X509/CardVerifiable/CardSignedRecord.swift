import JPKIASN1

/// The application of the My Number Card whose CV certificate and signed records are checked.
public enum CardVerifiableApplication: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// 券面事項確認AP: its EF 0004 is issued under `5000023`.
    case cardSurface
    /// 券面事項入力補助AP: its EF 0004 is issued under `5000033`.
    case cardInfo

    /// The role of the CA key that issues this application's CV certificate.
    public var caRole: CardVerifiableCAKey.Role { self == .cardSurface ? .cardSurface : .cardInfo }

    /// `券面事項確認AP`, `券面事項入力補助AP`.
    public var description: String { self == .cardSurface ? "券面事項確認AP" : "券面事項入力補助AP" }
}

/// A record of a 券面 application signed with the key that the application's CV certificate
/// (EF 0004) certifies: the card's data made checkable, and the carrier of the application's own
/// key (the key that answers COMPUTE DIGITAL SIGNATURE `80 2A 00 00` without a PIN).
///
/// | kind | EF | layout | the signature covers |
/// |---|---|---|---|
/// | ``Kind/cardInfoHashes`` | 入力補助AP 0003 | `FF 30` { `DF 31`, `DF 32`, `DF 33` signature } | `DF 31` and `DF 32` as written |
/// | ``Kind/cardInfoKey`` | 入力補助AP 0007 | `FF 50` { `DF 51` key, `DF 52` signature } | `DF 51` as written |
/// | ``Kind/cardSurfaceBirthDate`` | 確認AP 0001 | `FF 10` { `DF 11` birth date, `DF 12` key, `DF 13` signature } | `DF 11`, `DF 12` |
/// | ``Kind/cardSurfaceEntries`` | 確認AP 0002 | `FF 20` { `DF 21` offsets, `DF 22`…`DF 27`, `DF 28` signature, `DF 29`, `DF 2A` } | three SHA-256 digests in one DigestInfo |
/// | ``Kind/cardSurfaceMyNumberImage`` | 確認AP 0005 | `FF 40` { `DF 41` image, `DF 42` key, `DF 43` signature } | `DF 41`, `DF 42` |
///
/// Signatures are RSA PKCS #1 v1.5. Where a record's signature covers "the objects before it",
/// the padded block holds the DigestInfo of SHA-256 over those objects' bytes (tags and lengths
/// included). The 確認AP's EF 0002 is signed differently: the block holds one DigestInfo
/// (`30 71 … 04 60`) whose octet string is SHA-256(`DF 22` `DF 23` `DF 24`) ‖ SHA-256(`DF 25`
/// `DF 26`) ‖ SHA-256(`DF 27`); `DF 29` (expiry) and `DF 2A` (security-code image) follow the
/// signature and are not covered. Its `DF 21` holds the 2-byte offsets, from the first byte of
/// the file, of every object after it, and is checked.
public struct CardSignedRecord: Hashable, Sendable {
    /// The signed records the SDK reads.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// 券面事項入力補助AP EF 0003: the hashes of EF 0001 and EF 0002, signed in `DF 33`.
        case cardInfoHashes
        /// 券面事項入力補助AP EF 0007: the application's key, signed in `DF 52`.
        case cardInfoKey
        /// 券面事項確認AP EF 0001: the birth date and the application's key, signed in `DF 13`.
        case cardSurfaceBirthDate
        /// 券面事項確認AP EF 0002: the card face, signed in `DF 28`.
        case cardSurfaceEntries
        /// 券面事項確認AP EF 0005: the My Number image, signed in `DF 43`.
        case cardSurfaceMyNumberImage

        /// The application the record belongs to.
        public var application: CardVerifiableApplication {
            switch self {
            case .cardInfoHashes, .cardInfoKey: return .cardInfo
            default: return .cardSurface
            }
        }

        /// The record's EF.
        public var fileID: UInt16 {
            switch self {
            case .cardInfoHashes: return 0x0003
            case .cardInfoKey: return 0x0007
            case .cardSurfaceBirthDate: return 0x0001
            case .cardSurfaceEntries: return 0x0002
            case .cardSurfaceMyNumberImage: return 0x0005
            }
        }

        /// The tag of the record's constructed object.
        public var recordTag: UInt32 {
            switch self {
            case .cardInfoHashes: return 0xFF30
            case .cardInfoKey: return 0xFF50
            case .cardSurfaceBirthDate: return 0xFF10
            case .cardSurfaceEntries: return 0xFF20
            case .cardSurfaceMyNumberImage: return 0xFF40
            }
        }

        /// The tags of the objects inside, in the order the card writes them.
        public var childTags: [UInt32] {
            switch self {
            case .cardInfoHashes: return [0xDF31, 0xDF32, 0xDF33]
            case .cardInfoKey: return [0xDF51, 0xDF52]
            case .cardSurfaceBirthDate: return [0xDF11, 0xDF12, 0xDF13]
            case .cardSurfaceEntries: return Array(0xDF21...0xDF2A)
            case .cardSurfaceMyNumberImage: return [0xDF41, 0xDF42, 0xDF43]
            }
        }

        /// The tag of the signature.
        public var signatureTag: UInt32 {
            switch self {
            case .cardInfoHashes: return 0xDF33
            case .cardInfoKey: return 0xDF52
            case .cardSurfaceBirthDate: return 0xDF13
            case .cardSurfaceEntries: return 0xDF28
            case .cardSurfaceMyNumberImage: return 0xDF43
            }
        }

        /// The tag of the application key the record carries, or `nil` (EF 0003).
        public var keyTag: UInt32? {
            switch self {
            case .cardInfoHashes: return nil
            case .cardInfoKey: return 0xDF51
            case .cardSurfaceBirthDate: return 0xDF12
            case .cardSurfaceEntries: return 0xDF24
            case .cardSurfaceMyNumberImage: return 0xDF42
            }
        }

        /// E.g. `券面事項確認AP EF 0001`.
        public var description: String {
            let id = String(fileID, radix: 16, uppercase: true)
            return "\(application) EF \(String(repeating: "0", count: 4 - id.count))\(id)"
        }
    }

    /// One object of the record.
    public struct Object: Hashable, Sendable {
        /// The tag (`0xDF22`).
        public let tag: UInt32
        /// Its byte range in ``CardSignedRecord/encoded``, header included.
        public let range: Range<Int>
        /// Its value's byte range in ``CardSignedRecord/encoded``.
        public let valueRange: Range<Int>
    }

    /// What the record is.
    public let kind: Kind
    /// The record, from its first tag byte to the end of its last object (trailing padding of
    /// the file removed).
    public let encoded: [UInt8]
    /// The objects inside, in order.
    public let objects: [Object]
    /// The signature.
    public let signature: [UInt8]
    /// The payload the signature's PKCS #1 v1.5 block must carry: a DigestInfo.
    public let signedPayload: [UInt8]
    /// The application key the record carries, or `nil` for EF 0003.
    public let applicationKey: CardRSAPublicKey?

    /// The length of a record's signature (RSA-2048).
    public static let signatureLength = 256

    /// Parses the record `kind` from a file read from its start (trailing `FF`/`00` padding
    /// allowed), strictly: the record's tag first, exactly the objects of ``Kind/childTags`` in
    /// order with nothing between them, a 256-byte signature, keys in the card's form, and the
    /// offset table of EF 0002 equal to where the objects are.
    ///
    /// - Throws: ``CardVerificationFailure/malformedRecord(_:_:offset:)`` with the byte offset.
    public init(_ kind: Kind, encoded file: [UInt8]) throws(CardVerificationFailure) {
        func malformed(_ why: String, _ offset: Int) -> CardVerificationFailure {
            .malformedRecord(kind, why, offset: offset)
        }
        let top: [BERTLV]
        do {
            top = try BERTLV.parse(file)
        } catch {
            throw malformed(error.description, error.offset)
        }
        guard let outer = top.first, outer.offset == 0, outer.rawTag == kind.recordTag else {
            throw malformed("the file does not begin with \(Self.tagText(kind.recordTag))", 0)
        }
        guard top.count == 1 else { throw malformed("data after the record", top[1].offset) }
        let children: [BERTLV]
        do {
            children = try BERTLV.parse(outer.value)
        } catch {
            throw malformed(error.description, error.offset)
        }
        var objects: [Object] = []
        var position = outer.value.startIndex
        for (index, child) in children.enumerated() {
            guard index < kind.childTags.count, child.rawTag == kind.childTags[index] else {
                throw malformed(
                    "expected \(kind.childTags.map(Self.tagText).joined(separator: ", ")) in order", child.offset)
            }
            guard child.offset == position else { throw malformed("padding between objects", position) }
            objects.append(
                Object(
                    tag: child.rawTag, range: child.offset..<child.value.endIndex,
                    valueRange: child.value.startIndex..<child.value.endIndex))
            position = child.value.endIndex
        }
        guard objects.count == kind.childTags.count else {
            throw malformed("\(objects.count) objects, not \(kind.childTags.count)", position)
        }
        guard position == outer.value.endIndex else { throw malformed("padding inside the record", position) }
        let encoded = Array(file[0..<outer.value.endIndex])
        func value(_ tag: UInt32) -> ArraySlice<UInt8> {
            guard let object = objects.first(where: { $0.tag == tag }) else { return [] }
            return encoded[object.valueRange]
        }
        let signature = value(kind.signatureTag)
        guard signature.count == Self.signatureLength else {
            throw malformed(
                "a signature of \(signature.count) bytes, not \(Self.signatureLength)",
                objects.first { $0.tag == kind.signatureTag }?.range.lowerBound ?? 0)
        }
        var applicationKey: CardRSAPublicKey?
        if let keyTag = kind.keyTag, let object = objects.first(where: { $0.tag == keyTag }) {
            switch CardRSAPublicKey.parse(encoded[object.valueRange], base: object.valueRange.lowerBound) {
            case .success(let key): applicationKey = key
            case .failure(let error): throw malformed(error.reason, error.offset)
            }
        }
        if kind == .cardInfoHashes {
            for tag: UInt32 in [0xDF31, 0xDF32] where value(tag).count != 32 {
                throw malformed(
                    "\(Self.tagText(tag)) is not a SHA-256 digest",
                    objects.first { $0.tag == tag }?.range.lowerBound ?? 0)
            }
        }
        if kind == .cardSurfaceEntries {
            let table = value(0xDF21)
            let starts = objects.dropFirst().map(\.range.lowerBound)
            guard table.count == 2 * starts.count else {
                throw malformed(
                    "the offset table has \(table.count) bytes for \(starts.count) objects", objects[0].range.lowerBound
                )
            }
            for (index, start) in starts.enumerated() {
                let declared =
                    Int(table[table.startIndex + 2 * index]) << 8 | Int(table[table.startIndex + 2 * index + 1])
                guard declared == start else {
                    throw malformed(
                        "offset \(index) in DF 21 says \(declared), the object starts at \(start)",
                        table.startIndex + 2 * index)
                }
            }
        }
        self.kind = kind
        self.encoded = encoded
        self.objects = objects
        self.signature = Array(signature)
        self.applicationKey = applicationKey
        self.signedPayload = Self.payload(kind: kind, encoded: encoded, objects: objects)
    }

    /// The value of the object `tag` (e.g. `0xDF11`), or `nil`.
    public func value(_ tag: UInt32) -> ArraySlice<UInt8>? {
        objects.first { $0.tag == tag }.map { encoded[$0.valueRange] }
    }

    /// Whether the signature verifies with `key` (the key the CV certificate certifies).
    public func isSigned(by key: PublicKey) -> Bool {
        key.isValidSignature(signature, pkcs1Payload: signedPayload)
    }

    /// The bytes of the objects `tags`, as written, joined.
    public func bytes(of tags: [UInt32]) -> [UInt8] {
        tags.flatMap { tag in objects.first { $0.tag == tag }.map { Array(encoded[$0.range]) } ?? [] }
    }

    /// The DigestInfo (SHA-256) whose octet string is `digest`, of any length: `30 31 … 04 20`
    /// for one SHA-256 digest, `30 71 … 04 60` for the three of the 確認AP's EF 0002.
    public static func sha256DigestInfo(_ digest: [UInt8]) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeSequence { algorithm in
                algorithm.serialize(DigestAlgorithm.sha256.objectIdentifier)
                algorithm.writeNull()
            }
            info.writePrimitive(.octetString, content: digest)
        }
        return writer.bytes
    }

    private static func payload(kind: Kind, encoded: [UInt8], objects: [Object]) -> [UInt8] {
        func range(_ tags: [UInt32]) -> ArraySlice<UInt8> {
            let selected = objects.filter { tags.contains($0.tag) }
            guard let first = selected.first, let last = selected.last else { return [] }
            return encoded[first.range.lowerBound..<last.range.upperBound]
        }
        if kind == .cardSurfaceEntries {
            let digests =
                DigestAlgorithm.sha256.hash(range([0xDF22, 0xDF23, 0xDF24]))
                + DigestAlgorithm.sha256.hash(range([0xDF25, 0xDF26]))
                + DigestAlgorithm.sha256.hash(range([0xDF27]))
            return sha256DigestInfo(digests)
        }
        let covered = objects.prefix { $0.tag != kind.signatureTag }.map(\.tag)
        return sha256DigestInfo(DigestAlgorithm.sha256.hash(range(covered)))
    }

    static func tagText(_ tag: UInt32) -> String {
        tag > 0xFF ? Hex.encode([UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)], separator: " ") : Hex.encode([UInt8(tag)])
    }
}
