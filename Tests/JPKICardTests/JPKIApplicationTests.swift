import CryptoBackend
import Foundation
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKISimulator
import JPKITestSupport
import JPKIX509
import Testing

/// The JPKI AP through the facade and the application client, against the simulator in-process,
/// with the number of commands each operation sends.
@Suite("JPKI AP")
struct JPKIApplicationTests {
    static let aid = "D392F000260100000001"
    static let selectAP = "00A4040C0A" + aid

    @Test(
        "the token kind comes from EF 0006: SELECT AP, SELECT EF, one READ BINARY",
        arguments: [
            (Persona.Token.myNumberCard, JPKIApplication.TokenKind.myNumberCard),
            (.jukiCard, .jukiCard), (.smartphone, .smartphone),
        ])
    func tokenKind(token: Persona.Token, expected: JPKIApplication.TokenKind) async throws {
        let session = try await TestSession.sample(token: token)
        let (kind, used) = try await session.counting { try await session.myNumberCard.tokenKind() }
        #expect(kind == expected)
        #expect(session.transport.commands == [Self.selectAP, "00A4020C020006", "00B0000000"])
        #expect(used.total == 3)
    }

    @Test("an unknown token name is reported as such")
    func unknownToken() {
        #expect(JPKIApplication.TokenKind(tokenInfo: Array("OTHERTOKEN   ".utf8)) == .unknown("OTHERTOKEN"))
    }

