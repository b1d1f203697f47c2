import WordPiece
import Foundation
import Explorer
import TerminalUI
import XCTest

final class ReducerTests: XCTestCase {
    let reducer = ExplorerReducer(tokenizer: TokenizerDouble())
    let model = ModelShape(name: "double", layers: 3, heads: 4, hiddenSize: 8)

    func run(_ events: [InputEvent], from text: String = "") -> ExplorerState {
        var state = reducer.initialState(model: model, text: text, width: 80, height: 24)
        for e in events { state = reducer.reduce(state, e) }
        return state
    }

    func testTypingTokenizesOnEveryKey() {
        var state = reducer.initialState(model: model, text: "", width: 80, height: 24)
        XCTAssertEqual(state.mode, .editing)
        XCTAssertEqual(state.encoding.tokens.map(\.text), ["[CLS]", "[SEP]"])
        for e in typing("the cat") { state = reducer.reduce(state, e) }
        XCTAssertEqual(state.encoding.tokens.map(\.text), ["[CLS]", "the", "cat", "[SEP]"])
        XCTAssertEqual(state.selectedToken, 2, "selection follows the cursor")
        state = reducer.reduce(state, .key(.home))
        XCTAssertEqual(state.selectedToken, 1)
    }

    func testEditingKeys() {
        var events = typing("the big cat")
        events += [.control("w"), .key(.left), .key(.left), .key(.backspace), .key(.delete)]
        events += typing("XY")
        events += [.key(.end), .character("!")]
        let s = run(events)
        XCTAssertEqual(s.input.text, "the bXY !")
        let cleared = run([.key(.left), .control("u")], from: "abc def")
        XCTAssertEqual(cleared.input.text, "abc def", "initial text starts in explore mode; left moves the token")
        let cleared2 = run([.character("e"), .key(.left), .control("u")], from: "abc def")
        XCTAssertEqual(cleared2.input.text, "f")
        XCTAssertEqual(cleared2.input.cursor, 0)
    }

    /// Ctrl-Z in edit mode undoes edits (and re-tokenizes); in explore mode it leaves the sentence alone.
    func testControlZUndoesEditsWhileEditing() {
        let edited = run(typing("the cat") + [.control("w")] + typing("dog"))
        XCTAssertEqual(edited.input.text, "the dog")
        let undone = run(typing("the cat") + [.control("w")] + typing("dog") + Array(repeating: .control("z"), count: 4))
        XCTAssertEqual(undone.input.text, "the cat")
        XCTAssertEqual(undone.encoding.tokens.map(\.text), ["[CLS]", "the", "cat", "[SEP]"])
        XCTAssertEqual(undone.mode, .editing)
        let exploring = run([.control("z")], from: "a cat")
        XCTAssertEqual(exploring.mode, .exploring)
        XCTAssertEqual(exploring.input.text, "a cat")
    }

    /// Alt combinations edit and never quit or leave editing; `?` is text while editing and F1 opens help.
    func testAltKeysEditAndNeverQuit() {
        let s = run(typing("the big cat") + [.key(.alt("q")), .key(.alt("b")), .key(.altBackspace), .key(.alt("x")),
                                              .character("?"), .key(.controlLeft), .key(.alt("d"))])
        XCTAssertFalse(s.shouldQuit)
        XCTAssertEqual(s.mode, .editing)
        XCTAssertEqual(s.input.text, " ?cat", "Alt-b, Alt-Backspace took \"big \", Ctrl-Left went home, Alt-d took \"the\"")
        XCTAssertTrue(reducer.reduce(s, .key(.f1)).showHelp)
    }

    func testPasteArrivesAsCharacters() {
        let s = run(typing("Hello, wonderful world"))
        XCTAssertEqual(s.encoding.tokens.map(\.text), ["[CLS]", "hello", ",", "wond", "##erful", "world", "[SEP]"])
    }

    func testPairEntryGivesSegments() {
        let s = run(typing("a cat ||| a dog"))
        XCTAssertEqual(s.encoding.tokens.map(\.text), ["[CLS]", "a", "cat", "[SEP]", "a", "dog", "[SEP]"])
        XCTAssertEqual(s.encoding.segments, [0, 0, 0, 0, 1, 1, 1])
        XCTAssertEqual(s.selectedToken, 5)
    }

