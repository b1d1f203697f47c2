import ModelHub
import Foundation
import TestSupport
import XCTest

final class ModelLocatorTests: XCTestCase {
    func testFindsBundledModelFromSourceRoot() throws {
        let locator = ModelLocator(environment: [:], executablePath: "/nonexistent/bin/x",
                                   sourceRoot: Fixtures.root.path)
        XCTAssertEqual(try locator.locate(nil).standardizedFileURL, Fixtures.bundledModel.standardizedFileURL)
    }

    func testFindsBundledModelAboveExecutable() throws {
        let locator = ModelLocator(environment: [:], executablePath: Fixtures.root.path + "/.build/debug/bert-explorer",
                                   sourceRoot: "/nonexistent")
        XCTAssertEqual(try locator.locate(nil).standardizedFileURL, Fixtures.bundledModel.standardizedFileURL)
    }

    func testResolvesHubCacheName() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString)")
        let snapshot = cache.appendingPathComponent("models--org--tiny/snapshots/abc123")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("models--org--tiny/refs"),
                                                withIntermediateDirectories: true)
        try "abc123\n".write(to: cache.appendingPathComponent("models--org--tiny/refs/main"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: cache) }
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": cache.path, "HF_HUB_OFFLINE": "1"], executablePath: "/x", sourceRoot: "/x")
        XCTAssertEqual(try locator.locate("org/tiny").path, snapshot.path)
    }

    func testWithoutRefsMainPicksTheNewestSnapshot() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString)")
        let snapshots = cache.appendingPathComponent("models--org--tiny/snapshots")
        defer { try? FileManager.default.removeItem(at: cache) }
        let now = Date()
        // Names sort opposite to age, so the alphabetically first is the oldest.
        for (name, age) in [("aaa", 300.0), ("mmm", 10.0), ("zzz", 200.0)] {
            let snapshot = snapshots.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-age)], ofItemAtPath: snapshot.path)
        }
        try Data().write(to: snapshots.appendingPathComponent("newer-file-not-a-snapshot"))
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": cache.path, "HF_HUB_OFFLINE": "1"], executablePath: "/x", sourceRoot: "/x")
        XCTAssertEqual(try locator.locate("org/tiny").lastPathComponent, "mmm")

        // A refs/main naming a snapshot that is not there falls back to the newest too.
        let refs = cache.appendingPathComponent("models--org--tiny/refs")
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        try "gone\n".write(to: refs.appendingPathComponent("main"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try locator.locate("org/tiny").lastPathComponent, "mmm")
        try "zzz\n".write(to: refs.appendingPathComponent("main"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try locator.locate("org/tiny").lastPathComponent, "zzz")
    }

    func testARefThatIsAFIFOIsIgnoredWithoutBlocking() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let repo = cache.appendingPathComponent("models--org--tiny")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("snapshots/abc123"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(repo.appendingPathComponent("refs/main").path, 0o600), 0)
        let id = try XCTUnwrap(HubModelID(parsing: "org/tiny"))
        XCTAssertNil(HubCache(root: cache).commit(for: id, revision: "main"))
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": cache.path, "HF_HUB_OFFLINE": "1"], executablePath: "/x", sourceRoot: "/x")
        XCTAssertEqual(try locator.locate("org/tiny").lastPathComponent, "abc123")
    }

    func testMissingModelNamesWhatWasLookedFor() {
        let locator = ModelLocator(environment: ["HF_HOME": "/nonexistent-hf", "HF_HUB_OFFLINE": "1"], executablePath: "/x", sourceRoot: "/x")
        XCTAssertThrowsError(try locator.locate("no/such-model")) { error in
            XCTAssertTrue("\(error)".contains("no/such-model"))
            XCTAssertTrue("\(error)".contains("/nonexistent-hf/hub"))
        }
    }
}
