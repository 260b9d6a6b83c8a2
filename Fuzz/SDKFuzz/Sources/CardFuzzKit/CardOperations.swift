// Every public operation of MyNumberCard and of the three AP clients, chosen by a byte: what
// HostileCardFuzz runs against its scripted card and FuzzSeeds against the simulator.

import FuzzSupport
import JPKIAPDU
import JPKIASN1
import JPKICard
import JPKIX509

/// The PINs and verification numbers an operation passes, with their text for the leak oracle.
public struct PINSet: Sendable {
    public var authentication: UserAuthenticationPIN
    public var signature: SignaturePIN
    public var cardInfo: CardInfoPIN
    public var numberA: VerificationNumberA
    public var numberB: VerificationNumberB
    public var newAuthentication: UserAuthenticationPIN
    public var newSignature: SignaturePIN
    public var newCardInfo: CardInfoPIN
    /// The 券面事項確認AP's birth-date PIN (era year `YYMMDD`).
    public var birthDate: BirthDatePIN
    /// Every secret's text as sent (the signature PINs upper case).
    public var texts: [String]

    public init(
        authentication: String, signature: String, cardInfo: String, numberA: String, numberB: String,
        newAuthentication: String, newSignature: String, newCardInfo: String, birthDate: String
    ) throws(JPKICardError) {
        self.authentication = try UserAuthenticationPIN(authentication)
        self.signature = try SignaturePIN(signature)
        self.cardInfo = try CardInfoPIN(cardInfo)
        self.numberA = try VerificationNumberA(myNumber: numberA)
        self.numberB = try VerificationNumberB(numberB)
        self.newAuthentication = try UserAuthenticationPIN(newAuthentication)
        self.newSignature = try SignaturePIN(newSignature)
        self.newCardInfo = try CardInfoPIN(newCardInfo)
        self.birthDate = try BirthDatePIN(birthDate)
        texts = [
            authentication, signature.uppercased(), cardInfo, numberA, numberB, newAuthentication,
            newSignature.uppercased(), newCardInfo, birthDate,
        ]
    }
}

/// The operations, one per selector value (modulo their count).
public enum CardOperation: UInt8, CaseIterable, Sendable {
    case connect
    case tokenKind
    case readAuthenticationCertificate
    case readSignatureCertificate
    case readCertificate
    case authenticate
    case signMessage
    case signDigestInfo
    case signWithAuthenticationKey
    case changeAuthenticationPIN
    case changeSignaturePIN
    case changeCardInfoPIN
    case readBasicInformationPIN
    case readBasicInformationAccess
    case readMyNumber
    case readCardInfo
    case readCardSurface
    case pinStatusOne
    case pinStatusAll
    case status
    case jpkiClient
    case cardInfoClient
    case cardSurfaceClient
    case readKeyRecord
    case checkGenuineness
    case kazashi
    case verifyAge
    case tokenInformation

    public init(selector: UInt8) {
        self = Self.allCases[Int(selector) % Self.allCases.count]
    }
}

/// What the oracles need to know about a call besides its transcript.
public struct CallFacts: Sendable {
    /// The label, e.g. `authenticate` or `jpki.verify(signature)`.
    public var label: String
    /// The caller's last-try policy.
    public var lastTry: LastTryPolicy
    /// Whether a COMPUTE DIGITAL SIGNATURE must follow a successful VERIFY in the same call.
    public var signsAfterVerify: Bool
    /// The outcome: a description of the result, or the error.
    public var outcome: Result<String, JPKICardError>
    /// Problems the result shows by itself (an invalid My Number returned, …).
    public var problems: [String]
    /// Whether the call must send no VERIFY at all (the genuineness check, かざし without the
    /// authentication PIN).
    public var sendsNoVerify = false
}

/// What one input's calls keep for the next: the key record an enrolment read.
public struct OperationMemory: Sendable {
    public var keyRecord: CardSignedRecord?
    public init() {}
}

