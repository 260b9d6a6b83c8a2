// libFuzzer target for `Certificate(derEncoded:)` and everything read from a certificate: names
// and their RFC 4514 rendering, the public key, every typed extension, the JPKI profile, the
// basic 4 information and the CRL distribution point's municipality.
//
// Oracles (trap with a message):
//  - a certificate that parses is strict DER as a whole (`DER.validate` accepts all of it) and
//    keeps exactly the input as `derEncoded`; its tbsCertificate bytes and signature lie inside
//    the input;
//  - every typed extension that decodes serializes back to exactly its extnValue bytes (the
//    decoders are strict DER, so the encoding is unique);
//  - issuer and subject rebuilt from their RDNs are equal to the names read;
//  - the JPKI profile and the basic 4 information never trap, whatever they decide.

import JPKIASN1
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    CertificateFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum CertificateFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let certificate = try? Certificate(derEncoded: bytes) else { return }
        guard (try? DER.validate(bytes)) != nil else {
            fail("a certificate parsed from input that is not strict DER", bytes)
        }
        guard certificate.derEncoded == bytes else { fail("derEncoded differs from the input", bytes) }
        guard bytes.indices.contains(certificate.tbsCertificateBytes.startIndex),
            certificate.tbsCertificateBytes.endIndex <= bytes.count,
            certificate.signature.endIndex <= bytes.count
        else { fail("tbs or signature range outside the input", bytes) }

        checkName(certificate.issuer, bytes)
        checkName(certificate.subject, bytes)
        _ = certificate.description
        _ = certificate.serialNumberHex
        _ = certificate.subjectPublicKeyInfo
        _ = certificate.isSelfIssued
        _ = certificate.isValid(atSecondsSince1970: 1_800_000_000)

        for item in certificate.extensions {
            _ = item.oid.description
            roundTrip(SubjectKeyIdentifier.self, item, bytes)
            roundTrip(AuthorityKeyIdentifier.self, item, bytes)
            roundTrip(KeyUsage.self, item, bytes)
            roundTrip(ExtendedKeyUsage.self, item, bytes)
            roundTrip(BasicConstraints.self, item, bytes)
            roundTrip(SubjectAlternativeNames.self, item, bytes)
            roundTrip(IssuerAlternativeNames.self, item, bytes)
            roundTrip(CRLDistributionPoints.self, item, bytes)
            roundTrip(AuthorityInformationAccess.self, item, bytes)
            roundTrip(CertificatePolicies.self, item, bytes)
            roundTrip(NameConstraints.self, item, bytes)
        }

        let profile = certificate.jpkiProfile
        _ = profile.description
        _ = profile.kind.purpose
        if let information = try? certificate.basicFourInformation {
            _ = information.familyName
            _ = information.givenName
            _ = information.birthDate
            _ = information.sex.description
            _ = information.nameSubstituteCharacters.containsSubstitutes
        }
        _ = try? certificate.jpkiMunicipality
    }

    /// Decodes `item` as `Value` when it carries `Value`'s OID; a decoded value must encode back
    /// to the extension's bytes.
    static func roundTrip<Value: ExtensionValue>(_ type: Value.Type, _ item: Extension, _ input: [UInt8]) {
        guard item.oid == Value.oid, let value = try? Value(item) else { return }
        _ = String(describing: value)
        guard value.derEncoded[...] == item.value else {
            fail("\(Value.self) decoded but does not encode back to its extnValue", input)
        }
    }

    static func checkName(_ name: DistinguishedName, _ input: [UInt8]) {
        _ = name.description
        _ = name.commonName
        let rebuilt = DistinguishedName(name.relativeDistinguishedNames)
        guard rebuilt == name, (try? DistinguishedName(derEncoded: Array(rebuilt.derEncoded))) == name else {
            fail("a name rebuilt from its RDNs differs from the name read", input)
        }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        let hex = input.prefix(128).map { String($0, radix: 16) }.joined(separator: " ")
        fatalError("CertificateFuzz oracle broken: \(message) [\(hex)]")
    }
}
