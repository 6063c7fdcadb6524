// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "encore",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "encore", targets: ["encore"]),
        .executable(name: "encore-bench", targets: ["encore-bench"]),
        .library(name: "EncoreCore", targets: ["EncoreCore"]),
        .library(name: "EncoreStore", targets: ["EncoreStore"]),
        .library(name: "EncoreServer", targets: ["EncoreServer"]),
        // Smaller products for Fuzz/: the parsers without the storage, server and TLS graph.
        .library(name: "EncoreJourneys", targets: ["EncoreJourneys"]),
        .library(name: "EncoreSMTPProtocol", targets: ["EncoreSMTPProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "EncoreCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreJourneys",
            dependencies: [
                "EncoreCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreLoyalty",
            dependencies: [
                "EncoreCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreSMTPProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreMessaging",
            dependencies: [
                "EncoreCore",
                "EncoreSMTPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreStore",
            dependencies: [
                "EncoreCore",
                "EncoreLoyalty",
                "EncoreJourneys",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreServer",
            dependencies: [
                "EncoreCore",
                "EncoreStore",
                "EncoreJourneys",
                "EncoreLoyalty",
                "EncoreMessaging",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "encore",
            dependencies: [
                "EncoreCore",
                "EncoreLoyalty",
                "EncoreStore",
                "EncoreJourneys",
                "EncoreMessaging",
                "EncoreServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "encore-bench",
            dependencies: [
                "EncoreCore",
                "EncoreLoyalty",
                "EncoreJourneys",
                "EncoreStore",
                "EncoreServer",
                "EncoreMessaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/EncoreBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EncoreTestSupport",
            dependencies: ["EncoreCore", "EncoreStore"],
            path: "Tests/EncoreTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreCoreTests",
            dependencies: ["EncoreCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreJourneysTests",
            dependencies: ["EncoreCore", "EncoreJourneys"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreLoyaltyTests",
            dependencies: ["EncoreCore", "EncoreLoyalty"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreMessagingTests",
            dependencies: [
                "EncoreCore", "EncoreMessaging", "EncoreSMTPProtocol", "EncoreTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreStoreTests",
            dependencies: ["EncoreCore", "EncoreLoyalty", "EncoreStore", "EncoreTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreServerTests",
            dependencies: [
                "EncoreCore", "EncoreLoyalty", "EncoreStore", "EncoreServer", "EncoreTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncoreCLITests",
            dependencies: [
                "encore", "EncoreCore", "EncoreLoyalty", "EncoreStore", "EncoreMessaging", "EncoreTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
