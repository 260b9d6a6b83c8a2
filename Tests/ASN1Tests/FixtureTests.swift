import Foundation
import JPKIASN1
import JPKITestSupport
import Testing

/// Every certificate, CRL and OCSP message of the shared fixtures (`../shared/fixtures`, read in
/// place) through the strict DER reader:
///
/// - validation (``DER/validate(_:limits:)``), against the tables below of the documents that are
///   not valid DER, each with the rule and the offset confirmed with `openssl asn1parse`;
/// - a round trip: the tree read with ``DERReader`` and rebuilt with ``DERWriter`` gives back the
///   same bytes;
/// - a differential test against `openssl asn1parse -i`: the same elements, with the same offset,
///   depth, header length, content length, constructed bit and tag.
@Suite(.enabled(if: Fixtures.available, Fixtures.missing))
struct FixtureTests {
    // MARK: Expected rejections

    /// The documents of `real-world/` that are not valid DER. Every other document there, and
    /// every one in `jlis-ca/` (the four J-LIS roots), must validate.
    ///
    /// Not listed, because the walker does not descend into OCTET STRING or BIT STRING contents
    /// (a certificate's extension values): `belgian-eid-invalid-visiblestring.pem`, whose invalid
    /// VisibleString (UTF-8 C3 A0 "à", C3 A9 "é"… in a userNotice explicitText) is inside the
    /// certificatePolicies extension value at offset 702 — see
    /// ``belgianEIDVisibleStringIsInsideAnExtensionValue()``. `wosign-bc-invalid.pem` is valid DER;
    /// its fault is semantic (basicConstraints with a pathLenConstraint but cA FALSE).
    static let realWorldRejections: [String: DERError] = [
        // notAfter (offset 105) is a UTCTime of 15 octets, "19020701025736Z": a four-digit year, as
        // in a GeneralizedTime. DER's UTCTime is YYMMDDHHMMSSZ (X.690 11.8, RFC 5280 4.1.2.5.1).
        "badasn1time.pem": DERError(.invalidTime, at: 105)
    ]

    /// The documents of `custom/` that are not valid DER. The others are valid DER even where
    /// they are invalid certificates or CRLs (bad versions, negative serials, mismatched
    /// algorithms, wrong signatures) or carry an extension value that is wrong for its extension
    /// (`cp_invalid*`: a userNotice that is an IA5String; `malformed-san.pem`/`-ian.pem`: an
    /// otherName without its value; `nc_*` netmasks; `invalid-sct-*.der`: TLS-encoded SCT lists):
    /// those extension values are themselves valid DER (checked with `openssl asn1parse
    /// -strparse`), so nothing is hidden below the level the walker checks.
    /// `crl_inval_date_fractional_seconds.der` holds its "20240101000000.5Z" inside an
    /// invalidityDate extension value; a fraction without trailing zero is valid DER anyway
    /// (X.690 11.7), only RFC 5280 forbids it.
    static let customRejections: [String: DERError] = [
        // thisUpdate (offset 45) is the UTCTime "18102813516Z": 11 digits, one missing.
        "crl_invalid_time.der": DERError(.invalidTime, at: 45),
        // The issuer's organizationalUnitName (offset 94) is the PrintableString "<edited>": "<"
        // and ">" are not in PrintableString's character set (X.680 41.4).
        "crl_issuer_invalid_printable_string.der": DERError(.invalidString(.printableString), at: 94),
        // The issuer's commonName (offset 45) is a UTF8String ending in E2 84, a three-octet
        // sequence cut short. (The subject's, at 106, is the same; the first one is reported.)
        "invalid_utf8_common_name.pem": DERError(.invalidString(.utf8String), at: 45),
        // The commonName value at 38 is [APPLICATION 9] constructed (69 04) around "PyCA"; read
        // as an element, 50 79 is [APPLICATION 16] of 121 octets with 2 left. openssl asn1parse
        // stops at the same element: "ASN1_get_object: too long".
        "name_attribute_unsupported_tag.pem": DERError(.truncated, at: 40),
    ]

    /// The documents of `ocsp/` that are not valid DER: none. The malformed requests and responses
    /// there (unknown versions, hash algorithms, response types or statuses, duplicate
    /// extensions) are well-formed DER carrying wrong values.
    static let ocspRejections: [String: DERError] = [:]

    static func expectedRejection(_ group: Fixtures.Group, _ key: String) -> DERError? {
        switch group {
        case .realWorld: return realWorldRejections[key]
        case .jlisCA: return nil
        case .custom: return customRejections[key]
        case .ocsp: return ocspRejections[key]
        }
    }

