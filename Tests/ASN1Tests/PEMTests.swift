// PEM (RFC 7468, with RFC 1421 headers) and the Base64 under it (RFC 4648).

import JPKIASN1
import Testing

// MARK: Helpers

/// 30 03 02 01 05 (a SEQUENCE holding INTEGER 5) and its base64.
private let smallDER: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x05]
private let smallBase64 = "MAMCAQU="

private func pem(_ label: String, _ body: String) -> String {
    "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
}

/// The error `PEMDocument.parseAll` throws for `text`, or `nil`.
private func pemError(_ text: String) -> DERError? {
    do throws(DERError) {
        _ = try PEMDocument.parseAll(text)
        return nil
    } catch {
        return error
    }
}

/// Expects `text` to be rejected as invalid PEM at the UTF-8 `offset`.
private func expectInvalidPEM(_ text: String, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = pemError(text) else {
        Issue.record("accepted invalid PEM", sourceLocation: sourceLocation)
        return
    }
    if case .invalidPEM = error.rule {
    } else {
        Issue.record("wrong rule \(error.rule)", sourceLocation: sourceLocation)
    }
    #expect(error.offset == offset, sourceLocation: sourceLocation)
}

// MARK: PEM

@Suite("PEM")
struct PEMTests {
    @Test func singleDocument() throws {
        let document = try PEMDocument(pemString: pem("CERTIFICATE", smallBase64))
        #expect(document.label == "CERTIFICATE")
        #expect(document.der == smallDER)
        #expect(document.headers.isEmpty)
    }

    @Test func bundleWithTextAround() throws {
        let text =
            "Bag Attributes\n    friendlyName: root\nsubject=CN = 日本 Root\n"
            + pem("CERTIFICATE", smallBase64)
            + "\nsome text between: with a colon\n\n"
            + pem("X509 CRL", "BQA=")
            + "-----END OF FILE----- trailing words\n"
            + pem("PRIVATE KEY", "MAMC\nAQU=")
            + "the end"
        let documents = try PEMDocument.parseAll(text)
        #expect(documents.map(\.label) == ["CERTIFICATE", "X509 CRL", "PRIVATE KEY"])
        #expect(documents.map(\.der) == [smallDER, [0x05, 0x00], smallDER])
        #expect(documents.allSatisfy { $0.headers.isEmpty })
    }

    @Test func singleDocumentInitializerWantsExactlyOne() {
        let none = "no PEM here\n"
        #expect(throws: DERError.self) { try PEMDocument(pemString: none) }
        #expect((try? PEMDocument.parseAll(none))?.isEmpty == true)
        let two = pem("CERTIFICATE", smallBase64) + pem("CERTIFICATE", smallBase64)
        #expect(throws: DERError.self) { try PEMDocument(pemString: two) }
        #expect((try? PEMDocument.parseAll(two))?.count == 2)
    }

