import Explorer
import TerminalUI
import TestSupport
import XCTest

/// The minimum size (60×16) and long inputs: help scrolls, the footer lists every key group, the overview
/// scrolls to the selected layer, axis labels never run together, narrow norms keep the focused numbers.
final class SmallTerminalTests: XCTestCase {
    func session(_ text: String = "the quick brown fox jumps over", layers: Int = 3, heads: Int = 4, width: Int = 60,
                 height: Int = 16, keys: [InputEvent] = []) -> ExplorerSession {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: layers, heads: heads),
                                colorMode: .none, text: text, width: width, height: height)
        XCTAssertTrue(s.settle(timeout: 30))
        s.handle(keys)
        return s
    }

    func rows(_ s: ExplorerSession) -> [String] { s.fixedFrame().screen.text.components(separatedBy: "\n") }

    func testHelpScrollsToItsLastLine() {
        let s = session(keys: [.character("?")] + Array(repeating: .key(.down), count: 120))
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-help-60x16-end")
        // The title's range ends at the last line: "scroll 87-98/98".
        let range = rows(s)[1].split(separator: " ").first { $0.contains("/") }.map { $0.split(whereSeparator: { "-/".contains($0) }) }
        XCTAssertEqual(range?.count, 3, rows(s)[1])
        XCTAssertEqual(range?[1], range?[2], "the last line is reachable: \(rows(s)[1])")
        for _ in 0..<12 { s.handle(.key(.pageUp)) }
        XCTAssertTrue(rows(s).contains { $0.contains("Editing") })
        s.handle(.character("x"))
        XCTAssertFalse(s.state.showHelp)
    }

    /// At 60 columns an action longer than the box's text column wraps onto the next rows instead of being cut:
    /// paging through the help shows every word of every action.
    func testHelpWrapsLongActionsAtTheMinimumWidth() {
        let s = session(keys: [.character("?")])
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-help-60x16")
        var shown: [String] = []
        for _ in 0..<40 {
            shown += rows(s).dropFirst().dropLast().map { row in
                // The box's text column, without its right border.
                String(row.dropFirst(25).prefix(while: { $0 != "│" })).trimmingCharacters(in: .whitespaces)
            }
            s.handle(.key(.pageDown))
        }
        let words = Set(shown.joined(separator: " ").split(separator: " "))
        // Every action, from the key table README shows (`| Where | Keys | Action |`).
        let actions = Keymap.markdownTable.split(separator: "\n").dropFirst(2).map { row in
            row.replacingOccurrences(of: "\\|", with: "\u{0}").split(separator: "|")[2]
                .replacingOccurrences(of: "\u{0}", with: "|").trimmingCharacters(in: .whitespaces)
        }
        let longest = actions.max { $0.count < $1.count }!
        XCTAssertGreaterThan(longest.count, 60 - 2 - 22 - 3, "no action is long enough to need wrapping")
        for action in actions {
            for word in action.split(separator: " ") {
                XCTAssertTrue(words.contains(word), "\"\(word)\" of \"\(action)\" is not shown at 60 columns")
            }
        }
    }

    func testFooterListsEveryKeyGroupAtTheMinimumSize() {
        for view in ["1", "2", "3", "4"] {
            let footer = rows(session(keys: [.character(Character(view))]))[15]
            for group in ["←→", "↑↓", "Tab", "v", "s", "e edit", "? help", "q quit"] {
                XCTAssertTrue(footer.contains(group), "view \(view): \(group) missing from \(footer)")
            }
        }
        let attention = rows(session())[15]
        for group in [" r ", "[ ]", " a ", " x "] { XCTAssertTrue(attention.contains(group), attention) }
        let editing = rows(session("", keys: []))[15]
        XCTAssertTrue(editing.contains("Esc explore · F1 help"), editing)
    }

    func testOverviewScrollsToTheSelectedLayer() {
        let s = session(layers: 12, heads: 12, keys: [.character("4")] + Array(repeating: .key(.down), count: 11))
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-overview-12-layers-60x16")
        XCTAssertTrue(rows(s).contains { $0.hasPrefix("L12") }, rows(s).joined(separator: "\n"))
    }

    func testTokenHeaderNeverRunsHeadNumbersTogether() {
        let s = session(heads: 12, keys: [.character("2")])
        let header = rows(s)[8]
        XCTAssertFalse(header.contains("101112") || header.contains("1011") || header.contains("1112"), header)
        XCTAssertTrue(header.contains("mean"), header)
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-token-12-heads-60x16")
        // Max of heads is honoured (and labelled) in the token view.
        let max = session(heads: 12, keys: [.character("2"), .character("a")])
        XCTAssertTrue(rows(max)[8].contains("max"), rows(max)[8])
        XCTAssertFalse(rows(max)[8].contains("mean"), rows(max)[8])
    }

    func testKeyAxisLabelsNeverCollide() {
        let words = (0..<250).map { _ in "w" }.joined(separator: " ")
        let s = session(words, width: 100, height: 30, keys: Array(repeating: .character("]"), count: 203))
        XCTAssertEqual(s.state.focusKey, 203)
        let axis = rows(s)[8]
        XCTAssertTrue(axis.contains(" 203 "), axis)
        XCTAssertFalse(axis.contains("200203") || axis.contains("203205") || axis.contains("20320"), axis)
    }

    func testNarrowNormsKeepTheFocusedNumbers() {
        let words = (0..<40).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined(separator: " ")
        let s = session(words, width: 80, height: 24, keys: [.character("3")] + Array(repeating: .key(.right), count: 9))
        assertSnapshot(s.fixedFrame().screen, named: "explorer/double-norms-narrow-focused-column")
        let lines = rows(s)
        func last(_ line: String) -> String { String(line.split(separator: " ").last ?? "") }
        XCTAssertEqual(last(lines[8]), "j", lines[8])  // token 10 is the tenth letter
        XCTAssertTrue(lines[9].contains("emb") && Double(last(lines[9])) != nil, lines[9])
    }
}
