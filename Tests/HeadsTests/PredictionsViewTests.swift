import Encoder
import Explorer
import Foundation
import TerminalUI
import TestSupport
import WordPiece
import XCTest

/// The Predictions view and the head row under the token strip, drawn from real tiny checkpoints with heads
/// (and the bundled model, which has none), compared with committed snapshots.
final class PredictionsViewTests: XCTestCase {
    func session(_ directory: URL, _ text: String, keys: [InputEvent] = [], width: Int = 100, height: Int = 24,
                 mode: ColorMode = .palette256) throws -> ExplorerSession {
        let tokenizer = try BertTokenizer.load(directory: directory)
        let model = try BertModel.load(directory: directory)
        let heads = try ExplorerHeads.load(directory: directory, model: model, tokenizer: tokenizer)
        let s = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: mode, text: text, width: width,
                                height: height, heads: heads)
        XCTAssertTrue(s.settle(timeout: 60))
        for key in keys { s.handle(key) }
        XCTAssertTrue(s.settle(timeout: 60))
        return s
    }

    func model(_ name: String) -> URL { Fixtures.url("heads/models/\(name)") }

    func screen(_ s: ExplorerSession) -> Screen {
        _ = s.render()
        var state = s.state
        state.result?.milliseconds = 18
        return s.renderer.render(state).screen
    }

    func testMaskedLMPredictionsAtEveryLayerAndTopWordUnderTheMask() throws {
        let right = [InputEvent](repeating: .key(.right), count: 5)
        let s = try session(model("bert-mlm-f32"), "the cat sat on the [MASK] .", keys: [.key(.escape), .character("5")] + right)
        XCTAssertEqual(s.state.selectedToken, 6)
        let text = screen(s).text
        // The last layer's top word under the [MASK] is what transformers predicts there.
        let reference = try XCTUnwrap(HeadReference.load().models["bert-mlm-f32"]?.cases[0].mlm)
        let vocabulary = try String(contentsOf: model("bert-mlm-f32").appendingPathComponent("vocab.txt"), encoding: .utf8)
            .split(separator: "\n")
        for layer in 0...2 {
            let want = try XCTUnwrap(reference.first { $0.layer == layer && $0.position == 6 })
            XCTAssertTrue(text.contains(String(vocabulary[want.ids[0]])), "layer \(layer): \(text)")
        }
        assertSnapshot(screen(s), named: "heads/predictions-mlm")
        s.handle(.key(.down))
        XCTAssertTrue(screen(s).text.contains("▶L2"))
    }

    /// The heads run in the background, never while drawing: the masks' words with the pass, the selected token's
    /// layers only while the Predictions view shows, once per selection; elsewhere moving costs nothing.
    func testHeadsRunInTheBackgroundAndPerSelectionOnlyInPredictions() throws {
        let s = try session(model("bert-mlm-f32"), "the [MASK] sat on the [MASK] .", keys: [.key(.escape)])
        XCTAssertEqual(s.state.result?.heads.readout?.masks.map(\.position), [2, 6], "the masks' words come with the pass")
        _ = s.render()
        let drawn = s.renderer.derivedComputations
        s.handle(.key(.right))
        XCTAssertNil(s.state.followUps.selectionRequest, "no per-selection work outside Predictions")
        s.handle(.character("5"))
        XCTAssertEqual(s.state.followUps.selectionRequest?.token, s.state.selectedToken)
        XCTAssertNil(s.state.followUps.selection)
        XCTAssertTrue(s.render().screen.text.contains("computing the masked-LM head"))
        XCTAssertTrue(s.settle(timeout: 60))
        let layers = try XCTUnwrap(s.state.followUps.selection)
        XCTAssertEqual(layers.map(\.layer), Array(0...2))
        XCTAssertEqual(Set(layers.map(\.position)), [s.state.selectedToken])
        _ = s.render()
        _ = s.render()
        XCTAssertEqual(s.renderer.derivedComputations, drawn, "drawing computes no head")
        s.handle(.key(.right))
        XCTAssertEqual(s.state.followUps.selectionRequest?.token, s.state.selectedToken)
        XCTAssertNil(s.state.followUps.selection, "the old selection's layers are not shown for the new one")
    }

    func testSequenceLabelsUnderTheStripUpdateAsYouType() throws {
        let s = try session(model("bert-seq-f32"), "where is the cat ?", mode: .none)
        assertSnapshot(screen(s), named: "heads/strip-sequence-nocolor")
        let before = screen(s).text.split(separator: "\n")[6]
        XCTAssertTrue(before.hasPrefix("cls neutral"), String(before))
        s.handle(.character("e"))
        s.handle(.character("!"))
        XCTAssertTrue(s.settle(timeout: 60))
        let after = screen(s).text.split(separator: "\n")[6]
        XCTAssertNotEqual(before, after)
        s.handle(.key(.escape))
        s.handle(.character("5"))
        assertSnapshot(screen(s), named: "heads/predictions-sequence-nocolor")
    }

    func testTokenLabelsAndReplacedProbabilitiesSitUnderTheirTokens() throws {
        assertSnapshot(screen(try session(model("bert-tok-f32"), "hello world , it is where")), named: "heads/strip-token")
        let electra = try session(model("electra-discriminator-f32"), "the cat sat on the mat", keys: [.key(.escape), .character("5")])
        assertSnapshot(screen(electra), named: "heads/predictions-replaced")
    }

    func testAModelWithoutHeadsSaysWhichModelsHaveOne() throws {
        let s = try session(Fixtures.url("encoder/models/tiny-base"), "the cat", keys: [.key(.escape), .character("5")], mode: .none)
        let text = screen(s).text
        XCTAssertTrue(text.contains("no masked-LM, classifier or discriminator head (BertModel)"), text)
        XCTAssertTrue(text.contains("--model bert-base-uncased"), text)
        XCTAssertFalse(text.contains("mlm "), text)
        assertSnapshot(screen(s), named: "heads/predictions-none-nocolor")
    }
}