    /// The files holding other than one tested document. Every other `.pem` holds exactly one
    /// document with a tested label.
    static let documentCounts: [FixtureFile: Int] = [
        // Two CERTIFICATE blocks; the second file adds garbage text and a PRIVATE KEY block.
        FixtureFile(group: .realWorld, relativePath: "cryptography.io.chain.pem"): 2,
        FixtureFile(group: .realWorld, relativePath: "cryptography.io.chain_with_garbage.pem"): 2,
        // Private keys only.
        FixtureFile(group: .custom, relativePath: "ca/ca_key.pem"): 0,
        FixtureFile(group: .custom, relativePath: "ca/rsa_key.pem"): 0,
    ]

    static let allFiles = Fixtures.files(in: Fixtures.Group.allCases)

    // MARK: Tests

    @Test("The fixture folders are there and the tables name existing documents")
    func inventory() throws {
        for group in Fixtures.Group.allCases {
            #expect(!Fixtures.files(in: group).isEmpty, "no .pem or .der file in \(group.directory)")
        }
        #expect(Fixtures.files(in: .jlisCA).count == 6)
        var keys: [Fixtures.Group: Set<String>] = [:]
        for file in Self.allFiles {
            let documents = try file.documents()
            let expected = Self.documentCounts[file] ?? 1
            #expect(documents.count == expected, "\(file.testDescription): \(documents.count) documents")
            keys[file.group, default: []].formUnion(documents.map(\.key))
        }
        let tables: [(Fixtures.Group, [String: DERError])] = [
            (.realWorld, Self.realWorldRejections), (.custom, Self.customRejections), (.ocsp, Self.ocspRejections),
        ]
        for (group, table) in tables {
            for key in table.keys {
                #expect(keys[group, default: []].contains(key), "the table names \(key), absent from \(group.rawValue)")
            }
        }
    }

    @Test(
        "Validation: each document is accepted, or rejected with the rule and offset in the table",
        arguments: FixtureTests.allFiles)
    func validation(_ file: FixtureFile) throws {
        for document in try file.documents() {
            let expected = Self.expectedRejection(file.group, document.key)
            do {
                let count = try DER.validate(document.der)
                if let expected {
                    Issue.record("\(document.key): accepted (\(count) elements), expected \(expected)")
                }
            } catch {
                #expect(error == expected, "\(document.key): rejected with \(error)")
            }
        }
    }

    @Test("Round trip: read with DERReader, rebuild with DERWriter, identical bytes", arguments: FixtureTests.allFiles)
    func roundTrip(_ file: FixtureFile) throws {
        for document in try file.documents() where Self.expectedRejection(file.group, document.key) == nil {
            let rebuilt = try Self.rebuild(document.der)
            #expect(rebuilt.count == document.der.count, "\(document.key)")
            if rebuilt != document.der {
                let first =
                    zip(rebuilt, document.der).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(rebuilt.count, document.der.count)
                Issue.record("\(document.key): the rebuilt encoding differs from offset \(first)")
            }
        }
    }

    /// OpenSSL 3's `asn1parse` never descends into a primitive element: an OCTET STRING is printed
    /// as text or `[HEX DUMP]` even when its content is DER (an extension value), a BIT STRING
    /// (a public key, a signature) is printed without content; only `-strparse` goes inside. Checked
    /// with OpenSSL 3.0.19 on `30 0F 04 05 30 03 02 01 05 03 06 00 30 03 02 01 05`, an OCTET STRING
    /// and a BIT STRING that both hold `30 03 02 01 05`: three lines, no element inside either.
    /// ``DER/walk(_:limits:_:)`` does not descend either, so the two lists compare element for
    /// element, at every depth; a version of openssl that descended would fail here, loudly.
    @Test(
        "Differential: the same elements as openssl asn1parse -i",
        .enabled(if: OpenSSL.path != nil, "needs the openssl command on PATH"), arguments: FixtureTests.allFiles)
    func matchesOpenSSL(_ file: FixtureFile) throws {
        for document in try file.documents() where Self.expectedRejection(file.group, document.key) == nil {
            let ours = try Self.elements(of: document.der)
            let theirs = try OpenSSL.asn1parse(document.der)
            #expect(ours.count == theirs.count, "\(document.key): \(ours.count) elements, openssl \(theirs.count)")
            if let index = zip(ours, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("\(document.key): element \(index) is \(ours[index]), openssl has \(theirs[index])")
            }
        }
    }

