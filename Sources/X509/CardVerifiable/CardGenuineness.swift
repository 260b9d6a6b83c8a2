import JPKIASN1

/// What a My Number Card gave to prove it is a genuine J-LIS card, for the verifier (on the
/// device, or on a server that issued the challenge): the 券面 application's CV certificate
/// (EF 0004), the signed record that carries the application's key, the challenge and the
/// card's signature over it (COMPUTE DIGITAL SIGNATURE `80 2A 00 00`, no PIN).
///
/// The chain: a J-LIS CV CA key (not on the card) verifies the CV certificate; the key it
/// certifies verifies the record; the application key in the record verifies the challenge
/// signature. Files can be copied, a signature over a fresh challenge cannot: only the whole
/// chain says "genuine".
public struct CardGenuinenessEvidence: Hashable, Sendable, Codable {
    /// The application that signed the challenge.
    public var application: CardVerifiableApplication
    /// EF 0004: the CV certificate (`7F 21`).
    public var certificate: [UInt8]
    /// The signed record that carries the application's key (確認AP EF 0001 or 0002 or 0005,
    /// 入力補助AP EF 0007), or `nil` when it could not be read (it is behind a PIN or a
    /// verification number on the card): the verdict is then *not verifiable*.
    public var keyRecord: [UInt8]?
    /// What ``keyRecord`` is.
    public var keyRecordKind: CardSignedRecord.Kind?
    /// The challenge the card signed.
    public var challenge: [UInt8]
    /// Whether the card made the challenge (GET CHALLENGE) rather than the verifier.
    public var challengeFromCard: Bool
    /// The card's RSA PKCS #1 v1.5 signature over the DigestInfo of SHA-256(challenge).
    public var challengeSignature: [UInt8]

    /// Evidence from its parts.
    public init(
        application: CardVerifiableApplication, certificate: [UInt8], keyRecord: [UInt8]?,
        keyRecordKind: CardSignedRecord.Kind?, challenge: [UInt8], challengeFromCard: Bool,
        challengeSignature: [UInt8]
    ) {
        self.application = application
        self.certificate = certificate
        self.keyRecord = keyRecord
        self.keyRecordKind = keyRecordKind
        self.challenge = challenge
        self.challengeFromCard = challengeFromCard
        self.challengeSignature = challengeSignature
    }