/// The flags byte of an operation: bit 0 allows the last try; bits 1–4 choose a variant; bits 5
/// and 6 the card-info parts.
public struct OperationFlags: Sendable {
    public var raw: UInt8
    public init(_ raw: UInt8) { self.raw = raw }
    public var lastTry: LastTryPolicy { raw & 1 == 1 ? .allow : .refuse }
    public var variant: Int { Int(raw >> 1 & 0x0F) }
    public var myNumber: Bool { raw & 0x20 != 0 }
    public var basicInformation: Bool { raw & 0x40 != 0 }
}

public enum CardOperations {
    static let digests: [DigestAlgorithm] = [.sha256, .sha1, .sha384, .sha512]
    public static let challenge: [UInt8] = Array("hostile card challenge".utf8)
    /// The day the age checks are made for.
    static let ageDay: CardDate = {
        guard let day = CardDate(year: 2026, month: 12, day: 3) else { fuzzFailure("2026-12-03 is not a date") }
        return day
    }()

    /// Runs `operation` on `card` with `pins`, returning the call's facts.
    public static func perform(
        _ operation: CardOperation, flags: OperationFlags, on card: MyNumberCard, pins: PINSet
    ) async -> CallFacts {
        var memory = OperationMemory()
        return await perform(operation, flags: flags, on: card, pins: pins, memory: &memory)
    }

