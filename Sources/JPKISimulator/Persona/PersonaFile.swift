import Foundation
import JPKIAPDU
import JPKIASN1
import JPKIX509

/// A simulated card saved as JSON: the persona (with its current PINs), the card's keys
/// (PKCS #8) and certificates (DER), the retry counters, and the test PKI that issued them (its
/// keys included), so that the same card — same certificates, keys and counters — comes back
/// after a restart. Binary values are Base64.
///
/// ```swift
/// try card.save(to: URL(fileURLWithPath: "hanako.json"))
/// let again = try VirtualMyNumberCard.load(from: URL(fileURLWithPath: "hanako.json"))
/// ```
///
/// The file holds private keys and PINs of a test card: keep it out of anything that matters.
public struct PersonaFile: Codable, Sendable {
    /// The value of ``format`` this version writes and reads.
    public static let currentFormat = "swift-jpki-simulator-persona-1"

    /// The card's keys, PKCS #8 DER.
    public struct Keys: Codable, Hashable, Sendable {
        /// The user-authentication key.
        public var authentication: Data
        /// The signature key.
        public var signature: Data
        /// The internal-authentication key of the 券面 applications.
        public var internalAuthentication: Data
    }

    /// The card's certificates, DER.
    public struct Certificates: Codable, Hashable, Sendable {
        /// The user-authentication certificate.
        public var authentication: Data
        /// The signature certificate.
        public var signature: Data
        /// The user-authentication CA.
        public var authenticationCA: Data
        /// The signature CA.
        public var signatureCA: Data
    }

    /// ``currentFormat``.
    public var format: String
    /// The holder and the current PINs.
    public var persona: Persona
    /// Tries left per PIN, by ``CardPIN`` raw value.
    public var retriesLeft: [String: Int]
    /// The ATR, hexadecimal.
    public var atr: String
    /// The keys.
    public var keys: Keys
    /// The certificates.
    public var certificates: Certificates
    /// The PKI.
    public var pki: TestPKI.Snapshot
}

extension VirtualMyNumberCard {
    /// The card as a ``PersonaFile``.
    public var personaFile: PersonaFile {
        let (persona, credentials, counters) = lock.withLock { (state.persona, state.credentials, state.retriesLeft) }
        return PersonaFile(
            format: PersonaFile.currentFormat, persona: persona,
            retriesLeft: Dictionary(uniqueKeysWithValues: counters.map { ($0.key.rawValue, $0.value) }),
            atr: Hex.encode(atr),
            keys: PersonaFile.Keys(
                authentication: Data(credentials.authenticationKey.pkcs8DER),
                signature: Data(credentials.signatureKey.pkcs8DER),
                internalAuthentication: Data(credentials.internalAuthenticationKey.pkcs8DER)),
            certificates: PersonaFile.Certificates(
                authentication: Data(credentials.authenticationCertificate.derEncoded),
                signature: Data(credentials.signatureCertificate.derEncoded),
                authenticationCA: Data(credentials.authenticationCACertificate.derEncoded),
                signatureCA: Data(credentials.signatureCACertificate.derEncoded)),
            pki: pki.snapshot)
    }

    /// The card saved in `file`.
    ///
    /// - Throws: ``SimulatorError`` when the format is unknown or a key or certificate does not
    ///   decode.
    public convenience init(personaFile file: PersonaFile) throws(SimulatorError) {
        guard file.format == PersonaFile.currentFormat else {
            throw .persona(.unreadableFile("unknown format \(file.format)"))
        }
        guard let atr = Hex.decode(file.atr), !atr.isEmpty else {
            throw .persona(.unreadableFile("the ATR is not hexadecimal"))
        }
        let pki: TestPKI
        let credentials: CardCredentials
        do {
            pki = try TestPKI(snapshot: file.pki)
            credentials = CardCredentials(
                authenticationKey: try SigningKey(derEncoded: [UInt8](file.keys.authentication)),
                signatureKey: try SigningKey(derEncoded: [UInt8](file.keys.signature)),
                internalAuthenticationKey: try SigningKey(derEncoded: [UInt8](file.keys.internalAuthentication)),
                authenticationCertificate: try Certificate(derEncoded: [UInt8](file.certificates.authentication)),
                signatureCertificate: try Certificate(derEncoded: [UInt8](file.certificates.signature)),
                authenticationCACertificate: try Certificate(derEncoded: [UInt8](file.certificates.authenticationCA)),
                signatureCACertificate: try Certificate(derEncoded: [UInt8](file.certificates.signatureCA)))
        } catch {
            throw .certificate(error)
        }
        var counters: [CardPIN: Int] = [:]
        for (name, count) in file.retriesLeft {
            guard let pin = CardPIN(rawValue: name) else {
                throw .persona(.unreadableFile("unknown PIN \(name) in retriesLeft"))
            }
            counters[pin] = count
        }
        try self.init(persona: file.persona, credentials: credentials, pki: pki, retriesLeft: counters, atr: atr)
    }

    /// Writes the card to `url` as JSON (atomically, readable by the owner only).
    ///
    /// - Throws: ``SimulatorError/file(_:_:)`` when the file cannot be written.
    public func save(to url: URL) throws(SimulatorError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(personaFile)
            try data.write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw .file(url.path, "\(error)")
        }
    }

    /// The card saved at `url`.
    ///
    /// - Throws: ``SimulatorError`` when the file cannot be read or is not a persona file.
    public static func load(from url: URL) throws(SimulatorError) -> VirtualMyNumberCard {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .file(url.path, "cannot read: \(error.localizedDescription)")
        }
        let file: PersonaFile
        do {
            file = try JSONDecoder().decode(PersonaFile.self, from: data)
        } catch {
            throw .persona(.unreadableFile("\(url.path): \(error)"))
        }
        return try VirtualMyNumberCard(personaFile: file)
    }
}
