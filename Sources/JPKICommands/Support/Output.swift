import Foundation
import JPKIASN1
import JPKIX509

/// Wraps any encodable value, for JSON objects with mixed value types.
struct AnyEncodable: Encodable {
    private let encodeValue: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encodeValue = value.encode(to:) }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

/// Prints `value` as pretty JSON with sorted keys.
func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}

/// Writes `text` to standard output at once.
func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes `bytes` to `path`, or exits 2.
func writeFile(_ bytes: [UInt8], to path: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    } catch {
        throw fail("cannot write \(path): \(error.localizedDescription)")
    }
}

/// The PEM of a certificate.
func certificatePEM(_ certificate: Certificate) -> String {
    PEMDocument(label: "CERTIFICATE", der: certificate.derEncoded).pemString
}
