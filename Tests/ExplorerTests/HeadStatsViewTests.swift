import Analysis
import Explorer
import TerminalUI
import TestSupport
import XCTest

/// The Heads view: a layers × heads grid of one head statistic with the focused head's exact value.
final class HeadStatsViewTests: XCTestCase {
    private func session(width: Int = 80, mode: ColorMode = .palette256) -> ExplorerSession {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 3, heads: 4),
                                colorMode: mode, text: "the cat sat on the mat", width: width, height: 24)
        XCTAssertTrue(s.settle(timeout: 30))
        s.handle(.key(.escape))
        s.handle(.character(Character(String(ViewRegistry.ids.firstIndex(of: .heads)! + 1))))
        return s
    }

    func testGridSnapshotsAndFocusedValue() throws {
        let s = session()
        XCTAssertEqual(s.state.view, .heads)
        s.handle(.key(.down))
        s.handle(.key(.tab))
        s.handle(.key(.tab))
        s.handle(.character("t"))
        s.handle(.character("t"))
        XCTAssertEqual(s.state.views[HeadStatsView.statistic], .sep)
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/double-heads")
        // The header's value is the statistic of layer 2, head 2 computed directly.
        let result = try XCTUnwrap(s.state.result)
        let expected = HeadStatistics(result.output, roles: TokenRoles(tokens: result.encoding.tokens)).value(.sep, layer: 1, head: 1)!
        let header = try XCTUnwrap(frame.screen.text.split(separator: "\n").first { $0.contains("L2 H2 · attention to [SEP] = ") })
        let printed = Double(header.components(separatedBy: "= ")[1].split(separator: " ")[0])!
        XCTAssertEqual(printed, expected, accuracy: 0.0005)
        assertSnapshot(session(mode: .none).fixedFrame().screen, named: "explorer/double-heads-nocolor")
    }

    func testClickSelectsAHead() {
        let s = session()
        let frame = s.render()
        let region = frame.hitRegions.regions.first { $0.target == .thumbnail(layer: 2, head: 3) }!
        s.handle(.click(x: region.x, y: region.y))
        XCTAssertEqual(s.state.layer, 2)
        XCTAssertEqual(s.state.head, 3)
    }
}
