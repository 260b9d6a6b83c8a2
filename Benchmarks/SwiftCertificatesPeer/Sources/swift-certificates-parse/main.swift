// Times swift-certificates' `Certificate(derEncoded:)` on each DER file given, the way
// CertificateParseComparison times ours (best of --rounds rounds of --iterations parses), and
// prints one line per file: `<path> <nanoseconds per parse>`; exits 1 when a file does not parse.
//
//   swift-certificates-parse [--iterations N] [--rounds R] FILE...

import Foundation
import X509

let arguments = Array(CommandLine.arguments.dropFirst())
var iterations = 20_000
var rounds = 7
var files: [String] = []
var position = 0
while position < arguments.count {
    switch arguments[position] {
    case "--iterations" where position + 1 < arguments.count:
        iterations = Int(arguments[position + 1]) ?? iterations
        position += 2
    case "--rounds" where position + 1 < arguments.count:
        rounds = Int(arguments[position + 1]) ?? rounds
        position += 2
    default:
        files.append(arguments[position])
        position += 1
    }
}

/// The parse timed; returns something derived from the result so it is not optimised away.
@inline(never)
func parse(_ der: [UInt8]) -> Int {
    guard let certificate = try? Certificate(derEncoded: der) else { return -1 }
    return Array(certificate.extensions).count &+ certificate.serialNumber.bytes.count
}

for file in files {
    guard let data = FileManager.default.contents(atPath: file) else {
        FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
        exit(2)
    }
    let der = [UInt8](data)
    guard parse(der) >= 0 else {
        FileHandle.standardError.write(Data("swift-certificates rejects \(file)\n".utf8))
        exit(1)
    }
    var best = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { sink &+= parse(der) }
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        best = min(best, nanoseconds / Double(iterations))
    }
    if sink == Int.min { print("") }
    print(file, best)
}