    /// The fault of `belgian-eid-invalid-visiblestring.pem` is one level down: the certificate is
    /// valid DER, and the certificatePolicies extension value (OCTET STRING at 702, `hl=4 l=271`)
    /// holds a VisibleString with UTF-8 octets (C3 A0 "à"…) at 82 inside it, 702 + 4 + 82 = 788 in
    /// the certificate (`openssl asn1parse -strparse 702`: `82:d=5 hl=3 l= 186 prim: VISIBLESTRING`).
    @Test func belgianEIDVisibleStringIsInsideAnExtensionValue() throws {
        let file = FixtureFile(group: .realWorld, relativePath: "belgian-eid-invalid-visiblestring.pem")
        let der = try #require(try file.documents().first).der
        let elements = try Self.elements(of: der)
        let extensionValue = try #require(elements.first { $0.offset == 702 })
        #expect(extensionValue == Element(702, depth: 5, header: 4, content: 271, .universal, 4, constructed: false))
        let content = Array(der[706..<(706 + 271)])
        #expect(throws: DERError(.invalidString(.visibleString), at: 82)) { try DER.validate(content) }
        // The same with absolute offsets, reading the extension value in place.
        let error = DER.withReaderResult(der) { reader throws(DERError) in
            let certificate = try reader.read(.sequence)
            var root = try reader.children(of: certificate)
            let tbsCertificate = try root.read(.sequence)
            var tbs = try root.children(of: tbsCertificate)
            // version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
            for _ in 0..<7 { _ = try tbs.readAny() }
            let extensionsField = try tbs.read(.contextSpecific(3, constructed: true))
            var extensions = try tbs.children(of: extensionsField)
            let extensionList = try extensions.read(.sequence)
            var list = try extensions.children(of: extensionList)
            while let node = try list.next() {
                var fields = try list.children(of: node)
                _ = try fields.read(.objectIdentifier)
                _ = try fields.readIfPresent(.boolean)
                let value = try fields.read(.octetString)
                guard value.offset == 702 else { continue }
                var inner = try fields.encapsulated(in: value)
                try Self.walkAll(&inner)
            }
        }
        #expect(error == DERError(.invalidString(.visibleString), at: 788))
    }

    // MARK: Our side

    /// One element as `openssl asn1parse -i` lists it.
    struct Element: Equatable, CustomStringConvertible {
        var offset: Int
        var depth: Int
        var headerLength: Int
        var contentLength: Int
        var tagClass: ASN1Tag.TagClass
        var number: UInt32
        var constructed: Bool

        init(
            _ offset: Int, depth: Int, header: Int, content: Int, _ tagClass: ASN1Tag.TagClass, _ number: UInt32,
            constructed: Bool
        ) {
            self.offset = offset
            self.depth = depth
            self.headerLength = header
            self.contentLength = content
            self.tagClass = tagClass
            self.number = number
            self.constructed = constructed
        }

        var description: String {
            "\(offset):d=\(depth) hl=\(headerLength) l=\(contentLength) \(constructed ? "cons" : "prim") "
                + "\(tagClass) \(number)"
        }
    }

    /// Every element, depth first, as ``DER/walk(_:limits:_:)`` visits them.
    static func elements(of der: [UInt8]) throws(DERError) -> [Element] {
        var elements: [Element] = []
        try DER.walk(der) { node, depth in
            elements.append(
                Element(
                    node.offset, depth: depth, header: node.headerLength, content: node.contentLength,
                    node.tag.tagClass, node.tag.number, constructed: node.tag.isConstructed))
        }
        return elements
    }

    /// Reads the one element of `der` and writes it again: primitive elements with their content
    /// octets, constructed ones with their children, recursively.
    static func rebuild(_ der: [UInt8]) throws(DERError) -> [UInt8] {
        try DER.withReader(der) { reader throws(DERError) in
            let root = try reader.readAny()
            try reader.finish()
            var writer = DERWriter(reservingCapacity: der.count)
            try write(root, from: reader, into: &writer)
            return writer.bytes
        }
    }

    static func write(_ node: DERNode, from reader: DERReader, into writer: inout DERWriter) throws(DERError) {
        guard node.tag.isConstructed else {
            writer.writePrimitive(node.tag, content: reader.content(of: node))
            return
        }
        var children = try reader.children(of: node)
        try writer.writeConstructed(node.tag) { inner throws(DERError) in
            while let child = try children.next() {
                try write(child, from: children, into: &inner)
            }
        }
    }

