import TerminalUI
import XCTest

final class ScreenTests: XCTestCase {
    func testDoubleWidthCharactersTakeTwoColumns() {
        var screen = Screen(width: 6, height: 1)
        let end = screen.put("a中b", x: 0, y: 0)
        XCTAssertEqual(end, 4)
        XCTAssertEqual(screen.text, "a中b  ")
        XCTAssertTrue(screen[2, 0].isContinuation)
    }

    func testWideCharacterStraddlingTheEdgeIsDropped() {
        var screen = Screen(width: 3, height: 1)
        screen.put("ab中", x: 0, y: 0)
        XCTAssertEqual(screen.text, "ab ")
    }

    func testLastColumnKeepsItsGlyph() {
        var screen = Screen(width: 3, height: 1)
        XCTAssertEqual(screen.put("abc", x: 0, y: 0), 3)
        XCTAssertEqual(screen.text, "abc")
        screen.put("xyz", x: 1, y: 0, maxX: 2)
        XCTAssertEqual(screen.text, "axc")
    }
}
