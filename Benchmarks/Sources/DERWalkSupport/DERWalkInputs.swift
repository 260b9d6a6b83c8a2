import Foundation
import JPKIASN1

/// One certificate the DER-walk benchmarks run on.
public struct DERWalkInput: @unchecked Sendable {  // `bytes` is immutable and never freed.
    /// A short name for tables, e.g. `sign_ca_2023`.
    public let name: String
    /// The certificate's DER.
    public let der: [UInt8]
    /// The number of elements ``DERWalkOperations/ours(_:)`` visits.
    public let nodeCount: Int

    /// Bytes allocated once and never freed, so that every operation reads the same memory.
    public let bytes: UnsafeRawBufferPointer

    init(name: String, der: [UInt8], nodeCount: Int) {
        self.name = name
        self.der = der
        self.nodeCount = nodeCount
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: der.count, alignment: 16)
        der.withUnsafeBytes { copy.copyMemory(from: $0) }
        self.bytes = UnsafeRawBufferPointer(copy)
    }
}

/// The inputs of the DER-walk benchmarks, read from the shared fixtures.
public enum DERWalkInputs {
    /// The fixtures used, relative to `shared/fixtures`.
    public static let fixtures: [(name: String, path: String)] = [
        ("sign_ca_2023", "jlis-ca/sign_ca_2023.pem"),
        ("cryptography.io", "x509-vectors/real-world/cryptography.io.pem"),
    ]

    /// `shared/fixtures`, beside the repository that holds this package (`Benchmarks/..`).
    public static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // DERWalkSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Benchmarks (this package)
            .deletingLastPathComponent()  // the repository
            .deletingLastPathComponent()  // its parent, which holds shared/
            .appendingPathComponent("shared/fixtures")
    }

    /// Loads every input whose fixture is present; a missing or unreadable one is reported in
    /// `problems` and skipped.
    public static func load() -> (inputs: [DERWalkInput], problems: [String]) {
        var inputs: [DERWalkInput] = []
        var problems: [String] = []
        for fixture in fixtures {
            let path = fixturesDirectory.appendingPathComponent(fixture.path).path
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append("fixture not found: \(path)")
                continue
            }
            do throws(DERError) {
                let documents = try PEMDocument.parseAll(bytes: [UInt8](data))
                guard let der = documents.first(where: { $0.label == "CERTIFICATE" })?.der else {
                    problems.append("no CERTIFICATE in \(path)")
                    continue
                }
                let nodeCount = try DER.validate(der)
                inputs.append(DERWalkInput(name: fixture.name, der: der, nodeCount: nodeCount))
            } catch {
                problems.append("\(path): \(error)")
            }
        }
        return (inputs, problems)
    }
}