    /// Reads every element under `reader`, checking content rules like ``DER/walk(_:limits:_:)``.
    static func walkAll(_ reader: inout DERReader) throws(DERError) {
        while let node = try reader.next() {
            if node.tag.isConstructed {
                var children = try reader.children(of: node)
                try walkAll(&children)
            } else {
                try DERContentRules.check(node, content: reader.content(of: node))
            }
        }
    }
}

extension DER {
    /// Runs `body` over a reader of `bytes` and returns the error it throws, or `nil`.
    fileprivate static func withReaderResult(
        _ bytes: [UInt8], _ body: (inout DERReader) throws(DERError) -> Void
    ) -> DERError? {
        do throws(DERError) {
            try withReader(bytes, body)
            return nil
        } catch {
            return error
        }
    }
}

// MARK: openssl asn1parse

/// Runs `openssl asn1parse` and reads its listing.
enum OpenSSL {
    /// The `openssl` executable, or `nil`.
    static let path: String? = OpenSSLCLI.path

    /// The elements `openssl asn1parse -inform DER -i` lists for `der`.
    static func asn1parse(_ der: [UInt8]) throws -> [FixtureTests.Element] {
        let input = try TemporaryFile.create(der)
        defer { try? FileManager.default.removeItem(at: input) }
        let run = try OpenSSLCLI.run(["asn1parse", "-inform", "DER", "-i", "-in", input.path])
        guard run.status == 0, run.error.isEmpty else {
            throw FixtureError(message: "openssl asn1parse exited with \(run.status): " + run.error)
        }
        return try run.output.split(separator: "\n").map(parse)
    }

    /// Parses one line, e.g. `    4:d=1  hl=4 l= 890 cons:  SEQUENCE` or
    /// `   42:d=5  hl=3 l=   0 cons:      appl [ 32 ]`.
    static func parse(_ line: Substring) throws -> FixtureTests.Element {
        guard let match = line.wholeMatch(of: /\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(prim|cons):\s*(.*)/),
            let offset = Int(match.1), let depth = Int(match.2), let header = Int(match.3),
            let content = Int(match.4), let (tagClass, number) = tag(match.6)
        else { throw FixtureError(message: "unexpected openssl asn1parse line: \(line)") }
        return FixtureTests.Element(
            offset, depth: depth, header: header, content: content, tagClass, number, constructed: match.5 == "cons")
    }

    /// The tag `openssl asn1parse` prints (`asn1_print_info`): `cont [ n ]`, `appl [ n ]`,
    /// `priv [ n ]`, `<ASN1 n>` for unnamed universal numbers, otherwise `ASN1_tag2str`'s name,
    /// followed by padding and, for some types, `:value`.
    static func tag(_ text: Substring) -> (ASN1Tag.TagClass, UInt32)? {
        if let match = text.prefixMatch(of: /(cont|appl|priv) \[ (\d+) \]/), let number = UInt32(match.2) {
            let tagClass: ASN1Tag.TagClass =
                match.1 == "cont" ? .contextSpecific : match.1 == "appl" ? .application : .private
            return (tagClass, number)
        }
        if let match = text.prefixMatch(of: /<ASN1 (\d+)>/), let number = UInt32(match.1) {
            return (.universal, number)
        }
        // The name is printed left-aligned in 18 columns ("%-18s"); none is longer than 17.
        let name = text.prefix(18).trimmingCharacters(in: .whitespaces)
        guard let number = universalNames.firstIndex(of: name) else { return nil }
        return (.universal, UInt32(number))
    }

    /// `ASN1_tag2str`'s names of universal tags 0…30, as OpenSSL 3.0 prints them (numbers 11, 13,
    /// 14, 15 and 29 print as `<ASN1 n>`).
    static let universalNames: [String] = [
        "EOC", "BOOLEAN", "INTEGER", "BIT STRING", "OCTET STRING", "NULL", "OBJECT", "OBJECT DESCRIPTOR",
        "EXTERNAL", "REAL", "ENUMERATED", "<ASN1 11>", "UTF8STRING", "<ASN1 13>", "<ASN1 14>", "<ASN1 15>",
        "SEQUENCE", "SET", "NUMERICSTRING", "PRINTABLESTRING", "T61STRING", "VIDEOTEXSTRING", "IA5STRING",
        "UTCTIME", "GENERALIZEDTIME", "GRAPHICSTRING", "VISIBLESTRING", "GENERALSTRING", "UNIVERSALSTRING",
        "<ASN1 29>", "BMPSTRING",
    ]
}
