import JPKIASN1
import Testing

@testable import JPKIX509

/// The certificate reader's one-pass paths (names of the usual shape, the extension list read
/// into positions, the two well-known algorithm identifiers) against the element-by-element
/// readers they stand in for, on valid inputs and on every one-octet change of them.
@Suite("Certificate parse fast paths")
struct ParseFastPathTests {
    /// Octet values tried at each position: tags, short and long length forms, edges.
    static let replacements: [UInt8] = [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0C, 0x12, 0x13, 0x14, 0x16, 0x1A, 0x1C, 0x1E, 0x20, 0x2A, 0x30,
        0x31, 0x40, 0x55, 0x7F, 0x80, 0x81, 0x82, 0xA0, 0xC0, 0xFF,
    ]

    /// `bytes` and every variant of it with one octet replaced (by each of ``replacements`` and
    /// by its neighbours).
    static func variants(of bytes: [UInt8]) -> [[UInt8]] {
        var result = [bytes]
        for index in bytes.indices {
            let original = bytes[index]
            for value in replacements + [original &+ 1, original &- 1] where value != original {
                var changed = bytes
                changed[index] = value
                result.append(changed)
            }
        }
        return result
    }

    /// Names of the shapes certificates carry: PrintableString, UTF8String (Japanese), IA5String,
    /// several RDNs, a multi-valued RDN and a long value (two-octet lengths: the reader's path).
    static func names() throws -> [[UInt8]] {
        let simple = DistinguishedName([
            .init([try .init(type: .countryName, string: "JP", kind: .printable)]),
            .init([try .init(type: .localityName, string: "東京都", kind: .utf8)]),
            .init([try .init(type: .localityName, string: "千代田区", kind: .utf8)]),
            .init([try .init(type: .commonName, string: "ABCDEFGHIJ0123456789", kind: .printable)]),
        ])
        let email = DistinguishedName([
            .init([try .init(type: .organizationName, string: "Example", kind: .utf8)]),
            .init([try .init(type: "1.2.840.113549.1.9.1", string: "a@example.jp", kind: .ia5)]),
        ])
        let multi = DistinguishedName([
            .init([
                try .init(type: .commonName, string: "A", kind: .printable),
                try .init(type: .organizationalUnitName, string: "B", kind: .bmp),
            ])
        ])
        let long = DistinguishedName([
            .init([try .init(type: .commonName, string: String(repeating: "x", count: 130), kind: .utf8)])
        ])
        return [simple, email, multi, long].map { Array($0.derEncoded) }
    }

    @Test("a Name the one-pass check accepts, the reader accepts; valid names are accepted both ways")
    func names() throws {
        var fastAccepted = 0
        for name in try Self.names() {
            for bytes in Self.variants(of: name) {
                try DER.withReader(bytes) { (reader: inout DERReader) throws(DERError) in
                    guard let node = try? reader.read(.sequence), reader.isAtEnd else { return }
                    let fast = DistinguishedName.isUsualValidName(reader.content(of: node))
                    let slow = (try? DistinguishedName.validateByReader(node, in: reader)) != nil
                    if fast {
                        fastAccepted += 1
                        #expect(slow, "accepted by the one-pass check only: \(Hex.encode(bytes))")
                    }
                    #expect(slow == ((try? DistinguishedName.validate(node, in: reader)) != nil))
                }
            }
        }
        #expect(fastAccepted > 10)
    }

    /// The extension list read the element-by-element way: each ``Extension``, then the
    /// duplicate check.
    static func readByElements(_ node: DERNode, in reader: DERReader, bytes: ArraySlice<UInt8>) -> [Extension]? {
        guard let list = try? Extensions.readList(node, in: reader, bytes: bytes), !list.isEmpty else { return nil }
        return try? Extensions.checkedUnique(list)
    }

    @Test("the extension list read into positions gives the extensions the element reader gives, or fails as it does")
    func extensions() throws {
        let pki = try TestPKI.shared.get()
        var lists: [[UInt8]] = []
        for certificate in [pki.signatureCertificate, pki.authenticationCertificate, pki.signatureRoot] {
            var writer = DERWriter()
            writer.writeSequence { sequence in
                for item in certificate.extensions { sequence.serialize(item) }
            }
            lists.append(writer.bytes)
        }
        var compared = 0
        for list in lists {
            for bytes in Self.variants(of: list) {
                try DER.withReader(bytes) { (reader: inout DERReader) throws(DERError) in
                    guard let node = try? reader.readAny(), reader.isAtEnd else { return }
                    let expected = Self.readByElements(node, in: reader, bytes: bytes[...])
                    let read = try? Extensions.read(node: node, in: reader, bytes: bytes[...])
                    #expect(read.map(\.all) == expected, "\(Hex.encode(bytes))")
                    if let read, let expected {
                        for item in expected { #expect(read[oid: item.oid] == item) }
                    }
                    compared += 1
                }
            }
        }
        #expect(compared > 1000)
    }

    @Test("a duplicate extension is reported at its second occurrence")
    func duplicate() throws {
        let usage = KeyUsage([.digitalSignature]).makeExtension(critical: true)
        var writer = DERWriter()
        writer.writeSequence { sequence in
            sequence.serialize(usage)
            sequence.serialize(usage)
        }
        let bytes = writer.bytes
        let second = 2 + usage.serializedCount
        try DER.withReader(bytes) { (reader: inout DERReader) throws(DERError) in
            let node = try reader.readAny()
            #expect(throws: X509Error.duplicateExtension(usage.oid, offset: second)) {
                try Extensions.read(node: node, in: reader, bytes: bytes[...])
            }
        }
    }

    @Test("the two algorithm identifiers known by their encoding are the ones the reader makes")
    func wellKnownAlgorithms() throws {
        for known in [AlgorithmIdentifier.sha256WithRSAEncryption, .rsaEncryption, .sha1WithRSAEncryption] {
            var writer = DERWriter()
            known.serialize(into: &writer)
            let bytes = writer.bytes
            let byEncoding = bytes.withUnsafeBytes { AlgorithmIdentifier.wellKnown($0) }
            if known == .sha1WithRSAEncryption {
                #expect(byEncoding == nil)
            } else {
                #expect(byEncoding == known)
            }
            let read = try DER.withReader(bytes) { reader throws(DERError) in try AlgorithmIdentifier(from: &reader) }
            #expect(read == known)
        }
    }
}

extension Extension {
    /// The length of the extension's DER.
    fileprivate var serializedCount: Int {
        var writer = DERWriter()
        writer.serialize(self)
        return writer.bytes.count
    }
}
