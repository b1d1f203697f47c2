import Explorer
import TerminalUI
import TestSupport
import XCTest

/// The input line as the terminal shows it: grapheme clusters typed one scalar at a time (as keys arrive),
/// the cursor moving by grapheme, the selection underline on exactly the token's characters, and a long line
/// scrolled to the selection or the cursor with `‹ ›` markers.
final class InputLineRenderingTests: XCTestCase {
    /// Events for `text` one Unicode scalar at a time, as a terminal delivers them.
    func scalars(_ text: String) -> [InputEvent] { text.unicodeScalars.map { .character(Character($0)) } }

    func session(_ keys: [InputEvent], width: Int = 60, height: Int = 16) -> ExplorerSession {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .palette256,
                                text: "", width: width, height: height)
        s.handle(keys)
        XCTAssertTrue(s.settle(timeout: 30))
        return s
    }

    func testScalarsTypedOneByOneJoinIntoGraphemes() {
        var line = InputLine()
        for c in scalars("Cre\u{300}me 🇫🇷 👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}") { if case .character(let ch) = c { line.insert(ch) } }
        XCTAssertEqual(line.characters.count, 11)
        XCTAssertEqual(line.characters[2], "e\u{300}")
        XCTAssertEqual(line.characters[6], "🇫🇷")
        XCTAssertEqual(line.characters[8], "👨\u{200D}👩\u{200D}👧")
        XCTAssertEqual(line.characters[10], "❤\u{FE0F}")
        XCTAssertEqual(line.cursor, 11)
        line.moveLeft(); line.moveLeft()
        line.backspace()  // the family is one character
        XCTAssertEqual(line.text, "Cre\u{300}me 🇫🇷  ❤\u{FE0F}")
    }

    /// Each case typed scalar by scalar, then the token holding it selected: one snapshot per case.
    func testGraphemeClustersRenderAndUnderlineExactly() {
        let cases: [(name: String, text: String)] = [
            ("combining", "Cre\u{300}me"), ("variation", "❤\u{FE0F}"),
            ("zwj", "👨\u{200D}👩\u{200D}👧"), ("flag", "🇫🇷"),
        ]
        for (name, text) in cases {
            let s = session(scalars("a \(text) b") + [.key(.escape), .key(.left)])
            let frame = s.fixedFrame()
            assertSnapshot(frame.screen, named: "explorer/double-grapheme-\(name)")
            // Underlined cells are exactly the selected token's characters.
            let token = s.state.encoding.tokens[s.state.selectedToken]
            let underlined = (0..<frame.screen.width).filter { frame.screen[$0, 1].style.contains(.underline) }
                .map { frame.screen[$0, 1].glyph }.joined()
            let scalarsOfToken = String(String.UnicodeScalarView(Array("a \(text) b".unicodeScalars)[token.start!..<token.end!]))
            XCTAssertEqual(underlined, scalarsOfToken, name)
        }
    }

    func testALongLineFollowsTheSelectionWithMarkers() {
        let words = (0..<60).map { "w\($0)" }.joined(separator: " ")
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .none,
                                text: words, width: 60, height: 16)
        XCTAssertTrue(s.settle(timeout: 30))
        func line() -> String { String(s.render().screen.text.split(separator: "\n")[1]) }
        XCTAssertTrue(line().hasPrefix("› w0 w1 "), line())          // token 1 selected: the start shows
        XCTAssertTrue(line().hasSuffix("›"), line())
        s.handle(Array(repeating: .key(.right), count: 30))              // token 31 is "w30"
        XCTAssertTrue(line().hasPrefix("› ‹"), line())
        XCTAssertTrue(line().contains(" w30 "), line())
        XCTAssertTrue(line().hasSuffix("›"), line())
        s.handle([.character("e"), .key(.end)])                          // editing at the end: the end shows
        XCTAssertTrue(line().hasPrefix("✎ ‹"), line())
        XCTAssertTrue(line().contains("w59"), line())
        s.handle(.key(.home))
        XCTAssertTrue(line().hasPrefix("✎ w0 w1"), line())
    }
}
