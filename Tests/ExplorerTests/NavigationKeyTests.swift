import Explorer
import TerminalUI
import WordPiece
import XCTest

/// Keys that do not apply, hidden special tokens, long inputs: `/`, `:`, pages, ends.
final class NavigationKeyTests: XCTestCase {
    let reducer = ExplorerReducer(tokenizer: TokenizerDouble())
    let model = ModelShape(name: "double", layers: 3, heads: 4, hiddenSize: 8)

    func run(_ events: [InputEvent], from text: String = "the quick brown fox jumps") -> ExplorerState {
        reducer.reduce(reducer.initialState(model: model, text: text, width: 80, height: 24), events)
    }

    /// Each key that belongs to another view changes nothing and says where it works.
    func testKeysOfOtherViewsChangeNothingAndSayWhere() {
        let norms = run([.character("3"), .character("r")])
        XCTAssertFalse(norms.views[AttentionHeatmapView.rollout])
        XCTAssertEqual(norms.statusMessage, "r works only in the Attention (1) view")
        let attention = run([.character("d")])
        XCTAssertEqual(attention.views[TokenBarsView.direction], .given)
        XCTAssertTrue(attention.statusMessage?.contains("Token (2)") ?? false)
        let c = run([.character("c")])
        XCTAssertFalse(c.views[HiddenNormsView.showChange])
        XCTAssertTrue(c.statusMessage?.contains("Norms (3)") ?? false)
        let x = run([.character("3"), .character("x")])
        XCTAssertFalse(x.hideSpecial)
        XCTAssertTrue(x.statusMessage?.contains("Attention (1), Token (2), Overview (4) views") ?? false)
        XCTAssertNil(reducer.reduce(x, .key(.right)).statusMessage, "the next key clears the note")
    }

    func testTabInRolloutLeavesRolloutAndSaysSo() {
        let s = run([.character("r"), .key(.tab)])
        XCTAssertFalse(s.views[AttentionHeatmapView.rollout])
        XCTAssertEqual(s.head, 0)
        XCTAssertEqual(s.statusMessage, "rollout is not defined per head: rollout off, showing head 1")
    }

    func testHiddenSpecialTokensAreSkipped() {
        var s = run([.character("x"), .key(.left), .key(.left)])
        XCTAssertEqual(s.selectedToken, 1, "[CLS] is hidden")
        s = reducer.reduce(s, .key(.end))
        XCTAssertEqual(s.encoding.tokens[s.selectedToken].text, "jumps", "[SEP] is hidden")
        s = reducer.reduce(s, .character("g"))
        XCTAssertEqual(s.selectedToken, 1)
        s = reducer.reduce(s, .character("["))
        XCTAssertEqual(s.focusKey, 1, "the focused key skips [CLS] too")
        s = reducer.reduce(s, .character("x"))
        s = reducer.reduce(s, .key(.home))
        XCTAssertEqual(s.selectedToken, 0, "shown again once x is off")
    }

    func testSearchAndJump() {
        var s = run(typing("/fox") + [.key(.enter)])
        XCTAssertNil(s.prompt)
        XCTAssertEqual(s.encoding.tokens[s.selectedToken].text, "fox")
        s = reducer.reduce(s, typing("/qu") + [.key(.enter)])
        XCTAssertEqual(s.encoding.tokens[s.selectedToken].text, "quick", "wraps around to the first match")
        s = reducer.reduce(s, typing(":5") + [.key(.enter)])
        XCTAssertEqual(s.selectedToken, 5)
        s = reducer.reduce(s, typing(":99") + [.key(.enter)])
        XCTAssertEqual(s.selectedToken, 5)
        XCTAssertEqual(s.statusMessage, ":99: positions are 0...6")
        s = reducer.reduce(s, typing("/zzz") + [.key(.enter)])
        XCTAssertEqual(s.statusMessage, "/zzz: no token contains it")
        s = reducer.reduce(s, typing("/q") + [.key(.escape), .character("q")])
        XCTAssertEqual(s.selectedToken, 5, "Esc cancels the prompt")
        XCTAssertTrue(s.shouldQuit, "and keys act again")
    }

    func testPageKeysMoveByAPage() {
        let words = (0..<100).map { "w\($0 % 10)" }.joined(separator: " ")
        let s = run([.key(.pageDown)], from: words)
        XCTAssertEqual(s.selectedToken, 1 + s.pageSize)
        XCTAssertGreaterThan(s.pageSize, 5)
        XCTAssertEqual(reducer.reduce(s, .key(.pageUp)).selectedToken, 1)
        XCTAssertEqual(reducer.reduce(s, .character("G")).selectedToken, 101)
    }
}
