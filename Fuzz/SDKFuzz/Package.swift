// swift-tools-version: 6.1
// libFuzzer targets for the X509 module's parsers (certificates, CRLs with the revocation index,
// OCSP requests and responses). Built by scripts/fuzz.sh with
// `swift build --package-path Fuzz/X509Fuzz -c release --sanitize fuzzer --sanitize address`:
// the sanitizers then instrument ASN1, CryptoBackend and X509 too. Each target is a single file
// defining `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
import PackageDescription

let package = Package(
    name: "swift-jpki-x509-fuzz",
    dependencies: [.package(name: "swift-jpki", path: "../..")],
    targets: [
        .executableTarget(
            name: "CertificateFuzz",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"), .product(name: "JPKIASN1", package: "swift-jpki"),
            ]
        ),
        .executableTarget(
            name: "CRLFuzz",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"), .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKIRevocationIndex", package: "swift-jpki"),
            ]
        ),
        .executableTarget(
            name: "OCSPFuzz",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"), .product(name: "JPKIASN1", package: "swift-jpki"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
