import Explorer
import Foundation
import TerminalUI
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Norm-based attention (`n`), sentence-pair filters (`p`), the word view (`m`) and the Neuron view, drawn from
/// the in-memory doubles and compared with committed snapshots.
final class AttentionModesViewTests: XCTestCase {
    func session(_ text: String, width: Int = 100, height: Int = 30, mode: ColorMode = .palette256,
                 encoder: EncoderDouble = EncoderDouble(layers: 3, heads: 4), keys: [InputEvent] = []) -> ExplorerSession {
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: encoder, colorMode: mode, text: text,
                                width: width, height: height)
        XCTAssertTrue(s.settle(timeout: 30))
        s.handle(keys)
        return s
    }

    /// `n` in each of the three views: labelled `‖αf(x)‖`, the focused value is the weight times the key's norm.
    func testNormBasedAttentionInAttentionTokenAndOverview() {
        let s = session("the cat sat on the mat", keys: [.key(.right), .character("]"), .character("]")])
        let weight = focusedValue(s.render().screen.text)
        s.handle(.character("n"))
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/modes-attention-norms")
        XCTAssertTrue(frame.screen.text.contains("‖αf(x)‖ ="), frame.screen.text)
        XCTAssertNotEqual(focusedValue(frame.screen.text), weight)
        assertSnapshot(session("the cat sat on the mat", mode: .none, keys: [.character("2"), .key(.tab), .character("n")])
                        .fixedFrame().screen, named: "explorer/modes-token-norms-nocolor")
        let overview = session("the cat sat on the mat", keys: [.character("4"), .key(.tab), .character("n")]).fixedFrame()
        assertSnapshot(overview.screen, named: "explorer/modes-overview-norms")
        XCTAssertTrue(overview.screen.text.contains("L1 H1 1 the → 0 [CLS] ‖αf(x)‖ = "), overview.screen.text)
        // Rollout composes weights only: n is refused there and changes nothing.
        let rollout = session("the cat sat", keys: [.character("r"), .character("n")])
        XCTAssertEqual(rollout.state.statusMessage, "n: rollout composes weights only; r turns rollout off")
        XCTAssertFalse(rollout.render().screen.text.contains("‖αf(x)‖"))
    }

    /// Each pair filter in the heatmap with the A|B boundary; the Token view zeroes keys outside the filter.
    func testPairFiltersDrawTheBoundary() {
        let s = session("the cat sat ||| a dog ran", keys: [.key(.right)])
        for name in ["all", "a-b", "b-a", "a-a", "b-b"] {
            let frame = s.fixedFrame()
            assertSnapshot(frame.screen, named: "explorer/modes-pair-\(name)")
            XCTAssertTrue(frame.screen.text.contains("│ A|B"), frame.screen.text)
            s.handle(.character("p"))
        }
        let tabs = s.render().screen.text.split(separator: "\n")[6]
        XCTAssertTrue(tabs.hasSuffix("L1/3 H mean linear "), "back to all: \(tabs)")
        s.handle([.character("p"), .character("2")])
        assertSnapshot(s.fixedFrame().screen, named: "explorer/modes-token-pair-a-b")
    }

    /// On one sentence `p` says why it does nothing and changes nothing.
    func testPairFilterOnOneSentenceIsRefused() {
        let s = session("the cat sat", keys: [.character("p")])
        XCTAssertEqual(s.state.statusMessage, "p: pair filters need a sentence pair; type `first sentence ||| second sentence`")
        s.handle(.character("p"))
        s.handle(.character("e"))
        s.handle(typing(" ||| a dog"))
        s.handle(.key(.escape))
        XCTAssertTrue(s.settle(timeout: 30))
        XCTAssertFalse(s.render().screen.text.contains("A→B"), "the refused key left no filter behind")
    }

    /// `m` merges `##` pieces: `understanding` (`unde`, `##rstanding` in the double) is one row and column, its
    /// row still sums to 1, and selection moves by words.
    func testWordViewMergesPieces() {
        let s = session("understanding elephants is fun", keys: [.character("m")])
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/modes-attention-words")
        XCTAssertTrue(frame.screen.text.contains("understandi"), frame.screen.text)
        XCTAssertTrue(frame.screen.text.contains("1 understanding → 0 [CLS]"), frame.screen.text)
        XCTAssertFalse(frame.screen.text.split(separator: "\n").dropFirst(7).contains { $0.contains("##") })
        s.handle(.key(.right))
        XCTAssertEqual(s.state.selectedToken, 3, "from `unde` (1) past `##rstanding` to `elep` (3)")
        s.handle(.character("2"))
        assertSnapshot(s.fixedFrame().screen, named: "explorer/modes-token-words")
        s.handle(.character("4"))
        XCTAssertTrue(s.render().screen.text.contains("words"))
        // Rollout merges words too (its rows are attention distributions as well).
        s.handle([.character("1"), .character("r")])
        let rollout = s.render().screen.text
        XCTAssertTrue(rollout.contains("rollout L1–L1, mean of heads · words"), rollout)
        XCTAssertTrue(rollout.contains("elephants"), rollout)
    }

    /// The Neuron view: query, key and product rows, the focused dimension's exact values and the sum.
    func testNeuronView() {
        let s = session("the cat sat", encoder: EncoderDouble(layers: 3, heads: 4, hiddenSize: 32),
                        keys: [.character("7")])
        XCTAssertTrue(s.render().screen.text.contains("Tab picks a head"), s.render().screen.text)
        s.handle([.key(.tab), .key(.down), .character("]"), .character("."), .character(".")])
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/modes-neuron")
        let text = frame.screen.text
        XCTAssertTrue(text.contains("dim 2: q = "), text)
        XCTAssertTrue(text.contains("L2 H1 · 1 the → 1 the · q·k = "), text)
        assertSnapshot(session("the cat sat", mode: .none, encoder: EncoderDouble(layers: 3, heads: 4, hiddenSize: 32),
                               keys: [.character("7"), .key(.tab)]).fixedFrame().screen, named: "explorer/modes-neuron-nocolor")
    }

    /// `w` writes what is shown: norms, words and the pair filter reach the SVG's title.
    func testExportWritesTheModesShown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("modes-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let s = session("understanding cats ||| a dog", keys: [])
        s.exportDirectory = directory
        s.handle([.key(.tab), .character("n"), .character("m"), .character("p"), .character("w")])
        let file = directory.appendingPathComponent("understanding-cats-a-dog_attention_L1_H1_normed.svg")
        XCTAssertEqual(s.state.statusMessage, "wrote \(file.path)")
        let svg = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(svg.contains("head 1 · linear · norm-based ‖αf(x)‖ · words · A→B"), String(svg.prefix(800)))
        XCTAssertTrue(try XCTUnwrap(XMLParser(contentsOf: file)).parse())
    }

    /// The derived work of every view's first frame is done with the encoder result in the background: once the
    /// session has settled, drawing each view computes nothing more (with the modes on, too).
    func testFirstFramesAfterTheResultComputeNothing() {
        for keys in [[InputEvent](), [.character("n"), .character("m"), .character("p")]] {
            let s = session("understanding cats ||| a dog", keys: keys)
            // A new result arrives with the modes on.
            s.handle([.character("e")] + typing(" sat") + [.key(.escape)])
            XCTAssertTrue(s.settle(timeout: 30))
            XCTAssertEqual(s.state.input.text, "understanding cats ||| a dog sat")
            let before = s.renderer.derivedComputations
            XCTAssertGreaterThan(before, 0, "the background prepared the views")
            for i in ViewRegistry.ids.indices {
                s.handle(.character(Character(String(i + 1))))
                _ = s.render()
                XCTAssertEqual(s.renderer.derivedComputations, before, "view \(ViewRegistry.ids[i]) computed in its frame")
            }
            s.handle(.character("1"))
            XCTAssertEqual(s.render().screen.text.contains("words A→B"), !keys.isEmpty)
        }
    }

    private func focusedValue(_ text: String) -> String {
        let line = text.split(separator: "\n").first { $0.contains("(query row → key column)") } ?? ""
        return String(line.split(separator: "=").last?.split(separator: " ").first ?? "")
    }
}
