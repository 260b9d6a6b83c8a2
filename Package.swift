// swift-tools-version: 6.1
// swift-jpki: a Swift SDK for Japan's Public Key Infrastructure (JPKI) on the My Number Card.
import PackageDescription

let package = Package(
    name: "swift-jpki",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "ASN1", targets: ["ASN1"]),
        .library(name: "X509", targets: ["X509"]),
        .library(name: "APDU", targets: ["APDU"]),
        .library(name: "JPKISimulator", targets: ["JPKISimulator"]),
        .library(name: "JPKICard", targets: ["JPKICard"]),
        .library(name: "Verification", targets: ["Verification"]),
        .executable(name: "jpki", targets: ["jpki"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation` (DocC catalogs of the library modules).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Pure Swift, standard library only: strict DER, BER-TLV for card data, PEM.
        .target(name: "ASN1"),
        // OpenSSL (libcrypto), behind the one crypto wrapper below.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // The thin wrapper over OpenSSL's EVP API: digests, RSA verify/sign/keygen. Nothing else
        // in the package calls OpenSSL. Its API is `package`: not part of the SDK's surface.
        .target(name: "CryptoBackend", dependencies: ["COpenSSL"]),
        // Certificates, the JPKI profile, CRLs and the revocation index, OCSP, builders.
        .target(name: "X509", dependencies: ["ASN1", "CryptoBackend"]),
        // libpcsclite (pcscd), for the PC/SC transport.
        .systemLibrary(
            name: "CPCSC",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        // ISO 7816-4 commands and responses, the card channel, PC/SC, mock and record/replay.
        .target(
            name: "APDU",
            dependencies: [
                "ASN1",
                "CPCSC",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Clients of the card's applications (JPKI AP, 券面事項入力補助AP, 券面事項確認AP) and the
        // MyNumberCard facade, with typed PINs and PIN safety.
        .target(
            name: "JPKICard",
            dependencies: [
                "APDU",
                "ASN1",
                "X509",
                "CryptoBackend",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `jpki` command line tool: its commands live in a library so tests can reach them.
        .target(
            name: "JPKICommands",
            dependencies: [
                "ASN1",
                "APDU",
                "X509",
                "JPKICard",
                "JPKISimulator",
                "Verification",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "jpki",
            dependencies: ["JPKICommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The relying party's verifier: path validation to pinned roots, CRLs, OCSP, CMS, reports.
        .target(name: "Verification", dependencies: ["ASN1", "X509", "CryptoBackend"]),
        // A software My Number Card and its vpcd bridge, for tests, demos and apps without a card.
        .target(name: "JPKISimulator", dependencies: ["APDU", "ASN1", "X509", "CryptoBackend"]),
        // Helpers shared by the test targets: fixture locations, the openssl CLI, vpcd's readers.
        .target(
            name: "JPKITestSupport",
            dependencies: ["APDU", "JPKISimulator"],
            path: "Tests/JPKITestSupport"
        ),
        .testTarget(name: "ASN1Tests", dependencies: ["ASN1", "JPKITestSupport"]),
        .testTarget(name: "OCSPTests", dependencies: ["X509", "ASN1", "JPKITestSupport"]),
        .testTarget(
            name: "APDUTests",
            dependencies: [
                "APDU", "JPKISimulator", "JPKITestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CRLTests", dependencies: ["X509", "ASN1", "JPKITestSupport"]),
        .testTarget(name: "X509Tests", dependencies: ["X509", "ASN1", "JPKITestSupport"]),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["JPKISimulator", "X509", "APDU", "ASN1", "CryptoBackend", "JPKITestSupport", "jpki"]
        ),
        .testTarget(
            name: "JPKICardTests",
            dependencies: [
                "JPKICard", "JPKISimulator", "APDU", "X509", "CryptoBackend", "JPKITestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: ["Verification", "X509", "ASN1", "CryptoBackend", "JPKISimulator", "JPKITestSupport"]
        ),
        .testTarget(name: "jpkiTests", dependencies: ["JPKICommands", "jpki", "JPKISimulator", "JPKITestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
