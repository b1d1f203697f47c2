import Foundation
import TestSupport
import XCTest

/// Issue 7 items 16 and 17, end to end in tmux: a terminal without cursor addressing is refused with one line,
/// and a redefined palette is given back slot by slot, not wholesale.
final class TerminalKindTests: XCTestCase {
    private var sessions: [TmuxSession] = []

    override func tearDown() {
        sessions.forEach { $0.kill() }
        sessions.removeAll()
        super.tearDown()
    }

    private func start(_ script: String, term: String, environment: [String: String] = [:]) throws -> TmuxSession {
        let session = try TmuxSession(command: ["/bin/sh", "-c", script], width: 100, height: 30, term: term,
                                      environment: environment)
        sessions.append(session)
        return session
    }

    func testDumbTerminalIsRefusedWithOneLine() throws {
        for command in ["keys", "explore --model '\(Fixtures.url("encoder/models/tiny-base").path)'"] {
            let session = try start("'\(BuiltBinary.url.path)' \(command); echo \"status=$?\"; exec sleep 600", term: "dumb")
            let screen = try session.waitFor("status=", timeout: 60)
            let lines = screen.split(separator: "\n").filter { !$0.isEmpty }
            XCTAssertEqual(lines, ["Error: TERM=dumb cannot move the cursor (needed full-screen); try TERM=xterm-256color",
                                   "status=1"], screen)
        }
    }

    /// With 24-bit colour on a terminal whose palette can be redefined (xterm-256color without a -direct entry),
    /// colours are loaded into palette slots; at exit only those slots are reset (`OSC 104;16;17;…`), never the
    /// whole palette (`OSC 104` alone, which ncurses sends by default).
    func testOnlyTheChangedPaletteSlotsAreReset() throws {
        let typescript = FileManager.default.temporaryDirectory.appendingPathComponent("palette-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: typescript) }
        let session = try start("script -q -f -c \"'\(BuiltBinary.url.path)' keys\" '\(typescript.path)'; exec sleep 600",
                                term: "xterm-256color", environment: ["COLORTERM": "truecolor"])
        try session.waitFor("mode=truecolor->truecolor")
        try session.sendKeys("q")
        try session.waitFor("quit by q")
        let output = String(decoding: try Data(contentsOf: typescript), as: UTF8.self)
        XCTAssertTrue(output.contains("\u{1B}]4;16;rgb:"), "the palette was redefined")
        XCTAssertFalse(output.contains("\u{1B}]104\u{07}") || output.contains("\u{1B}]104\u{1B}\\"), "whole palette reset")
        let reset = try XCTUnwrap(output.range(of: "\u{1B}]104;16;"), "per-slot reset")
        let list = output[reset.upperBound...].prefix { $0.isNumber || $0 == ";" }
        let loaded = Set(output.components(separatedBy: "\u{1B}]4;").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) })
        XCTAssertEqual(Set(("16;" + list).split(separator: ";").compactMap { Int($0) }), loaded)
    }
}
