import JPKIASN1
import Testing

/// The example of the module's DocC overview, kept compiling and true.
@Suite("Documentation example")
struct DocumentationExampleTests {
    @Test("reads a certificate-shaped structure as the overview shows")
    func overviewExample() throws {
        // Certificate ::= SEQUENCE { tbs SEQUENCE {INTEGER 1}, AlgorithmIdentifier, BIT STRING }
        var writer = DERWriter()
        writer.writeSequence { certificate in
            certificate.writeSequence { tbs in tbs.serialize(1) }
            certificate.writeSequence { algorithm in
                algorithm.serialize(ASN1ObjectIdentifier("1.2.840.113549.1.1.11"))
                algorithm.writeNull()
            }
            certificate.serialize(ASN1BitString(bytes: [0xDE, 0xAD]))
        }
        let certificate = writer.bytes
        let pemText = PEMDocument(label: "CERTIFICATE", der: certificate).pemString

        let der = try PEMDocument(pemString: pemText).der
        #expect(der == certificate)
        #expect(try DER.validate(der) == 7)
        let (tbsRange, name, signatureCount) = try DER.withReader(der) { reader throws(DERError) in
            try reader.readSequence { certificate throws(DERError) in
                let tbs = try certificate.read(.sequence)
                let algorithm = try certificate.readSequence { algorithm throws(DERError) in
                    let oid = try algorithm.decode(ASN1ObjectIdentifier.self)
                    _ = try algorithm.readIfPresent(.null)
                    return oid
                }
                let signature = try certificate.decode(ASN1BitString.self)
                return (tbs.encodedRange, algorithm.name, signature.bytes.count)
            }
        }
        #expect(tbsRange == 2..<7)
        #expect(name == "sha256WithRSAEncryption")
        #expect(signatureCount == 2)
    }

    @Test("the README's example finds the serial number's position")
    func readmeExample() throws {
        // Certificate ::= SEQUENCE { tbs SEQUENCE { [0] { INTEGER 2 }, serial INTEGER } }
        var writer = DERWriter()
        writer.writeSequence { certificate in
            certificate.writeSequence { tbs in
                tbs.serialize(2, explicitTag: .contextSpecific(0, constructed: true))
                tbs.serialize(ASN1Integer(unsignedMagnitude: [0x06, 0x7C, 0x6A, 0x21]))
            }
        }
        let pemText = PEMDocument(label: "CERTIFICATE", der: writer.bytes).pemString

        let der = try PEMDocument(pemString: pemText).der
        try DER.validate(der)
        let serialRange = try DER.withReader(der) { reader throws(DERError) in
            try reader.readSequence { certificate throws(DERError) in
                try certificate.readSequence { tbs throws(DERError) in
                    _ = try tbs.readIfPresent(.contextSpecific(0, constructed: true))
                    return try tbs.read(.integer).contentRange
                }
            }
        }
        #expect(Array(der[serialRange]) == [0x06, 0x7C, 0x6A, 0x21])
    }
}
