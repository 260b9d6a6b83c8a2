// libFuzzer target for `OCSPResponse(derEncoded:)` (with its BasicOCSPResponse) and
// `OCSPRequest(derEncoded:)`; every input is tried as both.
//
// Oracles (trap with a message):
//  - a response that parses keeps exactly the input; a successful one has a basic response and
//    any other status has none; the tbsResponseData lies in the input; each single response is
//    found again by its CertID; every certificate it carries is strict DER;
//  - a request that parses is rebuilt by the builder into an encoding that parses back to an
//    equal request (same CertIDs, nonce and other extensions), and that encoding is strict DER.

import JPKIASN1
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    OCSPFuzzTarget.response(bytes)
    OCSPFuzzTarget.request(bytes)
    return 0
}

enum OCSPFuzzTarget {
    static func response(_ bytes: [UInt8]) {
        guard let response = try? OCSPResponse(derEncoded: bytes) else { return }
        guard response.derEncoded == bytes else { fail("derEncoded differs from the input", bytes) }
        guard (response.status == .successful) == (response.basicResponse != nil) else {
            fail("status \(response.status) with basic response \(response.basicResponse != nil)", bytes)
        }
        guard let basic = response.basicResponse else { return }
        guard contains(bytes, basic.tbsResponseData) else { fail("tbsResponseData is not in the input", bytes) }
        switch basic.responderID {
        case .byName(let name): _ = name.description
        case .byKey(let hash): _ = hash.count
        }
        _ = basic.nonce
        for single in basic.responses {
            _ = single.certID.description
            guard single.certID.identifiesSameCertificate(as: single.certID) else {
                fail("a CertID does not identify its own certificate", bytes)
            }
            switch basic.match(single.certID) {
            case .found(let found):
                guard found.status == single.status, found.certID.identifiesSameCertificate(as: single.certID) else {
                    fail("a single response's own CertID finds another status", bytes)
                }
            case .conflicting(let entries):
                guard entries.contains(single), Set(entries.map(\.status)).count > 1 else {
                    fail("a conflict that does not hold the entry or has one status", bytes)
                }
            case .notFound:
                fail("a single response is not found by its own CertID", bytes)
            }
            if case .revoked(let time, let reason) = single.status {
                _ = time.description
                _ = reason
            }
        }
        for certificate in basic.certificates {
            guard (try? DER.validate(certificate.derEncoded)) != nil else {
                fail("an embedded certificate is not strict DER", bytes)
            }
            _ = basic.isSignature(validFor: certificate)
        }
    }

    static func request(_ bytes: [UInt8]) {
        guard let request = try? OCSPRequest(derEncoded: bytes) else { return }
        let rebuilt = request.derEncoded
        guard (try? DER.validate(rebuilt)) != nil else { fail("a rebuilt request is not DER", bytes) }
        guard let again = try? OCSPRequest(derEncoded: rebuilt), again == request else {
            fail("a rebuilt request does not parse back equal", bytes)
        }
    }

    /// Whether `part` occurs in `whole`.
    static func contains(_ whole: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= whole.count else { return false }
        if part.isEmpty { return true }
        for start in 0...(whole.count - part.count) where whole[start] == part[0] {
            if whole[start..<(start + part.count)].elementsEqual(part) { return true }
        }
        return false
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        let hex = input.prefix(128).map { String($0, radix: 16) }.joined(separator: " ")
        fatalError("OCSPFuzz oracle broken: \(message) [\(hex)]")
    }
}
