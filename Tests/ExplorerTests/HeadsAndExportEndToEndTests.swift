import Foundation
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The real binary in a tmux pane: the Heads view on the bundled model, `t` to another statistic, `w` writing it
/// as SVG into `--export-dir`.
final class HeadsAndExportEndToEndTests: XCTestCase {
    func testHeadsViewAndWriteSVG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let session = try TmuxSession(command: [BuiltBinary.url.path, "--export-dir", directory.path, "The cat sat on the mat."],
                                      width: 100, height: 30, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        _ = try session.waitUntil("first result", timeout: 90) { $0.contains("EXPLORE") && $0.contains(" ms ") }
        try session.sendKeys("6")
        var screen = try session.waitUntil("the heads grid") { $0.contains("entropy of the attention row") && $0.contains("L6") }
        XCTAssertTrue(screen.contains("H12"), screen)
        try session.sendKeys("t")
        screen = try session.waitUntil("the [CLS] statistic") { $0.contains("attention to [CLS] = ") }
        try session.sendKeys("w")
        let file = directory.appendingPathComponent("the-cat-sat-on_heads_cls.svg")
        screen = try session.waitUntil("the status line") { $0.contains("wrote ") }
        XCTAssertTrue(screen.contains("the-cat-sat-on_heads_cls.svg"), screen)
        let parser = try XCTUnwrap(XMLParser(contentsOf: file))
        XCTAssertTrue(parser.parse(), "well-formed SVG")
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).contains("all-MiniLM-L6-v2 · head statistic: cls"))
        try session.sendKeys("q")
        try session.waitForExit(timeout: 5)
    }
}
