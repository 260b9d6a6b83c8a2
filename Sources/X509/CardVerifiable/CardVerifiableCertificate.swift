import JPKIASN1

/// A card-verifiable (CV) certificate of the My Number Card's 券面 applications, as EF 0004 of
/// the 券面事項確認AP and of the 券面事項入力補助AP holds it:
///
/// ```
/// 7F 21 82 02 33
///   5F 4E 82 01 29   297 bytes: 証明者鍵ID (16), 被証明者鍵ID (16), 90 exponent, 91 modulus
///   5F 37 82 01 00   256 bytes: the signature
/// ```
///
/// The signature is RSA PKCS #1 v1.5 with SHA-256 over the 297 bytes of the `5F 4E` value (its
/// header excluded), made by the J-LIS CV CA key that the 証明者鍵ID names. That key is not on the
/// card: look it up in a ``CardVerifiableTrust``. Parsing is strict: exactly these two objects
/// in this order, the body exactly 297 bytes with an RSA-2048 key, the signature 256 bytes,
/// nothing after the certificate but `FF`/`00` padding.
public struct CardVerifiableCertificate: Hashable, Sendable {
    /// The length of the `5F 4E` body: two key references and an RSA-2048 key.
    public static let bodyLength = 297
    /// The length of the signature.
    public static let signatureLength = 256

    /// The certificate's encoding, from `7F 21` to the end of the signature.
    public let encoded: [UInt8]
    /// The `5F 4E` value: exactly what the signature covers.
    public let body: [UInt8]
    /// 証明者鍵ID: the CA key that signed the certificate.
    public let issuerKeyID: CardVerifiableKeyID
    /// 被証明者鍵ID: the key the certificate certifies.
    public let holderKeyID: CardVerifiableKeyID
    /// The certified key.
    public let publicKey: CardRSAPublicKey
    /// The `5F 37` signature.
    public let signature: [UInt8]

    /// Parses a certificate (an EF 0004 read whole: `7F 21` at its first byte, trailing padding
    /// allowed).
    ///
    /// - Throws: ``CardVerificationFailure/malformedCertificate(_:offset:)`` with the byte offset.
    public init(encoded bytes: [UInt8]) throws(CardVerificationFailure) {
        let objects: [BERTLV]
        do {
            objects = try BERTLV.parse(bytes)
        } catch {
            throw .malformedCertificate(error.description, offset: error.offset)
        }
        guard let outer = objects.first, outer.rawTag == 0x7F21 else {
            throw .malformedCertificate("no 7F 21 object", offset: 0)
        }
        // The card data reader skips 00/FF padding before an object; a certificate does not
        // begin with padding (a finding of CardVerifiableFuzz).
        guard outer.offset == 0 else {
            throw .malformedCertificate("padding before the certificate", offset: 0)
        }
        guard objects.count == 1 else {
            throw .malformedCertificate("data after the certificate", offset: objects[1].offset)
        }
        let children: [BERTLV]
        do {
            children = try BERTLV.parse(outer.value)
        } catch {
            throw .malformedCertificate(error.description, offset: error.offset)
        }
        guard children.count == 2, children[0].rawTag == 0x5F4E, children[1].rawTag == 0x5F37 else {
            throw .malformedCertificate(
                "a CV certificate holds 5F 4E then 5F 37 and nothing else", offset: outer.offset)
        }
        guard children[0].offset == outer.value.startIndex else {
            throw .malformedCertificate("padding inside the certificate", offset: outer.value.startIndex)
        }
        guard children[1].value.endIndex == outer.value.endIndex else {
            throw .malformedCertificate("padding inside the certificate", offset: children[1].value.endIndex)
        }
        let body = children[0].value
        guard body.count == Self.bodyLength else {
            throw .malformedCertificate(
                "the 5F 4E body is \(body.count) bytes, not \(Self.bodyLength)", offset: children[0].offset)
        }
        guard children[1].value.count == Self.signatureLength else {
            throw .malformedCertificate(
                "the 5F 37 signature is \(children[1].value.count) bytes, not \(Self.signatureLength)",
                offset: children[1].offset)
        }
        let start = body.startIndex
        issuerKeyID = try CardVerifiableKeyID(body[start..<(start + 16)])
        holderKeyID = try CardVerifiableKeyID(body[(start + 16)..<(start + 32)])
        switch CardRSAPublicKey.parse(body[(start + 32)...], base: start + 32) {
        case .success(let key):
            guard key.modulus.count == 256 else {
                throw .malformedCertificate("the certified key is not RSA-2048", offset: start + 32)
            }
            publicKey = key
        case .failure(let error):
            throw .malformedCertificate(error.reason, offset: error.offset)
        }
        self.body = Array(body)
        signature = Array(children[1].value)
        encoded = Array(bytes[outer.offset..<outer.value.endIndex])
    }

    /// Whether the signature verifies with `caKey` (RSA PKCS #1 v1.5, SHA-256 over ``body``).
    public func isSigned(by caKey: PublicKey) -> Bool {
        caKey.isValidSignature(signature, for: body, digest: .sha256)
    }

    /// Checks the certificate against `trust`: the CA key its 証明者鍵ID names must be there, and
    /// the signature must verify with it.
    ///
    /// - Returns: the CA key used.
    /// - Throws: ``CardVerificationFailure/unknownCAKey(_:)`` (not verifiable) or
    ///   ``CardVerificationFailure/certificateSignatureInvalid(issuer:)``.
    public func verify(with trust: CardVerifiableTrust) throws(CardVerificationFailure) -> CardVerifiableCAKey {
        guard let caKey = trust.key(for: issuerKeyID) else { throw .unknownCAKey(issuerKeyID) }
        guard let key = try? caKey.publicKey.publicKey(), isSigned(by: key) else {
            throw .certificateSignatureInvalid(issuer: issuerKeyID)
        }
        return caKey
    }
}
