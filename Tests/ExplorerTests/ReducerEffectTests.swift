import Explorer
import TerminalUI
import WordPiece
import XCTest

/// The reducer decides on forward passes and returns them as effects; the session only carries them out. Derived
/// matrices are computed once per result and settings.
final class ReducerEffectTests: XCTestCase {
    let reducer = ExplorerReducer(tokenizer: TokenizerDouble())
    let model = ModelShape(name: "double", layers: 3, heads: 4, hiddenSize: 8)

    func testNewTokensAskForAForwardPassAndEmptyOnesCancel() throws {
        let start = reducer.start(model: model, text: "", width: 80, height: 24)
        XCTAssertEqual(start.effects.count, 1, "the empty sentence still has [CLS] [SEP]")
        var update = reducer.update(start.state, typing("the cat"))
        XCTAssertEqual(update.effects, [.forward(update.state.encoding)])
        XCTAssertTrue(update.state.computing)
        // Moving the cursor or changing the view changes no tokens: no effect.
        update = reducer.update(update.state, [.key(.left), .key(.escape), .character("2")])
        XCTAssertEqual(update.effects, [])
        // Back to the tokens the result already shows: cancel what runs.
        var s = update.state
        let output = try EncoderDouble().forward(ids: s.encoding.ids, segments: s.encoding.segments, isCancelled: { false })
        s = reducer.receive(s, ForwardPass(generation: 1, encoding: s.encoding, output: output, milliseconds: 1))
        update = reducer.update(s, [.character("e"), .key(.end), .character("s")])
        XCTAssertEqual(update.effects, [.forward(update.state.encoding)])
        update = reducer.update(update.state, [.key(.backspace)])
        XCTAssertEqual(update.effects, [.cancelForward])
        XCTAssertFalse(update.state.computing)
    }

    func testFramesReuseDerivedMatrices() {
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 3, heads: 4),
                                      colorMode: .palette256, text: "the quick brown fox", width: 100, height: 30)
        XCTAssertTrue(session.settle(timeout: 30))
        for keys in [[], [InputEvent.character("r")], [.character("x")], [.character("2")], [.character("3")], [.character("4")]] {
            session.handle(keys)
            _ = session.render()
            let computed = session.renderer.derivedComputations
            _ = session.render()
            session.handle(.character("l"))  // selection moves: same result and settings
            _ = session.render()
            XCTAssertEqual(session.renderer.derivedComputations, computed, "after \(keys): frames recomputed matrices")
        }
        session.handle(.character("1"))
        _ = session.render()
        let before = session.renderer.derivedComputations
        session.handle(.key(.down))
        _ = session.render()
        XCTAssertGreaterThan(session.renderer.derivedComputations, before, "a new layer is computed")
    }
}
