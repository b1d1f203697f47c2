import Foundation
import TerminalUI
import TestSupport
import XCTest

/// Compares a screen's text with `Tests/Fixtures/snapshots/explorer/<name>.txt`; `RECORD_SNAPSHOTS=1`
/// (re)records it. (Text layer only; colours are checked by targeted cell assertions.)
func assertExplorerSnapshot(_ screen: Screen, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = Fixtures.url("snapshots/explorer/\(name).txt")
    let actual = screen.text + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing snapshot \(url.path); run with RECORD_SNAPSHOTS=1", file: file, line: line)
        return
    }
    if expected != actual {
        XCTFail("snapshot \(name) differs:\n\(actual)", file: file, line: line)
    }
}