    /// Checks the evidence.
    ///
    /// - Parameters:
    ///   - expectedChallenge: the nonce the verifier issued. A server always passes its own; `nil`
    ///     only on the device that had the card make the challenge (GET CHALLENGE).
    ///   - trust: the CV CA keys trusted (J-LIS's production keys by default).
    /// - Returns: the verdict, with the CV chain and the CA key used.
    public func verify(expectedChallenge: [UInt8]?, trust: CardVerifiableTrust = .jlis) -> CardGenuinenessVerdict {
        var checks: [CardGenuinenessVerdict.Check] = []
        func verdict(_ failure: CardVerificationFailure?, _ authenticity: CardAuthenticity?) -> CardGenuinenessVerdict {
            let status: CardGenuinenessVerdict.Status
            if let failure {
                status = failure.meansNotVerifiable ? .notVerifiable : .notGenuine
            } else if authenticity?.isVerified == true {
                status = .genuine
            } else {
                status = .notVerifiable
            }
            return CardGenuinenessVerdict(
                status: status, failure: failure ?? authenticity?.notVerifiableReason, authenticity: authenticity,
                checks: checks)
        }
        if let expectedChallenge {
            let matches = expectedChallenge == challenge && !challenge.isEmpty
            checks.append(
                .init(name: "challenge", passed: matches, detail: "the evidence answers the challenge issued"))
            guard matches else { return verdict(.challengeMismatch, nil) }
        }
        let certificate: CardVerifiableCertificate
        do {
            certificate = try CardVerifiableCertificate(encoded: self.certificate)
        } catch {
            checks.append(.init(name: "cv-certificate", passed: false, detail: error.description))
            return verdict(error, nil)
        }
        var records: [CardSignedRecord] = []
        if let keyRecord, let keyRecordKind {
            do {
                records.append(try CardSignedRecord(keyRecordKind, encoded: keyRecord))
            } catch {
                checks.append(.init(name: "record", passed: false, detail: error.description))
                return verdict(error, nil)
            }
        }
        let authenticity: CardAuthenticity
        do {
            authenticity = try CardAuthenticity.verify(
                certificate: certificate, records: records, application: application, trust: trust)
        } catch {
            checks.append(.init(name: "cv-chain", passed: false, detail: error.description))
            return verdict(error, nil)
        }
        if let caKey = authenticity.caKey {
            checks.append(
                .init(
                    name: "cv-certificate", passed: true,
                    detail: "signature of EF 0004 (holder \(certificate.holderKeyID)) verified with CA key \(caKey)"))
        } else {
            checks.append(
                .init(
                    name: "cv-certificate", passed: false,
                    detail: "CA key \(certificate.issuerKeyID) is not trusted: not verifiable"))
        }
        for kind in authenticity.verifiedRecords {
            checks.append(
                .init(
                    name: "record", passed: true,
                    detail: "signature of \(kind) verified with \(certificate.holderKeyID)"))
        }
        guard let applicationKey = authenticity.applicationKey else {
            let reason = CardVerificationFailure.recordUnavailable(
                "the evidence holds no signed record with the \(application)'s key")
            checks.append(.init(name: "application-key", passed: false, detail: reason.description))
            return verdict(reason, authenticity)
        }
        let signatureValid =
            (try? applicationKey.publicKey())?.isValidSignature(challengeSignature, for: challenge, digest: .sha256)
            ?? false
        checks.append(
            .init(
                name: "challenge-signature", passed: signatureValid,
                detail:
                    "the card's signature over SHA-256(challenge) with the key in \(keyRecordKind?.description ?? "the record")"
            ))
        guard signatureValid else { return verdict(.challengeSignatureInvalid, authenticity) }
        return verdict(nil, authenticity)
    }
}

/// The verdict on a ``CardGenuinenessEvidence``: genuine, not genuine (a forgery, with the
/// check that failed) or not verifiable (an unknown CA key, a missing record), with the CV chain
/// and the CA key used. Technology, not certification: a "genuine" verdict says that the card
/// holds a key J-LIS's CV CA vouches for, nothing about who holds the card.
public struct CardGenuinenessVerdict: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The outcome.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Every link verified, from a trusted CA key to the challenge signature.
        case genuine
        /// A link failed: a forged certificate or record, a signature by another key.
        case notGenuine
        /// The chain could not be completed (unknown CA key, record not read): never genuine.
        case notVerifiable
    }

    /// One check and its outcome, for the audit record.
    public struct Check: Hashable, Sendable, Codable {
        /// `challenge`, `cv-certificate`, `record`, `application-key`, `challenge-signature`,
        /// `cv-chain`.
        public var name: String
        /// Whether it passed.
        public var passed: Bool
        /// What was checked, with which key.
        public var detail: String
    }

    /// The outcome.
    public var status: Status
    /// Why it is not genuine or not verifiable; `nil` when genuine.
    public var failure: CardVerificationFailure?
    /// The CV chain: the certificate's key references, the CA key used, the records verified and
    /// the application key; `nil` when the certificate or a record did not parse.
    public var authenticity: CardAuthenticity?
    /// The checks made, in order.
    public var checks: [Check]

    /// Whether the card is genuine.
    public var isGenuine: Bool { status == .genuine }

    /// The CA key that verified the CV certificate, or `nil`.
    public var caKey: CardVerifiableCAKey? { authenticity?.caKey }

    /// E.g. `genuine: CV certificate by 5000023/001 (J-LIS production, cardSurface), …`.
    public var description: String {
        switch status {
        case .genuine: return "genuine: \(authenticity?.description ?? "")"
        case .notGenuine: return "not genuine: \(failure?.description ?? "")"
        case .notVerifiable: return "not verifiable: \(failure?.description ?? "")"
        }
    }
}
