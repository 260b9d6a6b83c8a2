// swift-tools-version: 6.1
// swift-certificates, the peer of the certificate-parse comparison, in a package of its own: its
// module is named X509 like swift-jpki's, and SwiftPM's module alias, set on one target, is applied
// to every target of the product that links both (so our own `import X509` resolved to theirs).
// CertificateParseComparison builds this tool and runs it on the same inputs in the same run.
import PackageDescription

let package = Package(
    name: "swift-certificates-peer",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1")
    ],
    targets: [
        .executableTarget(
            name: "swift-certificates-parse",
            dependencies: [.product(name: "X509", package: "swift-certificates")]
        )
    ],
    swiftLanguageModes: [.v6]
)