    /// Runs `operation` on `card` with `pins`, with what earlier calls of the input kept.
    public static func perform(
        _ operation: CardOperation, flags: OperationFlags, on card: MyNumberCard, pins: PINSet,
        memory: inout OperationMemory
    ) async -> CallFacts {
        let lastTry = flags.lastTry
        var sendsNoVerify = false
        let digest = digests[flags.variant % digests.count]
        var label = "\(operation)"
        var signs = false
        var problems: [String] = []
        let cardInfoAccess: CardInfoAccess = {
            switch flags.variant % 3 {
            case 0: return .pin(pins.cardInfo)
            case 1: return .verificationNumberA(pins.numberA)
            default: return .verificationNumberB(pins.numberB)
            }
        }()
        let surfaceAccess: CardSurfaceAccess =
            flags.variant % 2 == 0 ? .verificationNumberB(pins.numberB) : .verificationNumberA(pins.numberA)

        func checkSignature(_ result: MyNumberCard.Signature, _ expected: DigestInfo) -> String {
            if result.signature.isEmpty { problems.append("an empty signature returned") }
            if result.digestInfo != expected { problems.append("the result names another DigestInfo") }
            return "signature \(hexString(result.signature)) by \(hexString(result.certificate.sha256Fingerprint))"
        }
        // The card answers from the input and holds no key a J-LIS CV CA key vouches for: no
        // verdict on what it gives can be "genuine".
        func checkGenuineness(_ check: GenuinenessCheck) -> String {
            if check.verdict.isGenuine { problems.append("a hostile card's evidence judged genuine") }
            if check.commandCount <= 0 { problems.append("a genuineness check counted no command") }
            return "\(check.verdict.status) \(check.verdict.failure.map { "\($0)" } ?? "")"
        }
        func checkCardInfo(_ info: CardInfo, myNumber: Bool, basic: Bool) -> String {
            if let number = info.myNumber, !MyNumberCheckDigit.isValid(number) {
                problems.append("an invalid My Number returned")
            }
            if myNumber != (info.myNumber != nil) { problems.append("My Number asked \(myNumber), returned otherwise") }
            if basic != (info.basicInformation != nil) {
                problems.append("basic information asked \(basic), returned otherwise")
            }
            return "\(info)"
        }

        let outcome: Result<String, JPKICardError>
        do throws(JPKICardError) {
            switch operation {
            case .connect:
                outcome = .success(hexString(try await card.connect()))
            case .tokenKind:
                outcome = .success("\(try await card.tokenKind())")
            case .readAuthenticationCertificate:
                let pin = flags.variant & 1 == 1 ? pins.authentication : nil
                let certificate = try await card.readAuthenticationCertificate(pin: pin, lastTry: lastTry)
                outcome = .success(hexString(certificate.sha256Fingerprint))
            case .readSignatureCertificate:
                let certificate = try await card.readSignatureCertificate(pin: pins.signature, lastTry: lastTry)
                outcome = .success(hexString(certificate.sha256Fingerprint))
            case .readCertificate:
                let kind = JPKIApplication.CertificateKind.allCases[flags.variant % 4]
                let certificate = try await card.readCertificate(
                    kind, authenticationPIN: flags.variant & 4 != 0 ? pins.authentication : nil,
                    signaturePIN: flags.variant & 8 != 0 ? pins.signature : nil, lastTry: lastTry)
                label += "(\(kind))"
                outcome = .success(hexString(certificate.sha256Fingerprint))
            case .authenticate:
                signs = true
                let result = try await card.authenticate(
                    challenge: challenge, pin: pins.authentication, digest: digest, lastTry: lastTry)
                outcome = .success(checkSignature(result, DigestInfo(hashing: challenge, with: digest)))
            case .signMessage:
                signs = true
                let result = try await card.sign(
                    message: challenge, pin: pins.signature, digest: digest, lastTry: lastTry)
                outcome = .success(checkSignature(result, DigestInfo(hashing: challenge, with: digest)))
            case .signDigestInfo:
                signs = true
                let info = DigestInfo(hashing: challenge, with: digest)
                let result = try await card.sign(digestInfo: info, pin: pins.signature, lastTry: lastTry)
                outcome = .success(checkSignature(result, info))
            case .signWithAuthenticationKey:
                signs = true
                let info = DigestInfo(hashing: challenge, with: digest)
                let result = try await card.signWithAuthenticationKey(
                    digestInfo: info, pin: pins.authentication, lastTry: lastTry)
                outcome = .success(checkSignature(result, info))
            case .changeAuthenticationPIN:
                try await card.changeAuthenticationPIN(
                    from: pins.authentication, to: pins.newAuthentication, lastTry: lastTry)
                outcome = .success("changed")
            case .changeSignaturePIN:
                try await card.changeSignaturePIN(from: pins.signature, to: pins.newSignature, lastTry: lastTry)
                outcome = .success("changed")
            case .changeCardInfoPIN:
                try await card.changeCardInfoPIN(from: pins.cardInfo, to: pins.newCardInfo, lastTry: lastTry)
                outcome = .success("changed")
            case .readBasicInformationPIN:
                outcome = .success("\(try await card.readBasicInformation(pin: pins.cardInfo, lastTry: lastTry))")
            case .readBasicInformationAccess:
                outcome = .success(
                    "\(try await card.readBasicInformation(access: cardInfoAccess, lastTry: lastTry))")
            case .readMyNumber:
                let number =
                    flags.variant & 8 != 0
                    ? try await card.readMyNumber(pin: pins.cardInfo, lastTry: lastTry)
                    : try await card.readMyNumber(access: cardInfoAccess, lastTry: lastTry)
                if !MyNumberCheckDigit.isValid(number) { problems.append("an invalid My Number returned") }
                outcome = .success(number)
            case .readCardInfo:
                let info = try await card.readCardInfo(
                    access: cardInfoAccess, myNumber: flags.myNumber, basicInformation: flags.basicInformation,
                    lastTry: lastTry)
                outcome = .success(checkCardInfo(info, myNumber: flags.myNumber, basic: flags.basicInformation))
            case .readCardSurface:
                outcome = .success("\(try await card.readCardSurface(access: surfaceAccess, lastTry: lastTry))")
            case .pinStatusOne:
                let kind = PINKind.allCases[flags.variant % PINKind.allCases.count]
                label += "(\(kind))"
                outcome = .success("\(try await card.pinStatus(kind))")
            case .pinStatusAll:
                outcome = .success("\(try await card.pinStatus())")
            case .status:
                outcome = .success("\(try await card.status())")
            case .jpkiClient:
                let jpki = card.jpki
                switch flags.variant % 10 {
                case 0:
                    label = "jpki.select"
                    try await jpki.select()
                    outcome = .success("selected")
                case 1:
                    label = "jpki.tokenKind"
                    outcome = .success("\(try await jpki.tokenKind())")
                case 2:
                    let kind = JPKIApplication.CertificateKind.allCases[Int(flags.raw >> 5) % 4]
                    label = "jpki.readCertificateDER(\(kind))"
                    outcome = .success(hexString(try await jpki.readCertificateDER(kind)))
                case 3:
                    let kind = JPKIApplication.CertificateKind.allCases[Int(flags.raw >> 5) % 4]
                    label = "jpki.readCertificate(\(kind))"
                    outcome = .success(hexString(try await jpki.readCertificate(kind).sha256Fingerprint))
                case 4:
                    let kind: PINKind = flags.raw & 0x20 != 0 ? .signature : .authentication
                    label = "jpki.pinStatus(\(kind))"
                    outcome = .success("\(try await jpki.pinStatus(kind))")
                case 5:
                    label = "jpki.verify(authentication)"
                    try await jpki.verify(pins.authentication, lastTry: lastTry)
                    outcome = .success("verified")
                case 6:
                    label = "jpki.verify(signature)"
                    try await jpki.verify(pins.signature, lastTry: lastTry)
                    outcome = .success("verified")
                case 7:
                    label = "jpki.changePIN(authentication)"
                    try await jpki.changePIN(from: pins.authentication, to: pins.newAuthentication, lastTry: lastTry)
                    outcome = .success("changed")
                case 8:
                    label = "jpki.changePIN(signature)"
                    try await jpki.changePIN(from: pins.signature, to: pins.newSignature, lastTry: lastTry)
                    outcome = .success("changed")
                default:
                    let key: JPKIApplication.Key = flags.raw & 0x20 != 0 ? .signature : .authentication
                    label = "jpki.sign(\(key))"
                    let signature = try await jpki.sign(DigestInfo(hashing: challenge, with: digest), with: key)
                    if signature.isEmpty { problems.append("an empty signature returned") }
                    outcome = .success(hexString(signature))
                }
            case .cardInfoClient:
                let client = card.cardInfo
                switch flags.variant % 7 {
                case 0:
                    label = "cardInfo.select"
                    try await client.select()
                    outcome = .success("selected")
                case 1:
                    let kinds: [PINKind] = [.cardInfo, .cardInfoVerificationA, .cardInfoVerificationB]
                    let kind = kinds[Int(flags.raw >> 5) % 3]
                    label = "cardInfo.pinStatus(\(kind))"
                    outcome = .success("\(try await client.pinStatus(kind))")
                case 2:
                    label = "cardInfo.verify"
                    try await client.verify(cardInfoAccess, lastTry: lastTry)
                    outcome = .success("verified")
                case 3:
                    label = "cardInfo.changePIN"
                    try await client.changePIN(from: pins.cardInfo, to: pins.newCardInfo, lastTry: lastTry)
                    outcome = .success("changed")
                case 4:
                    label = "cardInfo.read"
                    let info = try await client.read(myNumber: flags.myNumber, basicInformation: flags.basicInformation)
                    outcome = .success(checkCardInfo(info, myNumber: flags.myNumber, basic: flags.basicInformation))
                case 5:
                    label = "cardInfo.readMyNumber"
                    let number = try await client.readMyNumber()
                    if !MyNumberCheckDigit.isValid(number) { problems.append("an invalid My Number returned") }
                    outcome = .success(number)
                default:
                    label = "cardInfo.readBasicInformation"
                    outcome = .success("\(try await client.readBasicInformation())")
                }
            case .cardSurfaceClient:
                let client = card.cardSurface
                switch flags.variant % 6 {
                case 0:
                    label = "cardSurface.select"
                    try await client.select()
                    outcome = .success("selected")
                case 1:
                    let kinds: [PINKind] = [
                        .cardSurfaceBirthDate, .cardSurfaceVerificationA, .cardSurfaceVerificationB,
                    ]
                    let kind = kinds[Int(flags.raw >> 5) % 3]
                    label = "cardSurface.pinStatus(\(kind))"
                    outcome = .success("\(try await client.pinStatus(kind))")
                case 2:
                    label = "cardSurface.verify"
                    let access: CardSurfaceAccess =
                        flags.raw & 0x20 != 0 ? .verificationNumberA(pins.numberA) : .verificationNumberB(pins.numberB)
                    try await client.verify(access, lastTry: lastTry)
                    outcome = .success("verified")
                case 3:
                    label = "cardSurface.verify(birthDate)"
                    try await client.verify(pins.birthDate, lastTry: lastTry)
                    outcome = .success("verified")
                case 4:
                    label = "cardSurface.readBirthDateRecord"
                    outcome = .success(hexString(try await client.readBirthDateRecord().encoded))
                default:
                    label = "cardSurface.readSurface"
                    outcome = .success(
                        "\(try await client.readSurface(includeMyNumberImage: flags.raw & 0x20 != 0))")
                }
            case .readKeyRecord:
                let access: KeyRecordAccess
                switch flags.variant % 3 {
                case 0: access = .birthDate(pins.birthDate)
                case 1: access = .cardSurface(surfaceAccess)
                default: access = .cardInfo(cardInfoAccess)
                }
                label += "(\(flags.variant % 3))"
                let record = try await card.readKeyRecord(access, lastTry: lastTry)
                memory.keyRecord = record
                outcome = .success(hexString(record.encoded))
            case .checkGenuineness:
                // With the record an earlier enrolment of this input read, when there is one.
                sendsNoVerify = true
                let record = flags.variant & 1 == 1 ? memory.keyRecord : nil
                // A record names its own application (another one is an argument error).
                let application: CardApplication? = record == nil && flags.variant & 2 == 2 ? .cardInfo : nil
                label += "(record \(record != nil), application \(application.map { "\($0)" } ?? "default"))"
                let check = try await card.checkGenuineness(
                    challenge: flags.myNumber ? challenge : nil, keyRecord: record, application: application)
                if flags.myNumber, check.evidence.challenge != challenge {
                    problems.append("the evidence names another challenge than the caller's")
                }
                outcome = .success(checkGenuineness(check))
            case .kazashi:
                let authenticationPIN = pins.authentication
                var provider: (@Sendable () async -> UserAuthenticationPIN?)?
                if flags.myNumber { provider = { @Sendable in authenticationPIN } }
                sendsNoVerify = provider == nil
                let evidence = try await card.kazashi(
                    challenge: flags.basicInformation ? challenge : nil,
                    keyRecord: flags.variant & 1 == 1 ? memory.keyRecord : nil, authenticationPIN: provider,
                    lastTry: lastTry)
                let genuineness = evidence.genuineness.map(checkGenuineness) ?? "no 券面 application"
                outcome = .success("\(hexString(evidence.authenticationCertificate.sha256Fingerprint)) \(genuineness)")
            case .verifyAge:
                let result = try await card.verifyAge(
                    atLeast: 20, on: ageDay, pin: pins.birthDate, challenge: flags.myNumber ? challenge : nil,
                    lastTry: lastTry)
                if result.verdict.isAtLeastMinimumAge || result.verdict.genuineness.isGenuine {
                    problems.append("a hostile card's age evidence accepted")
                }
                outcome = .success("\(result.verdict)")
            case .tokenInformation:
                outcome = .success("\(try await card.jpki.tokenInformation())")
            }
        } catch {
            outcome = .failure(error)
        }
        return CallFacts(
            label: label, lastTry: lastTry, signsAfterVerify: signs, outcome: outcome, problems: problems,
            sendsNoVerify: sendsNoVerify)
    }
}
