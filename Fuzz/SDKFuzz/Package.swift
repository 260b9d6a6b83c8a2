// swift-tools-version: 6.1
// libFuzzer targets for the SDK beyond JPKIASN1 (whose targets scripts/fuzz.sh compiles with
// swiftc): X.509 parsers (certificates, CRLs with the revocation index, OCSP), CMS SignedData with
// the verifier, the card channel's response handling, the card clients against a hostile card and
// against fuzzed data files, the simulator fed random APDUs, the 券面 APs' card-verifiable
// certificates and signed records, and the PDF reader with the PDF signature verifier. Built by scripts/fuzz.sh with
// `swift build --package-path Fuzz/SDKFuzz -c release --sanitize fuzzer --sanitize address`: the
// sanitizers then instrument the SDK's modules too. Each target is a single file defining
// `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`. FuzzSeeds, built the same way, writes the
// seeds of the card, channel, simulator and CMS targets (scripts/fuzz.sh --seeds).
import PackageDescription

let sdk = "swift-jpki"

let package = Package(
    name: "swift-jpki-fuzz",
    dependencies: [
        .package(name: sdk, path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(
            name: "CardFuzzKit",
            dependencies: [
                "FuzzSupport", .product(name: "JPKICard", package: sdk), .product(name: "JPKIAPDU", package: sdk),
                .product(name: "JPKIASN1", package: sdk), .product(name: "JPKIX509", package: sdk),
            ]
        ),
        .executableTarget(
            name: "CertificateFuzz",
            dependencies: [.product(name: "JPKIX509", package: sdk), .product(name: "JPKIASN1", package: sdk)]
        ),
        .executableTarget(
            name: "CRLFuzz",
            dependencies: [
                .product(name: "JPKIX509", package: sdk), .product(name: "JPKIASN1", package: sdk),
                .product(name: "JPKIRevocationIndex", package: sdk),
            ]
        ),
        .executableTarget(
            name: "OCSPFuzz",
            dependencies: [.product(name: "JPKIX509", package: sdk), .product(name: "JPKIASN1", package: sdk)]
        ),
        .executableTarget(
            name: "CMSFuzz",
            dependencies: [
                "FuzzSupport", .product(name: "JPKIVerification", package: sdk),
                .product(name: "JPKIX509", package: sdk), .product(name: "JPKIASN1", package: sdk),
                .product(name: "JPKICard", package: sdk),
            ]
        ),
        .executableTarget(
            name: "CardChannelFuzz",
            dependencies: ["FuzzSupport", "CardFuzzKit", .product(name: "JPKIAPDU", package: sdk)]
        ),
        .executableTarget(
            name: "HostileCardFuzz",
            dependencies: [
                "FuzzSupport", "CardFuzzKit", .product(name: "JPKICard", package: sdk),
                .product(name: "JPKIAPDU", package: sdk),
            ]
        ),
        .executableTarget(
            name: "CardFilesFuzz",
            dependencies: [
                "FuzzSupport", "CardFuzzKit", .product(name: "JPKICard", package: sdk),
                .product(name: "JPKIAPDU", package: sdk),
            ]
        ),
        .executableTarget(
            name: "SimulatorFuzz",
            dependencies: [
                "FuzzSupport", .product(name: "JPKISimulator", package: sdk), .product(name: "JPKIAPDU", package: sdk),
            ]
        ),
        .executableTarget(
            name: "CardVerifiableFuzz",
            dependencies: [.product(name: "JPKIX509", package: sdk), .product(name: "JPKIASN1", package: sdk)]
        ),
        .executableTarget(
            name: "PDFFuzz",
            dependencies: [.product(name: "JPKIPDF", package: sdk), .product(name: "JPKIVerification", package: sdk)]
        ),
        .executableTarget(
            name: "FuzzSeeds",
            dependencies: [
                "FuzzSupport", "CardFuzzKit", .product(name: "JPKICard", package: sdk),
                .product(name: "JPKIAPDU", package: sdk), .product(name: "JPKISimulator", package: sdk),
                .product(name: "JPKIVerification", package: sdk), .product(name: "JPKIX509", package: sdk),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
