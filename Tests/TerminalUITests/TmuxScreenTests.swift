import TerminalUI
import TestSupport
import XCTest

final class TmuxScreenTests: XCTestCase {
    private let capture = "\u{1B}[1mab\u{1B}[0m\u{1B}[38;5;196m\u{1B}[48;2;1;2;3m中x\u{1B}[39m\u{1B}[49m\n"
        + "\u{1B}[7me\u{301}\u{1B}[27m\u{1B}[32mz"

    func testParsesGlyphsColoursAndStyles() {
        let shown = TmuxScreen(capture: capture)
        XCTAssertEqual(shown[0, 0].glyph, "a")
        XCTAssertEqual(shown[1, 0].style, .bold)
        XCTAssertEqual(shown[2, 0].glyph, "中")
        XCTAssertEqual(shown[2, 0].foreground, .indexed(196))
        XCTAssertEqual(shown[2, 0].background, .rgb(1, 2, 3))
        XCTAssertTrue(shown[3, 0].isContinuation)
        XCTAssertEqual(shown[4, 0].glyph, "x")
        XCTAssertEqual(shown[0, 1].glyph, "e\u{301}")
        XCTAssertEqual(shown[0, 1].style, .reverse)
        XCTAssertEqual(shown[1, 1].foreground, .indexed(2))
        XCTAssertEqual(shown[1, 1].style, [])
        XCTAssertEqual(shown[9, 9].glyph, " ")
    }

    func testComparesWithTheIntendedScreen() throws {
        var screen = Screen(width: 6, height: 2)
        screen.put("ab", x: 0, y: 0, style: .bold)
        screen.put("中x", x: 2, y: 0, foreground: .indexed(196), background: .rgb(1, 2, 3))
        screen.put("e\u{301}", x: 0, y: 1, style: .reverse)
        screen.put("z", x: 1, y: 1, foreground: .indexed(2))
        let shown = TmuxScreen(capture: capture)
        XCTAssertNil(shown.firstDifference(from: screen))
        screen.put("z", x: 1, y: 1, foreground: .indexed(3))
        let difference = try XCTUnwrap(shown.firstDifference(from: screen))
        XCTAssertTrue(difference.hasPrefix("cell x=1 y=1: expected \"z\" fg=indexed(3)"), difference)
    }
}
