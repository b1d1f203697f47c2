import TerminalUI
import TestSupport
import XCTest

final class WidgetTests: XCTestCase {
    func testLegendInEachColourMode() {
        for (mode, name) in [(ColorMode.none, "none"), (.palette256, "palette256"), (.truecolor, "truecolor")] {
            var screen = Screen(width: 24, height: 1)
            let end = Legend(ramp: .viridis, range: 0...1).draw(in: &screen, x: 0, y: 0, width: 24, mode: mode)
            XCTAssertEqual(end, 24)
            assertSnapshot(screen, named: "terminal/legend-viridis-\(name)")
        }
    }

    func testLegendTooNarrowDrawsNothing() {
        var screen = Screen(width: 10, height: 1)
        let legend = Legend(ramp: .magma, range: -1.5...12, decimals: 1)
        XCTAssertEqual(legend.labels.minimum, "-1.5")
        XCTAssertEqual(legend.labels.maximum, "12.0")
        XCTAssertEqual(legend.draw(in: &screen, x: 0, y: 0, width: 9, mode: .truecolor), 0)
        XCTAssertEqual(screen, Screen(width: 10, height: 1))
    }

    func testFrameWithTitle() {
        var screen = Screen(width: 16, height: 4)
        let interior = Frame(title: "Attention", foreground: .indexed(33)).draw(in: &screen, x: 0, y: 0,
                                                                                  width: 15, height: 4)
        XCTAssertEqual(interior.x, 1)
        XCTAssertEqual(interior.y, 1)
        XCTAssertEqual(interior.width, 13)
        XCTAssertEqual(interior.height, 2)
        assertSnapshot(screen, named: "terminal/frame-light-title")
    }

    func testFrameBordersAndLongTitle() {
        var screen = Screen(width: 12, height: 9)
        Frame(title: "Hidden-state norms", border: .rounded).draw(in: &screen, x: 0, y: 0, width: 12, height: 3)
        Frame(border: .heavy).draw(in: &screen, x: 0, y: 3, width: 6, height: 3)
        Frame(title: "中文", border: .double).draw(in: &screen, x: 6, y: 3, width: 6, height: 3)
        Frame().draw(in: &screen, x: 0, y: 6, width: 2, height: 2)
        Frame().draw(in: &screen, x: 4, y: 6, width: 1, height: 3)
        assertSnapshot(screen, named: "terminal/frame-borders")
    }
}