    @Test("the authentication certificate takes SELECT AP, SELECT EF and 2 READ BINARY with extended length")
    func authenticationCertificateExtended() async throws {
        let session = try await TestSession.sample()
        let (certificate, used) = try await session.counting {
            try await session.myNumberCard.readAuthenticationCertificate()
        }
        #expect(certificate == session.card.authenticationCertificate)
        #expect(used.count(.readBinary) == 2)
        #expect(used.count(.select) == 2)
        #expect(used.total == 4)
        let length = certificate.derEncoded.count
        #expect(
            session.transport.commands == [
                Self.selectAP, "00A4020C02000A", "00B0000004",
                "00B00004" + "00" + hex([UInt8(((length - 4) >> 8) & 0xFF), UInt8((length - 4) & 0xFF)]),
            ])
    }

    @Test("in chunk mode a certificate of n bytes takes 1 + ceil((n - 4) / 256) READ BINARY")
    func certificateChunks() async throws {
        let session = try await TestSession.sample(extendedLength: .unsupported)
        for kind in [JPKIApplication.CertificateKind.authentication, .authenticationCA, .signatureCA] {
            let (certificate, used) = try await session.counting {
                try await session.myNumberCard.readCertificate(kind)
            }
            let n = certificate.derEncoded.count
            #expect(used.count(.readBinary) == 1 + (n - 4 + 255) / 256, "\(kind), \(n) bytes")
            #expect(used.total == 2 + 1 + (n - 4 + 255) / 256)
        }
    }

    @Test("a card refusing extended length costs one refused command, then chunks for the rest of the session")
    func extendedRefused() async throws {
        let session = try await TestSession.sample()
        session.card.faults.refuseExtendedLength = true
        let (first, firstUsed) = try await session.counting {
            try await session.myNumberCard.readCertificate(.authenticationCA)
        }
        let n = first.derEncoded.count
        #expect(firstUsed.count(.readBinary) == 1 + 1 + (n - 4 + 255) / 256)
        let (second, secondUsed) = try await session.counting {
            try await session.myNumberCard.readAuthenticationCertificate()
        }
        #expect(secondUsed.count(.readBinary) == 1 + (second.derEncoded.count - 4 + 255) / 256)
        #expect(await session.myNumberCard.channel.extendedLength == .unsupported)
    }

    @Test("all four certificates, the signature certificate only after the signature PIN")
    func fourCertificates() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let credentials = session.card.credentials
        #expect(try await card.readCertificate(.authentication) == credentials.authenticationCertificate)
        #expect(try await card.readCertificate(.authenticationCA) == credentials.authenticationCACertificate)
        #expect(try await card.readCertificate(.signatureCA) == credentials.signatureCACertificate)
        await #expect(throws: JPKICardError.accessDenied(CardLocation(.jpki, fileID: 0x0001), needs: .signature)) {
            try await card.readCertificate(.signature)
        }
        let signature = try await card.readSignatureCertificate(pin: try SignaturePIN("abc123"))
        #expect(signature == credentials.signatureCertificate)
        #expect(try signature.basicFourInformation?.name == Persona.sample.name)
    }

    @Test("authenticate sends exactly the documented sequence (8 APDUs), and openssl verifies the signature")
    func authenticateSequence() async throws {
        let session = try await TestSession.sample()
        let challenge = Array("a verifier's random challenge 0123456789".utf8)
        let (result, used) = try await session.counting {
            try await session.myNumberCard.authenticate(challenge: challenge, pin: try UserAuthenticationPIN("1234"))
        }
        let digestInfo = "3031300D060960864801650304020105000420" + hex(DigestAlgorithm.sha256.hash(challenge))
        let certificateLength = result.certificate.derEncoded.count - 4
        #expect(
            session.transport.commands == [
                Self.selectAP,
                "00A4020C020018", "00200080", "0020008004" + hex(Array("1234".utf8)),
                // P2 0x80 | SFI 17 names the key EF: no SELECT of EF 0017 (9 APDUs before).
                "802A009733" + digestInfo + "00",
                "00A4020C02000A", "00B0000004",
                "00B0000400" + hex([UInt8(certificateLength >> 8), UInt8(certificateLength & 0xFF)]),
            ])
        #expect(used.total == 8)
        #expect(result.certificate == session.card.authenticationCertificate)
        #expect(result.signature.count == 256)
        try expectOpenSSLVerifies(result.signature, over: challenge, certificate: result.certificate)
    }

    @Test("the smartphone token's authentication certificate needs the PIN first; authenticate works on it")
    func smartphone() async throws {
        let session = try await TestSession.sample(token: .smartphone)
        let card = session.myNumberCard
        await #expect(
            throws: JPKICardError.accessDenied(CardLocation(.jpki, fileID: 0x000A), needs: .authentication)
        ) {
            try await card.readAuthenticationCertificate()
        }
        let pin = try UserAuthenticationPIN("1234")
        #expect(try await card.readAuthenticationCertificate(pin: pin) == session.card.authenticationCertificate)
        let result = try await card.authenticate(challenge: [1, 2, 3, 4], pin: pin)
        try expectOpenSSLVerifies(result.signature, over: [1, 2, 3, 4], certificate: result.certificate)
    }

    @Test("a card that refuses P2 0x80 | SFI (6A 86) gets SELECT of the key EF and P2 80: the signature still works")
    func signatureWithoutShortFileIdentifier() async throws {
        let session = try await TestSession.sample()
        session.card.faults.statusWordOverrides = [.init(instruction: 0x2A, p2: 0x97, statusWord: StatusWord(0x6A86))]
        let challenge: [UInt8] = [9, 8, 7]
        let (result, used) = try await session.counting {
            try await session.myNumberCard.authenticate(challenge: challenge, pin: try UserAuthenticationPIN("1234"))
        }
        #expect(used.total == 10)
        #expect(session.transport.commands.contains("00A4020C020017"))
        #expect(session.transport.commands.contains { $0.hasPrefix("802A0080") })
        try expectOpenSSLVerifies(result.signature, over: challenge, certificate: result.certificate)
    }

    @Test(
        "sign(message:) signs with the signature key and returns the signature certificate",
        arguments: DigestAlgorithm.allCases)
    func signMessage(digest: DigestAlgorithm) async throws {
        let session = try await TestSession.sample()
        let message = Array("契約書 version 1".utf8)
        let (result, used) = try await session.counting {
            try await session.myNumberCard.sign(message: message, pin: try SignaturePIN("ABC123"), digest: digest)
        }
        #expect(used.total == 8)
        #expect(result.certificate == session.card.signatureCertificate)
        let key = try RSAPublicKey(subjectPublicKeyInfo: Array(result.certificate.subjectPublicKeyInfo.derEncoded))
        #expect(
            key.verify(signature: result.signature, digestValue: digest.hash(message), digest: digest))
        if digest == .sha256 {
            try expectOpenSSLVerifies(result.signature, over: message, certificate: result.certificate)
        }
    }

    @Test("the application client signs a DigestInfo computed elsewhere, after VERIFY, with either key")
    func clientSigning() async throws {
        let session = try await TestSession.sample()
        let jpki = session.myNumberCard.jpki
        try await jpki.select()
        let digestInfo = try DigestInfo(algorithm: .sha384, digest: DigestAlgorithm.sha384.hash([9, 9, 9]))
        await #expect(throws: JPKICardError.accessDenied(CardLocation(.jpki, fileID: 0x0017), needs: .authentication)) {
            try await jpki.sign(digestInfo, with: .authentication)
        }
        try await jpki.verify(try UserAuthenticationPIN("1234"))
        let signature = try await jpki.sign(digestInfo, with: .authentication)
        let key = try RSAPublicKey(
            subjectPublicKeyInfo: Array(session.card.authenticationCertificate.subjectPublicKeyInfo.derEncoded))
        #expect(key.verify(signature: signature, digestValue: digestInfo.digest, digest: .sha384))
        #expect(throws: JPKICardError.self) { try DigestInfo(algorithm: .sha256, digest: [1, 2, 3]) }
    }

    @Test("PIN status of both PINs consumes no try; after VERIFY it reads verified")
    func pinStatus() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        session.card.setRetriesLeft(2, for: .jpkiAuthentication)
        let (status, used) = try await session.counting { try await card.pinStatus(.authentication) }
        #expect(status.state == .triesLeft(2))
        #expect(used.count(.verify) == 1)
        #expect(try await card.pinStatus(.signature).triesLeft == 5)
        #expect(session.card.retriesLeft(.jpkiAuthentication) == 2)
        try await card.jpki.verify(try UserAuthenticationPIN("1234"))
        #expect(try await card.jpki.pinStatus(.authentication).state == .verified)
    }

    @Test("status reports the token and every PIN with 21 commands and no try consumed")
    func status() async throws {
        let session = try await TestSession.sample()
        let before = session.card.retryCounters
        let (status, used) = try await session.counting { try await session.myNumberCard.status() }
        #expect(status.tokenKind == .myNumberCard)
        #expect(status.pins.map(\.kind) == PINKind.allCases)
        #expect(status.pins.first { $0.kind == .authentication }?.triesLeft == 3)
        #expect(status.pins.first { $0.kind == .signature }?.triesLeft == 5)
        #expect(used.total == 21)
        #expect(used.count(.select) == 3 + 1 + PINKind.allCases.count)
        #expect(session.card.retryCounters == before)
    }

    @Test("changing the authentication and signature PINs; the old ones are then wrong")
    func changePINs() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        try await card.changeAuthenticationPIN(
            from: try UserAuthenticationPIN("1234"), to: try UserAuthenticationPIN("9876"))
        #expect(session.card.persona.authenticationPIN == "9876")
        await #expect(throws: JPKICardError.wrongPIN(.authentication, triesLeft: 2)) {
            try await card.authenticate(challenge: [1], pin: try UserAuthenticationPIN("1234"))
        }
        _ = try await card.authenticate(challenge: [1], pin: try UserAuthenticationPIN("9876"))
        try await card.changeSignaturePIN(from: try SignaturePIN("ABC123"), to: try SignaturePIN("new2pin"))
        #expect(session.card.persona.signaturePIN == "NEW2PIN")
        _ = try await card.sign(message: [1], pin: try SignaturePIN("NEW2PIN"))
    }

    /// `openssl dgst -sha256 -verify` of `signature` over `message` with `certificate`'s key.
    func expectOpenSSLVerifies(_ signature: [UInt8], over message: [UInt8], certificate: Certificate) throws {
        guard OpenSSLCLI.available else { return }
        let certificateFile = try TemporaryFile.create(certificate.derEncoded)
        let keyFile = certificateFile.appendingPathExtension("pub.pem")
        let messageFile = try TemporaryFile.create(message, suffix: ".bin")
        let signatureFile = try TemporaryFile.create(signature, suffix: ".sig")
        defer {
            for url in [certificateFile, keyFile, messageFile, signatureFile] {
                try? FileManager.default.removeItem(at: url)
            }
        }
        let key = try OpenSSLCLI.run([
            "x509", "-inform", "DER", "-in", certificateFile.path, "-pubkey", "-noout", "-out", keyFile.path,
        ])
        #expect(key.status == 0, "\(key.error)")
        let verify = try OpenSSLCLI.run([
            "dgst", "-sha256", "-verify", keyFile.path, "-signature", signatureFile.path, messageFile.path,
        ])
        #expect(verify.status == 0 && verify.output.contains("Verified OK"), "\(verify.output) \(verify.error)")
        var tampered = message
        tampered.append(0)
        let tamperedFile = try TemporaryFile.create(tampered, suffix: ".bin")
        defer { try? FileManager.default.removeItem(at: tamperedFile) }
        let refused = try OpenSSLCLI.run([
            "dgst", "-sha256", "-verify", keyFile.path, "-signature", signatureFile.path, tamperedFile.path,
        ])
        #expect(refused.status != 0)
    }
}

