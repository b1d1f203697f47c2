import Foundation
import ModelHub
import TestSupport
import XCTest

/// Downloads from `HubTestServer` (loopback), compared with the cache huggingface_hub wrote for the same repo.
final class HubDownloadTests: XCTestCase {
    var cache: TemporaryDirectory!
    /// Small segments, so the 28 kB weights take several Range requests.
    private let segmentSize = 8192
    let repo = try! HubFixtureRepo.load()

    override func setUpWithError() throws { cache = try TemporaryDirectory() }
    override func tearDown() { cache.remove() }

    func locator(_ server: HubTestServer?, _ extra: [String: String] = [:]) -> ModelLocator {
        var environment = ["HF_HUB_CACHE": cache.path, "HF_HOME": cache.path + "/home",
                           "HF_ENDPOINT": server?.endpoint ?? "http://127.0.0.1:9"]
        environment.merge(extra) { $1 }
        var locator = ModelLocator(environment: environment, executablePath: "/x", sourceRoot: "/x")
        locator.downloadSegmentSize = segmentSize
        return locator
    }

    var repoFolder: URL { cache.url.appendingPathComponent("models--hub-test--tiny-bert") }

    func message(_ body: () throws -> URL) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    func testDownloadLandsExactlyAsHuggingFaceHubWritesIt() throws {
        let server = try HubTestServer(repo: repo)
        let snapshot = try locator(server).locate("hub-test/tiny-bert")
        XCTAssertEqual(snapshot.path, repoFolder.appendingPathComponent("snapshots/\(repo.commit)").path)
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
        // Only what the explorer needs: no README, ONNX export or second copy of the weights.
        let fetched = Set(server.requests.filter { $0.path.contains("/resolve/") }.map { $0.path.components(separatedBy: "/resolve/")[1] })
        XCTAssertEqual(fetched, Set(repo.needed.map { "\(repo.commit)/\($0)" }))
        XCTAssertTrue(server.requests.contains { $0.path.hasPrefix("/cdn/") }, "the LFS file went through the redirect")
    }

    func testWeFindTheCacheHuggingFaceHubWroteOffline() throws {
        let fixture = Fixtures.url("hub/hf-cache")
        let found = try ModelLocator(environment: ["HF_HUB_CACHE": fixture.path, "HF_HUB_OFFLINE": "1"],
                                     executablePath: "/x", sourceRoot: "/x").locate("hub-test/tiny-bert")
        XCTAssertEqual(found.lastPathComponent, repo.commit)
        for name in repo.needed {
            XCTAssertEqual(try Data(contentsOf: found.appendingPathComponent(name)), repo.file(name)?.data, name)
        }
        // A revision given as the commit finds the same snapshot; an unknown branch is not guessed.
        let byCommit = try ModelLocator(environment: ["HF_HUB_CACHE": fixture.path, "HF_HUB_OFFLINE": "1"],
                                        executablePath: "/x", sourceRoot: "/x").locate("hub-test/tiny-bert@\(repo.commit)")
        XCTAssertEqual(byCommit.path, found.path)
        XCTAssertThrowsError(try ModelLocator(environment: ["HF_HUB_CACHE": fixture.path, "HF_HUB_OFFLINE": "1"],
                                              executablePath: "/x", sourceRoot: "/x").locate("hub-test/tiny-bert@v2"))
    }

    func testCompleteCacheNeedsNoNetworkAndOfflineNeverTouchesIt() throws {
        let server = try HubTestServer(repo: repo)
        _ = try locator(server).locate("hub-test/tiny-bert")
        let count = server.requests.count
        _ = try locator(server).locate("hub-test/tiny-bert")
        XCTAssertEqual(server.requests.count, count, "a complete cached snapshot is used without asking the hub")

        try FileManager.default.removeItem(at: repoFolder)
        let offline = message { try locator(server, ["HF_HUB_OFFLINE": "1"]).locate("hub-test/tiny-bert") }
        XCTAssertTrue(offline.contains("HF_HUB_OFFLINE"), offline)
        XCTAssertEqual(server.requests.count, count, "offline: no request at all")
    }

    func testResumesAnInterruptedDownloadWithRange() throws {
        var options = HubTestServer.Options()
        options.interrupt = (file: "model.safetensors", request: 2, afterBytes: 1000)
        let server = try HubTestServer(repo: repo, options: options)
        let first = message { try locator(server).locate("hub-test/tiny-bert") }
        XCTAssertNotEqual(first, "no error")
        XCTAssertFalse(first.contains("\n"), first)
        let sha = try XCTUnwrap(repo.file("model.safetensors")?.sha256)
        let partial = repoFolder.appendingPathComponent("blobs/\(sha).incomplete")
        // The first segment was kept; the interrupted second one is fetched again.
        XCTAssertEqual(try Data(contentsOf: partial).count, segmentSize)
        let before = server.requests.count

        _ = try locator(server).locate("hub-test/tiny-bert")
        let ranges = server.requests.dropFirst(before).filter { $0.path == "/cdn/\(sha)" }.compactMap { $0.headers["range"] }
        XCTAssertEqual(ranges.first, "bytes=8192-16383")
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
    }

