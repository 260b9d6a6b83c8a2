import JPKIASN1
import JPKIX509
import Testing

/// Inputs the X509 fuzz targets (Fuzz/SDKFuzz) found accepted although not DER, each reduced
/// to its rule: fields read as ANY (algorithm parameters, attribute values of other universal
/// types) are DER throughout.
@Suite("Fuzz findings")
struct FuzzFindingTests {
    /// Replaces the first occurrence of `pattern` in `bytes` by `replacement` (same length).
    static func patched(_ bytes: [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) throws -> ([UInt8], Int) {
        let start = try #require(
            bytes.indices.first { bytes[$0...].starts(with: pattern) }, "the pattern is not in the input")
        var result = bytes
        result.replaceSubrange(start..<(start + pattern.count), with: replacement)
        return (result, start)
    }

    static let rsaEncryptionNull: [UInt8] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
    ]

    @Test("a certificate whose key algorithm parameters are an empty BOOLEAN is rejected at it")
    func certificateAlgorithmParameters() throws {
        let pki = try TestPKI.shared.get()
        var badParameters = Self.rsaEncryptionNull
        badParameters[11] = 0x01  // 05 00 (NULL) → 01 00 (BOOLEAN without content)
        let (bytes, start) = try Self.patched(
            pki.signatureCertificate.derEncoded, Self.rsaEncryptionNull, badParameters)
        #expect(throws: X509Error.malformed(DERError(.invalidBoolean, at: start + 11))) {
            try Certificate(derEncoded: bytes)
        }
    }

    @Test("a name attribute of another universal type must still be DER (BIT STRING unused bits)")
    func nameAttributeOfOtherType() throws {
        // C=US as a BIT STRING whose unused-bits octet is 0x55.
        let name: [UInt8] = [0x30, 0x0D, 0x31, 0x0B, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x03, 0x02, 0x55, 0x53]
        #expect(throws: DERError(.invalidBitString, at: 11)) { try DistinguishedName(derEncoded: name) }
        var valid = name
        valid[13] = 0x00  // no unused bits: a valid BIT STRING, accepted as an attribute value
        #expect(try DistinguishedName(derEncoded: valid).attributes.count == 1)
    }

    @Test("an OCSP request whose CertID hash algorithm parameters are not DER is rejected")
    func ocspRequestCertIDParameters() throws {
        let pki = try TestPKI.shared.get()
        let request = OCSPRequest(
            certIDs: [CertID(certificate: pki.signatureCertificate, issuer: pki.signatureRoot, hash: .sha1)])
        let sha1Null: [UInt8] = [0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00]
        var bad = sha1Null
        bad[7] = 0x01
        let (bytes, start) = try Self.patched(request.derEncoded, sha1Null, bad)
        #expect(throws: X509Error.malformed(DERError(.invalidBoolean, at: start + 7))) {
            try OCSPRequest(derEncoded: bytes)
        }
        #expect(try OCSPRequest(derEncoded: request.derEncoded) == request)
    }

    @Test("an OCSP response that is not successful but carries responseBytes is rejected")
    func unsuccessfulResponseWithBytes() throws {
        // { internalError, [0] { id-pkix-ocsp-basic, OCTET STRING {} } }
        let response: [UInt8] = [
            0x30, 0x14, 0x0A, 0x01, 0x02, 0xA0, 0x0F, 0x30, 0x0D, 0x06, 0x09, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07,
            0x30, 0x01, 0x01, 0x04, 0x00,
        ]
        // The offset is the responseType OID's.
        #expect(throws: X509Error.invalidValue("internalError OCSP response with response bytes", offset: 9)) {
            try OCSPResponse(derEncoded: response)
        }
        var withoutBytes: [UInt8] = [0x30, 0x03, 0x0A, 0x01, 0x02]
        #expect(try OCSPResponse(derEncoded: withoutBytes).status == .internalError)
        withoutBytes[4] = 0x00  // successful needs the bytes
        #expect(throws: X509Error.self) { try OCSPResponse(derEncoded: withoutBytes) }
    }
}
