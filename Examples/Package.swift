// swift-tools-version: 6.1
// Examples of swift-jpki: programs to read as tutorials, built and run by `scripts/examples.sh`.
//
//     swift run --package-path Examples LoginServer
//     swift run --package-path Examples DailyCRLJob
import PackageDescription

let package = Package(
    name: "swift-jpki-examples",
    platforms: [.macOS(.v13), .iOS(.v16)],
    dependencies: [
        // The SDK itself, from this checkout.
        .package(name: "swift-jpki", path: "..")
    ],
    targets: [
        // A relying party's challenge-response log-in with a (simulated) My Number Card.
        .executableTarget(
            name: "LoginServer",
            dependencies: [
                .product(name: "JPKICard", package: "swift-jpki"),
                .product(name: "JPKISimulator", package: "swift-jpki"),
                .product(name: "JPKIVerification", package: "swift-jpki"),
                .product(name: "JPKIX509", package: "swift-jpki"),
            ]
        ),
        // A platform operator's daily CRL job: partitioned CRLs, a customer list, the newly revoked.
        .executableTarget(
            name: "DailyCRLJob",
            dependencies: [
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKIRevocationIndex", package: "swift-jpki"),
                .product(name: "JPKISimulator", package: "swift-jpki"),
                .product(name: "JPKIX509", package: "swift-jpki"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