    func testServerIgnoringRangeStartsOver() throws {
        var options = HubTestServer.Options()
        options.ignoreRange = true
        let server = try HubTestServer(repo: repo, options: options)
        let sha = try XCTUnwrap(repo.file("model.safetensors")?.sha256)
        let blobs = repoFolder.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 5_000).write(to: blobs.appendingPathComponent("\(sha).incomplete"))
        _ = try locator(server).locate("hub-test/tiny-bert")
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
    }

    func testChecksumMismatchRemovesTheBadFile() throws {
        var options = HubTestServer.Options()
        options.corrupt = ["model.safetensors"]
        let server = try HubTestServer(repo: repo, options: options)
        let error = message { try locator(server).locate("hub-test/tiny-bert") }
        let sha = try XCTUnwrap(repo.file("model.safetensors")?.sha256)
        XCTAssertTrue(error.hasPrefix("checksum mismatch for hub-test/tiny-bert/model.safetensors: expected sha256 \(sha)"), error)
        let blobs = try FileManager.default.contentsOfDirectory(atPath: repoFolder.appendingPathComponent("blobs").path)
        XCTAssertFalse(blobs.contains { $0.hasPrefix(sha) }, "\(blobs)")
    }

    func testDiskFullIsOneLineAndKeepsNothingBroken() throws {
        let server = try HubTestServer(repo: repo)
        let sha = try XCTUnwrap(repo.file("model.safetensors")?.sha256)
        let blobs = repoFolder.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        // Writes to /dev/full fail with ENOSPC, as on a full disk.
        try FileManager.default.createSymbolicLink(atPath: blobs.appendingPathComponent("\(sha).incomplete").path,
                                                   withDestinationPath: "/dev/full")
        let error = message { try locator(server).locate("hub-test/tiny-bert") }
        XCTAssertTrue(error.hasPrefix("disk full: cannot write \(blobs.path)/\(sha).incomplete"), error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: blobs.appendingPathComponent(sha).path))
    }

    func testGatedRepoNeedsAToken() throws {
        var options = HubTestServer.Options()
        options.requiredToken = "hf_test_token"
        let server = try HubTestServer(repo: repo, options: options)
        let missing = message { try locator(server).locate("hub-test/tiny-bert") }
        XCTAssertEqual(missing, "hub-test/tiny-bert is gated on 127.0.0.1: accept its terms on the hub, then set HF_TOKEN (or $HF_HOME/token)")
        let wrong = message { try locator(server, ["HF_TOKEN": "hf_wrong"]).locate("hub-test/tiny-bert") }
        XCTAssertTrue(wrong.hasPrefix("your token has no access to hub-test/tiny-bert"), wrong)

        // The token file under HF_HOME works like HF_TOKEN.
        try FileManager.default.createDirectory(at: cache.url.appendingPathComponent("home"), withIntermediateDirectories: true)
        try "hf_test_token\n".write(to: cache.url.appendingPathComponent("home/token"), atomically: true, encoding: .utf8)
        _ = try locator(server).locate("hub-test/tiny-bert")
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
        // The token goes to the hub's host only, never to the CDN a redirect leads to.
        let cdn = server.requests.filter { $0.path.hasPrefix("/cdn/") }
        XCTAssertFalse(cdn.isEmpty)
        XCTAssertTrue(cdn.allSatisfy { $0.headers["authorization"] == nil })
    }

    func testOneLineErrors() throws {
        let server = try HubTestServer(repo: repo)
        XCTAssertEqual(message { try locator(server).locate("hub-test/no-such-model") },
                       "unknown model hub-test/no-such-model on 127.0.0.1 (if it is private or gated, set HF_TOKEN)")
        XCTAssertEqual(message { try locator(server).locate("hub-test/tiny-bert@v9") },
                       "hub-test/tiny-bert has no revision 'v9' on 127.0.0.1")
        let offline = message { try locator(nil).locate("hub-test/tiny-bert") }
        XCTAssertEqual(offline, "no network: cannot reach 127.0.0.1 (set HF_HUB_OFFLINE=1 to use only the cache)")
        XCTAssertEqual(message { try locator(server).locate("./not-here") },
                       "model ./not-here not found: no such directory, and not a Hugging Face model id (NAME or ORG/NAME[@REVISION])")
    }

    /// Progress counts the file's bytes once each: not the body of a redirect the CDN answers with, nor a segment
    /// twice; and the blob holds the file's bytes only.
    func testProgressCountsEachByteOfTheFileOnce() throws {
        final class Recorder: DownloadProgress, @unchecked Sendable {
            let lock = NSLock()
            var totals: [String: Int64] = [:], done: [String: Int64] = [:], current = ""
            func start(file: String, total: Int64?, alreadyDone: Int64) {
                lock.withLock { current = file; totals[file] = total ?? -1; done[file] = alreadyDone }
            }
            func advance(by bytes: Int) { lock.withLock { done[current, default: 0] += Int64(bytes) } }
            func finish() {}
        }
        var options = HubTestServer.Options()
        options.cdnRedirect = true
        let server = try HubTestServer(repo: repo, options: options)
        let recorder = Recorder()
        var located = locator(server)
        located.progress = recorder
        _ = try located.locate("hub-test/tiny-bert")
        let size = try XCTUnwrap(repo.file("model.safetensors")?.data.count)
        XCTAssertEqual(recorder.totals["model.safetensors"], Int64(size))
        XCTAssertEqual(recorder.done["model.safetensors"], Int64(size))
        XCTAssertTrue(server.requests.contains { $0.path.hasPrefix("/cdn/moved/") }, "the CDN's redirect was followed")
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
    }

    func testEndlessRedirectsStopWithOneLine() throws {
        var options = HubTestServer.Options()
        options.redirectLoop = true
        let server = try HubTestServer(repo: repo, options: options)
        XCTAssertEqual(message { try locator(server).locate("hub-test/tiny-bert") }, "localhost redirected more than 10 times")
        // The first request and ten redirects, then no more.
        XCTAssertEqual(server.requests.filter { $0.method == "GET" && $0.path.hasPrefix("/cdn/") }.count, 11)
    }

    func testAServerSendingMoreThanTheFileIsStopped() throws {
        var options = HubTestServer.Options()
        options.oversend = 1 << 20
        options.ignoreRange = true
        let server = try HubTestServer(repo: repo, options: options)
        let size = try XCTUnwrap(repo.file("model.safetensors")?.data.count)
        XCTAssertEqual(message { try locator(server).locate("hub-test/tiny-bert") },
                       "response from localhost is larger than \(size) bytes")
        let blobs = try FileManager.default.contentsOfDirectory(atPath: repoFolder.appendingPathComponent("blobs").path)
        for name in blobs {
            let bytes = try FileManager.default.attributesOfItem(atPath: repoFolder.appendingPathComponent("blobs/\(name)").path)[.size] as? Int
            XCTAssertLessThanOrEqual(bytes ?? 0, size + (1 << 16), name)
        }
    }

    func testSilentServerTimesOut() throws {
        var options = HubTestServer.Options()
        options.stall = 3
        let server = try HubTestServer(repo: repo, options: options)
        let started = Date()
        XCTAssertEqual(message { try locator(server, ["HF_HUB_DOWNLOAD_TIMEOUT": "1"]).locate("hub-test/tiny-bert") },
                       "no network: 127.0.0.1 did not answer within the timeout (set HF_HUB_OFFLINE=1 to use only the cache)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.9)
    }

    func testATokenWithALineBreakIsNeverSent() throws {
        let server = try HubTestServer(repo: repo)
        let error = message { try locator(server, ["HF_TOKEN": "hf_x\r\nX-Injected: 1"]).locate("hub-test/tiny-bert") }
        XCTAssertEqual(error, "cannot send the Authorization header to 127.0.0.1: it holds a line break (check HF_TOKEN)")
        XCTAssertTrue(server.requests.isEmpty)
    }

    func testMissingFileIsNamed() throws {
        var options = HubTestServer.Options()
        options.missing = ["vocab.txt"]
        let server = try HubTestServer(repo: repo, options: options)
        XCTAssertEqual(message { try locator(server).locate("hub-test/tiny-bert") },
                       "hub-test/tiny-bert/vocab.txt not found on 127.0.0.1")
    }

    func testBranchWritesRefAndCommitDoesNot() throws {
        let server = try HubTestServer(repo: repo)
        _ = try locator(server).locate("hub-test/tiny-bert@\(repo.commit)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repoFolder.appendingPathComponent("refs").path))
        _ = try locator(server).locate("hub-test/tiny-bert@main")
        XCTAssertEqual(try String(contentsOf: repoFolder.appendingPathComponent("refs/main"), encoding: .utf8), repo.commit)
    }
}

extension HubDownloadTests {
    /// Two downloads of one model at once (two threads here; two processes, or bert-explorer and
    /// huggingface_hub, take the same lock file) end with one intact copy.
    func testConcurrentDownloadsShareTheBlobLock() throws {
        let server = try HubTestServer(repo: repo)
        let first = locator(server), second = locator(server)
        nonisolated(unsafe) var results: [String] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome: String
            do { _ = try (index == 0 ? first : second).locate("hub-test/tiny-bert"); outcome = "no error" } catch { outcome = "\(error)" }
            lock.withLock { results.append(outcome) }
        }
        XCTAssertEqual(results.count, 2)
        XCTAssertTrue(results.allSatisfy { $0 == "no error" }, "\(results)")
        XCTAssertEqual(try CacheTree.listing(repoFolder), repo.huggingFaceTree)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.url.appendingPathComponent(".locks/models--hub-test--tiny-bert").path))
    }
}
