// swift-tools-version: 6.2
// swift-jpki: a Swift SDK for Japan's Public Key Infrastructure (JPKI) on the My Number Card.
import PackageDescription

let package = Package(
    name: "swift-jpki",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "JPKIASN1", targets: ["JPKIASN1"]),
        .library(name: "JPKIX509", targets: ["JPKIX509"]),
        .library(name: "JPKIRevocationIndex", targets: ["JPKIRevocationIndex"]),
        .library(name: "JPKIAPDU", targets: ["JPKIAPDU"]),
        .library(name: "JPKISimulator", targets: ["JPKISimulator"]),
        .library(name: "JPKICard", targets: ["JPKICard"]),
        .library(name: "JPKIVerification", targets: ["JPKIVerification"]),
        .library(name: "JPKIPDF", targets: ["JPKIPDF"]),
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
        .target(name: "JPKIASN1", path: "Sources/ASN1"),
        // OpenSSL (libcrypto), behind the one crypto wrapper below.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // The thin wrapper over OpenSSL's EVP API: digests, RSA verify/sign/keygen. Nothing else
        // in the package calls OpenSSL. Its API is `package`: not part of the SDK's surface.
        .target(name: "CryptoBackend", dependencies: ["COpenSSL", "JPKIASN1"]),
        // Certificates, the JPKI profile, the CRL model, OCSP, certificate and CRL builders.
        .target(name: "JPKIX509", dependencies: ["JPKIASN1", "CryptoBackend"], path: "Sources/X509"),
        // The bulk revocation engine over CRLs: memory-mapped CRL files, the serial-number index
        // (bucket tables built in parallel), bulk lookups and the diff of two CRLs.
        .target(
            name: "JPKIRevocationIndex", dependencies: ["JPKIASN1", "JPKIX509"],
            path: "Sources/RevocationIndex"
        ),
        // libpcsclite (pcscd), for the PC/SC transport.
        .systemLibrary(
            name: "CPCSC",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        // ISO 7816-4 commands and responses, the card channel, PC/SC, mock and record/replay.
        .target(
            name: "JPKIAPDU",
            dependencies: [
                "JPKIASN1",
                "CPCSC",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/APDU"
        ),
        // Clients of the card's applications (JPKI AP, 券面事項入力補助AP, 券面事項確認AP) and the
        // MyNumberCard facade, with typed PINs and PIN safety.
        .target(
            name: "JPKICard",
            dependencies: [
                "JPKIAPDU",
                "JPKIASN1",
                "JPKIX509",
                "CryptoBackend",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `jpki` command line tool: its commands live in a library so tests can reach them.
        .target(
            name: "JPKICommands",
            dependencies: [
                "JPKIASN1",
                "JPKIAPDU",
                "JPKIX509",
                "JPKIRevocationIndex",
                "JPKICard",
                "JPKISimulator",
                "JPKIVerification",
                "JPKIPDF",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "jpki",
            dependencies: ["JPKICommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The relying party's verifier: path validation to pinned roots, CRLs, OCSP, CMS, reports.
        .target(
            name: "JPKIVerification", dependencies: ["JPKIASN1", "JPKIX509", "JPKIRevocationIndex", "CryptoBackend"],
            path: "Sources/Verification"
        ),
        // zlib, for the FlateDecode streams of PDFs (cross-reference and object streams).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // PDF signatures: the reader (revisions, cross-reference tables and streams, object
        // streams, signature fields), PAdES signing in an incremental update through a two-phase
        // signer protocol, and the verification of every signature of a file.
        .target(
            name: "JPKIPDF",
            dependencies: ["JPKIASN1", "JPKIX509", "JPKIVerification", "JPKIRevocationIndex", "CryptoBackend", "CZlib"],
            path: "Sources/PDF"
        ),
        // A software My Number Card and its vpcd bridge, for tests, demos and apps without a card.
        .target(
            name: "JPKISimulator",
            dependencies: ["JPKIAPDU", "JPKIASN1", "JPKIX509", "JPKIRevocationIndex", "CryptoBackend"]
        ),
        // Helpers shared by the test targets: fixture locations, the openssl CLI, vpcd's readers.
        .target(
            name: "JPKITestSupport",
            dependencies: ["JPKIAPDU", "JPKISimulator", "JPKIX509"],
            path: "Tests/JPKITestSupport"
        ),
        .testTarget(name: "ASN1Tests", dependencies: ["JPKIASN1", "JPKITestSupport"]),
        .testTarget(name: "OCSPTests", dependencies: ["JPKIX509", "JPKIASN1", "JPKITestSupport"]),
        .testTarget(
            name: "APDUTests",
            dependencies: [
                "JPKIAPDU", "JPKISimulator", "JPKITestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CRLTests",
            dependencies: ["JPKIX509", "JPKIRevocationIndex", "JPKIASN1", "JPKISimulator", "JPKITestSupport"]
        ),
        .testTarget(name: "X509Tests", dependencies: ["JPKIX509", "JPKIASN1", "JPKISimulator", "JPKITestSupport"]),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["JPKISimulator", "JPKIX509", "JPKIAPDU", "JPKIASN1", "CryptoBackend", "JPKITestSupport", "jpki"]
        ),
        .testTarget(
            name: "JPKICardTests",
            dependencies: [
                "JPKICard", "JPKISimulator", "JPKIAPDU", "JPKIASN1", "JPKIX509", "CryptoBackend", "JPKITestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: [
                "JPKIVerification", "JPKIX509", "JPKIRevocationIndex", "JPKIASN1", "CryptoBackend", "JPKISimulator",
                "JPKITestSupport",
            ]
        ),
        .testTarget(
            name: "PDFTests",
            dependencies: [
                "JPKIPDF", "JPKIVerification", "JPKIX509", "JPKIASN1", "JPKICard", "JPKISimulator", "JPKITestSupport",
                "jpki",
            ]
        ),
        .testTarget(name: "jpkiTests", dependencies: ["JPKICommands", "jpki", "JPKISimulator", "JPKITestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
