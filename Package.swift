// swift-tools-version:6.0
import PackageDescription

// Dependencies point down only:
//   bert-explorer -> Explorer -> Analysis -> Encoder, WordPiece
//   bert-explorer -> CursesBackend -> TerminalUI ; Explorer -> TerminalUI
//   bert-explorer -> Export -> Analysis, TerminalUI
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
            name: "CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),

        // The encoder's hand-written kernels (AVX-512 products, softmax, GELU, pool atomics), compiled per
        // function for their instruction set so the rest of the build stays baseline.
        .target(name: "CEncoderKernels"),
        // OpenBLAS loaded on the first BLAS product instead of linked: loading it starts a spinning thread.
        .target(name: "CLazyBLAS"),
        // libcurl loaded on the first download instead of linked: it and its libraries are ~30 shared objects.
        .target(name: "CLazyCurl"),

        .target(name: "WordPiece"),
        .target(
            name: "Encoder",
            dependencies: ["CEncoderKernels", "SafeText", .target(name: "CLazyBLAS", condition: .when(platforms: [.linux]))]),
        .target(name: "Analysis", dependencies: ["Encoder", "WordPiece", "CEncoderKernels"]),
        .target(
            name: "Heads",
            dependencies: ["SafeText", "Encoder"]),
        // The one rule for printing outside text on a terminal (`TerminalText.escaped`), below every module
        // that reports such text; and the one rule for JSON string literals (`JSONText`).
        .target(name: "SafeText"),
        .target(name: "TerminalUI", dependencies: ["SafeText"]),
        .target(name: "Export", dependencies: ["Analysis", "Encoder", "WordPiece", "TerminalUI", "SafeText"]),
        .target(name: "Explorer", dependencies: ["Analysis", "Encoder", "WordPiece", "TerminalUI", "SafeText", "Heads", "Export", "Training"]),
        // Signal-safe terminal restoration (hand-written C: handlers run where Swift code must not).
        .target(name: "CTerminalRestore"),
        .target(name: "CursesBackend", dependencies: ["CNCurses", "CTerminalRestore", "TerminalUI"]),
        // SplitMix64 (`SeededGenerator`), for training and for randomised tests.
        .target(name: "SeededRandom"),
        .target(
            name: "Training",
            dependencies: ["SafeText", "SeededRandom", "Encoder", "WordPiece", "Heads"]),
        // Hugging Face hub names, cache layout and downloads; the encoder does not depend on it.
        .target(name: "ModelHub", dependencies: ["SafeText", "Encoder", "CLazyCurl"]),
        .executableTarget(
            name: "bert-explorer",
            dependencies: [
                // One dependency per line, so parallel branches adding targets merge cleanly.
                "WordPiece",
                "Encoder",
                "Analysis",
                "Explorer",
                "TerminalUI", "SafeText",
                "CursesBackend",
                "ModelHub",
                "Heads",
                "Export",
                "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Shared test helpers: fixture paths, snapshot comparison, running the built binary.
        .target(name: "TestSupport", dependencies: ["TerminalUI", "SeededRandom"], path: "Tests/TestSupport"),
        .testTarget(name: "WordPieceTests", dependencies: ["WordPiece", "TestSupport"]),
        .testTarget(name: "EncoderTests", dependencies: ["Encoder", "WordPiece", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Encoder", "WordPiece", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Analysis", "Encoder", "WordPiece", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "Training", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "ModelHubTests", dependencies: ["ModelHub", "TestSupport"]),
        .testTarget(name: "HeadsTests", dependencies: ["Heads", "Encoder", "WordPiece", "Explorer", "TerminalUI", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Encoder", "WordPiece", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
