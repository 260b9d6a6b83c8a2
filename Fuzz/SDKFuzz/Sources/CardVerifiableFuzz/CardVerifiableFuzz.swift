// libFuzzer target for the My Number Card's 券面 data: `CardVerifiableCertificate(encoded:)`,
// `CardSignedRecord(_:encoded:)` of every kind, `CardRSAPublicKey.parse`, and the genuineness
// verdict over the input used as certificate and as record.
//
// Oracles (trap with a message):
//  - a certificate that parses is a prefix of the input (padding after it only), its body is
//    297 bytes and holds the two key references and the key, its signature is 256 bytes, and the
//    key rebuilt in the card's form parses back equal;
//  - a record that parses is a prefix of the input; its objects lie inside it, contiguous, in the
//    order of the kind's tags; its signature is 256 bytes; its signed payload is a DER DigestInfo
//    (SHA-256, a 32- or 96-byte digest); an application key, when there is one, rebuilds;
//  - no evidence built from the input is ever "genuine" under J-LIS's keys (their private keys
//    are not here).

import JPKIASN1
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    CardVerifiableFuzzTarget.certificate(bytes)
    for kind in CardSignedRecord.Kind.allCases { CardVerifiableFuzzTarget.record(kind, bytes) }
    CardVerifiableFuzzTarget.key(bytes)
    CardVerifiableFuzzTarget.genuineness(bytes)
    return 0
}

enum CardVerifiableFuzzTarget {
    static func certificate(_ bytes: [UInt8]) {
        guard let certificate = try? CardVerifiableCertificate(encoded: bytes) else { return }
        guard bytes.starts(with: certificate.encoded),
            bytes[certificate.encoded.count...].allSatisfy({ $0 == 0xFF || $0 == 0x00 })
        else { fail("the certificate is not the input's prefix", bytes) }
        guard certificate.body.count == 297, certificate.signature.count == 256 else {
            fail("body \(certificate.body.count), signature \(certificate.signature.count)", bytes)
        }
        guard certificate.issuerKeyID.bytes == Array(certificate.body[0..<16]),
            certificate.holderKeyID.bytes == Array(certificate.body[16..<32])
        else { fail("the key references are not the body's first 32 bytes", bytes) }
        guard case .success(let key) = CardRSAPublicKey.parse(certificate.publicKey.cardEncoded[...]),
            key == certificate.publicKey
        else { fail("the certified key does not rebuild", bytes) }
        _ = certificate.issuerKeyID.description
    }

    static func record(_ kind: CardSignedRecord.Kind, _ bytes: [UInt8]) {
        guard let record = try? CardSignedRecord(kind, encoded: bytes) else { return }
        guard bytes.starts(with: record.encoded) else { fail("\(kind) is not the input's prefix", bytes) }
        guard record.objects.map(\.tag) == kind.childTags else { fail("\(kind): objects out of order", bytes) }
        var position = record.objects.first?.range.lowerBound ?? 0
        for object in record.objects {
            guard object.range.lowerBound == position, object.range.upperBound <= record.encoded.count,
                object.valueRange.upperBound == object.range.upperBound,
                object.valueRange.lowerBound > object.range.lowerBound
            else { fail("\(kind): an object outside its place", bytes) }
            position = object.range.upperBound
        }
        guard record.signature.count == 256 else { fail("\(kind): a signature of \(record.signature.count)", bytes) }
        let digestLength = kind == .cardSurfaceEntries ? 96 : 32
        guard (try? DER.validate(record.signedPayload)) != nil,
            record.signedPayload.starts(with: [0x30]),
            Array(record.signedPayload.suffix(digestLength + 2).prefix(2)) == [0x04, UInt8(digestLength)]
        else { fail("\(kind): the signed payload is not a DigestInfo", bytes) }
        if let key = record.applicationKey {
            guard case .success(let rebuilt) = CardRSAPublicKey.parse(key.cardEncoded[...]), rebuilt == key else {
                fail("\(kind): the application key does not rebuild", bytes)
            }
        }
    }

    static func key(_ bytes: [UInt8]) {
        guard case .success(let key) = CardRSAPublicKey.parse(bytes[...]) else { return }
        guard !key.exponent.isEmpty, key.modulus.count >= 128 else { fail("a key out of its bounds", bytes) }
        _ = key.subjectPublicKeyInfoDER
    }

    static func genuineness(_ bytes: [UInt8]) {
        let evidence = CardGenuinenessEvidence(
            application: .cardSurface, certificate: bytes, keyRecord: bytes, keyRecordKind: .cardSurfaceBirthDate,
            challenge: [1], challengeFromCard: false, challengeSignature: bytes)
        let verdict = evidence.verify(expectedChallenge: [1], trust: .jlis)
        guard verdict.status != .genuine else { fail("genuine under J-LIS's keys from fuzz input", bytes) }
        _ = verdict.description
    }

    static func fail(_ message: String, _ bytes: [UInt8]) -> Never {
        let prefix = bytes.prefix(64).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        fatalError("CardVerifiableFuzz: \(message) (input \(bytes.count) bytes: \(prefix)…)")
    }
}
