// swift-tools-version: 6.1
// libFuzzer target for the PDF module's reader and verifier. Built by scripts/fuzz.sh with
// `swift build --package-path Fuzz/PDFFuzz -c release --sanitize fuzzer --sanitize address`:
// the sanitizers then instrument ASN1, X509, Verification and PDF too. The target is a single
// file defining `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
import PackageDescription

let package = Package(
    name: "swift-jpki-pdf-fuzz",
    dependencies: [.package(name: "swift-jpki", path: "../..")],
    targets: [
        .executableTarget(
            name: "PDFFuzz",
            dependencies: [
                .product(name: "JPKIPDF", package: "swift-jpki"),
                .product(name: "JPKIVerification", package: "swift-jpki"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
