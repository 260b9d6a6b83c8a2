// swift-tools-version: 6.1
// swift-jpki: a Swift SDK for Japan's Public Key Infrastructure (JPKI) on the My Number Card.
import PackageDescription

let package = Package(
    name: "swift-jpki",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "ASN1", targets: ["ASN1"]),
        .executable(name: "jpki", targets: ["jpki"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // Pure Swift, standard library only: strict DER, BER-TLV for card data, PEM.
        .target(name: "ASN1"),
        // The `jpki` command line tool: its commands live in a library so tests can reach them.
        .target(
            name: "JPKICommands",
            dependencies: [
                "ASN1",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "jpki",
            dependencies: ["JPKICommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ASN1Tests", dependencies: ["ASN1"]),
        .testTarget(name: "jpkiTests", dependencies: ["JPKICommands", "jpki"]),
    ],
    swiftLanguageModes: [.v6]
)
