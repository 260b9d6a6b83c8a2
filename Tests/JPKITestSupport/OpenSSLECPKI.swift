import Foundation

/// A small ECDSA PKI made by the `openssl` CLI, independent of the SDK: a self-signed root and a
/// leaf signed by it, each on the curve asked for, as PEM files in a directory the caller owns.
public struct OpenSSLECPKI: Sendable {
    /// Why the PKI could not be made: the failing `openssl` command and what it printed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// The directory the files are in.
    public let directory: URL
    /// The root's certificate (PEM) and private key (PKCS #8 PEM).
    public let rootCertificate: String
    public let rootKey: String
    /// The leaf's certificate (PEM; digitalSignature and nonRepudiation) and private key.
    public let leafCertificate: String
    public let leafKey: String

    /// Makes the root on `rootCurve` (an `openssl` curve name: `P-256`, `P-384`, `P-521`) signing
    /// with `rootDigest` (`sha256`, `sha384`, `sha512`), and the leaf on `leafCurve`, in `directory`.
    public init(
        in directory: URL, rootCurve: String = "P-384", rootDigest: String = "sha384", leafCurve: String = "P-256"
    ) throws {
        self.directory = directory
        rootKey = directory.appendingPathComponent("ec-root.key").path
        rootCertificate = directory.appendingPathComponent("ec-root.pem").path
        leafKey = directory.appendingPathComponent("ec-leaf.key").path
        leafCertificate = directory.appendingPathComponent("ec-leaf.pem").path
        let request = directory.appendingPathComponent("ec-leaf.csr").path
        let extensions = directory.appendingPathComponent("ec-leaf.cnf")
        try Data(
            """
            [ecleaf]
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,nonRepudiation
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid

            """.utf8
        ).write(to: extensions)
        try Self.openssl(Self.generate(rootCurve, out: rootKey))
        try Self.openssl([
            "req", "-new", "-x509", "-key", rootKey, "-\(rootDigest)", "-days", "3650", "-subj",
            "/CN=EC Test Root \(rootCurve)/O=swift-jpki tests", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-addext", "subjectKeyIdentifier=hash",
            "-out", rootCertificate,
        ])
        try Self.openssl(Self.generate(leafCurve, out: leafKey))
        try Self.openssl([
            "req", "-new", "-key", leafKey, "-subj", "/CN=EC Signer \(leafCurve)/O=swift-jpki tests", "-out", request,
        ])
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", rootCertificate, "-CAkey", rootKey, "-set_serial", "4242",
            "-\(rootDigest)", "-days", "365", "-extfile", extensions.path, "-extensions", "ecleaf",
            "-out", leafCertificate,
        ])
    }

    /// A CRL of the root (`openssl ca -gencrl`, signed with the root's digest), DER; with the
    /// leaf revoked when `revokingLeaf`. Each call keeps the CA database in the directory: once
    /// revoked, the leaf stays revoked.
    public func crl(revokingLeaf: Bool, digest: String = "sha384") throws -> [UInt8] {
        let index = directory.appendingPathComponent("ec-index.txt")
        let number = directory.appendingPathComponent("ec-crlnumber")
        if !FileManager.default.fileExists(atPath: index.path) {
            try Data().write(to: index)
            try Data("01\n".utf8).write(to: number)
        }
        let config = directory.appendingPathComponent("ec-ca.cnf")
        try Data(
            """
            [ca]
            default_ca = ec
            [ec]
            database = \(index.path)
            crlnumber = \(number.path)
            default_md = \(digest)
            default_crl_days = 30

            """.utf8
        ).write(to: config)
        let common = ["-config", config.path, "-keyfile", rootKey, "-cert", rootCertificate]
        if revokingLeaf { try Self.openssl(["ca", "-revoke", leafCertificate] + common) }
        let out = directory.appendingPathComponent("ec-\(UUID().uuidString).crl").path
        try Self.openssl(["ca", "-gencrl", "-out", out] + common)
        return try Self.der(ofPEM: out)
    }

    /// `openssl genpkey` arguments for a key on a named curve (never explicit parameters).
    public static func generate(_ curve: String, out path: String) -> [String] {
        [
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(curve)", "-pkeyopt",
            "ec_param_enc:named_curve", "-out", path,
        ]
    }

    /// Runs `openssl`; throws with its output when it fails.
    @discardableResult
    public static func openssl(_ arguments: [String]) throws -> ProcessResult {
        let result = try OpenSSLCLI.run(arguments)
        guard result.status == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")): \(result.error)")
        }
        return result
    }

    /// The DER of the first PEM block in the file at `path`.
    public static func der(ofPEM path: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw Failure(description: "\(path): not PEM") }
        return [UInt8](data)
    }
}
