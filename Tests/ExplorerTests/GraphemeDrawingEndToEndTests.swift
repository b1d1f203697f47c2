import Foundation
import TestSupport
import XCTest

/// Issue 7 item 14 in the real terminal: an ncurses cell holds one spacing character, so a ZWJ family and a flag
/// cannot be one ncurses cell. They are written over their placeholders after each frame where the terminal draws
/// them in two columns (tmux 3.3 does for these two; it draws a skin-tone modifier as a second emoji, so `👋🏽`
/// keeps its placeholder `👋`), and the line keeps its columns.
final class GraphemeDrawingEndToEndTests: XCTestCase {
    private func inputLine(_ screen: String) -> String {
        String(screen.split(separator: "\n").first { $0.hasPrefix("›") || $0.hasPrefix("✎") } ?? "")
            .trimmingCharacters(in: .whitespaces)
    }

    func testZWJSequencesAndFlagsDrawWholeInTmux() throws {
        let session = try TmuxSession(command: [BuiltBinary.url.path, "a 👨‍👩‍👧 b 🇫🇷 c 👋🏽 e"], width: 80,
                                      height: 20, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        // The first frames may still show placeholders: each cluster is measured once before it is written.
        _ = try session.waitUntil("the clusters written", timeout: 90) {
            $0.contains("EXPLORE") && self.inputLine($0) == "› a 👨‍👩‍👧 b 🇫🇷 c 👋 e"
        }

        // Typed in edit mode at the end of the line, then the flag deleted again: the columns after stay right.
        try session.sendKeys("e")
        try session.type("x🇫🇷y👨‍👩‍👧z")
        try session.waitUntil("the typed clusters") { self.inputLine($0) == "✎ a 👨‍👩‍👧 b 🇫🇷 c 👋 ex🇫🇷y👨‍👩‍👧z" }
        try session.sendKeys("Left", "Left", "Left", "BSpace")
        let screen = try session.waitUntil("the flag deleted") { self.inputLine($0) == "✎ a 👨‍👩‍👧 b 🇫🇷 c 👋 exy👨‍👩‍👧z" }
        // The cursor sits after the x: "✎ " and "a 👨‍👩‍👧 b 🇫🇷 c 👋🏽 ex" take 2 + 17 columns (each emoji two).
        XCTAssertEqual(try session.format("#{cursor_x}"), "19", screen)
    }
}
