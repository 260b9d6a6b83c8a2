import Foundation
import JPKIVerification
import JPKIX509

/// The OCSP responses a PDF's DSS holds, as a revocation source: each is verified as the OCSP
/// client verifies a live answer (signer authorised by the issuer, thisUpdate and nextUpdate
/// around the validation time), without a nonce (they were fetched when the DSS was written).
struct StoredOCSPResponses: RevocationSource {
    let responses: [[UInt8]]
    let client = OCSPClient(configuration: OCSPClient.Configuration(useNonce: false))

    func status(of certificate: Certificate, issuer: Certificate, at time: Date) async -> RevocationStatus {
        var reasons: [String] = []
        for der in responses {
            do {
                let answer = try client.verify(der, for: certificate, issuer: issuer, nonce: nil, at: time)
                switch answer.status {
                case .good: return .good(answer.evidence)
                case .revoked(let revokedAt, let reason):
                    return .revoked(reason: reason, revocationTime: revokedAt.date, evidence: answer.evidence)
                case .unknown: reasons.append("a DSS OCSP response says unknown")
                }
            } catch {
                if case .wrongCertificate = error { continue }
                reasons.append("DSS OCSP response: \(error)")
            }
        }
        return .unavailable(
            reasons.isEmpty ? "no OCSP response in the DSS for the certificate" : reasons.joined(separator: "; "))
    }
}
