// swift-tools-version: 6.1
// A consumer of swift-jpki: an app that links this SDK beside swift-certificates (module `X509`)
// and jwt-kit (which depends on swift-certificates too). It proves that the SDK's module names do
// not clash with theirs, and that a certificate passes from one library to the other by DER.
// Built and run by `scripts/test.sh` after the main suites:
//
//     swift run --package-path Tests/Consumers ConsumerCheck [CERTIFICATE.pem]
import PackageDescription

let package = Package(
    name: "swift-jpki-consumer-check",
    platforms: [.macOS(.v13), .iOS(.v16)],
    dependencies: [
        // The SDK itself, from this checkout.
        .package(name: "swift-jpki", path: "../.."),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // DER.Serializer, to serialize swift-certificates' values for the byte comparisons.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // One file importing X509 (swift-certificates), JWTKit and JPKIX509 (and SwiftASN1).
        .executableTarget(
            name: "ConsumerCheck",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
