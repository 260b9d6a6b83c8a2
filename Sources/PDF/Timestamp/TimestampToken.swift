import Foundation
import JPKIASN1
import JPKIVerification
import JPKIX509

/// Why a timestamp could not be had or read.
public enum TimestampError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The DER is not a TimeStampResp, token or TSTInfo of the form RFC 3161 defines.
    case malformed(String)
    /// The TSA refused the request (PKIStatus 2–5), with its status text.
    case rejected(status: Int, text: String)
    /// The HTTP exchange with the TSA failed.
    case transport(String)
    /// The token is not about the data asked (messageImprint or nonce differ).
    case mismatch(String)

    /// One line.
    public var description: String {
        switch self {
        case .malformed(let why): return "malformed timestamp: \(why)"
        case .rejected(let status, let text): return "the TSA refused the request (status \(status)): \(text)"
        case .transport(let why): return "timestamp request failed: \(why)"
        case .mismatch(let why): return "timestamp mismatch: \(why)"
        }
    }
}

/// An RFC 3161 timestamp token: a CMS SignedData whose content is a TSTInfo, the TSA's signed
/// statement that a digest existed at `genTime`.
public struct TimestampToken: Sendable {
    /// The token's DER (a ContentInfo).
    public let derEncoded: [UInt8]
    /// The token read as CMS.
    public let signedData: CMSSignedData
    /// The TSA's policy.
    public let policy: ASN1ObjectIdentifier
    /// The digest algorithm of the imprint.
    public let imprintAlgorithm: DigestAlgorithm
    /// The digest the TSA stamped.
    public let imprint: [UInt8]
    /// The token's serial number (content octets).
    public let serialNumber: [UInt8]
    /// The time the TSA attests.
    public let generationTime: ASN1Time
    /// The nonce, when the request had one (content octets).
    public let nonce: [UInt8]?

    /// The time the TSA attests, as a date.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(generationTime.secondsSince1970)) }

    /// Reads a token.
    ///
    /// - Throws: ``TimestampError/malformed(_:)``.
    public init(derEncoded der: [UInt8]) throws(TimestampError) {
        let message: CMSSignedData
        do {
            message = try CMSSignedData(derEncoded: der)
        } catch {
            throw .malformed(error.description)
        }
        guard message.contentType == CMSSignedData.tstInfoOID, let content = message.content else {
            throw .malformed("the token's content is not a TSTInfo (\(message.contentType))")
        }
        typealias Fields = (ASN1ObjectIdentifier, ASN1ObjectIdentifier, [UInt8], [UInt8], ASN1Time, [UInt8]?)
        let fields: Fields
        do {
            fields = try DER.withReader(content) { reader throws(DERError) -> Fields in
                let result = try reader.readSequence { info throws(DERError) -> Fields in
                    let version = try info.readInteger(as: Int.self)
                    guard version == 1 else { throw DERError(.invalidTLV("TSTInfo version \(version)"), at: 0) }
                    let policy = try info.decode(ASN1ObjectIdentifier.self)
                    let (algorithm, imprint) = try info.readSequence {
                        imprint throws(DERError) -> (ASN1ObjectIdentifier, [UInt8]) in
                        let algorithm = try imprint.readSequence { identifier throws(DERError) in
                            let oid = try identifier.decode(ASN1ObjectIdentifier.self)
                            if !identifier.isAtEnd { _ = try identifier.readAny() }  // NULL parameters
                            return oid
                        }
                        return (algorithm, try imprint.decode(ASN1OctetString.self).bytes)
                    }
                    let serial = try info.decode(ASN1Integer.self).contentBytes
                    let time = try info.decode(ASN1Time.self)
                    _ = try info.readIfPresent(.sequence)  // accuracy
                    _ = try info.readIfPresent(.boolean)  // ordering
                    let nonce = try info.decodeIfPresent(ASN1Integer.self)?.contentBytes
                    _ = try info.readIfPresent(.contextSpecific(0, constructed: true))  // tsa
                    _ = try info.readIfPresent(.contextSpecific(1, constructed: true))  // extensions
                    return (policy, algorithm, imprint, serial, time, nonce)
                }
                try reader.finish()
                return result
            }
        } catch {
            throw .malformed("TSTInfo: \(error.description)")
        }
        guard let algorithm = DigestAlgorithm(objectIdentifier: fields.1) else {
            throw .malformed("unsupported imprint digest \(fields.1)")
        }
        derEncoded = der
        signedData = message
        policy = fields.0
        imprintAlgorithm = algorithm
        imprint = fields.2
        serialNumber = fields.3
        generationTime = fields.4
        nonce = fields.5
    }

    /// Whether the token stamps `data` (its imprint is the digest of `data`).
    public func stamps(_ data: some Collection<UInt8>) -> Bool { imprint == imprintAlgorithm.hash(data) }

    /// Verifies the token: the TSA's signature over the TSTInfo and its chain at the time it
    /// attests, through `verifier` (whose anchors must hold the TSA's root).
    public func verify(with verifier: JPKIVerifier) async -> CMSVerificationResult {
        await verifier.verifyCMS(derEncoded, at: date)
    }
}
