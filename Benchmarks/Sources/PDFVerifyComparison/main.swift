import Foundation
import JPKIASN1
import JPKIPDF
import JPKISimulator
import JPKIVerification
import JPKIX509

// Verifies every signature of a ~10 MB signed PDF (two PAdES signatures in incremental updates,
// a 10 MB image in the original) with JPKIPDF and with pyHanko, in the same run on the same file:
// ours in process (read, memory-mapped, and verify), pyHanko in its own Python process timed
// around `validate_pdf_signature` of every signature (diff analysis on, as ours), and pyHanko's
// CLI (`pyhanko sign validate`, the process start included). Best of `--rounds`.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
let megabytes = option("--megabytes", 10)
let rounds = option("--rounds", 5)

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A one-page PDF whose page shows an uncompressed RGB image of about `megabytes` MB.
func largePDF(megabytes: Int) -> [UInt8] {
    let width = 1024
    let height = max(1, megabytes * 1_048_576 / (width * 3))
    var generator = SystemRandomNumberGenerator()
    var image = [UInt8](repeating: 0, count: width * height * 3)
    for index in stride(from: 0, to: image.count, by: 8) {
        let value = generator.next()
        for offset in 0..<min(8, image.count - index) {
            image[index + offset] = UInt8(truncatingIfNeeded: value >> (8 * offset))
        }
    }
    let content = "q 612 0 0 792 0 0 cm /Im1 Do Q BT /F1 24 Tf 72 720 Td (Large document) Tj ET"
    let bodies: [[UInt8]] = [
        Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
        Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
        Array(
            ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>").utf8),
        Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
        Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
        Array(
            ("<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceRGB "
                + "/BitsPerComponent 8 /Length \(image.count) >>\nstream\n").utf8) + image + Array("\nendstream".utf8),
    ]
    var output = Array("%PDF-1.7\n%\u{00E2}\u{00E3}\u{00CF}\u{00D3}\n".utf8)
    var offsets: [Int] = []
    for (index, body) in bodies.enumerated() {
        offsets.append(output.count)
        output += Array("\(index + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
    }
    let xref = output.count
    output += Array("xref\n0 \(bodies.count + 1)\n0000000000 65535 f \n".utf8)
    for offset in offsets {
        let text = String(offset)
        output += Array((String(repeating: "0", count: 10 - text.count) + text + " 00000 n \n").utf8)
    }
    output += Array("trailer\n<< /Size \(bodies.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
    return output
}

func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/root/.pyenv/shims"])
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

let pyhankoScript = """
    import sys, time
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    path, root_path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    root = x509.Certificate.load(pem.unarmor(open(root_path, 'rb').read())[2])
    best = None
    for _ in range(rounds):
        start = time.perf_counter()
        with open(path, 'rb') as f:
            reader = PdfFileReader(f)
            results = []
            for signature in reader.embedded_signatures:
                context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode='soft-fail')
                status = validate_pdf_signature(signature, signer_validation_context=context)
                results.append(status.bottom_line)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{best:.6f} {' '.join(str(r) for r in results)}")
    """

do {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jpki-pdf-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let pki = try TestPKI()
    let key = try SigningKey(generatingRSABits: 2048)
    let certificate = try pki.issueSignatureCertificate(
        for: .sample, publicKey: try key.subjectPublicKeyInfo, at: TestPKI.now() - 86_400)
    let signer = SoftwarePDFSigner(key: key, chain: [certificate])
    var file = largePDF(megabytes: megabytes)
    for _ in 0..<2 { file = try await PDFSigning.sign(PDFDocument(bytes: file), with: signer) }
    let path = directory.appendingPathComponent("large-signed.pdf").path
    try Data(file).write(to: URL(fileURLWithPath: path))
    let rootPath = directory.appendingPathComponent("root.pem").path
    try PEMDocument(label: "CERTIFICATE", der: pki.signatureRoot.derEncoded).pemString
        .write(toFile: rootPath, atomically: true, encoding: .utf8)
    print(
        String(format: "file: %.1f MB, 2 signatures (PAdES B-B, incremental updates)", Double(file.count) / 1_048_576))

    let verifier = PDFSignatureVerifier(
        verifier: JPKIVerifier(anchors: TrustAnchors(custom: [pki.signatureRoot, pki.authenticationRoot])))
    var ours = Double.infinity
    var verdicts: [String] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        let report = try await verifier.verify(contentsOfFile: path)
        ours = min(ours, seconds(ContinuousClock.now - start))
        verdicts = report.signatures.map(\.verdict.rawValue)
    }
    print(
        String(format: "ours (JPKIPDF, read + verify both): %8.2f ms  %@", ours * 1000, verdicts.joined(separator: " "))
    )
    var opening = Double.infinity
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        let document = try PDFDocument(contentsOfFile: path)
        _ = try document.signatureFields()
        opening = min(opening, seconds(ContinuousClock.now - start))
    }
    print(String(format: "  of which reading the structure and the signature fields: %.2f ms", opening * 1000))
    var hashing = Double.infinity
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        let document = try PDFDocument(contentsOfFile: path)
        _ = document.withUnsafeBytes { DigestAlgorithm.sha256.hash($0) }
        hashing = min(hashing, seconds(ContinuousClock.now - start))
    }
    print(String(format: "  one SHA-256 of the whole file, memory-mapped (the floor): %.2f ms", hashing * 1000))

    if arguments.contains("--ours-only") {
        // For profiling: only ours, many times.
        for _ in 0..<option("--ours-only", 200) { _ = try await verifier.verify(contentsOfFile: path) }
        exit(0)
    }
    guard let python = find("python3") else {
        print("pyHanko: python3 not found; no comparison")
        exit(0)
    }
    let scriptPath = directory.appendingPathComponent("validate.py").path
    try pyhankoScript.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let inProcess = try run(python, [scriptPath, path, rootPath, String(rounds)])
    guard inProcess.status == 0, let pyhanko = Double(inProcess.output.split(separator: " ").first ?? "") else {
        print("pyHanko (in process) failed: \(inProcess.output)")
        exit(1)
    }
    print(
        String(
            format: "pyHanko (validate_pdf_signature of both, in process): %8.2f ms  %@", pyhanko * 1000,
            String(inProcess.output.split(separator: " ", maxSplits: 1).last ?? "").trimmingCharacters(in: .newlines)))
    print(String(format: "ratio pyHanko / ours: %.1f×", pyhanko / ours))
    if let cli = find("pyhanko") {
        var best = Double.infinity
        var summary = ""
        for _ in 0..<max(1, rounds / 2) {
            let start = ContinuousClock.now
            let result = try run(
                cli, ["sign", "validate", "--trust", rootPath, "--trust-replace", "--no-revocation-check", path])
            best = min(best, seconds(ContinuousClock.now - start))
            summary = result.output.split(separator: "\n").filter { $0.contains(":INTACT:") }.map {
                String($0.split(separator: ":").dropFirst(2).joined(separator: ":"))
            }.joined(separator: " ")
        }
        print(String(format: "pyHanko CLI (sign validate, process start included): %8.2f ms  %@", best * 1000, summary))
        print(String(format: "ratio pyHanko CLI / ours: %.1f×", best / ours))
    }
} catch {
    print("error: \(error)")
    exit(2)
}
