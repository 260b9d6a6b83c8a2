import Foundation
import JPKIASN1
import JPKITestSupport
import JPKIX509
import Testing

@Suite("SigningKey")
struct SigningKeyTests {
    @Test("pkcs8DER is a PKCS #8 PrivateKeyInfo that reads back and that openssl reads")
    func pkcs8() throws {
        let key = try SigningKey(generatingRSABits: 2048)
        let der = key.pkcs8DER
        // PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier { rsaEncryption, NULL }, OCTET STRING }
        let (version, algorithm) = try DER.withReader(der) { reader throws(DERError) in
            try reader.readSequence { info throws(DERError) in
                let version = try info.readInteger(as: Int.self)
                let algorithm = try info.readSequence { identifier throws(DERError) in
                    let oid = try identifier.decode(ASN1ObjectIdentifier.self)
                    _ = try identifier.read(.null)
                    return oid
                }
                _ = try info.read(.octetString)
                while !info.isAtEnd { _ = try info.readAny() }
                return (version, algorithm)
            }
        }
        #expect(version == 0)
        #expect(algorithm == .rsaEncryption)
        let again = try SigningKey(derEncoded: der)
        #expect(again.pkcs8DER == der)
        #expect(try again.subjectPublicKeyInfo == key.subjectPublicKeyInfo)
        if OpenSSLCLI.available {
            let file = try TemporaryFile.create(der)
            defer { try? FileManager.default.removeItem(at: file) }
            let run = try OpenSSLCLI.run(["pkey", "-inform", "DER", "-in", file.path, "-noout", "-text_pub"])
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("2048 bit"))
        }
    }
}
