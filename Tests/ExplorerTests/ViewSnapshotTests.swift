import Explorer
import WordPiece
import TerminalUI
import TestSupport
import XCTest

/// Every view drawn from the in-memory doubles at 80×24, compared with committed text snapshots.
final class ViewSnapshotTests: XCTestCase {
    func session(_ text: String = "The quick brown fox jumps over the lazy dog.", width: Int = 80, height: Int = 24,
                 mode: ColorMode = .palette256, keys: [InputEvent] = []) -> ExplorerSession {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 3, heads: 4),
                                colorMode: mode, text: text, width: width, height: height)
        s.settle()
        for k in keys { s.handle(k) }
        s.settle()
        return s
    }

    /// NaN from layer 2 on (as a NaN weight gives): the focused value and the legend say `nan`, never `0.0000`,
    /// and the header warns; every view draws without trapping.
    func testNonFiniteResultsShowNan() {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 3, heads: 4, nanLayer: 2),
                                colorMode: .none, text: "the cat sat", width: 80, height: 24)
        XCTAssertTrue(s.settle(timeout: 30))
        s.handle(.key(.down))
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/double-attention-nan")
        let text = frame.screen.text
        XCTAssertTrue(text.contains("⚠ nan/inf from layer 2"), text)
        XCTAssertTrue(text.contains("= nan"), text)
        XCTAssertFalse(text.contains("0.0000"), text)
        XCTAssertTrue(text.contains("  nan  linear"), text)
        for view in ["2", "3", "4"] {
            s.handle(.character(Character(view)))
            XCTAssertTrue(s.render().screen.text.contains("nan"), "view \(view)")
        }
    }

    func testAttentionView() {
        assertSnapshot(session(keys: [.key(.right), .character("]"), .character("]")]).fixedFrame().screen,
                               named: "explorer/double-attention")
    }

    /// A wide terminal: cells widen (up to 6 columns), print their values and carry token labels on the key axis.
    func testAttentionViewWide() {
        assertSnapshot(session(width: 120, height: 40, keys: [.key(.right), .character("]"), .character("]")]).fixedFrame().screen,
                       named: "explorer/double-attention-120x40")
        assertSnapshot(session(width: 120, height: 40, mode: .none, keys: [.key(.right), .character("]")]).fixedFrame().screen,
                       named: "explorer/double-attention-nocolor-120x40")
    }

    /// Wide cells: the value printed in each cell is the matrix value, its text contrasts with the cell colour,
    /// a click anywhere in a cell or on a key label picks that cell, and many tokens fall back to narrow cells.
    func testWideCellsPrintValuesAndStayClickable() {
        let s = session(width: 120, height: 40, keys: [.key(.right), .key(.right), .character("]")])
        let frame = s.render()
        let rows = frame.hitRegions.regions.filter { $0.cellWidth > 0 }
        XCTAssertEqual(rows.first?.cellWidth, 6)
        // The focused cell shows the value printed in line 1, to two decimals.
        let q = s.state.selectedToken, headerY = 7, axisY = 8
        let row = rows.first { if case .cell(q, _) = $0.target { return true } else { return false } }!
        let cellX = row.x + s.state.focusKey * row.cellWidth
        let cellText = (cellX..<(cellX + 6)).map { frame.screen[$0, row.y].glyph }.joined()
        XCTAssertTrue(cellText.trimmingCharacters(in: .whitespaces).hasPrefix("◆"), cellText)
        let header = (0..<120).map { frame.screen[$0, headerY].glyph }.joined()
        let exact = Double(header.split(separator: "=")[1].split(separator: " ")[0])!
        let printed = Double("0" + cellText.trimmingCharacters(in: .whitespaces).dropFirst())!
        XCTAssertEqual(printed, exact, accuracy: 0.005)
        // Text is drawn in a different colour from its cell's background.
        let digit = frame.screen[cellX + 5, row.y]
        XCTAssertNotEqual(digit.foreground, digit.background)
        // Every column of a cell maps to that cell; the key axis labels pick a key.
        for dx in 0..<6 {
            XCTAssertEqual(frame.hitRegions.target(x: row.x + 3 * 6 + dx, y: row.y), .cell(query: q, key: 3))
        }
        s.handle(.click(x: row.x + 4 * 6 + 5, y: axisY))
        XCTAssertEqual(s.state.focusKey, 4)
        // Many tokens: back to narrow cells with key indices on the axis.
        let long = (0..<70).map { "w\($0)" }.joined(separator: " ")
        let narrow = session(long, width: 120, height: 40).render()
        XCTAssertEqual(narrow.hitRegions.regions.first { $0.cellWidth > 0 }?.cellWidth, 1)
    }

    func testAttentionViewOneHeadLogNoColor() {
        let s = session(mode: .none, keys: [.key(.tab), .key(.tab), .character("s"), .key(.down)])
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-attention-head2-log-nocolor")
    }

    func testRolloutWithoutSpecialTokens() {
        assertSnapshot(session(keys: [.character("r"), .character("x"), .key(.down), .key(.right)]).fixedFrame().screen,
                               named: "explorer/double-attention-rollout-nospecial")
    }

    func testTokenView() {
        assertSnapshot(session(keys: [.character("2"), .key(.right), .key(.right)]).fixedFrame().screen,
                               named: "explorer/double-token")
    }

    func testTokenViewReceived() {
        assertSnapshot(session(mode: .none, keys: [.character("2"), .character("d")]).fixedFrame().screen,
                               named: "explorer/double-token-received-nocolor")
    }

    func testNormsView() {
        assertSnapshot(session(keys: [.character("3"), .key(.right)]).fixedFrame().screen, named: "explorer/double-norms")
        assertSnapshot(session(keys: [.character("3"), .character("c")]).fixedFrame().screen,
                               named: "explorer/double-norms-change")
    }

    func testOverview() {
        assertSnapshot(session(keys: [.character("4"), .key(.tab), .key(.down)]).fixedFrame().screen,
                               named: "explorer/double-overview")
        assertSnapshot(session(mode: .none, keys: [.character("4")]).fixedFrame().screen,
                               named: "explorer/double-overview-nocolor")
    }

    func testEditingPairWithCJK() {
        var keys: [InputEvent] = [.character("e")]
        keys += typing(" ||| 東京 is big, 123 [MASK]")
        keys += Array(repeating: .key(.left), count: 9)
        assertSnapshot(session("Tokyo", keys: keys).fixedFrame().screen, named: "explorer/double-editing-pair-cjk")
    }

    func testHelpAndTooSmall() {
        assertSnapshot(session(keys: [.character("?")]).fixedFrame().screen, named: "explorer/double-help")
        assertSnapshot(session(width: 40, height: 10).fixedFrame().screen, named: "explorer/double-too-small")
    }

    /// The whole "too small" message fits even in a tiny pane, wrapped to its width.
    func testTooSmallMessageFitsATinyPane() {
        for (w, h) in [(20, 5), (12, 4), (30, 2)] {
            let text = session(width: w, height: h).fixedFrame().screen.text
            let words = text.split(whereSeparator: { $0 == " " || $0 == "|" || $0 == "\n" }).joined(separator: " ")
            XCTAssertTrue(words.contains("need 60×16, have \(w)×\(h) · q quits"), "\(w)×\(h):\n\(text)")
        }
    }

    func testEmptyInput() {
        assertSnapshot(session("").fixedFrame().screen, named: "explorer/double-empty")
    }

    func testManyTokensScroll() {
        let long = (0..<70).map { "w\($0 % 10 == 0 ? "x" : "")" }.joined(separator: " ")
        let s = session(long, width: 100, height: 30, keys: Array(repeating: .key(.right), count: 40))
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-many-tokens")
    }

    func testWideLayout() {
        assertSnapshot(session(width: 120, height: 36, keys: [.character("4")]).fixedFrame().screen,
                               named: "explorer/double-overview-120x36")
    }

    func testFocusedCellIsMarkedAndColoured() {
        let frame = session(keys: [.key(.right), .character("]")]).render()
        let marked = (0..<24).flatMap { y in (0..<80).map { (x: $0, y: y) } }.filter { frame.screen[$0.x, $0.y].glyph == "◆" }
        XCTAssertEqual(marked.count, 1)
        guard case .indexed(let index) = frame.screen[marked[0].x, marked[0].y].background else {
            return XCTFail("focused cell is not coloured")
        }
        XCTAssertGreaterThanOrEqual(index, 16, "ramps stay out of the user-themed 0-15")
    }

    /// At 80 columns with 512 tokens, a result's time and `computing…`, the header keeps the token count,
    /// `computing…` and the mode label; the model's name gives way first.
    func testHeaderKeepsModeAndComputingAt80Columns() {
        let text = (0..<510).map { _ in "w" }.joined(separator: " ")
        let tokens = TokenizerDouble().encode(text, pair: nil).tokens
        let shape = ModelShape(name: "all-MiniLM-L6-v2", layers: 6, heads: 12, hiddenSize: 384)
        var state = ExplorerState(model: shape, input: InputLine(text), encoding: Encoding(tokens: tokens, truncated: true),
                                  width: 80, height: 24)
        state.computing = true
        let small = Encoding(tokens: Array(tokens.prefix(3)), truncated: false)
        let output = try! EncoderDouble(layers: 6, heads: 12).forward(ids: small.ids, segments: small.segments, isCancelled: { false })
        state.result = ForwardPass(generation: 1, encoding: small, output: output, milliseconds: 556.1)
        for (width, mode) in [(80, ExplorerMode.editing), (80, .exploring), (60, .exploring)] {
            state.width = width
            state.mode = mode
            let line = ExplorerRenderer(colorMode: .none).render(state).screen.text.split(separator: "\n")[0]
            XCTAssertTrue(line.contains("512 tokens") || line.contains("512 tok"), String(line))
            XCTAssertTrue(line.contains("computing…"), String(line))
            XCTAssertTrue(line.hasSuffix(mode == .editing ? " EDIT " : " EXPLORE "), String(line))
        }
        state.width = 120
        let wide = ExplorerRenderer(colorMode: .none).render(state).screen.text.split(separator: "\n")[0]
        XCTAssertTrue(wide.contains("all-MiniLM-L6-v2 6L×12H×384"), String(wide))
    }

    /// Issue 7 item 1: a model name, an error and a status note holding ESC/BEL (an OSC title sequence) reach
    /// the screen escaped as `\u{1B}` and `\u{7}`, never as the raw bytes a terminal would obey.
    func testHeaderAndStatusLineEscapeControlCharacters() {
        let hostile = "\u{1B}]0;PWNED\u{7}\u{1B}[2J"
        let shape = ModelShape(name: "evil" + hostile, layers: 2, heads: 2, hiddenSize: 8)
        let tokens = TokenizerDouble().encode("the cat", pair: nil).tokens
        var state = ExplorerState(model: shape, input: InputLine("the cat"), encoding: Encoding(tokens: tokens, truncated: false),
                                  width: 120, height: 24)
        func assertNoControls(_ text: String, _ what: String) {
            XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, what)
        }
        let escaped = "\\u{1B}]0;PWNED\\u{7}\\u{1B}[2J"
        let header = String(ExplorerRenderer(colorMode: .none).render(state).screen.text.split(separator: "\n")[0])
        XCTAssertTrue(header.contains("evil" + escaped), header)
        assertNoControls(header, "header")
        state.statusMessage = "wrote " + hostile
        var lines = ExplorerRenderer(colorMode: .none).render(state).screen.text.split(separator: "\n")
        XCTAssertTrue(lines[lines.count - 1].contains("wrote " + escaped), String(lines[lines.count - 1]))
        state.errorMessage = "config.json: " + hostile
        let screen = ExplorerRenderer(colorMode: .none).render(state).screen.text
        lines = screen.split(separator: "\n")
        XCTAssertTrue(lines[lines.count - 1].contains("config.json: " + escaped), String(lines[lines.count - 1]))
        assertNoControls(screen, "screen")
    }
}

extension ExplorerSession {
    /// A frame with the compute time pinned (to a typical release-build value), so snapshots do not depend on the machine's speed.
    func fixedFrame() -> ExplorerFrame {
        _ = render()
        var s = state
        s.result?.milliseconds = 18
        return renderer.render(s)
    }
}
