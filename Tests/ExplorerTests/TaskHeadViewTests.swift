import Encoder
import Explorer
import Foundation
import Heads
import TerminalUI
import TestSupport
import Training
import WordPiece
import XCTest

/// The rows a trained head (`--head`) adds under the token strip, on the bundled model with the heads of
/// `Tests/Fixtures/scripts/make_explorer_heads.sh`: a sentiment probe sweep and an entity tagger.
final class TaskHeadViewTests: XCTestCase {
    static let fingerprint = EncoderFingerprint.of(directory: Fixtures.bundledModel)

    static func head(_ name: String) throws -> TaskHead {
        let (_, model) = try XCTUnwrap(BundledModelTests.loaded, "bundled model not loadable")
        return try TaskHead.load(directory: Fixtures.url("explorer-heads/\(name)"), modelDirectory: Fixtures.bundledModel,
                                 model: model, fingerprint: fingerprint)
    }

    func session(_ text: String, heads: [String], width: Int = 120, height: Int = 40, mode: ColorMode = .palette256,
                 keys: [InputEvent] = []) throws -> ExplorerSession {
        let (tokenizer, model) = try XCTUnwrap(BundledModelTests.loaded, "bundled model not loadable")
        let s = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: mode, text: text, width: width,
                                height: height, taskHeads: try heads.map(Self.head))
        XCTAssertTrue(s.settle())
        for k in keys { s.handle(k) }
        XCTAssertTrue(s.settle())
        return s
    }

    static let review = "A gorgeous, witty, seductive movie."

    func testSentenceHeadShowsTheTrainingPipelinesPredictionAttributionAndSweep() throws {
        let s = try session(Self.review, heads: ["sentiment"], keys: [.key(.right)])
        let head = try Self.head("sentiment")
        XCTAssertNotNil(head.metadata.sweep, "the fixture head comes from a sweep")
        // The same features `train` and `classify --head` compute, through the training module's own path.
        let (tokenizer, model) = try XCTUnwrap(BundledModelTests.loaded)
        let extractor = FeatureExtractor(model: model, tokenizer: tokenizer, pooler: nil, threads: 1)
        let features = try extractor.features(text: Self.review, pair: nil, words: nil, task: .sentence,
                                              layers: [head.metadata.layer], pooling: head.metadata.pooling)
        let probabilities = head.trained.predict(features.vectors[0]).probabilities
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let frame = s.fixedFrame().screen
        let line = frame.text.split(separator: "\n", omittingEmptySubsequences: false)[6]
        XCTAssertTrue(line.hasPrefix("cls \(head.labels[best]) "), String(line))
        XCTAssertTrue(line.contains(String(format: "%.2f", probabilities[best])), String(line))
        XCTAssertTrue(line.contains("probe "), String(line))
        let attribution = try XCTUnwrap(s.state.followUps.attribution)
        let selected = try XCTUnwrap(attribution.drops[s.state.selectedToken])
        let row = frame.text.split(separator: "\n", omittingEmptySubsequences: false)[7]
        XCTAssertTrue(row.hasPrefix("Δp"), String(row))
        XCTAssertTrue(row.hasSuffix(head.labels[best] + ": gorgeous " + (selected < 0 ? "-" : "+") + String(format: "%.3f", abs(selected))), String(row))
        assertSnapshot(frame, named: "explorer/taskhead-sentence-120x40")
    }

    /// Under a head's two rows the background still prepares the body the views draw in: after a new result the
    /// Overview's first frame computes nothing (its thumbnails are sized for that body; at 41 rows the two rows
    /// change the thumbnails' height).
    func testOverviewIsPreparedForTheBodyUnderTheHeadRows() throws {
        let s = try session(Self.review, heads: ["sentiment"], height: 41)
        s.handle([.character("e")] + " Truly.".map { InputEvent.character($0) } + [.key(.escape)])
        XCTAssertTrue(s.settle())
        let before = s.renderer.derivedComputations
        s.handle(.character(Character(String(try XCTUnwrap(ViewRegistry.ids.firstIndex(of: .overview)) + 1))))
        XCTAssertEqual(s.state.view, .overview)
        _ = s.render()
        XCTAssertEqual(s.renderer.derivedComputations, before, "the Overview computed in its frame")
    }

    /// PageUp/PageDown move by the token rows a view has; the head line and the attribution row take two.
    func testPageSizeLeavesOutTheHeadRows() throws {
        let with = try session(Self.review, heads: ["sentiment"]), without = try session(Self.review, heads: [])
        XCTAssertEqual(with.state.pageSize, without.state.pageSize - 2)
    }

    func testSmallTerminalWithoutColour() throws {
        let s = try session(Self.review, heads: ["sentiment"], width: 60, height: 16, mode: .none, keys: [.key(.right)])
        let frame = s.fixedFrame().screen
        XCTAssertTrue(frame.text.contains("probe "), frame.text)
        assertSnapshot(frame, named: "explorer/taskhead-sentence-60x16-nocolor")
    }

    func testTokenHeadLabelsFirstSubwordsOnly() throws {
        let s = try session("Arnold Schwarzenegger filmed The Terminator in Los Angeles.", heads: ["entities", "sentiment"],
                            keys: [.key(.right)])
        let frame = s.fixedFrame().screen
        let prediction = try XCTUnwrap(s.state.result?.heads.trained[0])
        let tokens = try XCTUnwrap(s.state.result?.encoding.tokens)
        XCTAssertEqual(prediction.positions, tokens.indices.filter { !tokens[$0].isSpecial && !tokens[$0].isContinuation })
        XCTAssertTrue(tokens.contains { $0.isContinuation }, "the sentence has a word of several pieces")
        let line = frame.text.split(separator: "\n", omittingEmptySubsequences: false)[6]
        XCTAssertTrue(line.hasPrefix("tag"), String(line))
        XCTAssertTrue(line.contains("1/2 entities"), String(line))
        assertSnapshot(frame, named: "explorer/taskhead-token")
        s.handle(.character("T"))
        XCTAssertTrue(s.settle())
        XCTAssertTrue(s.fixedFrame().screen.text.contains("2/2 sentiment"))
    }

    func testAHeadForAnotherEncoderIsRefusedNamingItsFile() throws {
        let (_, model) = try XCTUnwrap(BundledModelTests.loaded)
        let directory = Fixtures.url("explorer-heads/sentiment")
        XCTAssertThrowsError(try TaskHead.load(directory: directory, modelDirectory: Fixtures.bundledModel, model: model,
                                               fingerprint: EncoderFingerprint(weights: Fixtures.url("no-such-file"), value: "w0123456789abcdef"))) { error in
            XCTAssertTrue("\(error)".hasPrefix(directory.appendingPathComponent("head.json").path + ": trained on encoder"), "\(error)")
        }
    }
}
