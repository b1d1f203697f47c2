import Foundation
import TestSupport
import XCTest

/// Line-editing keys through the real terminal: Alt combinations arrive as ESC plus a key and must edit, never
/// leave editing or quit; F1 opens help from editing (where `?` is text).
final class EditingKeysEndToEndTests: XCTestCase {
    func testAltAndControlWordKeysEditAndF1OpensHelp() throws {
        let session = try TmuxSession(command: [BuiltBinary.url.path], width: 100, height: 30,
                                      environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        var screen = try session.waitUntil("first frame", timeout: 90) { $0.contains("EDIT") && $0.contains("F1 help") }
        XCTAssertTrue(screen.contains("Esc explore · F1 help"), screen)
        try session.type("the big cat")
        try session.waitFor("the big cat")
        try session.sendKeys("M-b")
        try session.type("X")
        try session.waitFor("the big Xcat")
        try session.sendKeys("M-q")           // once quit at once
        try session.sendKeys("M-BSpace")      // deletes the word "X" before the cursor
        try session.sendKeys("C-Left")
        try session.type("Y?")
        screen = try session.waitUntil("edited line") { $0.contains("the Y?big cat") }
        XCTAssertTrue(screen.contains("EDIT"), screen)
        XCTAssertEqual(try session.format("#{pane_dead}"), "0", screen)
        try session.sendKeys("M-f", "M-d")    // to the end of "big", delete " cat"
        func inputLine(_ screen: String) -> String {
            String(screen.split(separator: "\n").first { $0.hasPrefix("✎") } ?? "").trimmingCharacters(in: .whitespaces)
        }
        screen = try session.waitUntil("word deleted") { inputLine($0) == "✎ the Y?big" }
        XCTAssertEqual(inputLine(screen), "✎ the Y?big", screen)
        try session.sendKeys("F1")
        screen = try session.waitFor("any key closes")
        XCTAssertTrue(screen.contains("Alt-b Alt-f"), screen)
        try session.sendKeys("Escape")
        screen = try session.waitUntil("help closed") { !$0.contains("any key closes") }
        XCTAssertTrue(screen.contains("EDIT"), screen)
    }
}
