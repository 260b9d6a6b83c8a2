/// What the check of a 券面 application's CV certificate and signed records established.
public struct CardAuthenticity: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The application checked.
    public var application: CardVerifiableApplication
    /// The CV certificate's 証明者鍵ID: the CA key it names.
    public var issuerKeyID: CardVerifiableKeyID
    /// The CV certificate's 被証明者鍵ID: the key that signed the records.
    public var holderKeyID: CardVerifiableKeyID
    /// The CA key that verified the CV certificate, or `nil` when the trust in use has no key for
    /// ``issuerKeyID`` (then ``notVerifiableReason`` says so).
    public var caKey: CardVerifiableCAKey?
    /// The records whose signatures verified with the certified key.
    public var verifiedRecords: [CardSignedRecord.Kind]
    /// The application key the records carry (the key that signs challenges), when one was read.
    public var applicationKey: CardRSAPublicKey?
    /// Why the data could not be tied to a trusted CA key, or `nil` when they are.
    public var notVerifiableReason: CardVerificationFailure?

    /// Whether the CV certificate verified with a trusted CA key and every record with the
    /// certified key.
    public var isVerified: Bool { caKey != nil && notVerifiableReason == nil }

    /// E.g. `券面事項確認AP EF 0002 verified: CV certificate 5000023/001 (J-LIS production, …)`.
    public var description: String {
        let records = verifiedRecords.map { "EF \($0.description.suffix(4))" }.joined(separator: ", ")
        guard let caKey, notVerifiableReason == nil else {
            return
                "\(application) \(records): signatures consistent, not verifiable (\(notVerifiableReason?.description ?? "no CA key"))"
        }
        return "\(application) \(records) verified: signer \(holderKeyID), CV certificate by \(caKey)"
    }

    /// Checks `records` of `application` against `certificate` and `trust`.
    ///
    /// The records are checked with the key the certificate certifies even when the certificate's
    /// CA key is unknown, so forged data never pass; the certificate is checked with the trusted
    /// CA key its 証明者鍵ID names, which must be the CA of this application's certificates. Every
    /// record that carries an application key must carry the same one.
    ///
    /// - Returns: the result; ``notVerifiableReason`` is ``CardVerificationFailure/unknownCAKey(_:)``
    ///   when the trust has no key for the certificate.
    /// - Throws: ``CardVerificationFailure`` for a forgery: a certificate or record signature that
    ///   does not verify, a CA key of another application, records carrying different keys.
    public static func verify(
        certificate: CardVerifiableCertificate, records: [CardSignedRecord], application: CardVerifiableApplication,
        trust: CardVerifiableTrust
    ) throws(CardVerificationFailure) -> CardAuthenticity {
        var result = CardAuthenticity(
            application: application, issuerKeyID: certificate.issuerKeyID, holderKeyID: certificate.holderKeyID,
            caKey: nil, verifiedRecords: [], applicationKey: nil, notVerifiableReason: nil)
        do throws(CardVerificationFailure) {
            let caKey = try certificate.verify(with: trust)
            guard caKey.role == application.caRole else {
                throw CardVerificationFailure.certificateSignatureInvalid(issuer: certificate.issuerKeyID)
            }
            result.caKey = caKey
        } catch .unknownCAKey(let id) {
            result.notVerifiableReason = .unknownCAKey(id)
        }
        let signer: PublicKey
        do {
            signer = try certificate.publicKey.publicKey()
        } catch {
            throw .malformedCertificate("the certified key is not usable: \(error)", offset: 32)
        }
        for record in records {
            guard record.kind.application == application else { throw .recordOfAnotherApplication(record.kind) }
            guard record.isSigned(by: signer) else { throw .recordSignatureInvalid(record.kind) }
            if let key = record.applicationKey {
                if let known = result.applicationKey, known != key { throw .applicationKeyMismatch(record.kind) }
                result.applicationKey = key
            }
            result.verifiedRecords.append(record.kind)
        }
        return result
    }
}
