// swift-tools-version:6.0
import PackageDescription

// Dependencies point down only:
//   bert-explorer -> Explorer -> Analysis -> Encoder, WordPiece
//   bert-explorer -> CursesBackend -> TerminalUI ; Explorer -> TerminalUI
let package = Package(
    name: "bert-explorer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bert-explorer", targets: ["bert-explorer"]),
        .library(name: "WordPiece", targets: ["WordPiece"]),
        .library(name: "Encoder", targets: ["Encoder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),

        .target(name: "WordPiece"),
        .target(
            name: "Encoder",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux]))]),
        .target(name: "Analysis", dependencies: ["Encoder", "WordPiece"]),
        .target(name: "TerminalUI"),
        .target(name: "Explorer", dependencies: ["Analysis", "Encoder", "WordPiece", "TerminalUI"]),
        // Signal-safe terminal restoration (hand-written C: handlers run where Swift code must not).
        .target(name: "CTerminalRestore"),
        .target(name: "CursesBackend", dependencies: ["CNCurses", "CTerminalRestore", "TerminalUI"]),
        .executableTarget(
            name: "bert-explorer",
            dependencies: [
                "WordPiece", "Encoder", "Analysis", "Explorer", "TerminalUI", "CursesBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Shared test helpers: fixture paths, snapshot comparison, running the built binary.
        .target(name: "TestSupport", dependencies: ["TerminalUI"], path: "Tests/TestSupport"),
        .testTarget(name: "WordPieceTests", dependencies: ["WordPiece", "TestSupport"]),
        .testTarget(name: "EncoderTests", dependencies: ["Encoder", "WordPiece", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