/// The calls not exercised elsewhere: every public call runs against the simulator at least once.
@Suite("Remaining calls")
struct RemainingCallTests {
    @Test("sign(digestInfo:) and signWithAuthenticationKey sign a caller's DigestInfo with the right key")
    func signDigestInfo() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let digestInfo = try DigestInfo(algorithm: .sha1, digest: DigestAlgorithm.sha1.hash([1, 2, 3]))
        let signed = try await card.sign(digestInfo: digestInfo, pin: try SignaturePIN("ABC123"))
        #expect(signed.certificate == session.card.signatureCertificate)
        let signatureKey = try RSAPublicKey(
            subjectPublicKeyInfo: Array(signed.certificate.subjectPublicKeyInfo.derEncoded))
        #expect(signatureKey.verify(signature: signed.signature, digestValue: digestInfo.digest, digest: .sha1))
        let authenticated = try await card.signWithAuthenticationKey(
            digestInfo: digestInfo, pin: try UserAuthenticationPIN("1234"))
        #expect(authenticated.certificate == session.card.authenticationCertificate)
        let authenticationKey = try RSAPublicKey(
            subjectPublicKeyInfo: Array(authenticated.certificate.subjectPublicKeyInfo.derEncoded))
        #expect(
            authenticationKey.verify(signature: authenticated.signature, digestValue: digestInfo.digest, digest: .sha1))
        #expect(!signatureKey.verify(signature: authenticated.signature, digestValue: digestInfo.digest, digest: .sha1))
        await #expect(throws: JPKICardError.invalidArgument("the challenge is empty")) {
            _ = try await card.authenticate(challenge: [], pin: try UserAuthenticationPIN("1234"))
        }
    }

    @Test("pinStatus() lists every PIN; the clients refuse another application's PIN")
    func allPINStatuses() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        session.card.setRetriesLeft(0, for: .cardSurfaceVerificationB)
        let statuses = try await card.pinStatus()
        #expect(statuses.map(\.kind) == PINKind.allCases)
        #expect(statuses.first { $0.kind == .cardInfo }?.triesLeft == 3)
        #expect(statuses.first { $0.kind == .cardSurfaceVerificationB }?.state == .blocked)
        #expect(statuses.first { $0.kind == .cardSurfaceVerificationA }?.triesLeft == 10)
        try await card.cardInfo.select()
        #expect(try await card.cardInfo.pinStatus(.cardInfoVerificationB).triesLeft == 10)
        await #expect(throws: JPKICardError.self) { _ = try await card.cardInfo.pinStatus(.signature) }
        await #expect(throws: JPKICardError.self) { _ = try await card.cardSurface.pinStatus(.cardInfo) }
        await #expect(throws: JPKICardError.self) { _ = try await card.jpki.pinStatus(.cardSurfaceBirthDate) }
    }

    @Test("the basic 4 information with 照合番号A; the card-info client reads step by step")
    func cardInfoClient() async throws {
        let session = try await TestSession.sample()
        let card = session.myNumberCard
        let information = try await card.readBasicInformation(
            access: .verificationNumberA(try VerificationNumberA(myNumber: "123456789018")))
        #expect(information.address == Persona.sample.address)
        let client = card.cardInfo
        try await client.select()
        try await client.verify(.pin(try CardInfoPIN("1234")))
        #expect(try await client.readMyNumber() == "123456789018")
        #expect(try await client.readBasicInformation().name == Persona.sample.name)
    }
}