    func testModesAndQuit() {
        var s = run(typing("q") + [.key(.enter)])
        XCTAssertEqual(s.input.text, "q")
        XCTAssertFalse(s.shouldQuit, "q types while editing")
        XCTAssertEqual(s.mode, .exploring)
        s = reducer.reduce(s, .character("i"))
        XCTAssertEqual(s.mode, .editing)
        s = reducer.reduce(s, .key(.escape))
        XCTAssertEqual(s.mode, .exploring)
        s = reducer.reduce(s, .character("e"))
        XCTAssertEqual(s.mode, .editing)
        XCTAssertTrue(reducer.reduce(s, .control("c")).shouldQuit)
        s = reducer.reduce(s, .key(.enter))
        XCTAssertTrue(reducer.reduce(s, .character("q")).shouldQuit)
    }

    func testLayerStepsStayInBounds() {
        let s = run([.key(.up), .key(.up)], from: "the cat")
        XCTAssertEqual(s.layer, 0)
        let t = run(Array(repeating: .key(.down), count: 10), from: "the cat")
        XCTAssertEqual(t.layer, 2)
        XCTAssertEqual(run([.key(.down), .key(.up)], from: "x").layer, 0)
    }

    func testHeadsCycleThroughAllHeadsPosition() {
        var s = run([], from: "the cat")
        XCTAssertNil(s.head)
        var seen: [Int?] = []
        for _ in 0..<5 { s = reducer.reduce(s, .key(.tab)); seen.append(s.head) }
        XCTAssertEqual(seen, [0, 1, 2, 3, nil])
        s = reducer.reduce(s, .key(.backTab))
        XCTAssertEqual(s.head, 3)
        // `a` combines all heads: with one head selected it changes nothing and says why.
        s = reducer.reduce(s, .character("a"))
        XCTAssertEqual(s.aggregation, .mean)
        XCTAssertEqual(s.statusMessage, "a: mean/max combines all heads; head 4 is selected (Tab to \"all heads\")")
        s = reducer.reduce(reducer.reduce(s, .key(.tab)), .character("a"))
        XCTAssertNil(s.statusMessage)
        XCTAssertEqual(s.aggregation, .max)
    }

    func testTokenSelectionBounds() {
        var s = run([.key(.left), .key(.left), .key(.left)], from: "the cat")
        XCTAssertEqual(s.selectedToken, 0)
        s = run(Array(repeating: .key(.right), count: 9), from: "the cat")
        XCTAssertEqual(s.selectedToken, 3)
        s = reducer.reduce(s, .key(.home))
        XCTAssertEqual(s.selectedToken, 0)
        s = reducer.reduce(s, .key(.end))
        XCTAssertEqual(s.selectedToken, 3)
        s = run([.character("]"), .character("]"), .character("["), .key(.pageDown)], from: "the cat")
        XCTAssertEqual(s.focusKey, 1)
        XCTAssertEqual(s.selectedToken, 3, "PageDown moves the selection a page (here: to the end)")
    }

    func testViewsScalesAndToggles() {
        var s = run([], from: "x")
        var views: [ViewID] = []
        for _ in ViewRegistry.ids { s = reducer.reduce(s, .character("v")); views.append(s.view) }
        XCTAssertEqual(Array(views.prefix(3)), [.token, .norms, .overview])
        XCTAssertEqual(views, Array(ViewRegistry.ids.dropFirst()) + [ViewRegistry.ids[0]], "v follows the registry")
        XCTAssertEqual(reducer.reduce(s, .character("V")).view, ViewRegistry.ids.last)
        XCTAssertEqual(reducer.reduce(s, .character("3")).view, .norms)
        s = reducer.reduce(s, .character("s"))
        XCTAssertEqual(s.scale, .log)
        s = reducer.reduce(s, .character("x"))
        XCTAssertTrue(s.hideSpecial)
        XCTAssertTrue(reducer.reduce(s, .character("r")).views[AttentionHeatmapView.rollout])
        s = reducer.reduce(s, .character("2"))
        XCTAssertEqual(reducer.reduce(s, .character("d")).views[TokenBarsView.direction], .received)
        s = reducer.reduce(s, .character("3"))
        XCTAssertTrue(reducer.reduce(s, .character("c")).views[HiddenNormsView.showChange])
    }

    func testHelpOverlayTakesTheNextKey() {
        var s = run([.character("?")], from: "x")
        XCTAssertTrue(s.showHelp)
        s = reducer.reduce(s, .character("q"))
        XCTAssertFalse(s.showHelp)
        XCTAssertFalse(s.shouldQuit)
    }

    func testResize() {
        let s = run([.resize(width: 120, height: 40)], from: "x")
        XCTAssertEqual(s.width, 120)
        XCTAssertEqual(s.height, 40)
    }

