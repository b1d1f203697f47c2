import Foundation
import TestSupport
import XCTest

/// `--model ORG/NAME` end to end: the built binary downloads from the loopback hub, then runs offline.
final class HubModelTests: XCTestCase {
    private var cache: URL!

    override func setUpWithError() throws {
        cache = FileManager.default.temporaryDirectory.appendingPathComponent("hub-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: cache) }

    private func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("HF_") && !$0.key.lowercased().hasSuffix("_proxy")
        }
        environment["HF_HUB_CACHE"] = cache.path
        environment["HF_HOME"] = cache.path + "/home"
        environment.merge(extra) { $1 }
        return environment
    }

    func testDownloadsThenWorksOffline() throws {
        let server = try HubTestServer(repo: try HubFixtureRepo.load())
        let arguments = ["tokenize", "--json", "--model", "hub-test/tiny-bert", "the cat sat"]
        let online = try BuiltBinary.run(arguments, environment: environment(["HF_ENDPOINT": server.endpoint]))
        XCTAssertEqual(online.status, 0, online.stderr)
        XCTAssertEqual(online.stderr, "", "no progress bar when standard error is not a terminal")
        XCTAssertTrue(online.stdout.contains("\"text\":\"cat\",\"id\":6"), online.stdout)
        server.stop()

        let offline = try BuiltBinary.run(arguments, environment: environment(["HF_HUB_OFFLINE": "1", "HF_ENDPOINT": server.endpoint]))
        XCTAssertEqual(offline.status, 0, offline.stderr)
        XCTAssertEqual(offline.stdout, online.stdout)
    }

    /// libcurl (and its ~30 libraries) is loaded for a download only, not at every start.
    func testLibcurlIsLoadedOnlyToDownload() throws {
        let local = try BuiltBinary.run(["tokenize", "the cat"], environment: environment(["LD_DEBUG": "libs"]))
        XCTAssertEqual(local.status, 0, local.stderr)
        XCTAssertTrue(local.stderr.contains("libncursesw"), "the loader traced nothing: \(local.stderr.prefix(200))")
        XCTAssertFalse(local.stderr.contains("libcurl"))

        let server = try HubTestServer(repo: try HubFixtureRepo.load())
        let remote = try BuiltBinary.run(["tokenize", "--model", "hub-test/tiny-bert", "the cat"],
                                         environment: environment(["HF_ENDPOINT": server.endpoint, "LD_DEBUG": "libs"]))
        XCTAssertEqual(remote.status, 0)
        XCTAssertTrue(remote.stderr.contains("libcurl"))
    }

    func testUnknownModelFailsWithOneLine() throws {
        let server = try HubTestServer(repo: try HubFixtureRepo.load())
        let result = try BuiltBinary.run(["tokenize", "--model", "hub-test/missing", "x"],
                                         environment: environment(["HF_ENDPOINT": server.endpoint]))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "Error: unknown model hub-test/missing on 127.0.0.1 (if it is private or gated, set HF_TOKEN)\n")
    }

    func testProxyFromTheEnvironment() throws {
        let server = try HubTestServer(repo: try HubFixtureRepo.load())
        // The endpoint's host does not exist: only the proxy (the test hub) can answer.
        let result = try BuiltBinary.run(["tokenize", "--model", "hub-test/tiny-bert@main", "the cat"],
                                         environment: environment(["HF_ENDPOINT": "http://hub.invalid",
                                                                   "http_proxy": server.endpoint]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(server.requests.contains { $0.target.hasPrefix("http://hub.invalid/api/models/hub-test/tiny-bert/revision/main") },
                      "\(server.requests.map(\.target))")
    }
}

/// The explorer on a terminal: the download's progress bar is drawn before the screen opens.
final class HubExplorerTests: XCTestCase {
    func testExplorerDownloadsWithAProgressBarBeforeTheUIOpens() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hub-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try HubTestServer(repo: try HubFixtureRepo.load())
        let session = try TmuxSession(command: [BuiltBinary.url.path, "--model", "hub-test/tiny-bert", "the cat"],
                                      width: 100, height: 30,
                                      environment: ["HF_HUB_CACHE": cache.path, "HF_HOME": cache.path + "/home",
                                                    "HF_ENDPOINT": server.endpoint, "HF_HUB_OFFLINE": "0"])
        defer { session.kill() }
        let screen = try session.waitUntil("the explorer on the downloaded model", timeout: 90) {
            $0.contains("hub-test/tiny-bert") && $0.contains(" ms ")
        }
        XCTAssertTrue(screen.contains("[CLS]"), screen)
        try session.sendKeys("q")
        _ = try? session.waitForExit(timeout: 5)
        // Back on the normal screen: the bar the download drew before the explorer took over.
        let before = try session.capture()
        XCTAssertTrue(before.contains("model.safetensors"), before)
        XCTAssertTrue(before.contains("27.7 kB/27.7 kB"), before)
    }
}
