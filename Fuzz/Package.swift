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

// EncoreJourneys and EncoreMessaging are reached through their own library products when the main
// package declares them, else through the products that contain them (EncoreStore, EncoreServer:
// then GRDB, PostgresNIO, Hummingbird... are built and instrumented too, a much longer build).
let rootManifest = (try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)) ?? ""
func exported(_ name: String) -> Bool { rootManifest.contains(".library(name: \"\(name)\"") }
let core: Target.Dependency = .product(name: "EncoreCore", package: encore)
let journeys: Target.Dependency = .product(
    name: exported("EncoreJourneys") ? "EncoreJourneys" : "EncoreStore", package: encore)
let messaging: Target.Dependency = .product(
    name: exported("EncoreMessaging") ? "EncoreMessaging" : "EncoreServer", package: encore)

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
                "FuzzSupport", core, messaging,
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ]
)