    @Test func rfc1421Headers() throws {
        let text = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: DES-EDE3-CBC,0123456789ABCDEF

            MAMCAQU=
            -----END RSA PRIVATE KEY-----

            """
        let document = try PEMDocument(pemString: text)
        #expect(document.label == "RSA PRIVATE KEY")
        #expect(
            document.headers == [
                PEMDocument.Header(name: "Proc-Type", value: "4,ENCRYPTED"),
                PEMDocument.Header(name: "DEK-Info", value: "DES-EDE3-CBC,0123456789ABCDEF"),
            ])
        #expect(document.der == smallDER)
    }

    @Test func headerContinuationLine() throws {
        let text = "-----BEGIN X-----\nDEK-Info: DES-EDE3-CBC,\n 0123456789ABCDEF\n\nMAMCAQU=\n-----END X-----\n"
        let document = try PEMDocument(pemString: text)
        #expect(document.headers == [PEMDocument.Header(name: "DEK-Info", value: "DES-EDE3-CBC,0123456789ABCDEF")])
        #expect(document.der == smallDER)
    }

    @Test func headersWithoutBlankLineAreMalformed() {
        let prefix = "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n"
        expectInvalidPEM(prefix + "MAMCAQU=\n-----END X-----\n", at: prefix.utf8.count)
    }

    @Test func crlfLineEndings() throws {
        let plain = "-----BEGIN CERTIFICATE-----\r\nMAMC\r\nAQU=\r\n-----END CERTIFICATE-----\r\n"
        #expect(try PEMDocument(pemString: plain) == PEMDocument(label: "CERTIFICATE", der: smallDER))
        let withHeaders =
            "-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,00FF\r\n\r\n"
            + "MAMCAQU=\r\n-----END RSA PRIVATE KEY-----\r\n"
        let document = try PEMDocument(pemString: withHeaders)
        #expect(document.headers.map(\.value) == ["4,ENCRYPTED", "AES-128-CBC,00FF"])
        #expect(document.der == smallDER)
    }

    @Test func endLabelMismatch() {
        // The offset is that of the END line, in UTF-8 bytes (the text before it is not ASCII).
        let before = "証明書\n-----BEGIN CERTIFICATE-----\nMAMCAQU=\n"
        expectInvalidPEM(before + "-----END X509 CRL-----\n", at: before.utf8.count)
        #expect(before.utf8.count != before.count)
    }

    @Test func beginWithoutEnd() {
        let intro = "intro\n"
        expectInvalidPEM(intro + "-----BEGIN CERTIFICATE-----\nMAMCAQU=\n", at: intro.utf8.count)
        // A later document's BEGIN does not end the first one; its END (another label) is a
        // mismatch found first.
        let first = "-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----BEGIN X509 CRL-----\nBQA=\n"
        expectInvalidPEM(first + "-----END X509 CRL-----\n", at: first.utf8.count)
    }

    @Test func nonBase64Character() {
        let head = "-----BEGIN CERTIFICATE-----\nMAMC"
        expectInvalidPEM(head + "*QU=\n-----END CERTIFICATE-----\n", at: head.utf8.count)
        // On a later line, with CRLF endings and text before the document.
        let head2 = "番号\r\n-----BEGIN CERTIFICATE-----\r\nMAMC\r\nAQ"
        expectInvalidPEM(head2 + "!U=\r\n-----END CERTIFICATE-----\r\n", at: head2.utf8.count)
        // An incomplete last quantum is found where the base64 ends: at the END line.
        let head4 = "-----BEGIN X-----\nZg=\n"
        expectInvalidPEM(head4 + "-----END X-----\n", at: head4.utf8.count)
        // Misplaced padding counts too: data after "=".
        let head3 = "-----BEGIN X-----\nBQA="
        expectInvalidPEM(head3 + "BQA=\n-----END X-----\n", at: head3.utf8.count)
    }

    @Test func encodeUses64CharacterLines() throws {
        let der = (0..<100).map { UInt8($0) }
        let document = PEMDocument(label: "CERTIFICATE", der: der)
        let expected = """
            -----BEGIN CERTIFICATE-----
            AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v
            MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f
            YGFiYw==
            -----END CERTIFICATE-----

            """
        #expect(document.pemString == expected)
        #expect(try PEMDocument(pemString: document.pemString) == document)
    }

    @Test(arguments: [0, 1, 2, 3, 47, 48, 49, 96, 1000])
    func roundTrip(length: Int) throws {
        let der = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let document = PEMDocument(
            label: "X509 CRL", der: der,
            headers: length % 2 == 0 ? [] : [PEMDocument.Header(name: "Proc-Type", value: "4,ENCRYPTED")])
        let text = document.pemString
        for line in text.split(separator: "\n") { #expect(line.utf8.count <= 64 || line.hasPrefix("-----")) }
        #expect(try PEMDocument(pemString: text) == document)
    }

    @Test func looksLikePEM() {
        #expect(PEMDocument.looksLikePEM(Array(pem("CERTIFICATE", smallBase64).utf8)))
        #expect(PEMDocument.looksLikePEM(Array(("text\n" + pem("X", "")).utf8)))
        #expect(!PEMDocument.looksLikePEM(smallDER))
        #expect(!PEMDocument.looksLikePEM(Array("-----BEGIN".utf8)))
        #expect(!PEMDocument.looksLikePEM([]))
    }
}

// MARK: Base64

@Suite("Base64")
struct Base64Tests {
    private func decoded(_ text: String) -> [UInt8]? {
        try? Base64.decode(Array(text.utf8)).get()
    }

    private func failure(_ text: String) -> Int? {
        if case .failure(let failure) = Base64.decode(Array(text.utf8)) { return failure.position }
        return nil
    }

    @Test func rfc4648Vectors() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(decoded(encoded) == Array(plain.utf8))
        }
    }

    @Test func allByteValues() {
        let bytes = (0...255).map { UInt8($0) }
        let text = Base64.encode(bytes)
        #expect(text.utf8.count == 344)
        #expect(text.hasPrefix("AAECAwQF"))
        #expect(text.hasSuffix("/P3+/w=="))
        #expect(decoded(text) == bytes)
    }

    @Test func whiteSpaceIgnored() {
        #expect(decoded("Zm9v\nYmFy\r\n") == Array("foobar".utf8))
        #expect(decoded(" Zm 9v\tYg = = ") == Array("foob".utf8))
    }

    @Test func paddingEdgeCases() {
        #expect(failure("Zg=") == 3)  // padding incomplete: reported at the end
        #expect(failure("Z===") == 1)  // padding after a single character
        #expect(failure("Zg===") == 4)  // three padding characters
        #expect(failure("Zm9v=") == 4)  // padding after a complete quantum
        #expect(failure("Zg=A") == 3)  // data after padding
        #expect(failure("Zg==Zg==") == 4)  // a second quantum after padding
        #expect(failure("Zm9vY") == 5)  // a lone character in the last quantum
        #expect(failure("Zm9*") == 3)  // not in the alphabet
        #expect(failure("Zm9v-_==") == 4)  // the URL-safe alphabet is not PEM's
        #expect(failure("Zm8=") == nil)
    }

    @Test func leftoverBitsMustBeZero() {
        // "Zh==" decodes "f" with the low 4 bits of "h" set: not the canonical encoding.
        #expect(failure("Zh==") == 4)
        #expect(failure("Zm9=") == 4)  // "9" leaves 2 bits set
        #expect(decoded("Zg==") == Array("f".utf8))
        #expect(decoded("Zm8=") == Array("fo".utf8))
        // Lax parsing: a last group without its padding is accepted.
        #expect(decoded("Zg") == Array("f".utf8))
    }
}
