// libFuzzer target: CMS SignedData. `CMSSignedData(derEncoded:)` and (PEM) `init(pemEncoded:)`,
// then `JPKIVerifier.verifyCMS` with a fixed test anchor (the signature root of a TestPKI made
// by FuzzSeeds, CMSTestPKI.swift) and hard-fail revocation through a CRLStore holding that PKI's
// CRL of the sample persona's municipality, at a fixed time inside every validity.
//
// Input: [flags][DER…]. Flags bit 0: pass the seeds' document as detached content.
//
// Oracles (trap with a message):
//  - a message that parses keeps the input as derEncoded, has a signer, and its PEM rendering
//    parses back to the same bytes; signed attributes are a SET;
//  - verifyCMS holds a message exactly when the parser accepts the input;
//  - a valid report has content and the first signer's certificate; its chain runs from that
//    certificate to the anchor, each a certificate the message carries, each link verifying
//    with the next one's key; every signer's signature verifies, with its certificate's key,
//    over its signed attributes (or the content), checked here through the public
//    SubjectPublicKeyInfo API; with signed attributes, its messageDigest is the digest of the
//    content and its contentType attribute the message's; the revocation record of the leaf
//    says good;
//  - the verifier's caches do not change answers: the same input verified again by the same
//    verifier and by a fresh one gives the same report (createdAt aside).

import Foundation
import FuzzSupport
import JPKIASN1
import JPKICard
import JPKIVerification
import JPKIX509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let flags = bytes.first else { return 0 }
    CMSFuzz.run(Array(bytes.dropFirst()), detached: flags & 1 == 1, input: bytes)
    return 0
}

enum CMSFuzz {
    static let time = Date(timeIntervalSince1970: 1_748_736_000)
    static let document = Array("請求書 No. 42\nTotal: 10,000 JPY\n".utf8)

    static func decode(_ base64: String, _ what: String) -> [UInt8] {
        guard let data = Data(base64Encoded: base64) else { fuzzFailure("CMSTestPKI.\(what) is not base64") }
        return [UInt8](data)
    }

    static let anchor: Certificate = {
        do {
            return try Certificate(derEncoded: decode(CMSTestPKI.root, "root"))
        } catch {
            fuzzFailure("CMSTestPKI.root does not parse: \(error)")
        }
    }()

    static let store: CRLStore = {
        let store = CRLStore(issuers: [anchor])
        do {
            try store.update(derEncoded: decode(CMSTestPKI.crl, "crl"))
        } catch {
            fuzzFailure("CMSTestPKI.crl is refused: \(error)")
        }
        return store
    }()

    static func makeVerifier() -> JPKIVerifier {
        JPKIVerifier(anchors: TrustAnchors(custom: [anchor]), revocation: .hardFail(store))
    }

    static let shared = makeVerifier()

    static func run(_ der: [UInt8], detached: Bool, input: [UInt8]) {
        let parsed = try? CMSSignedData(derEncoded: der)
        if let message = parsed { checkMessage(message, der, input) }
        let content = detached ? document : nil
        let (first, again, fresh) = runBlocking {
            let first = await shared.verifyCMS(der, detachedContent: content, at: time)
            let again = await shared.verifyCMS(der, detachedContent: content, at: time)
            let fresh = await makeVerifier().verifyCMS(der, detachedContent: content, at: time)
            return (first, again, fresh)
        }
        if (first.message != nil) != (parsed != nil) {
            fail("verifyCMS holds a message: \(first.message != nil), the parser accepts: \(parsed != nil)", input)
        }
        for (other, name) in [(again, "the same verifier again"), (fresh, "a fresh verifier")] {
            var report = other.report
            report.createdAt = first.report.createdAt
            if report != first.report {
                fail("\(name) answers otherwise: \(first.report.reasons) vs \(report.reasons)", input)
            }
        }
        if first.isValid { checkValid(first, input) }
    }

    static func checkMessage(_ message: CMSSignedData, _ der: [UInt8], _ input: [UInt8]) {
        if message.derEncoded != der { fail("derEncoded differs from the input", input) }
        if message.signers.isEmpty { fail("a message without signers", input) }
        for signer in message.signers {
            // The attributes as signed: a SET (31), re-tagged from [0]; signers in the wild do not
            // all sort them, so strict DER is not required.
            if let attributes = signer.signedAttributesDER, attributes.first != 0x31 {
                fail("signed attributes that are not a SET", input)
            }
            _ = signer.issuer?.description
            for certificate in message.certificates { _ = signer.identifies(certificate) }
        }
        let pem = PEMDocument(label: "CMS", der: der).pemString
        guard let again = try? CMSSignedData(pemEncoded: pem) else { fail("the PEM rendering does not parse", input) }
        if again.derEncoded != der || again.signers.count != message.signers.count {
            fail("the PEM rendering parses to another message", input)
        }
    }