    func testClicksUseTheLastFrame() {
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .palette256,
                                      text: "the cat sat", width: 80, height: 24)
        session.settle()
        var frame = session.render()
        // Token strip: click the token "sat".
        let satX = (0..<80).first { frame.screen[$0, 2].glyph == "s" && frame.screen[$0 + 1, 2].glyph == "a" }!
        session.handle(.click(x: satX, y: 2))
        XCTAssertEqual(session.state.selectedToken, 3)
        // Heatmap: some cell.
        frame = session.render()
        let row = frame.hitRegions.regions.first { if case .cell(1, 0) = $0.target { return $0.cellWidth > 0 } else { return false } }!
        XCTAssertEqual(frame.hitRegions.target(x: row.x + 2 * row.cellWidth, y: row.y), .cell(query: 1, key: 2))
        session.handle(.click(x: row.x + 2 * row.cellWidth + row.cellWidth - 1, y: row.y))
        XCTAssertEqual(session.state.selectedToken, 1)
        XCTAssertEqual(session.state.focusKey, 2)
        // Tabs, then an overview thumbnail: once selects, twice opens.
        let tab = frame.hitRegions.regions.first { $0.target == .view(.overview) }!
        session.handle(.click(x: tab.x, y: tab.y))
        XCTAssertEqual(session.state.view, .overview)
        frame = session.render()
        let thumb = frame.hitRegions.regions.first { $0.target == .thumbnail(layer: 2, head: 1) }!
        session.handle(.click(x: thumb.x, y: thumb.y))
        XCTAssertEqual(session.state.layer, 2)
        XCTAssertEqual(session.state.head, 1)
        XCTAssertEqual(session.state.view, .overview)
        session.handle(.click(x: thumb.x, y: thumb.y))
        XCTAssertEqual(session.state.view, .attention)
        // The input line: editing with the cursor where clicked.
        session.handle(.click(x: 4, y: 1))
        XCTAssertEqual(session.state.mode, .editing)
        XCTAssertEqual(session.state.input.cursor, 2)
    }

    func testPasteIsTextInEveryMode() {
        var s = run([], from: "the cat")
        XCTAssertEqual(s.mode, .exploring)
        s = reducer.paste(s, "\nquietly\r\non\tit\u{3}").state
        XCTAssertFalse(s.shouldQuit)
        XCTAssertEqual(s.mode, .editing)
        XCTAssertEqual(s.input.text, "the cat quietly on it")
        XCTAssertEqual(s.encoding.tokens.map(\.text), ["[CLS]", "the", "cat", "quie", "##tly", "on", "it", "[SEP]"])
    }

    func testABatchEndsWhereOneKeyAtATimeEnds() {
        let events: [InputEvent] = typing("the big cat") + [.control("w"), .key(.left), .key(.backspace)] + typing("XY")
            + [.key(.enter), .key(.right), .character("e"), .key(.end)] + typing(" sat ||| ok") + [.key(.escape), .character("]")]
        let one = run(events)
        let batch = reducer.reduce(reducer.initialState(model: model, text: "", width: 80, height: 24), events)
        XCTAssertEqual(batch.input, one.input)
        XCTAssertEqual(batch.encoding.ids, one.encoding.ids)
        XCTAssertEqual(batch.mode, one.mode)
        XCTAssertEqual(batch.selectedToken, one.selectedToken)
        XCTAssertEqual(batch.focusKey, one.focusKey)
    }
}

/// A pasted or queued run of keys is tokenized once, not once per key (which made a 10 KB paste take seconds).
final class BatchTokenizingTests: XCTestCase {
    final class Counting: SentenceTokenizing, @unchecked Sendable {
        let lock = NSLock()
        var calls = 0
        func encode(_ text: String, pair: String?) -> Encoding {
            lock.withLock { calls += 1 }
            return TokenizerDouble().encode(text, pair: pair)
        }
    }

    func testABatchOfKeysAndAPasteTokenizeOnce() {
        let tokenizer = Counting()
        let session = ExplorerSession(tokenizer: tokenizer, encoder: EncoderDouble(), colorMode: .none)
        let start = tokenizer.calls
        session.handle(typing(String(repeating: "the cat ", count: 500)))
        XCTAssertEqual(tokenizer.calls - start, 1)
        session.paste(String(repeating: "sat on\nthe mat ", count: 500))
        XCTAssertEqual(tokenizer.calls - start, 2)
        XCTAssertEqual(session.state.input.characters.count, 8 * 500 + 15 * 500)
    }
}
