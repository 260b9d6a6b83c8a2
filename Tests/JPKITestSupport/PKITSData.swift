import Foundation
import Testing

/// The PKITS data of cryptography-vectors (`pip install cryptography-vectors==50.0.2`), read in
/// place: `$PKITS_DATA` when set, otherwise the installed package's `x509/PKITS_data`. Shared by
/// the PKITS suite of JPKIVerification and the CLI's tests.
public enum PKITSData {
    /// The PKITS_data folder, or `nil` when neither is there.
    public static let directory: URL? = {
        var candidate: URL
        if let path = ProcessInfo.processInfo.environment["PKITS_DATA"] {
            candidate = URL(fileURLWithPath: path)
        } else {
            let script = "import cryptography_vectors, os; print(os.path.dirname(cryptography_vectors.__file__))"
            guard
                let result = try? ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script]),
                result.status == 0
            else { return nil }
            let root = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            candidate = URL(fileURLWithPath: root).appendingPathComponent("x509/PKITS_data")
        }
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("certs").path)
            ? candidate : nil
    }()

    /// Whether the data is there.
    public static var isAvailable: Bool { directory != nil }

    /// The path of a file of PKITS_data, e.g. `path("certs", "GoodCACert.crt")`.
    public static func path(_ folder: String, _ file: String) throws -> String {
        let base = try #require(directory, "no PKITS data")
        return base.appendingPathComponent(folder).appendingPathComponent(file).path
    }

    /// The bytes of a file of PKITS_data.
    public static func bytes(_ folder: String, _ file: String) throws -> [UInt8] {
        let base = try #require(directory, "no PKITS data")
        return Array(try Data(contentsOf: base.appendingPathComponent(folder).appendingPathComponent(file)))
    }
}
