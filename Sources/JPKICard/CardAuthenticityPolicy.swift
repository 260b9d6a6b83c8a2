import JPKIX509

/// What a read of 券面 data does when the card's signatures are consistent but its CV
/// certificate names a CA key the trust in use does not hold (a JPKI test card, a simulator not
/// asked for by name, or a forger's own key): the data are then *not verifiable*.
///
/// Forged data never pass under either policy: a record whose signature does not verify with the
/// key EF 0004 certifies, or a CV certificate whose known CA key does not verify it, is always
/// ``JPKICardError/authenticityCheckFailed(_:at:)``.
public enum CardAuthenticityPolicy: Hashable, Sendable {
    /// Return the data with `CardAuthenticity.isVerified` `false` and the reason: the caller
    /// reads ``CardInfo/authenticity`` or ``CardSurface/authenticity``.
    case reported
    /// Refuse the data: ``JPKICardError/authenticityCheckFailed(_:at:)`` with
    /// `CardVerificationFailure.unknownCAKey`.
    case required
}

extension ApplicationChannel {
    /// EF 0004: the application's CV certificate, read whole and parsed strictly.
    func readCardVerifiableCertificate() async throws(JPKICardError) -> CardVerifiableCertificate {
        let location = CardLocation(application, fileID: 0x0004)
        let bytes = try await readObject(0x0004)
        do {
            return try CardVerifiableCertificate(encoded: bytes)
        } catch {
            throw .authenticityCheckFailed(error, at: location)
        }
    }

    /// The signed record `kind`, read whole (after the PIN `needs` names, for the error) and
    /// parsed strictly.
    func readSignedRecord(_ kind: CardSignedRecord.Kind, needs pin: PINKind?, maximumLength: Int = 65_535)
        async throws(JPKICardError) -> CardSignedRecord
    {
        let bytes = try await readObject(kind.fileID, needs: pin, maximumLength: maximumLength)
        return try Self.parseRecord(kind, bytes, application: application)
    }

    /// `bytes` as the record `kind`, or ``JPKICardError/authenticityCheckFailed(_:at:)``.
    static func parseRecord(_ kind: CardSignedRecord.Kind, _ bytes: [UInt8], application: CardApplication)
        throws(JPKICardError) -> CardSignedRecord
    {
        do {
            return try CardSignedRecord(kind, encoded: bytes)
        } catch {
            throw .authenticityCheckFailed(error, at: CardLocation(application, fileID: kind.fileID))
        }
    }

    /// Checks `records` against `certificate` and `trust` under `policy`.
    func verifyAuthenticity(
        certificate: CardVerifiableCertificate, records: [CardSignedRecord], trust: CardVerifiableTrust,
        policy: CardAuthenticityPolicy
    ) throws(JPKICardError) -> CardAuthenticity {
        let verifiable: CardVerifiableApplication = application == .cardInfo ? .cardInfo : .cardSurface
        let result: CardAuthenticity
        do {
            result = try CardAuthenticity.verify(
                certificate: certificate, records: records, application: verifiable, trust: trust)
        } catch {
            throw .authenticityCheckFailed(error, at: Self.location(of: error, in: application))
        }
        if policy == .required, let reason = result.notVerifiableReason {
            throw .authenticityCheckFailed(reason, at: CardLocation(application, fileID: 0x0004))
        }
        return result
    }

    /// The EF a verification failure is about.
    static func location(of failure: CardVerificationFailure, in application: CardApplication) -> CardLocation {
        switch failure {
        case .malformedRecord(let kind, _, _), .recordSignatureInvalid(let kind), .applicationKeyMismatch(let kind),
            .recordOfAnotherApplication(let kind):
            return CardLocation(application, fileID: kind.fileID)
        case .challengeSignatureInvalid, .challengeMismatch, .recordUnavailable:
            return CardLocation(application)
        case .malformedCertificate, .unknownCAKey, .certificateSignatureInvalid:
            return CardLocation(application, fileID: 0x0004)
        }
    }
}
