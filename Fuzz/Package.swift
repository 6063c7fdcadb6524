// swift-tools-version:6.2
// Coverage-guided fuzzing (libFuzzer) of Encore's parsers: see README.md here and scripts/fuzz-parsers.sh.
//
// Build (Linux, the toolchain's libFuzzer and AddressSanitizer):
//   swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz -c debug -Xswiftc -O \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each product is a libFuzzer binary: Fuzz/.build-fuzz/debug/FuzzCSV Fuzz/Corpus/FuzzCSV ...
// scripts/fuzz-parsers.sh builds and runs them all.
import Foundation
import PackageDescription

// The main package is the parent directory; a path dependency's identity is its directory's name,
// which differs between clones (main, a CI checkout, a snapshot), so it is read here.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let encore = root.lastPathComponent.lowercased()

// The parsers come through the main package's small library products: EncoreCore, EncoreJourneys
// (Yams, swift-mustache) and EncoreSMTPProtocol (NIOCore), so the instrumented build leaves out the
// storage, server and TLS graph (GRDB, PostgresNIO, Hummingbird, NIOSSL, swift-crypto...).
let core: Target.Dependency = .product(name: "EncoreCore", package: encore)
let journeys: Target.Dependency = .product(name: "EncoreJourneys", package: encore)
let smtp: Target.Dependency = .product(name: "EncoreSMTPProtocol", package: encore)

let package = Package(
    name: "encore-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver", core]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "FuzzShopify", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport", core]),
        .target(name: "FuzzJourneySupport", dependencies: [core, journeys]),
        .executableTarget(name: "FuzzJourneyYAML", dependencies: ["FuzzSupport", "FuzzJourneySupport", core, journeys]),
        .executableTarget(name: "FuzzTemplate", dependencies: ["FuzzSupport", "FuzzJourneySupport", core, journeys]),
        .executableTarget(
            name: "FuzzSMTPReply",
            dependencies: [
                "FuzzSupport", core, smtp,
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ]
)
