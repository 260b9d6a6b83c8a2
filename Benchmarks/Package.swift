// swift-tools-version: 6.1
// Benchmarks for swift-jpki (package-benchmark), kept apart from the root package so that its
// dependencies stay out of the SDK's graph. Run: swift package --package-path Benchmarks benchmark
import PackageDescription

let package = Package(
    name: "swift-jpki-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-jpki", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // OpenSSL (libcrypto), the peer in the same run.
        .systemLibrary(
            name: "CBenchmarkOpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // The inputs and the three operations measured, shared by the benchmark and the
        // comparison tool so that both time exactly the same code.
        .target(
            name: "DERWalkSupport",
            dependencies: [
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                "CBenchmarkOpenSSL",
            ]
        ),
        .executableTarget(
            name: "DERWalk",
            dependencies: [
                "DERWalkSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/DERWalk",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Counts allocation calls (glibc) for the comparison tool.
        .target(name: "CMallocCounter"),
        // Times the three peers in one process and prints ns/op, the ratios and mallocs per op.
        .executableTarget(
            name: "DERWalkComparison",
            dependencies: ["DERWalkSupport", "CMallocCounter"]
        ),
        // CRLs: the generated inputs and the operations timed (ours: CertificateRevocationList +
        // RevocationIndex; OpenSSL: d2i_X509_CRL + X509_CRL_get0_by_serial), shared by the
        // benchmark and the comparison tool. See CRLIndex.md.
        .target(
            name: "CRLIndexSupport",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKIRevocationIndex", package: "swift-jpki"),
                .product(name: "JPKISimulator", package: "swift-jpki"),
                "CBenchmarkOpenSSL",
            ]
        ),
        .executableTarget(
            name: "CRLIndex",
            dependencies: [
                "CRLIndexSupport",
                "CBenchmarkOpenSSL",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/CRLIndex",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Load + index, lookups and peak memory of ours and OpenSSL in one run, with the ratios.
        .executableTarget(
            name: "CRLIndexComparison",
            dependencies: [
                "CRLIndexSupport", "CBenchmarkOpenSSL",
                .product(name: "JPKIRevocationIndex", package: "swift-jpki"),
            ]
        ),
        // Certificates: a full parse by swift-jpki and OpenSSL. (swift-certificates is not a peer
        // here yet: its module is also named X509 and SwiftPM's module alias leaked onto our own
        // X509 import in this package.)
        .target(
            name: "CertificateParseSupport",
            dependencies: [
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKISimulator", package: "swift-jpki"),
                "CBenchmarkOpenSSL",
            ]
        ),
        .executableTarget(
            name: "CertificateParse",
            dependencies: [
                "CertificateParseSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/CertificateParse",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(name: "CertificateParseComparison", dependencies: ["CertificateParseSupport", "CMallocCounter"]),
        // Verification: a leaf + intermediate chain by JPKIVerifier vs OpenSSL's raw RSA-2048 verify, and a
        // revocation check in a CRL store holding a 1M-entry CRL.
        .target(
            name: "VerificationBenchmarkSupport",
            dependencies: [
                .product(name: "JPKIVerification", package: "swift-jpki"),
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKISimulator", package: "swift-jpki"),
                "CBenchmarkOpenSSL",
            ]
        ),
        .executableTarget(
            name: "VerificationChain",
            dependencies: [
                "VerificationBenchmarkSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/VerificationChain",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(name: "VerificationComparison", dependencies: ["VerificationBenchmarkSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
