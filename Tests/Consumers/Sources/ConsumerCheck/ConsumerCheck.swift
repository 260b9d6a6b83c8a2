// One program that links swift-jpki (JPKIX509), swift-certificates (X509) and jwt-kit (JWTKit,
// which links swift-certificates too): it reads one certificate, parses it with both certificate
// libraries, hands it from each to the other by DER, checks that they agree on the serial number,
// the subject and the public key, and signs and verifies an HS256 JWT about it with jwt-kit.
//
//     ConsumerCheck [CERTIFICATE.pem]
//
// The default certificate is the J-LIS signature CA of the shared fixtures beside the repository
// (`../shared/fixtures/jlis-ca/sign_ca_2023.pem`). Prints one line; exits 0 when everything agrees
// (or, the fixture being absent, after saying that nothing was checked), 1 on a disagreement and
// 2 when the input cannot be read or parsed.

import Foundation
import JPKIX509
import JWTKit
import SwiftASN1
import X509

@main
struct ConsumerCheck {
    /// The J-LIS signature CA in the shared fixtures, found from this file's path: the repository
    /// is five levels up (Tests/Consumers/Sources/ConsumerCheck/this file), `shared/` beside it.
    static var defaultCertificatePath: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/fixtures/jlis-ca/sign_ca_2023.pem").path
    }

    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        let path = arguments.first ?? defaultCertificatePath
        let prefix = "== consumer: swift-certificates, jwt-kit and swift-jpki in one binary"
        guard FileManager.default.fileExists(atPath: path) else {
            if arguments.isEmpty {
                print("\(prefix): skipped, no fixture at \(path) (nothing checked)")
                exit(0)
            }
            print("\(prefix): FAILED, no file at \(path)")
            exit(2)
        }
        do {
            let summary = try await check(certificateAt: path)
            print("\(prefix): ok (\(summary))")
        } catch let failure as CheckFailure {
            print("\(prefix): FAILED, \(failure.description)")
            exit(failure.isMismatch ? 1 : 2)
        } catch {
            print("\(prefix): FAILED, \(error)")
            exit(2)
        }
    }

    /// Runs every check on the PEM certificate at `path`; returns a short summary.
    static func check(certificateAt path: String) async throws -> String {
        let pem: String
        do {
            pem = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CheckFailure.unreadable("cannot read \(path): \(error)")
        }

        // Each library parses the PEM on its own.
        let ours = try step("swift-jpki parses the PEM") { try JPKIX509.Certificate(pemEncoded: pem) }
        let theirs = try step("swift-certificates parses the PEM") { try X509.Certificate(pemEncoded: pem) }

        // swift-certificates -> swift-jpki, by the DER swift-certificates serializes.
        let theirDER = try step("swift-certificates serializes") { try serialized(theirs) }
        let oursFromTheirs = try step("swift-jpki parses swift-certificates' DER") {
            try JPKIX509.Certificate(derEncoded: theirDER)
        }
        // swift-jpki -> swift-certificates, by our DER.
        let theirsFromOurs = try step("swift-certificates parses swift-jpki's DER") {
            try X509.Certificate(derEncoded: ours.derEncoded)
        }

        try expect(theirDER == ours.derEncoded, "the DER of the two libraries differs")
        try expect(oursFromTheirs == ours, "swift-jpki's certificate changed on the way through swift-certificates")
        try expect(theirsFromOurs == theirs, "swift-certificates' certificate changed on the way through swift-jpki")

        // The serial number: the INTEGER's content octets in both libraries.
        let theirSerial = theirsFromOurs.serialNumber.bytes
        try expect(
            Array(oursFromTheirs.serialNumber) == Array(theirSerial),
            "serial numbers differ: \(hex(oursFromTheirs.serialNumber)) vs \(hex(theirSerial))")

        // The subject (and issuer): the Name's DER.
        let theirSubject = try step("swift-certificates serializes the subject") {
            try serialized(theirsFromOurs.subject)
        }
        try expect(Array(oursFromTheirs.subject.derEncoded) == theirSubject, "subject names differ")
        let theirIssuer = try step("swift-certificates serializes the issuer") {
            try serialized(theirsFromOurs.issuer)
        }
        try expect(Array(oursFromTheirs.issuer.derEncoded) == theirIssuer, "issuer names differ")

        // The public key: the whole SubjectPublicKeyInfo, and the subjectPublicKey bits alone.
        let theirSPKI = try step("swift-certificates serializes the public key") {
            try serialized(theirsFromOurs.publicKey)
        }
        try expect(
            Array(oursFromTheirs.subjectPublicKeyInfo.derEncoded) == theirSPKI, "SubjectPublicKeyInfo DER differs")
        try expect(
            Array(oursFromTheirs.subjectPublicKeyInfo.keyBytes)
                == Array(theirsFromOurs.publicKey.subjectPublicKeyInfoBytes),
            "subjectPublicKey bits differ")

        // jwt-kit: an HS256 token naming the certificate, signed and verified.
        let token = try await step("jwt-kit signs and verifies an HS256 JWT") {
            try await signAndVerify(subject: oursFromTheirs.serialNumberHex)
        }

        return "\(URL(fileURLWithPath: path).lastPathComponent): DER \(theirDER.count) bytes, "
            + "serial \(oursFromTheirs.serialNumberHex), subject \(oursFromTheirs.subject), "
            + "SPKI \(theirSPKI.count) bytes agree; HS256 JWT of \(token.count) characters verified"
    }

    /// Signs a JWT whose subject is `subject` with an HMAC key and verifies it; returns the token.
    static func signAndVerify(subject: String) async throws -> String {
        // A fresh random key of the hash's size (jwt-kit asserts that HMAC keys are not shorter).
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        let payload = CertificateClaims(
            sub: SubjectClaim(value: subject), exp: ExpirationClaim(value: Date().addingTimeInterval(300)))
        let token = try await keys.sign(payload)
        let verified = try await keys.verify(token, as: CertificateClaims.self)
        try expect(verified.sub == payload.sub, "the JWT's subject changed: \(verified.sub.value)")
        return token
    }

    /// The DER swift-certificates (swift-asn1) serializes for `value`.
    static func serialized(_ value: some DERSerializable) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        return serializer.serializedBytes
    }

    /// Runs `body`, turning its error into a failure that names the step.
    static func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CheckFailure.step(name, "\(error)")
        }
    }

    /// Runs `body`, turning its error into a failure that names the step.
    static func step<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as CheckFailure {
            throw failure
        } catch {
            throw CheckFailure.step(name, "\(error)")
        }
    }

    /// Throws a mismatch unless `condition` holds.
    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw CheckFailure.mismatch(message()) }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02X", $0) }.joined()
    }
}

/// The claims of the JWT: the certificate's serial number as its subject, and an expiry.
struct CertificateClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Why the check failed.
enum CheckFailure: Error, CustomStringConvertible {
    /// The input could not be read.
    case unreadable(String)
    /// A library threw in the named step.
    case step(String, String)
    /// The libraries disagree.
    case mismatch(String)

    var isMismatch: Bool {
        if case .mismatch = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .unreadable(let message): return message
        case .step(let name, let error): return "\(name): \(error)"
        case .mismatch(let message): return message
        }
    }
}
