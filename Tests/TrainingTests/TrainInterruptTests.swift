import Foundation
import TestSupport
import XCTest

/// Ctrl-C during `train` leaves no half-written head: the head is written into a hidden sibling directory and
/// renamed over `--out` only when complete, so an interrupted run leaves the previous head intact (or none).
final class TrainInterruptTests: XCTestCase {
    func testSIGINTWhileExtractingFeaturesLeavesThePreviousHeadIntact() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("train-interrupt-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: directory) }
        let out = directory.appendingPathComponent("head"), fresh = directory.appendingPathComponent("fresh")
        let cache = directory.appendingPathComponent("cache")
        // A head from an earlier run sits in --out.
        try manager.copyItem(at: Fixtures.url("explorer-heads/sentiment"), to: out)
        let before = try manager.contentsOfDirectory(atPath: out.path).sorted().map {
            try Data(contentsOf: out.appendingPathComponent($0))
        }

        for target in [out, fresh] {
            let process = Process()
            process.executableURL = BuiltBinary.url
            // The whole sentiment sample on the bundled model: tens of seconds of features, time enough to interrupt.
            process.arguments = ["train", "--data", Fixtures.root.appendingPathComponent("Samples/datasets/sentiment-train.csv").path,
                                 "--out", target.path, "--quiet"]
            var environment = ProcessInfo.processInfo.environment
            environment["BERT_EXPLORER_CACHE"] = cache.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Interrupt once features are streaming into the cache (the run is past loading, before any head).
            for _ in 0..<1200 where process.isRunning && (manager.enumerator(atPath: cache.path)?.allObjects.isEmpty ?? true) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            XCTAssertTrue(process.isRunning, "train ended before it could be interrupted")
            process.interrupt()
            process.waitUntilExit()
            XCTAssertNotEqual(process.terminationStatus, 0)
        }
        let after = try manager.contentsOfDirectory(atPath: out.path).sorted().map {
            try Data(contentsOf: out.appendingPathComponent($0))
        }
        XCTAssertEqual(after, before, "the previous head is untouched")
        XCTAssertFalse(manager.fileExists(atPath: fresh.path), "no head at all where there was none")
        let leftovers = try manager.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no partial directories left behind")
    }
}
