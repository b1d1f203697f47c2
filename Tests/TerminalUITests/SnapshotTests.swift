import TerminalUI
import TestSupport
import XCTest

final class SnapshotTests: XCTestCase {
    func testRenderingShowsGlyphsAndAttributes() {
        var screen = Screen(width: 8, height: 2)
        screen.put("ab中", x: 0, y: 0, foreground: .indexed(196), style: .bold)
        screen.put("x", x: 6, y: 0, background: .rgb(1, 2, 255), style: [.underline, .reverse])
        screen.put("plain", x: 0, y: 1)
        XCTAssertEqual(SnapshotRenderer.render(screen), """
            screen 8x2
            |ab中  x |
            |plain   |
            attributes
            |aaaa..b.|
            |........|
            a fg=196 bg=- bold
            b fg=- bg=#0102ff underline+reverse

            """)
    }

    func testDifferenceNamesTheFirstChangedCell() throws {
        let message = try XCTUnwrap(Snapshot.difference(expected: "screen 3x1\n|abc|\nattributes\n|...|\n",
                                                        actual: "screen 3x1\n|abd|\nattributes\n|...|\n"))
        XCTAssertTrue(message.contains("line 2, column 4 (glyphs, screen row 0)"), message)
        XCTAssertTrue(message.contains("expected: |abc|"), message)
        XCTAssertTrue(message.contains("actual:   |abd|"), message)
        XCTAssertNil(Snapshot.difference(expected: "same", actual: "same"))
        let shorter = try XCTUnwrap(Snapshot.difference(expected: "a\nb", actual: "a"))
        XCTAssertTrue(shorter.contains("actual:   <end of file>"), shorter)
    }

    func testMissingSnapshotFailsUnlessRecording() throws {
        try XCTSkipIf(Snapshot.isRecording, "recording run")
        let message = try XCTUnwrap(Snapshot.verify("x", named: "terminal/does-not-exist"))
        XCTAssertTrue(message.contains("No snapshot 'terminal/does-not-exist'"), message)
    }
}
