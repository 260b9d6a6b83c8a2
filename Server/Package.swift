// swift-tools-version: 6.2
// jpki-platform: a platform operator's (PF事業者) verification service on swift-jpki: an HTTP API
// (Server/openapi.yaml) for one-time challenges, log-ins, registrations and renewals of customers
// by their My Number Card certificates, document, CMS, PDF and card verification; the daily CRL
// job with the revocation changes it finds; and a hash-chained audit trail in SQLite or
// PostgreSQL. A package of its own so that its server dependencies stay out of the SDK's graph.
import PackageDescription

let package = Package(
    name: "jpki-platform",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "JPKIPlatform", targets: ["JPKIPlatform"]),
        .library(name: "JPKIPlatformSQLite", targets: ["JPKIPlatformSQLite"]),
        .library(name: "JPKIPlatformPostgres", targets: ["JPKIPlatformPostgres"]),
        .library(name: "JPKIPlatformHTTP", targets: ["JPKIPlatformHTTP"]),
        .executable(name: "jpki-platform", targets: ["jpki-platform"]),
    ],
    dependencies: [
        .package(name: "swift-jpki", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The service without HTTP or a database: customers, challenges, log-in, registration and
        // renewal rules, the CRL directory and its revocation changes, the audit hash chain, and
        // the storage protocol the two databases implement.
        .target(
            name: "JPKIPlatform",
            dependencies: [
                .product(name: "JPKIASN1", package: "swift-jpki"),
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JPKIRevocationIndex", package: "swift-jpki"),
                .product(name: "JPKIVerification", package: "swift-jpki"),
                .product(name: "JPKIPDF", package: "swift-jpki"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The storage on SQLite (one file, embedded; the default).
        .target(
            name: "JPKIPlatformSQLite",
            dependencies: ["JPKIPlatform", .product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        // The storage on PostgreSQL (several instances sharing one database).
        .target(
            name: "JPKIPlatformPostgres",
            dependencies: ["JPKIPlatform", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // The HTTP API on Hummingbird: routes, JSON errors, size limits, metrics.
        .target(
            name: "JPKIPlatformHTTP",
            dependencies: [
                "JPKIPlatform",
                .product(name: "JPKIX509", package: "swift-jpki"),
                .product(name: "JPKIVerification", package: "swift-jpki"),
                .product(name: "JPKIPDF", package: "swift-jpki"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .executableTarget(
            name: "jpki-platform",
            dependencies: [
                "JPKIPlatform", "JPKIPlatformSQLite", "JPKIPlatformPostgres", "JPKIPlatformHTTP",
                .product(name: "JPKISimulator", package: "swift-jpki"),
                .product(name: "JPKICard", package: "swift-jpki"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "JPKIPlatformTests",
            dependencies: [
                "JPKIPlatform", "JPKIPlatformSQLite", "JPKIPlatformPostgres", "JPKIPlatformHTTP",
                .product(name: "JPKISimulator", package: "swift-jpki"),
                .product(name: "JPKICard", package: "swift-jpki"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JPKIVerification", package: "swift-jpki"),
                .product(name: "JPKIX509", package: "swift-jpki"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
