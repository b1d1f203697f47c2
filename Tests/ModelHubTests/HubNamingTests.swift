import Foundation
import ModelHub
import TestSupport
import XCTest

final class HubNamingTests: XCTestCase {
    func testParsesIdsAndRevisions() throws {
        let plain = try XCTUnwrap(HubModelID(parsing: "bert-base-uncased"))
        XCTAssertEqual(plain.repo, "bert-base-uncased")
        XCTAssertEqual(plain.revision, "main")
        XCTAssertEqual(plain.cacheFolderName, "models--bert-base-uncased")
        let full = try XCTUnwrap(HubModelID(parsing: "google/electra-small-discriminator@refs/pr/1"))
        XCTAssertEqual(full.repo, "google/electra-small-discriminator")
        XCTAssertEqual(full.requestedRevision, "refs/pr/1")
        XCTAssertEqual(full.cacheFolderName, "models--google--electra-small-discriminator")
    }

    /// Only a full lowercase commit id skips the `refs/` lookup.
    func testCommitHashesAreFortyLowercaseHexDigits() {
        let commit = String(repeating: "0123456789abcdef", count: 3).prefix(40)
        XCTAssertTrue(HubModelID.isCommitHash(String(commit)))
        XCTAssertFalse(HubModelID.isCommitHash(String(commit.dropLast())))
        XCTAssertFalse(HubModelID.isCommitHash(String(commit) + "0"))
        XCTAssertFalse(HubModelID.isCommitHash(commit.uppercased()))
        XCTAssertFalse(HubModelID.isCommitHash(String(commit.dropLast()) + "g"))
        XCTAssertFalse(HubModelID.isCommitHash("main"))
    }

    func testRefusesWhatCouldEscapeTheCache() {
        for text in ["../etc", "a/b/c", "/abs", "org/../x", "a--b", "org/", "x@../../main", "x@", "x@a//b", "bad name",
                     "x@main\u{1B}[2J", ".hidden", "name."] {
            XCTAssertNil(HubModelID(parsing: text), text)
        }
    }

    func testProgressLine() {
        let half = ProgressBar.line(file: "model.safetensors", done: 45_000_000, total: 90_000_000, rate: 5_000_000, width: 80)
        XCTAssertEqual(half.count, 79)
        XCTAssertTrue(half.hasPrefix("model.safetensors         ["), half)
        XCTAssertTrue(half.hasSuffix("]  45.0 MB/90.0 MB  5.0 MB/s  ETA 0:09"), half)
        let bar = half.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        XCTAssertEqual(bar.filter { $0 == "#" }.count, bar.count / 2)
        let unknown = ProgressBar.line(file: "config.json", done: 500, total: nil, rate: 0, width: 70)
        XCTAssertTrue(unknown.hasSuffix("]  0.5 kB  0.0 kB/s  ETA --:--"), unknown)
        XCTAssertFalse(unknown.contains("#"))
        // Too narrow for a bar: name and numbers, cut to the width.
        let narrow = ProgressBar.line(file: "a", done: 1, total: 2, rate: 1, width: 30)
        XCTAssertEqual(narrow.count, 29)
        XCTAssertFalse(narrow.contains("["))
    }

    func testProgressBarRedrawsInPlaceAtMostTenTimesASecond() {
        nonisolated(unsafe) var output: [String] = []
        nonisolated(unsafe) var now = 0.0
        let bar = ProgressBar(width: 70, clock: { now }) { output.append($0) }
        bar.start(file: "w\u{1B}.bin", total: 1000, alreadyDone: 0)
        for _ in 0..<10 { now += 0.01; bar.advance(by: 10) }
        now += 0.2
        bar.advance(by: 900)
        bar.finish()
        XCTAssertEqual(output.count, 4, "\(output)")
        XCTAssertTrue(output.allSatisfy { !$0.contains("\u{1B}.") }, "a file name's escape byte is not printed")
        XCTAssertTrue(output[2].hasPrefix("\rw\\u{1B}.bin"), output[2])
        XCTAssertTrue(output[2].contains("1.0 kB/1.0 kB"), output[2])
        XCTAssertEqual(output.last, "\n")
    }

    func testSHA256MatchesHashlibInAnyChunking() throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("hub/manifest.json"))) as! [String: Any]
        for entry in manifest["files"] as! [[String: Any]] {
            guard let expected = entry["sha256"] as? String else { continue }
            let data = Array(try Data(contentsOf: Fixtures.url("hub/repo/" + (entry["path"] as! String))))
            for chunk in [1, 63, 64, 1000, data.count] {
                var hasher = SHA256()
                var offset = 0
                while offset < data.count {
                    hasher.update(Array(data[offset..<min(offset + chunk, data.count)]))
                    offset += chunk
                }
                XCTAssertEqual(hasher.finalizeHex(), expected, "chunks of \(chunk)")
            }
        }
    }
}
