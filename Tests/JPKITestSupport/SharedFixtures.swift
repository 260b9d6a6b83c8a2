import Foundation
import Testing

/// The shared, read-only test data at `../shared/fixtures`, read in place (never copied).
///
/// Tests that need it carry `.enabled(if: SharedFixtures.available, SharedFixtures.missing)`:
/// without the folder they are skipped with a message naming the path.
public enum SharedFixtures {
    /// The package root, derived from this file's location (`Tests/JPKITestSupport/…`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures`, absolute.
    public static let root: URL = packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL

    /// Whether the fixtures are there.
    public static var available: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Why a test is skipped without them.
    public static var missing: Comment {
        Comment(rawValue: "needs the shared fixtures at \(root.path) (../shared/fixtures)")
    }

    /// The absolute path of a fixture, e.g. `url("jlis-ca/sign_ca_2023.pem")`.
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The bytes of a fixture.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    /// The file names in a fixture folder with one of `suffixes`, sorted.
    public static func files(in folder: String, suffixes: [String] = [".pem", ".der"]) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted()
    }
}