    static func checkValid(_ result: CMSVerificationResult, _ input: [UInt8]) {
        guard let message = result.message, let content = result.content, let certificate = result.certificate,
            let first = message.signers.first
        else { fail("a valid report without message, content or certificate", input) }
        if !first.identifies(certificate) { fail("a valid report whose certificate is not the first signer's", input) }
        checkChain(result.report.chain, leaf: certificate, carried: message.certificates, input)
        for (index, signer) in message.signers.enumerated() {
            guard let signerCertificate = message.certificates.first(where: { signer.identifies($0) }) else {
                fail("a valid report whose signer \(index) has no certificate in the message", input)
            }
            checkSigner(signer, index: index, signerCertificate, message: message, content: content, input)
        }
        if result.report.revocation.first?.status != "good" {
            fail(
                "a valid report whose leaf's revocation is \(result.report.revocation.first?.status ?? "absent")", input
            )
        }
    }

    /// The chain runs from the leaf to the anchor, each certificate one the message carries (or
    /// the anchor), each signed by the next.
    static func checkChain(
        _ chain: [CertificateSummary], leaf: Certificate, carried: [Certificate], _ input: [UInt8]
    ) {
        var known: [String: Certificate] = [:]
        for certificate in carried + [anchor] { known[hexString(certificate.sha256Fingerprint)] = certificate }
        guard chain.first?.reference.sha256.uppercased() == hexString(leaf.sha256Fingerprint) else {
            fail("a valid report whose chain does not start at the signer's certificate", input)
        }
        guard chain.last?.reference.sha256.uppercased() == hexString(anchor.sha256Fingerprint) else {
            fail("a valid report whose chain does not end at the anchor", input)
        }
        for (position, (child, parent)) in zip(chain, chain.dropFirst()).enumerated() {
            guard let subject = known[child.reference.sha256.uppercased()],
                let issuer = known[parent.reference.sha256.uppercased()]
            else { fail("a valid report whose chain holds a certificate neither carried nor the anchor", input) }
            if !subject.isSignature(validFor: issuer) {
                fail("a valid report whose chain link \(position) does not verify with its issuer's key", input)
            }
        }
    }

    /// Every signer of a valid message: its messageDigest is the content's digest and its
    /// contentType attribute the message's (with signed attributes), and its signature verifies
    /// with its certificate's key, checked here through the public SubjectPublicKeyInfo API.
    static func checkSigner(
        _ signer: CMSSignedData.SignerInfo, index: Int, _ certificate: Certificate, message: CMSSignedData,
        content: [UInt8], _ input: [UInt8]
    ) {
        guard let digest = DigestAlgorithm(objectIdentifier: signer.digestAlgorithm.algorithm) else {
            fail("a valid report with an unknown digest algorithm (signer \(index))", input)
        }
        let signed: [UInt8]
        if let attributes = signer.signedAttributesDER {
            guard signer.messageDigest == DigestInfo(hashing: content, with: digest).digest else {
                fail("a valid report whose signer \(index)'s messageDigest is not the content's digest", input)
            }
            if signer.contentTypeAttribute != message.contentType {
                fail("a valid report whose signer \(index)'s contentType attribute is not the content's", input)
            }
            signed = attributes
        } else {
            signed = content
        }
        let algorithm: AlgorithmIdentifier
        switch signer.signatureAlgorithm.algorithm {
        case .rsaEncryption:
            let oids: [DigestAlgorithm: ASN1ObjectIdentifier] = [
                .sha1: .sha1WithRSAEncryption, .sha256: .sha256WithRSAEncryption, .sha384: .sha384WithRSAEncryption,
                .sha512: .sha512WithRSAEncryption, .sha224: .sha224WithRSAEncryption,
            ]
            guard let oid = oids[digest] else { fail("no PKCS #1 algorithm for \(digest)", input) }
            algorithm = AlgorithmIdentifier(algorithm: oid, parameters: nil)
        case .idECPublicKey:
            // id-ecPublicKey as the signature algorithm: ECDSA with the signer's digest.
            let oids: [DigestAlgorithm: ASN1ObjectIdentifier] = [
                .sha256: .ecdsaWithSHA256, .sha384: .ecdsaWithSHA384, .sha512: .ecdsaWithSHA512,
            ]
            guard let oid = oids[digest] else { fail("no ECDSA algorithm for \(digest)", input) }
            algorithm = AlgorithmIdentifier(algorithm: oid, parameters: nil)
        default:
            algorithm = signer.signatureAlgorithm
        }
        if !certificate.subjectPublicKeyInfo.isValidSignature(signer.signature, for: signed, algorithm: algorithm) {
            fail("a valid report whose signer \(index)'s signature does not verify", input)
        }
    }

    static func fail(_ message: String, _ input: [UInt8]) -> Never {
        fuzzFailure(message, input: input, target: "CMSFuzz")
    }
}
