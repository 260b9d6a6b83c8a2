import Foundation
import JPKIASN1
import JPKITestSupport
import Testing

/// The shared, read-only test data at `../shared/fixtures` (see its README.md), read in place.
///
/// The folder is located from this source file (`Tests/ASN1Tests/Support/Fixtures.swift`), not
/// from the working directory, so `swift test` finds it from anywhere. Tests that need it carry
/// `.enabled(if: Fixtures.available, Fixtures.missing)`: without the folder they are skipped with a
/// message naming the path, rather than failing or passing vacuously.
enum Fixtures {
    /// `../shared/fixtures` relative to the package root, as an absolute path.
    static let root: String = SharedFixtures.root.path

    /// Whether the fixtures folder exists.
    static var available: Bool { SharedFixtures.available }

    /// The reason a test is skipped when the fixtures are absent.
    static var missing: Comment { SharedFixtures.missing }

    /// The fixture folders these tests read, and which PEM documents count in each.
    enum Group: String, CaseIterable, Codable, Hashable, Sendable {
        case realWorld = "x509-vectors/real-world"
        case jlisCA = "jlis-ca"
        case custom = "x509-vectors/custom"
        case ocsp = "x509-vectors/ocsp"

        /// The folder, absolute.
        var directory: String { root + "/" + rawValue }

        /// PEM labels of the documents tested; others (`PRIVATE KEY`, `RSA PRIVATE KEY`) are not
        /// DER certificates and are skipped. `X509 CERTIFICATE` is the legacy label (RFC 7468 §5.1)
        /// of `cryptography.io.old_header.pem` and `long-form-name-attribute.pem`.
        var labels: Set<String> {
            switch self {
            case .realWorld, .jlisCA: return ["CERTIFICATE", "X509 CERTIFICATE"]
            case .custom: return ["CERTIFICATE", "X509 CERTIFICATE", "X509 CRL"]
            case .ocsp: return []
            }
        }
    }

    /// Every `.pem` and `.der` file of `group` (sub-folders included, e.g. `custom/ca/`), sorted;
    /// empty when the fixtures are absent (the tests using them are then skipped).
    static func files(in group: Group) -> [FixtureFile] {
        guard available, let enumerator = FileManager.default.enumerator(atPath: group.directory) else { return [] }
        var files: [FixtureFile] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".pem") || relative.hasSuffix(".der") {
                files.append(FixtureFile(group: group, relativePath: relative))
            }
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// Every file of every group in `groups`.
    static func files(in groups: [Group]) -> [FixtureFile] {
        groups.flatMap { files(in: $0) }
    }
}

/// One fixture file: the argument of the parameterized fixture tests.
struct FixtureFile: Hashable, Codable, Sendable, CustomTestStringConvertible {
    /// The folder it is in.
    let group: Fixtures.Group
    /// Its path inside the group's folder, e.g. `badasn1time.pem` or `ca/rsa_ca.pem`.
    let relativePath: String

    /// The absolute path.
    var path: String { group.directory + "/" + relativePath }

    var testDescription: String { group.rawValue + "/" + relativePath }

    /// The DER documents the file holds: the whole file for `.der`; for `.pem`, each document
    /// whose label is one of the group's ``Fixtures/Group/labels``, in order.
    func documents() throws -> [FixtureDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(message: "cannot read \(path)")
        }
        let bytes = [UInt8](data)
        guard relativePath.hasSuffix(".pem") else {
            return [FixtureDocument(key: relativePath, label: "DER", der: bytes)]
        }
        let selected = try PEMDocument.parseAll(bytes: bytes).filter { group.labels.contains($0.label) }
        return selected.enumerated().map { index, document in
            // A file with several documents names each one `file#n`, counting from 1.
            let key = selected.count == 1 ? relativePath : "\(relativePath)#\(index + 1)"
            return FixtureDocument(key: key, label: document.label, der: document.der)
        }
    }
}

/// One DER document of a fixture file.
struct FixtureDocument: Sendable {
    /// The name the expectation tables use: the file's path in its group, with `#n` when the file
    /// holds several documents.
    let key: String
    /// The PEM label, or `DER` for a raw file.
    let label: String
    /// The DER bytes.
    let der: [UInt8]
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
